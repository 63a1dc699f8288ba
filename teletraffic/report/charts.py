"""The charts of a run: calls by hour, callers answered within a wait, each person's load.

Drawn by :mod:`teletraffic.plots` and embedded as images; a chart whose figures the
run does not have (no call log, no staff, no business hours) is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teletraffic.plots.tables import hour_counts
from teletraffic.report.figures import Figures, per_period
from teletraffic.report.markup import figure, png
from teletraffic.text import is_missing

if TYPE_CHECKING:
    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["run_charts"]


def run_charts(
    scenario: Scenario, result: SimulationResult, service_target: float | None = None
) -> list[str]:
    """The charts of *result* as ``<figure>`` elements; *service_target* marks a target share."""
    from teletraffic import plots

    f = Figures(result.summary)
    per, _ = per_period(scenario)
    out: list[str] = []
    hourly = hour_counts(result)
    if len(hourly):
        out.append(
            figure(
                png(lambda ax: plots.load_by_hour(hourly, days=per, ax=ax)),
                "Calls by hour of the day, answered and lost",
                "Calls in each hour of an average day: answered (blue) and not answered "
                "(red: busy, hung up, rang out). Peaks show when more lines or people pay off.",
            )
        )
    calls = result.calls
    if calls is not None and len(calls) and "wait" in calls.columns:
        answered = calls[calls["outcome"] == "answered"]
        if len(answered) and float(answered["wait"].max()) > 0:
            out.append(
                figure(
                    png(
                        lambda ax: plots.answered_within(
                            calls,
                            answer_time=scenario.answer_time,
                            target=service_target,
                            level=result.level,
                            ax=ax,
                        )
                    ),
                    "Callers answered within a wait",
                    "The share of all callers answered within each wait, with its interval "
                    f"(band); the dashed line is the answer time of {scenario.answer_time:g} s"
                    + (", the dotted one the target share" if service_target else "")
                    + ". The curve stays below 100% by the callers who were never answered.",
                )
            )
    staff = [s for s in f.with_prefix("staff:") if not is_missing(f.mean("staff_occupancy", s))]
    if staff and len(staff) <= 60:
        width = min(8.6 + max(len(staff) - 12, 0) * 0.35, 14.0)
        out.append(
            figure(
                png(lambda ax: plots.staff_occupancy(result.summary, ax=ax), (width, 4.0)),
                "Share of time each person is on the phone",
                "Share of each person's time spent talking and wrapping up, with its "
                "interval. Uneven bars come from who is rung first (the department's "
                "strategy): a linear hunt loads the first person most.",
            )
        )
    return out
