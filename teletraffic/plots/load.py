"""Load: calls in each hour of the day, and how busy each person is.

Both read a summary (``SimulationResult.summary``) or the result itself:
:func:`load_by_hour` its ``hour:HH`` scopes, :func:`staff_occupancy` its
``staff:DEPT/N`` scopes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teletraffic.plots.style import COLORS, axes_for, error_bars, percent_axis, plain_text
from teletraffic.plots.tables import (
    hour_counts,
    is_result,
    require_columns,
    scope_rows,
    summary_table,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from teletraffic.runner import SimulationResult

__all__ = ["load_by_hour", "staff_occupancy"]


@plain_text
def load_by_hour(
    summary: pd.DataFrame | SimulationResult,
    *,
    days: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Calls in each hour of the day: answered and lost, stacked, with the lost share.

    *summary* is ``SimulationResult.summary`` (columns ``metric, scope, mean``) of a
    business-day run: its ``hour:HH`` scopes are read (``inbound`` or ``offered``, and
    ``answered``). Lost = inbound attempts not answered (busy, hung up, rang out).
    Counts are per replication; with *days* (the business days a replication covers)
    they are shown per day. A :class:`~teletraffic.runner.SimulationResult` is read as
    the HTML report reads it: the calls of each hour averaged over all replications (a
    replication without a call in an hour counts zero), per day of its scenario.

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> summary = pd.DataFrame({
    ...     "metric": ["inbound", "answered", "inbound", "answered"],
    ...     "scope": ["hour:09", "hour:09", "hour:10", "hour:10"],
    ...     "mean": [40.0, 36.0, 60.0, 45.0],
    ... })
    >>> ax = plots.load_by_hour(summary, days=5)
    >>> [tick.get_text() for tick in ax.get_xticklabels()], [t.get_text() for t in ax.texts]
    (['09:00', '10:00'], ['10%', '25%'])
    """
    import numpy as np

    if is_result(summary):
        days = summary.scenario.period.days if days is None else days
        summary = hour_counts(summary)
    rows = scope_rows(summary_table(summary, "load_by_hour"), "hour:")
    if rows.empty:
        raise ValueError("load_by_hour needs hour:HH scopes (a business-day run: period: {days})")
    table = rows.pivot_table(index="scope", columns="metric", values="mean", aggfunc="first")
    calls_col = "inbound" if "inbound" in table.columns else "offered"
    require_columns(table, [calls_col, "answered"], "load_by_hour (metrics of the hour scopes)")
    table = table.sort_index()
    hours = [int(str(s).split(":", 1)[1]) for s in table.index]
    per = float(days) if days else 1.0
    calls = np.nan_to_num(table[calls_col].to_numpy(dtype=float)) / per
    answered = np.nan_to_num(table["answered"].to_numpy(dtype=float)) / per
    answered = np.minimum(answered, calls)
    lost = calls - answered
    ax = axes_for(ax)
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


@plain_text
def staff_occupancy(
    summary: pd.DataFrame | SimulationResult,
    *,
    busy_above: float | None = 0.85,
    ax: Axes | None = None,
) -> Axes:
    """How busy each staff member is: share of their time in calls and wrap-up.

    *summary* is ``SimulationResult.summary`` (columns ``metric, scope, mean`` and,
    when present, ``ci_low, ci_high``): the ``staff_occupancy`` figure of each
    ``staff:DEPT/N`` scope is drawn as a bar with its confidence interval, one colour
    per department. A :class:`~teletraffic.runner.SimulationResult` is read for its
    summary. *busy_above* draws a line above which a person has no slack left (85% by
    default; ``None`` for none).

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> summary = pd.DataFrame({
    ...     "metric": ["staff_occupancy"] * 3,
    ...     "scope": ["staff:desk/1", "staff:desk/2", "staff:back/1"],
    ...     "mean": [0.90, 0.70, 0.30],
    ... })
    >>> ax = plots.staff_occupancy(summary)
    >>> [tick.get_text() for tick in ax.get_xticklabels()]
    ['desk 1', 'desk 2', 'back 1']
    >>> [text.get_text() for text in ax.get_legend().get_texts()]  # one colour per department
    ['desk', 'back']
    """
    import numpy as np

    rows = scope_rows(summary_table(summary, "staff_occupancy"), "staff:")
    rows = rows[rows["metric"] == "staff_occupancy"]
    if rows.empty:
        raise ValueError("staff_occupancy needs staff:DEPT/N scopes with staff_occupancy")
    ax = axes_for(ax)
    names = [str(s).split(":", 1)[1] for s in rows["scope"]]
    depts = [n.rsplit("/", 1)[0] for n in names]
    order = list(dict.fromkeys(depts))
    palette = [COLORS["answered"], COLORS["abandoned"], COLORS["theory"], COLORS["fixed"]]
    colors = [palette[order.index(d) % len(palette)] for d in depts]
    pos = np.arange(len(names))
    yerr = error_bars(rows, "mean", "ci_low", "ci_high")
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
        _no_slack_line(ax, busy_above)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=palette[i % len(palette)], label=d) for i, d in enumerate(order)],
        frameon=False,
        loc="upper left",
    )
    ax.set_ylim(0, 1.05)
    percent_axis(ax)
    ax.set_xlabel("Staff member")
    ax.set_ylabel("Time on the phone (talk and wrap-up)")
    ax.set_title("How busy each person is")
    ax.grid(True, axis="y", alpha=0.3)
    return ax


def _no_slack_line(ax: Axes, busy_above: float) -> None:
    """The share of time on the phone above which a person has no slack left, dashed."""
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
