"""The HTML report: plain words from the figures, one self-contained file, written whole.

The browser test at the end (``test_report_renders_in_headless_chromium``, marked
``browser``: select it with ``-m browser``) opens the report in Debian's headless
``chromium`` and checks that every embedded image decodes and the page is not blank.
Where ``chromium`` is missing it is skipped, and the run's summary prints why and how to
install it; in CI (``CI`` set), which installs it with ``.ci/install-browser``, a
missing browser fails the test instead.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import matplotlib

matplotlib.use("Agg", force=True)

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cli import reporting
from teletraffic.errors import InputError
from teletraffic.report import build_report, plain_summary, write_report
from teletraffic.runner import SimulationResult

HOSTILE = 'Bob\'s <b>"Office"</b> & Co <script>alert(1)</script>'

SMALL: dict[str, Any] = {
    "name": HOSTILE,
    "period": {"days": 1, "open": "09:00", "close": "12:00"},
    "replications": 3,
    "seed": 7,
    "answer_time": "15s",
    "lines": [
        {
            "name": "main <line>",
            "kind": "multichannel",
            "numbers": ["100"],
            "channels": 3,
            "tariff": {"monthly": 1500, "per_channel": 400},
        }
    ],
    "traffic": [
        {
            "name": "clients",
            "dial": "100",
            "calls_per_hour": 40,
            "talk": "3m",
            "patience": "1m",
            "redial": {"probability": 0.3, "after": "2m"},
        }
    ],
    "pbx": {"kind": "virtual", "hold": {"max_callers": 2}, "tariff": {"monthly": 900}},
    "departments": [{"name": 'sales <i> & "co"', "staff": 2}],
    "lost_call_value": 800,
    "currency": "RUB",
}

SMALL_YAML = """\
name: tiny
period: {days: 1, open: "09:00", close: "11:00"}
replications: 2
lines:
  - {name: main, kind: multichannel, numbers: ["1"], channels: 3}
traffic:
  - {name: c, dial: "1", calls_per_hour: 30, talk: 3m, patience: 1m}
pbx: {kind: virtual, hold: {max_callers: 1}}
departments:
  - {name: d, staff: 2}
