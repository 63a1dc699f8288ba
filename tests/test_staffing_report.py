"""The page of a staffed day: ``teletraffic report FORECAST.csv`` and ``staff --report``
(issue 11, item 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.report.day import day_report

runner = CliRunner()

DAY = "start,calls\n09:00,20\n09:15,45\n09:30,60\n09:45,10\n"
SHIFTS = "lengths: [30m, 45m, 1h]\nstep: 15m\n"


@pytest.fixture
def day(tmp_path: Path) -> Path:
    p = tmp_path / "day.csv"
    p.write_text(DAY, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def staffed() -> pd.DataFrame:
    frame = pd.DataFrame({"start": ["09:00", "09:15", "09:30", "09:45"], "calls": [20, 45, 60, 10]})
    return tt.staff(frame, talk="3m", patience="2m", replications=3, seed=4)


def _text(page: str) -> str:
    """The page's words, tags and images taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_report_of_a_forecast_writes_the_day_in_words_chart_tables_and_roster(
    day: Path, tmp_path: Path
) -> None:
    from teletraffic.cli import app

    shifts = tmp_path / "shifts.yaml"
    shifts.write_text(SHIFTS, encoding="utf-8")
    out = tmp_path / "day.html"
    args = ["report", str(day), "--talk", "3m", "--patience", "2m", "-r", "3", "-o", str(out)]
    result = runner.invoke(app, [*args, "--shifts", str(shifts), "--target-answer", "90%/30s"])
    assert result.exit_code == 0, result.output
    assert "09:00-10:00, 4 intervals: 135 calls" in result.output
    page = out.read_text(encoding="utf-8")
    words = _text(page)
    for expected in (
        "Staffing the day of day.csv",
        "135 calls are expected from 09:00 to 10:00, in 4 intervals of 15 minutes",
        "To answer 90% of callers within 30 seconds in every interval",
        "person-hours in all",
        "Sizing each interval on its own with the usual formula (Erlang A)",
        "cover every interval",
        "People on the phones",
        "On shift (roster)",
        "Answered within 30 s",
        "Hung up on hold",
        "The roster",
        "Paid hours",
        "with the target of 90% as a dashed line",
        "The formula on the calls in progress",
    ):
        assert expected in words, expected
    assert page.count('src="data:image/png;base64,') == 1
    assert "http" not in page.replace("http-equiv", "")  # nothing loaded from elsewhere
    # the table: one row per interval, its start first
    rows = re.findall(r"<tr><td>(\d\d:\d\d)</td>", page)
    assert rows[:4] == ["09:00", "09:15", "09:30", "09:45"]


def test_staff_writes_the_same_page_with_its_own_flags(day: Path, tmp_path: Path) -> None:
    from teletraffic.cli import app

    out = tmp_path / "page.html"
    result = runner.invoke(
        app,
        [
            *("staff", str(day), "--talk", "3m", "-r", "3", "--shrinkage", "25%"),
            *("--report", str(out), "--title", "<b>Monday</b> $^$"),
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h1>&lt;b&gt;Monday&lt;/b&gt; $^$</h1>" in page
    words = _text(page)
    assert "People to schedule" in words
    assert "plan for up to" in words
    assert "(Erlang C)" in words
    assert "Hung up on hold" not in words  # without a patience nobody hangs up


def test_an_interval_below_the_target_is_in_bold(staffed: pd.DataFrame) -> None:
    df = staffed.copy()
    df.attrs = dict(staffed.attrs)
    df.loc[1, "service_level"] = 0.5
    assert "above 100%" not in day_report(df, source="day.csv")
    df.loc[2, "occupancy"] = 1.05  # people finishing their calls after their interval
    page = day_report(df, source="day.csv")
    assert "<td><b>50%</b></td>" in page
    assert "Time on calls above 100%" in _text(page)
    assert "3 of 4 intervals reach 80% (the lowest, 09:15, 50%)" in _text(page)


def test_the_chart_draws_a_label_with_dollars_as_text(staffed: pd.DataFrame) -> None:
    """A start label of ``$^$`` would stop a mathtext parser; the page draws it plain."""
    df = staffed.copy()
    df.attrs = dict(staffed.attrs)
    df["start"] = ["$^$", "09:15", "09:30", "09:45"]
    assert "data:image/png" in day_report(df, source="x")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["report", "{day}", "-o", "{out}"], ["line 2", "talk", "--talk 4m"]),
        (["report", "{day}", "--talk", "3m", "--target-busy", "2%", "-o", "{out}"], ["busy"]),
        (["report", "{day}", "--talk", "3m", "--tariffs", "ru", "-o", "{out}"], ["--shifts"]),
        (["report", "{day}", "--talk", "3m", "-o", "{tmp}"], ["--out", "folder"]),
        (["staff", "{day}", "--talk", "3m", "--report", "{tmp}"], ["--report", "folder"]),
        (["staff", "{day}", "--talk", "3m", "--plot", "{tmp}"], ["--plot", "folder"]),
        (["report", "{scenario}", "--talk", "3m", "-o", "{out}"], ["forecast", "CSV"]),
    ],
)
def test_bad_report_flags_stop_before_any_work(
    day: Path, tmp_path: Path, args: list[str], words: list[str]
) -> None:
    from teletraffic.cli import app

    scenario = Path(tt.__file__).parent / "examples" / "office.yaml"
    given = [
        a.format(day=day, out=tmp_path / "out.html", tmp=tmp_path, scenario=scenario) for a in args
    ]
    result = runner.invoke(app, given)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split()).replace("│", "")
    for w in words:
        assert w in " ".join(text.split()), (w, result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("module", ["teletraffic.report.day", "teletraffic.plots.day"])
def test_the_examples_in_the_docstrings_run(module: str) -> None:
    import doctest
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    found = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert found.attempted > 0
    assert found.failed == 0
