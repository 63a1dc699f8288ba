"""Department figures: every call that reached a department, with the outcome it had there.

A call answered by the requests desk and transferred to support counts once for
requests (answered, ``transferred``) and once for support (``transfers_in``, with its
outcome and wait at support); the attempt itself counts once in ``all`` with its last
outcome.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_random_scenarios import scenarios

from teletraffic.engine import run_replication
from teletraffic.records import CallRecord, Outcome
from teletraffic.runner import layout_of, replicate, simulate
from teletraffic.scenario import load_scenario, scenario_from_dict
from teletraffic.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
LABELS = [o.label for o in Outcome]


def figures(
    spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]]
) -> tuple[dict[tuple[str, str], float], list[CallRecord]]:
    """One replication of *spec* with the given arrival times: its figures and call log."""
    base: dict[str, Any] = {"name": "departments", "period": {"hours": 10, "warmup": 0}}
    base.update(spec)
    scenario = scenario_from_dict(base)
    figs, log = replicate(scenario, 0, 1, keep_log=True, arrivals=arrivals)
    assert log is not None
    return figs, log


def transfer_spec(when_busy: str = "queue", hold: bool = True) -> dict[str, Any]:
    return {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
                "patience": {"dist": "deterministic", "mean": 60},
            }
        ],
        "pbx": {"kind": "office", "hold": {}} if hold else {"kind": "office"},
        "departments": [
            {"name": "requests", "staff": 1},
            {"name": "support", "staff": 1, "answers": "transferred"},
        ],
        "routes": {"1": "requests"},
        "transfers": [
            {
                "from": "requests",
                "to": "support",
                "share": 1.0,
                "talk": {"dist": "deterministic", "mean": 500},
                "when_busy": when_busy,
            }
        ],
    }


def test_a_transferred_call_counts_in_both_departments_with_what_each_saw() -> None:
    # A at 0: requests 0..100, support 100..600, answered.
    # B at 150: requests 150..250, then waits in support's queue (support busy until 600)
    #   and hangs up after its 60 s patience at 310: abandoned, for the attempt and support.
    # C at 700: requests 700..800, support 800..1300, answered.
    figs, log = figures(transfer_spec(), {"c": [0, 150, 700]})
    req, sup = "department:requests", "department:support"

    # the attempts: three, each with its last outcome and its whole wait
    assert figs[("offered", "all")] == 3
    assert figs[("answered", "all")] == 2
    assert figs[("abandoned", "all")] == 1
    assert figs[("mean_wait", "all")] == pytest.approx(60 / 3)

    # requests answered all three, then passed them on: no wait, 100 s each
    assert figs[("offered", req)] == 3
    assert figs[("answered", req)] == 3
    assert figs[("p_not_answered", req)] == 0
    assert figs[("transferred", req)] == 3
    assert figs[("transfers_in", req)] == 0
    assert figs[("mean_wait", req)] == 0
    assert figs[("mean_talk", req)] == pytest.approx(100)
    assert figs[("callers", req)] == 3
    assert figs[("lost_callers", req)] == 1  # a caller belongs where they called

    # support got three transfers: answered two, lost one after 60 s in its queue
    assert figs[("offered", sup)] == 3
    assert figs[("transfers_in", sup)] == 3
    assert figs[("transfers_in_answered", sup)] == 2
    assert figs[("answered", sup)] == 2
    assert figs[("abandoned", sup)] == 1
    assert figs[("p_abandon", sup)] == pytest.approx(1 / 3)
    assert figs[("mean_wait", sup)] == pytest.approx(60 / 3)
    assert figs[("mean_wait_answered", sup)] == 0
    assert figs[("mean_talk", sup)] == pytest.approx(500)
    assert figs[("callers", sup)] == 0

    # each member answered what their department answered
    assert figs[("answered", "staff:requests/1")] == 3
    assert figs[("answered", "staff:support/1")] == 2

    # the call log: the staff column is who ended the call, first_* who answered first
    rows = sorted(log, key=lambda r: r.arrival)
    assert [(r.staff_department, r.staff) for r in rows] == [(1, 0), (-1, -1), (1, 0)]
    assert [(r.first_department, r.first_staff) for r in rows] == [(0, 0), (0, 0), (0, 0)]
    assert [Outcome(r.outcome).label for r in rows] == ["answered", "abandoned", "answered"]


@pytest.mark.parametrize(
    ("hold", "when_busy", "seen"),
    [
        ({}, "ring_back", "busy"),  # nobody free at support: back to requests
        (None, "queue", "busy"),  # no hold queue at all
        ({"max_callers": 1}, "queue", "queue_full"),  # B holds at support, C finds it full
    ],
)
def test_a_transfer_that_rings_back_counts_where_it_could_not_go(
    hold: dict[str, Any] | None, when_busy: str, seen: str
) -> None:
    # A at 0: requests 0..100, support 100..600. B at 110 and C at 220: requests
    # answers each for 100 s, then support is still busy: the call rings back to
    # requests, which ends it (answered), or waits at support's queue if it may.
    spec = transfer_spec(when_busy)
    del spec["traffic"][0]["patience"]
    spec["pbx"] = {"kind": "office"} if hold is None else {"kind": "office", "hold": hold}
    figs, _ = figures(spec, {"c": [0, 110, 220]})
    req, sup = "department:requests", "department:support"
    assert figs[("answered", "all")] == 3
    assert figs[("answered", req)] == 3
    assert figs[("transfers_in", sup)] == 3
    assert figs[("offered", sup)] == 3
    lost_here = 1 if seen == "queue_full" else 2
    assert figs[(seen, sup)] == lost_here
    assert figs[("answered", sup)] == 3 - lost_here
    assert figs[("transfers_in_answered", sup)] == 3 - lost_here
    assert figs[("answered", "staff:support/1")] == 3 - lost_here
    if seen == "queue_full":  # B waited at support from 210 until 600
        assert figs[("mean_wait_answered", sup)] == pytest.approx(390 / 2)
        assert figs[("mean_wait", req)] == 0


def test_a_redirected_call_rang_out_in_the_first_department() -> None:
    spec = {
        "lines": [{"name": "cloud", "kind": "multichannel", "numbers": ["1"], "channels": 2}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            }
        ],
        "pbx": {"kind": "virtual"},
        "departments": [
            {
                "name": "managers",
                "staff": 1,
                "pickup": 0.000001,
                "ring_timeout": 10,
                "redirect": "backup",
            },
            {"name": "backup", "staff": 1},
        ],
        "routes": {"1": "managers"},
    }
    figs, log = figures(spec, {"c": [0]})
    assert figs[("answered", "all")] == 1
    assert figs[("mean_wait", "all")] == 10
    assert figs[("unanswered", "department:managers")] == 1
    assert figs[("redirected", "department:managers")] == 1
    assert figs[("mean_wait", "department:managers")] == 10
    assert figs[("answered", "department:backup")] == 1
    assert figs[("redirected_in", "department:backup")] == 1
    assert figs[("mean_wait", "department:backup")] == 0
    (row,) = log
    # nobody answered before
    assert (row.staff_department, row.staff, row.first_department, row.first_staff) == (1, 0, 1, 0)


def test_the_call_log_is_the_records_the_statistics_counted() -> None:
    """The engine's log and the tally see the same records: one per attempt."""
    scenario = scenario_from_dict(
        {"name": "log", "period": {"hours": 10, "warmup": 0}, **transfer_spec()}
    )
    seen: list[CallRecord] = []

    class Counting(Tally):
        def attempt(self, record: CallRecord) -> None:
            seen.append(record)
            super().attempt(record)

    tally = Counting(layout_of(scenario), scenario.answer_time)
    rep = run_replication(scenario, 0, 1, tally, keep_log=True)
    assert rep.log
    assert rep.log == seen
    assert all(isinstance(row, CallRecord) for row in rep.log)


