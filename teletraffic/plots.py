"""Figures of results: busy signals, costs, waits, load by hour, staff, set-ups compared.

Each function draws one chart from a results DataFrame (the ``summary`` or ``calls``
of a :class:`~teletraffic.runner.SimulationResult`, or a small table you build
yourself; the columns each one reads are listed in its docstring). Like lifelines'
plotting functions, each takes ``ax=None`` (a new figure is made when none is given)
and returns the :class:`matplotlib.axes.Axes` it drew on, so charts can be combined
and restyled. matplotlib is imported inside the functions only: ``import
teletraffic`` never loads it.

Titles and labels are plain words a business owner reads; shares are shown in
percent, waits in seconds, money in the scenario's currency.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "COLORS",
    "answered_within",
    "busy_by_lines",
    "compare_setups",
    "cost_by_numbers",
    "load_by_hour",
    "plan_curves",
    "staff_occupancy",
    "wait_distribution",
]

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

_COST_PARTS: tuple[tuple[str, str], ...] = (
    ("fixed", "lines and PBX (fixed)"),
    ("usage", "call minutes"),
    ("staff", "staff"),
    ("lost_calls", "lost calls"),
)


def _axes(ax: Axes | None, size: tuple[float, float] = (8.0, 4.5)) -> Axes:
    """*ax*, or the axes of a new figure of *size* inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} needs the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)}; it has {', '.join(map(repr, frame.columns))}"
        )


def _percent_axis(ax: Axes, axis: str = "y", decimals: int | None = None) -> None:
    from matplotlib.ticker import PercentFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=decimals))


def _money_axis(ax: Axes, currency: str | None, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    suffix = f" {currency}" if currency else ""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}{suffix}"))


def _errors(frame: pd.DataFrame, mean: str, low: str | None, high: str | None) -> Any | None:
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


def _interval_columns(
    frame: pd.DataFrame, y: str, low: str | None, high: str | None
) -> tuple[str | None, str | None]:
    """The interval columns of *y*: those given, or the first pair present by convention."""
    if low is not None or high is not None:
        ok = low in frame.columns and high in frame.columns
        return (low, high) if ok else (None, None)
    for lo, hi in (
        (f"{y}_ci_low", f"{y}_ci_high"),
        (f"{y}_low", f"{y}_high"),
        ("ci_low", "ci_high"),
    ):
        if lo in frame.columns and hi in frame.columns:
            return lo, hi
    return None, None


def _axis_words(column: str, default: str) -> str:
    """An axis label from a column name: ``lines.main.channels`` -> ``Channels of line main``."""
    if column in ("lines", "channels"):
        return default
    parts = column.split(".")
    if len(parts) == 3 and parts[0] in ("lines", "departments", "traffic"):
        owner = {"lines": "line", "departments": "department", "traffic": "callers"}[parts[0]]
        return f"{parts[2].replace('_', ' ').capitalize()} of {owner} {parts[1]}"
    return column.replace("_", " ").replace(".", " ").capitalize()


def _scope_rows(summary: pd.DataFrame, prefix: str) -> pd.DataFrame:
    _require(summary, ["metric", "scope", "mean"], "a summary table")
    return summary[summary["scope"].astype(str).str.startswith(prefix)]


