"""Charts: each draws from a documented table, returns its axes, and says what is missing.

The tables are built by hand (as a notebook user or another module would), so these
tests do not depend on the simulation; one test draws from a small real run.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import matplotlib

matplotlib.use("Agg", force=True)

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import teletraffic as tt
from teletraffic import plots
from teletraffic.erlang import erlang_b


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _summary(rows: list[tuple[str, str, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["metric", "scope", "mean", "ci_low", "ci_high"])


def _bar_heights(ax: Axes) -> list[float]:
    return [p.get_height() for p in ax.patches]


def test_busy_by_lines_draws_points_band_and_erlang_b() -> None:
    table = pd.DataFrame(
        {
            "lines": [3, 1, 2],
            "p_busy": [0.21, 0.67, 0.40],
            "ci_low": [0.19, 0.64, 0.37],
            "ci_high": [0.23, 0.70, 0.43],
        }
    )
    ax = plots.busy_by_lines(table, traffic=2.0)
    assert isinstance(ax, Axes)
    simulated, theory = ax.lines
    assert list(simulated.get_xdata()) == [1, 2, 3]  # sorted by lines
    assert list(simulated.get_ydata()) == [0.67, 0.40, 0.21]
    assert np.allclose(theory.get_ydata(), [erlang_b(n, 2.0) for n in (1, 2, 3)])
    assert len(ax.collections) == 1  # the interval band
    assert ax.get_xlabel() == "Lines (channels)"
    assert "busy" in ax.get_ylabel()
    assert "Erlang B, 2 erlangs" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_busy_by_lines_without_intervals_or_theory_uses_the_given_axes() -> None:
    _, given = plt.subplots()
    table = pd.DataFrame({"channels": [2, 4], "busy": [0.3, 0.1]})
    ax = plots.busy_by_lines(table, x="channels", y="busy", ax=given)
    assert ax is given
    assert len(ax.lines) == 1
    assert not ax.collections


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match=r"busy_by_lines needs the column 'p_busy'"):
        plots.busy_by_lines(pd.DataFrame({"lines": [1]}))
    with pytest.raises(ValueError, match=r"'fixed', 'usage'"):
        plots.cost_by_numbers(pd.DataFrame({"numbers": [1], "lost_calls": [5.0]}))


def test_cost_by_numbers_stacks_the_parts_and_writes_totals() -> None:
    table = pd.DataFrame(
        {
            "numbers": [1, 2, 3],
            "fixed": [600.0, 1200.0, 1800.0],
            "usage": [300.0, 400.0, 450.0],
            "lost_calls": [50_000.0, 20_000.0, 6_000.0],
            "staff": [0.0, 0.0, 0.0],
        }
    )
    ax = plots.cost_by_numbers(table, currency="RUB")
    # three parts x three set-ups (staff is all zero and left out)
    assert len(ax.patches) == 9
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]
    totals = [t.get_text() for t in ax.texts]
    assert totals == ["50,900 RUB", "21,600 RUB", "8,250 RUB"]
    assert ax.get_ylabel() == "Cost a month (RUB)"
    assert ax.get_xlabel() == "Single-line numbers"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["lines and PBX (fixed)", "call minutes", "lost calls"]


def test_sweep_tables_draw_directly() -> None:
    """A table shaped like experiments.sweep: the parameter path, {metric}_ci_low/high,
    monthly_ cost items."""
    sweep = pd.DataFrame(
        {
            "lines.main.channels": [2, 3, 4],
            "p_busy": [0.4, 0.21, 0.1],
            "p_busy_ci_low": [0.38, 0.2, 0.09],
            "p_busy_ci_high": [0.42, 0.22, 0.11],
            "monthly_fixed": [2000.0, 2400.0, 2800.0],
            "monthly_usage": [0.0, 0.0, 0.0],
            "monthly_lost_calls": [9000.0, 5000.0, 2000.0],
            "monthly_staff": [0.0, 0.0, 0.0],
            "monthly_total": [11000.0, 7400.0, 4800.0],
        }
    )
    ax = plots.busy_by_lines(sweep, x="lines.main.channels", traffic=2.0)
    assert len(ax.collections) == 1  # the band from p_busy_ci_low / _high
    assert ax.get_xlabel() == "Channels of line main"
    ax = plots.cost_by_numbers(sweep, x="lines.main.channels", currency="RUB")
    assert [t.get_text() for t in ax.texts] == ["11,000 RUB", "7,400 RUB", "4,800 RUB"]
    assert ax.get_xlabel() == "Channels of line main"


def test_plan_curves_draw_one_line_per_kind_and_the_target() -> None:
    curves = pd.DataFrame(
        {
            "setup": ["city_numbers"] * 3 + ["multichannel"] * 3 + ["multichannel+virtual_pbx"],
            "size": [1, 2, 3, 1, 2, 3, 3],
            "p_busy": [0.67, 0.5, 0.4, 0.67, 0.4, 0.21, 0.1],
            "monthly_total": [100.0, 200.0, 300.0, 150.0, 250.0, 350.0, 900.0],
        }
    )
    ax = plots.plan_curves(
        curves,
        target=0.02,
        labels={"city_numbers": "separate numbers"},
        kinds=["city_numbers", "multichannel"],
    )
    lines = ax.get_lines()
    assert [list(line.get_ydata()) for line in lines[:2]] == [[0.67, 0.5, 0.4], [0.67, 0.4, 0.21]]
    assert list(lines[2].get_ydata()) == [0.02, 0.02]  # the target
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["separate numbers", "multichannel"]
    assert ax.get_title() == "Busy signals by number of lines, per kind of set-up"
    ax = plots.plan_curves(curves, y="monthly_total")
    assert len(ax.get_lines()) == 3
    assert ax.get_ylabel() == "Cost a month"


def _calls(waits: list[float], outcomes: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wait": waits,
            "outcome": outcomes or ["answered"] * len(waits),
            "measured": [True] * len(waits),
        }
    )


def test_wait_distribution_histogram_shares_sum_to_one_and_marks_the_target() -> None:
    calls = _calls([0, 0, 5, 12, 25, 40, 3, 30], ["answered"] * 6 + ["abandoned", "busy"])
    ax = plots.wait_distribution(calls, answer_time=20)
    assert math.isclose(sum(_bar_heights(ax)), 1.0)
    (target,) = ax.lines
    assert list(target.get_xdata()) == [20, 20]
    # 4 of the 6 answered calls waited at most 20 s
    assert "67% of answered calls within" in ax.get_legend().get_texts()[1].get_text()
    assert ax.get_xlabel().startswith("Wait on hold")


def test_wait_distribution_ecdf_ends_at_one_and_ignores_unmeasured_calls() -> None:
    calls = _calls([1.0, 2.0, 3.0, 1000.0])
    calls.loc[3, "measured"] = False
    ax = plots.wait_distribution(calls, kind="ecdf")
    (step,) = ax.lines
    assert step.get_ydata()[-1] == 1.0
    assert max(step.get_xdata()) == 3.0


def test_wait_distribution_with_no_answered_call_says_so() -> None:
    ax = plots.wait_distribution(_calls([5.0], ["busy"]), answer_time=20)
    assert [t.get_text() for t in ax.texts] == ["No answered calls"]
    with pytest.raises(ValueError, match="kind must be"):
        plots.wait_distribution(_calls([1.0]), kind="violin")


def test_load_by_hour_stacks_answered_and_lost_per_day() -> None:
    summary = _summary(
        [
            ("inbound", "hour:10", 100.0, 90.0, 110.0),
            ("answered", "hour:10", 80.0, 75.0, 85.0),
            ("inbound", "hour:09", 50.0, 45.0, 55.0),
            ("answered", "hour:09", 50.0, 45.0, 55.0),
            ("inbound", "all", 150.0, 140.0, 160.0),
            ("answered", "all", 130.0, 120.0, 140.0),
        ]
    )
    ax = plots.load_by_hour(summary, days=5)
    heights = _bar_heights(ax)
    assert heights == [10.0, 16.0, 0.0, 4.0]  # answered 09, 10; lost 09, 10 (per day)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["09:00", "10:00"]
    assert [t.get_text() for t in ax.texts] == ["0%", "20%"]
    assert ax.get_ylabel() == "Calls per day"


def test_load_by_hour_needs_hour_scopes() -> None:
    summary = _summary([("inbound", "all", 1.0, 1.0, 1.0)])
    with pytest.raises(ValueError, match="hour:HH scopes"):
        plots.load_by_hour(summary)


def test_staff_occupancy_bars_have_intervals_and_one_colour_per_department() -> None:
    summary = _summary(
        [
            ("staff_occupancy", "staff:sales/1", 0.9, 0.85, 0.95),
            ("staff_occupancy", "staff:sales/2", 0.6, 0.55, 0.65),
            ("staff_occupancy", "staff:help desk/1", 0.3, math.nan, math.nan),
            ("answered", "staff:sales/1", 50.0, 45.0, 55.0),
            ("staff_occupancy", "department:sales", 0.75, 0.7, 0.8),
        ]
    )
    ax = plots.staff_occupancy(summary)
    assert _bar_heights(ax) == [0.9, 0.6, 0.3]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["sales 1", "sales 2", "help desk 1"]
    colours = {p.get_facecolor() for p in ax.patches}
    assert len(colours) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sales", "help desk"]
    from matplotlib.container import ErrorbarContainer

    assert any(isinstance(c, ErrorbarContainer) and c.has_yerr for c in ax.containers)
    with pytest.raises(ValueError, match="staff:DEPT/N"):
        plots.staff_occupancy(_summary([("staff_occupancy", "all", 0.5, 0.4, 0.6)]))


def test_compare_setups_shows_shares_and_cost_on_a_second_axis() -> None:
    table = pd.DataFrame(
        {
            "setup": ["2 single lines", "4-channel line with a hold queue"],
            "p_busy": [0.18, 0.004],
            "p_busy_low": [0.16, 0.003],
            "p_busy_high": [0.20, 0.006],
            "p_abandon": [0.0, 0.05],
            "monthly_cost": [46_000.0, 3_700.0],
        }
    )
    ax = plots.compare_setups(table, currency="RUB")
    assert _bar_heights(ax) == [0.18, 0.004, 0.0, 0.05]
    right = ax.right_ax  # type: ignore[attr-defined]
    assert _bar_heights(right) == [46_000.0, 3_700.0]
    assert [t.get_text() for t in right.texts] == ["46,000 RUB", "3,700 RUB"]
    # nobody hangs up on the single lines: no bar there, and no label
    assert [t.get_text() for t in ax.texts] == ["18.0%", "0.4%", "5.0%"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "callers who hear busy",
        "callers who hang up on hold",
        "cost a month (right axis)",
    ]


def test_compare_setups_reads_a_comparison_summary() -> None:
    """The long table of experiments.compare: setup, metric, mean, ci_low, ci_high."""
    rows = []
    for setup, busy, cost in (("A", 0.2, 1000.0), ("B", 0.05, 2500.0)):
        rows += [
            {
                "setup": setup,
                "metric": "p_busy",
                "mean": busy,
                "ci_low": busy - 0.01,
                "ci_high": busy + 0.01,
            },
            {"setup": setup, "metric": "p_abandon", "mean": 0.0, "ci_low": 0.0, "ci_high": 0.0},
            {"setup": setup, "metric": "mean_wait", "mean": 3.0, "ci_low": 2.0, "ci_high": 4.0},
            {
                "setup": setup,
                "metric": "monthly_total",
                "mean": cost,
                "ci_low": cost,
                "ci_high": cost,
            },
        ]
    ax = plots.compare_setups(pd.DataFrame(rows), currency="EUR")
    assert _bar_heights(ax) == [0.2, 0.05, 0.0, 0.0]
    assert _bar_heights(ax.right_ax) == [1000.0, 2500.0]  # type: ignore[attr-defined]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B"]


def test_compare_setups_without_cost_has_one_axis() -> None:
    table = pd.DataFrame({"setup": ["a", "b"], "p_busy": [0.1, 0.2], "p_abandon": [0.0, 0.01]})
    ax = plots.compare_setups(table)
    assert not hasattr(ax, "right_ax")
    assert len(ax.figure.axes) == 1


def test_charts_from_a_real_run(write_scenario: Any) -> None:
    import teletraffic as tt

    path = write_scenario(
        """\
        name: tiny office
        period: {days: 1, open: "09:00", close: "12:00"}
        replications: 3
        answer_time: 15s
        lines:
          - {name: main, kind: multichannel, numbers: ["1"], channels: 3}
        traffic:
          - {name: c, dial: "1", calls_per_hour: 40, talk: 3m, patience: 1m}
        pbx: {kind: virtual, hold: {max_callers: 2}}
        departments:
          - {name: d, staff: 2}
        """
    )
    scenario = tt.load_scenario(path)
    result = tt.simulate(scenario, call_log=True)
    fig, axes = plt.subplots(1, 3)
    assert plots.load_by_hour(result.summary, days=1, ax=axes[0]) is axes[0]
    assert plots.staff_occupancy(result.summary, ax=axes[1]) is axes[1]
    assert plots.wait_distribution(result.calls, answer_time=15, ax=axes[2]) is axes[2]
    assert [t.get_text() for t in axes[0].get_xticklabels()][:3] == ["09:00", "10:00", "11:00"]
    assert len(axes[1].patches) == 2
    fig.canvas.draw()


def test_importing_plots_does_not_load_matplotlib() -> None:
    import subprocess
    import sys

    code = "import teletraffic.plots, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_answered_within_crosses_the_answer_time_at_the_service_level() -> None:
    """The service curve is a share of all callers: at the answer time it is the service
    level the statistics count, and it never reaches 100% when some callers are lost."""

    scenario = tt.scenario_from_dict(
        {
            "name": "queue",
            "period": {"hours": 30},
            "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
            "traffic": [
                {"name": "c", "dial": "1", "calls_per_hour": 50, "talk": "3m", "patience": "1m"}
            ],
            "pbx": {"kind": "virtual"},
            "departments": [{"name": "desk", "staff": 2}],
        }
    )
    result = tt.simulate(scenario, replications=3, seed=5, call_log=True)
    ax = plots.answered_within(result.calls, answer_time=20, target=0.8)
    x, y = (np.asarray(v, dtype=float) for v in (ax.lines[0].get_xdata(), ax.lines[0].get_ydata()))
    at = y[np.searchsorted(x, 20.0, side="right") - 1]
    assert at == pytest.approx(result.value("service_level"), abs=1e-9)
    lost = result.value("p_busy") + result.value("p_abandon")
    assert lost > 0.05
    assert y.max() <= 1 - lost + 1e-9
    assert any("target 80%" in t.get_text() for t in ax.get_legend().get_texts())


# --------------------------------------------------------------------------- the objects users hold
# Each chart that reads a result's table also takes the object the README shows (a
# SimulationResult, a Comparison, a Plan) and draws the same as from the right table.

OFFICE: dict[str, Any] = {
    "name": "office",
    "period": {"days": 1, "open": "09:00", "close": "12:00"},
    "replications": 3,
    "seed": 11,
    "answer_time": "15s",
    "lines": [
        {
            "name": "main",
            "kind": "multichannel",
            "numbers": ["1"],
            "channels": 3,
            "tariff": {"monthly": 1500, "per_channel": 400},
        }
    ],
    "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 40, "talk": "3m", "patience": "1m"}],
    "pbx": {"kind": "virtual", "hold": {"max_callers": 2}},
    "departments": [{"name": "desk", "staff": 2}, {"name": "back", "staff": 1}],
    "routes": {"1": "desk"},
    "currency": "EUR",
}


@pytest.fixture(scope="module")
def office() -> tuple[tt.Scenario, Any]:
    scenario = tt.scenario_from_dict(OFFICE)
    return scenario, tt.simulate(scenario, call_log=True)


@pytest.fixture(scope="module")
def comparison() -> Any:
    bigger = {**OFFICE, "name": "bigger", "lines": [{**OFFICE["lines"][0], "channels": 5}]}
    return tt.compare([tt.scenario_from_dict(OFFICE), tt.scenario_from_dict(bigger)])


@pytest.fixture(scope="module")
def found() -> Any:
    """A plan from the traffic alone: every kind of set-up on the menu, city numbers too."""
    return tt.plan(calls_per_hour=40, talk=180, target_busy=0.05, max_lines=6, replications=2)


def _drawn(ax: Axes) -> list[Any]:
    """What an axes shows: bar heights, line data, tick labels, legend and axis words."""
    legend = ax.get_legend()
    return [
        [round(p.get_height(), 12) for p in ax.patches],
        [np.asarray(line.get_ydata(), dtype=float).round(12).tolist() for line in ax.lines],
        [t.get_text() for t in ax.get_xticklabels()],
        [t.get_text() for t in legend.get_texts()] if legend is not None else [],
        [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()],
    ]


def test_load_by_hour_reads_a_result_as_the_report_does(office: tuple[tt.Scenario, Any]) -> None:
    from teletraffic.plots.tables import hour_counts

    scenario, result = office
    drawn = _drawn(plots.load_by_hour(result))
    assert drawn == _drawn(plots.load_by_hour(hour_counts(result), days=scenario.period.days))
    assert drawn[4][1] == "Calls per day"
    assert drawn[2][:3] == ["09:00", "10:00", "11:00"]
    # an hour without calls in one run counts zero there, as in the report
    reps = result.replications.copy()
    reps.loc[reps.index[0], [("inbound", "hour:11"), ("answered", "hour:11")]] = math.nan
    ax = plots.load_by_hour(dataclasses.replace(result, replications=reps))
    bars = _bar_heights(ax)
    calls_at_11 = bars[2] + bars[len(bars) // 2 + 2]
    assert calls_at_11 == pytest.approx(reps[("inbound", "hour:11")].fillna(0.0).mean())
    assert calls_at_11 < reps[("inbound", "hour:11")].mean()


def test_staff_occupancy_reads_a_result_summary(office: tuple[tt.Scenario, Any]) -> None:
    _, result = office
    drawn = _drawn(plots.staff_occupancy(result))
    assert drawn == _drawn(plots.staff_occupancy(result.summary))
    assert len(drawn[0]) == 3  # desk/1, desk/2, back/1


def test_wait_charts_read_a_result_and_its_answer_time(office: tuple[tt.Scenario, Any]) -> None:
    scenario, result = office
    assert scenario.answer_time == 15
    for kind in ("hist", "ecdf"):
        drawn = _drawn(plots.wait_distribution(result, kind=kind))
        assert drawn == _drawn(plots.wait_distribution(result.calls, answer_time=15, kind=kind))
        assert any(text.startswith("target 15 s:") for text in drawn[3])
    drawn = _drawn(plots.answered_within(result))
    assert drawn == _drawn(plots.answered_within(result.calls, answer_time=15, level=result.level))
    assert f"{100 * result.level:g}% interval" in drawn[3]


def test_charts_say_what_a_result_lacks(office: tuple[tt.Scenario, Any]) -> None:
    scenario, result = office
    without = tt.simulate(scenario, replications=2)
    with pytest.raises(ValueError, match=r"call log.*call_log=True"):
        plots.wait_distribution(without)
    with pytest.raises(ValueError, match="answer_time"):
        plots.answered_within(result.calls)
    with pytest.raises(TypeError, match=r"busy_by_lines draws .*sweep.*; got a SimulationResult"):
        plots.busy_by_lines(result)
    with pytest.raises(TypeError, match=r"staff_occupancy draws .*; got a list"):
        plots.staff_occupancy([1, 2])


def test_compare_setups_and_costs_read_a_comparison(comparison: Any) -> None:
    drawn = _drawn(plots.compare_setups(comparison))
    assert drawn == _drawn(plots.compare_setups(comparison.summary, currency=comparison.currency))
    ax = plots.cost_by_numbers(comparison)
    assert [t.get_text() for t in ax.get_xticklabels()] == comparison.setups == ["office", "bigger"]
    assert ax.get_xlabel() == "Set-up"
    assert ax.get_ylabel() == "Cost a month (EUR)"
    totals = comparison.summary.set_index(["setup", "metric"])["mean"]
    heights = np.array(_bar_heights(ax)).reshape(-1, 2).sum(axis=0)
    expected = [totals[(name, "monthly_total")] for name in comparison.setups]
    assert heights == pytest.approx(expected)
    with pytest.raises(TypeError, match="got a Comparison"):
        plots.staff_occupancy(comparison)


def test_plan_charts_read_a_plan_as_the_report_does(found: Any) -> None:
    from teletraffic.plots.plans import KIND_WORDS, city_numbers, plan_rows, plan_setups

    table, best = plan_setups(plan_rows(found))
    drawn = _drawn(plots.compare_setups(found))
    currency = found.tariffs.currency
    assert drawn == _drawn(plots.compare_setups(table, currency=currency, highlight=best))
    assert [t.replace("\n", " ") for t in drawn[2]] == list(table["setup"])
    assert best is not None
    ax = plots.compare_setups(found)
    bold = [t.get_text() for t in ax.get_xticklabels() if t.get_fontweight() == "bold"]
    assert [b.replace("\n", " ") for b in bold] == [best]

    ax = plots.plan_curves(found)
    kinds = [k for k in KIND_WORDS if k in set(found.curves["setup"])]
    assert [line.get_label() for line in ax.lines[: len(kinds)]] == [KIND_WORDS[k] for k in kinds]
    assert ax.lines[-1].get_ydata()[0] == found.targets["busy"] == 0.05  # the target line

    singles = city_numbers(found)
    assert singles is not None
    drawn = _drawn(plots.cost_by_numbers(found))
    assert drawn == _drawn(plots.cost_by_numbers(singles, currency=currency))
    assert drawn[2] == [str(n) for n in sorted(singles["numbers"])]
