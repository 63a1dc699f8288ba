"""teletraffic.text: each way of writing a figure for people, pinned at its edges.

The functions moved here from the report, the plan, the scenario's description, the
units and the erlang command; the shipped scenarios' golden figures and every report and
message test hold their output unchanged. These tests pin the boundaries (where one
rounding gives way to the next), so a changed threshold fails here first. The last ones
hold :func:`teletraffic.text.figure` to the tables of ``run`` and ``plan``, which still
word their cells themselves: moving them onto ``figure`` changes no byte.
"""

from __future__ import annotations

import math

import pytest

from teletraffic import text
from teletraffic.metrics import FIGURES

NAN = math.nan


@pytest.mark.parametrize(
    ("x", "want"),
    [
        (0.183, "18%"),
        (0.1, "10%"),
        (0.0999, "10%"),  # 9.99 shown with one decimal is 10.0, read as 10
        (0.095, "9.5%"),
        (0.045, "4.5%"),
        (0.02, "2%"),
        (0.004, "0.4%"),
        (0.001, "0.1%"),
        (0.0009, "0.09%"),
        (0.000123, "0.012%"),
        (0.0, "0%"),
        (-0.05, "-5%"),
        (NAN, "-"),
    ],
)
def test_percent(x: float, want: str) -> None:
    assert text.percent(x) == want


@pytest.mark.parametrize(
    ("x", "want"),
    [
        (0.183, "18%"),
        (0.1, "10%"),
        (0.099, "9.9%"),
        (0.02, "2.0%"),
        (0.01, "1.0%"),
        (0.0099, "0.99%"),
        (0.0035, "0.35%"),
        (0.0, "0%"),
        (math.inf, "-"),
        (NAN, "-"),
    ],
)
def test_percent_precise(x: float, want: str) -> None:
    assert text.percent_precise(x) == want


def test_percent_exact_and_fixed() -> None:
    assert [text.percent_exact(x) for x in (0.125, 1 / 3, 0.02, 1.0)] == [
        "12.5%",
        "33.3%",
        "2%",
        "100%",
    ]
    assert [text.percent_fixed(x) for x in (0.0457, 0.8, 0.0)] == ["4.57%", "80.00%", "0.00%"]


@pytest.mark.parametrize(
    ("x", "want"),
    [
        (1234.4, "1,234"),
        (100.0, "100"),
        (99.6, "100"),
        (58.2, "58"),
        (10.0, "10"),
        (9.96, "10"),
        (4.5, "4.5"),
        (4.0, "4"),
        (0.3, "0.3"),
        (0.0, "0"),
        (NAN, "-"),
    ],
)
def test_count(x: float, want: str) -> None:
    assert text.count(x) == want


def test_number_groups_from_its_threshold() -> None:
    assert [text.number(x) for x in (999.0, 1000.0, 1500.0, 42.5, 0.125)] == [
        "999",
        "1,000",
        "1,500",
        "42.5",
        "0.125",
    ]
    assert [text.number(x, grouped_from=100) for x in (99.0, 100.0, -250.0)] == [
        "99",
        "100",
        "-250",
    ]


def test_erlangs() -> None:
    assert [text.erlangs(x) for x in (2.0, 0.1, 0.099, 0.045)] == ["2.0", "0.1", "0.099", "0.045"]
    assert text.erlangs_exact(8.12345) == "8.123 E"
    assert text.erlangs_exact(12.0) == "12 E"


@pytest.mark.parametrize(
    ("x", "want"),
    [
        (45_870.0, "46,000 RUB"),
        (3_712.0, "3,700 RUB"),
        (1_000.0, "1,000 RUB"),
        (999.0, "1,000 RUB"),
        (948.0, "950 RUB"),
        (100.0, "100 RUB"),
        (99.4, "99 RUB"),
        (-3_712.0, "-3,700 RUB"),
        (NAN, "-"),
    ],
)
def test_money_estimate(x: float, want: str) -> None:
    assert text.money_estimate(x, "RUB") == want


def test_money_whole_and_exact() -> None:
    assert text.money(12_345.4, "RUB") == "12,345 RUB"
    assert text.money(0.4, "EUR") == "0 EUR"
    assert [text.money_exact(x, "RUB") for x in (1500.5, 400.0, 0.25, 1234.567)] == [
        "1,500.5 RUB",
        "400 RUB",
        "0.25 RUB",
        "1,234.57 RUB",
    ]


@pytest.mark.parametrize(
    ("x", "want"),
    [(4.2, "4.2 s"), (9.96, "10.0 s"), (10.0, "10 s"), (119.0, "119 s"), (120.0, "2.0 min")],
)
def test_seconds(x: float, want: str) -> None:
    assert text.seconds(x) == want


def test_duration_is_the_units_one() -> None:
    from teletraffic.units import format_duration

    assert format_duration is text.duration
    assert [text.duration(x) for x in (185.0, 3600.0, 3599.6, 86400.0 * 12, -4.25)] == [
        "3m 5s",
        "1h",
        "1h",
        "12d",
        "-4.25s",
    ]


def test_plural_and_missing() -> None:
    assert text.plural(1, "call") == "call"
    assert text.plural(0, "call") == "calls"
    assert text.plural(3, "person", "people") == "people"
    assert text.is_missing(None)
    assert text.is_missing(NAN)
    assert not text.is_missing(0.0)


# --------------------------------------------------------------------------- tables

VALUES = (NAN, 0.0, 0.0457, 0.5, 12.34, 99.99, 100.0, 1234.5, -150.0, 0.000123)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_how_run_words_a_cell(name: str) -> None:
    """run words each cell by the registry's kind: shares in percent, times in seconds."""
    from teletraffic.metrics import kind_of

    kind = kind_of(name)
    assert kind == FIGURES[name].kind
    shown = [text.figure(v, kind) for v in (0.0457, 12.34)]
    if kind == "share":
        assert shown == ["4.57%", "1234.00%"]
    elif kind == "seconds":
        assert shown == ["0.0 s", "12.3 s"]
    elif kind != "money":
        assert shown == ["0.0457", "12.3"]
    assert kind_of("no_such_figure") == "count"


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("p_busy", 0.0457, "4.57%"),
        ("service_level", 0.5, "50.00%"),
        ("p_caller_lost", 0.000123, "0.01%"),
        ("mean_wait", 12.34, "12.3 s"),
        ("monthly_total", 1234.5, "1,234"),
        ("offered", 1234.5, "1,234"),
        ("offered", 4.567, "4.57"),
    ],
)
def test_figure_is_how_compare_sweep_and_plan_word_a_cell(
    name: str, value: float, shown: str
) -> None:
    """compare, sweep and plan word each figure by the registry's kind (text.figure), as
    run does: a share in percent, the mean wait in seconds, money whole, without its
    currency (the column's heading names it); a difference of a share in points."""
    from teletraffic.cli.planning import _cell, _diff_cell

    assert _cell(name, value, NAN, NAN) == shown
    assert _cell(name, NAN, NAN, NAN) == "-"
    assert _diff_cell(name, -value, NAN, NAN) == "-" + shown.replace("%", " pts")
    assert text.figure(value, FIGURES[name].kind) == shown


def test_text_is_a_leaf() -> None:
    """Every layer may word a figure, so text imports nothing of the package."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(text.__file__).read_text(encoding="utf-8"))
    imported = [
        n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0
    ] + [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.startswith("teletraffic")], imported
