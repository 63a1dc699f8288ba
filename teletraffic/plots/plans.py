"""A plan's tables as the charts read them: its shortlist, its curves, its city numbers.

A :class:`~teletraffic.experiments.Plan` holds one row per candidate set-up, with the
formulas' figures and, where the set-up was simulated, the simulated ones with their
interval. The charts show the simulated figure where there is one, and the formula's
where it is exact or alone; the HTML report's plan section reads the same rows.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "KIND_WORDS",
    "city_numbers",
    "plan_rows",
    "plan_setups",
    "short_setup",
    "sim_or_formula",
]

KIND_WORDS: dict[str, str] = {
    "city_numbers": "separate city numbers",
    "mobile_numbers": "separate mobile numbers",
    "multichannel": "one multichannel line",
    "ip": "IP telephony",
    "multichannel+virtual_pbx": "multichannel line + virtual PBX",
    "multichannel+office_pbx": "multichannel line + office PBX",
    "ip+virtual_pbx": "IP telephony + virtual PBX",
    "ip+office_pbx": "IP telephony + office PBX",
    "office": "the office's own line",
}
"""Each kind of set-up a plan considers, in the words of a chart's legend."""


def short_setup(row: dict[str, Any]) -> str:
    """A plan candidate in a few words, for chart labels: "IP, 6 ch. + virtual PBX, 2 staff"."""
    kind = str(row.get("setup", ""))
    numbers, channels, staff = row.get("numbers"), row.get("channels"), row.get("staff")
    line, _, pbx = kind.partition("+")
    if line in ("city_numbers", "mobile_numbers"):
        word = "city" if line == "city_numbers" else "mobile"
        return f"{numbers} {word} number{'s' if numbers != 1 else ''}"
    if line in ("multichannel", "ip"):
        text = f"{'multichannel' if line == 'multichannel' else 'IP'}, {channels} ch."
        if pbx:
            text += f" + {pbx.replace('_pbx', '')} PBX, {staff} staff"
        return text
    if kind == "office":
        return f"own line, {channels} ch., {staff} staff"
    return str(row.get("label", kind))


def sim_or_formula(row: dict[str, Any], metric: str) -> tuple[float, float, float, bool]:
    """``(value, low, high, simulated)``: the simulated figure where there is one.

    Where an exact formula decided (``exact``), its value is shown with the simulated
    interval beside it."""
    sim = row.get(f"sim_{metric}")
    formula = row.get(metric)
    if row.get("exact") and formula is not None and not math.isnan(float(formula)):
        low = float(row.get(f"sim_{metric}_low", math.nan)) if row.get("simulated") else math.nan
        high = float(row.get(f"sim_{metric}_high", math.nan)) if row.get("simulated") else math.nan
        return float(formula), low, high, bool(row.get("simulated"))
    if row.get("simulated") and sim is not None and not math.isnan(float(sim)):
        return (
            float(sim),
            float(row.get(f"sim_{metric}_low", math.nan)),
            float(row.get(f"sim_{metric}_high", math.nan)),
            True,
        )
    return float(row.get(metric, math.nan)), math.nan, math.nan, False


def plan_rows(plan: Any) -> list[dict[str, Any]]:
    """The plan's shortlist (or, without one, its candidates) as one dict per set-up."""
    shortlist = getattr(plan, "shortlist", None)
    frame = shortlist() if callable(shortlist) else getattr(plan, "candidates", None)
    if frame is None or len(frame) == 0:
        return []
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]


def _with_recommended(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The first *n* rows, the recommended one among them."""
    first = rows[:n]
    best = [r for r in rows if r.get("recommended")]
    if best and best[0] not in first:
        first = [*first[: n - 1], best[0]]
    return first


def plan_setups(rows: list[dict[str, Any]], n: int = 5) -> tuple[pd.DataFrame, str | None]:
    """The first *n* set-ups of *rows* (the recommended one among them) as
    :func:`~teletraffic.plots.compare_setups` reads them, and the recommended one's label."""
    import pandas as pd

    table = pd.DataFrame(
        [
            {
                "setup": short_setup(r),
                "p_busy": sim_or_formula(r, "p_busy")[0],
                "p_busy_low": sim_or_formula(r, "p_busy")[1],
                "p_busy_high": sim_or_formula(r, "p_busy")[2],
                "p_abandon": sim_or_formula(r, "p_abandon")[0],
                "monthly_cost": sim_or_formula(r, "monthly_total")[0],
            }
            for r in _with_recommended(rows, n)
        ]
    )
    best = next((r for r in rows if r.get("recommended")), None)
    return table, (short_setup(best) if best is not None else None)


def city_numbers(plan: Any) -> pd.DataFrame | None:
    """The plan's candidates of separate city numbers, with their monthly costs by part;
    ``None`` when it has fewer than two of them or no costs by part."""
    import pandas as pd

    candidates = getattr(plan, "candidates", None)
    everything = [] if candidates is None else candidates.to_dict(orient="records")
    singles = [r for r in everything if r.get("setup") == "city_numbers"]
    if len(singles) > 1 and "monthly_fixed" in singles[0]:
        return pd.DataFrame(singles)
    return None
