"""Shifts that cover a day's staff per interval, at the fewest paid hours.

A shift file (YAML) says which shifts may be worked::

    lengths: [4h, 6h, 8h]      # paid length of a shift, breaks included
    earliest: "07:00"          # first start (default: the day's first interval)
    latest: "14:00"            # last start (default: the last that ends by closing)
    step: 30m                  # starts every step (default: the interval length)
    break:                     # optional: one break in the longer shifts
      longer_than: 5h          # shifts longer than this take one
      length: 30m
      earliest: 2h             # it starts this long after the shift at the soonest
      latest: 5h               # and at the latest (every step in between may be used)
      paid: false              # an unpaid break is not in the paid hours

A person on shift covers an interval that lies wholly inside the shift and outside its
break. Choosing how many people work each shift pattern (start, length, break) so
that every interval has at least its staff, at the fewest paid hours, is the integer
program of Dantzig's set-covering model of shift scheduling ("A comment on Edie's
traffic delays at toll booths", Operations Research 2, 1954), solved by HiGHS through
:func:`scipy.optimize.milp`; its linear relaxation, solved alike, is the bound the
roster's paid hours are measured against.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from teletraffic.errors import InputError
from teletraffic.units import format_duration, parse_duration, parse_time_of_day

__all__ = ["Roster", "ShiftRules", "load_shift_rules", "roster"]


def _seconds(value: Any) -> float:
    return parse_duration(value)


def _clock(value: Any) -> float:
    return parse_time_of_day(value)


Duration = Annotated[float, BeforeValidator(_seconds)]
Clock = Annotated[float, BeforeValidator(_clock)]


class BreakRule(BaseModel):
    """One break in the shifts longer than *longer_than*."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    longer_than: Duration = 5 * 3600.0
    length: Duration = Field(default=1800.0, gt=0)
    earliest: Duration = 2 * 3600.0
    latest: Duration = 5 * 3600.0
    paid: bool = False


class ShiftRules(BaseModel):
    """Which shifts may be worked (see the module's example)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    lengths: list[Duration] = Field(min_length=1, max_length=50)
    earliest: Clock | None = None
    latest: Clock | None = None
    step: Duration | None = Field(default=None, gt=0)
    break_: BreakRule | None = Field(default=None, alias="break")


def load_shift_rules(path: str | Path) -> ShiftRules:
    """Read a shift file; a problem names the file, the line and the field."""
    import yaml

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read the shift file {p}: {err.strerror or err}") from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{p}{line}: not valid YAML ({getattr(err, 'problem', err)})") from None
    if not isinstance(data, dict):
        raise InputError(f"{p}: a shift file is a mapping with lengths, earliest, latest, step")
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            lines[str(key.value)] = key.start_mark.line + 1
    try:
        return ShiftRules.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = [str(x) for x in first["loc"]]
        top = loc[0] if loc else ""
        at = f", line {lines[top]}" if top in lines else ""
        value = first.get("input")
        shown = "" if isinstance(value, dict | list) else f" {value!r}:"
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{p}{at}, field {'.'.join(loc)}:{shown} {msg}") from None


@dataclass(frozen=True)
class Pattern:
    """A shift one person may work: start (seconds after midnight), paid length and
    the break's start (None: no break)."""

    start: float
    length: float
    break_at: float | None
    paid_hours: float


@dataclass
class Roster:
    """How many people work each shift, what they cover, and how good it is."""

    shifts: list[tuple[Pattern, int]]
    cover: list[int]
    paid_hours: float
    bound_hours: float
    """The linear relaxation's paid hours: no roster has fewer."""

    @property
    def gap(self) -> float:
        """Paid hours over the bound, minus 1."""
        return self.paid_hours / self.bound_hours - 1.0 if self.bound_hours > 0 else 0.0

    def rows(self) -> list[dict[str, Any]]:
        """The roster as ``start, hours, people`` (and ``break`` when there are breaks)."""
        out = []
        for p, people in self.shifts:
            row: dict[str, Any] = {
                "start": _hhmm(p.start),
                "hours": p.length / 3600.0,
                "people": people,
            }
            if any(q.break_at is not None for q, _ in self.shifts):
                row["break"] = "" if p.break_at is None else _hhmm(p.break_at)
            out.append(row)
        return out


