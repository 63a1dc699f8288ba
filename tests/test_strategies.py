"""Strategies: compared by their per-staff figures, and told apart by exact event logs."""

from __future__ import annotations

import itertools
from typing import Any, get_args

import pytest

from teletraffic.distributions import stream_rng
from teletraffic.engine.strategies import STRATEGIES
from teletraffic.records import Outcome
from teletraffic.runner import SimulationResult, replicate, simulate
from teletraffic.scenario import Strategy as ScenarioStrategy
from teletraffic.scenario import scenario_from_dict


def run(strategy: str) -> SimulationResult:
    spec = {
        "name": strategy,
        "period": {"hours": 200, "warmup": "2h"},
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
        "departments": [{"name": "d", "staff": 4, "strategy": strategy}],
    }
    return simulate(scenario_from_dict(spec), replications=10, seed=7)


def test_linear_loads_the_first_person_most_round_robin_evens_out() -> None:
    linear, rr = run("linear"), run("round_robin")
    first = linear.ci("answered", "staff:d/1", level=0.99)
    last = linear.ci("answered", "staff:d/4", level=0.99)
    assert first[0] > last[1]
    fair_rr = rr.ci("fairness", "department:d", level=0.99)
    fair_linear = linear.ci("fairness", "department:d", level=0.99)
    assert fair_rr[0] > fair_linear[1]
    assert rr.value("fairness", "department:d") > 0.99
    # the same callers, the same capacity: the busy share does not depend on who answers
    assert abs(linear.value("p_busy") - rr.value("p_busy")) < 0.01


def test_occupancy_of_staff_adds_up_to_the_department() -> None:
    result = run("random")
    per_staff = [result.value("staff_occupancy", f"staff:d/{i}") for i in range(1, 5)]
    assert abs(sum(per_staff) / 4 - result.value("staff_occupancy", "department:d")) < 1e-9


# --------------------------------------------------------------------------------------
# Each strategy by an exact event log: any two swapped, a log goes wrong.

SHARED_DESK: dict[str, Any] = {
    "name": "strategies apart",
    "period": {"hours": 10, "warmup": 0},
    "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 6}],
    "traffic": [
        {
            "name": "long",
            "dial": "1",
            "calls_per_hour": 1,
            "talk": {"dist": "deterministic", "mean": 100},
        },
        {
            "name": "short",
            "dial": "1",
            "calls_per_hour": 1,
            "talk": {"dist": "deterministic", "mean": 10},
        },
    ],
    "pbx": {"kind": "virtual", "hold": {}},
}
"""Three people (d/1, d/2, d/3) behind one number, a hold queue, every rung person
picking up after exactly 5 s. Long calls talk 100 s, short ones 10 s."""
ARRIVALS = {"long": [0.0, 1.0], "short": [2.0, 20.0, 200.0, 220.0, 240.0]}

# (arrival, who answered, wait): who took each call, and how long the caller waited
EXPECTED: dict[str, list[tuple[float, int, float]]] = {
    # one at a time, always from the top: the first free person
    "linear": [(0, 1, 5), (1, 2, 5), (2, 3, 5), (20, 3, 5), (200, 1, 5), (220, 1, 5), (240, 1, 5)],
    # all free people ring at once and are held while it rings: the calls at 1 s and 2 s
    # wait for the ringing before them to end (5 s, then 10 s); at 20 s d/3 is still in
    # its 10 s call (15..25) and the caller waits for it; ties go to the top of the list
    "ring_all": [
        (0, 1, 5),
        (1, 2, 9),
        (2, 3, 13),
        (20, 3, 10),
        (200, 1, 5),
        (220, 1, 5),
        (240, 1, 5),
    ],
    # the one after whoever was rung last, wrapping: ... d/3, then d/1, d/2, d/3
    "round_robin": [
        (0, 1, 5),
        (1, 2, 5),
        (2, 3, 5),
        (20, 3, 5),
        (200, 1, 5),
        (220, 2, 5),
        (240, 3, 5),
    ],
    # free the longest: at 200 s d/3 (free since 35 s) before d/1 (105) and d/2 (106); at
    # 220 s d/1 (105), at 240 s d/2 (106) before d/3 (free again since 215)
    "longest_idle": [
        (0, 1, 5),
        (1, 2, 5),
        (2, 3, 5),
        (20, 3, 5),
        (200, 3, 5),
        (220, 1, 5),
        (240, 2, 5),
    ],
    # fewest answered so far, ties from the top: at 200 s d/1 and d/2 have 1, d/3 has 2:
    # d/1; at 220 s d/2 (1 call); at 240 s all have 2: d/1
    "fewest_calls": [
        (0, 1, 5),
        (1, 2, 5),
        (2, 3, 5),
        (20, 3, 5),
        (200, 1, 5),
        (220, 2, 5),
        (240, 1, 5),
    ],
    # one uniform draw from the department's own stream picks among the free (checked
    # below)
    "random": [(0, 2, 5), (1, 3, 5), (2, 1, 5), (20, 1, 5), (200, 1, 5), (220, 3, 5), (240, 1, 5)],
    # Asterisk wrandom: each free member draws 0..999 (penalty 0), the lowest rings
    # (checked below against the draws)
    "wrandom": [(0, 1, 5), (1, 3, 5), (2, 2, 5), (20, 2, 5), (200, 3, 5), (220, 2, 5), (240, 1, 5)],
    # FreeSWITCH least talk time: d/3 talked 10 s + 10 s against 100 s each for d/1 and
    # d/2: from 200 s on d/3 takes every call
    "agent-with-least-talk-time": [
        (0, 1, 5),
        (1, 2, 5),
        (2, 3, 5),
        (20, 3, 5),
        (200, 3, 5),
        (220, 3, 5),
        (240, 3, 5),
    ],
}
SAME_ORDER: dict[str, list[str]] = {
    "ring_all": ["ringall", "ring-all"],
    "linear": ["top-down", "sequentially-by-agent-order", "ring-progressively"],
    "round_robin": ["rrmemory", "rrordered", "round-robin"],
    "fewest_calls": ["fewestcalls", "agent-with-fewest-calls"],
    "longest_idle": ["leastrecent", "longest-idle-agent"],
}
"""Names whose log above is the same as another's: the same order on this desk (every
rung person picks up, so no ring times out; calls end as the person is free again).
``ring-progressively`` (one more every 10 s) and ``leastrecent`` (by the end of the
last call, not the last ring) are told apart in ``tests/engine/test_strategy_semantics.py``."""
for _name, _alike in SAME_ORDER.items():
    for _other in _alike:
        EXPECTED[_other] = EXPECTED[_name]


