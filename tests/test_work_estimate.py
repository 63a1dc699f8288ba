"""A run that would exhaust memory is refused before it starts; --force lifts it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app
from teletraffic.runner import estimate_work
from teletraffic.scenario import parse_scenario

HEAD = "name: huge\nperiod: {hours: 1}\nreplications: 1\n"
TRAFFIC = 'traffic:\n  - {name: c, dial: "0", calls_per_hour: 30, talk: 3m}\n'


def _many_channels() -> str:
    lines = "".join(
        f'  - {{name: l{i}, kind: multichannel, numbers: ["{i}"], channels: 100000}}\n'
        for i in range(1000)
    )
    return HEAD + "lines:\n" + lines + TRAFFIC


def _many_staff() -> str:
    depts = "".join(f"  - {{name: d{i}, staff: 10000}}\n" for i in range(1000))
    return (
        HEAD
        + 'lines:\n  - {name: l, kind: multichannel, numbers: ["0"], channels: 10}\n'
        + TRAFFIC
        + "pbx: {kind: office}\ndepartments:\n"
        + depts
        + 'routes: {"0": d0}\n'
    )


@pytest.fixture(autouse=True)
def _a_16_gb_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit is half the machine's memory: fix it, so the test runs alike anywhere."""
    import teletraffic.runner

    monkeypatch.setattr(teletraffic.runner, "_machine_memory", lambda: 16e9)


@pytest.mark.parametrize("text", [_many_channels(), _many_staff()], ids=["channels", "staff"])
def test_a_scenario_too_big_for_memory_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(text)
    for command in (["run", str(path)], ["report", str(path), "-o", str(tmp_path / "r.html")]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "GB of memory" in result.output
        assert "--force" in result.output
    assert not (tmp_path / "r.html").exists()


def test_the_estimate_counts_workers_and_the_call_log() -> None:
    scenario = parse_scenario(_many_staff())
    one = estimate_work(scenario, 4)
    four = estimate_work(scenario, 4, workers=4)
    assert four.memory == pytest.approx(4 * one.memory)
    logged = estimate_work(scenario, 4, call_log=True)
    assert logged.memory > one.memory
    assert one.refusal() is not None


def test_a_shipped_scenario_is_not_refused() -> None:
    office = Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml"
    from teletraffic.scenario import load_scenario

    assert estimate_work(load_scenario(office), 20, workers=2, call_log=True).refusal() is None
