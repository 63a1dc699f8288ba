"""The house's layers (DESIGN.md, "Rules that keep the house simple"), as CI checks them.

``lint-imports`` reads the contracts of ``[tool.importlinter]`` in pyproject.toml: each
layer imports only the layers below it (the CLI above everything, the engine above the
scenario, the formulas at the bottom), erlang imports nothing of the project but its
errors, the engine none of the CLI, reports, plots, costs or experiments, and no
package's modules import each other in a circle. Type-only imports count.

The second test breaks a rule on purpose in a copy of the package and expects the
contract to say so: a check that cannot fail proves nothing. The next ones look for a
circle among all the package's modules, the package itself included. The last ones hold
every module to DESIGN.md's sizes, but the functions named in ``NOT_YET`` (none now).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports() -> str:
    beside = Path(sys.executable).parent / "lint-imports"
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.skip(
            "import-linter is not installed, so the layer contracts cannot be checked here; "
            "install the dev extra: .venv/bin/pip install -e '.[dev]' (CI does)"
        )
    return found


def _run(tool: str, cwd: Path, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:  # the copy of the package, found before the installed one
        env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [tool, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_layers_are_kept() -> None:
    out = _run(_lint_imports(), ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout
    for contract in ("The house:", "erlang (the formulas)", "The engine never imports"):
        assert contract in out.stdout


def test_a_broken_layer_is_caught(tmp_path: Path) -> None:
    tool = _lint_imports()
    shutil.copytree(ROOT / "teletraffic", tmp_path / "teletraffic", symlinks=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    engine = tmp_path / "teletraffic" / "engine" / "__init__.py"
    engine.write_text(
        engine.read_text(encoding="utf-8") + "\nfrom teletraffic import report as _report\n",
        encoding="utf-8",
    )
    out = _run(tool, tmp_path, tmp_path)
    assert out.returncode != 0, out.stdout
    broken = out.stdout[out.stdout.index("Broken contracts") :]
    assert "The engine never imports the CLI, reports, plots, costs or experiments" in broken
    assert "teletraffic.engine -> teletraffic.report" in broken


# --------------------------------------------------------------------------- no circles


def _circles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The modules that import each other in a circle: each strongly connected group of
    two or more (Tarjan's algorithm), sorted, and any module that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(imports.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = stack[stack.index(v) :]
            del stack[stack.index(v) :]
            if len(group) > 1 or v in imports.get(v, ()):
                found.append(sorted(group))

    for v in sorted(imports):
        if v not in index:
            visit(v)
    return found


def test_circles_are_found() -> None:
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert _circles(imports) == [["a", "b", "c"], ["e"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others() -> None:
    """No circle among all of the package's modules (the package itself included), counting
    imports inside functions and under ``TYPE_CHECKING``: the acyclic contract compares
    only siblings, so a module that imports the package that imports it (the report once
    read ``__version__`` so) would pass it."""
    grimp = pytest.importorskip("grimp", reason="grimp comes with the dev extra's import-linter")
    graph = grimp.build_graph("teletraffic", cache_dir=None)
    imports = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert "teletraffic.report.document" in imports
    assert _circles(imports) == []


# --------------------------------------------------------------------------- readable sizes

NOT_YET: dict[str, tuple[str, ...]] = {}
"""Functions allowed over 80 lines or of complexity over 15, by module, each with its
reason in benchmarks/README.md ("What is still over the limits"). None now: the last
ones (the compare, sweep and plan commands, compare(), sweep(), staff(), the plan's
words and the queues.conf reader) were split into named steps."""


BIG_ROOMS: dict[str, int] = {}
"""Modules over 800 lines, with the most they may have until they are split, each with
its reason in benchmarks/README.md. None now: scenario/parts.py became one module per
part (lines, traffic, pbx, departments, period)."""


def _modules() -> list[Path]:
    return sorted((ROOT / "teletraffic").rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT / "teletraffic").as_posix()


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_rooms_and_functions_are_of_a_readable_size(path: Path) -> None:
    """No module over 800 lines, no function over 80 (docstring and examples included)."""
    text = path.read_text(encoding="utf-8")
    most = BIG_ROOMS.get(_name(path), 800)
    assert len(text.splitlines()) <= most, f"{_name(path)} has {len(text.splitlines())} lines"
    allowed = NOT_YET.get(_name(path), ())
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name not in allowed:
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            assert length <= 80, f"{_name(path)}: {node.name} has {length} lines"


def test_no_function_is_too_complex() -> None:
    """No function of cyclomatic complexity over 15 (ruff's C901), but those of NOT_YET."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip(
            "ruff is not installed: install the dev extra (.venv/bin/pip install -e '.[dev]')"
        )
    rule = ["--select", "C901", "--config", "lint.mccabe.max-complexity=15"]
    out = subprocess.run(
        [str(ruff), "check", *rule, "--output-format", "json", str(ROOT / "teletraffic")],
        capture_output=True,
        text=True,
        check=False,
    )
    too_complex = []
    for problem in json.loads(out.stdout):
        where = _name(Path(problem["filename"]))
        function = problem["message"].split("`")[1]
        if function not in NOT_YET.get(where, ()):
            too_complex.append(f"{where}: {problem['message']}")
    assert too_complex == []
    assert out.returncode in (0, 1), out.stderr
