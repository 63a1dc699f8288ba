"""The plan section: a capacity plan's answer, its shortlist and its charts.

Reads a :class:`teletraffic.experiments.Plan` as a plain object (``targets``,
``bounds``, ``best``, ``explanation()``, ``shortlist()`` or ``candidates``,
``curves``), so this module does not import the experiments.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from teletraffic.plots.plans import (
    KIND_WORDS,
    city_numbers,
    plan_rows,
    plan_setups,
    short_setup,
    sim_or_formula,
)
from teletraffic.report.markup import escape, figure, png
from teletraffic.text import is_missing, money_estimate, percent

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["plan_section", "plan_sentence"]


def _plan_table(rows: list[dict[str, Any]], currency: str) -> str:
    pbx = any(str(r.get("pbx", "none")) != "none" for r in rows)
    heads = ["set-up", "hear busy"]
    if pbx:
        heads += ["answered in time", "hang up on hold"]
    heads += ["cost a month", "meets the target"]
    body = []
    for r in rows:
        cells = [str(r.get("label", short_setup(r)))]
        metrics = ["p_busy", *(["service_level", "p_abandon"] if pbx else [])]
        for metric in metrics:
            value, lo, hi, simulated = sim_or_formula(r, metric)
            text = escape(percent(value))
            if simulated and not (is_missing(lo) or is_missing(hi)):
                text += f"<small>{escape(percent(lo))} to {escape(percent(hi))}</small>"
            elif not simulated:
                text += "<small>formula</small>"
            cells.append(text)
        cost, _, _, _ = sim_or_formula(r, "monthly_total")
        cells.append(escape("-" if is_missing(cost) else f"{cost:,.0f} {currency}"))
        verdict = "yes" if r.get("meets_targets") else "no"
        if r.get("recommended"):
            verdict = "<strong>yes: recommended</strong>"
        cells.append(verdict)
        first = f"<td>{escape(cells[0])}</td>"
        body.append("<tr>" + first + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    return (
        f'<table class="plan"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        '</table><p class="note">Simulated figures with their interval where the set-up was '
        "simulated; otherwise the formulas' estimate. Costs include lost calls.</p>"
    )


def plan_sentence(plan: Any, currency: str) -> str:
    """The plan's answer in one sentence, for the summary at the top."""
    targets = getattr(plan, "targets", None) or {}
    bounds = getattr(plan, "bounds", None)
    wanted = []
    if bounds is not None:
        wanted.append(bounds.describe())
    elif targets.get("busy") is not None and not targets.get("busy_implied"):
        wanted.append(f"at most {percent(targets['busy'])} hear busy")
    if bounds is None and targets.get("answer") is not None:
        share, seconds = targets["answer"]
        wanted.append(f"at least {percent(share)} answered within {seconds:g} s")
    if bounds is None and targets.get("abandon") is not None:
        joint = "and " if targets.get("abandon_implied") else ""
        wanted.append(f"{joint}at most {percent(targets['abandon'])} hang up on hold")
    if bounds is None and targets.get("busy") is not None and targets.get("busy_implied"):
        wanted.append(f"and at most {percent(targets['busy'])} hear busy")
    goal = f" ({', '.join(wanted)})" if wanted else ""
    best = getattr(plan, "best", None)
    if best is None:
        return f"No set-up on the tariff menu meets the target{goal}; see the plan below."
    label = str(getattr(best, "label", "the set-up below"))
    cost = getattr(best, "cost", math.nan)
    text = f"Plan: the cheapest set-up that meets the target{goal} is {label}"
    if not is_missing(cost):
        text += f", about {money_estimate(cost, currency)} a month with its people and lost callers"
    return text + "."


def plan_section(plan: Any, currency: str) -> str:
    """A capacity plan (:func:`teletraffic.experiments.plan`) as text, table and charts."""
    parts: list[str] = ["<h2>Plan: the cheapest set-up that meets the target</h2>"]
    explain = getattr(plan, "explanation", None)
    if callable(explain):
        paras = [p.strip() for p in str(explain()).splitlines() if p.strip()]
        parts.append(
            '<div class="minute">' + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</div>"
        )
    rows = plan_rows(plan)
    if rows:
        parts.append(_plan_table(rows, currency))
        parts.append(_compared_figure(rows, currency))
    curves = getattr(plan, "curves", None)
    targets = getattr(plan, "targets", None) or {}
    if curves is not None and len(curves) and {"setup", "size", "p_busy"} <= set(curves.columns):
        kinds = [k for k in KIND_WORDS if k in set(curves["setup"])]
        if kinds:
            parts.append(_curves_figure(curves, kinds, targets.get("busy")))
    singles = city_numbers(plan)
    if singles is not None:
        parts.append(_numbers_figure(singles, currency))
    return "\n".join(parts)


def _compared_figure(rows: list[dict[str, Any]], currency: str) -> str:
    """The first set-ups of the plan compared: callers lost and monthly cost."""
    from teletraffic import plots

    table, mark = plan_setups(rows)
    return figure(
        png(
            lambda ax: plots.compare_setups(table, currency=currency, highlight=mark, ax=ax),
            (9.5, 4.6),
        ),
        "The set-ups of the plan compared",
        "The first set-ups of the table: share of callers who hear busy, who hang up "
        "on hold, and the monthly cost including lost calls.",
    )


def _curves_figure(curves: pd.DataFrame, kinds: list[str], busy_target: float | None) -> str:
    """Busy signals by number of lines or channels, one line per kind of set-up."""
    from teletraffic import plots

    return figure(
        png(
            lambda ax: plots.plan_curves(
                curves, target=busy_target, labels=KIND_WORDS, kinds=kinds, ax=ax
            )
        ),
        "Busy signals by number of lines, per kind of set-up",
        "How the share of callers who hear busy falls as numbers or channels are "
        "added (formulas). Separate numbers fall slowly: a caller to a busy "
        "number hears busy even when another number is free.",
    )


def _numbers_figure(singles: pd.DataFrame, currency: str) -> str:
    """What separate city numbers cost a month, by number of them."""
    from teletraffic import plots

    return figure(
        png(lambda ax: plots.cost_by_numbers(singles, currency=currency, ax=ax)),
        "Cost a month of separate city numbers",
        "What 'just buy more numbers' costs a month (formulas): each number adds its "
        "subscription, while the lost calls shrink only slowly.",
    )
