"""The README's examples work as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


@pytest.mark.slow
def test_python_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for block in _blocks("python"):
        exec(compile(block, "README.md", "exec"), {})


QUICK = [
    line.split("#")[0].strip()
    for block in _blocks("bash")
    for line in block.splitlines()
    if line.startswith(("teletraffic erlang", "teletraffic size", "teletraffic check"))
    or (line.startswith(("teletraffic fit", "teletraffic import")) and "--out" not in line)
]


@pytest.mark.parametrize("command", QUICK)
def test_quick_commands_work_as_written(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output


def test_the_first_two_commands_install_run_and_test() -> None:
    first = _blocks("bash")[0].strip().splitlines()
    assert len(first) == 2
    assert "pip install" in first[0]
    assert "teletraffic run scenarios/" in first[0]
    assert "pytest" in first[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert first[1].strip() in ci, "CI runs the README's test command"
