"""The engine's house rules, read from its source: imports one way, SimPy in one room,
rooms and functions of a readable size."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "teletraffic" / "engine"
MODULES = sorted(ENGINE.glob("*.py"))
BESIDE = [ROOT / "teletraffic" / p for p in ("stats.py", "tally.py", "runner.py", "records.py")]
"""Modules next to the engine that read what it emits."""


def imports(path: Path) -> set[str]:
    """Every module *path* imports, type-only imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def engine_graph() -> dict[str, set[str]]:
    names = {f"teletraffic.engine.{p.stem}" for p in MODULES if p.stem != "__init__"}
    return {
        f"teletraffic.engine.{p.stem}": imports(p) & names for p in MODULES if p.stem != "__init__"
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of *graph* (``node -> the nodes it imports``) as a path, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for dep in sorted(graph[node]):
            cycle = visit(dep, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node, [])
        if cycle:
            return cycle
    return None


def test_engine_modules_import_each_other_one_way_even_for_types() -> None:
    graph = engine_graph()
    assert find_cycle(graph) is None
    assert graph["teletraffic.engine.strategies"] == set()  # reads members by protocol


def test_the_cycle_check_sees_a_cycle() -> None:
    """The check above must be able to fail: a graph with a loop is found."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_only_the_adapter_uses_simpy() -> None:
    for path in MODULES:
        uses = any(m == "simpy" or m.startswith("simpy.") for m in imports(path))
        assert uses == (path.name == "simpy_adapter.py"), path.name
        if path.name != "simpy_adapter.py":
            text = path.read_text()
            for private in ("._now", "._queue", "._eid", "._value", "._ok"):
                assert private not in text, f"{path.name} reads SimPy's {private}"


@pytest.mark.parametrize("path", [*MODULES, *BESIDE], ids=lambda p: p.name)
def test_rooms_and_functions_of_a_readable_size(path: Path) -> None:
    text = path.read_text()
    assert len(text.splitlines()) <= 800
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            assert length <= 80, f"{path.name}: {node.name} has {length} lines"
