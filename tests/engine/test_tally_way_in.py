"""The engine counts most attempts into the Tally without building a record
(:meth:`teletraffic.tally.Tally.count`); the counts must be those the records give."""

from __future__ import annotations

from pathlib import Path

import pytest

from teletraffic.engine import run_replication
from teletraffic.records import CallRecord
from teletraffic.runner import layout_of
from teletraffic.scenario import Scenario, load_scenario, scenario_from_dict
from teletraffic.tally import Tally

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


class ByRecord(Tally):
    """A Tally that takes every attempt as a record (its own :meth:`attempt`)."""

    def attempt(self, record: CallRecord) -> None:
        super().attempt(record)


def counters(tally: Tally) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in Tally.__slots__:
        if name == "ended":
            continue
        value = getattr(tally, name)
        out[name] = (
            {k: dict(v) if isinstance(v, dict) else v for k, v in value.items()}
            if (name == "hist")
            else value
        )
    return out


STEADY = {
    "name": "redials across the warm-up",
    "period": {"hours": 3, "warmup": "1h"},
    "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
    "traffic": [
        {
            "name": "c",
            "dial": "1",
            "calls_per_hour": 90,
            "talk": "3m",
            "redial": {"probability": 0.8, "after": "10m", "max_attempts": 4},
        }
    ],
}
"""Callers first seen in the warm-up redial into the measured time: they are not
counted among the callers, nor among the lost."""


def scenario_named(name: str) -> Scenario:
    if name == "steady":
        return scenario_from_dict(STEADY)
    return load_scenario(SCENARIOS / f"{name}.yaml")


@pytest.mark.parametrize(
    "name",
    ["office", "virtual_hold", "multichannel_hold", "mobile", "virtual_round_robin", "steady"],
)
def test_counting_without_records_gives_the_records_counts(name: str) -> None:
    """Shipped scenarios with redials, business days, callbacks, dropped calls,
    transfers, and one with redials across a warm-up: both ways in leave every counter
    of the Tally the same."""
    scenario = scenario_named(name)
    direct = Tally(layout_of(scenario), scenario.answer_time)
    assert direct.ended is not None  # the engine takes the way in
    run_replication(scenario, 0, 3, direct)
    by_record = ByRecord(layout_of(scenario), scenario.answer_time)
    assert by_record.ended is None  # a subclass with its own attempt() gets records
    run_replication(scenario, 0, 3, by_record)
    assert sum(by_record.counts) > 100
    assert counters(direct) == counters(by_record)
