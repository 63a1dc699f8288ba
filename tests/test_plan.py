"""The plan: the cheapest set-up that meets the targets, with money counted as run counts it.

The grid test enumerates every set-up on the menu by hand, with the formulas and the
tariffs directly (not through the plan's own menu), so a plan that skipped a kind,
stopped early, mispriced people or charged lost calls per attempt would pick a dearer
set-up than the cheapest one meeting the targets, and fail.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from teletraffic import erlang
from teletraffic.costs import cost_summary, monthly_costs
from teletraffic.errors import InputError
from teletraffic.experiments import compare, plan
from teletraffic.runner import simulate
from teletraffic.scenario import load_scenario, scenario_from_dict
from teletraffic.tariffs import TariffMenu, load_tariffs

ROOT = Path(__file__).resolve().parents[1]
QUICK: dict[str, Any] = {"replications": 3, "hours": 20}
HPM = 189.0  # the month of a plan from numbers: 21 days x 9 h


def _by_hand(
    menu: TariffMenu,
    cph: float,
    talk: float,
    patience: float | None,
    targets: dict[str, Any],
    lost_value: float,
    staff_price: float,
    size: int,
) -> float:
    """The cheapest monthly cost over every set-up meeting *targets*, by the formulas."""
    a = cph * talk / 3600.0
    best = math.inf
    t_answer = targets.get("answer", (0.0, 20.0))

    def ok(p_busy: float, sl: float, p_ab: float, wait: float) -> bool:
        lost = p_busy + p_ab
        if "busy" in targets and (
            p_busy > targets["busy"] + 1e-12 or p_ab > targets["busy"] + 1e-12
        ):
            return False
        if "busy" not in targets and lost > 0.05 + 1e-12:
            return False
        if "answer" in targets and sl < targets["answer"][0] - 1e-12:
            return False
        return not ("answer" not in targets and patience is None and wait > 60 + 1e-9)

    def month(fixed: float, people: int, lost_share: float) -> float:
        return fixed + people * staff_price + lost_value * cph * HPM * lost_share

    for tariff in (menu.city_number, menu.mobile_number):
        if tariff is None:
            continue
        for k in range(1, size + 1):
            b = float(erlang.erlang_b(1, a / k))
            if ok(b, 1 - b, 0.0, 0.0):
                fixed = k * (tariff.monthly + tariff.per_number + tariff.per_channel)
                best = min(best, month(fixed, k, b))
    for tariff in (menu.multichannel, menu.ip):
        if tariff is None:
            continue
        line = tariff.monthly + tariff.per_number
        for c in range(1, min(2 * size, size + 20) + 1):  # a queue may use more channels
            b = float(erlang.erlang_b(c, a))
            if c <= size and ok(b, 1 - b, 0.0, 0.0):
                best = min(best, month(line + c * tariff.per_channel, c, b))
            for pbx in (menu.virtual_pbx, menu.office_pbx):
                if pbx is None:
                    continue
                for n in range(1, c):
                    r = erlang.mmnk(n, c, a, talk, patience)
                    if ok(r.p_busy, r.service_level(t_answer[1]), r.p_abandon, r.mean_wait):
                        fixed = (
                            line
                            + c * tariff.per_channel
                            + pbx.monthly
                            + pbx.per_user * n
                            + pbx.purchase / pbx.spread_months
                        )
                        best = min(best, month(fixed, n, r.p_busy + r.p_abandon))
    return best


GRID = [
    # calls/h, talk s, patience s, targets, lost-call value, staff price
    (40, 180, None, {"busy": 0.02}, 0.0, 60000.0),
    (40, 180, None, {"busy": 0.02}, 0.0, 0.0),
    (78, 220, None, {"busy": 0.03}, 500.0, 60000.0),
    (60, 180, 60, {"answer": (0.8, 20.0)}, 800.0, 60000.0),
    (120, 240, 90, {"busy": 0.01}, 2000.0, 40000.0),
    (15, 300, None, {"answer": (0.9, 30.0)}, 0.0, 20000.0),
    (200, 150, 45, {"busy": 0.05}, 300.0, 60000.0),
]


@pytest.mark.slow
@pytest.mark.parametrize(("cph", "talk", "patience", "targets", "lost", "staff"), GRID)
def test_plan_never_misses_by_the_formula_and_is_never_dearer(
    cph: float,
    talk: float,
    patience: float | None,
    targets: dict[str, Any],
    lost: float,
    staff: float,
) -> None:
    menu = load_tariffs()
    result = plan(
        calls_per_hour=cph,
        talk=talk,
        patience=patience,
        target_busy=targets.get("busy"),
        target_answer=targets.get("answer"),
        lost_call_value=lost,
        staff_cost=staff,
        **QUICK,
    )
    best = result.best
    assert best is not None
    assert best.exact
    assert best.decided_by == "formula"
    a = cph * talk / 3600.0
    # the choice meets every target by the formula ...
    if best.pbx == "none":
        lines = best.numbers
        p_busy = float(erlang.erlang_b(best.channels // lines, a / lines))
        p_ab, sl, wait = 0.0, 1 - p_busy, 0.0
    else:
        r = erlang.mmnk(best.staff, best.channels, a, talk, patience)
        p_busy, p_ab, wait = r.p_busy, r.p_abandon, r.mean_wait
        sl = r.service_level(targets.get("answer", (0, 20.0))[1])
    if "busy" in targets:
        assert p_busy <= targets["busy"] + 1e-12
        assert p_ab <= targets["busy"] + 1e-12
    else:
        assert p_busy + p_ab <= 0.05 + 1e-12
    if "answer" in targets:
        assert sl >= targets["answer"][0] - 1e-12
    elif patience is None:
        assert wait <= 60 + 1e-9
    # ... and is the cheapest set-up on the whole menu that does
    cheapest = _by_hand(menu, cph, talk, patience, targets, lost, staff, result.max_lines)
    assert best.cost == pytest.approx(cheapest, rel=1e-9)


@pytest.mark.slow
def test_the_menu_follows_the_traffic() -> None:
    result = plan(calls_per_hour=2000, talk=180, target_busy=0.01, **QUICK)
    a = 2000 * 180 / 3600
    assert result.max_lines >= erlang.lines_for_blocking(a, 0.001)
    assert result.best is not None
    assert result.best.channels > 10


def test_people_fixed() -> None:
    """An office of four people is planned for four people, not told to hire ten."""
    result = plan(calls_per_hour=40, talk=180, people=4, target_busy=0.02, **QUICK)
    assert result.best is not None
    assert result.best.staff == 4
    assert set(result.candidates["staff"]) == {4}
    assert "4 people in the office" in result.explanation()


@pytest.mark.slow
def test_the_people_count_moves_with_their_price() -> None:
    free = plan(calls_per_hour=40, talk=180, target_busy=0.02, staff_cost=0, **QUICK)
    dear = plan(calls_per_hour=40, talk=180, target_busy=0.02, staff_cost=200000, **QUICK)
    assert free.best is not None
    assert dear.best is not None
    assert dear.best.staff < free.best.staff
    # the menu's staff entry is the default price
    menu = load_tariffs()
    assert menu.staff is not None
    default = plan(calls_per_hour=40, talk=180, target_busy=0.02, **QUICK)
    assert default.best is not None
    assert default.best.analytic is not None
    assert default.best.analytic["monthly_staff"] == menu.staff.monthly * default.best.staff


@pytest.mark.slow
def test_lost_calls_are_charged_per_lost_caller_as_run_charges_them() -> None:
    """With redials, plan, run and costs agree: lost callers, never failed attempts."""
    result = plan(
        calls_per_hour=40,
        talk=180,
        patience=60,
        redial=0.6,
        target_busy=0.02,
        lost_call_value=800,
        replications=4,
        hours=40,
    )
    best = result.best
    assert best is not None
    assert best.simulated is not None
    sc = best.scenario
    assert sc.period.month_hours == HPM
    run = simulate(sc, replications=4, seed=sc.seed)
    costs = monthly_costs(sc, run)  # the set-up says its month: 189 open hours
    reps = run.replications
    lost = reps[("lost_callers", "all")].to_numpy()
    callers = reps[("callers", "all")].to_numpy()
    assert (lost <= callers).all()
    scale = HPM * 3600 / sc.period.measured_seconds
    assert costs["lost_calls"].to_numpy() == pytest.approx(800 * lost * scale)
    # the plan's simulated month is the same money as run's, for the same set-up and seed
    assert best.simulated["monthly_total"][0] == pytest.approx(costs["total"].mean())
    summary = cost_summary(sc, run).set_index("item")
    assert summary.loc["total", "mean"] == pytest.approx(costs["total"].mean())
    side = compare([sc, sc], replications=4, seed=sc.seed).summary
    totals = side[side["metric"] == "monthly_total"]["mean"].to_numpy()
    assert totals == pytest.approx([costs["total"].mean()] * 2)


@pytest.mark.slow
def test_every_plan_bounds_loss() -> None:
    # an answer-time target alone: no set-up where many hear busy
    result = plan(calls_per_hour=60, talk=180, patience=60, target_answer=(0.8, 20), **QUICK)
    assert result.bounds.lost == 0.05
    assert "lost" in result.bounds.implied
    assert result.best is not None
    assert result.best.analytic is not None
    assert result.best.analytic["p_caller_lost"] <= 0.05
    assert "implied" in result.explanation().splitlines()[0]
    # callers who hold forever: waits are bounded
    forever = plan(calls_per_hour=40, talk=180, target_busy=0.05, **QUICK)
    assert forever.bounds.wait == 60.0
    assert forever.best is not None
    assert forever.best.analytic is not None
    assert forever.best.analytic["mean_wait"] <= 60.0


def test_one_step_smaller_misses_and_the_sentence_says_which_bound_decided() -> None:
    result = plan(calls_per_hour=78, talk=220, target_busy=0.03, **QUICK)
    assert result.best is not None
    assert result.below is not None
    assert not result.below.meets
    assert "What decided the size: at most 3.0% hear busy" in result.explanation()


def test_only_single_numbers_on_the_menu() -> None:
    menu = TariffMenu.from_dict({"city_number": {"monthly": 600}}, fill_defaults=False)
    result = plan(calls_per_hour=40, talk=180, target_busy=0.02, tariffs=menu, **QUICK)
    assert result.best is None
    assert set(result.candidates["setup"]) == {"city_numbers"}
    assert "No set-up on the menu meets the target" in result.explanation()


def _short_office() -> Any:
    office = load_scenario(ROOT / "scenarios" / "office.yaml")
    data = office.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["period"] = {"days": 2, "open": "09:00", "close": "18:00"}
    return scenario_from_dict(data)


@pytest.mark.slow
def test_an_office_is_planned_as_it_is_organised() -> None:
    office = _short_office()
    result = plan(office, target_busy=0.02, replications=6)
    best = result.best
    assert best is not None
    sc = best.scenario
    # the organisation is kept: departments, rules, routes, transfers, callers
    assert [d.name for d in sc.departments or []] == [d.name for d in office.departments or []]
    assert [d.answers for d in sc.departments or []] == [
        d.answers for d in office.departments or []
    ]
    assert sc.routes == office.routes
    assert sc.transfers == office.transfers
    assert sc.conference == office.conference
    assert [s.model_dump() for s in sc.traffic] == [s.model_dump() for s in office.traffic]
    # and the whole office, simulated as it is recommended, meets the target
    run = simulate(sc, replications=6, seed=sc.seed)
    assert run.ci("p_busy")[1] <= 0.02
    assert run.ci("p_abandon")[1] <= 0.02
    text = result.explanation()
    assert "The office as it is" in text
    assert "simulated as the whole office" in text


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"talk": 180, "target_busy": 0.02}, "calls_per_hour and talk"),
        (
            {"calls_per_hour": -1, "talk": 180, "target_busy": 0.02},
            "calls_per_hour must be above 0",
        ),
        (
            {"calls_per_hour": 40, "talk": 180, "target_busy": 0},
            r"target_busy must be a share in \(0, 1\)",
        ),
        ({"calls_per_hour": 40, "talk": 180, "target_busy": 0.02, "max_lines": 0}, "max_lines"),
        ({"calls_per_hour": 40, "talk": 180, "target_answer": (0.8,)}, "target_answer must be"),
        ({"calls_per_hour": 40, "talk": 180, "target_busy": 0.02, "redial": 1.5}, "redial"),
        ({"calls_per_hour": 40, "talk": 180, "people": 0}, "people"),
        ({"calls_per_hour": 40, "talk": 180, "size_staff": True}, "size_staff"),
        ({"calls_per_hour": 40, "talk": 180, "target_abandon": 0}, "target_abandon 0"),
    ],
)
def test_plan_bad_arguments(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InputError, match=match):
        plan(**kwargs)
