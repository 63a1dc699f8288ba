"""Monthly costs by hand on a tiny set-up, and the tariff menu."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from teletraffic.costs import (
    cost_summary,
    fixed_costs,
    month_scale,
    monthly_costs,
)
from teletraffic.errors import InputError, ScenarioError
from teletraffic.runner import SimulationResult, simulate
from teletraffic.scenario import Scenario, scenario_from_dict
from teletraffic.tariffs import DEFAULT_TARIFFS, TARIFF_ENTRIES, TariffMenu, load_tariffs

ROOT = Path(__file__).resolve().parents[1]

TINY: dict[str, Any] = {
    "name": "tiny office",
    "period": {"hours": 73},  # 730 / 73: every count x 10 for a month
    "lines": [
        {
            "name": "main",
            "kind": "multichannel",
            "numbers": ["1", "2"],
            "channels": 3,
            "tariff": {
                "monthly": 1000,
                "per_number": 100,
                "per_channel": 200,
                "installation": 3600,
                "spread_months": 36,
                "per_minute_in": 0.5,
                "per_minute_out": 2,
                "included_minutes": 100,
            },
        },
        {
            "name": "spare",
            "kind": "landline",
            "numbers": ["3"],
            "tariff": {"monthly": 600, "per_minute_in": 1},
        },
    ],
    "traffic": [
        {"name": "clients", "dial": "1", "calls_per_hour": 10, "talk": "3m"},
        {"name": "old", "dial": "3", "calls_per_hour": 1, "talk": "3m"},
        {"name": "sales", "from": "office", "calls_per_hour": 1, "talk": "4m", "line": "main"},
    ],
    "pbx": {
        "kind": "virtual",
        "hold": {"max_callers": 1},
        "tariff": {"monthly": 900, "per_user": 300, "purchase": 7200, "spread_months": 24},
    },
    "departments": [{"name": "office", "staff": 2}],
    "lost_call_value": 10,
    "staff_cost": 50000,
    "currency": "RUB",
}


def _result(scenario: Scenario, columns: dict[tuple[str, str], list[float]]) -> SimulationResult:
    """A result whose replication table holds exactly *columns* (the rest zero)."""
    n = len(next(iter(columns.values())))
    reps = pd.DataFrame(columns, index=pd.RangeIndex(n, name="replication"))
    reps.columns = pd.MultiIndex.from_tuples(list(columns), names=["metric", "scope"])
    return SimulationResult(
        scenario=scenario, seed=1, level=0.95, summary=pd.DataFrame(), replications=reps
    )


def test_fixed_costs_by_hand() -> None:
    s = scenario_from_dict(TINY)
    # main: 1000 + 2 numbers x 100 + 3 channels x 200 + 3600 / 36 = 1900; spare: 600
    # PBX: 900 + 2 users x 300 + 7200 / 24 = 1800
    assert fixed_costs(s) == {"line:main": 1900.0, "line:spare": 600.0, "pbx": 1800.0}


def test_monthly_costs_by_hand() -> None:
    s = scenario_from_dict(TINY)
    assert month_scale(s) == pytest.approx(10.0)
    result = _result(
        s,
        {
            ("talk_minutes_in", "stream:clients"): [100.0, 40.0],
            ("talk_minutes_in", "stream:old"): [3.0, 0.0],
            ("talk_minutes_out", "stream:sales"): [5.0, 30.0],
            ("busy", "all"): [9.0, 4.0],  # attempts: callers who redialled are not lost
            ("abandoned", "all"): [2.0, 1.0],
            ("lost_callers", "all"): [5.0, 1.0],
            ("blocked", "all"): [1.0, 0.0],  # a colleague dials again: not a lost caller
            ("dropped", "all"): [7.0, 7.0],  # talked: not a lost call
        },
    )
    costs = monthly_costs(s, result)
    assert list(costs.columns) == ["fixed", "usage", "lost_calls", "staff", "total"]
    assert costs["fixed"].tolist() == [4300.0, 4300.0]
    # rep 0: in 100 x 10 x 0.5 + 3 x 10 x 1 = 530; out 50 min <= 100 included: 0
    # rep 1: in 40 x 10 x 0.5 = 200; out 300 min, 200 beyond x 2 = 400
    assert costs["usage"].tolist() == pytest.approx([530.0, 600.0])
    # lost: 5 callers x 10 per month x 10 RUB; 1 x 10 x 10 (blocked outbound calls and
    # failed attempts of callers who got through later are not lost callers)
    assert costs["lost_calls"].tolist() == pytest.approx([500.0, 100.0])
    assert costs["staff"].tolist() == [100000.0, 100000.0]
    assert costs["total"].tolist() == pytest.approx(
        [4300 + 530 + 500 + 1e5, 4300 + 600 + 100 + 1e5]
    )


def test_business_days_scale_to_21_days_a_month() -> None:
    s = scenario_from_dict({**TINY, "period": {"days": 7, "open": "09:00", "close": "17:00"}})
    assert month_scale(s) == pytest.approx(3.0)
    result = _result(s, {("lost_callers", "all"): [4.0]})
    assert monthly_costs(s, result)["lost_calls"].tolist() == pytest.approx([120.0])
    # counting only the open hours of a steady-state run
    steady = scenario_from_dict(TINY)
    assert month_scale(steady, hours_per_month=189) == pytest.approx(189 / 73)
    with pytest.raises(InputError, match="hours_per_month"):
        month_scale(steady, hours_per_month=0)


def test_without_departments_each_channel_has_a_person() -> None:
    s = scenario_from_dict(
        {
            "name": "phones",
            "period": {"hours": 730},
            "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 5, "talk": "3m"}],
            "staff_cost": 1000,
        }
    )
    costs = monthly_costs(s, _result(s, {("busy", "all"): [0.0]}))
    assert costs["staff"].tolist() == [4000.0]


def test_cost_summary_on_a_short_simulation() -> None:
    s = scenario_from_dict(
        {
            "name": "short",
            "period": {"hours": 20, "warmup": "1h"},
            "lines": [
                {
                    "name": "main",
                    "kind": "multichannel",
                    "numbers": ["1"],
                    "channels": 2,
                    "tariff": {"monthly": 500, "per_channel": 100, "per_minute_in": 0.1},
                }
            ],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 30, "talk": "3m"}],
            "lost_call_value": 50,
        }
    )
    result = simulate(s, replications=4, seed=3)
    costs = monthly_costs(s, result)
    assert len(costs) == 4
    scale = 730 / 20
    expected_usage = result.replications[("talk_minutes_in", "stream:c")] * scale * 0.1
    assert costs["usage"].tolist() == pytest.approx(expected_usage.tolist())
    expected_lost = result.replications[("busy", "all")] * scale * 50
    assert costs["lost_calls"].tolist() == pytest.approx(expected_lost.tolist())
    summary = cost_summary(s, result, level=0.9)
    assert list(summary["item"]) == ["fixed", "usage", "lost_calls", "staff", "total"]
    fixed = summary.set_index("item").loc["fixed"]
    assert (fixed["mean"], fixed["ci_low"], fixed["ci_high"]) == (700.0, 700.0, 700.0)
    total = summary.set_index("item").loc["total"]
    assert total["ci_low"] < total["mean"] < total["ci_high"]
    assert total["mean"] == pytest.approx(costs["total"].mean())
    with pytest.raises(InputError, match="level"):
        cost_summary(s, result, level=1.5)


# --------------------------------------------------------------------------- tariff menu


def test_shipped_menu_is_the_built_in_one() -> None:
    shipped = yaml.safe_load((ROOT / "scenarios" / "tariffs.yaml").read_text())
    assert shipped == DEFAULT_TARIFFS
    text = (ROOT / "scenarios" / "tariffs.yaml").read_text()
    assert "illustrative" in text.lower().split("\n", 1)[0]
    menu = load_tariffs()
    assert set(menu.illustrative) == set(TARIFF_ENTRIES)
    assert menu.currency == "RUB"
    assert menu.multichannel is not None
    assert menu.multichannel.per_channel == 400
    assert menu.office_pbx is not None
    assert menu.office_pbx.purchase == 90000


def test_user_menu_overrides_and_removes_entries(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("multichannel: {monthly: 100, per_channel: 10}\nmobile_number: null\n")
    menu = load_tariffs(path)
    assert menu.multichannel is not None
    assert menu.multichannel.monthly == 100
    assert menu.mobile_number is None
    assert "multichannel" not in menu.illustrative
    assert "city_number" in menu.illustrative
    assert menu.source == str(path)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "multichannel: {monthly: -5}\n",
            r"multichannel\.monthly: .*greater than or equal to 0.*line 1",
        ),
        ("currency: RUB\nip: {per_chanel: 3}\n", r"ip\.per_chanel: unknown field.*line 2"),
        ("multichanel: {monthly: 5}\n", r"did you mean 'multichannel'"),
        ("ip: [1, 2\n", r"not valid YAML"),
        ("", r"empty"),
        ("currency: USD\nip: {per_channel: 3}\n", r"leaves out"),
    ],
)
def test_bad_menus_name_the_field(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=match) as info:
        load_tariffs(path)
    assert str(path) in str(info.value)


def test_missing_menu_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_tariffs(tmp_path / "nope.yaml")


def test_menu_from_dict_all_null_is_refused() -> None:
    with pytest.raises(ScenarioError, match="no entry is on offer"):
        TariffMenu.from_dict(dict.fromkeys(TARIFF_ENTRIES))
    menu = TariffMenu.from_dict({"city_number": {"monthly": 1}}, fill_defaults=False)
    assert menu.ip is None
    assert menu.city_number is not None
    assert not math.isnan(menu.city_number.monthly)


SHIPPED = sorted(
    p
    for p in (ROOT / "scenarios").rglob("*.yaml")
    if p.name != "tariffs.yaml" and p.parent.name != "tariffs"  # the tariff menus
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_lost_calls_cost_the_lost_callers_of_every_shipped_scenario(path: Path) -> None:
    """Money for lost calls is lost_call_value x callers who never got through, never more
    callers than called; counted from the replication table, not from the cost code."""
    from teletraffic.scenario import load_scenario

    s = load_scenario(path)
    result = simulate(s, replications=2, seed=s.seed)
    reps = result.replications
    lost = reps[("lost_callers", "all")].to_numpy(dtype=float)
    callers = reps[("callers", "all")].to_numpy(dtype=float)
    assert (lost <= callers).all()
    scale = month_scale(s)
    costs = monthly_costs(s, result)
    assert costs["lost_calls"].to_numpy() == pytest.approx(s.lost_call_value * lost * scale)
    parts = costs[["fixed", "usage", "lost_calls", "staff"]].sum(axis=1)
    assert costs["total"].to_numpy() == pytest.approx(parts.to_numpy())


def test_a_steady_state_period_can_say_its_month() -> None:
    steady = scenario_from_dict({**TINY, "period": {"hours": 73, "month_hours": 189}})
    assert month_scale(steady) == pytest.approx(189 / 73)
    with pytest.raises(ScenarioError, match="month_hours is for steady-state runs"):
        scenario_from_dict({**TINY, "period": {"days": 5, "month_hours": 189}})


def test_run_json_carries_the_month_split_as_cost_summary_gives_it() -> None:
    import json

    from typer.testing import CliRunner

    from teletraffic.cli import app
    from teletraffic.scenario import load_scenario

    path = ROOT / "scenarios" / "office.yaml"
    out = CliRunner().invoke(app, ["run", str(path), "-r", "2", "-f", "json"])
    assert out.exit_code == 0, out.output
    rows = {r["metric"]: r for r in json.loads(out.stdout)["figures"] if r["scope"] == "all"}
    s = load_scenario(path)
    expected = cost_summary(s, simulate(s, replications=2)).set_index("item")
    for item in ("fixed", "usage", "lost_calls", "staff", "total"):
        assert rows[f"monthly_{item}"]["mean"] == pytest.approx(expected.loc[item, "mean"])
    assert rows["monthly_usage"]["mean"] > 0  # the calls sales place are charged


@pytest.mark.parametrize("levels", [6, 7])
def test_an_alias_bomb_in_a_tariff_menu_gets_a_short_message(tmp_path: Path, levels: int) -> None:
    """Aliases that expand to millions of values are refused, or named in a line: the
    message never repeats what they expand to."""
    names = "abcdefgh"
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, cur in itertools.pairwise(names[:levels]):
        lines.append(f"{cur}: &{cur} [{', '.join([f'*{prev}'] * 9)}]")
    lines.append(f"staff: {{monthly: *{names[levels - 1]}}}")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError) as err:
        load_tariffs(path)
    assert len(str(err.value)) < 3000
