"""Same scenario and seed, same numbers: run to run, serial or parallel."""

from __future__ import annotations

import pandas as pd
import pytest

from teletraffic.runner import simulate
from teletraffic.scenario import scenario_from_dict

SPEC = {
    "name": "runner check",
    "period": {"days": 2, "open": "09:00", "close": "13:00"},
    "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1", "2"], "channels": 4}],
    "traffic": [
        {
            "name": "clients",
            "dial": "1",
            "calls_per_hour": {"09": 20, "10": 40, "11": 30, "12": 10},
            "talk": {"mean": "3m", "dist": "lognormal", "cv": 0.8},
            "patience": "1m",
            "redial": {"probability": 0.5, "after": "2m"},
        },
        {"name": "partners", "dial": "2", "calls_per_hour": 6, "talk": "5m"},
    ],
    "pbx": {"kind": "virtual", "hold": {"max_callers": 2, "max_wait": "3m"}},
    "departments": [
        {
            "name": "managers",
            "staff": 3,
            "strategy": "random",
            "wrap_up": "20s",
            "pickup": 0.9,
            "pickup_delay": "4s",
        }
    ],
}


@pytest.mark.slow
def test_serial_and_parallel_give_identical_numbers() -> None:
    scenario = scenario_from_dict(SPEC)
    serial = simulate(scenario, replications=4, seed=11)
    parallel = simulate(scenario, replications=4, seed=11, workers=2)
    pd.testing.assert_frame_equal(serial.replications, parallel.replications)
    pd.testing.assert_frame_equal(serial.summary, parallel.summary)


@pytest.mark.slow
def test_run_to_run_identical_and_seed_matters() -> None:
    scenario = scenario_from_dict(SPEC)
    a = simulate(scenario, replications=3, seed=5)
    b = simulate(scenario, replications=3, seed=5)
    c = simulate(scenario, replications=3, seed=6)
    pd.testing.assert_frame_equal(a.replications, b.replications)
    assert not a.replications.equals(c.replications)


def test_replication_does_not_depend_on_how_many_run() -> None:
    """Replication 2 of a 3-replication run equals replication 2 of a 5-replication run."""
    scenario = scenario_from_dict(SPEC)
    three = simulate(scenario, replications=3, seed=9).replications
    five = simulate(scenario, replications=5, seed=9).replications
    pd.testing.assert_series_equal(three.iloc[2], five.iloc[2])


def test_every_attempt_has_exactly_one_outcome() -> None:
    scenario = scenario_from_dict(SPEC)
    result = simulate(scenario, replications=3, seed=3, call_log=True)
    assert result.conservation_errors() == []
    calls = result.calls
    assert calls is not None
    # the call log and the counters agree, outcome by outcome
    measured = calls[calls["measured"]]
    for outcome, n in measured.groupby("outcome").size().items():
        assert result.replications[(str(outcome), "all")].sum() == n
    assert len(measured) == result.replications[("offered", "all")].sum()


def test_hourly_scopes_add_up() -> None:
    scenario = scenario_from_dict(SPEC)
    result = simulate(scenario, replications=2, seed=1)
    reps = result.replications
    hours = [sc for m, sc in reps.columns if m == "offered" and sc.startswith("hour:")]
    assert hours, "business-day runs report per hour of day"
    total = sum(reps[("offered", h)] for h in hours)
    pd.testing.assert_series_equal(total, reps[("offered", "all")], check_names=False)


def test_lost_callers_are_callers_whose_last_attempt_failed() -> None:
    scenario = scenario_from_dict(SPEC)
    result = simulate(scenario, replications=3, seed=4, call_log=True)
    calls = result.calls
    assert calls is not None
    inbound = calls[(calls["direction"] == "in") & calls["measured"]]
    last = inbound.sort_values("attempt").groupby(["replication", "caller"]).tail(1)
    lost = last["outcome"].isin(["busy", "queue_full", "abandoned", "unanswered", "no_coverage"])
    assert lost.sum() == result.replications[("lost_callers", "all")].sum()
    first = inbound[inbound["attempt"] == 1]
    assert len(first) == result.replications[("callers", "all")].sum()
    assert 0 < result.value("p_caller_lost") < result.value("p_not_answered")
