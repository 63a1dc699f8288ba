"""The minute in words: what the figures mean for the business, in a few sentences.

One function per sentence, each built from the figures it names and left out when
they are not there: the callers (busy, hung up, lost business), their waits, the
staff's load, the busiest hour, the monthly cost, and how the figures were obtained.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from teletraffic.plots.tables import hour_counts
from teletraffic.report.figures import Figures, costs_of, mean_costs, per_period
from teletraffic.report.words import setup_words
from teletraffic.text import count, is_missing, money_estimate, percent, plural, seconds

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["BUSY_STAFF", "plain_summary"]

BUSY_STAFF = 0.85
"""Above this share of their time on the phone, people have no slack left."""

_COST_WORDS: tuple[tuple[str, str], ...] = (
    ("fixed", "lines and PBX"),
    ("usage", "call minutes"),
    ("staff", "staff"),
)


def plain_summary(
    scenario: Scenario, result: SimulationResult, *, costs: pd.DataFrame | None = None
) -> list[str]:
    """What the figures mean for the business, in a few plain sentences.

    Built from *result* (means over replications) and *costs*: monthly costs per
    replication with columns ``fixed, usage, lost_calls`` and optionally ``staff,
    total``, as :func:`teletraffic.costs.monthly_costs` returns (and computes, when
    *costs* is omitted). Each string is one paragraph; the last one says how the
    figures were obtained.

    Examples
    --------
    >>> import teletraffic as tt
    >>> scenario = tt.scenario_from_dict({
    ...     "name": "front desk",
    ...     "period": {"hours": 20},
    ...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
    ...     "traffic": [{"name": "clients", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
    ... })
    >>> result = tt.simulate(scenario, replications=2, seed=1)
    >>> sentences = plain_summary(scenario, result)
    >>> sentences[0]  # doctest: +ELLIPSIS
    'With a 3-channel line and no PBX (one phone per line), ...% of callers hear busy. ...'
    >>> sentences[-1].startswith("These are averages over 2 simulated runs of 20 hours")
    True
    """
    if costs is None:
        costs = costs_of(scenario, result)
    f = Figures(result.summary)
    per, unit = per_period(scenario)
    money = mean_costs(costs)
    sentences = (
        _callers_sentence(scenario, f, money, per, unit),
        _wait_sentence(scenario, f),
        _staff_sentence(scenario, f),
        _peak_sentence(result, per, unit),
        _cost_sentence(money, scenario.currency),
    )
    return [*(s for s in sentences if s is not None), _closing_sentence(scenario, result)]


def _callers_sentence(
    scenario: Scenario, f: Figures, money: dict[str, float], per: float, unit: str
) -> str | None:
    """Who hears busy or hangs up, how many calls go unanswered, what that costs."""
    cur = scenario.currency
    inbound = f.mean("inbound")
    if is_missing(inbound):
        inbound = f.mean("offered")
    answered = f.mean("answered")
    missing = is_missing(inbound) or is_missing(answered)
    lost = max(inbound - answered, 0.0) if not missing else math.nan
    p_busy, p_abandon = f.mean("p_busy"), f.mean("p_abandon")
    if not inbound or is_missing(inbound):
        return None
    head = f"With {setup_words(scenario)}, {percent(p_busy)} of callers hear busy"
    if not is_missing(p_abandon) and p_abandon > 0:
        head += f" and {percent(p_abandon)} hang up on hold"
    head += (
        f". Of about {count(inbound / per)} calls {unit}, about {count(lost / per)} go unanswered"
    )
    # A caller who hears busy and redials is lost business only if no try gets
    # through: the simulation counts those callers (lost_callers).
    gone = f.mean("lost_callers")
    redials = any(s.redial is not None for s in scenario.traffic)
    if redials and not is_missing(gone):
        head += (
            f"; some of them try again later, and about {count(gone / per)} "
            f"{plural(round(gone / per), 'caller')} {unit} never get through"
        )
    value = money.get("lost_calls")
    if value is not None and value > 0 and scenario.lost_call_value:
        head += (
            f". Lost business: about {money_estimate(value, cur)} a month (at "
            f"{money_estimate(scenario.lost_call_value, cur)} a lost caller)"
        )
    return head + "."


def _wait_sentence(scenario: Scenario, f: Figures) -> str | None:
    """How long callers waited, and how many were answered in time."""
    mean_wait = f.mean("mean_wait")
    if is_missing(mean_wait) or mean_wait <= 0.5:
        return None
    text = (
        f"Callers who got a line waited {seconds(mean_wait)} on average before an "
        f"answer or hanging up; {percent(f.mean('service_level'))} of all callers were "
        f"answered within {scenario.answer_time:g} s"
    )
    p90 = f.mean("p90_wait")
    if not is_missing(p90) and p90 > 0:
        text += f", and 1 in 10 answered callers waited more than {seconds(p90)}"
    return text + "."


def _staff_sentence(scenario: Scenario, f: Figures) -> str | None:
    """The share of their time each department's people are on the phone."""
    depts = [
        (s.split(":", 1)[1], f.mean("staff_occupancy", s))
        for s in f.with_prefix("department:")
        if not is_missing(f.mean("staff_occupancy", s))
    ]
    if scenario.departments is None or not depts:
        return None
    if len(depts) == 1:
        text = f"Staff are on the phone {percent(depts[0][1])} of their time."
    else:
        text = "Time on the phone: " + ", ".join(f"{n} {percent(o)}" for n, o in depts) + "."
    over = [n for n, o in depts if o > BUSY_STAFF]
    if over:
        text += (
            f" {', '.join(over)} {'has' if len(over) == 1 else 'have'} no slack left: "
            f"above {percent(BUSY_STAFF)} every peak means callers wait or are lost."
        )
    return text


def _peak_sentence(result: SimulationResult, per: float, unit: str) -> str | None:
    """The busiest hour of the day, its calls and the share of them not answered."""
    hourly = Figures(hour_counts(result))
    hours = hourly.with_prefix("hour:")
    if not hours:
        return None
    calls_of = {h: hourly.mean("inbound", h) for h in hours}
    calls_of = {h: (0.0 if is_missing(c) else c) for h, c in calls_of.items()}
    peak = max(calls_of, key=lambda h: calls_of[h])
    if calls_of[peak] <= 0:
        return None
    hh = int(peak.split(":", 1)[1])
    lost_share = 1.0 - hourly.mean("answered", peak) / calls_of[peak]
    text = (
        f"The busiest hour is {hh:02d}:00-{(hh + 1) % 24:02d}:00, with about "
        f"{count(calls_of[peak] / per)} calls {unit}"
    )
    if not is_missing(lost_share):
        text += f"; {percent(max(lost_share, 0.0))} of them are not answered"
    return text + "."


def _cost_sentence(money: dict[str, float], cur: str) -> str | None:
    """What the set-up costs a month, by part, and with the lost calls."""
    if not money:
        return None
    parts = [
        f"{money_estimate(money[k], cur)} for {words}"
        for k, words in _COST_WORDS
        if money.get(k, 0.0) > 0
    ]
    running = sum(money.get(k, 0.0) for k, _ in _COST_WORDS)
    text = f"The set-up costs about {money_estimate(running, cur)} a month"
    if parts:
        text += " (" + ", ".join(parts) + ")"
    if money.get("lost_calls", 0.0) > 0:
        text += f"; with the lost calls, about {money_estimate(money.get('total', math.nan), cur)}"
    return text + "."


def _closing_sentence(scenario: Scenario, result: SimulationResult) -> str:
    """How the figures were obtained: runs, their span, the seed and the interval."""
    n = len(result.replications)
    p = scenario.period
    span = (
        f"{p.days} business {plural(p.days, 'day')}"
        if p.days
        else f"{p.hours:g} hours of steady traffic"
    )
    return (
        f"These are averages over {n} simulated runs of {span} (seed {result.seed}); "
        f"the table below gives the {100 * result.level:g}% interval of each figure."
    )
