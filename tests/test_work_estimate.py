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
    import teletraffic.work

    monkeypatch.setattr(teletraffic.work, "_machine_memory", lambda: 16e9)


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
    from teletraffic.work import BYTES_PER_CHANNEL, BYTES_PER_PERSON

    per_process = one.channels * BYTES_PER_CHANNEL + one.staff * BYTES_PER_PERSON
    assert four.memory - one.memory == pytest.approx(3 * per_process)
    assert one.scopes > one.staff  # a figure scope for each member of staff
    logged = estimate_work(scenario, 4, call_log=True)
    assert logged.memory > one.memory
    assert one.refusal() is not None


def test_a_shipped_scenario_is_not_refused() -> None:
    office = Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml"
    from teletraffic.scenario import load_scenario

    assert estimate_work(load_scenario(office), 20, workers=2, call_log=True).refusal() is None


def _small() -> str:
    return (
        "name: small\nperiod: {hours: 20}\nreplications: 2\n"
        'lines:\n  - {name: l, kind: multichannel, numbers: ["0"], channels: 4}\n'
        'traffic:\n  - {name: c, dial: "0", calls_per_hour: 30, talk: 3m}\n'
    )


def test_the_library_refuses_too_much_work_unless_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    import teletraffic.work
    from teletraffic.errors import InputError
    from teletraffic.runner import simulate

    monkeypatch.setattr(teletraffic.work, "MAX_ATTEMPTS", 100)
    scenario = parse_scenario(_small())
    with pytest.raises(InputError, match=r"force=True"):
        simulate(scenario)
    assert len(simulate(scenario, force=True).replications) == 2


def test_a_sweep_and_a_comparison_count_all_their_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each point is small; together they pass the limit: refused before any runs."""
    import teletraffic.work
    from teletraffic.errors import InputError
    from teletraffic.experiments import compare, sweep

    scenario = parse_scenario(_small())
    one = estimate_work(scenario, 2).attempts
    monkeypatch.setattr(teletraffic.work, "MAX_ATTEMPTS", int(1.5 * one))
    ran: list[int] = []
    monkeypatch.setattr("teletraffic.runner._run", lambda *a, **k: ran.append(1) or [])
    with pytest.raises(InputError, match="call attempts"):
        sweep(scenario, "lines.l.channels", [3, 4])
    with pytest.raises(InputError, match="call attempts"):
        compare([scenario, scenario])
    assert ran == []


def test_a_plan_refuses_a_candidate_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    import teletraffic.work
    from teletraffic.errors import InputError
    from teletraffic.experiments import plan

    monkeypatch.setattr(teletraffic.work, "MAX_ATTEMPTS", 10)
    with pytest.raises(InputError, match="force"):
        plan(scenario=parse_scenario(_small()), target_busy=0.01, replications=2)


def test_a_long_run_says_how_long_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import teletraffic.work
    from teletraffic.errors import LongRunWarning
    from teletraffic.runner import simulate

    scenario = parse_scenario(_small())
    assert estimate_work(scenario, 2).seconds < teletraffic.work.LONG_RUN_SECONDS
    monkeypatch.setattr(teletraffic.work, "LONG_RUN_SECONDS", 0.0)
    with pytest.warns(LongRunWarning, match=r"this run will take about \d+ s"):
        simulate(scenario)
    path = tmp_path / "small.yaml"
    path.write_text(_small())
    started: list[str] = []
    import teletraffic.runner

    real_run = teletraffic.runner._run

    def run(*args: object, **kwargs: object) -> object:
        started.append("run")
        return real_run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("teletraffic.runner._run", run)
    result = CliRunner().invoke(app, ["run", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Note: this run will take about"), result.output
    assert started


def test_the_estimate_names_hours_and_days() -> None:
    from teletraffic.work import _duration

    assert _duration(30) == "30 s"
    assert _duration(1800) == "30 minutes"
    assert _duration(5 * 3600) == "5.0 hours"
    assert _duration(5 * 86400) == "5 days"


_DIALLING = """name: dialling
period: {hours: 8}
replications: 2
lines:
  - {name: main, kind: multichannel, numbers: ["1"], channels: CHANNELS}
traffic:
  - {name: out, from: sales, calls_per_hour: RATE, talk: 3m}
pbx: {kind: office}
departments:
  - {name: sales, staff: STAFF, answers: none}
"""


def _dialling(channels: int, rate: int, staff: int) -> str:
    return (
        _DIALLING.replace("CHANNELS", str(channels))
        .replace("RATE", str(rate))
        .replace("STAFF", str(staff))
    )


def test_people_dial_only_while_free(tmp_path: Path) -> None:
    """Two people asked for a million calls an hour each place about 20 an hour each (a
    call of 3 minutes keeps them): the estimate counts those, not two million an hour,
    and the run says nothing of taking long (it used to say half an hour)."""
    scenario = parse_scenario(_dialling(4, 1_000_000, 2))
    work = estimate_work(scenario, 2)
    assert work.attempts < 2 * 2 * 8 * 20 * 1.2
    path = tmp_path / "dialling.yaml"
    path.write_text(_dialling(4, 1_000_000, 2))
    result = CliRunner().invoke(app, ["run", str(path)])
    assert result.exit_code == 0, result.output
    assert "will take about" not in result.output


def test_attempts_that_fail_at_once_are_counted() -> None:
    """Four people on one channel: one talks, three keep dialling into a busy line; the
    estimate follows what the simulation counts (within a quarter)."""
    from teletraffic.runner import simulate

    scenario = parse_scenario(_dialling(1, 600, 4))
    work = estimate_work(scenario, 2)
    result = simulate(scenario, replications=2, seed=1)
    offered = 2 * result.value("offered")
    assert 0.8 * offered <= work.attempts <= 1.25 * offered
