"""Reading a result for the report: figures by (metric, scope), calls by hour, costs.

The report reads the simulation's tables (:class:`~teletraffic.runner.SimulationResult`)
and the monthly costs (:func:`teletraffic.costs.monthly_costs`) through these, so every
section finds a figure the same way and a figure that is not there reads as NaN.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["Figures", "costs_of", "hour_counts", "mean_costs", "per_period"]


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


def hour_counts(result: SimulationResult) -> pd.DataFrame:
    """Calls and answered calls per ``hour:HH`` scope, averaged over *all* replications.

    A replication without a call in some hour (say 18:00, reached only by a late redial)
    has no figures for it; for counts that means zero, so the mean is taken with those
    replications counted as zero, not left out as the summary's mean does.
    """
    import pandas as pd

    reps = result.replications
    wanted = ("inbound", "offered", "answered")
    columns: list[tuple[str, str]] = [
        (str(c[0]), str(c[1]))
        for c in reps.columns
        if isinstance(c, tuple) and str(c[1]).startswith("hour:") and c[0] in wanted
    ]
    if columns:
        rows = [
            {"metric": m, "scope": sc, "mean": float(reps[(m, sc)].fillna(0.0).mean())}
            for m, sc in columns
        ]
        return pd.DataFrame(rows, columns=["metric", "scope", "mean"])
    s = result.summary
    keep = s["scope"].astype(str).str.startswith("hour:") & s["metric"].isin(wanted)
    return s.loc[keep, ["metric", "scope", "mean"]].reset_index(drop=True)


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
