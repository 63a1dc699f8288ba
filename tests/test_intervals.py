"""Intervals of counts and shares stay where the figures can be."""

from __future__ import annotations

import teletraffic as tt
from teletraffic.scenario import scenario_from_dict


def test_intervals_of_counts_and_shares_are_clipped_to_their_range() -> None:
    # two short replications of a rare event: the raw Student-t interval dips below 0
    scenario = scenario_from_dict(
        {
            "name": "rare busy",
            "period": {"hours": 3},
            "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 10, "talk": "3m"}],
        }
    )
    result = tt.simulate(scenario, replications=2, seed=3)
    s = result.summary
    raw = s.dropna(subset=["ci_low"])
    assert (raw["ci_low"] >= 0).all(), raw[raw["ci_low"] < 0]
    shares = raw[raw["metric"].str.startswith("p_") | (raw["metric"] == "service_level")]
    assert (shares["ci_high"] <= 1).all(), shares[shares["ci_high"] > 1]
    # the clipping moves only the bound, never the mean
    assert ((s["mean"] >= s["ci_low"]) | s["ci_low"].isna()).all()
    # and it had something to do: the busy share's raw interval would have gone below 0
    reps = result.replications[("p_busy", "all")]
    spread = reps.std(ddof=1) / len(reps) ** 0.5 * 12.7  # t(0.975, 1 d.f.)
    assert reps.mean() - spread < 0