"""


@pytest.fixture(scope="module")
def run() -> tuple[tt.Scenario, SimulationResult]:
    scenario = tt.scenario_from_dict(SMALL)
    return scenario, tt.simulate(scenario, call_log=True)


@pytest.fixture(scope="module")
def page(run: tuple[tt.Scenario, SimulationResult]) -> str:
    return build_report(*run)


def _images(page: str) -> list[bytes]:
    return [
        base64.b64decode(m)
        for m in re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    ]


# --------------------------------------------------------------------------- the document


def test_the_report_is_one_self_contained_document(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<html") == 1
    assert page.rstrip().endswith("</html>")
    # nothing loaded from elsewhere: no links, scripts, style sheets or remote images
    assert not re.search(r"https?://|//cdn|<script|<link|@import|url\(", page)
    assert len(re.findall(r"<img ", page)) == len(_images(page)) == 3
    for png in _images(page):
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        image = matplotlib.image.imread(io.BytesIO(png))
        assert image.shape[0] > 300
        assert image.shape[1] > 600
    for section in ("In a minute", "Key figures", "Cost a month", "Charts", "The set-up"):
        assert f"<h2>{section}</h2>" in page


def test_every_user_string_is_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert "<b>" not in page
    assert "<i>" not in page
    assert "Bob&#x27;s &lt;b&gt;&quot;Office&quot;&lt;/b&gt; &amp; Co" in page
    assert "Department sales &lt;i&gt; &amp; &quot;co&quot;" in page
    assert "Line main &lt;line&gt;" in page


def test_the_key_figures_table_shows_intervals(
    page: str, run: tuple[tt.Scenario, SimulationResult]
) -> None:
    _, result = run
    table = page[page.index('<table class="figures">') :]
    table = table[: table.index("</table>")]
    for header in ("calls a day", "heard busy", "hung up on hold", "answered in time (15 s)"):
        assert f"<th>{header}</th>" in table
    assert table.count("<tr>") == 4  # header, all, the line, the department
    assert "<small>" in table
    assert " to " in table
    busy = result.value("p_busy")
    assert f"{100 * busy:.0f}%" in table or f"{100 * busy:.1f}%" in table


def test_charts_need_a_call_log_for_the_waits(run: tuple[tt.Scenario, SimulationResult]) -> None:
    scenario, result = run
    without = SimulationResult(
        scenario=result.scenario,
        seed=result.seed,
        level=result.level,
        summary=result.summary,
        replications=result.replications,
    )
    page = build_report(scenario, without, title="No log")
    assert "How long answered callers waited" not in page
    assert len(_images(page)) == 2
    assert "<h1>No log</h1>" in page


# --------------------------------------------------------------------------- plain words


def _result(scenario: tt.Scenario, figures: dict[str, float], n: int = 10) -> SimulationResult:
    """A result with the given means in scope ``all`` (intervals +-5%)."""
    base = dict.fromkeys(
        ("busy", "queue_full", "abandoned", "unanswered", "no_coverage", "dropped"), 0.0
    )
    base.update(figures)
    rows = [
        {
            "metric": m,
            "scope": "all",
            "mean": v,
            "ci_low": 0.95 * v,
            "ci_high": 1.05 * v,
            "std": 0.0,
            "n": n,
        }
        for m, v in base.items()
    ]
    reps = pd.DataFrame(
        {("offered", "all"): [figures["offered"]] * n},
        index=pd.RangeIndex(n, name="replication"),
    )
    return SimulationResult(
        scenario=scenario, seed=1, level=0.95, summary=pd.DataFrame(rows), replications=reps
    )


TWO_LINES: dict[str, Any] = {
    "name": "Two single lines",
    "period": {"days": 5},
    "lines": [
        {"name": "a", "kind": "landline", "numbers": ["1"], "tariff": {"monthly": 600}},
        {"name": "b", "kind": "landline", "numbers": ["2"], "tariff": {"monthly": 600}},
    ],
    "traffic": [
        {"name": "x", "dial": "1", "calls_per_hour": 8, "talk": "3m"},
        {"name": "y", "dial": "2", "calls_per_hour": 8, "talk": "3m"},
    ],
    "lost_call_value": 800,
}


def test_the_minute_summary_is_built_from_the_figures() -> None:
    scenario = tt.scenario_from_dict(TWO_LINES)
    result = _result(
        scenario,
        {
            "offered": 1610.0,
            "inbound": 1610.0,
            "answered": 1320.0,
            "busy": 290.0,
            "p_busy": 0.18,
            "p_abandon": 0.0,
            "mean_wait": 0.0,
        },
    )
    costs = pd.DataFrame(
        {
            "fixed": [1200.0] * 3,
            "usage": [0.0] * 3,
            "lost_calls": [45_000.0, 46_000.0, 47_000.0],
            "staff": [0.0] * 3,
            "total": [46_200.0, 47_200.0, 48_200.0],
        }
    )
    text = plain_summary(scenario, result, costs=costs)
    assert text[0] == (
        "With 2 single-line city numbers and no PBX (one phone per line), 18% of callers hear "
        "busy. Of about 322 calls a day, about 58 go unanswered. Lost business: about "
        "46,000 RUB a month (at 800 RUB a lost caller)."
    )
    assert text[1] == (
        "The set-up costs about 1,200 RUB a month (1,200 RUB for lines and PBX); with the "
        "lost calls, about 47,000 RUB."
    )
    assert text[-1].startswith("These are averages over 10 simulated runs of 5 business days")
    assert not any("wait" in t for t in text)  # no hold queue, nothing to say about waits


def test_an_hour_missing_from_some_runs_counts_as_zero_calls() -> None:
    """hour:18 has calls in one run of four (a late redial): its mean is 30 / 4, not 30."""
    scenario = tt.scenario_from_dict({**TWO_LINES, "period": {"days": 1}})
    result = _result(scenario, {"offered": 40.0, "inbound": 40.0, "answered": 36.0}, n=4)
    nan = math.nan
    reps = result.replications
    reps[("inbound", "hour:09")] = [10.0, 10.0, 10.0, 10.0]
    reps[("answered", "hour:09")] = [9.0, 9.0, 9.0, 9.0]
    reps[("inbound", "hour:18")] = [30.0, nan, nan, nan]
    reps[("answered", "hour:18")] = [30.0, nan, nan, nan]
    summary = pd.concat(
        [
            result.summary,
            pd.DataFrame(
                [
                    {"metric": "inbound", "scope": "hour:09", "mean": 10.0},
                    {"metric": "answered", "scope": "hour:09", "mean": 9.0},
                    {"metric": "inbound", "scope": "hour:18", "mean": 30.0, "n": 1},
                    {"metric": "answered", "scope": "hour:18", "mean": 30.0, "n": 1},
                ]
            ),
        ],
        ignore_index=True,
    )
    result.summary = summary
    text = " ".join(plain_summary(scenario, result, costs=pd.DataFrame()))
    assert "The busiest hour is 09:00-10:00, with about 10 calls a day; 10% of them" in text


def test_the_minute_summary_speaks_of_waits_staff_and_redials(
    run: tuple[tt.Scenario, SimulationResult],
) -> None:
    scenario, result = run
    text = " ".join(plain_summary(scenario, result))
    assert "a 3-channel line, a virtual PBX with a hold queue and 2 people answering" in text
    assert f"answered within {15} s" in text
    assert "Staff are on the phone" in text
    assert "try again later" in text  # the scenario has redials
    assert "The busiest hour is" in text
    assert "RUB" in text


def test_busy_staff_are_called_out(run: tuple[tt.Scenario, SimulationResult]) -> None:
    scenario, result = run
    summary = result.summary.copy()
    hit = (summary["metric"] == "staff_occupancy") & (summary["scope"].str.startswith("dep"))
    summary.loc[hit, "mean"] = 0.93
    busy = SimulationResult(
        scenario=scenario,
        seed=result.seed,
        level=result.level,
        summary=summary,
        replications=result.replications,
    )
    text = " ".join(plain_summary(scenario, busy))
    assert "Staff are on the phone 93% of their time." in text
    assert 'sales <i> & "co" has no slack left' in text


# --------------------------------------------------------------------------- plans


@pytest.mark.slow
def test_a_plan_gets_its_section_with_candidates_compared(
    run: tuple[tt.Scenario, SimulationResult],
) -> None:
    from teletraffic.experiments import plan

    scenario, result = run
    found = plan(scenario, target_busy=0.05, max_lines=5, replications=2, hours=20)
    page = build_report(scenario, result, plan=found)
    assert "<h2>Plan: the cheapest set-up that meets the target</h2>" in page
    section = page[page.index("<h2>Plan:") : page.index("<h2>The set-up</h2>")]
    first = found.explanation().splitlines()[0]
    assert f"<p>{html.escape(first)}</p>" in section
    assert section.count("<tr>") == len(found.shortlist()) + 1
    assert 'alt="The set-ups of the plan compared"' in section
    assert "Busy signals by number of lines" in section
    assert len(_images(page)) == 3 + 2 + ("Cost a month of separate city numbers" in section)
    # and one sentence of it at the top
    minute = page[page.index('<div class="minute">') : page.index("<h2>Key figures</h2>")]
    if found.best is not None:
        assert (
            "Plan: the cheapest set-up that meets the target (at most 5.0% hear busy; and, "
            "implied, at most 5.0% hang up on hold) is " in minute
        )
        assert html.escape(found.best.label) in minute
    else:
        assert "No set-up on the tariff menu meets the target" in minute


def test_a_plan_without_a_best_set_up_says_so(run: tuple[tt.Scenario, SimulationResult]) -> None:
    scenario, result = run
    plan = SimpleNamespace(
        targets={"busy": 0.001, "answer": (0.8, 20.0), "abandon": None},
        best=None,
        explanation=lambda: "No set-up on the menu meets the target <really>.",
        candidates=pd.DataFrame(),
        curves=pd.DataFrame(),
    )
    page = build_report(scenario, result, plan=plan)
    assert (
        "No set-up on the tariff menu meets the target (at most 0.1% hear busy, at least 80% "
        "answered within 20 s); see the plan below." in page
    )
    assert "<p>No set-up on the menu meets the target &lt;really&gt;.</p>" in page
    assert len(_images(page)) == 3


def test_the_report_and_its_command_import_nothing_heavy() -> None:
    import sys

    code = (
        "import sys, teletraffic.report, teletraffic.cli.reporting; "
        "print(sorted({'matplotlib', 'pandas', 'simpy'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- writing


def test_write_report_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.html"
    assert write_report(target, "<p>one</p>") == target
    assert target.read_text(encoding="utf-8") == "<p>one</p>"
    write_report(target, "<p>two ✓</p>")
    assert target.read_text(encoding="utf-8") == "<p>two ✓</p>"
    assert os.listdir(target.parent) == ["report.html"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_report_leaves_the_old_file_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def broken(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.html"]


def test_write_report_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_report(tmp_path, "x")


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    reporting.register(app)

    @app.command()
    def other() -> None:  # a second command, so that typer keeps "report" as a subcommand
        """Unused."""

    return app


def _said(output: str) -> str:
    """The words of a message, whatever box and line breaks the terminal drew around it."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


