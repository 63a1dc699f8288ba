"""A plan's inputs checked at the door: traffic from numbers, targets, money, sizes.

Every check names the argument and the value, so that the command line and notebooks
say the same thing (:class:`~teletraffic.errors.InputError`).
"""

from __future__ import annotations

import math
from typing import Any

from teletraffic.errors import InputError

__all__ = ["check_count", "check_money", "check_share", "demand_stream"]


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{name} must be a number, got {value!r}")
    return float(value)


def check_share(name: str, value: float | None, *, zero_ok: bool = False) -> float | None:
    """A share in (0, 1) (or [0, 1) with *zero_ok*), or ``None``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{name} must be a share such as 0.02, got {value!r}")
    low_ok = value >= 0 if zero_ok else value > 0
    if not (low_ok and value < 1):
        bound = "[0, 1)" if zero_ok else "(0, 1)"
        raise InputError(f"{name} must be a share in {bound}, got {value:g}")
    return float(value)


def check_count(name: str, value: Any, low: int, high: int) -> int:
    """A whole number in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{name} must be a whole number in {low}..{high}, got {value!r}")
    return value


def check_money(name: str, value: Any) -> float:
    """An amount of money >= 0."""
    v = _number(name, value)
    if not 0 <= v <= 1e12:
        raise InputError(f"{name} must be an amount of money >= 0, got {value!r}")
    return v


def demand_stream(
    calls_per_hour: Any, talk: Any, patience: Any, redial: Any, redial_after: Any
) -> dict[str, Any]:
    """The stream a plan from numbers simulates (exponential talk, patience, redial delay)."""
    cph = _number("calls_per_hour", calls_per_hour)
    talk_s = _number("talk", talk)
    if cph <= 0 or talk_s <= 0:
        bad = "calls_per_hour" if cph <= 0 else "talk"
        raise InputError(f"{bad} must be above 0, got {cph if cph <= 0 else talk_s:g}")
    if cph > 1_000_000:
        raise InputError(f"calls_per_hour must be at most 1,000,000, got {cph:g}")
    if talk_s > 86400:
        raise InputError(f"talk must be at most a day (86400 s), got {talk_s:g}")
    stream: dict[str, Any] = {"name": "callers", "calls_per_hour": cph, "talk": talk_s}
    if patience is not None:
        p = _number("patience", patience)
        if p <= 0:
            raise InputError(f"patience must be a number of seconds above 0, or None, got {p:g}")
        stream["patience"] = p
    r = 0.0 if redial is None else _number("redial", redial)
    if not 0 <= r < 1:
        raise InputError(f"redial must be a share in [0, 1), got {redial!r}")
    after = _number("redial_after", redial_after)
    if after <= 0:
        raise InputError(f"redial_after must be a number of seconds above 0, got {after:g}")
    if r > 0:
        stream["redial"] = {"probability": r, "after": after}
    return stream
