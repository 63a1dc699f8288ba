"""The tables a chart reads, and what it says when a column is missing.

A chart draws from a results table (``SimulationResult.summary`` or ``.calls``, a sweep,
a comparison, a plan's curves) or from a small table built by hand; these find the
columns it needs, or name the missing ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["interval_columns", "require_columns", "scope_rows"]


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
