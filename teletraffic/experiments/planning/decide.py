"""The plan: the cheapest set-up on a tariff menu that meets service targets.

Two questions, one answer:

* **from numbers** (calls an hour, talk, patience, redials): every kind of set-up on the
  menu, sized 1..K where K follows the traffic (:mod:`.menu`), is screened with its
  formula (:mod:`.screen`). Where the formula is exact for the traffic it decides; the
  recommendation is then the cheapest set-up that meets the targets by the formula,
  over the whole menu, and the simulation shows its intervals. Where no exact formula
  describes a set-up, the formulas only rank, and a set-up is accepted when its
  simulated interval meets the targets (:mod:`.confirm`), trying the sizes around it.
* **from a scenario**: the office as it is organised (:mod:`.office`).

Money is :func:`teletraffic.costs.charge` in both, on the formulas' expectations or on
the simulation's counts, so a set-up costs the same in ``plan``, ``run`` and ``compare``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teletraffic.costs import CallDurations, Usage, charge
from teletraffic.costs import hours_per_month as period_hours_per_month
from teletraffic.errors import InputError
from teletraffic.experiments.figures import _check_level
from teletraffic.experiments.planning.confirm import PLAN_FIGURES, Confirmer
from teletraffic.experiments.planning.explain import Plan
from teletraffic.experiments.planning.inputs import (
    check_count,
    check_money,
    check_share,
    demand_stream,
)
from teletraffic.experiments.planning.menu import (
    Candidate,
    Money,
    menu_size,
    traffic_menu,
)
from teletraffic.experiments.planning.office import office_plan
from teletraffic.experiments.planning.screen import Demand, Screened, screen
from teletraffic.experiments.planning.search import budgeted, least_note, screen_queue
from teletraffic.experiments.planning.targets import Targets
from teletraffic.scenario import Scenario
from teletraffic.tariffs import LINE_ENTRIES, TariffMenu, load_tariffs
from teletraffic.text import duration, percent_precise

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["DEFAULT_OPEN_HOURS_PER_MONTH", "formula_what_if", "plan"]

DEFAULT_OPEN_HOURS_PER_MONTH = 21 * 9.0
"""Hours a month the planned traffic is taken to arrive when no scenario says otherwise:
9 open hours on 21 business days (189 h)."""

_REDIAL_ATTEMPTS = 3


def plan(
    scenario: Scenario | None = None,
    *,
    calls_per_hour: float | None = None,
    talk: float | None = None,
    patience: float | None = None,
    redial: float | None = None,
    redial_after: float = 120.0,
    target_busy: float | None = None,
    target_answer: tuple[float, float] | None = None,
    target_abandon: float | None = None,
    target_lost: float | None = None,
    target_wait: float | None = None,
    people: int | None = None,
    size_staff: bool = False,
    max_lines: int | None = None,
    tariffs: TariffMenu | str | Path | None = None,
    lost_call_value: float | None = None,
    staff_cost: float | None = None,
    hours_per_month: float | None = None,
    hours: float | None = None,
    replications: int = 10,
    seed: int = 2026,
    workers: int = 1,
    level: float = 0.95,
    progress: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    force: bool = False,
) -> Plan:
    """The cheapest set-up on a tariff menu that meets service targets.

    The traffic is given in numbers (*calls_per_hour*, mean *talk* seconds, mean
    *patience* seconds or ``None`` for callers who hold forever, the share of failed
    attempts that *redial* after *redial_after* seconds, up to 3 attempts), or is a
    *scenario*: then the office is planned as it is organised (departments, transfers,
    outbound calls, hourly profile kept) and only what can be bought varies.

    Targets, any subset (see :mod:`teletraffic.experiments.planning.targets` for the
    ones implied): *target_busy* (share of attempts hearing busy, at most),
    *target_answer* ``(share, seconds)``, *target_abandon* (share hanging up on hold, at
    most), *target_lost* (share of callers who never get through, at most; 5% when no
    busy target is given), *target_wait* (mean wait on hold, seconds, at most; 60 s when
    callers hold forever and no answer target is given).

    People: *people* fixes how many the office has (every set-up is for them); without
    it plan chooses them, each priced at *staff_cost* a month (default: the scenario's,
    else the menu's ``staff`` entry). *size_staff* (with a scenario) sizes each
    answering department. *max_lines* caps the menu (default: enough channels for 0.1%
    busy, and a few more). *lost_call_value*: money per lost caller. *hours_per_month*:
    the month's traffic hours (default: a business-day scenario's 21 days of opening
    hours, else 189 h). *hours*, *replications*, *seed*, *workers*, *level*: the
    simulations that confirm. *progress* is called with each set-up simulated.
    *executor* runs their replications (see :func:`~teletraffic.runner.simulate`); each
    is estimated before it runs, and refused if too big unless *force*.
    """
    level = _check_level(level)
    menu = tariffs if isinstance(tariffs, TariffMenu) else load_tariffs(tariffs)
    targets, answer = _checked(
        scenario,
        menu,
        numbers=(calls_per_hour, talk, patience, redial),
        targets=(target_busy, target_answer, target_abandon, target_lost, target_wait),
        people=people,
        size_staff=size_staff,
        replications=replications,
        seed=seed,
        max_lines=max_lines,
    )
    money = _money(scenario, menu, lost_call_value, staff_cost, hours_per_month)
    runs = _Runs(replications, seed, workers, level, progress, executor, force)
    if scenario is not None:
        return _plan_office(scenario, menu, money, targets, size_staff, max_lines, runs)
    stream = demand_stream(calls_per_hour, talk, patience, redial, redial_after)
    return _plan_numbers(
        stream, float(redial_after), answer, targets, menu, money, people, max_lines, hours, runs
    )


@dataclass(frozen=True)
class _Runs:
    """How the confirming simulations run."""

    replications: int
    seed: int
    workers: int
    level: float
    progress: Callable[[str], None] | None
    executor: Executor | None = None
    force: bool = False

    def confirmer(self, targets: Targets, money: Money) -> Confirmer:
        return Confirmer(
            targets,
            self.replications,
            self.seed,
            self.workers,
            self.level,
            money.hours_per_month,
            self.progress,
            executor=self.executor,
            force=self.force,
        )


def _checked(
    scenario: Scenario | None,
    menu: TariffMenu,
    *,
    numbers: tuple[Any, Any, Any, Any],
    targets: tuple[Any, Any, Any, Any, Any],
    people: int | None,
    size_staff: bool,
    replications: int,
    seed: int,
    max_lines: int | None,
) -> tuple[Targets, tuple[float, float] | None]:
    """Every argument checked, and the targets with the implied ones added."""
    calls_per_hour, talk, patience, redial = numbers
    target_busy, target_answer, target_abandon, target_lost, target_wait = targets
    if all(getattr(menu, kind) is None for kind in LINE_ENTRIES):
        raise InputError(
            f"the tariff menu ({menu.source}) offers no kind of line: city_number, "
            "mobile_number, multichannel and ip are all null; give at least one"
        )
    check_count("replications", replications, 2, 1000)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"seed must be a whole number >= 0, got {seed!r}")
    if max_lines is not None:
        check_count("max_lines", max_lines, 1, 1000)
    if people is not None:
        check_count("people", people, 1, 1000)
    answer = _answer(target_answer)
    busy = check_share("target_busy", target_busy)
    abandon = check_share("target_abandon", target_abandon, zero_ok=True)
    lost = check_share("target_lost", target_lost)
    if abandon == 0 and busy is None:
        raise InputError(
            "target_abandon 0 on its own would also ask that nobody hears busy, which "
            "no set-up can promise; give target_busy as well (e.g. 0.02)"
        )
    if target_wait is not None and not (
        isinstance(target_wait, int | float) and 0 < target_wait <= 86400
    ):
        raise InputError(f"target_wait must be seconds in (0, 86400], got {target_wait!r}")
    if scenario is not None:
        if any(v is not None for v in (calls_per_hour, talk, patience, redial)):
            raise InputError(
                "give a scenario or calls_per_hour/talk/patience/redial, not both "
                "(the scenario's traffic is planned for)"
            )
        if people is not None:
            raise InputError(
                "people is for a plan from numbers; a scenario has its people per "
                "department (edit them, or let the plan size them with size_staff=True)"
            )
        hold_forever = any(s.dial is not None and s.patience is None for s in scenario.traffic)
    else:
        if size_staff:
            raise InputError("size_staff needs a scenario with departments")
        if calls_per_hour is None or talk is None:
            raise InputError(
                "give a scenario, or calls_per_hour and talk (e.g. calls_per_hour=40, talk=180)"
            )
        hold_forever = patience is None
    built = Targets.build(
        busy=busy,
        answer=answer,
        abandon=abandon,
        lost=lost,
        wait=float(target_wait) if target_wait is not None else None,
        callers_hold_forever=hold_forever,
    )
    return built, answer


def _plan_numbers(
    stream: dict[str, Any],
    redial_after: float,
    answer: tuple[float, float] | None,
    targets: Targets,
    menu: TariffMenu,
    money: Money,
    people: int | None,
    max_lines: int | None,
    hours: float | None,
    runs: _Runs,
) -> Plan:
    """A plan from numbers: screen the whole menu, decide, confirm."""
    r = stream.get("redial", {}).get("probability", 0.0)
    demand = Demand(
        calls_per_hour=stream["calls_per_hour"],
        talk=stream["talk"],
        patience=stream.get("patience"),
        redial=r,
        redial_after=redial_after,
        max_attempts=_REDIAL_ATTEMPTS if r > 0 else 1,
        exponential=True,
    )
    sim_hours = _sim_hours(hours, demand.calls_per_hour)
    answer_time = answer[1] if answer is not None else 20.0
    confirmer = runs.confirmer(targets, money)
    common = {
        "period": {"hours": sim_hours, "month_hours": money.hours_per_month},
        "replications": runs.replications,
        "seed": runs.seed,
        "answer_time": answer_time,
        "lost_call_value": money.lost_call_value,
        "staff_cost": money.staff_cost,
        "currency": money.currency,
    }
    size = menu_size(demand, max_lines, people)
    least = budgeted(demand, stream, common, menu, money, size, people, max_lines, targets, runs)
    considered = _screen_menu(
        demand, [stream], common, menu, money, size, people, targets, answer_time, max_lines, least
    )
    best = _choose(considered, confirmer)
    below = _below(best, considered)
    for cand in (best, below):
        if cand is not None:
            confirmer.simulate(cand)
    description = _describe(demand, people)
    notes = [
        f"{len(considered)} set-ups screened with the formulas (up to {size} numbers or "
        f"channels: enough for 0.1% busy and more); {confirmer.runs} simulated.",
        *least_note(least, demand, targets),
        *_staff_price_note(None, menu, money),
    ]
    return _result(
        considered,
        best,
        below,
        None,
        targets,
        menu,
        size,
        money,
        notes,
        {
            "hours": sim_hours,
            "period": f"{sim_hours:g} h",
            "replications": runs.replications,
            "seed": runs.seed,
            "answer_time": answer_time,
        },
        {
            "calls_per_hour": demand.calls_per_hour,
            "talk": demand.talk,
            "patience": demand.patience,
            "redial": demand.redial,
            "redial_after": demand.redial_after,
            "erlangs": demand.erlangs,
            "people": people,
            "description": description,
        },
    )


def formula_what_if(
    result: Plan, *, calls_per_hour: float | None = None, people: int | None = None
) -> Screened | None:
    """The formula's figures for the recommended set-up of *result* with other traffic
    or people, at once (no simulation): the what-if of a plan from numbers.

    *calls_per_hour* replaces the plan's (talk, patience and redials stay); *people*
    answer behind the PBX of a set-up with a hold queue, and are the phones (the
    channels, or the numbers) of a set-up without one. ``None`` when the plan recommends
    nothing or planned a scenario (no formula describes an office as it is organised).
    """
    best = result.best
    t = result.traffic
    if best is None or best.kind == "office" or not math.isfinite(t.get("talk", math.nan)):
        return None
    cph = t["calls_per_hour"] if calls_per_hour is None else calls_per_hour
    if people is not None:
        check_count("people", people, 1, 1000)
    stream = demand_stream(cph, t["talk"], t["patience"], t["redial"], t["redial_after"])
    r = stream.get("redial", {}).get("probability", 0.0)
    demand = Demand(
        calls_per_hour=stream["calls_per_hour"],
        talk=stream["talk"],
        patience=stream.get("patience"),
        redial=r,
        redial_after=float(t["redial_after"]),
        max_attempts=_REDIAL_ATTEMPTS if r > 0 else 1,
    )
    numbers, per_line, agents = best.numbers, best.channels // best.numbers, None
    if best.pbx != "none":
        agents = best.staff if people is None else people
    elif people is not None and best.kind.endswith("_numbers"):
        numbers = people
    elif people is not None:
        per_line = people
    return screen(
        demand,
        numbers=numbers,
        channels=per_line,
        agents=agents,
        answer_time=float(result.simulation["answer_time"]),
    )


def _describe(demand: Demand, people: int | None) -> str:
    """The traffic of a plan from numbers, in words."""
    text = (
        f"{demand.calls_per_hour:g} calls an hour, {duration(demand.talk)} talk on "
        f"average ({demand.erlangs:.2g} erlangs)"
    )
    if demand.patience is not None:
        text += f", callers hold about {duration(demand.patience)}"
    if demand.redial:
        text += f", {percent_precise(demand.redial)} of failed attempts redial"
    if people is not None:
        text += f"; {_people(people)} in the office"
    return text


def _answer(target_answer: tuple[float, float] | None) -> tuple[float, float] | None:
    if target_answer is None:
        return None
    try:
        share, secs = target_answer
    except (TypeError, ValueError):
        raise InputError(
            f"target_answer must be (share, seconds), e.g. (0.8, 20), got {target_answer!r}"
        ) from None
    share_ok = check_share("target_answer share", share)
    if isinstance(secs, bool) or not isinstance(secs, int | float) or not 0 <= secs <= 86400:
        raise InputError(f"target_answer seconds must be in [0, 86400], got {secs!r}")
    assert share_ok is not None
    return share_ok, float(secs)


def _money(
    scenario: Scenario | None,
    menu: TariffMenu,
    lost_call_value: float | None,
    staff_cost: float | None,
    hours_per_month: float | None,
) -> Money:
    if lost_call_value is not None:
        lcv = check_money("lost_call_value", lost_call_value)
    else:
        lcv = float(scenario.lost_call_value) if scenario is not None else 0.0
    if staff_cost is not None:
        sc = check_money("staff_cost", staff_cost)
    elif scenario is not None and "staff_cost" in scenario.model_fields_set:
        sc = float(scenario.staff_cost)
    else:
        sc = menu.staff.monthly if menu.staff is not None else 0.0
    if scenario is not None and (lcv or sc) and scenario.currency != menu.currency:
        raise InputError(
            f"scenario {scenario.name!r} counts money in {scenario.currency} but the tariffs "
            f"in {menu.currency}; give tariffs in {scenario.currency} (--tariffs FILE)"
        )
    if hours_per_month is None:
        hpm = (
            period_hours_per_month(scenario)
            if scenario is not None
            else DEFAULT_OPEN_HOURS_PER_MONTH
        )
    else:
        hpm = hours_per_month
    if isinstance(hpm, bool) or not isinstance(hpm, int | float) or not 0 < hpm <= 744:
        raise InputError(f"hours_per_month must be in (0, 744], got {hpm!r}")
    return Money(lcv, sc, float(hpm), menu.currency)


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _staff_price_note(scenario: Scenario | None, menu: TariffMenu, money: Money) -> list[str]:
    """Say where the price of a person comes from when it is not the user's own."""
    if scenario is not None and "staff_cost" in scenario.model_fields_set:
        return []
    if money.staff_cost == 0:
        return [
            "People are not priced (no staff_cost and no staff entry on the tariff menu): the "
            "plan weighs lines and lost callers only; give --staff-cost to weigh people too."
        ]
    if scenario is not None:
        return [
            f"People are priced at {money.staff_cost:,.0f} {money.currency} a month each from "
            f"the tariff menu ({scenario.name!r} gives no staff_cost, so `run` on the file "
            "itself counts them at 0)."
        ]
    return []


