"""The summary of many scopes at once gives, to the last digit, what each scope alone gives.

:func:`teletraffic.summary.tables` sums up the figures with a plain Student-t interval
(a member of staff's calls and occupancy, thousands of them in a large office) in one
array operation; every other figure goes through :func:`teletraffic.summary.interval`
one by one. These tests hold the array path to the one-by-one one on random tables.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from teletraffic.summary import Figures, figure_table, interval, tables

SCOPES = ("all", "department:desk", "staff:desk/1", "staff:desk/2", "line:main")
METRICS = (
    "offered",  # a count
    "p_busy",  # a share of counted events, pooled
    "answered",  # a count, t interval
    "staff_occupancy",  # a share of time, t interval kept within [0, 1]
    "mean_wait",  # a time, log-scale interval
    "busy_channels",  # a level, t interval
)


def _random_results(n: int, seed: int) -> list[Figures]:
    """*n* replications of figures in every metric and scope, some NaN, some all equal."""
    rng = np.random.default_rng(seed)
    out: list[Figures] = []
    for _ in range(n):
        figs: Figures = {}
        for scope in SCOPES:
            offered = float(rng.integers(0, 5000))
            figs[("offered", scope)] = offered
            figs[("p_busy", scope)] = float(rng.integers(0, 50)) / offered if offered else math.nan
            figs[("answered", scope)] = float(rng.integers(0, 10**6))
            figs[("staff_occupancy", scope)] = float(rng.choice([rng.random(), 1.0, 0.0]))
            figs[("mean_wait", scope)] = float(rng.exponential(30.0))
            figs[("busy_channels", scope)] = float(rng.normal(0.5, 1.0))
        figs[("answered", "staff:desk/3")] = 7.0  # the same in every replication
        figs[("staff_occupancy", "staff:desk/3")] = 0.999999 + 1e-7 * rng.random()
        if rng.random() < 0.5:  # undefined in some replications only
            figs[("mean_wait", "hour:09")] = math.nan
        out.append(figs)
    return out


def _one_by_one(results: list[Figures], level: float) -> pd.DataFrame:
    """The summary as computed scope by scope (the reference)."""
    table = figure_table(results)
    rows = []
    for (metric, scope), values in table.items():
        mean, lo, hi = interval(metric, scope, table, level)
        finite = [v for v in values if not math.isnan(v)]
        std = float(pd.Series(finite).std(ddof=1)) if len(finite) > 1 else math.nan
        rows.append((metric, scope, mean, lo, hi, std, len(finite)))
    return pd.DataFrame(rows, columns=["metric", "scope", "mean", "ci_low", "ci_high", "std", "n"])


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 20, 130])
def test_array_summary_is_the_one_by_one_summary_to_the_last_digit(n: int) -> None:
    results = _random_results(n, seed=n)
    for level in (0.95, 0.99):
        reps, summary = tables(results, level)
        expected = _one_by_one(results, level)
        pd.testing.assert_frame_equal(summary, expected, check_exact=True)
        # every float the same bits, NaN where NaN (assert_frame_equal allows -0.0 == 0.0)
        for col in ("mean", "ci_low", "ci_high", "std"):
            got, want = summary[col].to_numpy(), expected[col].to_numpy()
            assert got.tobytes() == want.tobytes(), col
        assert reps.shape == (n, len(expected))
        assert list(reps.columns) == list(zip(expected["metric"], expected["scope"], strict=True))


def test_the_array_path_takes_the_staff_scopes() -> None:
    """The staff scopes (t interval, a value every replication) go the array way: a
    broken array path would show in the test above, not be skipped by it."""
    import teletraffic.summary as summary_module

    results = _random_results(5, seed=1)
    seen: list[int] = []
    real = summary_module._t_rows

    def spy(values: np.ndarray, shares: list[bool], level: float) -> tuple[np.ndarray, ...]:
        seen.append(len(values))
        return real(values, shares, level)

    summary_module._t_rows = spy  # type: ignore[assignment]
    try:
        tables(results, 0.95)
    finally:
        summary_module._t_rows = real
    # every figure but the pooled share and the wait, in each scope; and desk/3's two
    assert seen == [5 * len(SCOPES) + 2]
