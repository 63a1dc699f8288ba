"""Rarer paths of a call, pinned by exact event logs and exact levels.

Written against the survivors of a mutation run on teletraffic/engine/ (see
benchmarks/mutation_engine.md): each test fails for a change of the engine that the
other tests let pass. Times are deterministic unless a test is about the random streams,
and then it draws the expected numbers itself from the documented stream keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from replay import office, one_line, replay

from teletraffic.distributions import make_sampler, stream_rng
from teletraffic.engine import run_replication, unsupported_features
from teletraffic.engine.arrivals import arrival_times, segments
from teletraffic.records import CallRecord, Outcome
from teletraffic.runner import layout_of, replicate
from teletraffic.scenario import Scenario, scenario_from_dict
from teletraffic.tally import Tally

Figures = dict[tuple[str, str], float]


def scenario_of(spec: Mapping[str, Any], period: Any = None) -> Scenario:
    base: dict[str, Any] = {"name": "paths", "period": period or {"hours": 10, "warmup": 0}}
    base.update(spec)
    return scenario_from_dict(base)


def figures_and_log(
    spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]], period: Any = None
) -> tuple[Figures, list[CallRecord]]:
    figs, log = replicate(scenario_of(spec, period), 0, 1, keep_log=True, arrivals=arrivals)
    assert log is not None
    return figs, sorted(log, key=lambda r: (r.arrival, r.attempt))


def det(seconds: float) -> dict[str, Any]:
    return {"dist": "deterministic", "mean": seconds}


# ----------------------------------------------------------------------------- channels


def test_callers_who_hang_up_on_hold_give_their_channel_back() -> None:
    """1 person, 3 channels, patience 30 s: a held caller keeps a channel until they go."""
    spec = office(1, 3, hold={}, patience=det(30))
    rows, rep = replay(spec, {"c": [0, 10, 20, 300, 301, 302, 303]})
    assert rows == [
        (0, 1, 0, 100, "answered", "d/1"),
        (10, 1, 30, 0, "abandoned", ""),
        (20, 1, 30, 0, "abandoned", ""),
        (300, 1, 0, 100, "answered", "d/1"),
        (301, 1, 30, 0, "abandoned", ""),
        (302, 1, 30, 0, "abandoned", ""),
        (303, 1, 0, 0, "busy", ""),  # three channels taken: two on hold, one talking
    ]
    assert rep.line_busy_seconds == {"trunk": 100 + 30 + 30 + 100 + 30 + 30}
    assert rep.line_peak == {"trunk": 3}


def test_a_caller_let_go_at_the_maximum_wait_is_unanswered_and_frees_the_queue() -> None:
    spec = office(1, 4, hold={"max_callers": 1, "max_wait": 20})
    rows, rep = replay(spec, {"c": [0, 10, 15, 40, 45]})
    # 10 holds (the queue's one place), 15 finds it full; 10 is let go at 30, so 40
    # holds again and 45 finds the queue full
    assert [r[4] for r in rows] == [
        "answered",
        "unanswered",
        "queue_full",
        "unanswered",
        "queue_full",
    ]
    assert [r[2] for r in rows] == [0, 20, 0, 20, 0]
    assert rep.line_busy_seconds == {"trunk": 100 + 20 + 20}


# ----------------------------------------------------------------------------- transfers


def chain(**first: Any) -> dict[str, Any]:
    """requests -> support -> accounting, everyone passing every call on."""
    return {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)}],
        "pbx": {"kind": "office", "hold": {}},
        "departments": [
            {"name": "requests", "staff": 1, **first},
            {"name": "support", "staff": 1, "answers": "transferred"},
            {"name": "accounting", "staff": 1, "answers": "transferred"},
        ],
        "routes": {"1": "requests"},
        "transfers": [
            {"from": "requests", "to": "support", "share": 1.0, "talk": det(150)},
            {"from": "support", "to": "accounting", "share": 1.0, "talk": det(30)},
        ],
    }


def test_a_chain_of_transfers_adds_up_waits_and_talks() -> None:
    figs, log = figures_and_log(chain(), {"c": [0, 10]})
    # call 1: requests 0..100, support 100..250, accounting 250..280
    # call 2: waits for requests until 100, talks 100..200, waits for support until 250,
    # talks 250..400, accounting 400..430
    assert [(r.wait, r.talk, r.outcome) for r in log] == [(0, 280, 0), (140, 280, 0)]
    assert [(r.staff_department, r.first_department) for r in log] == [(2, 0), (2, 0)]
    assert figs[("mean_wait", "department:requests")] == 45  # (0 + 90) / 2
    assert figs[("mean_wait", "department:support")] == 25  # (0 + 50) / 2
    assert figs[("mean_wait", "department:accounting")] == 0
    assert figs[("talk_minutes", "department:support")] == 300 / 60
    assert figs[("transfers_in_answered", "department:support")] == 2
    assert figs[("transferred", "department:support")] == 2
    assert figs[("talk_minutes_in", "all")] == 560 / 60


def attended(staff: int = 1) -> dict[str, Any]:
    return {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)}],
        "pbx": {"kind": "office", "hold": {}},
        "departments": [
            {"name": "requests", "staff": 1, "wrap_up": det(20)},
            {
                "name": "support",
                "staff": staff,
                "answers": "transferred",
                "strategy": "fewest_calls",
            },
        ],
        "routes": {"1": "requests"},
        "transfers": [
            {
                "from": "requests",
                "to": "support",
                "share": 1.0,
                "mode": "attended",
                "consult": 30,
                "talk": det(50),
            }
        ],
    }


def test_an_attended_transfer_counts_consult_and_wrap_up() -> None:
    figs, log = figures_and_log(attended(), {"c": [0]})
    # requests talks 0..100, consults 100..130, wraps up 130..150; support 100..180
    assert [(r.wait, r.talk) for r in log] == [(0, 180)]
    assert figs[("talk_minutes", "department:requests")] == 130 / 60
    assert figs[("talk_minutes", "department:support")] == 50 / 60
    _, rep = replay(attended(), {"c": [0]})
    assert rep.staff_busy_seconds == {"requests/1": 150, "support/1": 80}


def test_whoever_took_an_attended_transfer_counts_it_for_fewest_calls() -> None:
    _, log = figures_and_log(attended(staff=2), {"c": [0, 1000, 2000, 3000]})
    # support/1 took the first; then the one with fewer calls, ties to the top
    assert [r.staff + 1 for r in log] == [1, 2, 1, 2]


def test_a_transfer_that_rings_back_counts_busy_there_without_wait_or_talk() -> None:
    spec = chain()
    spec["transfers"] = [
        {
            "from": "requests",
            "to": "support",
            "share": 1.0,
            "talk": det(500),
            "when_busy": "ring_back",
        }
    ]
    figs, log = figures_and_log(spec, {"c": [0, 150]})
    # call 2 is passed on at 250 while support talks to call 1 (100..600): rings back
    assert [(r.wait, r.talk, r.outcome) for r in log] == [(0, 600, 0), (0, 100, 0)]
    assert figs[("busy", "department:support")] == 1
    assert figs[("p_wait", "department:support")] == 0
    assert figs[("talk_minutes", "department:support")] == 500 / 60


def test_the_call_log_does_not_change_the_figures() -> None:
    """Keeping the log passes everything on to the statistics, hand-offs included."""
    spec = chain()
    period = {"days": 1, "open": "09:00", "close": "12:00"}
    nine = 9 * 3600.0
    arrivals = {"c": [nine + t for t in (0, 10, 500, 700, 3600, 3700)]}
    scenario = scenario_of(spec, period)
    with_log, _ = replicate(scenario, 0, 1, keep_log=True, arrivals=arrivals)
    without, _ = replicate(scenario, 0, 1, keep_log=False, arrivals=arrivals)
    assert with_log == without
    assert with_log[("offered", "department:support")] == 6


# ----------------------------------------------------------------------------- conferences


def test_a_conference_with_an_outside_participant() -> None:
    spec = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)}],
        "pbx": {"kind": "office"},
        "departments": [{"name": "d", "staff": 4, "strategy": "linear"}],
        "conference": {"share": 1.0, "people": 3, "outside": 1, "duration": det(60)},
    }
    figs, log = figures_and_log(spec, {"c": [0, 200]})
    assert [(r.talk, r.outside_talk, r.staff) for r in log] == [(60, 60, 0), (60, 60, 0)]
    assert figs[("conferences", "department:d")] == 2
    _, rep = replay(spec, {"c": [0, 200]})
    # d/1 answers, d/2 and d/3 join, each for the 60 s; d/4 is never needed
    assert rep.staff_busy_seconds == {"d/1": 120, "d/2": 120, "d/3": 120, "d/4": 0}
    assert rep.line_busy_seconds == {"trunk": 2 * (60 + 60)}
    assert rep.line_peak == {"trunk": 2}


# ----------------------------------------------------------------------------- records


def test_records_of_an_internal_call_and_of_a_call_nobody_answered() -> None:
    spec = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1", "2"], "channels": 3}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)},
            {"name": "long", "dial": "2", "calls_per_hour": 1, "talk": det(3000)},
            {"name": "ask", "from": "sales", "to": "back", "calls_per_hour": 60, "talk": det(10)},
        ],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "desk", "staff": 1, "pickup": 0.01, "ring_timeout": 15},
            {"name": "back", "staff": 1},
            {"name": "sales", "staff": 1, "answers": "none"},
        ],
        "routes": {"1": "desk", "2": "back"},
    }
    _, log = figures_and_log(spec, {"c": [5], "long": [0]})
    assert [r for r in log if r.stream == 0] == [
        CallRecord(1, 1, 0, 0, 5.0, 15.0, 0.0, 0.0, int(Outcome.UNANSWERED), 0, 0, False,
                   -1, -1, -1, -1, True, False, True, 0, 0.0)
    ]  # fmt: skip
    internal = [r for r in log if r.stream == 2]
    answered = [r for r in internal if r.outcome == Outcome.ANSWERED]
    busy = [r for r in internal if r.outcome == Outcome.BUSY]
    assert answered
    assert busy  # back's one person talks to an outside caller from 0 to 3000 s
    assert all(r.arrival < 3000 for r in busy)
    assert all(r.arrival >= 3000 for r in answered)
    for r in internal:  # who dialled is the staff; no outside line
        assert (r.line, r.outside_talk, r.wait) == (-1, 0.0, 0.0)
        assert (r.department, r.called, r.moved) == (2, 2, False)
        assert (r.staff_department, r.staff, r.first_department, r.first_staff) == (2, 0, 2, 0)
        assert r.talk == (10.0 if r.outcome == Outcome.ANSWERED else 0.0)


def test_a_redial_of_a_caller_first_seen_in_the_warm_up_is_not_a_lost_caller() -> None:
    spec = one_line(300, redial={"probability": 1, "after": det(150), "max_attempts": 2})
    period = {"hours": 10, "warmup": 100}
    figs, log = figures_and_log(spec, {"c": [0, 50, 200]}, period)
    # 0 talks 0..300; 50 (warm-up) hears busy, redials at 200... and 200 hears busy too
    assert [(r.arrival, r.attempt, r.outcome, r.measured, r.redial, r.caller_measured)
            for r in log] == [
        (0, 1, Outcome.ANSWERED, False, False, False),
        (50, 1, Outcome.BUSY, False, True, False),
        (200, 1, Outcome.BUSY, True, True, True),
        (200, 2, Outcome.BUSY, True, False, False),
        (350, 2, Outcome.ANSWERED, True, False, True),
    ]  # fmt: skip
    assert figs[("callers", "all")] == 1
    assert figs[("lost_callers", "all")] == 0
    assert figs[("offered", "all")] == 3


# ----------------------------------------------------------------------------- random streams


def test_each_part_draws_from_its_own_documented_stream() -> None:
    """Arrivals, talk, patience, redials and mobile coverage come from the streams keyed
    ``stream:NAME`` / ``line:NAME`` and their purpose: so set-ups compared with the same
    seed see the same callers."""
    spec = {
        "lines": [
            {"name": "cell", "kind": "mobile", "numbers": ["1"], "coverage": 0.7},
        ],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 2,
                "talk": {"dist": "exponential", "mean": 600},
                "patience": {"dist": "exponential", "mean": 60},
                "redial": {"probability": 0.5, "after": {"dist": "exponential", "mean": 900}},
            }
        ],
    }
    scenario = scenario_of(spec, {"hours": 100, "warmup": 0})
    seed = 1
    tally = Tally(layout_of(scenario), scenario.answer_time)
    rep = run_replication(scenario, 0, seed, tally, keep_log=True)
    assert rep.log is not None
    log = sorted(rep.log, key=lambda r: r.arrival)
    stream = scenario.traffic[0]

    def draws(purpose: str, dist: Any) -> Any:
        return make_sampler(dist, stream_rng(seed, 0, "stream:c", purpose))

    firsts = [r for r in log if r.attempt == 1]
    expected_times = list(
        arrival_times(segments(scenario, stream), stream_rng(seed, 0, "stream:c", "arrivals"))
    )
    assert [r.arrival for r in firsts] == expected_times
    talk = draws("talk", stream.talk)
    talks = [talk() for _ in firsts]
    redial_talk = draws("redial_talk", stream.talk)
    assert stream.redial is not None
    coverage = stream_rng(seed, 0, "line:cell", "mobile")
    connected = [coverage.random() < 0.7 for _ in log]
    assert [r.outcome != Outcome.NO_COVERAGE for r in log] == connected
    answered = [r for r in firsts if r.outcome == Outcome.ANSWERED]
    assert answered
    for r in answered:
        assert r.talk == talks[firsts.index(r)]
    redials = [r for r in log if r.attempt > 1]
    assert redials
    answered_redials = [r for r in redials if r.outcome == Outcome.ANSWERED]
    redial_talks = [redial_talk() for _ in redials]
    for r in answered_redials:
        assert r.talk == redial_talks[redials.index(r)]
    # whether and when a caller redials: one stream, a coin then a gap, per failed attempt
    redial = make_sampler(stream.redial.after, stream_rng(seed, 0, "stream:c", "redial"))
    del redial  # the same generator draws the coin and the gap: checked through the log
    assert 0 < len(redials) < len([r for r in log if r.outcome != Outcome.ANSWERED])


def test_pickup_delays_and_wrap_ups_come_from_the_departments_streams() -> None:
    spec = office(
        1,
        2,
        strategy="linear",
        pickup_delay={"dist": "exponential", "mean": 5},
        wrap_up={"dist": "exponential", "mean": 30},
    )
    arrivals = [i * 1000.0 for i in range(5)]
    rows, rep = replay(spec, {"c": arrivals})
    scenario = scenario_of(spec)
    d = scenario.effective_departments[0]
    pickup = make_sampler(d.pickup_delay, stream_rng(1, 0, "department:d", "pickup"))
    wrap = make_sampler(d.wrap_up, stream_rng(1, 0, "department:d", "wrap_up"))
    assert [r[2] for r in rows] == pytest.approx([pickup() for _ in arrivals], abs=1e-9)
    busy = sum(100 + wrap() for _ in arrivals)
    assert rep.staff_busy_seconds["d/1"] == pytest.approx(busy)


def test_staff_dial_out_at_their_departments_rate_from_its_stream() -> None:
    """Steady state: a free person's first dial comes after an exponential gap at the
    per-person rate, drawn from ``department:NAME`` / ``dial``."""
    spec = {
        "lines": [
            {"name": "a", "kind": "landline", "numbers": ["1"]},
            {"name": "b", "kind": "landline", "numbers": ["2"]},
        ],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(60)},
            {"name": "out", "from": "sales", "calls_per_hour": 6, "talk": det(30)},
        ],
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 1, "answers": "none", "line": "b"},
        ],
        "routes": {"1": "desk"},
    }
    _, log = figures_and_log(spec, {"c": []})
    placed = [r for r in log if r.stream == 1]
    gaps = stream_rng(1, 0, "department:sales", "dial")
    first = float(gaps.exponential(600.0))
    assert placed[0].arrival == pytest.approx(first)
    # the department's own line: b, never the first line
    assert {r.line for r in placed} == {1}
    assert all(r.outcome == Outcome.PLACED for r in placed)


def test_finite_sources_call_again_a_random_time_after_their_call_ended() -> None:
    """Engset: each of 3 sources, idle at the start, calls after an exponential gap of
    mean sources / rate; at most 3 calls are ever in the system."""
    spec = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 6, "sources": 3, "talk": det(300)}
        ],
        "departments": [{"name": "d", "staff": 5}],
    }
    scenario = scenario_of(spec, {"hours": 20, "warmup": 0})
    tally = Tally(layout_of(scenario), scenario.answer_time)
    rep = run_replication(scenario, 0, 1, tally, keep_log=True)
    assert rep.log is not None
    log = sorted(rep.log, key=lambda r: r.arrival)
    # replayed by hand: every call is answered at once and lasts 300 s; a source draws
    # its next gap when its call ends, from the stream's one generator
    gaps = stream_rng(1, 0, "stream:c", "arrivals")
    end = 20 * 3600.0
    pending = sorted(float(gaps.exponential(1800.0)) for _ in range(3))
    expected: list[float] = []
    while pending:
        t = pending.pop(0)
        expected.append(t)
        nxt = t + 300 + float(gaps.exponential(1800.0))
        if nxt < end:
            pending = sorted([*pending, nxt])
    assert [r.arrival for r in log] == pytest.approx(expected)
    assert all(r.outcome == Outcome.ANSWERED for r in log)
    ends = [r.arrival + r.talk for r in log]
    for r in log:  # never more than 3 calls at once
        assert sum(a.arrival <= r.arrival < e for a, e in zip(log, ends, strict=True)) <= 3
    hours = 20
    expected = hours * 3600 / (3 / 6 * 3600 + 300) * 3
    assert abs(len(log) - expected) < 4 * math.sqrt(expected)
    assert all(r.arrival < hours * 3600 for r in log)


# ----------------------------------------------------------------------------- schedules


def test_segments_of_an_hourly_profile_over_two_days() -> None:
    spec = {
        "lines": [{"name": "city", "kind": "landline", "numbers": ["1"]}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": {"09": 36, "10": 36, "11": 0, "12": 72},
                "talk": "1m",
            }
        ],
    }
    scenario = scenario_of(spec, {"days": 2, "open": "09:30", "close": "12:30"})
    h, day = 3600.0, 86400.0
    assert segments(scenario, scenario.traffic[0]) == [
        (9.5 * h, 11 * h, 0.01),  # 09:30-11:00 at 36 an hour, merged
        (11 * h, 12 * h, 0.0),
        (12 * h, 12.5 * h, 0.02),
        (day + 9.5 * h, day + 11 * h, 0.01),
        (day + 11 * h, day + 12 * h, 0.0),
        (day + 12 * h, day + 12.5 * h, 0.02),
    ]
    spec["traffic"][0]["calls_per_hour"] = 36
    steady = scenario_of(spec, {"hours": 5, "warmup": "1h"})
    assert segments(steady, steady.traffic[0]) == [(0.0, 6 * h, 0.01)]


def test_arrival_times_follow_the_segments() -> None:
    rng = stream_rng(3, 0, "test", "arrivals")
    parts = [(0.0, 100_000.0, 0.5), (100_000.0, 200_000.0, 0.0), (200_000.0, 300_000.0, 1.0)]
    times = list(arrival_times(parts, rng, chunk=500))
    assert times == sorted(times)
    first = [t for t in times if t < 100_000]
    assert not [t for t in times if 100_000 <= t < 200_000]
    last = [t for t in times if t >= 200_000]
    assert all(t < 300_000 for t in last)
    for found, expected in ((len(first), 50_000), (len(last), 100_000)):
        assert abs(found - expected) < 4 * math.sqrt(expected)
    # evenly spread inside a segment: as many in each half
    halves = [sum(t < 250_000 for t in last), sum(t >= 250_000 for t in last)]
    assert abs(halves[0] - halves[1]) < 4 * math.sqrt(100_000)


def test_what_the_engine_cannot_simulate_yet_is_named() -> None:
    """The loader refuses these; the engine checks again for scenarios changed in code
    (``model_copy`` does not validate)."""
    spec = {
        "lines": [{"name": "city", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 4, "sources": 5, "talk": "1m"},
            {"name": "out", "from": "sales", "calls_per_hour": 1, "talk": "1m"},
        ],
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 1, "answers": "none"},
        ],
        "routes": {"1": "desk"},
    }
    steady = scenario_of(spec, {"hours": 5, "warmup": 0})
    assert unsupported_features(steady) == []
    redial = scenario_of(one_line(60, redial={"probability": 0.5, "after": "1m"})).traffic[0]
    traffic = [s.model_copy(update={"redial": redial.redial}) for s in steady.traffic]
    desk, sales = steady.departments or []
    shifted = desk.model_copy(update={"shifts": {9: 1.0}})
    broken = steady.model_copy(update={"traffic": traffic, "departments": [shifted, sales]})
    assert unsupported_features(broken) == [
        ("traffic[0].redial", "redials of finite-source callers are not simulated"),
        ("traffic[1].redial", "redials of outbound calls are not simulated"),
        ("departments[0].shifts", "shifts need a business-day period ({days: ...})"),
    ]
    period = scenario_of(one_line(60), {"days": 1, "open": "09:00", "close": "10:00"}).period
    assert unsupported_features(steady.model_copy(update={"period": period})) == [
        ("traffic[0].sources", "finite sources need a steady-state period ({hours: ...})")
    ]


# ----------------------------------------------------------------------------- shifts


def test_overtime_of_a_department_is_the_sum_of_its_peoples() -> None:
    spec = office(2, 3)
    period = {"days": 1, "open": "09:00", "close": "10:00"}
    ten = 10 * 3600.0
    figs, log = figures_and_log(spec, {"c": [ten - 40, ten - 30]}, period)
    assert [r.staff for r in log] == [0, 1]
    # each talks 100 s: 40 and 30 s before closing, 60 and 70 s after
    assert figs[("overtime_minutes", "department:d")] == pytest.approx(130 / 60)


def test_people_back_on_shift_take_calls_again() -> None:
    spec = office(1, 3, hold={})
    spec["departments"][0]["shifts"] = {"09": 1, "10": 0, "11": 1}
    period = {"days": 1, "open": "09:00", "close": "12:00"}
    h = 3600.0
    rows, _ = replay({**spec, "period": period}, {"c": [9.5 * h, 10.5 * h, 11.5 * h, 11.5 * h + 1]})
    # nobody at the desk at 10:30: the PBX lets the caller go; at 11:00 d/1 is back
    assert [r[4] for r in rows] == ["answered", "unanswered", "answered", "answered"]
    assert [r[2] for r in rows] == [0, 0, 0, 99]


@pytest.mark.parametrize("n", [2, 3])
def test_a_queue_left_when_everyone_goes_off_shift_is_let_go(n: int) -> None:
    spec = office(1, 5, hold={"max_callers": n - 1})
    spec["departments"][0]["shifts"] = {"09": 1}
    period = {"days": 1, "open": "09:00", "close": "11:00"}
    ten = 10 * 3600.0
    arrivals = [ten - 50 + i for i in range(n)]
    rows, _ = replay({**spec, "period": period}, {"c": [*arrivals, ten + 500]})
    # the first talks past ten; the others fill the queue and are let go at ten, which
    # empties it: a later caller finds nobody there (unanswered, no wait), not a full queue
    assert [r[4] for r in rows] == ["answered"] + ["unanswered"] * n
    assert [r[2] for r in rows[1:n]] == [50 - i for i in range(1, n)]
    assert rows[n][2] == 0
