"""What a careless or hostile user types: refused with the flag named, nothing echoed.

Numbers far beyond any office (``1e300``), digits of other scripts (``٣``, ``５``, which
Python's float() reads), a file that is not a scenario at all (its lines must not be
repeated in the message: it may be ``.env`` or ``/etc/shadow``), and a file with
thousands of problems (the list is cut, with a count of the rest).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app
from teletraffic.errors import MAX_PROBLEMS_SHOWN, ScenarioError
from teletraffic.scenario import load_scenario


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["size", "traffic", "--lines", "1e300", "--target-busy", "1e-300"], "--lines"),
        (["size", "traffic", "--lines", "1..100000000000", "--target-busy", "1%"], "--lines"),
        (["size", "lines", "--traffic", "1e300", "--target-busy", "1%"], "--traffic"),
        (["erlang", "b", "--lines", "٣", "--traffic", "2"], "--lines"),
        (["erlang", "b", "--lines", "٣..٥", "--traffic", "2"], "--lines"),
        (["erlang", "b", "--lines", "3", "--traffic", "５"], "--traffic"),
        (["erlang", "b", "--lines", "3", "--traffic", "1_0"], "--traffic"),
        (["size", "traffic", "--lines", "3", "--target-busy", "５%"], "--target-busy"),
        (["erlang", "c", "--agents", "3", "--traffic", "2", "--talk", "３m"], "--talk"),
    ],
)
def test_absurd_or_foreign_numbers_are_refused_with_the_flag_named(
    runner: CliRunner, args: list[str], flag: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert flag in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


SECRET = "hunter2-s3cr3t"


@pytest.mark.parametrize(
    "text",
    [
        f"API_KEY={SECRET}\nPASSWORD=x\n",  # a .env file: YAML reads it as one text
        f"root:$6${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",  # shadow
        f"{SECRET}: 1\nother: 2\n",  # a mapping of nothing a scenario knows
    ],
    ids=["env", "shadow", "foreign-mapping"],
)
def test_a_file_that_is_no_scenario_is_not_echoed(
    runner: CliRunner, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "secrets"
    path.write_text(text)
    for command in (["check"], ["run"]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 2, result.output
        assert SECRET not in result.output
        assert "scenario" in result.output


def test_a_file_with_one_word_shows_no_word(tmp_path: Path) -> None:
    """A one-line file (a password file, a token) is read as one text: it is not shown."""
    path = tmp_path / "token"
    path.write_text(SECRET)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert SECRET not in str(exc.value)
    assert "got a single text" in str(exc.value)


def test_a_long_list_of_problems_is_cut_with_a_count(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("name: x\n" + "".join(f"bad{i}: 1\n" for i in range(5000)))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    listed = [ln for ln in result.output.splitlines() if ln.startswith("  - ")]
    assert len(listed) == MAX_PROBLEMS_SHOWN
    assert "and 4,952 more" in result.output  # 5,000 unknown fields, lines and traffic missing
