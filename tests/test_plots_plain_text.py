"""Chart text is plain text: names that look like mathtext are shown as written.

A department, a set-up or a line may be named ``$x$``, ``$\\foo$`` or ``a_b^c``. The
charts of :mod:`teletraffic.plots` are returned to a notebook, which draws them later,
outside any setting of ours: every text that holds a name must then still be drawn as
written (matplotlib's mathtext would print ``x`` in italics, or fail to parse ``$\\foo$``
and lose the whole figure).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg", force=True)

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.text import Text

from teletraffic import plots

NAMES = ["$x$", "$\\foo$", "a_b^c", "$^$"]


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _staff(name: str) -> Axes:
    summary = pd.DataFrame(
        [("staff_occupancy", f"staff:{name}/1", 0.5, 0.4, 0.6)],
        columns=["metric", "scope", "mean", "ci_low", "ci_high"],
    )
    return plots.staff_occupancy(summary)


def _setups(name: str) -> Axes:
    table = pd.DataFrame(
        {
            "setup": [name, "other"],
            "p_busy": [0.1, 0.2],
            "p_abandon": [0.0, 0.01],
            "monthly_cost": [100.0, 200.0],
        }
    )
    return plots.compare_setups(table, currency="$", highlight=name)


def _costs(name: str) -> Axes:
    table = pd.DataFrame(
        {"setup": [name], "fixed": [1.0], "usage": [2.0], "lost_calls": [3.0]},
    )
    return plots.cost_by_numbers(table, x="setup", currency="$")


def _curves(name: str) -> Axes:
    curves = pd.DataFrame({"setup": ["multichannel"] * 2, "size": [1, 2], "p_busy": [0.5, 0.2]})
    return plots.plan_curves(curves, labels={"multichannel": name})


def _lines(name: str) -> Axes:
    table = pd.DataFrame({f"lines.{name}.channels": [1, 2], "p_busy": [0.5, 0.2]})
    return plots.busy_by_lines(table, x=f"lines.{name}.channels", label=name, traffic=1.0)


CHARTS: dict[str, Callable[[str], Axes]] = {
    "staff_occupancy": _staff,
    "compare_setups": _setups,
    "cost_by_numbers": _costs,
    "plan_curves": _curves,
    "busy_by_lines": _lines,
}


def _texts_with(ax: Axes, name: str) -> list[Text]:
    return [t for t in ax.figure.findobj(Text) if name in t.get_text()]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_a_name_that_looks_like_mathtext_is_drawn_as_written(chart: str, name: str) -> None:
    ax = CHARTS[chart](name)
    # drawn and saved later, as a notebook does, with matplotlib's own settings
    assert matplotlib.rcParams["text.parse_math"]
    ax.figure.savefig(io.BytesIO(), format="png", dpi=20)
    texts = _texts_with(ax, name)
    assert texts, [t.get_text() for t in ax.figure.findobj(Text)]
    for text in texts:
        assert not text.get_parse_math(), text.get_text()
        assert not text.get_usetex(), text.get_text()


def test_charts_are_plain_under_a_users_tex_setting() -> None:
    """A notebook that set ``text.usetex`` still gets names as written (no TeX run)."""
    with matplotlib.rc_context({"text.usetex": True}):
        ax = _staff("a_b^c")
    assert matplotlib.rcParams["text.parse_math"]  # the user's settings are left as they were
    for text in _texts_with(ax, "a_b"):
        assert not text.get_usetex()


def test_the_charts_keep_their_names_and_documents() -> None:
    for name in ("busy_by_lines", "plan_curves", "load_by_hour", "staff_occupancy"):
        function = getattr(plots, name)
        assert function.__name__ == name
        assert ">>>" in (function.__doc__ or "")
