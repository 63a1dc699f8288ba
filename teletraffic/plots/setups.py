"""Set-ups side by side: what each costs a month, and how many callers each loses.

:func:`cost_by_numbers` stacks the monthly cost by part (the chart for "just buy more
numbers"); :func:`compare_setups` puts the shares of callers lost beside the cost.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from teletraffic.plots.plans import city_numbers, plan_rows, plan_setups
from teletraffic.plots.style import (
    COLORS,
    axes_for,
    axis_words,
    compact_money,
    error_bars,
    money_axis,
    percent_axis,
    plain_text,
    wrap_labels,
)
from teletraffic.plots.tables import (
    is_comparison,
    is_plan,
    not_a_table,
    require_columns,
    table_only,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes

    from teletraffic.experiments import Comparison, Plan

__all__ = ["compare_setups", "cost_by_numbers"]

_COST_PARTS: tuple[tuple[str, str], ...] = (
    ("fixed", "lines and PBX (fixed)"),
    ("usage", "call minutes"),
    ("staff", "staff"),
    ("lost_calls", "lost calls"),
)


@plain_text
def cost_by_numbers(
    table: pd.DataFrame | Comparison | Plan,
    *,
    x: str | None = None,
    currency: str | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Monthly cost as stacked bars: fixed, call minutes, staff and lost calls.

    *table* has one row per set-up: column *x* (by default ``numbers``, how many
    single-line numbers; any label works, such as a set-up name) and the cost parts
    ``fixed``, ``usage``, ``lost_calls`` and optionally ``staff`` (money a month, in
    *currency*), as :func:`teletraffic.costs.monthly_costs` names them, or the same
    with a ``monthly_`` prefix, as :func:`teletraffic.experiments.sweep` and the plan's
    candidates name them. The total is written above each bar. This is the chart for
    "just buy more numbers": fixed costs climb with each number while lost calls shrink.

    A :class:`~teletraffic.experiments.Comparison` draws one bar per set-up (*x*
    ``setup``), a :class:`~teletraffic.experiments.Plan` its candidates of separate city
    numbers (as the HTML report does); each brings its currency.

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> table = pd.DataFrame({
    ...     "numbers": [1, 2, 3],
    ...     "fixed": [600, 1200, 1800],
    ...     "usage": [900, 950, 960],
    ...     "lost_calls": [41000, 16000, 5200],
    ... })
    >>> ax = plots.cost_by_numbers(table, currency="RUB")
    >>> [text.get_text() for text in ax.texts]  # the total above each bar
    ['42,500 RUB', '18,150 RUB', '7,960 RUB']
    """
    import numpy as np

    if is_comparison(table) or is_plan(table):
        table, x, xlabel, currency = _costs_of_setups(table, x, xlabel, currency)
    table = table_only(table, "cost_by_numbers", "a table of costs a month per set-up")
    x = "numbers" if x is None else x
    prefix = "monthly_" if "monthly_fixed" in table.columns else ""
    needed = [x, *(f"{prefix}{part}" for part in ("fixed", "usage", "lost_calls"))]
    require_columns(table, needed, "cost_by_numbers")
    ax = axes_for(ax)
    table = table.sort_values(x) if x in ("numbers", "lines", "channels") else table
    labels = [str(v) for v in table[x]]
    pos = np.arange(len(labels))
    bottom = np.zeros(len(labels))
    for part, words in _COST_PARTS:
        column = f"{prefix}{part}"
        if column not in table.columns:
            continue
        values = np.nan_to_num(table[column].to_numpy(dtype=float))
        if part == "staff" and not values.any():
            continue
        ax.bar(pos, values, 0.6, bottom=bottom, color=COLORS[part], label=words)
        bottom += values
    _totals(ax, pos, bottom, currency)
    ax.set_xticks(pos, labels)
    default = "Single-line numbers" if x == "numbers" else axis_words(x, x)
    ax.set_xlabel(xlabel if xlabel is not None else default)
    ax.set_ylabel(f"Cost a month{f' ({currency})' if currency else ''}")
    ax.set_title(title or "What each set-up costs a month")
    money_axis(ax, None)
    ax.set_ylim(0, max(float(bottom.max()) if bottom.size else 1.0, 1.0) * 1.12)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    return ax


