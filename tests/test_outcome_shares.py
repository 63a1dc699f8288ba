"""Outcomes partition the inbound attempts (issue 9): their shares add up to 1.

Busy, queue full, abandoned, unanswered, no coverage, dropped, voicemail, answered within the
answer time (the service level) and answered later are shares of the same inbound
attempts; every attempt is in exactly one of them. A call cut off mid-talk is dropped,
not "answered in time".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shipped import SCENARIOS, SHIPPED, scenario_id, shipped

import teletraffic as tt
from teletraffic.metrics import CALLBACK_PARTITION

PARTITION = (
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "p_unanswered",
    "p_no_coverage",
    "p_dropped",
    "p_voicemail",
    "service_level",
    "p_answered_later",
)


@pytest.mark.parametrize("path", SHIPPED, ids=scenario_id)
def test_shares_of_inbound_attempts_add_up_to_one(path: Path) -> None:
    result = tt.simulate(shipped(path), replications=2, seed=4)
    reps = result.replications
    callbacks = [s for s in CALLBACK_PARTITION if (s, "all") in reps]
    total = sum(reps[(share, "all")] for share in (*PARTITION, *callbacks))
    assert total.tolist() == pytest.approx([1.0] * len(reps), abs=1e-9)
    # nobody talked with them: every outcome but the answered ones and the called back
    failed = ["p_callback_failed"] if callbacks else []
    not_answered = sum(reps[(s, "all")] for s in (*PARTITION[:7], *failed))
    assert reps[("p_not_answered", "all")].tolist() == pytest.approx(
        not_answered.tolist(), abs=1e-9
    )
    # each share is its outcome's count over the inbound attempts (outbound ones apart)
    inbound = reps[("inbound", "all")]
    streams = [f"stream:{s.name}" for s in result.scenario.traffic if s.inbound]
    for share in PARTITION[:7]:
        outcome = share.removeprefix("p_").replace("abandon", "abandoned")
        count = sum(reps[(outcome, scope)] for scope in streams)
        assert (reps[(share, "all")] * inbound).tolist() == pytest.approx(count.tolist())


def test_a_call_cut_off_is_dropped_not_answered_in_time() -> None:
    """scenarios/mobile.yaml cuts calls mid-talk: they leave the service level."""
    result = tt.simulate(tt.load_scenario(SCENARIOS / "mobile.yaml"), replications=4, seed=4)
    reps = result.replications
    assert reps[("dropped", "all")].sum() > 0
    answered_share = reps[("answered", "all")] / reps[("inbound", "all")]
    served = reps[("service_level", "all")] + reps[("p_answered_later", "all")]
    assert served.tolist() == pytest.approx(answered_share.tolist(), abs=1e-12)
    assert (reps[("p_dropped", "all")] > 0).any()


def test_every_department_partitions_the_calls_that_reached_it() -> None:
    """scenarios/office.yaml passes calls on: each department's shares add up too."""
    result = tt.simulate(tt.load_scenario(SCENARIOS / "office.yaml"), replications=4, seed=4)
    reps = result.replications
    for dept in ("requests", "accounting", "support"):
        total = sum(reps[(share, f"department:{dept}")] for share in PARTITION)
        assert total.tolist() == pytest.approx([1.0] * len(reps), abs=1e-9), dept


def test_the_registry_names_the_same_partition() -> None:
    from teletraffic.metrics import PARTITION as REGISTERED

    assert REGISTERED == PARTITION
