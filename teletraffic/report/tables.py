"""The report's tables: key figures per line, department and overall; costs a month.

Each figure is the mean over replications with its confidence interval below it,
clipped to what the figure can be (no negative counts, no share above 100%).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teletraffic.report.figures import Figures, per_period
from teletraffic.report.markup import escape
from teletraffic.text import count, is_missing, percent, seconds

if TYPE_CHECKING:
    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["cost_table", "key_table"]


def _scope_label(scope: str) -> str:
    if scope == "all":
        return "All calls"
    kind, _, name = scope.partition(":")
    return {
        "line": "Line",
        "department": "Department",
        "stream": "Callers",
        "number": "Number",
    }.get(kind, kind.capitalize()) + f" {name}"


def _cell_value(metric: str, value: float, per: float) -> str:
    if is_missing(value):
        return "-"
    if metric == "offered":
        return count(value / per)
    if "wait" in metric:
        return seconds(value)
    return percent(value)


def key_table(scenario: Scenario, result: SimulationResult) -> str:
    """The key figures per line, department and overall, each with its interval."""
    f = Figures(result.summary)
    per, unit = per_period(scenario)
    scopes = [s for s in f.scopes if s == "all" or s.startswith(("line:", "department:"))]
    from teletraffic.metrics import label as plain

    columns = [
        (m, plain(m))
        for m in ("p_busy", "p_queue_full", "p_abandon", "p_not_answered", "mean_wait", "p90_wait")
    ]
    columns = [
        ("offered", f"{plain('offered')} {unit}"),
        *columns,
        ("service_level", f"{plain('service_level')} ({scenario.answer_time:g} s)"),
        ("occupancy", f"{plain('staff_occupancy')} / {plain('channel_occupancy')}"),
    ]

    def metric_of(metric: str, scope: str) -> str:
        if metric != "occupancy":
            return metric
        return "channel_occupancy" if scope.startswith("line:") else "staff_occupancy"

    keep = []
    for metric, label in columns:
        values = [f.mean(metric_of(metric, s), s) for s in scopes]
        if all(is_missing(v) or v == 0 for v in values):
            continue
        keep.append((metric, label))
    head = "".join(f"<th>{escape(label)}</th>" for _, label in keep)
    body = []
    for scope in scopes:
        cells = [f"<td>{escape(_scope_label(scope))}</td>"]
        for metric, _ in keep:
            m = metric_of(metric, scope)
            value = f.mean(m, scope)
            lo, hi = f.interval(m, scope)
            # counts, shares and waits cannot be negative (nor shares above 100%),
            # though a t-interval of few runs may reach past the bound
            lo = max(lo, 0.0)
            if metric.startswith("p_") or metric in ("service_level", "occupancy"):
                hi = min(hi, 1.0)
            text = escape(_cell_value(metric, value, per))
            if not (is_missing(value) or is_missing(lo) or is_missing(hi)) and hi > lo:
                text += (
                    f"<small>{escape(_cell_value(metric, lo, per))} to "
                    f"{escape(_cell_value(metric, hi, per))}</small>"
                )
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="figures"><thead><tr><th>part</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f'<p class="note">Each figure is the mean over {len(result.replications)} runs; '
        f"below it, its {100 * result.level:g}% confidence interval. Shares are of the "
        "incoming call attempts; load is the share of time the line's channels or the "
        "department's people are in use.</p>"
    )


def cost_table(money: dict[str, float], currency: str) -> str:
    """The mean monthly cost by part: lines and PBX, minutes, staff, lost calls, total."""
    rows = [
        ("Lines and PBX (fixed)", money.get("fixed")),
        ("Call minutes", money.get("usage")),
        ("Staff", money.get("staff")),
        ("Lost calls (business not won)", money.get("lost_calls")),
        ("Total", money.get("total")),
    ]
    body = "".join(
        f"<tr><td>{escape(label)}</td><td>{escape(f'{value:,.0f} {currency}')}</td></tr>"
        for label, value in rows
        if value is not None and not is_missing(value) and (value != 0 or label == "Total")
    )
    return (
        f"<table><thead><tr><th>a month</th><th>mean</th></tr></thead><tbody>{body}</tbody></table>"
    )
