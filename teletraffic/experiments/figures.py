"""The figures experiments report, per replication: key figures and monthly cost items.

Compare, sweep and plan all read a simulation the same way: the ``all`` scope of the
:data:`KEY_FIGURES` and the monthly cost items of :func:`teletraffic.costs.monthly_costs`,
one value per replication, so that intervals and paired differences can be computed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from teletraffic.costs import (
    COST_ITEMS,
)
from teletraffic.errors import InputError
from teletraffic.runner import SimulationResult

__all__ = ["COST_FIGURES", "KEY_FIGURES", "figure_intervals"]

KEY_FIGURES: tuple[str, ...] = (
    "offered",
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "p_not_answered",
    "p_caller_lost",
    "service_level",
    "mean_wait",
    "staff_occupancy",
)
"""Figures (scope ``all``) that compare, sweep and plan report."""
COST_FIGURES: tuple[str, ...] = tuple(f"monthly_{item}" for item in COST_ITEMS)
"""Monthly cost items, as figures: monthly_fixed, ..._usage, ..._lost_calls, ..._staff,
..._total."""


def _check_level(level: float) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InputError(f"level must be between 0 and 1, got {level!r}")
    return float(level)


def _vectors(
    result: SimulationResult, costs: pd.DataFrame, figures: Sequence[str]
) -> dict[str, np.ndarray]:
    """Per-replication values of each figure (NaN where a replication lacks it)."""
    reps = result.replications
    out: dict[str, np.ndarray] = {}
    for metric in figures:
        if metric.startswith("monthly_"):
            out[metric] = costs[metric.removeprefix("monthly_")].to_numpy(dtype=float)
        elif (metric, "all") in reps.columns:
            out[metric] = reps[(metric, "all")].to_numpy(dtype=float)
        else:
            out[metric] = np.full(len(reps), math.nan)
    return out


def figure_intervals(
    result: SimulationResult, costs: pd.DataFrame, figures: Sequence[str], level: float
) -> dict[str, tuple[float, float, float]]:
    """``metric -> (estimate, low, high)`` for *figures* in scope ``all``.

    A simulated figure has the result's own estimate and interval (a share of calls
    pooled over the replications, see :func:`teletraffic.stats.share_interval`); money,
    one value per replication, has the Student-t interval of its mean, at or above 0
    where no replication went below.
    """
    from teletraffic.stats import t_interval

    vectors = _vectors(result, costs, figures)
    reps = result.replications
    out: dict[str, tuple[float, float, float]] = {}
    for metric in figures:
        if not metric.startswith("monthly_") and (metric, "all") in reps.columns:
            low, high = result.ci(metric, "all", level)
            out[metric] = (result.value(metric, "all"), low, high)
            continue
        mean, low, high = t_interval(vectors[metric], level)
        finite = vectors[metric][~np.isnan(vectors[metric])]
        if finite.size and finite.min() >= 0.0 and math.isfinite(low):
            low = max(low, 0.0)
        out[metric] = (mean, low, high)
    return out
