"""Staff and channel occupancy: busy time on shift / time on shift, never above 1.

Work that runs past closing time (or past the end of a person's shift) is overtime: it
is not in the occupancy, it is reported as ``overtime_minutes``.
"""

from __future__ import annotations

from typing import Any

from teletraffic.engine import run_replication
from teletraffic.runner import layout_of, replicate, simulate
from teletraffic.scenario import scenario_from_dict
from teletraffic.tally import Tally

NINE = 9 * 3600.0


def one_desk(**dept: Any) -> dict[str, Any]:
    return {
        "name": "occupancy",
        "period": {"days": 1, "open": "09:00", "close": "10:00"},
        "lines": [{"name": "city", "kind": "landline", "numbers": ["1"]}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 600},
            }
        ],
        "departments": [{"name": "d", "staff": 1, **dept}],
    }


def run(spec: dict[str, Any], arrivals: list[float]) -> Any:
    scenario = scenario_from_dict(spec)
    tally = Tally(layout_of(scenario), scenario.answer_time)
    return run_replication(scenario, 0, 1, tally, arrivals={"c": arrivals})


def test_a_call_running_past_closing_counts_only_until_closing() -> None:
    # open 09:00-10:00, one person, 10-minute calls, 1-minute wrap-up:
    # 09:30-09:41 all on shift (660 s); 09:55-10:06: 300 s on shift, 360 s overtime
    rep = run(one_desk(wrap_up=60), [NINE + 1800, NINE + 3300])
    assert rep.staff_present_seconds == {"d/1": 3600.0}
    assert rep.staff_busy_seconds == {"d/1": 960.0}
    assert rep.department_counts["d"]["overtime_minutes"] == 6.0
    # the line is held during the talk only: 600 s + 300 s before closing
    assert rep.line_busy_seconds == {"city": 900.0}


def test_a_call_running_past_the_end_of_a_shift_is_overtime() -> None:
    spec = one_desk()
    spec["period"]["close"] = "11:00"
    spec["departments"][0]["shifts"] = {"09": 1, "10": 0}
    rep = run(spec, [NINE + 3300])  # 09:55-10:05, the shift ends at 10:00
    assert rep.staff_present_seconds == {"d/1": 3600.0}
    assert rep.staff_busy_seconds == {"d/1": 300.0}
    assert rep.department_counts["d"]["overtime_minutes"] == 5.0
    assert rep.line_busy_seconds == {"city": 600.0}  # the office is still open


def test_occupancy_figures_of_a_call_past_closing() -> None:
    scenario = scenario_from_dict(one_desk(wrap_up=60))
    figs, _ = replicate(scenario, 0, 1, arrivals={"c": [NINE + 1800, NINE + 3300]})
    assert figs[("staff_occupancy", "staff:d/1")] == 960.0 / 3600.0
    assert figs[("staff_occupancy", "department:d")] == 960.0 / 3600.0
    assert figs[("overtime_minutes", "department:d")] == 6.0
    assert figs[("channel_occupancy", "line:city")] == 0.25
    assert figs[("answered", "staff:d/1")] == 2


HEAVY: dict[str, Any] = {
    # inbound and heavy outbound from the same two people: they are never idle
    "name": "load over 100",
    "period": {"days": 1, "open": "09:00", "close": "18:00"},
    "replications": 5,
    "seed": 1,
    "lines": [{"name": "main", "kind": "multichannel", "numbers": ["100"], "channels": 4}],
    "traffic": [
        {"name": "c", "dial": "100", "calls_per_hour": 30, "talk": "3m"},
        {"name": "o", "from": "requests", "calls_per_hour": 1e6, "talk": "3m"},
    ],
    "pbx": {"kind": "office"},
    "departments": [{"name": "requests", "staff": 2}],
    "routes": {"100": "requests"},
}

QUEUE_AFTER_CLOSING: dict[str, Any] = {
    # every channel taken all day; callers still holding at closing are served after
    "name": "queue after closing",
    "period": {"days": 2, "open": "09:00", "close": "18:00"},
    "replications": 4,
    "seed": 1,
    "lines": [{"name": "main", "kind": "multichannel", "numbers": ["100"], "channels": 6}],
    "traffic": [{"name": "c", "dial": "100", "calls_per_hour": 600, "talk": "5m"}],
    "pbx": {"kind": "virtual", "hold": {}},
    "departments": [{"name": "d", "staff": 1}],
}


def occupancies(result: Any, metric: str) -> list[float]:
    reps = result.replications
    return [float(v) for m, sc in reps.columns if m == metric for v in reps[(m, sc)]]


def test_staff_never_busy_more_than_all_the_time() -> None:
    result = simulate(scenario_from_dict(HEAVY))
    staff = occupancies(result, "staff_occupancy")
    assert len(staff) == 5 * 4  # two members, the department and all, five replications
    assert max(staff) <= 1.0
    assert min(staff) > 0.999  # they dial out again within milliseconds of being free
    assert result.value("overtime_minutes", "department:requests") > 0


def test_channels_and_staff_of_a_queue_served_after_closing_stay_within_1() -> None:
    result = simulate(scenario_from_dict(QUEUE_AFTER_CLOSING))
    assert max(occupancies(result, "channel_occupancy")) <= 1.0
    assert max(occupancies(result, "busy_channels")) <= 6.0
    assert max(occupancies(result, "staff_occupancy")) <= 1.0
    assert result.value("channel_occupancy", "line:main") > 0.99
    assert result.value("overtime_minutes", "department:d") > 5  # callers left at closing
