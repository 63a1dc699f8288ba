"""Capacity charts: busy signals against lines or channels, and a plan's curves by size.

:func:`busy_by_lines` draws simulated busy shares (a sweep) beside the Erlang B curve;
:func:`plan_curves` draws a figure against size, one line per kind of set-up, which
shows why separate single-line numbers need more lines than one multichannel line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from teletraffic.plots.plans import KIND_WORDS
from teletraffic.plots.style import COLORS, axes_for, axis_words, percent_axis, plain_text
from teletraffic.plots.tables import interval_columns, is_plan, require_columns, table_only

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes

    from teletraffic.experiments import Plan

__all__ = ["busy_by_lines", "plan_curves"]


@plain_text
def busy_by_lines(
    table: pd.DataFrame,
    *,
    traffic: float | None = None,
    x: str = "lines",
    y: str = "p_busy",
    low: str | None = None,
    high: str | None = None,
    label: str = "simulated",
    ax: Axes | None = None,
) -> Axes:
    """Share of callers who hear busy against the number of lines (or channels).

    *table* has one row per set-up: column *x* (lines or channels, a whole number),
    *y* (the simulated busy share, 0..1) and, when present, its confidence interval,
    drawn as a band: columns *low* / *high*, by default the first pair found of
    ``{y}_ci_low`` / ``{y}_ci_high`` (a :func:`teletraffic.experiments.sweep` table),
    ``{y}_low`` / ``{y}_high`` or ``ci_low`` / ``ci_high``. So a sweep draws directly:
    ``busy_by_lines(sweep(s, "lines.main.channels", "1..6"), x="lines.main.channels")``.
    With *traffic* (offered erlangs: calls per hour x mean talk in hours) the Erlang B
    curve for that traffic is drawn too: what theory says for Poisson callers who do
    not wait and do not redial. One simulation has one number of lines, so a
    :class:`~teletraffic.runner.SimulationResult` is refused with a :class:`TypeError`
    that says so.

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> table = pd.DataFrame({"lines": [1, 2, 3], "p_busy": [0.67, 0.40, 0.21]})
    >>> ax = plots.busy_by_lines(table, traffic=2.0)
    >>> ax.get_title()
    'Busy signals fall as lines are added'
    >>> [line.get_label() for line in ax.lines]
    ['simulated', 'Erlang B, 2 erlangs']
    """

    table = table_only(
        table, "busy_by_lines", "a table with a row per number of lines (teletraffic.sweep)"
    )
    require_columns(table, [x, y], "busy_by_lines")
    ax = axes_for(ax)
    data = table.sort_values(x)
    xs = data[x].to_numpy(dtype=float)
    ys = data[y].to_numpy(dtype=float)
    low, high = interval_columns(data, y, low, high)
    if low is not None and high is not None:
        _band(ax, xs, data[low].to_numpy(dtype=float), data[high].to_numpy(dtype=float), label)
    ax.plot(xs, ys, "o", color=COLORS["busy"], markersize=7, label=label, zorder=3)
    if traffic is not None and xs.size:
        _erlang_b_curve(ax, int(max(xs.max(), 1)), float(traffic))
    ax.set_xlabel(axis_words(x, "Lines (channels)"))
    ax.set_ylabel("Callers who hear busy")
    ax.set_title("Busy signals fall as lines are added")
    percent_axis(ax)
    ax.set_ylim(bottom=0)
    if xs.size:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False)
    return ax


_KIND_STYLE: dict[str, tuple[str, str]] = {
    "city_numbers": (COLORS["busy"], "o"),
    "mobile_numbers": (COLORS["abandoned"], "v"),
    "multichannel": (COLORS["answered"], "s"),
    "ip": (COLORS["usage"], "D"),
}
_KIND_LINE: dict[str, str] = {"mobile_numbers": "--", "ip": "--"}
"""Kinds often on the same curve as another (mobile as city, IP as multichannel): dashed."""


_CURVE_WORDS: dict[str, tuple[str, str]] = {
    "p_busy": ("Callers who hear busy", "Busy signals by number of lines, per kind of set-up"),
    "service_level": ("Answered in time", "Calls answered in time, per kind of set-up"),
    "monthly_total": ("Cost a month", "Monthly cost by number of lines, per kind of set-up"),
}
"""The axis label and title of each figure a plan's curves are drawn for."""


