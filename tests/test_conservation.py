"""Offered is counted where calls enter, apart from the outcomes: conservation can fail.

Every attempt that enters (an inbound call reaching its line, a member of staff
dialling) ends in exactly one outcome, and every call passed on to a department ends
there in one outcome too. ``SimulationResult.conservation_errors()`` compares the two
counts scope by scope, so a tally that counts an outcome twice, or not at all, is caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from teletraffic.records import CallRecord, Outcome, PartRecord
from teletraffic.runner import SimulationResult, simulate
from teletraffic.scenario import load_scenario
from teletraffic.tally import Tally

OFFICE = Path(__file__).resolve().parent.parent / "scenarios" / "office.yaml"


def run() -> SimulationResult:
    """The office: transfers, redirects, a conference share, outbound and internal calls."""
    return simulate(load_scenario(OFFICE), replications=2, seed=11)


def test_offered_is_the_sum_of_the_outcomes_in_every_scope() -> None:
    result = run()
    assert result.conservation_errors() == []
    scopes = {str(col[1]) for col in result.replications.columns if col[0] == "offered"}
    assert {"all", "department:support"} <= scopes
    assert any(s.startswith("hour:") for s in scopes)
    assert any(s.startswith("line:") for s in scopes)
    assert result.value("transfers_in", "department:support") > 0  # hand-offs are exercised


def test_an_outcome_counted_twice_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Tally.attempt

    def twice_when_abandoned(self: Tally, record: CallRecord) -> None:
        counted(self, record)
        if record.outcome == Outcome.ABANDONED:
            counted(self, record)

    monkeypatch.setattr(Tally, "attempt", twice_when_abandoned)
    errors = run().conservation_errors()
    assert "all" in errors
    assert "department:requests" in errors


def test_an_outcome_not_counted_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Tally.attempt

    def not_when_placed(self: Tally, record: CallRecord) -> None:
        if record.outcome != Outcome.PLACED:
            counted(self, record)

    monkeypatch.setattr(Tally, "attempt", not_when_placed)
    errors = run().conservation_errors()
    assert "all" in errors
    assert "department:sales" in errors
    assert "department:requests" not in errors


def test_a_departments_part_lost_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A transferred call's part in the department it reached must be counted there."""
    counted = Tally.part
    names = [d.name for d in load_scenario(OFFICE).effective_departments]
    support = names.index("support")

    def not_at_support(self: Tally, record: PartRecord) -> None:
        if record.department != support:
            counted(self, record)

    monkeypatch.setattr(Tally, "part", not_at_support)
    assert run().conservation_errors() == ["department:support"]