def check_departments(result: Any) -> None:
    """Department figures against the attempts, replication by replication."""
    reps = result.replications
    scenario = result.scenario
    depts = [d.name for d in scenario.effective_departments]
    staff = {d.name: d.staff for d in scenario.effective_departments}
    dials_out = {s.from_ for s in scenario.traffic if s.from_ is not None}
    scopes = ["all"] + [f"department:{d}" for d in depts]

    def col(metric: str, scope: str) -> Any:
        return reps[(metric, scope)] if (metric, scope) in reps.columns else 0.0

    for scope in scopes:  # offered is the sum of the outcomes, in every scope
        total = sum(col(label, scope) for label in LABELS)
        assert (reps[("offered", scope)] == total).all(), scope
    dept = {m: sum(col(m, f"department:{d}") for d in depts) for m in COUNTED}
    # every attempt once, plus once per hand-off
    extra = dept["transfers_in"] + dept["redirected_in"]
    assert (dept["offered"] == reps[("offered", "all")] + extra).all()
    assert (dept["transferred"] == dept["transfers_in"]).all()
    assert (dept["redirected"] == dept["redirected_in"]).all()
    # callers belong to the department they called
    assert (dept["callers"] == reps[("callers", "all")]).all()
    assert (dept["lost_callers"] == reps[("lost_callers", "all")]).all()
    for d in depts:  # what a department answered, its members answered
        if d in dials_out:  # its own calls out are placed, or dropped, not answered
            continue
        members = sum(col("answered", f"staff:{d}/{i + 1}") for i in range(staff[d]))
        answered = col("answered", f"department:{d}") + col("dropped", f"department:{d}")
        assert (members == answered).all(), d
    redirect_targets = {
        d.redirect for d in scenario.effective_departments if d.redirect is not None
    }
    for d in scenario.effective_departments:  # transfers answered: at most those in, and
        scope = f"department:{d.name}"  # all that a transfers-only department answered
        took = col("transfers_in_answered", scope)
        assert (took <= col("transfers_in", scope)).all(), d.name
        talked = col("answered", scope) + col("dropped", scope)
        assert (took <= talked).all(), d.name
        dials_out = any(s.from_ == d.name for s in scenario.traffic)  # its own calls out
        if d.answers == "transferred" and d.name not in redirect_targets and not dials_out:
            assert (took == talked).all(), d.name
    for scope in [sc for m, sc in reps.columns if m == "staff_occupancy"]:
        assert (reps[("staff_occupancy", scope)].dropna() <= 1.0).all(), scope


