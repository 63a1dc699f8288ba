"""compare, sweep and plan, checked against the formulas with short runs."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from teletraffic.erlang import erlang_b, lines_for_blocking, mmnk
from teletraffic.errors import InputError
from teletraffic.experiments import Comparison, compare, parse_values, plan, sweep
from teletraffic.scenario import Scenario, scenario_from_dict
from teletraffic.tariffs import TariffMenu, load_tariffs


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


# --------------------------------------------------------------------------- plan


def test_plan_busy_target_matches_erlang_b() -> None:
    result = plan(calls_per_hour=40, talk=180, target_busy=0.02)
    best = result.best
    assert best is not None
    assert best.simulated is not None
    assert best.meets_simulated
    assert best.simulated["p_busy"][0] <= 0.02
    need = lines_for_blocking(2.0, 0.02)
    assert need == 6
    if best.pbx == "none":
        assert best.channels == need
        assert erlang_b(best.channels, 2.0) <= 0.02 < erlang_b(best.channels - 1, 2.0)
    # the multichannel line was checked by simulation at exactly that size
    c = result.candidates
    mc = c[(c["setup"] == "multichannel") & c["simulated"] & c["meets_targets"]]
    assert mc["channels"].min() == need
    below = c[(c["setup"] == "multichannel") & (c["channels"] == need - 1)].iloc[0]
    assert not below["meets_analytic"]
    # separate single-line numbers never pool: 10 of them leave 2/12 busy
    ten = c[(c["setup"] == "city_numbers") & (c["numbers"] == 10)].iloc[0]
    assert ten["p_busy"] == pytest.approx(erlang_b(1, 0.2))
    assert c["recommended"].sum() == 1
    text = result.explanation()
    assert text.splitlines()[1].startswith("Recommended: ")
    assert "do not pool" in text
    assert "illustrative" in text
    curves = result.curves
    mc_curve = curves[curves["setup"] == "multichannel"].sort_values("size")
    assert mc_curve["p_busy"].is_monotonic_decreasing
    assert mc_curve["monthly_total"].is_monotonic_increasing


def test_plan_queue_target_with_patience_matches_mmnk() -> None:
    menu = load_tariffs()
    # staff are expensive: a PBX queue that saves a person pays
    result = plan(
        calls_per_hour=60,
        talk=180,
        patience=60,
        target_answer=(0.8, 20.0),
        target_abandon=0.1,
        staff_cost=60000,
        max_lines=8,
        tariffs=menu,
        replications=6,
        hours=100,
    )
    best = result.best
    assert best is not None
    assert best.meets_simulated
    a = 3.0
    if best.pbx != "none":
        res = mmnk(best.staff, best.channels, a, 180, 60)
        assert res.service_level(20) >= 0.8
        assert res.p_abandon <= 0.1
    else:
        assert erlang_b(best.channels, a) <= 0.2  # answered at once, or busy
    assert best.simulated is not None
    assert best.simulated["service_level"][0] >= 0.8


def test_plan_busy_target_also_bounds_hang_ups_on_hold() -> None:
    """A hold queue must not "meet" a busy target by keeping callers until they hang up."""
    result = plan(
        calls_per_hour=54, talk=189, patience=64, target_busy=0.02, max_lines=10, replications=4
    )
    assert result.targets["abandon"] == 0.02
    assert result.targets["abandon_implied"]
    c = result.candidates
    queued = c[(c["pbx"] != "none") & c["meets_targets"]]
    assert not queued.empty
    assert (queued["p_abandon"] <= 0.02 + 1e-12).all()
    # the same set-ups, judged by busy signals alone, include queues that lose more callers
    loose = c[(c["pbx"] != "none") & (c["p_busy"] <= 0.02) & (c["p_abandon"] > 0.02)]
    assert not loose.empty
    assert not loose["meets_targets"].any()
    assert "and at most 2.0% hang up on hold" in result.explanation().splitlines()[0]
    # an explicit abandonment target is kept as given
    own = plan(calls_per_hour=54, talk=189, patience=64, target_busy=0.02, target_abandon=0.3)
    assert own.targets["abandon"] == 0.3
    assert not own.targets["abandon_implied"]
    # and an abandonment target alone bounds busy signals: no single line where most hear busy
    alone = plan(calls_per_hour=40, talk=180, target_abandon=0.05, replications=4)
    assert alone.targets["busy"] == 0.05
    assert alone.targets["busy_implied"]
    assert alone.best is not None
    assert alone.best.simulated is not None
    assert alone.best.simulated["p_busy"][0] <= 0.05
    assert "and at most 5.0% hear busy" in alone.explanation().splitlines()[0]
    with pytest.raises(InputError, match="target_abandon 0 on its own"):
        plan(calls_per_hour=40, talk=180, patience=60, target_abandon=0)
    zero = plan(calls_per_hour=40, talk=180, patience=60, target_abandon=0, target_busy=0.05)
    assert zero.targets["busy"] == 0.05


def test_plan_impossible_target_says_so() -> None:
    result = plan(calls_per_hour=40, talk=180, target_busy=0.001, max_lines=4)
    assert result.best is None
    text = result.explanation()
    assert "No set-up on the menu meets the target" in text
    assert "even one multichannel line with 4 channels" in text.replace(
        "IP line", "multichannel line"
    )
    need = lines_for_blocking(2.0, 0.001)
    assert f"About {need} channels would do" in text
    assert f"--max-lines {need}" in text


def test_plan_with_only_single_numbers_on_the_menu() -> None:
    menu = TariffMenu.from_dict({"city_number": {"monthly": 600}}, fill_defaults=False)
    result = plan(calls_per_hour=40, talk=180, target_busy=0.02, tariffs=menu)
    assert result.best is None
    assert set(result.candidates["setup"]) == {"city_numbers"}
    text = result.explanation()
    assert "No set-up on the menu meets the target" in text
    assert "no multichannel or IP line" in text


def test_plan_from_a_scenario_keeps_its_traffic() -> None:
    s = trunk(3, lost_call_value=0)
    result = plan(s, target_busy=0.05, max_lines=6)
    assert result.traffic["erlangs"] == pytest.approx(2.0)
    assert result.best is not None
    if result.best.pbx == "none" and not result.best.kind.endswith("_numbers"):
        assert result.best.channels == lines_for_blocking(2.0, 0.05)


def test_plan_from_an_office_says_what_it_leaves_out() -> None:
    from pathlib import Path

    from teletraffic.scenario import load_scenario

    office = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml")
    result = plan(office, target_busy=0.05, max_lines=4, replications=2, hours=20)
    text = result.explanation()
    assert "Calls the staff place (sales-calls, sales-to-accounting) are left out" in text
    assert "Transfers and conferences inside the office are left out" in text


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"calls_per_hour": 40, "talk": 180}, "at least one target"),
        ({"talk": 180, "target_busy": 0.02}, "calls_per_hour and talk"),
        (
            {"calls_per_hour": -1, "talk": 180, "target_busy": 0.02},
            "calls_per_hour must be above 0",
        ),
        (
            {"calls_per_hour": 40, "talk": 180, "target_busy": 0},
            r"target_busy must be a share in \(0, 1\)",
        ),
        ({"calls_per_hour": 40, "talk": 180, "target_busy": 0.02, "max_lines": 0}, "max_lines"),
        ({"calls_per_hour": 40, "talk": 180, "target_answer": (0.8,)}, "target_answer must be"),
        ({"calls_per_hour": 40, "talk": 180, "target_busy": 0.02, "redial": 1.5}, "redial"),
    ],
)
def test_plan_bad_arguments(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InputError, match=match):
        plan(**kwargs)


def test_plan_refuses_a_scenario_and_numbers() -> None:
    with pytest.raises(InputError, match="not both"):
        plan(trunk(2), calls_per_hour=40, target_busy=0.02)
