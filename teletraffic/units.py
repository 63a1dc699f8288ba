"""Units of the scenario file and the command line, parsed in one place.

* durations: ``"90s"``, ``"3m"``, ``"1.5h"``, ``"2d"``, ``"250ms"`` or a bare number of
  **seconds** (``180``). Every duration inside teletraffic is a float in seconds.
* shares: ``"2%"`` or a fraction ``0.02``. Inside teletraffic a share is a float in
  [0, 1].
* times of day: ``"09:00"`` or ``"17:30"``; inside, seconds after midnight.
* answer targets: ``"80%/20s"`` (80 % of callers answered within 20 seconds).

Each parser raises :class:`ValueError` with a message that names the bad text; the
scenario loader turns it into a :class:`~teletraffic.errors.ScenarioError` with the
field and file line.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "format_duration",
    "parse_answer_target",
    "parse_duration",
    "parse_share",
    "parse_time_of_day",
]

_DURATION_UNITS = {
    "ms": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "m": 60.0,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "d": 86400.0,
}
_DURATION_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)\s*$")
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def _finite(value: float, text: object) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def parse_duration(value: object) -> float:
    """Return *value* as seconds: ``"3m"`` -> 180.0, ``90`` -> 90.0.

    Raises :class:`ValueError` for negative, non-finite or unreadable values.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration; write e.g. 90s, 3m or 1.5h")
    if isinstance(value, int | float):
        seconds = _finite(float(value), value)
    elif isinstance(value, str):
        match = _DURATION_RE.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a duration; write e.g. 90s, 3m or 1.5h")
        number, unit = match.groups()
        unit = unit.lower() or "s"
        if unit not in _DURATION_UNITS:
            raise ValueError(
                f"{value!r} has an unknown unit {unit!r}; use ms, s, m, h or d"
            )
        seconds = _finite(float(number) * _DURATION_UNITS[unit], value)
    else:
        raise ValueError(f"{value!r} is not a duration; write e.g. 90s, 3m or 1.5h")
    if seconds < 0:
        raise ValueError(f"{value!r} is negative; a duration must be >= 0")
    return seconds


def format_duration(seconds: float) -> str:
    """Short human form of a duration in seconds: ``185.0`` -> ``"3m 5s"``."""
    if not math.isfinite(seconds):
        return "inf"
    if seconds < 60:
        return f"{seconds:.3g}s" if seconds < 10 else f"{seconds:.0f}s"
    if seconds < 3600:
        m, s = divmod(round(seconds), 60)
        return f"{m}m {s}s" if s else f"{m}m"
    h, rest = divmod(round(seconds), 3600)
    m = rest // 60
    return f"{h}h {m}m" if m else f"{h}h"


def parse_share(value: object) -> float:
    """Return *value* as a fraction in [0, 1]: ``"2%"`` -> 0.02, ``0.02`` -> 0.02."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a share; write e.g. 2% or 0.02")
    if isinstance(value, int | float):
        share = _finite(float(value), value)
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            share = float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a share; write e.g. 2% or 0.02") from None
        share = _finite(share, value)
    else:
        raise ValueError(f"{value!r} is not a share; write e.g. 2% or 0.02")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"{text} is outside 0..100%; a share must be between 0 and 1")
    return share


def parse_time_of_day(value: object) -> float:
    """Return a time of day as seconds after midnight: ``"09:30"`` -> 34200.0.

    ``"24:00"`` is allowed as the end of a day. A bare number is taken as hours.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time of day; write e.g. 09:00")
    if isinstance(value, int | float):
        hours = float(value)
        if not 0 <= hours <= 24:
            raise ValueError(f"{value!r} is not a time of day between 0 and 24 hours")
        return hours * 3600.0
    if isinstance(value, str):
        match = _TIME_RE.match(value)
        if match:
            h, m, s = int(match[1]), int(match[2]), int(match[3] or 0)
            if m < 60 and s < 60 and (h < 24 or (h == 24 and m == 0 and s == 0)):
                return h * 3600.0 + m * 60.0 + s
    raise ValueError(f"{value!r} is not a time of day; write e.g. 09:00 or 17:30")


def parse_answer_target(value: str) -> tuple[float, float]:
    """Return ``(share, seconds)`` from ``"80%/20s"``: 80 % answered within 20 s."""
    if not isinstance(value, str) or "/" not in value:
        raise ValueError(f"{value!r} is not an answer target; write e.g. 80%/20s")
    share_text, time_text = value.split("/", 1)
    return parse_share(share_text), parse_duration(time_text)
