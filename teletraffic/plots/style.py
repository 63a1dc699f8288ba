"""How every chart looks: one colour per meaning, percent and money axes, short labels.

The conventions the charts share, so that a share, a sum of money and a set-up's name
read the same in each of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "COLORS",
    "axes_for",
    "axis_words",
    "compact_money",
    "error_bars",
    "money_axis",
    "percent_axis",
    "plain_text",
    "wrap_labels",
]

P = ParamSpec("P")

COLORS: dict[str, str] = {
    "answered": "#4C72B0",
    "busy": "#C44E52",
    "abandoned": "#DD8452",
    "lost": "#C44E52",
    "theory": "#55A868",
    "fixed": "#8172B3",
    "usage": "#64B5CD",
    "lost_calls": "#C44E52",
    "staff": "#937860",
    "cost": "#333333",
    "target": "#55A868",
}
"""One colour per meaning, the same in every chart (colour-blind friendly, seaborn's "deep")."""


def plain_text(chart: Callable[P, Axes]) -> Callable[P, Axes]:
    """*chart*, drawing all its text as plain text, never as mathtext or TeX.

    Names come from users: a department named ``$x$``, ``$\\foo$`` or ``a_b^c`` is a
    name, shown as written, not a formula (which may also fail to parse when the figure
    is drawn, long after the chart returned, in a notebook). The chart is drawn with
    ``text.parse_math`` and ``text.usetex`` off, and then every text of its figure, tick
    labels included (made here, for the ticks the chart set), is marked plain one by
    one, so the figure stays plain wherever and whenever it is drawn or saved.
    matplotlib does not pass the mark on to tick labels it makes later
    (``Text.update_from``); those are the numbers of a numeric axis, holding no name.
    """

    @functools.wraps(chart)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Axes:
        import matplotlib
        from matplotlib.text import Text

        with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
            ax = chart(*args, **kwargs)
            for text in ax.figure.findobj(Text):  # twin axes too (a second y axis)
                text.set_parse_math(False)
                text.set_usetex(False)
        return ax

    return drawn


def axes_for(ax: Axes | None, size: tuple[float, float] = (8.0, 4.5)) -> Axes:
    """*ax*, or the axes of a new figure of *size* inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def percent_axis(ax: Axes, axis: str = "y", decimals: int | None = None) -> None:
    from matplotlib.ticker import PercentFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=decimals))


def money_axis(ax: Axes, currency: str | None, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    suffix = f" {currency}" if currency else ""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}{suffix}"))


def error_bars(frame: pd.DataFrame, mean: str, low: str | None, high: str | None) -> Any | None:
    """Asymmetric error bars ``[[below...], [above...]]`` from interval columns, or None."""
    import numpy as np

    if low is None or high is None or low not in frame.columns or high not in frame.columns:
        return None
    m = frame[mean].to_numpy(dtype=float)
    lo = frame[low].to_numpy(dtype=float)
    hi = frame[high].to_numpy(dtype=float)
    below = np.where(np.isnan(lo), 0.0, np.clip(m - lo, 0.0, None))
    above = np.where(np.isnan(hi), 0.0, np.clip(hi - m, 0.0, None))
    if not (below.any() or above.any()):
        return None
    return np.vstack([below, above])


def axis_words(column: str, default: str) -> str:
    """An axis label from a column name: ``lines.main.channels`` -> ``Channels of line main``."""
    if column in ("lines", "channels"):
        return default
    parts = column.split(".")
    if len(parts) == 3 and parts[0] in ("lines", "departments", "traffic"):
        owner = {"lines": "line", "departments": "department", "traffic": "callers"}[parts[0]]
        return f"{parts[2].replace('_', ' ').capitalize()} of {owner} {parts[1]}"
    return column.replace("_", " ").replace(".", " ").capitalize()


def compact_money(value: float) -> str:
    """Money in few characters: 950, 10,594, 125k, 8.49M."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g}M"
    if abs(value) >= 1e5:
        return f"{value / 1e3:.0f}k"
    return f"{value:,.0f}"


def wrap_labels(names: Sequence[str], width: int = 18) -> list[str]:
    import textwrap

    return ["\n".join(textwrap.wrap(n, width)) or n for n in names]
