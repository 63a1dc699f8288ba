"""Outcomes partition the inbound attempts (issue 9): their shares add up to 1.

Busy, queue full, abandoned, unanswered, no coverage, dropped, answered within the
answer time (the service level) and answered later are shares of the same inbound
attempts; every attempt is in exactly one of them. A call cut off mid-talk is dropped,
not "answered in time".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import teletraffic as tt

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p for p in (ROOT / "scenarios").rglob("*.yaml") if p.name != "tariffs.yaml")
PARTITION = (
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "p_unanswered",
    "p_no_coverage",
    "p_dropped",
    "service_level",
    "p_answered_later",
)


def shipped(path: Path) -> Any:
    """A shipped scenario; a long steady-state run shortened to 20 hours (for speed)."""
    scenario = tt.load_scenario(path)
    if scenario.period.hours is not None:
        short = scenario.period.model_copy(update={"hours": 20.0, "warmup": 3600.0})
        scenario = scenario.model_copy(update={"period": short})
    return scenario


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_shares_of_inbound_attempts_add_up_to_one(path: Path) -> None:
    result = tt.simulate(shipped(path), replications=3, seed=4)
    reps = result.replications
    total = sum(reps[(share, "all")] for share in PARTITION)
    assert total.tolist() == pytest.approx([1.0] * len(reps), abs=1e-9)
    not_answered = sum(reps[(s, "all")] for s in PARTITION[:6])
    assert reps[("p_not_answered", "all")].tolist() == pytest.approx(
        not_answered.tolist(), abs=1e-9
    )
    # each share is its outcome's count over the inbound attempts (outbound ones apart)
    inbound = reps[("inbound", "all")]
    streams = [f"stream:{s.name}" for s in result.scenario.traffic if s.inbound]
    for share in PARTITION[:6]:
        outcome = share.removeprefix("p_").replace("abandon", "abandoned")
        count = sum(reps[(outcome, scope)] for scope in streams)
        assert (reps[(share, "all")] * inbound).tolist() == pytest.approx(count.tolist())


def test_a_call_cut_off_is_dropped_not_answered_in_time() -> None:
    """scenarios/mobile.yaml cuts calls mid-talk: they leave the service level."""
    result = tt.simulate(tt.load_scenario(ROOT / "scenarios" / "mobile.yaml"), seed=4)
    reps = result.replications
    assert reps[("dropped", "all")].sum() > 0
    answered_share = reps[("answered", "all")] / reps[("inbound", "all")]
    served = reps[("service_level", "all")] + reps[("p_answered_later", "all")]
    assert served.tolist() == pytest.approx(answered_share.tolist(), abs=1e-12)
    assert (reps[("p_dropped", "all")] > 0).any()


def test_every_department_partitions_the_calls_that_reached_it() -> None:
    """scenarios/office.yaml passes calls on: each department's shares add up too."""
    result = tt.simulate(tt.load_scenario(ROOT / "scenarios" / "office.yaml"), seed=4)
    reps = result.replications
    for dept in ("requests", "accounting", "support"):
        total = sum(reps[(share, f"department:{dept}")] for share in PARTITION)
        assert total.tolist() == pytest.approx([1.0] * len(reps), abs=1e-9), dept


def test_the_registry_names_the_same_partition() -> None:
    from teletraffic.metrics import PARTITION as REGISTERED

    assert REGISTERED == PARTITION
