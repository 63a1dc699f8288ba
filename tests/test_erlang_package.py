"""The shape of :mod:`teletraffic.erlang`: apart from the project, small rooms."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import teletraffic.erlang as erl

PACKAGE = Path(erl.__file__).parent


def test_the_formulas_import_nothing_of_the_project_but_its_errors() -> None:
    code = (
        "import sys, teletraffic.erlang\n"
        "mods = {m for m in sys.modules if m.startswith('teletraffic')}\n"
        "extra = {m for m in mods if not m.startswith('teletraffic.erlang')}\n"
        "print(','.join(sorted(extra)))\n"
        "print(','.join(sorted({'simpy', 'pandas', 'matplotlib'} & set(sys.modules))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    project, heavy = out.stdout.split("\n")[:2]
    # the package itself comes first, with its errors (its version is read when asked for)
    assert set(project.split(",")) == {"teletraffic", "teletraffic.errors"}
    assert heavy == ""


def test_no_room_over_800_lines_and_no_function_over_80() -> None:
    too_long: list[str] = []
    for path in sorted(PACKAGE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > 800:
            too_long.append(path.name)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and (node.end_lineno or 0) - node.lineno >= 80:
                too_long.append(f"{path.name}:{node.name}")
    assert too_long == []


def test_every_name_of_the_package_is_exported_once() -> None:
    assert len(set(erl.__all__)) == len(erl.__all__)
    for name in erl.__all__:
        assert getattr(erl, name) is not None, name
