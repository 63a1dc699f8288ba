"""``compare``, ``sweep`` and ``plan`` as a user meets them: exit codes, words, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from teletraffic.cli.planning import register

ROOT = Path(__file__).resolve().parents[1]

TRUNK = """\
# a test set-up
name: {name}
period: {{hours: 60, warmup: 1h}}
replications: 5
seed: 7
lines:
  - name: main
    kind: multichannel
    numbers: ["1"]
    channels: {channels}
    tariff: {{monthly: 1000, per_channel: 500}}
traffic:
  - {{name: clients, dial: "1", calls_per_hour: 40, talk: 3m}}
lost_call_value: 20
"""


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False)

    @app.callback()
    def main() -> None:
        """Test app: the lead wires register(app) into the real one."""

    register(app)
    return app


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return _app()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def trunks(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(TRUNK.format(name="three channels", channels=3))
    b.write_text(TRUNK.format(name="four channels", channels=4))
    return a, b


def _ok(result: object) -> None:
    assert getattr(result, "exit_code", None) == 0, getattr(result, "output", "")


def _refused(result: object, *words: str) -> None:
    """Exit 2, a message naming what is wrong, and no traceback."""
    output = getattr(result, "output", "")
    assert getattr(result, "exit_code", None) == 2, output
    assert "Traceback" not in output
    for word in words:
        assert word in output, (word, output)


# --------------------------------------------------------------------------- compare


@pytest.mark.slow
def test_compare_side_by_side(
    app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path]
) -> None:
    result = runner.invoke(app, ["compare", str(trunks[0]), str(trunks[1])])
    _ok(result)
    out = result.stdout
    assert "A: three channels" in out
    assert "B: four channels" in out
    assert "B − A" in out
    assert "four channels: " in out
    assert "points fewer busy signals than three channels" in out
    assert "common random numbers" in out


def test_compare_json_and_out(
    app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "results"
    result = runner.invoke(
        app,
        [
            "compare",
            str(trunks[0]),
            str(trunks[1]),
            "--format",
            "json",
            "-r",
            "3",
            "--out",
            str(out),
        ],
    )
    _ok(result)
    rows = json.loads(result.stdout)
    busy = [r for r in rows if r["metric"] == "p_busy"]
    assert {r["setup"] for r in busy} == {"three channels", "four channels"}
    diff = next(r for r in busy if r["setup"] == "four channels")
    assert diff["diff"] < 0
    assert diff["baseline"] == "three channels"
    assert sorted(p.name for p in out.iterdir()) == ["costs.csv", "differences.csv", "summary.csv"]


def test_compare_errors(
    app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path], tmp_path: Path
) -> None:
    _refused(runner.invoke(app, ["compare", str(trunks[0])]), "at least two")
    _refused(
        runner.invoke(app, ["compare", str(trunks[0]), str(tmp_path / "nope.yaml")]),
        "no such file",
        "nope.yaml",
    )
    taken = tmp_path / "taken"
    taken.write_text("a file")
    _refused(
        runner.invoke(app, ["compare", str(trunks[0]), str(trunks[1]), "--out", str(taken)]),
        "--out",
    )
    assert taken.read_text() == "a file"


# --------------------------------------------------------------------------- sweep


@pytest.mark.slow
def test_sweep_rows(app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path]) -> None:
    result = runner.invoke(
        app, ["sweep", str(trunks[0]), "--set", "lines.main.channels=2..4", "-r", "3"]
    )
    _ok(result)
    assert "lines.main.channels" in result.stdout
    assert "busy" in result.stdout

    result = runner.invoke(
        app, ["sweep", str(trunks[0]), "--set", "lines.main.channels=2,4", "-r", "2", "-f", "json"]
    )
    _ok(result)
    rows = json.loads(result.stdout)
    assert [r["lines.main.channels"] for r in rows] == [2, 4]
    assert rows[0]["p_busy"] > rows[1]["p_busy"]
    assert rows[0]["monthly_fixed"] == 2000


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--set", "lines.mian.channels=1..3"],
            ["lines.mian.channels", "did you mean 'main'", "choices"],
        ),
        (["--set", "lines.main.channels=1..x"], ["--set", "1..x"]),
        (["--set", "lines.main.channels"], ["--set", "PATH=VALUES"]),
        (
            ["--set", "lines.main.channels=0,1"],
            ["lines.main.channels=0", "greater than or equal to 1"],
        ),
        ([], ["--set"]),
    ],
)
def test_sweep_errors(
    app: typer.Typer,
    runner: CliRunner,
    trunks: tuple[Path, Path],
    args: list[str],
    words: list[str],
) -> None:
    _refused(runner.invoke(app, ["sweep", str(trunks[0]), *args]), *words)


# --------------------------------------------------------------------------- plan


@pytest.mark.slow
def test_plan_answers_in_words_then_table(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    result = runner.invoke(
        app,
        [
            "plan",
            "--calls-per-hour",
            "40",
            "--talk",
            "3m",
            "--target-busy",
            "2%",
            "--out",
            str(out),
        ],
    )
    _ok(result)
    text = result.stdout
    first = text.splitlines()[0]
    assert first.startswith("Traffic: 40 calls an hour")
    assert "Recommended: one " in text
    assert "What decided the size: at most 2.0% hear busy" in text
    assert text.index("Recommended") < text.index("Set-ups near the target")
    assert "yes, best" in text
    assert sorted(p.name for p in out.iterdir()) == ["candidates.csv", "curves.csv"]


@pytest.mark.slow
def test_plan_json(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["plan", "--calls-per-hour", "40", "--talk", "3m", "--target-busy", "2%", "-f", "json"],
    )
    _ok(result)
    rows = json.loads(result.stdout)
    (best,) = [r for r in rows if r["recommended"]]
    assert best["exact"]
    assert best["decided_by"] == "formula"
    assert best["p_busy"] <= 0.02
    assert best["sim_p_busy_low"] <= best["p_busy"] <= best["sim_p_busy_high"]
    assert "Recommended" in result.stderr


def test_plan_impossible_target(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "--calls-per-hour",
            "40",
            "--talk",
            "3m",
            "--target-busy",
            "0.1%",
            "--max-lines",
            "4",
        ],
    )
    _ok(result)
    assert "No set-up on the menu meets the target" in result.stdout
    assert "--max-lines" in result.stdout


@pytest.mark.slow
def test_plan_from_a_file_with_a_tariff_file(
    app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path], tmp_path: Path
) -> None:
    menu = tmp_path / "menu.yaml"
    menu.write_text(
        "currency: RUB\ncity_number: null\nmobile_number: null\nip: null\n"
        "multichannel: {monthly: 100, per_channel: 10}\nvirtual_pbx: null\noffice_pbx: null\n"
        "staff: null\n"
    )
    result = runner.invoke(
        app,
        [
            "plan",
            str(trunks[0]),
            "--target-busy",
            "5%",
            "--tariffs",
            str(menu),
            "-r",
            "12",
            "--lost-call-value",
            "0",
        ],
    )
    _ok(result)
    recommended = result.stdout.split("Recommended: ")[1].splitlines()[0]
    assert "multichannel line with 5 channels" in recommended  # Erlang B(4, 2 E) = 9.5%
    assert "The office as it is" in result.stdout
    assert "illustrative" not in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--calls-per-hour", "40", "--talk", "3m", "--people", "2.5"], ["--people", "'2.5'"]),
        (["--calls-per-hour", "40", "--talk", "3m", "--size-staff"], ["--size-staff"]),
        (["--calls-per-hour", "40", "--talk", "3m", "--target-wait", "0s"], ["--target-wait"]),
        (
            ["--calls-per-hour", "x", "--talk", "3m", "--target-busy", "2%"],
            ["--calls-per-hour", "'x'"],
        ),
        (["--calls-per-hour", "40", "--talk", "soon", "--target-busy", "2%"], ["--talk", "soon"]),
        (
            ["--calls-per-hour", "40", "--talk", "3m", "--target-busy", "200%"],
            ["--target-busy", "200%"],
        ),
        (
            ["--calls-per-hour", "40", "--talk", "3m", "--target-busy", "0%"],
            ["--target-busy", "cannot be met"],
        ),
        (
            ["--calls-per-hour", "40", "--talk", "3m", "--target-answer", "80%"],
            ["--target-answer", "80%"],
        ),
        (
            ["--calls-per-hour", "40", "--talk", "3m", "--target-busy", "2%", "--max-lines", "0"],
            ["--max-lines", "'0'"],
        ),
        (["--calls-per-hour", "40", "--target-busy", "2%"], ["--talk is missing"]),
        (
            ["--calls-per-hour", "40", "--talk", "3m", "--target-busy", "2%", "--patience", "-1m"],
            ["--patience"],
        ),
    ],
)
def test_plan_bad_flags(
    app: typer.Typer, runner: CliRunner, args: list[str], words: list[str]
) -> None:
    _refused(runner.invoke(app, ["plan", *args]), *words)


def test_plan_bad_files(
    app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path], tmp_path: Path
) -> None:
    bad_menu = tmp_path / "menu.yaml"
    bad_menu.write_text("currency: RUB\nmultichannel: {per_chanel: 5}\n")
    out = tmp_path / "out"
    _refused(
        runner.invoke(
            app,
            [
                "plan",
                "--calls-per-hour",
                "40",
                "--talk",
                "3m",
                "--target-busy",
                "2%",
                "--tariffs",
                str(bad_menu),
                "--out",
                str(out),
            ],
        ),
        "multichannel.per_chanel",
        "line 2",
        "menu.yaml",
    )
    assert not out.exists()
    _refused(
        runner.invoke(app, ["plan", str(tmp_path / "none.yaml"), "--target-busy", "2%"]),
        "no such file",
    )
    _refused(
        runner.invoke(
            app, ["plan", str(trunks[0]), "--calls-per-hour", "40", "--target-busy", "2%"]
        ),
        "not both",
    )


def test_compare_the_same_file_twice(
    app: typer.Typer, runner: CliRunner, trunks: tuple[Path, Path]
) -> None:
    result = runner.invoke(app, ["compare", str(trunks[0]), str(trunks[0]), "-r", "2"])
    _ok(result)
    assert "#2" in result.stdout
    assert "same set-up" in result.stderr