@pytest.mark.slow
def test_cli_writes_the_report(cli: typer.Typer, tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SMALL_YAML, encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    res = CliRunner().invoke(cli, ["report", str(scenario), "-o", str(out), "-r", "2", "-s", "3"])
    assert res.exit_code == 0, res.output
    assert "call attempts" in res.stdout
    page = out.read_text(encoding="utf-8")
    assert "<h1>tiny</h1>" in page
    assert "seed 3" in page
    assert "2 simulated runs" in page


@pytest.mark.slow
def test_cli_with_a_target_adds_a_plan(cli: typer.Typer, tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SMALL_YAML, encoding="utf-8")
    out = tmp_path / "report.html"
    res = CliRunner().invoke(
        cli,
        [
            "report",
            str(scenario),
            "-o",
            str(out),
            "-r",
            "2",
            "--target-busy",
            "5%",
            "--max-lines",
            "4",
        ],
    )
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Plan: the cheapest set-up that meets the target</h2>" in page
    assert "(at most 5.0% hear busy; and, implied, at most 5.0% hang up on hold)" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target-busy", "200%"], "outside 0..100%"),
        (["--target-busy", "0"], "between 0 and 100% exclusive"),
        (["--target-answer", "80%"], "not an answer target"),
        (["--tariffs", "menu.yaml"], "give a target too"),
        (["--target-busy", "2%", "--tariffs", "nowhere.yaml"], "nowhere.yaml"),
    ],
)
def test_cli_bad_plan_options_exit_2_and_write_nothing(
    cli: typer.Typer, tmp_path: Path, args: list[str], message: str
) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SMALL_YAML, encoding="utf-8")
    res = CliRunner().invoke(cli, ["report", str(scenario), "-o", str(tmp_path / "r.html"), *args])
    assert res.exit_code == 2, res.output
    assert message in _said(res.output)
    assert sorted(os.listdir(tmp_path)) == ["s.yaml"]