@plain_text
def plan_curves(
    curves: pd.DataFrame | Plan,
    *,
    y: str = "p_busy",
    target: float | None = None,
    labels: dict[str, str] | None = None,
    kinds: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A figure (busy share by default) against size, one line per kind of set-up.

    *curves* has columns ``setup`` (the kind, such as ``city_numbers`` or
    ``multichannel``), ``size`` (numbers or channels) and *y*, as
    ``Plan.curves`` of :func:`teletraffic.experiments.plan` gives. *kinds* picks the
    kinds to draw (default: all); *labels* maps a kind to the words in the legend.
    *target* draws the target as a dashed line. With the default *y* this is the
    chart that shows why separate single-line numbers need many more lines than one
    multichannel line: their traffic does not pool.

    A :class:`~teletraffic.experiments.Plan` is read as the HTML report reads it: its
    ``curves``, the kinds it has words for, in those words, and with the default *y*
    its busy target.

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> curves = pd.DataFrame({
    ...     "setup": ["city_numbers"] * 3 + ["multichannel"] * 3,
    ...     "size": [1, 2, 3] * 2,
    ...     "p_busy": [0.50, 0.33, 0.25, 0.50, 0.20, 0.06],
    ... })
    >>> ax = plots.plan_curves(curves, target=0.05)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['city numbers', 'multichannel']
    >>> ax.texts[0].get_text()
    'target 5%'
    """
    if is_plan(curves):
        labels = KIND_WORDS if labels is None else labels
        kinds = [k for k in KIND_WORDS if k in _kinds_of(curves.curves)] if kinds is None else kinds
        target = curves.targets.get("busy") if target is None and y == "p_busy" else target
        curves = curves.curves
    curves = table_only(curves, "plan_curves", "a plan's curves (Plan.curves) or a Plan")
    require_columns(curves, ["setup", "size", y], "plan_curves")
    ax = axes_for(ax)
    shown = list(dict.fromkeys(curves["setup"])) if kinds is None else list(kinds)
    palette = [COLORS["fixed"], COLORS["staff"], COLORS["theory"], COLORS["cost"]]
    for i, kind in enumerate(shown):
        rows = curves[curves["setup"] == kind].sort_values("size")
        if rows.empty:
            continue
        colour, marker = _KIND_STYLE.get(kind, (palette[i % len(palette)], "^"))
        ax.plot(
            rows["size"].to_numpy(dtype=float),
            rows[y].to_numpy(dtype=float),
            marker=marker,
            linestyle=_KIND_LINE.get(kind, "-"),
            color=colour,
            label=(labels or {}).get(kind, kind.replace("_", " ")),
        )
    share = y.startswith("p_") or y == "service_level"
    if target is not None:
        _target_line(ax, target, share)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if share:
        percent_axis(ax)
        ax.set_ylim(bottom=0)
    ylabel, title = _CURVE_WORDS.get(y, (y.replace("_", " ").capitalize(), "Set-ups by size"))
    ax.set_xlabel("Numbers or channels")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    return ax


def _target_line(ax: Axes, target: float, share: bool) -> None:
    """The target as a dashed line, named at its right end (in percent for a share)."""
    ax.axhline(target, color=COLORS["target"], linestyle="--", linewidth=1.2)
    ax.annotate(
        f"target {100 * target:g}%" if share else f"target {target:g}",
        (1.0, target),
        xycoords=("axes fraction", "data"),
        xytext=(-2, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=8,
        color=COLORS["target"],
    )


def _band(ax: Axes, xs: np.ndarray, lo: np.ndarray, hi: np.ndarray, label: str) -> None:
    """The confidence interval of the simulated points as a band, where it is known."""
    import numpy as np

    ok = ~(np.isnan(lo) | np.isnan(hi))
    if ok.any():
        ax.fill_between(
            xs[ok],
            lo[ok],
            hi[ok],
            color=COLORS["busy"],
            alpha=0.18,
            linewidth=0,
            label="confidence interval" if label == "simulated" else f"{label}: interval",
        )


def _erlang_b_curve(ax: Axes, top: int, traffic: float) -> None:
    """Erlang B for *traffic* erlangs on 1 to *top* lines, dashed."""
    import numpy as np

    from teletraffic.erlang import erlang_b

    n = np.arange(1, top + 1)
    ax.plot(
        n,
        erlang_b(n, traffic),
        "--",
        color=COLORS["theory"],
        label=f"Erlang B, {traffic:.3g} erlangs",
        zorder=2,
    )


def _kinds_of(curves: pd.DataFrame) -> set[str]:
    """The kinds of set-up a plan's curves hold."""
    return set(curves["setup"]) if "setup" in curves.columns else set()
