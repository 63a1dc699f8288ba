"""The command line as a user meets it: exit codes, messages, files written or not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app

ROOT = Path(__file__).resolve().parents[1]
SMALL = """\
name: tiny
period: {hours: 20, warmup: 1h}
replications: 3
lines:
  - {name: main, kind: multichannel, numbers: ["1"], channels: 3}
traffic:
  - {name: c, dial: "1", calls_per_hour: 30, talk: 3m, patience: 1m}
pbx: {kind: virtual, hold: {max_callers: 2}}
departments:
  - {name: d, staff: 2}
"""
BAD = """\
name: bad
lines:
  - name: main
    kind: multichannel
    numbers: ["1"]
    channels: 0
traffic:
  - {name: c, dial: "2", calls_per_hour: 30, talk: 3m}
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    return path


def test_run_prints_the_table_and_a_sentence(runner: CliRunner, small: Path) -> None:
    result = runner.invoke(app, ["run", str(small)])
    assert result.exit_code == 0, result.output
    assert "department:d" in result.output
    assert "call attempts" in result.output


def test_run_json_is_the_summary(runner: CliRunner, small: Path) -> None:
    result = runner.invoke(app, ["run", str(small), "--format", "json", "-r", "2"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["figures"]
    assert {"metric", "scope", "mean", "ci_low", "ci_high"} <= set(rows[0])
    assert any(r["metric"] == "p_busy" and r["scope"] == "all" for r in rows)


def test_run_out_writes_all_files(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = runner.invoke(app, ["run", str(small), "--out", str(out), "--call-log"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "calls.csv",
        "costs.csv",
        "replications.csv",
        "summary.csv",
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".results")]
    # a second run without the call log does not leave the first run's calls.csv beside it
    again = runner.invoke(app, ["run", str(small), "--out", str(out), "--seed", "5"])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir()) == ["costs.csv", "replications.csv", "summary.csv"]


def test_call_log_without_out_says_it_keeps_none(runner: CliRunner, small: Path) -> None:
    result = runner.invoke(app, ["run", str(small), "--call-log"])
    assert result.exit_code == 0, result.output
    assert "without --out there is nowhere to write it" in result.output


def test_bad_scenario_one_paragraph_exit_2_nothing_written(
    runner: CliRunner, bad: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results"
    result = runner.invoke(app, ["run", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "lines[0].channels" in result.output
    assert "got 0" in result.output
    assert "line 6" in result.output
    assert "traffic[0].dial" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_file_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.parametrize(
    "args",
    [["--replications", "0"], ["--workers", "0"], ["--format", "xml"], ["--seed", "-1"]],
)
def test_bad_flags_exit_2(runner: CliRunner, small: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["run", str(small), *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_unsupported_parts_are_refused_not_ignored(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "engset.yaml"
    path.write_text(
        SMALL.replace("period: {hours: 20, warmup: 1h}", "period: {days: 1}").replace(
            "patience: 1m}", "patience: 1m, sources: 10}"
        )
    )
    result = runner.invoke(app, ["run", str(path)])
    assert result.exit_code == 2
    assert "sources" in result.output
    assert "steady-state" in result.output


def test_schema_is_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "lines" in schema["properties"]


@pytest.mark.slow
def test_python_m_teletraffic_is_the_same_command(small: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "teletraffic", "run", str(small), "--format", "csv", "-r", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("metric,scope,mean,ci_low,ci_high")


@pytest.mark.slow
def test_python_m_bad_file_no_traceback(bad: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "teletraffic", "run", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error: ")


@pytest.mark.slow
def test_validate_command_compares_with_theory(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["validate", "--quick", "--replications", "3", "--format", "json", "--seed", "1"]
    )
    assert result.exit_code in (0, 1), result.output
    rows = json.loads(result.stdout)
    models = {r["model"] for r in rows}
    assert {"Erlang B", "Erlang C", "Erlang A", "M/M/n/K", "Engset"} <= models
    assert all(r["ci_low"] <= r["simulated"] <= r["ci_high"] for r in rows)


def test_examples_copies_the_shipped_scenarios_and_refuses_to_overwrite(tmp_path: Path) -> None:
    from teletraffic.cli import app

    runner = CliRunner()
    target = tmp_path / "ex"
    result = runner.invoke(app, ["examples", str(target)])
    assert result.exit_code == 0, result.output
    shipped = sorted(
        p.relative_to(ROOT / "scenarios") for p in (ROOT / "scenarios").rglob("*.yaml")
    )
    copied = sorted(p.relative_to(target) for p in target.rglob("*.yaml"))
    assert copied == shipped
    assert (target / "tariffs.yaml").read_text() == (
        ROOT / "scenarios" / "tariffs.yaml"
    ).read_text()
    again = runner.invoke(app, ["examples", str(target)])
    assert again.exit_code == 2
    assert "nothing was copied" in again.output
    assert "Traceback" not in again.output


def test_version() -> None:
    from teletraffic import __version__
    from teletraffic.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"teletraffic {__version__}"
