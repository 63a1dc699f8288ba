"""Intervals of counts and shares stay where the figures can be."""

from __future__ import annotations

from pathlib import Path

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


def test_lost_callers_are_only_callers_first_seen_after_the_warm_up() -> None:
    """A redial after the warm-up from a caller first seen during it is nobody's loss."""
    scenario = scenario_from_dict(
        {
            "name": "busy line with redials",
            "period": {"hours": 6, "warmup": "1h"},
            "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 2}],
            "traffic": [
                {
                    "name": "c",
                    "dial": "1",
                    "calls_per_hour": 60,
                    "talk": "3m",
                    "redial": {"probability": 0.9, "after": "20m", "max_attempts": 4},
                }
            ],
        }
    )
    result = tt.simulate(scenario, replications=3, seed=5, call_log=True)
    calls = result.calls
    assert calls is not None
    for r, log in calls.groupby("replication"):
        firsts = log[(log["attempt"] == 1)].set_index("caller")["measured"]
        last = log.sort_values(["caller", "attempt"]).groupby("caller").tail(1).set_index("caller")
        counted = firsts[firsts].index
        lost = (last.loc[last.index.intersection(counted), "outcome"] != "answered").sum()
        reps = result.replications.loc[r]
        assert reps[("callers", "all")] == len(counted)
        assert reps[("lost_callers", "all")] == lost
    # and the case arises: callers first seen in the warm-up redial after it
    measured_first = calls[(calls["attempt"] == 1) & calls["measured"]]
    late = calls[(calls["attempt"] > 1) & calls["measured"]]
    assert (~late["caller"].isin(measured_first["caller"])).any()


def test_the_table_shows_a_clipped_interval_as_it_is(tmp_path: Path) -> None:
    """A ± would hide the upper bound of an interval clipped at 0: it reads +up/−down."""
    from typer.testing import CliRunner

    from teletraffic.cli import app

    path = tmp_path / "rare.yaml"
    path.write_text(
        "name: rare busy\n"
        "period: {hours: 3}\n"
        "lines: [{name: main, kind: multichannel, numbers: ['1'], channels: 3}]\n"
        "traffic: [{name: c, dial: '1', calls_per_hour: 10, talk: 3m}]\n"
    )
    result = CliRunner().invoke(
        app, ["run", str(path), "-r", "2", "--seed", "3"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    summary = tt.simulate(tt.load_scenario(path), replications=2, seed=3).summary
    busy = summary[(summary["metric"] == "p_busy") & (summary["scope"] == "all")].iloc[0]
    # one busy signal in two replications: the lower bound is far below the figure, the
    # upper far above it (Jeffreys at an effective size shrunk for one degree of freedom)
    assert 0.0 < busy["ci_low"] < busy["mean"] / 10
    assert busy["ci_high"] - busy["mean"] > 10 * (busy["mean"] - busy["ci_low"])
    up = 100 * (busy["ci_high"] - busy["mean"])
    down = 100 * (busy["mean"] - busy["ci_low"])
    assert f"+{up:.2f}/−{down:.2f}" in result.output