def event_log(strategy: str) -> list[tuple[float, int, float]]:
    """``(arrival, member answering (1-based), wait)`` of each call, in arrival order."""
    spec = {
        **SHARED_DESK,
        "departments": [
            {
                "name": "d",
                "staff": 3,
                "strategy": strategy,
                "pickup_delay": {"dist": "deterministic", "mean": 5},
            }
        ],
    }
    _, log = replicate(scenario_from_dict(spec), 0, 1, keep_log=True, arrivals=ARRIVALS)
    assert log is not None
    assert all(r.outcome == Outcome.ANSWERED for r in log)
    return sorted((r.arrival, r.staff + 1, round(r.wait, 9)) for r in log)


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_each_strategy_gives_its_own_exact_event_log(strategy: str) -> None:
    assert event_log(strategy) == EXPECTED[strategy]


def _same_order(a: str, b: str) -> bool:
    return any({a, b} <= {name, *alike} for name, alike in SAME_ORDER.items())


def test_the_strategies_are_pairwise_different_but_aliases() -> None:
    assert set(EXPECTED) == set(STRATEGIES)
    firsts = [name for name in EXPECTED if not any(name in a for a in SAME_ORDER.values())]
    logs = [tuple(EXPECTED[name]) for name in firsts]
    assert len(set(logs)) == len(logs) == 8


def test_wrandom_takes_the_lowest_draw_from_the_departments_stream() -> None:
    """The wrandom log replayed by hand: with n free members (each drawing 0..999), the
    lowest draw is the largest m with ``P(lowest >= m) = ((1000 - m) / 1000) ** n``
    above ``1 - u``, and the member who rings the k-th free one in list order, k the
    largest with ``P(K >= k) = (r ** k - r ** n) / (1 - r ** n)`` above v, r = 1 - 1 /
    (1000 - m): two uniforms u, v from the department's ``ring`` stream per call with two
    or more free (:class:`teletraffic.engine.free.Weighted`), looked up by scanning here
    rather than by its closed forms."""
    rng = stream_rng(1, 0, "department:d", "ring")
    # 0 s: d/1 (100 s call); 1 s: d/3 (100 s); 2 s and 20 s: d/2 alone (short calls);
    # 200, 220, 240 s: all three free
    free_at_each_call = [[1, 2, 3], [2, 3], [2], [2], [1, 2, 3], [1, 2, 3], [1, 2, 3]]
    expected = []
    for free in free_at_each_call:
        n = len(free)
        if n == 1:
            expected.append(free[0])
            continue
        u = 1.0 - rng.random()
        m = max(m for m in range(1000) if u < ((1000 - m) / 1000) ** n)
        r = 1.0 - 1.0 / (1000 - m)
        v = rng.random() if 1000 - m > 1 else 0.0
        k = max(k for k in range(n) if v < (r**k - r**n) / (1 - r**n) or k == 0)
        expected.append(free[k])
    assert [who for _, who, _ in EXPECTED["wrandom"]] == expected


def test_random_takes_one_uniform_draw_from_the_departments_stream() -> None:
    """The random log replayed by hand: the free members in the index's array at each
    call (one taken out swaps places with the last; one free again goes last), and one
    draw ``int(u * n)`` from the department's ``ring`` stream per call with two or more
    free (:class:`teletraffic.engine.free.Shuffled`)."""
    rng = stream_rng(1, 0, "department:d", "ring")
    # 0 s: d/2 taken, d/3 to its place; 1 s: d/3; 2 s, 20 s: d/1 alone; by 200 s d/1,
    # d/2, d/3 free again in that order; d/1 taken (d/3 to its place), back last at
    # 215 s; 220 s: d/3 taken (d/1 to its place), back last at 235 s
    arrays = [[1, 2, 3], [1, 3], [1], [1], [1, 2, 3], [3, 2, 1], [1, 2, 3]]
    expected = [a[int(rng.random() * len(a))] if len(a) > 1 else a[0] for a in arrays]
    assert [who for _, who, _ in EXPECTED["random"]] == expected


def test_swapping_any_two_strategies_turns_a_log_red(monkeypatch: pytest.MonkeyPatch) -> None:
    """The logs above have the power to tell every strategy from every other."""
    names = sorted(STRATEGIES)
    for a, b in itertools.combinations(names, 2):
        if _same_order(a, b):
            continue
        with monkeypatch.context() as m:
            m.setitem(STRATEGIES, a, STRATEGIES[b])
            m.setitem(STRATEGIES, b, STRATEGIES[a])
            assert event_log(a) != EXPECTED[a] or event_log(b) != EXPECTED[b], (a, b)


def test_the_scenario_offers_exactly_the_engines_strategies() -> None:
    assert set(get_args(ScenarioStrategy)) == set(STRATEGIES)
