"""The examples in the docstrings run, and show what they say.

Every module of the package is searched for examples (``>>>`` lines) and each module's
examples run as doctests, so a docstring cannot promise what the code no longer does.
The main public functions must have an example: a newcomer reads ``help(tt.erlang_b)``
before any page of documentation.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from typing import Any

import matplotlib

matplotlib.use("Agg", force=True)

import matplotlib.pyplot as plt
import pytest

import teletraffic

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

MUST_HAVE_EXAMPLES = (
    # the scenario, as a user writes it
    "teletraffic.scenario_from_dict",
    "teletraffic.parse_scenario",
    "teletraffic.load_scenario",
    "teletraffic.dump_scenario",
    "teletraffic.describe_scenario",
    # the answer, in words and on a page
    "teletraffic.plain_summary",
    "teletraffic.build_report",
    "teletraffic.write_report",
    # the formulas
    "teletraffic.erlang_b",
    # the charts
    "teletraffic.plots.busy_by_lines",
    "teletraffic.plots.cost_by_numbers",
    "teletraffic.plots.wait_distribution",
    "teletraffic.plots.answered_within",
    "teletraffic.plots.load_by_hour",
    "teletraffic.plots.staff_occupancy",
    "teletraffic.plots.plan_curves",
    "teletraffic.plots.compare_setups",
    # units as a file writes them
    "teletraffic.units.parse_duration",
    "teletraffic.units.parse_share",
)


def _modules() -> list[str]:
    """Every module of the package but ``__main__`` (which runs the command line)."""
    found = ["teletraffic"]
    for info in pkgutil.walk_packages(teletraffic.__path__, "teletraffic."):
        if not info.name.endswith("__main__"):
            found.append(info.name)
    return sorted(found)


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, name)
    return [t for t in tests if t.examples]


MODULES_WITH_EXAMPLES = [name for name in _modules() if _examples(name)]


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


@pytest.mark.parametrize("name", MODULES_WITH_EXAMPLES)
def test_the_examples_of_each_module_run(name: str) -> None:
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    said: list[str] = []
    for test in _examples(name):
        runner.run(test, out=said.append)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0
    assert results.failed == 0, "".join(said)


@pytest.mark.parametrize("path", MUST_HAVE_EXAMPLES)
def test_the_main_public_functions_have_an_example(path: str) -> None:
    module, _, name = path.rpartition(".")
    function = getattr(importlib.import_module(module), name)
    assert ">>> " in (function.__doc__ or ""), f"{path} has no example in its docstring"


def test_a_wrong_example_fails() -> None:
    """The runner above reports a docstring whose example no longer holds."""

    def shares() -> None:
        """One and one.

        >>> 1 + 1
        3
        """

    test = doctest.DocTestFinder().find(shares, "shares", globs={})[0]
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    said: list[str] = []
    runner.run(test, out=said.append)
    assert runner.summarize(verbose=False).failed == 1
    assert "Expected:\n    3\nGot:\n    2\n" in "".join(said)
