"""Costs: what a set-up costs a month, in the scenario's currency. The only place money is computed.

A month of a set-up has four parts, each a column of :func:`monthly_costs`:

* **fixed**: what is paid whatever the traffic. For each line its subscription
  (``monthly``), ``per_number`` x its numbers, ``per_channel`` x its channels and its
  ``installation`` spread over ``spread_months``; for the PBX its ``monthly``,
  ``per_user`` x the staff of all departments and its ``purchase`` spread over
  ``spread_months``.
* **usage**: per-minute charges of each line: ``per_minute_in`` x inbound minutes and
  ``per_minute_out`` x the outbound minutes beyond the line's ``included_minutes``
  (outbound minutes free each month, as the tariff field says). Every minute of
  conversation on an outside channel counts: inbound calls (with the legs passed on to
  colleagues, since the caller keeps the channel) and the calls the staff place.
  Internal calls between extensions use no outside line and cost nothing here.
* **lost_calls**: ``lost_call_value`` x the **lost callers**: people who called and never
  got through, after all their redials (their last attempt heard busy, found the queue
  full, hung up on hold, rang out or did not connect). A caller who redials and is
  answered is not lost; a failed attempt is not a lost caller. A mobile call cut
  mid-conversation (``dropped``) had its conversation and is not lost. An outbound call
  blocked for want of a free channel is reported (``blocked``, ``p_blocked``) but not
  priced: the colleague dials again, and no client was turned away.
* **staff**: ``staff_cost`` x the staff of all departments (without departments, one
  person at each handset: one per channel).

Everything is charged by :func:`charge`, on a :class:`SetUp` (what is bought) and a
:class:`Usage` (what a month of traffic uses and loses). :func:`monthly_costs` gives it
the counts of simulated replications; :func:`teletraffic.experiments.plan` gives it the
expectations of the formulas when it screens set-ups. Both therefore count the same
money the same way.

The simulated period is scaled to a month explicitly, never silently:

* business days (``period: {days: D, open, close}``): a month is
  :data:`BUSINESS_DAYS_PER_MONTH` (21) business days with the same opening hours, so
  the counts of one replication are multiplied by 21 / D;
* steady state (``period: {hours: H}``): a month is :data:`HOURS_PER_MONTH` (730)
  hours of that traffic, round the clock, so counts are multiplied by 730 / H; or
  ``month_hours`` of it when the period says so (``{hours: H, month_hours: 189}``).

A caller that keeps a business open 9 hours a day should not be costed round the clock:
give *hours_per_month* (for example 21 x 9 = 189) to count only the open hours.

This module reads the scenario model and a result's tables; it never runs a
simulation. Tariff menus (what things cost) are read by :mod:`teletraffic.tariffs`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teletraffic.errors import InputError
from teletraffic.scenario import Line, LineTariff, Pbx, PbxTariff, Scenario

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.runner import SimulationResult

__all__ = [
    "BUSINESS_DAYS_PER_MONTH",
    "COST_ITEMS",
    "HOURS_PER_MONTH",
    "LineBill",
    "SetUp",
    "Usage",
    "charge",
    "cost_summary",
    "fixed_costs",
    "hours_per_month",
    "line_fixed_cost",
    "line_tariff_cost",
    "month_scale",
    "monthly_costs",
    "pbx_fixed_cost",
    "pbx_tariff_cost",
    "setup_of",
    "staff_count",
    "stream_lines",
    "usage_of",
]

BUSINESS_DAYS_PER_MONTH = 21
"""Business days in a month: a run of *D* business days is scaled by 21 / D."""
HOURS_PER_MONTH = 730.0
"""Hours in a month (8,760 / 12): a steady-state run of *H* hours is scaled by 730 / H."""
COST_ITEMS: tuple[str, ...] = ("fixed", "usage", "lost_calls", "staff", "total")
"""The columns of :func:`monthly_costs`, in order."""


# --------------------------------------------------------------------------- scaling


def hours_per_month(scenario: Scenario) -> float:
    """Measured hours in a month for the scenario's kind of period.

    Business days: 21 days x the opening hours of a day. Steady state: the period's
    ``month_hours`` when given (a plan's set-up says 189: 9 open hours on 21 days), else
    730 hours, round the clock.
    """
    p = scenario.period
    if p.days is not None:
        return BUSINESS_DAYS_PER_MONTH * (p.close - p.open) / 3600.0
    if p.month_hours is not None:
        return float(p.month_hours)
    return HOURS_PER_MONTH


def month_scale(scenario: Scenario, hours_per_month: float | None = None) -> float:
    """The factor that turns the counts of one replication into counts per month.

    ``hours_per_month / measured hours of the run``; *hours_per_month* defaults to
    :func:`hours_per_month` of the scenario (so 21 / days, or 730 / hours).
    """
    hpm = _hours_per_month(scenario, hours_per_month)
    return hpm * 3600.0 / scenario.period.measured_seconds


def _hours_per_month(scenario: Scenario, given: float | None) -> float:
    if given is None:
        return hours_per_month(scenario)
    if isinstance(given, bool) or not isinstance(given, int | float) or not math.isfinite(given):
        raise InputError(f"hours_per_month must be a number, got {given!r}")
    if not 0 < given <= 744:
        raise InputError(
            f"hours_per_month must be in (0, 744] (a month has 744 h at most), got {given:g}"
        )
    return float(given)


# --------------------------------------------------------------------------- what is bought


@dataclass(frozen=True)
class LineBill:
    """One outside line as it is billed: its tariff, numbers and channels."""

    name: str
    tariff: LineTariff
    numbers: int
    channels: int


@dataclass(frozen=True)
class SetUp:
    """What a set-up buys, as far as money goes.

    *lines*: each outside line with its tariff; *pbx*: the PBX tariff (``None``: no PBX);
    *staff*: people on the payroll; *staff_cost*: what one person costs a month;
    *lost_call_value*: what a lost caller costs.
    """

    lines: tuple[LineBill, ...]
    pbx: PbxTariff | None
    staff: int
    staff_cost: float
    lost_call_value: float


@dataclass(frozen=True)
class Usage:
    """What a month of traffic uses and loses: the quantities that are charged.

    *minutes_in* / *minutes_out*: minutes of conversation a month on each line (by line
    name), inbound and outbound; *lost_callers*: callers a month who never got through.
    Values are numbers, or arrays of one value per replication.
    """

    minutes_in: Mapping[str, Any]
    minutes_out: Mapping[str, Any]
    lost_callers: Any


def line_tariff_cost(tariff: LineTariff, numbers: int, channels: int) -> float:
    """Monthly fixed cost of a line on *tariff* with *numbers* numbers and *channels* channels.

    ``monthly + per_number x numbers + per_channel x channels + installation /
    spread_months``.
    """
    t = tariff
    return (
        t.monthly
        + t.per_number * numbers
        + t.per_channel * channels
        + t.installation / t.spread_months
    )


def pbx_tariff_cost(tariff: PbxTariff, staff: int) -> float:
    """Monthly fixed cost of a PBX on *tariff* serving *staff* users.

    ``monthly + per_user x staff + purchase / spread_months``.
    """
    t = tariff
    return t.monthly + t.per_user * staff + t.purchase / t.spread_months


def line_fixed_cost(line: Line) -> float:
    """Monthly fixed cost of one outside line of a scenario."""
    return line_tariff_cost(line.tariff, len(line.numbers), line.channels)


def pbx_fixed_cost(pbx: Pbx | None, staff: int) -> float:
    """Monthly fixed cost of a scenario's PBX serving *staff* users (0 without a PBX)."""
    if pbx is None:
        return 0.0
    return pbx_tariff_cost(pbx.tariff, staff)


def staff_count(scenario: Scenario) -> int:
    """Staff of all departments; without departments, one person per handset (channel)."""
    return sum(d.staff for d in scenario.effective_departments)


def setup_of(scenario: Scenario) -> SetUp:
    """What the scenario buys: its lines, PBX and staff, with their prices."""
    return SetUp(
        lines=tuple(
            LineBill(line.name, line.tariff, len(line.numbers), line.channels)
            for line in scenario.lines
        ),
        pbx=scenario.pbx.tariff if scenario.pbx is not None else None,
        staff=staff_count(scenario),
        staff_cost=float(scenario.staff_cost),
        lost_call_value=float(scenario.lost_call_value),
    )


def fixed_costs(scenario: Scenario) -> dict[str, float]:
    """Monthly fixed cost by item: ``line:NAME`` for each line, and ``pbx`` if any."""
    out = {f"line:{line.name}": line_fixed_cost(line) for line in scenario.lines}
    if scenario.pbx is not None:
        out["pbx"] = pbx_fixed_cost(scenario.pbx, staff_count(scenario))
    return out


# --------------------------------------------------------------------------- the charge


def charge(setup: SetUp, usage: Usage) -> dict[str, Any]:
    """Money a month by item (``fixed, usage, lost_calls, staff, total``): the one formula.

    Works on numbers (an expectation) and on arrays (one value per replication) alike.
    A line missing from *usage* had no minutes.
    """
    import numpy as np

    fixed = math.fsum(line_tariff_cost(b.tariff, b.numbers, b.channels) for b in setup.lines)
    if setup.pbx is not None:
        fixed += pbx_tariff_cost(setup.pbx, setup.staff)
    money: Any = 0.0
    for bill in setup.lines:
        t = bill.tariff
        inbound = usage.minutes_in.get(bill.name, 0.0)
        outbound = usage.minutes_out.get(bill.name, 0.0)
        money = money + t.per_minute_in * inbound
        money = money + t.per_minute_out * np.maximum(outbound - t.included_minutes, 0.0)
    lost = setup.lost_call_value * usage.lost_callers
    staff = setup.staff_cost * setup.staff
    total = fixed + money + lost + staff
    return {"fixed": fixed, "usage": money, "lost_calls": lost, "staff": staff, "total": total}


# --------------------------------------------------------------------------- per replication


def stream_lines(scenario: Scenario) -> list[str]:
    """The line each stream's calls use (inbound: the dialled number's; outbound: its own).

    An outbound stream without a line of its own or of its department takes the first
    free line in the engine; its minutes are charged at the first line's rates.
    """
    dept_line = {d.name: d.line for d in scenario.departments or []}
    out = []
    for s in scenario.traffic:
        if s.dial is not None:
            out.append(scenario.line_of(s.dial).name)
        else:
            line = s.line or (dept_line.get(s.from_) if s.from_ is not None else None)
            out.append(line or scenario.lines[0].name)
    return out


def _column(reps: pd.DataFrame, metric: str, scope: str) -> Any:
    import numpy as np

    if (metric, scope) in reps.columns:
        return reps[(metric, scope)].astype(float).fillna(0.0).to_numpy()
    return np.zeros(len(reps.index))


def usage_of(scenario: Scenario, result: SimulationResult, scale: float) -> Usage:
    """A simulation's usage, one value per replication, scaled to a month by *scale*."""
    reps = result.replications
    minutes_in: dict[str, Any] = {}
    minutes_out: dict[str, Any] = {}
    for stream, line_name in zip(scenario.traffic, stream_lines(scenario), strict=True):
        scope = f"stream:{stream.name}"
        inn = _column(reps, "talk_minutes_in", scope) * scale
        out = _column(reps, "talk_minutes_out", scope) * scale
        minutes_in[line_name] = minutes_in.get(line_name, 0.0) + inn
        minutes_out[line_name] = minutes_out.get(line_name, 0.0) + out
    return Usage(minutes_in, minutes_out, _column(reps, "lost_callers", "all") * scale)


def monthly_costs(
    scenario: Scenario,
    result: SimulationResult,
    *,
    hours_per_month: float | None = None,
) -> pd.DataFrame:
    """What the set-up costs a month, one row per replication.

    Columns ``fixed, usage, lost_calls, staff, total`` in the scenario's currency
    (see the module text for what each holds). The counts of each replication are
    scaled to a month by :func:`month_scale`; *hours_per_month* overrides the month's
    measured hours (21 business days, or 730 hours round the clock). One row per
    replication, so that intervals and paired differences between set-ups can be
    computed from it.
    """
    import numpy as np
    import pandas as pd

    scale = month_scale(scenario, hours_per_month)
    index = result.replications.index
    money = charge(setup_of(scenario), usage_of(scenario, result, scale))
    columns = {
        item: np.broadcast_to(np.asarray(money[item], dtype=float), (len(index),)).copy()
        for item in COST_ITEMS
    }
    return pd.DataFrame(columns, index=index)


def cost_summary(
    scenario: Scenario,
    result: SimulationResult,
    level: float = 0.95,
    *,
    hours_per_month: float | None = None,
) -> pd.DataFrame:
    """Monthly cost by item with confidence intervals: ``item, mean, ci_low, ci_high``.

    One row per item of :data:`COST_ITEMS` (fixed, usage, lost_calls, staff, total);
    the interval is a Student-t interval over replications at *level*. Fixed and staff
    costs do not vary, so their interval is the point itself.
    """
    import pandas as pd

    from teletraffic.stats import t_interval

    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InputError(f"level must be between 0 and 1, got {level!r}")
    frame = monthly_costs(scenario, result, hours_per_month=hours_per_month)
    rows = []
    for item in COST_ITEMS:
        mean, lo, hi = t_interval(frame[item].to_numpy(dtype=float), level)
        lo = max(lo, 0.0)  # money is never negative: the interval stops at 0
        rows.append({"item": item, "mean": mean, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=["item", "mean", "ci_low", "ci_high"])
