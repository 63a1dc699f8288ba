"""Units of the scenario file and the command line, parsed in one place.

* durations: ``"90s"``, ``"3m"``, ``"1.5h"``, ``"2d"``, ``"250ms"``, compound
  ``"1h 30m"`` / ``"2m30s"``, or a bare number of **seconds** (``180``). Every duration
  inside teletraffic is a float in seconds.
* shares: ``"2%"`` or a fraction ``0.02``. Inside teletraffic a share is a float in
  [0, 1].
* times of day: ``"09:00"``, ``"17:30"`` or ``"17:30:15"`` (``"24:00"`` ends a day), or a
  bare number of hours (``9.5`` is 09:30); inside, seconds after midnight.
* answer targets: ``"80%/20s"`` (80 % of callers answered within 20 seconds).

:func:`format_duration` writes a duration back in these words; it is
:func:`teletraffic.text.duration`, where every formatting for people lives.

Each parser raises :class:`ValueError` (and nothing else) with a message that names
the bad text; the scenario loader turns it into a
:class:`~teletraffic.errors.ScenarioError` with the field and file line.
"""

from __future__ import annotations

import math
import re

from teletraffic.text import duration as format_duration

__all__ = [
    "DURATION_PATTERN",
    "SHARE_PATTERN",
    "TIME_OF_DAY_PATTERN",
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
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": 60.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
}
_NUMBER = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_DURATION_PART = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Z]*)\s*")
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
_DURATION_HINT = "write e.g. 90s, 3m, 1.5h or 1h 30m"


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_UNIT_RE = "(?:" + "|".join(_any_case(u) for u in sorted(_DURATION_UNITS, key=len, reverse=True))
_UNIT_RE += ")"
_PLAIN_NUMBER = r"\+?" + _NUMBER

# Regular expressions (ECMA 262 as well as Python) of the text forms each parser reads,
# for the JSON Schema of scenario files. They describe the form; a range (a share over
# 100%, a duration longer than ten years) is the parser's to refuse.
DURATION_PATTERN = rf"^\s*(?:\+\s*)?(?:(?:{_NUMBER})\s*{_UNIT_RE}\s*)+$|^\s*(?:\+\s*)?{_NUMBER}\s*$"
"""Text :func:`parse_duration` reads: ``"90s"``, ``"1h 30m"``, ``"2m30s"``, ``"180"``."""
SHARE_PATTERN = rf"^\s*{_PLAIN_NUMBER}\s*%?\s*$"
"""Text :func:`parse_share` reads: ``"2%"``, ``"0.02"``."""
TIME_OF_DAY_PATTERN = (
    r"^\s*(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?\s*$|^\s*24:00(?::00)?\s*$"
)
"""Text :func:`parse_time_of_day` reads: ``"09:00"``, ``"17:30:15"``, ``"24:00"``."""


