"""Every minute a tariff prices is counted (issue 9): usage cost from the call log.

For every shipped scenario, the usage cost of each replication equals the minutes in
its call log, priced by each line's tariff: ``per_minute_in`` x the inbound minutes, and
``per_minute_out`` x the outbound minutes beyond the line's ``included_minutes`` (a
month's free outbound minutes), after scaling the simulated period to a month (21
business days, or 730 hours). Outbound minutes are the calls staff placed and the
outside participants dialled into a conference; internal calls take no outside minutes.
Only the public API is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from shipped import SCENARIOS, SHIPPED, scenario_id, shipped

import teletraffic as tt


def month_scale(scenario: Any) -> float:
    """A month over the simulated period, as the costs documentation says."""
    p = scenario.period
    return 21 / p.days if p.days is not None else 730 / p.hours


def usage_from_log(scenario: Any, calls: pd.DataFrame, replication: int) -> float:
    """What the minutes of one replication's call log cost in a month."""
    scale = month_scale(scenario)
    rows = calls[(calls["replication"] == replication) & calls["measured"]]
    total = 0.0
    for line in scenario.lines:
        on_line = rows[rows["line"] == line.name]
        # a callback that reached the caller is dialled out: outbound minutes
        called_back = (on_line.get("callback", 0) == 2) & on_line["outcome"].isin(
            ["called_back", "dropped"]
        )
        inbound = on_line.loc[(on_line["direction"] == "in") & ~called_back, "talk"].sum()
        inbound *= scale / 60
        outbound = (
            on_line.loc[(on_line["direction"] == "out") | called_back, "talk"].sum()
            + on_line["outside_talk"].sum()
        ) / 60
        outbound *= scale
        t = line.tariff
        total += t.per_minute_in * inbound
        total += t.per_minute_out * max(outbound - t.included_minutes, 0.0)
    return total


def check_usage(scenario: Any, replications: int = 2, seed: int = 5) -> pd.Series:
    """Usage of each replication by the costs and by the call log: equal. The usage."""
    result = tt.simulate(scenario, replications=replications, seed=seed, call_log=True)
    assert result.calls is not None
    usage = tt.monthly_costs(scenario, result)["usage"]
    expected = [usage_from_log(scenario, result.calls, r) for r in range(replications)]
    assert usage.tolist() == pytest.approx(expected, rel=1e-9, abs=1e-9)
    summary = tt.cost_summary(scenario, result)
    mean = summary.loc[summary["item"] == "usage", "mean"].item()
    assert mean == pytest.approx(sum(expected) / replications, rel=1e-9, abs=1e-9)
    return usage


@pytest.mark.parametrize("path", SHIPPED, ids=scenario_id)
def test_usage_cost_is_the_call_logs_minutes_at_the_line_prices(path: Path) -> None:
    check_usage(shipped(path))


def test_the_office_pays_for_the_calls_its_staff_place() -> None:
    """scenarios/office.yaml: sales dial out on a line priced per outbound minute."""
    scenario = tt.load_scenario(SCENARIOS / "office.yaml")
    result = tt.simulate(scenario, replications=2, seed=5)
    minutes_out = result.value("talk_minutes_out")
    assert minutes_out > 100
    assert minutes_out == pytest.approx(result.value("talk_minutes_out", "stream:sales-calls"))
    assert any(line.tariff.per_minute_out > 0 for line in scenario.lines)
    assert tt.cost_summary(scenario, result).set_index("item").loc["usage", "mean"] > 0


BASE: dict[str, Any] = {
    "name": "minutes",
    "period": {"days": 1, "open": "09:00", "close": "17:00"},
    "lines": [
        {
            "name": "trunk",
            "kind": "multichannel",
            "numbers": ["1"],
            "channels": 10,
            "tariff": {"per_minute_in": 0.5, "per_minute_out": 2.0, "included_minutes": 30},
        }
    ],
    "pbx": {"kind": "office", "hold": {}},
}


def test_internal_calls_take_no_outside_minutes() -> None:
    spec = {
        **BASE,
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 4, "talk": "3m"},
            {"name": "ask", "from": "desk", "to": "back", "calls_per_hour": 2, "talk": "2m"},
        ],
        "departments": [
            {"name": "desk", "staff": 2, "answers": "inbound"},
            {"name": "back", "staff": 2, "answers": "none"},
        ],
    }
    scenario = tt.scenario_from_dict(spec)
    result = tt.simulate(scenario, replications=2, seed=3, call_log=True)
    assert result.value("internal") > 0
    assert result.value("talk_minutes_out", "stream:ask") == 0
    assert result.value("talk_minutes_in", "stream:ask") == 0
    check_usage(scenario)


def test_outside_conference_participants_are_outbound_minutes() -> None:
    """Each outside participant is dialled out over the caller's line for the conference."""
    spec = {
        **BASE,
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 6,
                "talk": {"dist": "deterministic", "mean": 240},
            }
        ],
        "departments": [{"name": "desk", "staff": 3}],
        "conference": {"share": 1.0, "people": 2, "outside": 2},
    }
    scenario = tt.scenario_from_dict(spec)
    result = tt.simulate(scenario, replications=2, seed=3, call_log=True)
    calls = result.calls
    assert calls is not None
    answered = calls[calls["measured"] & (calls["outcome"] == "answered")]
    # every answered call became a conference with two outside participants (10 channels)
    assert (answered["outside_talk"] == 2 * 240).all()
    assert result.value("talk_minutes_out") == pytest.approx(
        result.value("talk_minutes_in") * 2, rel=1e-9
    )
    usage = check_usage(scenario)
    assert (usage > 0).all()
