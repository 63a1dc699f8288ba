"""Strategies compared by their per-staff figures: who gets loaded, how evenly."""

from __future__ import annotations

import pytest

from teletraffic.runner import SimulationResult, simulate
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_occupancy_of_staff_adds_up_to_the_department() -> None:
    result = run("random")
    per_staff = [result.value("staff_occupancy", f"staff:d/{i}") for i in range(1, 5)]
    assert abs(sum(per_staff) / 4 - result.value("staff_occupancy", "department:d")) < 1e-9
