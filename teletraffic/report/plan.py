"""The plan section: a capacity plan's answer, its shortlist and its charts.

Reads a :class:`teletraffic.experiments.Plan` as a plain object (``targets``,
``bounds``, ``best``, ``explanation()``, ``shortlist()`` or ``candidates``,
``curves``), so this module does not import the experiments.
"""

from __future__ import annotations

import math
from typing import Any

from teletraffic.report.markup import escape, figure, png
from teletraffic.report.words import as_money, as_percent, is_missing

__all__ = ["KIND_WORDS", "plan_section", "plan_sentence"]

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


def _short_setup(row: dict[str, Any]) -> str:
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


def _sim_or_formula(row: dict[str, Any], metric: str) -> tuple[float, float, float, bool]:
    """``(value, low, high, simulated)``: the simulated figure where there is one.

    Where an exact formula decided (``exact``), its value is shown with the simulated
    interval beside it."""
    sim = row.get(f"sim_{metric}")
    formula = row.get(metric)
    if row.get("exact") and formula is not None and not is_missing(float(formula)):
        low = float(row.get(f"sim_{metric}_low", math.nan)) if row.get("simulated") else math.nan
        high = float(row.get(f"sim_{metric}_high", math.nan)) if row.get("simulated") else math.nan
        return float(formula), low, high, bool(row.get("simulated"))
    if row.get("simulated") and sim is not None and not is_missing(float(sim)):
        return (
            float(sim),
            float(row.get(f"sim_{metric}_low", math.nan)),
            float(row.get(f"sim_{metric}_high", math.nan)),
            True,
        )
    return float(row.get(metric, math.nan)), math.nan, math.nan, False


def _plan_rows(plan: Any) -> list[dict[str, Any]]:
    shortlist = getattr(plan, "shortlist", None)
    frame = shortlist() if callable(shortlist) else getattr(plan, "candidates", None)
    if frame is None or len(frame) == 0:
        return []
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]


def _plan_table(rows: list[dict[str, Any]], currency: str) -> str:
    pbx = any(str(r.get("pbx", "none")) != "none" for r in rows)
    heads = ["set-up", "hear busy"]
    if pbx:
        heads += ["answered in time", "hang up on hold"]
    heads += ["cost a month", "meets the target"]
    body = []
    for r in rows:
        cells = [str(r.get("label", _short_setup(r)))]
        metrics = ["p_busy", *(["service_level", "p_abandon"] if pbx else [])]
        for metric in metrics:
            value, lo, hi, simulated = _sim_or_formula(r, metric)
            text = escape(as_percent(value))
            if simulated and not (is_missing(lo) or is_missing(hi)):
                text += f"<small>{escape(as_percent(lo))} to {escape(as_percent(hi))}</small>"
            elif not simulated:
                text += "<small>formula</small>"
            cells.append(text)
        cost, _, _, _ = _sim_or_formula(r, "monthly_total")
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


def _with_recommended(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The first *n* rows, the recommended one among them."""
    first = rows[:n]
    best = [r for r in rows if r.get("recommended")]
    if best and best[0] not in first:
        first = [*first[: n - 1], best[0]]
    return first


def plan_sentence(plan: Any, currency: str) -> str:
    """The plan's answer in one sentence, for the summary at the top."""
    targets = getattr(plan, "targets", None) or {}
    bounds = getattr(plan, "bounds", None)
    wanted = []
    if bounds is not None:
        wanted.append(bounds.describe())
    elif targets.get("busy") is not None and not targets.get("busy_implied"):
        wanted.append(f"at most {as_percent(targets['busy'])} hear busy")
    if bounds is None and targets.get("answer") is not None:
        share, seconds = targets["answer"]
        wanted.append(f"at least {as_percent(share)} answered within {seconds:g} s")
    if bounds is None and targets.get("abandon") is not None:
        joint = "and " if targets.get("abandon_implied") else ""
        wanted.append(f"{joint}at most {as_percent(targets['abandon'])} hang up on hold")
    if bounds is None and targets.get("busy") is not None and targets.get("busy_implied"):
        wanted.append(f"and at most {as_percent(targets['busy'])} hear busy")
    goal = f" ({', '.join(wanted)})" if wanted else ""
    best = getattr(plan, "best", None)
    if best is None:
        return f"No set-up on the tariff menu meets the target{goal}; see the plan below."
    label = str(getattr(best, "label", "the set-up below"))
    cost = getattr(best, "cost", math.nan)
    text = f"Plan: the cheapest set-up that meets the target{goal} is {label}"
    if not is_missing(cost):
        text += f", about {as_money(cost, currency)} a month with its people and lost callers"
    return text + "."


def plan_section(plan: Any, currency: str) -> str:
    """A capacity plan (:func:`teletraffic.experiments.plan`) as text, table and charts."""
    import pandas as pd

    from teletraffic import plots

    parts: list[str] = ["<h2>Plan: the cheapest set-up that meets the target</h2>"]
    explain = getattr(plan, "explanation", None)
    if callable(explain):
        paras = [p.strip() for p in str(explain()).splitlines() if p.strip()]
        parts.append(
            '<div class="minute">' + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</div>"
        )
    rows = _plan_rows(plan)
    if rows:
        parts.append(_plan_table(rows, currency))
        table = pd.DataFrame(
            [
                {
                    "setup": _short_setup(r),
                    "p_busy": _sim_or_formula(r, "p_busy")[0],
                    "p_busy_low": _sim_or_formula(r, "p_busy")[1],
                    "p_busy_high": _sim_or_formula(r, "p_busy")[2],
                    "p_abandon": _sim_or_formula(r, "p_abandon")[0],
                    "monthly_cost": _sim_or_formula(r, "monthly_total")[0],
                }
                for r in _with_recommended(rows, 5)
            ]
        )
        best = next((r for r in rows if r.get("recommended")), None)
        mark = _short_setup(best) if best is not None else None
        parts.append(
            figure(
                png(
                    lambda ax: plots.compare_setups(
                        table, currency=currency, highlight=mark, ax=ax
                    ),
                    (9.5, 4.6),
                ),
                "The set-ups of the plan compared",
                "The first set-ups of the table: share of callers who hear busy, who hang up "
                "on hold, and the monthly cost including lost calls.",
            )
        )
    curves = getattr(plan, "curves", None)
    targets = getattr(plan, "targets", None) or {}
    if curves is not None and len(curves) and {"setup", "size", "p_busy"} <= set(curves.columns):
        kinds = [k for k in KIND_WORDS if k in set(curves["setup"])]
        if kinds:
            busy_target = targets.get("busy")
            parts.append(
                figure(
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
            )
    candidates = getattr(plan, "candidates", None)
    everything = [] if candidates is None else candidates.to_dict(orient="records")
    singles = [r for r in everything if r.get("setup") == "city_numbers"]
    if len(singles) > 1 and "monthly_fixed" in singles[0]:
        frame = pd.DataFrame(singles)
        parts.append(
            figure(
                png(lambda ax: plots.cost_by_numbers(frame, currency=currency, ax=ax)),
                "Cost a month of separate city numbers",
                "What 'just buy more numbers' costs a month (formulas): each number adds its "
                "subscription, while the lost calls shrink only slowly.",
            )
        )
    return "\n".join(parts)
