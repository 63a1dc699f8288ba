"""From each replication's figures to a run's tables: one row per replication, and the
summary of every figure with its interval.

A figure's interval depends on its kind (:func:`interval`): a share of counted events is
pooled over the replications, a time gets a log-scale interval, any other figure a
Student-t interval. The many figures of the last kind (a member of staff's calls and
occupancy: thousands of scopes in a large office) are summed up in one array operation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from teletraffic.metrics import FIGURES, counted_share_of, is_share
from teletraffic.stats import share_interval, t_interval, time_interval
from teletraffic.tally import COUNTS, METRICS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Figures", "figure_table", "interval", "tables"]

Figures = dict[tuple[str, str], float]
"""One replication's figures, keyed ``(metric, scope)``."""

_SHARES = frozenset(name for name in METRICS if is_share(name))
"""Figures that are shares of calls or of time: their intervals end at 1."""
_TIMES = frozenset(name for name in METRICS if name in FIGURES and FIGURES[name].kind == "seconds")
"""Figures that are times in seconds (waits): their intervals are on the log scale."""


def figure_table(results: Sequence[Figures]) -> dict[tuple[str, str], list[float]]:
    """Every figure's values over the replications (a figure a replication lacks: a count
    is 0 there, anything else undefined)."""
    keys: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for figs in results:
        for k in figs:
            if k not in seen:
                seen.add(k)
                keys.append(k)
    return {k: [figs.get(k, 0.0 if k[0] in COUNTS else math.nan) for figs in results] for k in keys}


def tables(results: Sequence[Figures], level: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures of every replication as one table, and their summary with intervals.

    Figures with a plain Student-t interval and a value in every replication (a member
    of staff's calls and occupancy: thousands of scopes in a large office) are summed up
    together, one array operation for them all (:func:`_t_rows`); the others one by one
    (:func:`interval`). Both give the same numbers to the last digit.
    """
    import pandas as pd

    n = len(results)
    # a scope seen in some replications only (an hour reached by a late redial) has no
    # calls in the others: its counts are 0 there, its shares and waits undefined
    table = figure_table(results)
    keys = list(table)
    values = np.array(list(table.values()), dtype=float).reshape(len(keys), n)
    columns = pd.MultiIndex.from_tuples(keys, names=["metric", "scope"])
    reps = pd.DataFrame(values.T, index=pd.RangeIndex(n, name="replication"), columns=columns)
    finite = ~np.isnan(values)
    counted = np.count_nonzero(finite, axis=1)
    mean, lo, hi, std = (np.full(len(keys), math.nan) for _ in range(4))
    bulk = [
        bool(c == n) and metric not in _TIMES and not _pooled(metric, scope, table)
        for (metric, scope), c in zip(keys, counted, strict=True)
    ]
    rows = np.flatnonzero(bulk)
    shares = [keys[i][0] in _SHARES for i in rows]
    mean[rows], lo[rows], hi[rows], std[rows] = _t_rows(values[rows], shares, level)
    for i in np.flatnonzero(~np.asarray(bulk, dtype=bool)):
        metric, scope = keys[i]
        mean[i], lo[i], hi[i] = interval(metric, scope, table, level)
        if counted[i] > 1:
            std[i] = float(pd.Series(values[i][finite[i]]).std(ddof=1))
    summary = pd.DataFrame(
        {
            "metric": [k[0] for k in keys],
            "scope": [k[1] for k in keys],
            "mean": mean,
            "ci_low": lo,
            "ci_high": hi,
            "std": std,
            "n": counted.astype(np.int64),
        }
    )
    return reps, summary


def _pooled(metric: str, scope: str, table: Mapping[tuple[str, str], object]) -> bool:
    """Whether *metric* in *scope* is a share of counted events pooled over replications."""
    whole = counted_share_of(metric)
    return whole is not None and (whole, scope) in table


def _t_rows(
    values: np.ndarray, shares: Sequence[bool], level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(mean, low, high, std)`` of each row of *values* (no NaN; one row a figure),
    as :func:`interval` gives them for a figure with a Student-t interval.

    The same operations as :func:`~teletraffic.stats.t_interval` on one row (a sum along
    the row, the squared deviations from the mean summed, ``scipy.stats.t.interval``),
    on every row at once; *shares* marks the rows that are shares of time (kept at or
    below 1). With one replication the interval and the spread are undefined (NaN).
    """
    n = values.shape[1]
    mean = values.sum(axis=1) / n
    if n == 1:
        nan = np.full(len(mean), math.nan)
        return mean, nan, nan.copy(), nan.copy()
    std = np.sqrt(((values - mean[:, None]) ** 2).sum(axis=1) / (n - 1))
    sem = std / math.sqrt(n)
    lo, hi = mean.copy(), mean.copy()
    spread = sem != 0.0
    if spread.any():
        from scipy import stats

        lo[spread], hi[spread] = stats.t.interval(level, n - 1, loc=mean[spread], scale=sem[spread])
    lowest, highest = values.min(axis=1), values.max(axis=1)
    lo = np.where((lowest >= 0.0) & (lo < 0.0), 0.0, lo)
    hi = np.where(
        (lowest >= 0.0) & np.asarray(shares, dtype=bool) & (highest <= 1.0) & (hi > 1.0), 1.0, hi
    )
    return mean, lo, hi, std


def interval(
    metric: str,
    scope: str,
    table: Mapping[tuple[str, str], Sequence[float] | np.ndarray],
    level: float,
) -> tuple[float, float, float]:
    """``(estimate, low, high)`` of *metric* in *scope* from the replications' values.

    A share of counted events (``p_busy`` of inbound attempts, ``p_caller_lost`` of
    callers...) is pooled over the replications, with the interval of
    :func:`~teletraffic.stats.share_interval`; a time (a mean wait, a wait percentile)
    is the mean of the replications with the log-scale interval of
    :func:`~teletraffic.stats.time_interval`; any other figure is the mean of the
    replications with a Student-t interval, kept where its values can be (a count at or
    above 0, a share of time at or below 1).
    """
    values = table[(metric, scope)]
    whole = counted_share_of(metric)
    if whole is not None and (whole, scope) in table:
        totals = np.asarray(table[(whole, scope)], dtype=float)
        shares = np.asarray(values, dtype=float)
        # a replication with none of the whole has an undefined share and counts 0
        counts = np.rint(np.where(totals > 0, np.nan_to_num(shares) * totals, 0.0))
        return share_interval(counts, totals, level)
    if metric in _TIMES:
        return time_interval(values, level)
    mean, lo, hi = t_interval(values, level)
    finite = [v for v in values if not math.isnan(v)]
    if finite and min(finite) >= 0.0:
        lo = max(lo, 0.0)
        if metric in _SHARES and max(finite) <= 1.0:
            hi = min(hi, 1.0)
    return mean, lo, hi
