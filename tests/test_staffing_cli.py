"""``teletraffic staff FORECAST`` and the staffing flags of ``teletraffic size agents``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app

runner = CliRunner()

DAY = "start,calls\n09:00,20\n09:15,45\n09:30,10\n"


@pytest.fixture
def day(tmp_path: Path) -> Path:
    p = tmp_path / "day.csv"
    p.write_text(DAY, encoding="utf-8")
    return p


def test_staff_prints_the_table_the_passes_and_the_roster(day: Path, tmp_path: Path) -> None:
    shifts = tmp_path / "shifts.yaml"
    shifts.write_text("lengths: [30m, 45m]\nstep: 15m\n", encoding="utf-8")
    tariffs = tmp_path / "tariffs.yaml"
    tariffs.write_text("currency: RUB\nstaff: {monthly: 84000}\n", encoding="utf-8")
    chart = tmp_path / "day.png"
    out = runner.invoke(
        app,
        [
            "staff",
            str(day),
            "--talk",
            "3m",
            "--patience",
            "2m",
            "-r",
            "3",
            "--shifts",
            str(shifts),
            "--tariffs",
            str(tariffs),
            "--plot",
            str(chart),
        ],
    )
    assert out.exit_code == 0, out.output
    for word in (
        "service_level",
        "mean_wait",
        "scheduled",
        "lagged start",
        "Roster",
        "linear-programming bound",
        "Cost of the day",
        "per hour",
    ):
        assert word in out.output
    assert "500.00 per hour" in out.output  # 84,000 a month over 168 hours
    assert chart.stat().st_size > 10_000


def test_staff_json_has_intervals_passes_and_roster(day: Path, tmp_path: Path) -> None:
    shifts = tmp_path / "shifts.yaml"
    shifts.write_text("lengths: [45m]\nstep: 15m\n", encoding="utf-8")
    out = runner.invoke(
        app,
        [
            "staff",
            str(day),
            "--talk",
            "3m",
            "-r",
            "3",
            "--shifts",
            str(shifts),
            "-f",
            "json",
            "--shrinkage",
            "25%",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [r["start"] for r in data["intervals"]] == ["09:00", "09:15", "09:30"]
    assert list(data["intervals"][0])[:9] == [
        "start",
        "calls",
        "traffic",
        "staff",
        "scheduled_staff",
        "service_level",
        "abandon",
        "occupancy",
        "mean_wait",
    ]
    assert data["passes"][0]["pass"].startswith("lagged start")
    assert {r["hours"] for r in data["roster"]} == {0.75}
    assert data["paid_hours"] >= data["lp_bound_hours"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("start,volume\n09:00,1\n", ["day.csv, line 1", "'calls'"]),
        ("start,calls\n09:00,1\n9h15,2\n", ["day.csv, line 3, column start", "'9h15'"]),
        ("start,calls\n09:00,1\n09:15,-2\n", ["day.csv, line 3, column calls", "'-2'"]),
    ],
)
def test_a_bad_forecast_exits_2_with_file_line_column_value(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    p = tmp_path / "day.csv"
    p.write_text(text, encoding="utf-8")
    out = runner.invoke(app, ["staff", str(p), "--talk", "3m"])
    assert out.exit_code == 2
    for w in words:
        assert w in out.output
    assert "Traceback" not in out.output


def test_bad_flags_exit_2(day: Path) -> None:
    for extra in (
        ["--target-answer", "80%"],
        ["--shrinkage", "120%"],
        ["--volume-dist", "weibull"],
        ["--target-abandon", "5%"],  # needs a patience
        ["--interval", "30m"],  # the file says 15 minutes
    ):
        out = runner.invoke(app, ["staff", str(day), "--talk", "3m", "-r", "2", *extra])
        assert out.exit_code == 2, (extra, out.output)
        assert out.output.startswith("Error:"), out.output
    out = runner.invoke(app, ["staff", str(day)])
    assert out.exit_code == 2
    assert "line 2" in out.output
    assert "--talk" in out.output


def test_size_agents_takes_shrinkage_and_max_occupancy() -> None:
    out = runner.invoke(
        app,
        [
            "size",
            "agents",
            "--calls-per-hour",
            "300",
            "--talk",
            "4m",
            "--target-answer",
            "80%/20s",
            "--max-occupancy",
            "70%",
            "--shrinkage",
            "30%",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    row = json.loads(out.output)[0]
    assert row["agents"] == 29  # 20 erlangs at most 70% busy; Erlang C alone says 25
    assert row["scheduled_agents"] == 42  # 29 / 0.7, rounded up
    out = runner.invoke(
        app,
        [
            "size",
            "agents",
            "--traffic",
            "20",
            "--talk",
            "4m",
            "--target-answer",
            "80%/20s",
            "--shrinkage",
            "100%",
        ],
    )
    assert out.exit_code == 2