@pytest.mark.parametrize("problem", ["bad scenario", "missing file", "out is a folder"])
def test_cli_bad_input_exits_2_and_writes_nothing(
    cli: typer.Typer, tmp_path: Path, problem: str
) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        SMALL_YAML.replace("channels: 3", "channels: 0")
        if problem == "bad scenario"
        else SMALL_YAML,
        encoding="utf-8",
    )
    if problem == "missing file":
        scenario = tmp_path / "nowhere.yaml"
    out = tmp_path if problem == "out is a folder" else tmp_path / "report.html"
    before = sorted(os.listdir(tmp_path))
    res = CliRunner().invoke(cli, ["report", str(scenario), "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    assert sorted(os.listdir(tmp_path)) == before
    if problem == "bad scenario":
        assert "lines[0].channels" in _said(res.output)
    if problem == "out is a folder":
        assert "is a folder" in _said(res.output)


# --------------------------------------------------------------------------- in a browser

_CHECK_IMAGES = """<script>
window.addEventListener("load", function () {
  var imgs = document.images, ok = 0;
  for (var i = 0; i < imgs.length; i++) {
    var good = imgs[i].complete && imgs[i].naturalWidth > 0;
    imgs[i].setAttribute("data-loaded", good ? "yes" : "no");
    if (good) { ok++; }
  }
  document.body.setAttribute("data-images", ok + "/" + imgs.length);
});
</script>"""


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        reason = (
            "BROWSER TEST: Debian's `chromium` is not installed, so the HTML report cannot be "
            "checked in a browser. Install it with .ci/install-browser "
            "(apt-get install -y chromium)."
        )
        if os.environ.get("CI"):  # CI installs it: a missing browser there is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
@pytest.mark.browser
def test_report_renders_in_headless_chromium(page: str, tmp_path: Path) -> None:
    """BROWSER TEST: every image decodes in Chromium and the page is not blank."""
    browser = _chromium()
    report = write_report(tmp_path / "report.html", page)

    # 1. every <img> decoded: a copy of the page with a checker script, its DOM dumped
    checked = tmp_path / "checked.html"
    checked.write_text(page.replace("</body>", _CHECK_IMAGES + "</body>"), encoding="utf-8")
    dom = _headless(
        browser,
        tmp_path / "profile-dom",
        "--virtual-time-budget=5000",
        "--dump-dom",
        checked.as_uri(),
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    n = len(_images(page))
    assert f'data-images="{n}/{n}"' in dom.stdout, dom.stdout[-2000:]
    assert 'data-loaded="no"' not in dom.stdout

    # 2. the report itself (no script) as a screenshot: not blank, with the charts' colours
    shot = tmp_path / "report.png"
    res = _headless(
        browser,
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1200,3000",
        report.as_uri(),
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert shot.exists(), res.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)[:, :, :3]
    assert pixels.shape[:2] == (3000, 1200)
    ink = (pixels < 0.9).any(axis=2).mean()
    assert ink > 0.03, f"the page looks blank ({ink:.1%} of pixels not white)"
    # the blue of answered calls (#4C72B0) fills bars of the charts
    blue = (abs(pixels - [0x4C / 255, 0x72 / 255, 0xB0 / 255]) < 0.04).all(axis=2).mean()
    assert blue > 0.005, f"no chart colours on the page ({blue:.2%} blue pixels)"
    assert not math.isnan(ink)
