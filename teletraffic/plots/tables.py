"""The tables a chart reads, and what it says when a column is missing.

A chart draws from a results table (``SimulationResult.summary`` or ``.calls``, a sweep,
a comparison, a plan's curves) or from a small table built by hand; these find the
columns it needs, or name the missing ones. A chart handed the object the user holds
(a :class:`~teletraffic.runner.SimulationResult`, a
:class:`~teletraffic.experiments.Comparison`) reads the right table from it.

The result types are recognised without importing their modules: an object can only
be a ``SimulationResult`` once :mod:`teletraffic.runner` is loaded, so a chart drawn
from a table built by hand loads neither the engine nor the experiments.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.experiments import Comparison, Plan
    from teletraffic.runner import SimulationResult

__all__ = [
    "calls_table",
    "hour_counts",
    "interval_columns",
    "is_comparison",
    "is_plan",
    "is_result",
    "not_a_table",
    "require_columns",
    "scope_rows",
    "summary_table",
    "table_only",
]


def _instance(data: object, module: str, name: str) -> bool:
    """Whether *data* is a *module*.*name*; False, without importing it, when not loaded."""
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(data, cls)


def is_result(data: object) -> TypeGuard[SimulationResult]:
    """Whether *data* is a :class:`~teletraffic.runner.SimulationResult`."""
    return _instance(data, "teletraffic.runner", "SimulationResult")


def is_comparison(data: object) -> TypeGuard[Comparison]:
    """Whether *data* is a :class:`~teletraffic.experiments.Comparison`."""
    return _instance(data, "teletraffic.experiments", "Comparison")


def is_plan(data: object) -> TypeGuard[Plan]:
    """Whether *data* is a :class:`~teletraffic.experiments.Plan`."""
    return _instance(data, "teletraffic.experiments", "Plan")


def not_a_table(what: str, wanted: str, data: object) -> TypeError:
    """The error for a chart handed something it cannot draw: what it draws, what it got."""
    return TypeError(f"{what} draws {wanted}; got a {type(data).__name__}")


def _is_frame(data: object) -> bool:
    frame = getattr(sys.modules.get("pandas"), "DataFrame", None)
    return isinstance(frame, type) and isinstance(data, frame)


def table_only(data: object, what: str, wanted: str) -> pd.DataFrame:
    """*data* when it is a table; otherwise the error saying what *what* draws."""
    if _is_frame(data):
        return data  # type: ignore[return-value]
    raise not_a_table(what, wanted, data)


def summary_table(data: pd.DataFrame | SimulationResult, what: str) -> pd.DataFrame:
    """*data* when it is a summary table; a result's ``summary``."""
    if is_result(data):
        return data.summary
    if _is_frame(data):
        return data  # type: ignore[return-value]
    raise not_a_table(
        what, "a summary table (SimulationResult.summary) or a SimulationResult", data
    )


def calls_table(data: pd.DataFrame | SimulationResult, what: str) -> pd.DataFrame:
    """*data* when it is a call log; a result's ``calls``, which it must have."""
    if is_result(data):
        if data.calls is None:
            raise ValueError(
                f"{what} needs the call log, and this result has none: "
                "simulate(scenario, call_log=True) keeps it"
            )
        return data.calls
    if _is_frame(data):
        return data  # type: ignore[return-value]
    raise not_a_table(what, "a call log (SimulationResult.calls) or a SimulationResult", data)


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


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} needs the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)}; it has {', '.join(map(repr, frame.columns))}"
        )


def interval_columns(
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


def scope_rows(summary: pd.DataFrame, prefix: str) -> pd.DataFrame:
    require_columns(summary, ["metric", "scope", "mean"], "a summary table")
    return summary[summary["scope"].astype(str).str.startswith(prefix)]