def _short(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to *limit* characters so a message stays one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_float(value: int | float) -> float:
    """*value* as a finite float; ``ValueError`` for NaN, infinities and huge integers."""
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{_short(value)} is too large") from None
    if not math.isfinite(number):
        raise ValueError(f"{_short(value)} is not a finite number")
    return number


def parse_duration(value: object) -> float:
    """Return *value* as seconds: ``"3m"`` -> 180.0, ``"1h 30m"`` -> 5400.0, ``90`` -> 90.0.

    Raises :class:`ValueError` for negative, non-finite or unreadable values.

    Examples
    --------
    >>> parse_duration("3m"), parse_duration("1h 30m"), parse_duration("3 minutes")
    (180.0, 5400.0, 180.0)
    >>> parse_duration(90), parse_duration("250ms")
    (90.0, 0.25)
    >>> parse_duration("2 weeks")
    Traceback (most recent call last):
    ...
    ValueError: '2 weeks' has an unknown unit 'weeks'; use ms, s, m, h or d
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{_short(value)} is not a duration; {_DURATION_HINT}")
    if isinstance(value, str):
        text = value.strip()
        sign = -1.0 if text.startswith("-") else 1.0
        body = text[1:] if text[:1] in "+-" else text
        seconds, pos, parts = 0.0, 0, 0
        while pos < len(body):
            match = _DURATION_PART.match(body, pos)
            if not match:
                raise ValueError(f"{_short(value)} is not a duration; {_DURATION_HINT}")
            number, unit = match.groups()
            pos, parts = match.end(), parts + 1
            if not unit and (parts > 1 or pos < len(body)):
                raise ValueError(f"{_short(value)} is not a duration; {_DURATION_HINT}")
            factor = _DURATION_UNITS.get(unit.lower() or "s")
            if factor is None:
                raise ValueError(
                    f"{_short(value)} has an unknown unit {_short(unit)}; use ms, s, m, h or d"
                )
            seconds += float(number) * factor
        if parts == 0:
            raise ValueError(f"{_short(value)} is not a duration; {_DURATION_HINT}")
        if not math.isfinite(seconds):
            raise ValueError(f"{_short(value)} is not a finite duration")
        seconds = seconds * sign if seconds else 0.0
    else:
        seconds = _as_float(value)
    if seconds < 0:
        raise ValueError(f"{_short(value)} is negative; a duration must be >= 0")
    return seconds


def parse_share(value: object) -> float:
    """Return *value* as a fraction in [0, 1]: ``"2%"`` -> 0.02, ``0.02`` -> 0.02.

    Examples
    --------
    >>> parse_share("2%"), parse_share(0.02), parse_share("0.5")
    (0.02, 0.02, 0.5)
    >>> parse_share(5)
    Traceback (most recent call last):
    ...
    ValueError: 5 is outside 0..100%; a share is between 0 and 1; for 5 percent write 5%
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{_short(value)} is not a share; write e.g. 2% or 0.02")
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        if not text.isascii() or "_" in text:
            raise ValueError(f"{_short(value)} is not a share written with the digits 0-9")
        try:
            share = float(text[:-1]) / 100.0 if percent else float(text)
        except ValueError:
            raise ValueError(f"{_short(value)} is not a share; write e.g. 2% or 0.02") from None
        if not math.isfinite(share):
            raise ValueError(f"{_short(value)} is not a finite number")
    else:
        share = _as_float(value)
        percent = False
    if not 0.0 <= share <= 1.0:
        hint = (
            f"; for {share:g} percent write {share:g}%"
            if not percent and 1.0 < share <= 100.0
            else ""
        )
        raise ValueError(f"{_short(value)} is outside 0..100%; a share is between 0 and 1{hint}")
    return share


def parse_time_of_day(value: object) -> float:
    """Return a time of day as seconds after midnight: ``"09:30"`` -> 34200.0.

    ``"24:00"`` is allowed as the end of a day. A bare number is taken as hours.

    Examples
    --------
    >>> parse_time_of_day("09:30"), parse_time_of_day("24:00"), parse_time_of_day(9)
    (34200.0, 86400.0, 32400.0)
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{_short(value)} is not a time of day; write e.g. 09:00 or 17:30")
    if isinstance(value, int | float):
        try:
            hours = float(value)
        except OverflowError:
            hours = math.inf
        if not 0 <= hours <= 24:
            raise ValueError(f"{_short(value)} is not a time of day between 0 and 24 hours")
        return hours * 3600.0
    match = _TIME_RE.match(value)
    if match:
        h, m, s = int(match[1]), int(match[2]), int(match[3] or 0)
        if m < 60 and s < 60 and (h < 24 or (h == 24 and m == 0 and s == 0)):
            return h * 3600.0 + m * 60.0 + s
    raise ValueError(f"{_short(value)} is not a time of day; write e.g. 09:00 or 17:30")


def parse_answer_target(value: object) -> tuple[float, float]:
    """Return ``(share, seconds)`` from ``"80%/20s"``: 80 % answered within 20 s.

    Examples
    --------
    >>> parse_answer_target("80%/20s")
    (0.8, 20.0)
    """
    if not isinstance(value, str) or "/" not in value:
        raise ValueError(f"{_short(value)} is not an answer target; write e.g. 80%/20s")
    share_text, time_text = value.split("/", 1)
    return parse_share(share_text), parse_duration(time_text)
