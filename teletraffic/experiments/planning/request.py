"""A plan asked in words: the texts a person types, read into :func:`plan`'s arguments.

``teletraffic plan --talk 3m --target-busy 2%`` and the web page's form ask the same
question in the same words, so both read them here, with the same messages: each
names the flag (``--talk: ...``), and :class:`FieldError` carries that flag, so the
page can put the message next to its field. :func:`plan` checks its arguments again
for callers from Python, in the names of its arguments; every bound it checks on a
value typed here is checked here first, so that a person reads the flag they typed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from teletraffic.errors import InputError
from teletraffic.units import parse_answer_target, parse_duration, parse_share

__all__ = ["PLAN_FLAGS", "FieldError", "read_plan_words"]

PLAN_FLAGS: dict[str, str] = {
    "--calls-per-hour": "calls_per_hour",
    "--talk": "talk",
    "--patience": "patience",
    "--redial": "redial",
    "--target-busy": "target_busy",
    "--target-answer": "target_answer",
    "--target-abandon": "target_abandon",
    "--target-lost": "target_lost",
    "--target-wait": "target_wait",
    "--people": "people",
    "--max-lines": "max_lines",
    "--lost-call-value": "lost_call_value",
    "--staff-cost": "staff_cost",
}
"""The flags of ``teletraffic plan`` given as words, and the argument of :func:`plan`
each becomes."""


DAY = 86400.0
"""The longest talk, and answer time, a plan takes (seconds); as :func:`plan` checks."""
MAX_CALLS_PER_HOUR = 1_000_000
"""The most calls an hour a plan takes; as :func:`plan` checks."""
MAX_MONEY = 1e12
"""The largest sum of money a plan takes (a lost caller, a person a month)."""


class FieldError(InputError):
    """A bad value given for one flag (or form field); *flag* names it, e.g. ``--talk``."""

    def __init__(self, flag: str, message: str) -> None:
        self.flag = flag
        super().__init__(message)


def _number(flag: str, text: str | None, *, positive: bool = True) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise FieldError(flag, f"{flag}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise FieldError(flag, f"{flag}: {text!r} is not a finite number")
    if positive and value <= 0:
        raise FieldError(flag, f"{flag}: {text!r} must be above 0")
    if value < 0:
        raise FieldError(flag, f"{flag}: {text!r} must not be negative")
    return value


def _money(flag: str, text: str | None) -> float | None:
    value = _number(flag, text, positive=False)
    if value is not None and value > MAX_MONEY:
        raise FieldError(flag, f"{flag}: {text!r} is above {MAX_MONEY:,.0f}")
    return value


def _parsed(flag: str, text: str | None, parser: Callable[[str], Any]) -> Any:
    if text is None:
        return None
    try:
        return parser(text)
    except ValueError as err:
        raise FieldError(flag, f"{flag}: {err}") from None


def _whole(flag: str, text: str | None, low: int, high: int) -> int | None:
    value = _number(flag, text)
    if value is None:
        return None
    if not value.is_integer() or not low <= value <= high:
        raise FieldError(flag, f"{flag}: {text!r} must be a whole number from {low} to {high}")
    return int(value)


def read_plan_words(
    texts: Mapping[str, str | None], *, file: bool = False, size_staff: bool = False
) -> dict[str, Any]:
    """The arguments of :func:`plan` from the words typed for its flags.

    *texts* maps flags of :data:`PLAN_FLAGS` to what was typed (``None`` or absent: not
    given). *file*: the plan is for a scenario file (then the traffic flags are refused);
    *size_staff*: ``--size-staff`` was asked. Returns the arguments by their names in
    :func:`plan`. Raises :class:`FieldError` for the first bad value, naming its flag.

    The flags are read in one order, so that of several bad values the same one is named
    first: the traffic, the targets, the sizes, then what the question is about.
    """
    unknown = sorted(set(texts) - set(PLAN_FLAGS))
    if unknown:
        raise InputError(f"not a flag of plan: {', '.join(unknown)}")
    t = {flag: texts.get(flag) for flag in PLAN_FLAGS}
    cph, talk, patience = _traffic(t)
    redial = _parsed("--redial", t["--redial"], parse_share)
    busy, answer, abandon = _targets(t)
    if redial is not None and not redial < 1:
        raise FieldError("--redial", f"--redial: {t['--redial']!r} must be below 100%")
    max_lines = _whole("--max-lines", t["--max-lines"], 1, 1000)
    people = _whole("--people", t["--people"], 1, 1000)
    lost, wait = _lost_and_wait(t)
    _check_people(file, size_staff, people)
    lost_call_value = _money("--lost-call-value", t["--lost-call-value"])
    staff_cost = _money("--staff-cost", t["--staff-cost"])
    _check_traffic_given(t, file, cph, talk)
    return {
        "calls_per_hour": cph,
        "talk": talk,
        "patience": patience,
        "redial": redial,
        "target_busy": busy,
        "target_answer": answer,
        "target_abandon": abandon,
        "target_lost": lost,
        "target_wait": wait,
        "people": people,
        "max_lines": max_lines,
        "lost_call_value": lost_call_value,
        "staff_cost": staff_cost,
    }


def _traffic(t: Mapping[str, str | None]) -> tuple[float | None, float | None, float | None]:
    """``--calls-per-hour``, ``--talk`` and ``--patience``, each within its bounds."""
    cph = _number("--calls-per-hour", t["--calls-per-hour"])
    if cph is not None and cph > MAX_CALLS_PER_HOUR:
        raise FieldError(
            "--calls-per-hour",
            f"--calls-per-hour: {t['--calls-per-hour']!r} is above {MAX_CALLS_PER_HOUR:,}",
        )
    talk = _parsed("--talk", t["--talk"], parse_duration)
    if talk is not None and talk <= 0:
        raise FieldError("--talk", f"--talk: {t['--talk']!r} must be longer than 0")
    if talk is not None and talk > DAY:
        raise FieldError("--talk", f"--talk: {t['--talk']!r} is longer than a day")
    patience = _parsed("--patience", t["--patience"], parse_duration)
    if patience is not None and patience <= 0:
        raise FieldError("--patience", f"--patience: {t['--patience']!r} must be longer than 0")
    return cph, talk, patience


def _targets(t: Mapping[str, str | None]) -> tuple[Any, Any, Any]:
    """``--target-busy``, ``--target-answer`` (share, seconds) and ``--target-abandon``:
    each one a target that some set-up can meet."""
    busy = _parsed("--target-busy", t["--target-busy"], parse_share)
    answer = _parsed("--target-answer", t["--target-answer"], parse_answer_target)
    abandon = _parsed("--target-abandon", t["--target-abandon"], parse_share)
    for flag, value in (("--target-busy", busy), ("--target-abandon", abandon)):
        if value is not None and not value < 1:
            raise FieldError(flag, f"{flag}: a target of 100% or more is no target")
    if busy is not None and busy <= 0:
        raise FieldError(
            "--target-busy",
            f"--target-busy: {t['--target-busy']!r} cannot be met: some caller always finds "
            "every line taken; give a share above 0, e.g. 1%",
        )
    if answer is not None and not 0 < answer[0] < 1:
        raise FieldError(
            "--target-answer",
            f"--target-answer: {t['--target-answer']!r}: the share must be above 0% and below 100%",
        )
    if answer is not None and answer[1] > DAY:
        raise FieldError(
            "--target-answer",
            f"--target-answer: {t['--target-answer']!r}: the time must be at most a day",
        )
    if abandon == 0 and busy is None:
        raise FieldError(
            "--target-abandon",
            f"--target-abandon: {t['--target-abandon']!r} on its own would also ask that nobody "
            "hears busy, which no set-up can promise; give --target-busy as well (e.g. 2%)",
        )
    return busy, answer, abandon


def _lost_and_wait(t: Mapping[str, str | None]) -> tuple[float | None, float | None]:
    """``--target-lost`` (a share strictly between 0 and 1) and ``--target-wait`` (up to a day)."""
    lost = _parsed("--target-lost", t["--target-lost"], parse_share)
    if lost is not None and not 0 < lost < 1:
        raise FieldError(
            "--target-lost",
            f"--target-lost: {t['--target-lost']!r} must be above 0% and below 100%",
        )
    wait = _parsed("--target-wait", t["--target-wait"], parse_duration)
    if wait is not None and not 0 < wait <= 86400:
        raise FieldError(
            "--target-wait",
            f"--target-wait: {t['--target-wait']!r} must be longer than 0 and at most a day",
        )
    return lost, wait


def _check_people(file: bool, size_staff: bool, people: int | None) -> None:
    """``--people`` is for a plan from traffic, ``--size-staff`` for one from a FILE."""
    if file and people is not None:
        raise FieldError(
            "--people",
            "--people is for a plan from --calls-per-hour/--talk; a FILE has its people "
            "per department (edit them, or add --size-staff)",
        )
    if not file and size_staff:
        raise FieldError("--size-staff", "--size-staff needs a scenario FILE with departments")


def _check_traffic_given(
    t: Mapping[str, str | None], file: bool, cph: float | None, talk: float | None
) -> None:
    """The traffic comes from a FILE or from the flags: one of the two, not both."""
    traffic = ("--calls-per-hour", "--talk", "--patience", "--redial")
    if file and any(t[flag] is not None for flag in traffic):
        raise InputError(
            "give a scenario FILE or --calls-per-hour/--talk/--patience/--redial, not both"
        )
    if not file and (cph is None or talk is None):
        missing = "--calls-per-hour" if cph is None else "--talk"
        raise FieldError(
            missing,
            f"{missing} is missing: give --calls-per-hour and --talk (e.g. "
            "--calls-per-hour 40 --talk 3m), or a scenario FILE",
        )
