"""Waits on hold: how long answered callers waited, and the service curve.

Both read a call log (``SimulationResult.calls``, or the result itself, whose
scenario then gives the answer time): :func:`wait_distribution` the waits of answered
calls, :func:`answered_within` the share of all callers answered within each wait,
with its interval over replications.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from teletraffic.plots.style import COLORS, axes_for, percent_axis, plain_text
from teletraffic.plots.tables import calls_table, is_result, require_columns

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes

    from teletraffic.runner import SimulationResult

__all__ = ["answered_within", "wait_distribution"]


@plain_text
def wait_distribution(
    calls: pd.DataFrame | SimulationResult,
    *,
    answer_time: float | None = None,
    kind: str = "hist",
    ax: Axes | None = None,
) -> Axes:
    """How long answered callers waited on hold: a histogram or an ECDF, in seconds.

    *calls* is a call log (``SimulationResult.calls``): the columns ``wait`` (seconds)
    and ``outcome`` are read; only ``answered`` attempts count, and when the column
    ``measured`` is there only measured ones (after the warm-up). A
    :class:`~teletraffic.runner.SimulationResult` is read for its call log (simulated
    with ``call_log=True``), and its scenario's answer time is the default
    *answer_time*. *answer_time* draws the service-level target as a vertical line,
    with the share answered within it. *kind* is ``"hist"`` (share of answered calls
    per wait band) or ``"ecdf"`` (share answered within each wait).

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> calls = pd.DataFrame({
    ...     "outcome": ["answered", "answered", "busy", "answered"],
    ...     "wait": [0.0, 12.0, 0.0, 35.0],
    ... })
    >>> ax = plots.wait_distribution(calls, answer_time=20)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['answered calls', 'target 20 s: 67% of answered calls within']
    """
    import numpy as np

    if kind not in ("hist", "ecdf"):
        raise ValueError(f"kind must be 'hist' or 'ecdf', got {kind!r}")
    if answer_time is None and is_result(calls):
        answer_time = calls.scenario.answer_time
    calls = calls_table(calls, "wait_distribution")
    require_columns(calls, ["wait", "outcome"], "wait_distribution")
    ax = axes_for(ax)
    keep = calls["outcome"] == "answered"
    if "measured" in calls.columns:
        keep &= calls["measured"].astype(bool)
    waits = np.sort(calls.loc[keep, "wait"].to_numpy(dtype=float))
    if waits.size == 0:
        ax.text(0.5, 0.5, "No answered calls", ha="center", va="center", transform=ax.transAxes)
    elif kind == "hist":
        _histogram(ax, waits, answer_time)
    else:
        _ecdf(ax, waits)
    if answer_time is not None and waits.size:
        within = float((waits <= answer_time).mean())
        ax.axvline(
            answer_time,
            color=COLORS["target"],
            linestyle="--",
            label=f"target {answer_time:g} s: {100 * within:.0f}% of answered calls within",
        )
    percent_axis(ax)
    ax.set_xlabel(
        "Wait on hold before an answer (seconds)"
        + (", longer waits in the last bar" if kind == "hist" else "")
    )
    ax.set_title("How long answered callers waited")
    ax.grid(True, alpha=0.3)
    if waits.size:
        ax.legend(frameon=False)
    return ax


def _histogram(ax: Axes, waits: np.ndarray, answer_time: float | None) -> None:
    """The share of answered calls per wait band; waits past the last band in the last."""
    import numpy as np

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


def _ecdf(ax: Axes, waits: np.ndarray) -> None:
    """The share of answered calls answered within each wait (*waits* sorted)."""
    import numpy as np

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


@plain_text
def answered_within(
    calls: pd.DataFrame | SimulationResult,
    *,
    answer_time: float | None = None,
    target: float | None = None,
    level: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Share of callers answered within each wait, with its interval: the service curve.

    *calls* is a call log (``SimulationResult.calls``, columns ``replication``,
    ``direction``, ``outcome``, ``wait``; ``measured`` when there). For each wait *t* the
    curve is the share of **all** inbound attempts answered within *t* (busy, hung up,
    rang out, dropped: never), pooled over the replications, so it ends below 100% by the
    share lost; the band is its interval at *level* (95% by default), computed as every
    share of calls is (:func:`teletraffic.stats.share_interval`). *answer_time*
    (seconds) and *target* (a share) mark the service-level target; the point where the
    curve crosses *answer_time* is the service level. A
    :class:`~teletraffic.runner.SimulationResult` is read for its call log (simulated
    with ``call_log=True``); its scenario's answer time and its level are then the
    defaults of *answer_time* and *level*. A call log alone needs *answer_time*.

    Examples
    --------
    >>> import pandas as pd
    >>> from teletraffic import plots
    >>> calls = pd.DataFrame({
    ...     "replication": [0, 0, 0, 1, 1, 1],
    ...     "outcome": ["answered", "answered", "busy", "answered", "abandoned", "answered"],
    ...     "wait": [0.0, 30.0, 0.0, 5.0, 40.0, 10.0],
    ... })
    >>> ax = plots.answered_within(calls, answer_time=20)
    >>> ax.get_legend().get_texts()[-1].get_text()  # 1 of 3 callers, then 2 of 3
    'within 20 s: 50% of callers'
    """
    import numpy as np

    if is_result(calls):
        answer_time = calls.scenario.answer_time if answer_time is None else answer_time
        level = calls.level if level is None else level
    if answer_time is None:
        raise ValueError("answered_within needs answer_time (seconds) with a call log")
    level = 0.95 if level is None else level
    calls = calls_table(calls, "answered_within")
    require_columns(calls, ["replication", "outcome", "wait"], "answered_within")
    ax = axes_for(ax)
    grid, counts, totals = _service_curves(calls, answer_time)
    top = float(grid[-1])
    if not totals.sum():
        ax.text(0.5, 0.5, "No inbound calls", ha="center", va="center", transform=ax.transAxes)
        return ax
    mean = counts.sum(axis=0) / totals.sum()
    ax.step(grid, mean, where="post", color=COLORS["answered"], label="answered within the wait")
    if len(totals) > 1:
        _interval_band(ax, grid, counts, totals, level)
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
    percent_axis(ax)
    ax.set_xlabel("Wait on hold before an answer (seconds)")
    ax.set_ylabel("Share of all callers")
    ax.set_title("Callers answered within a wait (lost callers never are)")
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, loc="lower right")
    return ax


