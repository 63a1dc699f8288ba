"""Random small scenarios: whatever the set-up, they run and every attempt has one outcome."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teletraffic.records import Outcome
from teletraffic.runner import simulate
from teletraffic.scenario import scenario_from_dict

STRATEGIES = ["ring_all", "round_robin", "linear", "longest_idle", "fewest_calls", "random"]
DISTS = [
    "2m",
    {"mean": "90s", "dist": "lognormal", "cv": 0.8},
    {"mean": "2m", "dist": "gamma", "cv": 0.5},
    {"dist": "uniform", "min": "30s", "max": "3m"},
    {"dist": "empirical", "values": ["1m", "2m", "5m"]},
    {"mean": "1m", "dist": "deterministic"},
]


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    n_lines = draw(st.integers(1, 3))
    lines = []
    for i in range(n_lines):
        kind = draw(st.sampled_from(["landline", "mobile", "multichannel", "ip"]))
        line: dict[str, Any] = {"name": f"l{i}", "kind": kind, "numbers": [f"n{i}"]}
        if kind in ("multichannel", "ip"):
            line["channels"] = draw(st.integers(1, 6))
        if kind == "mobile":
            line["coverage"] = draw(st.sampled_from([1.0, 0.9, 0.5]))
            line["drop_rate"] = draw(st.sampled_from([0.0, 0.1]))
        if kind == "ip" and draw(st.booleans()):
            line["uplink_kbps"] = draw(st.sampled_from([100, 300, 1000]))
        lines.append(line)
    pbx = draw(st.booleans())
    n_depts = draw(st.integers(1, 3))
    depts = []
    for j in range(n_depts):
        dept: dict[str, Any] = {
            "name": f"d{j}",
            "staff": draw(st.integers(1, 4)),
            "strategy": draw(st.sampled_from(STRATEGIES)),
            "pickup": draw(st.sampled_from([1.0, 0.8])),
            "pickup_delay": draw(st.sampled_from(["0s", "3s"])),
            "wrap_up": draw(st.sampled_from(["0s", "20s"])),
        }
        if j > 0 and pbx:
            dept["answers"] = draw(st.sampled_from(["inbound", "transferred", "none"]))
        depts.append(dept)
    inbound_depts = [d["name"] for d in depts if d.get("answers", "inbound") == "inbound"]
    traffic = []
    for i, line in enumerate(lines):
        stream: dict[str, Any] = {
            "name": f"s{i}",
            "dial": line["numbers"][0],
            "calls_per_hour": draw(st.sampled_from([5, 20, 60])),
            "talk": draw(st.sampled_from(DISTS)),
        }
        if draw(st.booleans()):
            stream["patience"] = draw(st.sampled_from(DISTS))
        if draw(st.booleans()):
            stream["redial"] = {"probability": 0.5, "after": "1m", "max_attempts": 3}
        traffic.append(stream)
    for d in depts:
        if d.get("answers") == "none" or (draw(st.booleans()) and draw(st.booleans())):
            traffic.append(
                {
                    "name": f"out-{d['name']}",
                    "from": d["name"],
                    "calls_per_hour": draw(st.sampled_from([1, 4])),
                    "talk": "3m",
                }
            )
    spec: dict[str, Any] = {
        "name": "random",
        "period": draw(
            st.sampled_from(
                [{"hours": 3, "warmup": "10m"}, {"days": 1, "open": "09:00", "close": "12:00"}]
            )
        ),
        "lines": lines,
        "traffic": traffic,
        "departments": depts,
        "routes": {line["numbers"][0]: draw(st.sampled_from(inbound_depts)) for line in lines},
    }
    if pbx:
        hold = draw(st.sampled_from([None, {}, {"max_callers": 2, "max_wait": "2m"}]))
        spec["pbx"] = {"kind": draw(st.sampled_from(["virtual", "office"]))}
        if hold is not None:
            spec["pbx"]["hold"] = hold
        # a transfer to a department that answers none is refused by the loader
        if n_depts > 1 and depts[1].get("answers") != "none" and draw(st.booleans()):
            spec["transfers"] = [
                {
                    "from": "d0",
                    "to": "d1",
                    "share": 0.3,
                    "mode": draw(st.sampled_from(["blind", "attended"])),
                }
            ]
        # a conference of 3 extensions needs 3 staff in the office, or it is refused
        if sum(d["staff"] for d in depts) >= 3 and draw(st.booleans()):
            spec["conference"] = {"share": 0.1, "people": 3}
    if spec["period"].get("days") and draw(st.booleans()):
        depts[0]["shifts"] = {"09": 1, "10": depts[0]["staff"], "11": 1}
    return spec


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 1000))
def test_random_scenarios_run_and_conserve_calls(spec: dict[str, Any], seed: int) -> None:
    scenario = scenario_from_dict(spec)
    result = simulate(scenario, replications=1, seed=seed, call_log=True)
    assert result.conservation_errors() == []
    calls = result.calls
    assert calls is not None
    measured = calls[calls["measured"]]
    assert len(measured) == result.value("offered")
    assert set(measured["outcome"]) <= {o.label for o in Outcome}
    inbound = measured[measured["direction"] == "in"]
    assert set(inbound["outcome"]) <= {o.label for o in Outcome} - {"placed", "blocked"}
    assert (measured["wait"] >= 0).all()
    assert (measured["talk"] >= 0).all()
