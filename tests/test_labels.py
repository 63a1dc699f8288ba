"""Every figure a command shows is labelled by the registry (teletraffic.metrics).

The registry's label function is replaced by one that marks each label it gives; a
table heading (or compare's figure column) that names a figure without the mark was
written by the command itself, a second list of labels, and the test fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic import metrics
from teletraffic.cli import app

ROOT = Path(__file__).resolve().parents[1]

NOT_FIGURES = {"scope", "figure", "set-up", "channels", "people", "by", "meets"}
"""Headings that name no figure: what a row is, not what was measured."""


def _marked(name: str) -> str:
    return f"<{name}>"


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("┃│").split("┃" if "┃" in line else "│")]


def _headings(output: str) -> list[str]:
    """The heading cells of every rich table in *output* (tables drawn wide, one line)."""
    out: list[str] = []
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("┏"):
            out.extend(_cells(lines[i + 1]))
    return out


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "label", _marked)


def _invoke(args: list[str]) -> str:
    result = CliRunner(env={"COLUMNS": "600"}).invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _assert_from_registry(cells: list[str]) -> None:
    for cell in cells:
        if cell in NOT_FIGURES or not cell or (cell.startswith(("A", "B", "C")) and len(cell) <= 5):
            continue
        assert cell.startswith("<"), f"{cell!r} is not a label from teletraffic.metrics"
        if ">" in cell:  # a narrow column may cut the mark short: its start is enough
            assert cell[1 : cell.index(">")] in metrics.FIGURES


@pytest.mark.usefixtures("marked")
def test_run_labels_come_from_the_registry() -> None:
    out = _invoke(["run", str(ROOT / "scenarios" / "office.yaml"), "-r", "2"])
    _assert_from_registry(_headings(out))


@pytest.mark.usefixtures("marked")
def test_compare_labels_come_from_the_registry() -> None:
    files = sorted(str(p) for p in (ROOT / "scenarios" / "compare").glob("*.yaml"))
    out = _invoke(["compare", *files, "-r", "2"])
    rows = [
        _cells(line)[0]
        for line in out.splitlines()
        if line.startswith("│") and _cells(line)[0] and not _cells(line)[0].startswith(" ")
    ]
    assert rows
    _assert_from_registry(rows)


@pytest.mark.usefixtures("marked")
def test_plan_labels_come_from_the_registry() -> None:
    out = _invoke(["plan", "--calls-per-hour", "40", "--talk", "3m", "--target-busy", "2%"])
    headings = _headings(out)
    assert any(h.startswith("<p_busy>") for h in headings)
    _assert_from_registry(headings)


def test_the_marker_would_catch_a_label_of_its_own() -> None:
    """The check itself fails on a heading a command wrote by hand."""
    with pytest.raises(AssertionError, match=r"not a label from teletraffic\.metrics"):
        _assert_from_registry(["<p_busy>", "hung up"])