def _service_curves(
    calls: pd.DataFrame, answer_time: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A grid of waits; per replication (rows) its measured inbound attempts answered
    within each wait of the grid (columns); and each replication's inbound attempts."""
    import numpy as np

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
    counts = np.zeros((len(reps), grid.size))
    totals = np.zeros(len(reps))
    for i, r in enumerate(reps):
        totals[i] = int((inbound["replication"] == r).sum())
        mine = np.sort(answered.loc[answered["replication"] == r, "wait"].to_numpy(dtype=float))
        counts[i] = np.searchsorted(mine, grid, side="right")
    return grid, counts, totals


def _interval_band(
    ax: Axes, grid: np.ndarray, counts: np.ndarray, totals: np.ndarray, level: float
) -> None:
    """The interval at *level* of the pooled share answered within each wait, as a band
    (:func:`teletraffic.stats.share_interval`, as every share of calls)."""
    import numpy as np

    from teletraffic.stats import share_interval

    bounds = np.array([share_interval(counts[:, k], totals, level)[1:] for k in range(grid.size)])
    ax.fill_between(
        grid,
        bounds[:, 0],
        bounds[:, 1],
        step="post",
        color=COLORS["answered"],
        alpha=0.2,
        label=f"{100 * level:g}% interval",
    )
