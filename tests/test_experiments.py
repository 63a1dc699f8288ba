"""compare, sweep and plan, checked against the formulas with short runs."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from teletraffic.erlang import erlang_b
from teletraffic.errors import InputError
from teletraffic.experiments import Comparison, compare, parse_values, sweep
from teletraffic.scenario import Scenario, scenario_from_dict


def trunk(channels: int, name: str | None = None, **extra: Any) -> Scenario:
    """A no-PBX multichannel line offered 2 erlangs (40 calls/h x 3 min), steady state."""
    return scenario_from_dict(
        {
            "name": name or f"{channels} channels",
            "period": {"hours": 100, "warmup": "2h"},
            "replications": 8,
            "seed": 11,
            "lines": [
                {
                    "name": "main",
                    "kind": "multichannel",
                    "numbers": ["1"],
                    "channels": channels,
                    "tariff": {"monthly": 1000, "per_channel": 500},
                }
            ],
            "traffic": [{"name": "clients", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
            "lost_call_value": 20,
            **extra,
        }
    )


# --------------------------------------------------------------------------- compare


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare([trunk(3), trunk(4)], level=0.95)


def test_compare_pairs_replications(comparison: Comparison) -> None:
    d = comparison.differences.set_index("metric")
    busy = d.loc["p_busy"]
    # one more channel: fewer busy signals, clearly
    assert busy["diff"] < 0
    assert busy["ci_high"] < 0
    # common random numbers: the paired interval is much narrower than the unpaired one
    paired = busy["ci_high"] - busy["ci_low"]
    unpaired = busy["unpaired_ci_high"] - busy["unpaired_ci_low"]
    assert paired < 0.7 * unpaired
    # the same callers in both set-ups
    assert d.loc["offered", "diff"] == 0
    assert (d.loc["offered", "ci_low"], d.loc["offered", "ci_high"]) == (0, 0)
    # the formulas agree with the difference
    expected = erlang_b(4, 2.0) - erlang_b(3, 2.0)
    assert busy["ci_low"] - 0.01 <= expected <= busy["ci_high"] + 0.01
    # one channel more costs 500 a month in fixed fees
    assert d.loc["monthly_fixed", "diff"] == pytest.approx(500.0)


def test_compare_summary_and_sentences(comparison: Comparison) -> None:
    s = comparison.summary
    assert set(s.columns) >= {"setup", "metric", "mean", "ci_low", "ci_high"}
    assert set(s["setup"]) == {"3 channels", "4 channels"}
    assert {"p_busy", "service_level", "monthly_total", "monthly_fixed"} <= set(s["metric"])
    table = comparison.table()
    assert list(table.columns) == ["3 channels", "4 channels"]
    assert table.loc["p_busy", "3 channels"] > table.loc["p_busy", "4 channels"]
    (sentence,) = comparison.sentences()
    assert sentence.startswith("4 channels: ")
    assert "points fewer busy signals than 3 channels" in sentence
    assert "RUB a month cheaper" in sentence  # lost calls outweigh the channel fee
    assert "±" in sentence


def test_compare_says_when_the_callers_differ(comparison: Comparison) -> None:
    assert comparison.notes == []  # same traffic, other channels: the same callers
    busier = trunk(
        3, traffic=[{"name": "clients", "dial": "1", "calls_per_hour": 50, "talk": "3m"}]
    )
    other = compare([trunk(3), busier], replications=2, names=["A", "B"])
    assert len(other.notes) == 1
    assert other.notes[0].startswith("Not the same callers: B has other traffic")
    # patience changes nothing without a PBX: a line without one and a queue with it
    # still see the same callers
    queue = trunk(
        4,
        traffic=[
            {"name": "clients", "dial": "1", "calls_per_hour": 40, "talk": "3m", "patience": "1m"}
        ],
        pbx={"kind": "virtual", "hold": {"max_callers": 2}},
        departments=[{"name": "d", "staff": 3}],
    )
    assert compare([trunk(3), queue], replications=2).notes == []


def test_compare_names_and_errors() -> None:
    with pytest.raises(InputError, match="at least two"):
        compare([trunk(3)])
    with pytest.raises(InputError, match="currencies"):
        compare([trunk(3), trunk(4, currency="USD")], replications=2)
    same = compare([trunk(2, name="x"), trunk(2, name="x")], replications=2)
    assert same.setups == ["x", "x #2"]
    assert "the same figures" in same.sentences()[0]


# --------------------------------------------------------------------------- sweep


@pytest.mark.slow
def test_sweep_channels_follows_erlang_b() -> None:
    table = sweep(trunk(1), "lines.main.channels", "1..6", level=0.99)
    assert table["lines.main.channels"].tolist() == [1, 2, 3, 4, 5, 6]
    busy = table["p_busy"].tolist()
    assert all(a > b for a, b in itertools.pairwise(busy))
    for _, row in table.iterrows():
        expected = erlang_b(int(row["lines.main.channels"]), 2.0)
        assert row["p_busy_ci_low"] <= expected <= row["p_busy_ci_high"]
    fixed = table["monthly_fixed"].tolist()
    assert fixed == [1000 + 500 * c for c in range(1, 7)]


def test_sweep_grid_and_index_paths() -> None:
    base = trunk(2)
    table = sweep(
        base,
        {"lines.0.channels": [2, 3], "traffic.clients.talk": ["2m", "3m"]},
        replications=2,
    )
    assert len(table) == 4
    assert table[["lines.0.channels", "traffic.clients.talk"]].values.tolist() == [
        [2, "2m"],
        [2, "3m"],
        [3, "2m"],
        [3, "3m"],
    ]
    # shorter calls, fewer busy signals, on the same channels
    assert table.loc[0, "p_busy"] < table.loc[1, "p_busy"]


@pytest.mark.parametrize(
    ("path", "match"),
    [
        (
            "lines.mian.channels",
            r"lines has no item 'mian'; did you mean 'main'\? \(choices at lines: main, 0\.\.0\)",
        ),
        (
            "lines.main.chanels",
            r"lines\.main has no field 'chanels'; did you mean 'channels'\?.*choices",
        ),
        ("lynes.main.channels", r"a scenario has no field 'lynes'; did you mean 'lines'\?"),
        ("pbx.hold.max_callers", r"pbx is not set in this scenario"),
        (
            "lines.main.channels.x",
            r"lines\.main\.channels is a single value \(1\); it has no part 'x'",
        ),
        ("", r"empty"),
    ],
)
def test_sweep_bad_path_names_it(path: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        sweep(trunk(1), path, [1, 2])


def test_sweep_bad_value_is_refused_before_running() -> None:
    with pytest.raises(InputError, match=r"lines\.main\.channels=0 gives an invalid scenario"):
        sweep(trunk(1), "lines.main.channels", [2, 0])
    with pytest.raises(InputError, match="replications is swept"):
        sweep(trunk(1), "replications", [2, 3], replications=4)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1..5", [1, 2, 3, 4, 5]),
        ("1,2,4", [1, 2, 4]),
        ("2..10..4", [2, 6, 10]),
        ("0.5..1.5..0.5", [0.5, 1.0, 1.5]),
        ("1..2,8", [1, 2, 8]),
        ("1m,90s", ["1m", "90s"]),
        ("none,3", [None, 3]),
    ],
)
def test_parse_values(text: str, values: list[Any]) -> None:
    assert parse_values(text) == values


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "no values"),
        ("5..1", "runs backwards"),
        ("1..x", "FIRST..LAST"),
        ("1..5..0", "step must be above 0"),
        ("1..100000", "over 1000 values"),
        ("1,,2", "empty value"),
    ],
)
def test_parse_values_errors(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_values(text)