def _sim_hours(hours: float | None, calls_per_hour: float) -> float:
    if hours is None:
        return float(min(200, max(20, round(20000.0 / (calls_per_hour * 1.5)))))
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 1 <= hours <= 100_000:
        raise InputError(f"hours must be in 1..100000, got {hours!r}")
    return float(hours)


def _talk_lengths(demand: Demand, minutes: float) -> CallDurations | None:
    """The answered calls of *minutes* a month by whole started seconds, for billing
    increments: exponential talk of mean ``demand.talk`` has ``P(ceil(T) = k) =
    e^{-(k-1)/m} - e^{-k/m}`` (cut where less than 1e-12 is left). None when talk is not
    exponential: its exact minutes are charged, and the simulation prices its calls."""
    if not demand.exponential or demand.talk <= 0 or minutes <= 0:
        return None
    import numpy as np

    m = demand.talk
    k = np.arange(1, math.ceil(m * 28.0) + 2)  # e^-28 < 1e-12
    prob = np.exp(-(k - 1) / m) - np.exp(-k / m)
    calls = minutes * 60.0 / m
    return CallDurations(seconds=k, counts=calls * prob)


def _priced(cand: Candidate, scr: Screened, demand: Demand, money: Money) -> dict[str, float]:
    """The formulas' figures and the month they cost, by :func:`teletraffic.costs.charge`."""
    minutes = scr.carried * 60.0 * money.hours_per_month
    per_line = minutes / len(cand.setup.lines)
    lengths = _talk_lengths(demand, per_line)
    usage = Usage(
        minutes_in={b.name: per_line for b in cand.setup.lines},
        minutes_out={},
        lost_callers=demand.calls_per_hour * money.hours_per_month * scr.p_caller_lost,
        calls_in={} if lengths is None else {b.name: lengths for b in cand.setup.lines},
    )
    items = charge(cand.setup, usage)
    out = scr.figures()
    out.update({f"monthly_{k}": float(v) for k, v in items.items()})
    return out


