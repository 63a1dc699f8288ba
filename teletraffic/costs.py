"""Costs: what a set-up costs a month, in the scenario's currency. The only place money is computed.

A month of a set-up has four parts, each a column of :func:`monthly_costs`:

* **fixed**: what is paid whatever the traffic. For each line its subscription
  (``monthly``), ``per_number`` x its numbers, ``per_channel`` x its channels and its
  ``installation`` spread over ``spread_months``; for the PBX its ``monthly``,
  ``per_user`` x the staff of all departments and its ``purchase`` spread over
  ``spread_months``.
* **usage**: what each line's calls cost, as its provider bills them:

  - ``per_minute_in`` x inbound minutes, and ``per_minute_out`` x the outbound minutes
    beyond those included (``included_minutes`` + ``included_minutes_per_number`` x
    numbers + ``included_minutes_per_channel`` x channels, free each month);
  - the minutes are billed minutes: with a tariff's ``billing: first/then`` each call
    is rounded as the provider rounds it (the first *first* seconds charged whole, then
    each started *then* seconds: ``60/60`` per started minute, ``60/1``, ``1/1``,
    ``30/6``), call by call from its simulated duration; without ``billing``, the exact
    minutes;
  - ``connection_fee`` x the outbound calls that connected;
  - ``per_concurrent_call`` x the most calls the line carried at once (the peak of
    the simulated period; with only an expectation at hand, its channels).

  Every minute of conversation on an outside channel counts: inbound calls (with the
  legs passed on to colleagues, since the caller keeps the channel) and the calls the
  staff place. Internal calls between extensions use no outside line and cost nothing
  here.
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
from dataclasses import dataclass, field
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
    "CallDurations",
    "LineBill",
    "SetUp",
    "Usage",
    "billed_seconds",
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
class CallDurations:
    """The calls of a month on one line in one direction, by their length.

    *seconds*: the distinct lengths, in whole started seconds of conversation (an
    array of *k*); *counts*: how many calls a month had each length (an array of *k*,
    or one row of *k* per replication). Billing increments round whole seconds exactly
    as they round the durations themselves.
    """

    seconds: Any
    counts: Any

    @property
    def calls(self) -> Any:
        """Calls a month (a number, or one per replication)."""
        return self.counts.sum(axis=-1)


@dataclass(frozen=True)
class Usage:
    """What a month of traffic uses and loses: the quantities that are charged.

    *minutes_in* / *minutes_out*: minutes of conversation a month on each line (by line
    name), inbound and outbound; *lost_callers*: callers a month who never got through.
    *calls_in* / *calls_out*: the same calls by length (:class:`CallDurations`), for
    billing increments and connection fees; a line without them is charged its exact
    minutes and no connection fee (an expectation of minutes says nothing of calls).
    *peak_calls*: the most calls each line carried at once, for ``per_concurrent_call``
    (without it, the line's channels). Values are numbers, or arrays of one value per
    replication.
    """

    minutes_in: Mapping[str, Any]
    minutes_out: Mapping[str, Any]
    lost_callers: Any
    calls_in: Mapping[str, CallDurations] = field(default_factory=dict)
    calls_out: Mapping[str, CallDurations] = field(default_factory=dict)
    peak_calls: Mapping[str, Any] = field(default_factory=dict)


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


def billed_seconds(seconds: Any, first: int, then: int) -> Any:
    """Seconds a provider bills for calls of *seconds* (whole, > 0) under ``first/then``.

    The first *first* seconds are billed whole, then every started *then* seconds:
    ``max(first, first + ceil((s - first) / then) x then)``.

    >>> billed_seconds(61, 60, 60), billed_seconds(61, 60, 1), billed_seconds(7, 30, 6)
    (120, 61, 30)
    >>> billed_seconds(37, 30, 6)
    42
    """
    import numpy as np

    s = np.asarray(seconds, dtype=np.int64)
    after = np.maximum(s - first, 0)
    billed = first + -(-after // then) * then  # ceil in whole numbers
    return billed if billed.ndim else int(billed)


def _billed_minutes(t: LineTariff, minutes: Any, calls: CallDurations | None) -> Any:
    """The minutes a line's tariff charges: its calls rounded by ``billing``, or *minutes*."""
    increments = t.increments
    if increments is None or calls is None:
        return minutes
    import numpy as np

    billed = billed_seconds(calls.seconds, *increments)
    return np.asarray(calls.counts, dtype=float) @ np.asarray(billed, dtype=float) / 60.0


def _line_usage(bill: LineBill, usage: Usage) -> list[Any]:
    """What one line's calls cost a month, term by term (see the module text, **usage**)."""
    import numpy as np

    t = bill.tariff
    calls_in = usage.calls_in.get(bill.name)
    calls_out = usage.calls_out.get(bill.name)
    inbound = _billed_minutes(t, usage.minutes_in.get(bill.name, 0.0), calls_in)
    outbound = _billed_minutes(t, usage.minutes_out.get(bill.name, 0.0), calls_out)
    included = (
        t.included_minutes
        + t.included_minutes_per_number * bill.numbers
        + t.included_minutes_per_channel * bill.channels
    )
    terms = [
        t.per_minute_in * inbound,
        t.per_minute_out * np.maximum(outbound - included, 0.0),
    ]
    if t.connection_fee and calls_out is not None:
        terms.append(t.connection_fee * calls_out.calls)
    if t.per_concurrent_call:
        terms.append(t.per_concurrent_call * usage.peak_calls.get(bill.name, bill.channels))
    return terms


def charge(setup: SetUp, usage: Usage) -> dict[str, Any]:
    """Money a month by item (``fixed, usage, lost_calls, staff, total``): the one formula.

    Works on numbers (an expectation) and on arrays (one value per replication) alike.
    A line missing from *usage* had no minutes.
    """
    fixed = math.fsum(line_tariff_cost(b.tariff, b.numbers, b.channels) for b in setup.lines)
    if setup.pbx is not None:
        fixed += pbx_tariff_cost(setup.pbx, setup.staff)
    money: Any = 0.0
    for bill in setup.lines:
        for term in _line_usage(bill, usage):
            money = money + term
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
    calls_in, calls_out = _durations(scenario, result, scale)
    peaks = {
        line.name: _column(reps, "peak_channels", f"line:{line.name}") for line in scenario.lines
    }
    return Usage(
        minutes_in,
        minutes_out,
        _column(reps, "lost_callers", "all") * scale,
        calls_in=calls_in,
        calls_out=calls_out,
        peak_calls=peaks,
    )


def _durations(
    scenario: Scenario, result: SimulationResult, scale: float
) -> tuple[dict[str, CallDurations], dict[str, CallDurations]]:
    """Each line's calls a month by length, in and out, one row per replication.

    Empty when the result does not carry the calls by length (a result built by hand):
    then lines are charged their exact minutes.
    """
    import numpy as np

    n = len(result.replications.index)
    if len(result.call_seconds) != n:
        return {}, {}
    lines = dict(zip((s.name for s in scenario.traffic), stream_lines(scenario), strict=True))
    # by line and direction: every length seen, then one row of counts per replication
    seen: dict[tuple[str, str], set[int]] = {}
    for rep in result.call_seconds:
        for (stream, way), calls in rep.items():
            seen.setdefault((lines[stream], way), set()).update(calls)
    out: tuple[dict[str, CallDurations], dict[str, CallDurations]] = ({}, {})
    for (line, way), lengths in seen.items():
        seconds = np.asarray(sorted(lengths), dtype=np.int64)
        where = {s: i for i, s in enumerate(seconds.tolist())}
        counts = np.zeros((n, len(seconds)))
        for r, rep in enumerate(result.call_seconds):
            for (stream, w), calls in rep.items():
                if w == way and lines[stream] == line:
                    for s, c in calls.items():
                        counts[r, where[s]] += c
        out[0 if way == "in" else 1][line] = CallDurations(seconds, counts * scale)
    return out


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