@plain_text
def compare_setups(
    table: pd.DataFrame | Comparison | Plan,
    *,
    setup: str = "setup",
    currency: str | None = None,
    highlight: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Set-ups side by side: share of callers who hear busy, who hang up, and the cost.

    *highlight* names a set-up to mark (the recommended one): its label is bold and
    framed, and its bars outlined.

    *table* has one row per set-up: column *setup* (its name), ``p_busy`` and
    ``p_abandon`` (shares 0..1) and ``monthly_cost`` (money a month, may be missing
    or NaN). Intervals are drawn when ``p_busy_low``/``p_busy_high`` and
    ``p_abandon_low``/``p_abandon_high`` are there. A long table with columns
    ``setup, metric, mean, ci_low, ci_high`` (``Comparison.summary`` of
    :func:`teletraffic.experiments.compare`, whose cost is ``monthly_total``) is read
    too. The shares are bars on the left axis; the monthly cost is a hatched bar on the
    right axis, its value written above it. Returns the left axes (the right one is
    ``ax.right_ax``).

    A :class:`~teletraffic.experiments.Comparison` is read for its summary, a
    :class:`~teletraffic.experiments.Plan` as the HTML report reads it (its first five
    set-ups, the recommended one among them and highlighted); each brings its currency.

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> table = pd.DataFrame({
    ...     "setup": ["4 city numbers", "multichannel, 4 ch."],
    ...     "p_busy": [0.12, 0.05],
    ...     "p_abandon": [0.0, 0.0],
    ...     "monthly_cost": [2400.0, 3100.0],
    ... })
    >>> ax = plots.compare_setups(table, currency="RUB", highlight="multichannel, 4 ch.")
    >>> [text.get_text() for text in ax.texts], [text.get_text() for text in ax.right_ax.texts]
    (['12.0%', '5.0%'], ['2,400 RUB', '3,100 RUB'])
    """
    import numpy as np

    table, currency, highlight = _setups_read(table, currency, highlight)
    if "metric" in table.columns and "mean" in table.columns:
        table = _wide_comparison(table, setup)
    require_columns(table, [setup, "p_busy", "p_abandon"], "compare_setups")
    ax = axes_for(ax)
    names = [str(v) for v in table[setup]]
    pos = np.arange(len(names))
    has_cost = "monthly_cost" in table.columns and bool(table["monthly_cost"].notna().any())
    width = 0.26 if has_cost else 0.36
    offsets = (-width, 0.0) if has_cost else (-width / 2, width / 2)
    tops = [
        *_share_bars(ax, table, "p_busy", "hear busy", pos + offsets[0], width),
        *_share_bars(ax, table, "p_abandon", "hang up on hold", pos + offsets[1], width),
    ]
    ax.set_xticks(pos, wrap_labels(names))
    if highlight is not None and highlight in names:
        _highlight(ax, names.index(highlight))
    percent_axis(ax)
    ax.set_ylabel("Share of callers")
    ax.set_ylim(0, max(max(tops, default=0.0), 0.01) * 1.2)
    ax.set_title("Set-ups compared: callers lost and monthly cost", pad=24)
    ax.grid(True, axis="y", alpha=0.3)
    cost = table["monthly_cost"].to_numpy(dtype=float) if has_cost else None
    _cost_and_legend(ax, cost, pos + width, width, currency)
    return ax


def _cost_and_legend(
    ax: Axes, cost: np.ndarray | None, pos: Any, width: float, currency: str | None
) -> None:
    """The monthly *cost* on a right-hand axis (``ax.right_ax``), when there is one, and
    one legend above the chart for both axes."""
    handles, labels = ax.get_legend_handles_labels()
    if cost is not None:
        right = _cost_bars(ax, cost, pos, width, currency)
        h2, l2 = right.get_legend_handles_labels()
        handles += h2
        labels += l2
        ax.right_ax = right  # type: ignore[attr-defined]
    ax.legend(
        handles,
        labels,
        frameon=False,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=3,
        fontsize=8,
    )


def _setups_read(
    data: pd.DataFrame | Comparison | Plan, currency: str | None, highlight: str | None
) -> tuple[pd.DataFrame, str | None, str | None]:
    """The table of set-ups compare_setups draws, its currency and the one to highlight:
    a comparison's summary, or a plan's first set-ups and its recommended one."""
    if is_comparison(data):
        return data.summary, data.currency if currency is None else currency, highlight
    if is_plan(data):
        rows = plan_rows(data)
        if not rows:
            raise ValueError("compare_setups: the plan has no set-ups to compare")
        table, best = plan_setups(rows)
        currency = data.tariffs.currency if currency is None else currency
        return table, currency, best if highlight is None else highlight
    table = table_only(data, "compare_setups", "a table of set-ups, a Comparison or a Plan")
    return table, currency, highlight


def _costs_of_setups(
    data: Comparison | Plan, x: str | None, xlabel: str | None, currency: str | None
) -> tuple[pd.DataFrame, str | None, str | None, str | None]:
    """The monthly costs by part, one row per set-up, with the column and words of its
    set-ups and its currency: of a comparison, or of a plan's candidates of separate
    city numbers."""
    if is_plan(data):
        singles = city_numbers(data)
        if singles is None:
            raise ValueError("cost_by_numbers: the plan has no two sets of city numbers to draw")
        return singles, x, xlabel, data.tariffs.currency if currency is None else currency
    if not is_comparison(data):
        raise not_a_table("cost_by_numbers", "a Comparison or a Plan", data)
    s = data.summary
    wide = s[s["metric"].str.startswith("monthly_")].pivot(
        index="setup", columns="metric", values="mean"
    )
    if x is None:
        x, xlabel = "setup", "Set-up" if xlabel is None else xlabel
    currency = data.currency if currency is None else currency
    return wide.loc[data.setups].reset_index(), x, xlabel, currency


def _totals(ax: Axes, pos: Any, totals: Any, currency: str | None) -> None:
    """Each bar's total written above it."""
    suffix = f" {currency}" if currency else ""
    for p, total in zip(pos, totals, strict=True):
        ax.annotate(
            f"{compact_money(total)}{suffix}",
            (p, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )


def _share_bars(
    ax: Axes, table: pd.DataFrame, metric: str, words: str, pos: Any, width: float
) -> list[float]:
    """Bars of the share *metric* at *pos*, with intervals and labels; their tops."""
    import numpy as np

    values = np.nan_to_num(table[metric].to_numpy(dtype=float))
    err = error_bars(table, metric, f"{metric}_low", f"{metric}_high")
    ax.bar(
        pos,
        values,
        width,
        color=COLORS["busy" if metric == "p_busy" else "abandoned"],
        label=f"callers who {words}",
        yerr=err,
        capsize=3,
        error_kw={"elinewidth": 1, "ecolor": "#333333"},
    )
    heads = values + (err[1] if err is not None else 0.0)
    for p, v, h in zip(pos, values, heads, strict=True):
        if v == 0 and metric == "p_abandon":
            continue  # no hold queue, or nobody hung up: no bar, no label
        ax.annotate(
            f"{100 * v:.2g}%" if 100 * v < 0.1 else f"{100 * v:.1f}%",
            (p, h),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    return list(heads.tolist())


def _highlight(ax: Axes, i: int) -> None:
    """Mark the *i*-th set-up: its label bold and framed, its column shaded."""
    tick = ax.get_xticklabels()[i]
    tick.set_fontweight("bold")
    tick.set_bbox({"boxstyle": "round,pad=0.3", "fc": "#fff7d6", "ec": COLORS["target"]})
    ax.axvspan(i - 0.5, i + 0.5, color="#fff7d6", zorder=0)


def _cost_bars(ax: Axes, cost: Any, pos: Any, width: float, currency: str | None) -> Axes:
    """The monthly *cost* as hatched bars at *pos* on a right-hand axis; that axis."""
    import numpy as np

    right = ax.twinx()
    right.bar(
        pos,
        np.nan_to_num(cost),
        width,
        color=COLORS["cost"],
        alpha=0.55,
        hatch="//",
        edgecolor="white",
        label="cost a month (right axis)",
    )
    suffix = f" {currency}" if currency else ""
    for p, c in zip(pos, cost, strict=True):
        if not math.isnan(c):
            right.annotate(
                f"{compact_money(c)}{suffix}",
                (p, c),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    right.set_ylim(0, max(float(np.nanmax(cost)), 1.0) * 1.2)
    right.set_ylabel(f"Cost a month{f' ({currency})' if currency else ''}")
    money_axis(right, None)
    return right


def _wide_comparison(long: pd.DataFrame, setup: str) -> pd.DataFrame:
    """``setup, metric, mean, ci_low, ci_high`` rows -> one row per set-up, as compare reads."""
    import pandas as pd

    require_columns(long, [setup, "metric", "mean"], "compare_setups (a long table)")
    order = list(dict.fromkeys(long[setup]))
    rows: dict[str, dict[str, float]] = {name: {} for name in order}
    names = {"p_busy": "p_busy", "p_abandon": "p_abandon", "monthly_total": "monthly_cost"}
    for rec in long.to_dict(orient="records"):
        key = names.get(str(rec["metric"]))
        if key is None:
            continue
        row = rows[rec[setup]]
        row[key] = float(rec["mean"])
        if key != "monthly_cost" and "ci_low" in rec and "ci_high" in rec:
            row[f"{key}_low"] = float(rec["ci_low"])
            row[f"{key}_high"] = float(rec["ci_high"])
    wide = pd.DataFrame([{setup: name, **rows[name]} for name in order])
    if "p_abandon" not in wide.columns:
        wide["p_abandon"] = 0.0
    return wide