COUNTED = (
    "offered",
    "transferred",
    "transfers_in",
    "redirected",
    "redirected_in",
    "callers",
    "lost_callers",
)


@pytest.mark.slow
def test_office_departments_add_up_and_requests_counts_every_call_it_got() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "office.yaml")
    result = simulate(scenario, replications=4, seed=7)
    check_departments(result)
    reps = result.replications
    req = "department:requests"
    # every client call reaches the requests desk first: its calls are the clients'
    clients = reps[("offered", "stream:clients")]
    assert (reps[("offered", req)] == clients).all()
    assert (reps[("busy", req)] == reps[("busy", "stream:clients")]).all()
    # support answers only transferred calls: all it got, it got by transfer
    sup = "department:support"
    assert (reps[("offered", sup)] == reps[("transfers_in", sup)]).all()
    assert (reps[("transfers_in", sup)] > 0).all()
    assert (reps[("callers", sup)] == 0).all()


REDIRECT_OFFICE: dict[str, Any] = {
    "name": "redirects and transfers",
    "period": {"days": 2, "open": "09:00", "close": "13:00"},
    "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1", "2"], "channels": 6}],
    "traffic": [
        {"name": "a", "dial": "1", "calls_per_hour": 50, "talk": "3m", "patience": "1m"},
        {
            "name": "b",
            "dial": "2",
            "calls_per_hour": 10,
            "talk": "2m",
            "redial": {"probability": 0.5, "after": "2m"},
        },
    ],
    "pbx": {"kind": "office", "hold": {"max_callers": 2, "max_wait": "2m"}},
    "departments": [
        {
            "name": "front",
            "staff": 2,
            "strategy": "round_robin",
            "pickup": 0.7,
            "ring_timeout": "15s",
            "redirect": "back",
        },
        {"name": "back", "staff": 2, "wrap_up": "20s"},
        {"name": "experts", "staff": 1, "answers": "transferred"},
    ],
    "routes": {"1": "front", "2": "back"},
    "transfers": [
        {"from": "front", "to": "experts", "share": 0.3, "when_busy": "ring_back"},
        {"from": "front", "to": "back", "share": 0.2, "mode": "attended", "consult": "20s"},
        {"from": "back", "to": "experts", "share": 0.2},
    ],
}


def test_redirects_and_chains_of_transfers_add_up() -> None:
    result = simulate(scenario_from_dict(REDIRECT_OFFICE), replications=3, seed=2)
    check_departments(result)
    reps = result.replications
    assert (reps[("redirected", "department:front")] > 0).all()
    assert (reps[("transfers_in", "department:experts")] > 0).all()
    assert (reps[("transfers_in", "department:back")] > 0).all()
    assert (reps[("busy", "department:experts")] > 0).all()  # rang back
    # the attempt scopes are the sum of the streams, as before
    for metric in ("offered", "answered", "abandoned", "unanswered"):
        streams = reps[(metric, "stream:a")] + reps[(metric, "stream:b")]
        assert (streams == reps[(metric, "all")]).all()


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 1000))
def test_random_scenarios_departments_add_up(spec: dict[str, Any], seed: int) -> None:
    check_departments(simulate(scenario_from_dict(spec), replications=2, seed=seed))


def test_a_department_in_the_middle_of_a_transfer_chain_counts_the_transfers_it_answered() -> None:
    """requests -> support -> accounting: support answers transfers only, then passes on."""
    chain = {
        "name": "chain",
        "period": {"hours": 60},
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 20}],
        "traffic": [
            {"name": "clients", "dial": "1", "calls_per_hour": 10, "talk": "2m", "patience": "5m"}
        ],
        "pbx": {"kind": "office", "hold": {"max_callers": 10}},
        "departments": [
            {"name": "requests", "staff": 3},
            {"name": "support", "staff": 3, "answers": "transferred"},
            {"name": "accounting", "staff": 3, "answers": "transferred"},
        ],
        "routes": {"1": "requests"},
        "transfers": [
            {"from": "requests", "to": "support", "share": 1.0, "talk": "2m"},
            {"from": "support", "to": "accounting", "share": 1.0, "talk": "2m"},
        ],
    }
    result = simulate(scenario_from_dict(chain), replications=2, seed=1)
    check_departments(result)
    reps = result.replications
    support = reps[("transfers_in_answered", "department:support")]
    assert (support > 0).all()
    assert (support == reps[("answered", "department:support")]).all()
