"""``--scheduler``: a Dask cluster runs the replications; the figures do not change."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app

ROOT = Path(__file__).resolve().parents[1]
OFFICE = str(ROOT / "scenarios" / "office.yaml")


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "plan"])
def test_every_simulating_command_takes_a_scheduler(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert "--scheduler" in result.output
    assert "--force" in result.output


def test_without_dask_the_scheduler_is_refused_with_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if missing
    result = CliRunner().invoke(app, ["run", OFFICE, "-r", "2", "--scheduler", "local"])
    assert result.exit_code == 2, result.output
    assert "teletraffic-sim[dask]" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("address", "words"),
    [("", "empty"), ("ftp://x:1", "not a scheduler address"), ("tcp://h:99999", "port")],
)
def test_a_bad_scheduler_address_is_refused(address: str, words: str) -> None:
    result = CliRunner().invoke(app, ["run", OFFICE, "-r", "2", "--scheduler", address])
    assert result.exit_code == 2, result.output
    assert words in result.output


def test_workers_go_with_a_local_cluster_only() -> None:
    result = CliRunner().invoke(
        app, ["run", OFFICE, "-r", "2", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"]
    )
    assert result.exit_code == 2, result.output
    assert "--workers" in result.output


@pytest.mark.slow
def test_a_local_cluster_prints_the_serial_figures() -> None:
    pytest.importorskip("dask.distributed", reason="Dask is not installed (the dev extra has it)")
    args = ["run", OFFICE, "-r", "4", "--format", "csv", "--all"]
    serial = CliRunner().invoke(app, args)
    on_dask = CliRunner().invoke(app, [*args, "--scheduler", "local", "--workers", "2"])
    assert serial.exit_code == 0, serial.output
    assert on_dask.exit_code == 0, on_dask.output
    assert on_dask.stdout == serial.stdout