# --------------------------------------------------------------------------- busy vs lines


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
    not wait and do not redial.
    """
    import numpy as np

    _require(table, [x, y], "busy_by_lines")
    ax = _axes(ax)
    data = table.sort_values(x)
    xs = data[x].to_numpy(dtype=float)
    ys = data[y].to_numpy(dtype=float)
    low, high = _interval_columns(data, y, low, high)
    if low is not None and high is not None:
        lo = data[low].to_numpy(dtype=float)
        hi = data[high].to_numpy(dtype=float)
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
    ax.plot(xs, ys, "o", color=COLORS["busy"], markersize=7, label=label, zorder=3)
    if traffic is not None and xs.size:
        from teletraffic.erlang import erlang_b

        top = int(max(xs.max(), 1))
        n = np.arange(1, top + 1)
        ax.plot(
            n,
            erlang_b(n, float(traffic)),
            "--",
            color=COLORS["theory"],
            label=f"Erlang B, {traffic:.3g} erlangs",
            zorder=2,
        )
    ax.set_xlabel(_axis_words(x, "Lines (channels)"))
    ax.set_ylabel("Callers who hear busy")
    ax.set_title("Busy signals fall as lines are added")
    _percent_axis(ax)
    ax.set_ylim(bottom=0)
    if xs.size:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False)
    return ax


# --------------------------------------------------------------------------- costs


def cost_by_numbers(
    table: pd.DataFrame,
    *,
    x: str = "numbers",
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
    """
    import numpy as np

    prefix = "monthly_" if "monthly_fixed" in table.columns else ""
    needed = [x, *(f"{prefix}{part}" for part in ("fixed", "usage", "lost_calls"))]
    _require(table, needed, "cost_by_numbers")
    ax = _axes(ax)
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
    suffix = f" {currency}" if currency else ""
    for p, total in zip(pos, bottom, strict=True):
        ax.annotate(
            f"{_compact(total)}{suffix}",
            (p, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xticks(pos, labels)
    default = "Single-line numbers" if x == "numbers" else _axis_words(x, x)
    ax.set_xlabel(xlabel if xlabel is not None else default)
    ax.set_ylabel(f"Cost a month{f' ({currency})' if currency else ''}")
    ax.set_title(title or "What each set-up costs a month")
    _money_axis(ax, None)
    ax.set_ylim(0, max(float(bottom.max()) if bottom.size else 1.0, 1.0) * 1.12)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    return ax


# --------------------------------------------------------------------------- waits


def wait_distribution(
    calls: pd.DataFrame,
    *,
    answer_time: float | None = None,
    kind: str = "hist",
    ax: Axes | None = None,
) -> Axes:
    """How long answered callers waited on hold: a histogram or an ECDF, in seconds.

    *calls* is a call log (``SimulationResult.calls``): the columns ``wait`` (seconds)
    and ``outcome`` are read; only ``answered`` attempts count, and when the column
    ``measured`` is there only measured ones (after the warm-up). *answer_time* draws
    the service-level target as a vertical line, with the share answered within it.
    *kind* is ``"hist"`` (share of answered calls per wait band) or ``"ecdf"``
    (share answered within each wait).
    """
    import numpy as np

    if kind not in ("hist", "ecdf"):
        raise ValueError(f"kind must be 'hist' or 'ecdf', got {kind!r}")
    _require(calls, ["wait", "outcome"], "wait_distribution")
    ax = _axes(ax)
    keep = calls["outcome"] == "answered"
    if "measured" in calls.columns:
        keep &= calls["measured"].astype(bool)
    waits = np.sort(calls.loc[keep, "wait"].to_numpy(dtype=float))
    if waits.size == 0:
        ax.text(0.5, 0.5, "No answered calls", ha="center", va="center", transform=ax.transAxes)
    elif kind == "hist":
        top = float(np.quantile(waits, 0.99))
        if answer_time is not None:
            top = max(top, 1.5 * answer_time)
        top = max(top, 5.0)
        step = max(1.0, math.ceil(top / 40))
        bins = np.arange(0.0, top + step, step)
        weights = np.full(waits.size, 1.0 / waits.size)
        ax.hist(
            np.clip(waits, 0, bins[-1] - 1e-9),
            bins=bins.tolist(),
            weights=weights,
            color=COLORS["answered"],
            alpha=0.85,
            label="answered calls",
        )
        ax.set_ylabel("Share of answered calls")
        ax.set_xlim(0, bins[-1])
    else:
        shares = np.arange(1, waits.size + 1) / waits.size
        ax.step(
            np.concatenate([[0.0], waits]),
            np.concatenate([[0.0], shares]),
            where="post",
            color=COLORS["answered"],
            label="answered calls",
        )
        ax.set_ylabel("Share answered within this wait")
        ax.set_ylim(0, 1.02)
        ax.set_xlim(left=0)
    if answer_time is not None and waits.size:
        within = float((waits <= answer_time).mean())
        ax.axvline(
            answer_time,
            color=COLORS["target"],
            linestyle="--",
            label=f"target {answer_time:g} s: {100 * within:.0f}% of answered calls within",
        )
    _percent_axis(ax)
    ax.set_xlabel(
        "Wait on hold before an answer (seconds)"
        + (", longer waits in the last bar" if kind == "hist" else "")
    )
    ax.set_title("How long answered callers waited")
    ax.grid(True, alpha=0.3)
    if waits.size:
        ax.legend(frameon=False)
    return ax


def answered_within(
    calls: pd.DataFrame,
    *,
    answer_time: float,
    target: float | None = None,
    level: float = 0.95,
    ax: Axes | None = None,
) -> Axes:
    """Share of callers answered within each wait, with its interval: the service curve.

    *calls* is a call log (``SimulationResult.calls``, columns ``replication``,
    ``direction``, ``outcome``, ``wait``; ``measured`` when there). For each wait *t* the
    curve is the share of **all** inbound attempts answered within *t* (busy, hung up,
    rang out, dropped: never), so it ends below 100% by the share lost; the band is the
    Student-t interval over replications at *level*. *answer_time* and *target* (a share)
    mark the service-level target; the point where the curve crosses *answer_time* is
    the service level.
    """
    import numpy as np
    from scipy import stats

    _require(calls, ["replication", "outcome", "wait"], "answered_within")
    ax = _axes(ax)
    inbound = calls
    if "direction" in calls.columns:
        inbound = calls[calls["direction"] == "in"]
    if "measured" in inbound.columns:
        inbound = inbound[inbound["measured"].astype(bool)]
    reps = sorted(set(inbound["replication"]))
    answered = inbound[inbound["outcome"] == "answered"]
    waits = answered["wait"].to_numpy(dtype=float)
    top = max(3.0 * answer_time, float(np.quantile(waits, 0.99)) if waits.size else 0.0, 10.0)
    grid = np.linspace(0.0, top, 200)
    curves = []
    for r in reps:
        total = int((inbound["replication"] == r).sum())
        mine = np.sort(answered.loc[answered["replication"] == r, "wait"].to_numpy(dtype=float))
        if total:
            curves.append(np.searchsorted(mine, grid, side="right") / total)
    if not curves:
        ax.text(0.5, 0.5, "No inbound calls", ha="center", va="center", transform=ax.transAxes)
        return ax
    y = np.vstack(curves)
    mean = y.mean(axis=0)
    ax.step(grid, mean, where="post", color=COLORS["answered"], label="answered within the wait")
    if len(curves) > 1:
        half = stats.t.ppf(0.5 + level / 2, len(curves) - 1) * y.std(axis=0, ddof=1)
        half = half / math.sqrt(len(curves))
        ax.fill_between(
            grid,
            np.clip(mean - half, 0, 1),
            np.clip(mean + half, 0, 1),
            step="post",
            color=COLORS["answered"],
            alpha=0.2,
            label=f"{100 * level:g}% interval",
        )
    at = float(mean[np.searchsorted(grid, answer_time, side="right") - 1])
    ax.axvline(
        answer_time,
        color=COLORS["target"],
        linestyle="--",
        label=f"within {answer_time:g} s: {100 * at:.0f}% of callers",
    )
    if target is not None:
        ax.axhline(target, color=COLORS["target"], linestyle=":", label=f"target {100 * target:g}%")
    ax.set_xlim(0, top)
    ax.set_ylim(0, 1.02)
    _percent_axis(ax)
    ax.set_xlabel("Wait on hold before an answer (seconds)")
    ax.set_ylabel("Share of all callers")
    ax.set_title("Callers answered within a wait (lost callers never are)")
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, loc="lower right")
    return ax


# --------------------------------------------------------------------------- by hour


def load_by_hour(
    summary: pd.DataFrame,
    *,
    days: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Calls in each hour of the day: answered and lost, stacked, with the lost share.

    *summary* is ``SimulationResult.summary`` (columns ``metric, scope, mean``) of a
    business-day run: its ``hour:HH`` scopes are read (``inbound`` or ``offered``, and
    ``answered``). Lost = inbound attempts not answered (busy, hung up, rang out).
    Counts are per replication; with *days* (the business days a replication covers)
    they are shown per day.
    """
    import numpy as np

    rows = _scope_rows(summary, "hour:")
    if rows.empty:
        raise ValueError("load_by_hour needs hour:HH scopes (a business-day run: period: {days})")
    table = rows.pivot_table(index="scope", columns="metric", values="mean", aggfunc="first")
    calls_col = "inbound" if "inbound" in table.columns else "offered"
    _require(table, [calls_col, "answered"], "load_by_hour (metrics of the hour scopes)")
    table = table.sort_index()
    hours = [int(str(s).split(":", 1)[1]) for s in table.index]
    per = float(days) if days else 1.0
    calls = np.nan_to_num(table[calls_col].to_numpy(dtype=float)) / per
    answered = np.nan_to_num(table["answered"].to_numpy(dtype=float)) / per
    answered = np.minimum(answered, calls)
    lost = calls - answered
    ax = _axes(ax)
    ax.bar(hours, answered, 0.8, color=COLORS["answered"], label="answered")
    ax.bar(hours, lost, 0.8, bottom=answered, color=COLORS["lost"], label="lost (busy, hung up)")
    for h, c, lo in zip(hours, calls, lost, strict=True):
        if c > 0:
            ax.annotate(
                f"{100 * lo / c:.0f}%",
                (h, c),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=COLORS["lost"],
            )
    ax.set_xticks(hours, [f"{h:02d}:00" for h in hours], rotation=0)
    ax.set_xlabel("Hour of the day (red figure: share of calls lost)")
    ax.set_ylabel("Calls per day" if days else "Calls")
    ax.set_title("Calls by hour of the day")
    ax.set_ylim(0, max(float(calls.max()) if calls.size else 1.0, 1.0) * 1.12)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(frameon=False)
    return ax


# --------------------------------------------------------------------------- staff


def staff_occupancy(
    summary: pd.DataFrame,
    *,
    busy_above: float | None = 0.85,
    ax: Axes | None = None,
) -> Axes:
    """How busy each staff member is: share of their time in calls and wrap-up.

    *summary* is ``SimulationResult.summary`` (columns ``metric, scope, mean`` and,
    when present, ``ci_low, ci_high``): the ``staff_occupancy`` figure of each
    ``staff:DEPT/N`` scope is drawn as a bar with its confidence interval, one colour
    per department. *busy_above* draws a line above which a person has no slack left
    (85% by default; ``None`` for none).
    """
    import numpy as np

    rows = _scope_rows(summary, "staff:")
    rows = rows[rows["metric"] == "staff_occupancy"]
    if rows.empty:
        raise ValueError("staff_occupancy needs staff:DEPT/N scopes with staff_occupancy")
    ax = _axes(ax)
    names = [str(s).split(":", 1)[1] for s in rows["scope"]]
    depts = [n.rsplit("/", 1)[0] for n in names]
    order = list(dict.fromkeys(depts))
    palette = [COLORS["answered"], COLORS["abandoned"], COLORS["theory"], COLORS["fixed"]]
    colors = [palette[order.index(d) % len(palette)] for d in depts]
    pos = np.arange(len(names))
    yerr = _errors(rows, "mean", "ci_low", "ci_high")
    ax.bar(
        pos,
        rows["mean"].to_numpy(dtype=float),
        0.7,
        color=colors,
        yerr=yerr,
        capsize=3,
        error_kw={"elinewidth": 1, "ecolor": "#333333"},
    )
    ax.set_xticks(pos, [n.replace("/", " ") for n in names], rotation=30 if len(names) > 8 else 0)
    if busy_above is not None:
        ax.axhline(busy_above, color=COLORS["busy"], linestyle="--", linewidth=1)
        ax.annotate(
            f"{100 * busy_above:.0f}%: no slack left",
            (1.0, busy_above),
            xycoords=("axes fraction", "data"),
            xytext=(-2, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=8,
            color=COLORS["busy"],
        )
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=palette[i % len(palette)], label=d) for i, d in enumerate(order)],
        frameon=False,
        loc="upper left",
    )
    ax.set_ylim(0, 1.05)
    _percent_axis(ax)
    ax.set_xlabel("Staff member")
    ax.set_ylabel("Time on the phone (talk and wrap-up)")
    ax.set_title("How busy each person is")
    ax.grid(True, axis="y", alpha=0.3)
    return ax


# --------------------------------------------------------------------------- plan


_KIND_STYLE: dict[str, tuple[str, str]] = {
    "city_numbers": (COLORS["busy"], "o"),
    "mobile_numbers": (COLORS["abandoned"], "v"),
    "multichannel": (COLORS["answered"], "s"),
    "ip": (COLORS["usage"], "D"),
}
_KIND_LINE: dict[str, str] = {"mobile_numbers": "--", "ip": "--"}
"""Kinds often on the same curve as another (mobile as city, IP as multichannel): dashed."""


def plan_curves(
    curves: pd.DataFrame,
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
    """
    _require(curves, ["setup", "size", y], "plan_curves")
    ax = _axes(ax)
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
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if share:
        _percent_axis(ax)
        ax.set_ylim(bottom=0)
    words = {
        "p_busy": ("Callers who hear busy", "Busy signals by number of lines, per kind of set-up"),
        "service_level": ("Answered in time", "Calls answered in time, per kind of set-up"),
        "monthly_total": ("Cost a month", "Monthly cost by number of lines, per kind of set-up"),
    }
    ylabel, title = words.get(y, (y.replace("_", " ").capitalize(), "Set-ups by size"))
    ax.set_xlabel("Numbers or channels")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    return ax


# --------------------------------------------------------------------------- compare


def compare_setups(
    table: pd.DataFrame,
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
    """
    import numpy as np

    if "metric" in table.columns and "mean" in table.columns:
        table = _wide_comparison(table, setup)
    _require(table, [setup, "p_busy", "p_abandon"], "compare_setups")
    ax = _axes(ax)
    names = [str(v) for v in table[setup]]
    pos = np.arange(len(names))
    has_cost = "monthly_cost" in table.columns and bool(table["monthly_cost"].notna().any())
    width = 0.26 if has_cost else 0.36
    offsets = (-width, 0.0) if has_cost else (-width / 2, width / 2)
    tops: list[float] = []
    for offset, metric, words in (
        (offsets[0], "p_busy", "hear busy"),
        (offsets[1], "p_abandon", "hang up on hold"),
    ):
        values = np.nan_to_num(table[metric].to_numpy(dtype=float))
        err = _errors(table, metric, f"{metric}_low", f"{metric}_high")
        ax.bar(
            pos + offset,
            values,
            width,
            color=COLORS["busy" if metric == "p_busy" else "abandoned"],
            label=f"callers who {words}",
            yerr=err,
            capsize=3,
            error_kw={"elinewidth": 1, "ecolor": "#333333"},
        )
        heads = values + (err[1] if err is not None else 0.0)
        tops.extend(heads.tolist())
        for p, v, h in zip(pos + offset, values, heads, strict=True):
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
    ax.set_xticks(pos, _wrap_labels(names))
    if highlight is not None and highlight in names:
        i = names.index(highlight)
        tick = ax.get_xticklabels()[i]
        tick.set_fontweight("bold")
        tick.set_bbox({"boxstyle": "round,pad=0.3", "fc": "#fff7d6", "ec": COLORS["target"]})
        ax.axvspan(i - 0.5, i + 0.5, color="#fff7d6", zorder=0)
    _percent_axis(ax)
    ax.set_ylabel("Share of callers")
    ax.set_ylim(0, max(max(tops, default=0.0), 0.01) * 1.2)
    ax.set_title("Set-ups compared: callers lost and monthly cost", pad=24)
    ax.grid(True, axis="y", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if has_cost:
        cost = table["monthly_cost"].to_numpy(dtype=float)
        right = ax.twinx()
        right.bar(
            pos + width,
            np.nan_to_num(cost),
            width,
            color=COLORS["cost"],
            alpha=0.55,
            hatch="//",
            edgecolor="white",
            label="cost a month (right axis)",
        )
        suffix = f" {currency}" if currency else ""
        for p, c in zip(pos + width, cost, strict=True):
            if not math.isnan(c):
                right.annotate(
                    f"{_compact(c)}{suffix}",
                    (p, c),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
        right.set_ylim(0, max(float(np.nanmax(cost)), 1.0) * 1.2)
        right.set_ylabel(f"Cost a month{f' ({currency})' if currency else ''}")
        _money_axis(right, None)
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
    return ax


def _wide_comparison(long: pd.DataFrame, setup: str) -> pd.DataFrame:
    """``setup, metric, mean, ci_low, ci_high`` rows -> one row per set-up, as compare reads."""
    import pandas as pd

    _require(long, [setup, "metric", "mean"], "compare_setups (a long table)")
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


def _compact(value: float) -> str:
    """Money in few characters: 950, 10,594, 125k, 8.49M."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g}M"
    if abs(value) >= 1e5:
        return f"{value / 1e3:.0f}k"
    return f"{value:,.0f}"


def _wrap_labels(names: Sequence[str], width: int = 18) -> list[str]:
    import textwrap

    return ["\n".join(textwrap.wrap(n, width)) or n for n in names]
