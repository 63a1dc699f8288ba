"""Reading a result for the report: figures by (metric, scope), calls by hour, costs.

The report reads the simulation's tables (:class:`~teletraffic.runner.SimulationResult`)
and the monthly costs (:func:`teletraffic.costs.monthly_costs`) through these, so every
section finds a figure the same way and a figure that is not there reads as NaN. The
calls by hour are read as the charts read them
(:func:`teletraffic.plots.tables.hour_counts`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["Figures", "costs_of", "mean_costs", "per_period"]


class Figures:
    """Quick access to a result's summary: mean and interval by (metric, scope)."""

    def __init__(self, summary: pd.DataFrame) -> None:
        self.rows: dict[tuple[str, str], dict[str, float]] = {}
        for rec in summary.to_dict(orient="records"):
            self.rows[(str(rec["metric"]), str(rec["scope"]))] = {
                "mean": float(rec["mean"]),
                "ci_low": float(rec.get("ci_low", math.nan)),
                "ci_high": float(rec.get("ci_high", math.nan)),
            }
        self.scopes = list(dict.fromkeys(scope for _, scope in self.rows))

    def mean(self, metric: str, scope: str = "all") -> float:
        row = self.rows.get((metric, scope))
        return math.nan if row is None else row["mean"]

    def interval(self, metric: str, scope: str = "all") -> tuple[float, float]:
        row = self.rows.get((metric, scope))
        return (math.nan, math.nan) if row is None else (row["ci_low"], row["ci_high"])

    def with_prefix(self, prefix: str) -> list[str]:
        return [s for s in self.scopes if s.startswith(prefix)]


def per_period(scenario: Scenario) -> tuple[float, str]:
    """How many days (or hours) one replication covers, and the words for one of them."""
    p = scenario.period
    if p.days:
        return float(p.days), "a day"
    return float(p.hours or 1.0), "an hour"


def mean_costs(costs: pd.DataFrame | None) -> dict[str, float]:
    """Mean of each cost column over replications (``fixed, usage, lost_calls, staff, total``)."""
    if costs is None or len(costs) == 0:
        return {}
    out: dict[str, float] = {}
    for col in ("fixed", "usage", "staff", "lost_calls", "total"):
        if col in costs.columns:
            out[col] = float(costs[col].astype(float).mean())
    if "total" not in out and out:
        out["total"] = sum(v for k, v in out.items() if k != "lost_calls") + out.get(
            "lost_calls", 0.0
        )
    return out


def costs_of(scenario: Scenario, result: SimulationResult) -> pd.DataFrame:
    """The monthly costs per replication, from :func:`teletraffic.costs.monthly_costs`."""
    from teletraffic.costs import monthly_costs

    return monthly_costs(scenario, result)
