"""Callers lost in an hour are a share of the callers of that hour.

A caller who redials can try again in a later hour than their first attempt. The hour's
callers (the denominator of ``p_caller_lost``) count each caller once, in the hour of
their first attempt; the callers lost (the numerator) must count them in that same hour,
or a quiet hour after a busy one collects the losses of the busy hour and its share of
callers lost passes 100%.
"""

from __future__ import annotations

from typing import Any

from teletraffic.runner import simulate
from teletraffic.scenario import scenario_from_dict

HOURS = ("hour:09", "hour:10", "hour:11")


def _busy_then_quiet() -> dict[str, Any]:
    """One line, 30 callers in the first hour and one in each next hour; long calls, and
    every caller who hears busy tries again 20 minutes later, up to 5 times: most of the
    first hour's callers end (and are lost) in the next two hours."""
    return {
        "name": "busy hour, then quiet ones",
        "period": {"days": 2, "open": "09:00", "close": "12:00"},
        "lines": [{"name": "city", "kind": "landline", "numbers": ["100"]}],
        "traffic": [
            {
                "name": "clients",
                "dial": "100",
                "calls_per_hour": {"09": 30, "10": 1, "11": 1},
                "talk": "10m",
                "redial": {"probability": 1.0, "after": "20m", "max_attempts": 5},
            }
        ],
        "departments": [{"name": "desk", "staff": 1}],
    }


def test_callers_lost_in_an_hour_are_a_share_of_that_hours_callers() -> None:
    result = simulate(scenario_from_dict(_busy_then_quiet()), replications=2, seed=1)
    for hour in HOURS:
        callers = result.value("callers", hour)
        lost = result.value("lost_callers", hour)
        assert 0 <= lost <= callers, (hour, lost, callers)
        assert 0.0 <= result.value("p_caller_lost", hour) <= 1.0, hour
    # the busy hour's callers are the ones lost (in its own hour, not the next ones)
    assert result.value("lost_callers", "hour:09") > result.value("lost_callers", "hour:10")


def test_the_hours_add_up_to_the_whole_day() -> None:
    result = simulate(scenario_from_dict(_busy_then_quiet()), replications=2, seed=1)
    for figure in ("callers", "lost_callers"):
        hours = sum(result.value(figure, hour) for hour in HOURS)
        assert hours == result.value(figure, "all"), figure