def _screen_menu(
    demand: Demand,
    streams: list[dict[str, Any]],
    common: dict[str, Any],
    menu: TariffMenu,
    money: Money,
    size: int,
    people: int | None,
    targets: Targets,
    answer_time: float,
    max_lines: int | None = None,
    least: int = 1,
) -> list[Candidate]:
    """Every set-up on the menu with its formula's figures, cost and verdict.

    Set-ups of fewer than *least* people or phones are not screened (they cannot carry
    the traffic: :func:`~teletraffic.experiments.planning.screen.least_people`). Behind
    a PBX, for each channel count: :func:`.search.screen_queue`.
    """
    cache: dict[tuple[int, int, int | None], Screened] = {}

    def judged(cand: Candidate, agents: int | None) -> Candidate:
        key = (cand.numbers, cand.channels // cand.numbers, agents)
        if key not in cache:
            cache[key] = screen(
                demand,
                numbers=cand.numbers,
                channels=cand.channels // cand.numbers,
                agents=agents,
                answer_time=answer_time,
            )
        scr = cache[key]
        cand.analytic = _priced(cand, scr, demand, money)
        cand.exact, cand.model = scr.exact, scr.model
        cand.misses = targets.misses(cand.analytic)
        cand.decided_by = "formula"
        return cand

    considered: list[Candidate] = []
    group: list[Candidate] = []
    menu_items = traffic_menu(streams, common, menu, money, size, people, max_lines, least)
    for cand, agents in menu_items:
        if agents is None:
            considered.append(judged(cand, None))
            continue
        if group and (group[0].kind, group[0].channels) != (cand.kind, cand.channels):
            considered.extend(screen_queue(group, judged))
            group = []
        group.append(cand)
    if group:
        considered.extend(screen_queue(group, judged))
    return considered


def _choose(considered: list[Candidate], confirmer: Confirmer) -> Candidate | None:
    """The cheapest set-up that meets the targets by what decides for it.

    An exact formula decides where there is one. Other set-ups are confirmed by
    simulation, per kind from the cheapest the formulas favour, with the sizes around.
    """
    exact = [c for c in considered if c.exact and c.meets]
    best = min(exact, key=lambda c: c.cost) if exact else None
    kinds = {c.kind for c in considered if not c.exact}
    for kind in sorted(kinds):
        pool = sorted(
            (c for c in considered if c.kind == kind and not c.exact),
            key=lambda c: c.analytic["monthly_total"] if c.analytic else math.inf,
        )
        favoured = [c for c in pool if c.meets]
        confirmed = None
        for cand in favoured[:12]:  # the formulas rank; the intervals decide
            if confirmer.judge(cand):
                confirmed = cand
                break
        if confirmed is None:
            for cand in pool:  # mark the rest as undecided by simulation
                if cand.decided_by == "formula" and not cand.exact:
                    cand.misses = None
            continue
        cheaper = [c for c in pool if c.cost < confirmed.cost and c is not confirmed]
        for cand in sorted(cheaper, key=lambda c: -c.cost)[:2]:
            if confirmer.judge(cand):
                confirmed = cand
            else:
                break
        for cand in pool:
            if cand.decided_by == "formula" and cand.simulated is None:
                cand.misses = None  # an approximation does not decide
        if best is None or confirmed.cost < best.cost:
            best = confirmed
    return best


def _below(best: Candidate | None, considered: list[Candidate]) -> Candidate | None:
    """The set-up one step smaller than *best* (a channel, or a person, fewer)."""
    if best is None:
        return None
    same = [c for c in considered if c.kind == best.kind]
    for c in same:
        if c.staff == best.staff and c.size == best.size - 1 and c.pbx != "none":
            return c
    for c in same:
        if c.size == best.size - 1 and c.pbx == "none":
            return c
    for c in same:
        if c.channels == best.channels and c.staff == best.staff - 1:
            return c
    return None


def _plan_office(
    scenario: Scenario,
    menu: TariffMenu,
    money: Money,
    targets: Targets,
    size_staff: bool,
    max_lines: int | None,
    runs: _Runs,
) -> Plan:
    if scenario.currency != menu.currency:
        raise InputError(
            f"scenario {scenario.name!r} counts money in {scenario.currency} but the tariffs "
            f"in {menu.currency}; give tariffs in {scenario.currency} (--tariffs FILE)"
        )
    confirmer = runs.confirmer(targets, money)
    considered, best, below, baseline, notes = office_plan(
        scenario, menu, money, targets, confirmer, size_staff=size_staff, max_lines=max_lines
    )
    notes.extend(_staff_price_note(scenario, menu, money))
    p = scenario.period
    period = f"{p.days:g} business days" if p.days is not None else f"{p.hours:g} h"
    inbound = [s for s in scenario.traffic if s.dial is not None]
    cph = sum(s.peak_rate for s in inbound) if inbound else 0.0
    description = (
        f"the office of {scenario.name!r} as it is organised "
        f"({cph:.3g} inbound calls in the busiest hour, "
        f"{_people(sum(d.staff for d in scenario.effective_departments))})"
    )
    notes.append(f"{confirmer.runs} simulations of {runs.replications} runs each.")
    return _result(
        considered,
        best,
        below,
        baseline,
        targets,
        menu,
        max((c.channels for c in considered), default=1),
        money,
        notes,
        {
            "hours": p.measured_seconds / 3600.0,
            "period": period,
            "replications": runs.replications,
            "seed": runs.seed,
            "answer_time": scenario.answer_time,
        },
        {
            "calls_per_hour": cph,
            "talk": math.nan,
            "patience": None,
            "redial": 0.0,
            "erlangs": math.nan,
            "people": None,
            "description": description,
        },
    )


def _result(
    considered: list[Candidate],
    best: Candidate | None,
    below: Candidate | None,
    baseline: Candidate | None,
    targets: Targets,
    menu: TariffMenu,
    size: int,
    money: Money,
    notes: list[str],
    simulation: dict[str, Any],
    traffic: dict[str, Any],
) -> Plan:
    import pandas as pd

    rows = [_row(c, best) for c in considered]
    candidates = pd.DataFrame(rows)
    return Plan(
        candidates=candidates,
        best=best,
        curves=_curves(considered),
        targets=targets.as_dict(),
        traffic=traffic,
        tariffs=menu,
        max_lines=size,
        hours_per_month=money.hours_per_month,
        simulation=simulation,
        considered=considered,
        notes=notes,
        bounds=targets,
        below=below,
        baseline=baseline,
    )


_FIGS = ("p_busy", "service_level", "p_abandon", "p_caller_lost", "mean_wait")


def _row(c: Candidate, best: Candidate | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "setup": c.kind,
        "label": c.label,
        "numbers": c.numbers,
        "channels": c.channels,
        "staff": c.staff,
        "pbx": c.pbx,
    }
    a = c.analytic or {}
    for key in (
        *_FIGS,
        "monthly_fixed",
        "monthly_usage",
        "monthly_lost_calls",
        "monthly_staff",
        "monthly_total",
    ):
        row[key] = a.get(key, math.nan)
    row["exact"] = c.exact
    row["model"] = c.model
    row["simulated"] = c.simulated is not None
    for key in (*_FIGS, "monthly_total"):
        m, lo, hi = c.simulated[key] if c.simulated is not None else (math.nan,) * 3
        row[f"sim_{key}"] = m
        row[f"sim_{key}_low"] = lo
        row[f"sim_{key}_high"] = hi
    row["meets_targets"] = c.meets
    row["misses"] = ", ".join(c.misses or [])
    row["decided_by"] = c.decided_by if c.misses is not None else "undecided"
    row["recommended"] = c is best
    return row


def _curves(considered: list[Candidate]) -> Any:
    import pandas as pd

    pick: dict[tuple[str, int], Candidate] = {}
    for c in considered:
        if c.analytic is None and c.simulated is None:
            continue
        key = (c.kind, c.size)
        cur = pick.get(key)
        if (
            cur is None
            or (c.meets and (not cur.meets or c.cost < cur.cost))
            or (not cur.meets and not c.meets and c.staff > cur.staff)
        ):
            pick[key] = c
    rows = []
    for (kind, size), c in sorted(pick.items()):
        fig = dict(c.analytic or {})
        if c.simulated is not None and (c.analytic is None or not c.exact):
            fig = {k: v[0] for k, v in c.simulated.items()}
        rows.append(
            {
                "setup": kind,
                "size": size,
                "staff": c.staff,
                "p_busy": fig.get("p_busy", math.nan),
                "mean_wait": fig.get("mean_wait", math.nan),
                "service_level": fig.get("service_level", math.nan),
                "p_abandon": fig.get("p_abandon", math.nan),
                "monthly_total": c.cost,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "setup",
            "size",
            "staff",
            "p_busy",
            "mean_wait",
            "service_level",
            "p_abandon",
            "monthly_total",
        ],
    )


del PLAN_FIGURES  # imported for its documentation; the confirmer records it
