"""A staffed day on one page: calls and people by interval, the service level against
its target, and the roster below (the table of :func:`teletraffic.staff`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from teletraffic.plots.style import COLORS, percent_axis

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["draw_day", "staffing_chart"]


def staffing_chart(df: pd.DataFrame, path: str | Path | None = None) -> Figure:
    """Draw the day of *df* (``start``, ``calls``, ``staff``, ``service_level``; the
    roster from ``df.attrs["roster"]``); write it to *path* when given.

    Text is drawn as plain text, never as mathtext (see :func:`draw_day`).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"start": ["09:00", "09:30"], "calls": [20.0, 40.0],
    ...                    "staff": [4, 6], "service_level": [0.85, 0.82]})
    >>> [ax.get_title() for ax in staffing_chart(df).axes][:2]
    ['Calls and people by interval', 'Answered in time']
    """
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        fig = plt.figure(figsize=(10, 3.0 * _panels(df)), layout="constrained")
        draw_day(fig, df)
        if path is not None:
            fig.savefig(path)
    return fig


def _panels(df: pd.DataFrame) -> int:
    roster = df.attrs.get("roster")
    return 3 if roster is not None and roster.shifts else 2


def draw_day(fig: Figure, df: pd.DataFrame) -> None:
    """Draw the day of *df* on *fig*: calls (bars) and people (steps) by interval, the
    share answered in time against the target line, the roster below when there is one.

    The labels are the table's own start times and plain words; call it inside
    ``matplotlib.rc_context({"text.parse_math": False})`` when a label could hold a
    ``$`` (the report does).
    """
    roster = df.attrs.get("roster")
    panels = _panels(df)
    axes = fig.subplots(panels, 1, sharex=True, squeeze=False)[:, 0]
    x = list(range(len(df)))
    calls_ax = axes[0]
    bars = calls_ax.bar(x, df["calls"], color=COLORS["usage"], label="calls expected")
    calls_ax.set_ylabel("Calls in the interval")
    calls_ax.set_title("Calls and people by interval")
    people = calls_ax.twinx()
    edges = [i - 0.5 for i in range(len(x) + 1)]  # each interval's people over its bar
    lines = []
    if "scheduled" in df:
        lines.append(
            people.stairs(
                df["scheduled"],
                edges,
                color=COLORS["fixed"],
                linestyle="--",
                baseline=None,
                label="on shift",
            )
        )
    lines.append(
        people.stairs(
            df["staff"], edges, color=COLORS["staff"], lw=2.2, baseline=None, label="on the phones"
        )
    )
    people.set_ylabel("People")
    people.set_ylim(bottom=0)
    people.yaxis.get_major_locator().set_params(integer=True)
    people.legend(handles=[bars, *lines[::-1]], loc="upper right")
    sl = axes[1]
    sl.plot(x, df["service_level"], marker="o", color=COLORS["answered"], label="simulated day")
    target = df.attrs.get("targets")
    answer: Any = getattr(target, "answer", None)
    if answer is not None:
        sl.axhline(answer[0], color=COLORS["target"], linestyle="--", label="target")
        sl.set_title(f"Answered within {answer[1]:g} s")
    else:
        sl.set_title("Answered in time")
    percent_axis(sl)
    sl.set_ylim(0, 1.02)
    sl.legend(loc="lower right")
    if panels == 3:
        _roster(axes[2], roster, df)
    ticks = x[:: max(1, len(x) // 12)]
    axes[-1].set_xticks(ticks, [str(df["start"].iloc[i]) for i in ticks])


def _roster(ax: Any, roster: Any, df: pd.DataFrame) -> None:
    """One bar per shift pattern, as long as the shift, labelled with its people."""
    from teletraffic.units import parse_time_of_day

    first = parse_time_of_day(df["start"].iloc[0])
    length = float(df.attrs.get("interval_seconds", 3600.0))
    for row, (pattern, people) in enumerate(roster.shifts):
        lo = (pattern.start - first) / length - 0.5
        ax.barh(row, pattern.length / length, left=lo, color=COLORS["staff"], alpha=0.7)
        if pattern.break_at is not None:
            b = (pattern.break_at - first) / length - 0.5
            unpaid = pattern.length - 3600.0 * pattern.paid_hours  # an unpaid break's length
            ax.barh(row, unpaid / length if unpaid > 1.0 else 0.5, left=b, color="white")
        ax.text(lo + 0.1, row, f"{people}", va="center", color="white")
    ax.set_yticks(range(len(roster.shifts)), [r["start"] for r in roster.rows()])
    ax.set_title("Roster: people per shift")
    ax.invert_yaxis()
