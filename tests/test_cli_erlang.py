"""Tests of ``teletraffic erlang ...`` and ``teletraffic size ...`` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from teletraffic import erlang as erl
from teletraffic.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> list[dict[str, object]]:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


# 40 calls per hour of 3 minutes = 2 erlangs: both forms of the load must agree.
BUSINESS = ("--calls-per-hour", "40", "--talk", "3m")
ERLANGS = ("--traffic", "2", "--talk", "180s")


@pytest.mark.parametrize("load", [BUSINESS, ERLANGS])
def test_erlang_b_both_load_forms(load: tuple[str, ...]) -> None:
    rows = run_json("erlang", "b", "--lines", "4", *load)
    assert rows[0]["lines"] == 4
    assert rows[0]["erlangs"] == pytest.approx(2.0)
    assert rows[0]["blocking"] == pytest.approx(erl.erlang_b(4, 2.0))


def test_erlang_b_table_lists_and_ranges() -> None:
    code, out, _ = run("erlang", "b", "--lines", "1..3", "--lines", "5,6", "--traffic", "2")
    assert code == 0
    assert "Erlang B" in out
    assert "0.666667" in out
    rows = run_json("erlang", "b", "--lines", "1..3", "--lines", "5,6", "--traffic", "2")
    assert [r["lines"] for r in rows] == [1, 2, 3, 5, 6]


def test_erlang_b_with_recall() -> None:
    rows = run_json("erlang", "b", "--lines", "4", "--traffic", "3", "--recall", "40%")
    assert rows[0]["blocking"] == pytest.approx(erl.extended_erlang_b(4, 3.0, 0.4))
    assert rows[0]["erlangs_with_redials"] > 3.0


def test_erlang_b_csv_is_parseable() -> None:
    code, out, _ = run("erlang", "b", "--lines", "2..4", *BUSINESS, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["lines"]) for r in rows] == [2, 3, 4]
    assert float(rows[0]["blocking"]) == pytest.approx(0.4)
    assert float(rows[0]["busy_per_hour"]) == pytest.approx(16.0)


@pytest.mark.parametrize("load", [BUSINESS, ERLANGS])
def test_erlang_c(load: tuple[str, ...]) -> None:
    rows = run_json("erlang", "c", "--agents", "3..4", *load, "--answer-time", "20s")
    assert rows[0]["p_wait"] == pytest.approx(erl.erlang_c(3, 2.0))
    assert rows[1]["asa_s"] == pytest.approx(erl.average_speed_of_answer(4, 2.0, 180))
    assert rows[1]["service_level"] == pytest.approx(erl.service_level(4, 2.0, 180, 20))


def test_erlang_c_overload_prints_inf_in_json() -> None:
    rows = run_json("erlang", "c", "--agents", "2", "--traffic", "2", "--talk", "3m")
    assert rows[0]["p_wait"] == 1.0
    assert rows[0]["asa_s"] == "inf"


@pytest.mark.parametrize("load", [BUSINESS, ERLANGS])
def test_erlang_a(load: tuple[str, ...]) -> None:
    rows = run_json("erlang", "a", "--agents", "3", *load, "--patience", "1m")
    expected = erl.erlang_a(3, 2.0, 180.0, 60.0)
    assert rows[0]["p_abandon"] == pytest.approx(expected.p_abandon)
    assert rows[0]["service_level"] == pytest.approx(expected.service_level(20.0))


@pytest.mark.parametrize("load", [BUSINESS, ERLANGS])
def test_erlang_mmnk(load: tuple[str, ...]) -> None:
    rows = run_json("erlang", "mmnk", "--agents", "3", "--places", "6", *load)
    assert rows[0]["p_busy"] == pytest.approx(erl.mmnk(3, 6, 2.0, 180.0).p_busy)
    code, out, _ = run(
        "erlang", "mmnk", "--agents", "3", "--places", "6", *load, "--patience", "1m"
    )
    assert code == 0
    assert "M/M/n/K" in out


@pytest.mark.parametrize("load", [("--calls-per-hour", "20", "--talk", "3m"), ("--traffic", "1")])
def test_erlang_engset(load: tuple[str, ...]) -> None:
    rows = run_json("erlang", "engset", "--lines", "2", "--sources", "12", *load)
    assert rows[0]["call_congestion"] == pytest.approx(erl.engset(2, 12, 1.0))
    assert rows[0]["time_congestion"] == pytest.approx(erl.engset_time_congestion(2, 12, 1.0))
    assert rows[0]["convention"] == "idle sources"


def test_erlang_engset_offered_as_the_calculators_take_it() -> None:
    """5 lines, 20 sources, 8 E actually offered: 0.4715 of attempts hear busy."""
    rows = run_json("erlang", "engset", "--lines", "5", "--sources", "20", "--offered", "8")
    assert rows[0]["convention"] == "offered"
    assert rows[0]["call_congestion"] == erl.engset(5, 20, offered=8.0)
    assert round(rows[0]["call_congestion"], 4) == 0.4715
    assert rows[0]["time_congestion"] == erl.engset_time_congestion(5, 20, offered=8.0)
    code, out, _ = run("erlang", "engset", "--lines", "5", "--sources", "20", "--offered", "8")
    assert code == 0
    assert "0.471479" in out
    assert "8 E actually offered" in " ".join(out.split())


@pytest.mark.parametrize("load", [BUSINESS, ("--traffic", "2")])
def test_size_lines(load: tuple[str, ...]) -> None:
    rows = run_json("size", "lines", *load, "--target-busy", "2%")
    assert rows[0]["lines"] == erl.lines_for_blocking(2.0, 0.02) == 6


def test_size_traffic() -> None:
    rows = run_json("size", "traffic", "--lines", "10", "--target-busy", "1%", "--talk", "3m")
    assert rows[0]["erlangs"] == pytest.approx(4.4612, abs=1e-4)
    assert rows[0]["calls_per_hour"] == pytest.approx(4.46117686 * 20, rel=1e-6)


@pytest.mark.parametrize(
    ("target", "check"),
    [
        (("--target-answer", "80%/20s"), lambda n: erl.service_level(n, 6.0, 180, 20) >= 0.8),
        (("--target-asa", "20s"), lambda n: erl.average_speed_of_answer(n, 6.0, 180) <= 20),
        (
            ("--target-abandon", "5%", "--patience", "1m"),
            lambda n: erl.erlang_a(n, 6.0, 180, 60).p_abandon <= 0.05,
        ),
        (
            ("--target-answer", "80%/20s", "--patience", "1m"),
            lambda n: erl.erlang_a(n, 6.0, 180, 60).service_level(20) >= 0.8,
        ),
        (
            ("--target-asa", "20s", "--patience", "90s"),
            lambda n: erl.erlang_a(n, 6.0, 180, 90).mean_wait <= 20,
        ),
    ],
)
@pytest.mark.parametrize("load", [("--calls-per-hour", "120", "--talk", "3m"), ("--traffic", "6")])
def test_size_agents(target: tuple[str, ...], check: object, load: tuple[str, ...]) -> None:
    if load[0] == "--traffic":
        load = (*load, "--talk", "3m")
    rows = run_json("size", "agents", *load, *target)
    n = rows[0]["agents"]
    assert isinstance(n, int)
    assert check(n)
    assert not check(n - 1)


def test_size_agents_with_patience_uses_erlang_a_and_says_so() -> None:
    """The example of issue 9: Erlang A needs 21 where Erlang C (no patience) says 25."""
    load = ("--calls-per-hour", "300", "--talk", "4m", "--target-answer", "80%/20s")
    rows = run_json("size", "agents", *load, "--patience", "1m")
    assert rows[0]["agents"] == 21
    assert rows[0]["model"] == "Erlang A"
    assert rows[0]["service_level"] == erl.erlang_a(21, 20.0, 240.0, 60.0).service_level(20.0)
    assert rows[0]["p_abandon"] == erl.erlang_a(21, 20.0, 240.0, 60.0).p_abandon
    code, out, _ = run("size", "agents", *load, "--patience", "1m")
    text = " ".join(out.split())
    assert code == 0
    assert "(Erlang A, patience 60 s)" in text
    assert "answered within 20 s / all callers, abandoned included" in text
    rows = run_json("size", "agents", *load)
    assert rows[0]["agents"] == 25
    assert rows[0]["model"] == "Erlang C"
    code, out, _ = run("size", "agents", *load)
    assert "(Erlang C)" in " ".join(out.split())


def test_erlang_x_prints_what_the_formula_gives() -> None:
    args = (
        "erlang",
        "x",
        "--agents",
        "3..4",
        "--places",
        "5",
        "--calls-per-hour",
        "48",
        "--talk",
        "3m",
        "--patience",
        "2m",
        "--redial",
        "80%",
        "--redial-after",
        "1m",
        "--max-attempts",
        "5",
    )
    rows = run_json(*args)
    for row, n in zip(rows, (3, 4), strict=True):
        want = erl.erlang_x(
            n, 2.4, 180.0, 120.0, places=5, redial=0.8, redial_after=60.0, max_attempts=5
        )
        assert row["agents"] == n
        assert row["places"] == 5
        for name in ("p_busy", "p_abandon", "p_lost_caller", "attempts_per_caller", "occupancy"):
            assert row[name] == getattr(want, name), name
        assert row["offered_erlangs"] == want.offered
        assert row["mean_wait_s"] == want.mean_wait
        assert row["service_level"] == want.service_level(20.0)
        assert row["method"] == "chain"
    code, out, _ = run(*args)
    text = " ".join(out.split())
    assert code == 0
    assert "redial 80% after 60 s, up to 5 attempts" in text
    assert "service level = answered within 20 s / all attempts" in text


def test_erlang_x_without_places_is_an_unlimited_hold() -> None:
    rows = run_json(
        "erlang",
        "x",
        "--agents",
        "3",
        "--traffic",
        "2",
        "--talk",
        "3m",
        "--patience",
        "1m",
        "--redial",
        "50%",
    )
    assert "places" not in rows[0]
    want = erl.erlang_x(3, 2.0, 180.0, 60.0, redial=0.5)
    assert rows[0]["p_lost_caller"] == want.p_lost_caller
    assert rows[0]["p_busy"] == 0.0


def test_erlang_a_states_its_service_level_convention() -> None:
    code, out, _ = run(
        "erlang",
        "a",
        "--agents",
        "21",
        "--traffic",
        "20",
        "--talk",
        "4m",
        "--patience",
        "1m",
        "--answer-time",
        "15s",
    )
    assert code == 0
    assert "answered within 15 s / all callers, abandoned included" in " ".join(out.split())


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("erlang", "b", "--lines", "4", "--traffic", "abc"), "--traffic: 'abc' is not a number"),
        (("erlang", "b", "--lines", "4", "--traffic", "-2"), "--traffic: '-2' is below 0"),
        (("erlang", "b", "--lines", "x", "--traffic", "2"), "--lines: 'x' is not a number"),
        (("erlang", "b", "--lines", "9..3", "--traffic", "2"), "--lines: range '9..3'"),
        (("erlang", "b", "--lines", "4", *BUSINESS, "--traffic", "2"), "not both"),
        (("erlang", "b", "--lines", "4"), "give the load"),
        (("erlang", "b", "--lines", "4", "--calls-per-hour", "40"), "needs --talk"),
        (("erlang", "b", "--lines", "4", "--calls-per-hour", "40", "--talk", "3x"), "--talk:"),
        (("erlang", "b", "--lines", "4", "--traffic", "2", "--recall", "140%"), "--recall:"),
        (("erlang", "c", "--agents", "0", "--traffic", "2"), "--agents: 0 is below 1"),
        (
            ("erlang", "a", "--agents", "3", "--traffic", "2", "--patience", "1m"),
            "--talk is needed",
        ),
        (("erlang", "a", "--agents", "3", *BUSINESS, "--patience", "soon"), "--patience:"),
        (("erlang", "mmnk", "--agents", "5", "--places", "3", *BUSINESS), "fewer than --agents"),
        (("erlang", "engset", "--lines", "2", "--sources", "1.5", "--traffic", "1"), "--sources"),
        (
            ("erlang", "engset", "--lines", "3", "--sources", "1e20", "--traffic", "1"),
            "--sources: '1e20' is above 1e+15",
        ),
        (("erlang", "b", "--lines", "4", "--traffic", "1e12"), "--traffic: 1e+12 is"),
        (
            ("erlang", "engset", "--lines", "5", "--sources", "20", "--offered", "20"),
            "--offered: '20' erlangs is not below --sources 20",
        ),
        (
            ("erlang", "engset", "--lines", "5", "--sources", "20", "--offered", "-1"),
            "--offered: '-1' is below 0",
        ),
        (
            (
                "erlang",
                "engset",
                "--lines",
                "5",
                "--sources",
                "20",
                "--offered",
                "2",
                "--traffic",
                "2",
            ),
            "not both",
        ),
        (("erlang", "x", "--agents", "3", *BUSINESS, "--redial", "140%"), "--redial:"),
        (
            ("erlang", "x", "--agents", "4", "--places", "3", *BUSINESS, "--redial", "40%"),
            "--places: 3 is fewer than --agents 4",
        ),
        (
            ("erlang", "x", "--agents", "3", *BUSINESS, "--redial", "40%", "--max-attempts", "0"),
            "--max-attempts: '0' is below 1",
        ),
        (
            ("erlang", "x", "--agents", "3", *BUSINESS, "--redial", "40%", "--redial-after", "0"),
            "--redial-after: must be longer than 0",
        ),
        (("erlang", "x", "--agents", "3", "--traffic", "2", "--redial", "40%"), "--talk is needed"),
        (("size", "lines", *BUSINESS, "--target-busy", "0%"), "--target-busy: must be above 0"),
        (("size", "lines", *BUSINESS, "--target-busy", "2 percent"), "--target-busy:"),
        (("size", "agents", *BUSINESS), "exactly one target"),
        (("size", "agents", *BUSINESS, "--target-answer", "80%"), "--target-answer:"),
        (("size", "agents", *BUSINESS, "--target-abandon", "5%"), "needs --patience"),
        (
            ("size", "agents", *BUSINESS, "--target-answer", "80%/20s", "--patience", "0s"),
            "--patience: must be longer than 0",
        ),
        (
            ("size", "agents", *BUSINESS, "--target-asa", "20s", "--patience", "later"),
            "--patience:",
        ),
        (("size", "traffic", "--lines", "4", "--target-busy", "100%"), "--target-busy:"),
    ],
)
def test_bad_values_exit_2_with_one_line_naming_the_flag(
    args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert needle in err
    assert err.startswith("Error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in out + err


def test_missing_required_option_exits_2_without_traceback() -> None:
    code, out, err = run("erlang", "b", "--traffic", "2")
    assert code == 2
    assert "--lines" in err
    assert "Traceback" not in out + err


@pytest.mark.slow
def test_cli_erlang_loads_no_heavy_modules() -> None:
    """``python -m teletraffic erlang b`` must not import pandas, matplotlib or simpy."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['teletraffic', 'erlang', 'b', '--lines', '5', '--traffic', '3']\n"
        "try:\n"
        "    runpy.run_module('teletraffic', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "bad = {'pandas', 'matplotlib', 'simpy'} & set(sys.modules)\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Erlang B" in proc.stdout