def _hhmm(seconds: float) -> str:
    m = round(seconds / 60.0)
    return f"{m // 60:02d}:{m % 60:02d}"


def patterns(rules: ShiftRules, first: float, end: float, length: float) -> list[Pattern]:
    """Every shift the rules allow that overlaps the day ``[first, end)``."""
    step = rules.step or length
    earliest = rules.earliest if rules.earliest is not None else first
    out: list[Pattern] = []
    for size in sorted(set(rules.lengths)):
        latest = rules.latest if rules.latest is not None else max(earliest, end - size)
        start = earliest
        while start <= latest + 1e-6:
            out.extend(_with_breaks(rules, start, size, step))
            start += step
    return out


def _with_breaks(rules: ShiftRules, start: float, size: float, step: float) -> list[Pattern]:
    b = rules.break_
    if b is None or size <= b.longer_than:
        return [Pattern(start, size, None, size / 3600.0)]
    paid = (size if b.paid else size - b.length) / 3600.0
    out, at = [], b.earliest
    while at <= b.latest + 1e-6 and at + b.length <= size:
        out.append(Pattern(start, size, start + at, paid))
        at += step
    return out


def _covers(p: Pattern, lo: float, hi: float, break_length: float) -> bool:
    if lo < p.start - 1e-6 or hi > p.start + p.length + 1e-6:
        return False
    if p.break_at is None:
        return True
    return hi <= p.break_at + 1e-6 or lo >= p.break_at + break_length - 1e-6


def roster(
    need: Sequence[int], starts: Sequence[float], length: float, rules: ShiftRules
) -> Roster:
    """The roster that covers *need* (people per interval) at the fewest paid hours.

    Raises :class:`~teletraffic.errors.InputError` when the rules allow no shift over
    an interval that needs someone.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    pats = patterns(rules, starts[0], starts[-1] + length, length)
    blen = rules.break_.length if rules.break_ is not None else 0.0
    a = np.array(
        [[_covers(p, s, s + length, blen) for p in pats] for s in starts], dtype=float
    ).reshape(len(starts), len(pats))
    b = np.asarray(need, dtype=float)
    for i in (int(k) for k in np.flatnonzero((a.sum(axis=1) == 0) & (b > 0))):
        raise InputError(
            f"no shift the rules allow covers {_hhmm(starts[i])}-{_hhmm(starts[i] + length)}, "
            f"which needs {int(b[i])} people; widen earliest/latest or add a length"
        )
    if not pats or not b.any():
        return Roster([], [0] * len(starts), 0.0, 0.0)
    cost = np.array([p.paid_hours for p in pats])
    cover = LinearConstraint(a, lb=b, ub=np.inf)
    bounds = Bounds(0, np.inf)
    relaxed = milp(cost, constraints=cover, bounds=bounds, integrality=np.zeros(len(pats)))
    best = milp(
        cost,
        constraints=cover,
        bounds=bounds,
        integrality=np.ones(len(pats)),
        options={"time_limit": 60.0, "mip_rel_gap": 1e-4},
    )
    if best.x is None or relaxed.x is None:  # pragma: no cover - covered rows are feasible
        raise InputError(f"the shift rules give no roster ({best.message})")
    x = np.round(best.x).astype(int)
    chosen = [(p, int(k)) for p, k in zip(pats, x, strict=True) if k > 0]
    chosen.sort(key=lambda pk: (pk[0].start, pk[0].length, pk[0].break_at or 0.0))
    return Roster(
        chosen,
        [int(v) for v in a @ x],
        float(cost @ x),
        float(relaxed.fun),
    )


def describe_rules(rules: ShiftRules) -> str:
    """The rules in one line, for a table's title."""
    lengths = ", ".join(format_duration(x) for x in rules.lengths)
    return f"shifts of {lengths}" + ("" if rules.break_ is None else " with a break")


def cost_per_hour(monthly: float, hours_a_month: float = 168.0) -> float:
    """What one paid hour of a person costs, from the monthly price of one person
    (a full-time month of *hours_a_month* hours: 21 days of 8 hours)."""
    if not math.isfinite(monthly) or monthly < 0:
        raise InputError(f"a person's monthly price {monthly!r} is not a price")
    return monthly / hours_a_month
