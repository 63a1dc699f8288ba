"""More paths of a call that the other tests let change unseen, pinned by exact logs.

Written against the survivors of the second mutation run on teletraffic/engine/
(benchmarks/mutation_engine.md, run E): ring-progressively, conferences, staff dialling
out, and the other modules that run first tried. Each test fails for some change of
the engine that every other test let pass. Times are deterministic, or drawn from a
random stream that the test draws again itself (a twin of the engine's stream, keyed
the same way) and pins; the expected numbers are worked out in each docstring.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from replay import office, one_line, replay, trace
from test_mutants_engine import det, figures

from teletraffic.distributions import make_sampler, stream_rng
from teletraffic.engine import run_replication
from teletraffic.engine.arrivals import arrival_times
from teletraffic.errors import ScenarioError
from teletraffic.records import Outcome
from teletraffic.runner import layout_of
from teletraffic.scenario import scenario_from_dict
from teletraffic.tally import Tally


def ring_draws(seed: int, n: int, department: str = "d") -> list[float]:
    """The first *n* uniform draws of a department's ring stream (pick-ups, conferences)."""
    return [float(u) for u in stream_rng(seed, 0, f"department:{department}", "ring").random(n)]


# --------------------------------------------------------------------- ring-progressively


def test_ring_progressively_with_nobody_picking_up_rings_out_after_the_last_ring() -> None:
    """Pick-up after 30 s but a ring timeout of 20 s: nobody ever picks up. One more
    member every 10 s: d/1 rings 0..20, d/2 10..30, d/3 20..40; at 30 s nobody is left
    and the round ends with the last ring, at 40 s. Without a hold queue the caller has
    rung out: unanswered after 40 s. The second caller finds all three free again."""
    spec = office(3, 3, "ring-progressively", pickup_delay=30, ring_timeout=20)
    assert trace(spec, {"c": [0, 100]}) == [
        (0, 1, 40, 0, "unanswered", ""),
        (100, 1, 40, 0, "unanswered", ""),
    ]


def test_ring_progressively_looks_again_while_nobody_is_free() -> None:
    """Two members, a ring timeout of 25 s, nobody picks up: d/1 rings 0..25, d/2
    10..35. At 20 s nobody is free but the round runs to 35 s: look again at 30 s (still
    nobody), then stop. The caller rings out at 35 s."""
    spec = office(2, 2, "ring-progressively", pickup_delay=30, ring_timeout=25)
    assert trace(spec, {"c": [0]}) == [(0, 1, 35, 0, "unanswered", "")]


def test_ring_progressively_a_pick_up_at_the_ring_timeout_counts() -> None:
    """Pick-up after exactly the ring timeout (20 s) is a pick-up: d/1 answers at 20 s
    (d/2, rung at 10 s, would only answer at 30 s)."""
    spec = office(2, 2, "ring-progressively", pickup_delay=20, ring_timeout=20)
    assert trace(spec, {"c": [0]}) == [(0, 1, 20, 100, "answered", "d/1")]


def test_ring_progressively_a_later_ring_that_picks_up_moves_the_end_of_the_round() -> None:
    """Each rung member picks up with chance 1/2, after 15 s (ring timeout 20 s). With
    seed 2 the ring stream draws 0.701 (d/1, at 0 s: no), 0.426 (d/2, at 10 s: yes, at
    25 s, after d/1's ring ended at 20 s), 0.306 (d/3, at 20 s: yes, but only at 35 s):
    d/2 answers at 25 s. With seed 1: 0.548 (no), 0.792 (no), 0.120 (d/3, yes at 35 s,
    after d/2's ring ended at 30 s): d/3 answers at 35 s."""
    spec = office(3, 3, "ring-progressively", pickup=0.5, pickup_delay=15, ring_timeout=20)
    assert [round(u, 3) for u in ring_draws(2, 3)] == [0.701, 0.426, 0.306]
    assert trace(spec, {"c": [0]}, seed=2) == [(0, 1, 25, 100, "answered", "d/2")]
    assert [round(u, 3) for u in ring_draws(1, 3)] == [0.548, 0.792, 0.12]
    assert trace(spec, {"c": [0]}, seed=1) == [(0, 1, 35, 100, "answered", "d/3")]


def test_ring_progressively_draws_no_pick_up_chance_when_everyone_picks_up() -> None:
    """Everyone picks up (after 5 s, before anyone else is rung), and half of the answered
    calls become a conference of 60 s: the department's ring stream is drawn once per
    call, for the conference. Its first ten draws below 1/2 are calls 3-6 and 9, so those
    talk 60 s and the others 100 s. (A draw for the pick-up as well would shift them.)"""
    spec = office(3, 3, "ring-progressively", pickup_delay=5)
    spec["pbx"] = {"kind": "office"}
    spec["conference"] = {"share": 0.5, "people": 2, "duration": det(60)}
    conference = [u < 0.5 for u in ring_draws(1, 10)]
    assert conference == [False, False, True, True, True, True, False, False, True, False]
    log = trace(spec, {"c": [i * 1000.0 for i in range(10)]})
    assert [row[3] for row in log] == [60.0 if c else 100.0 for c in conference]
    assert {row[2] for row in log} == {5.0}


def test_ring_progressively_skips_members_already_rung_in_an_earlier_round() -> None:
    """front/1 answers a call at 0 s that becomes a conference of 30 s and pulls in d/1
    (busy 0..30). Caller A (1 s) rings d/2 (1..16) and d/3 (11..26); nobody in d picks
    up; at 21 s nobody is free. The round ends at 26 s; after the 5 s retry pause (31 s)
    d/1, free again since 30 s, is the one member not yet tried: it rings 31..46. At 41 s
    d/2 and d/3 are free but were tried, so nobody joins. After the next pause (51 s)
    nobody is left to try: unanswered after 50 s."""
    spec: dict[str, Any] = {
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1", "2"], "channels": 5}],
        "traffic": [
            {"name": "f", "dial": "1", "calls_per_hour": 1, "talk": det(1000)},
            {"name": "a", "dial": "2", "calls_per_hour": 1, "talk": det(100)},
        ],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "front", "staff": 1},
            {
                "name": "d",
                "staff": 3,
                "strategy": "ring-progressively",
                "pickup_delay": 100,
                "ring_timeout": 15,
                "retry": 5,
            },
        ],
        "routes": {"1": "front", "2": "d"},
        "conference": {"share": 1.0, "people": 2, "duration": det(30)},
    }
    assert trace(spec, {"f": [0], "a": [1]}) == [
        (0, 1, 0, 30, "answered", "front/1"),
        (1, 1, 50, 0, "unanswered", ""),
    ]


# ----------------------------------------------------------------------------- conferences


def conference_office(front: int, back: int, people: int, **conference: Any) -> dict[str, Any]:
    """Calls on number 1 to front; back takes no calls but may join conferences."""
    return {
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)}],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "front", "staff": front},
            {"name": "back", "staff": back, "answers": "none"},
        ],
        "routes": {"1": "front"},
        "conference": {"share": 1.0, "people": people, "duration": det(60), **conference},
    }


def test_a_conference_filled_in_the_first_department_takes_nobody_else() -> None:
    """A conference of 3: front/1 answers, front/2 and front/3 join; back/1 stays free.
    The conference is counted, lasts 60 s, and frees everyone at its end."""
    spec = conference_office(3, 1, 3)
    log, rep = replay(spec, {"c": [0, 100]})
    assert log == [(0, 1, 0, 60, "answered", "front/1"), (100, 1, 0, 60, "answered", "front/1")]
    assert rep.staff_busy_seconds == {"front/1": 120, "front/2": 120, "front/3": 120, "back/1": 0}
    assert rep.department_counts["front"]["conferences"] == 2


def test_a_conference_takes_from_the_next_department_only_what_is_missing() -> None:
    """A conference of 3 with two people in front: front/2 joins, and one person from back
    (back/1, in back's order); back/2 stays free."""
    spec = conference_office(2, 2, 3)
    log, rep = replay(spec, {"c": [0]})
    assert log == [(0, 1, 0, 60, "answered", "front/1")]
    assert rep.staff_busy_seconds == {"front/1": 60, "front/2": 60, "back/1": 60, "back/2": 0}


def test_outside_participants_take_only_the_channels_left() -> None:
    """Two channels, one outside participant, half of the calls a conference. With seed 1
    front's ring stream draws 0.786 (the call of 0 s: no conference) and 0.421 (the call
    of 10 s: a conference). When the second call becomes a conference both channels are
    taken (the two callers): nobody is dialled in, no outside talk, a peak of 2."""
    spec = conference_office(2, 0, 2, outside=1, share=0.5)
    spec["lines"][0]["channels"] = 2
    spec["departments"].pop()
    assert [round(u, 3) for u in ring_draws(1, 2, "front")] == [0.786, 0.421]
    log, rep = replay(spec, {"c": [0, 10]}, seed=1)
    assert log == [(0, 1, 0, 100, "answered", "front/1"), (10, 1, 0, 60, "answered", "front/2")]
    assert rep.log is not None
    assert [r.outside_talk for r in rep.log] == [0.0, 0.0]
    assert rep.line_peak == {"t": 2}
    assert rep.line_busy_seconds == {"t": 160}


def test_the_channels_of_outside_participants_are_given_back_when_the_conference_ends() -> None:
    """Three channels, two outside participants: each call takes all three for its 60 s
    of conference and gives them all back, so the call of 100 s dials both participants
    in again (120 s of outside talk each)."""
    spec = conference_office(2, 0, 2, outside=2)
    spec["lines"][0]["channels"] = 3
    spec["departments"].pop()
    log, rep = replay(spec, {"c": [0, 100]})
    assert log == [(0, 1, 0, 60, "answered", "front/1"), (100, 1, 0, 60, "answered", "front/1")]
    assert rep.log is not None
    assert [r.outside_talk for r in rep.log] == [120.0, 120.0]
    assert rep.line_peak == {"t": 3}
    assert rep.line_busy_seconds == {"t": 2 * 3 * 60.0}


def test_outside_talk_adds_up_over_the_conferences_of_a_transferred_call() -> None:
    """Every answered call is a conference of two with one outside participant (60 s),
    and requests passes every call on to support (blind). The call of 0 s: requests/1 and
    requests/2 confer 0..60, support/1 and support/2 60..120; the outside participant
    talks in both: 120 s of outside talk, 120 s of talk."""
    spec: dict[str, Any] = {
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)}],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "requests", "staff": 2},
            {"name": "support", "staff": 2, "answers": "transferred"},
        ],
        "routes": {"1": "requests"},
        "transfers": [{"from": "requests", "to": "support", "share": 1.0, "talk": det(50)}],
        "conference": {"share": 1.0, "people": 2, "outside": 1, "duration": det(60)},
    }
    log, rep = replay(spec, {"c": [0]})
    assert log == [(0, 1, 0, 120, "answered", "support/1")]
    assert rep.log is not None
    assert [r.outside_talk for r in rep.log] == [120.0]
    assert rep.staff_busy_seconds == {
        "requests/1": 60.0,
        "requests/2": 60.0,
        "support/1": 60.0,
        "support/2": 60.0,
    }
    assert rep.line_busy_seconds == {"t": 120.0 + 120.0}
    assert rep.line_peak == {"t": 2}


# ----------------------------------------------------------------------------- dialling out

DIALLING: dict[str, Any] = {
    "lines": [
        {"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 2},
        {"name": "cell", "kind": "mobile", "numbers": ["2"], "coverage": 0.5},
    ],
    "traffic": [
        {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)},
        {
            "name": "a",
            "from": "sales",
            "line": "t",
            "calls_per_hour": {"09": 6, "10": 0},
            "talk": det(300),
        },
        {
            "name": "b",
            "from": "sales",
            "line": "cell",
            "calls_per_hour": {"09": 3, "10": 3},
            "talk": det(120),
        },
    ],
    "departments": [{"name": "desk", "staff": 1}, {"name": "sales", "staff": 3, "answers": "none"}],
    "routes": {"1": "desk", "2": "desk"},
}
"""Three people dialling two streams: ``a`` on two channels from 09:00 to 10:00 only,
``b`` on a mobile line with 50 % coverage all day (09:00-11:00)."""

DIALLING_LOG = [
    (0, 1, 1, 0, 32552.301, 0.0, 300.0, "placed", 2),
    (1, 1, 2, 1, 32620.46, 0.0, 120.0, "placed", 1),
    (2, 1, 2, 1, 32656.705, 0.0, 0.0, "blocked", 0),
    (3, 1, 1, 0, 32731.716, 0.0, 300.0, "placed", 0),
    (4, 1, 1, 0, 32976.459, 0.0, 300.0, "placed", 2),
    (5, 1, 1, 0, 33070.105, 0.0, 300.0, "placed", 0),
    (6, 1, 1, 0, 33226.748, 0.0, 0.0, "blocked", 1),
    (7, 1, 1, 0, 33830.813, 0.0, 300.0, "placed", 0),
    (8, 1, 1, 0, 33838.978, 0.0, 300.0, "placed", 1),
    (9, 1, 1, 0, 34275.277, 0.0, 300.0, "placed", 1),
    (10, 1, 2, 1, 34296.322, 0.0, 0.0, "no_coverage", 2),
    (11, 1, 2, 1, 34503.315, 0.0, 120.0, "placed", 0),
    (12, 1, 2, 1, 34696.672, 0.0, 120.0, "placed", 0),
    (13, 1, 1, 0, 34830.242, 0.0, 300.0, "placed", 2),
    (14, 1, 2, 1, 34880.468, 0.0, 0.0, "no_coverage", 1),
    (15, 1, 2, 1, 34914.4, 0.0, 0.0, "no_coverage", 1),
    (16, 1, 1, 0, 35207.995, 0.0, 300.0, "placed", 1),
    (17, 1, 1, 0, 35511.738, 0.0, 300.0, "placed", 0),
    (18, 1, 1, 0, 35956.668, 0.0, 300.0, "placed", 0),
    (19, 1, 1, 0, 35966.063, 0.0, 300.0, "placed", 1),
    (20, 1, 1, 0, 35967.492, 0.0, 0.0, "blocked", 2),
    (21, 1, 2, 1, 36430.635, 0.0, 0.0, "no_coverage", 2),
    (22, 1, 2, 1, 36589.695, 0.0, 120.0, "placed", 0),
    (23, 1, 2, 1, 37852.44, 0.0, 0.0, "no_coverage", 0),
    (24, 1, 2, 1, 38054.001, 0.0, 120.0, "placed", 0),
    (25, 1, 2, 1, 38738.337, 0.0, 0.0, "no_coverage", 1),
    (26, 1, 2, 1, 39213.548, 0.0, 0.0, "no_coverage", 0),
]
"""(caller, attempt, stream, line, arrival, wait, talk, outcome, member) of every call
that :data:`DIALLING` places with seed 1, as the engine made them when this test was
written: a regression log of the dial-out mechanism."""


def test_staff_dial_out_from_opening_with_hourly_rates_and_line_limits() -> None:
    """Seed 1, one business day 09:00-11:00. What the log shows: the first call goes out
    after 09:00 (the timers armed at midnight wait for the opening); each call is a new
    caller numbered in order, a first attempt; ``a`` stops at 10:00 (its rate there is
    0: the dial is skipped, and the person dials again later); a third call on ``t``'s two
    channels is blocked, a second on the one-channel mobile line too, and half of the
    mobile calls find no coverage; neither has a wait or a talk."""
    period = {"days": 1, "open": "09:00", "close": "11:00"}
    figs, log = figures(DIALLING, {"c": []}, period)
    got = [
        (
            r.caller,
            r.attempt,
            r.stream,
            r.line,
            round(r.arrival, 3),
            r.wait,
            r.talk,
            Outcome(r.outcome).label,
            r.staff,
        )
        for r in log
    ]
    assert got == DIALLING_LOG
    assert all(r.measured and r.staff_department == 1 for r in log)
    assert max(r.arrival for r in log if r.stream == 1) < 10 * 3600.0
    assert figs[("offered", "stream:a")] == 14.0
    assert figs[("offered", "stream:b")] == 13.0
    assert figs[("placed", "stream:a")] == 12.0
    assert figs[("placed", "stream:b")] == 5.0
    _, rep = replay({**DIALLING, "period": period}, {"c": []})
    assert rep.line_peak == {"t": 2, "cell": 1}
    assert rep.line_busy_seconds["t"] == pytest.approx(12 * 300.0)  # the 12 placed on t


def test_a_call_out_without_a_line_of_its_own_takes_a_line_with_a_free_channel() -> None:
    """sales has no line and neither has its stream: a call out takes the first line with
    a free channel. An inbound caller holds the one channel of ``t1`` from 0 to 36,000 s,
    so every call out in that time goes out on ``t2`` (line 1), none is blocked."""
    spec: dict[str, Any] = {
        "lines": [
            {"name": "t1", "kind": "landline", "numbers": ["1"]},
            {"name": "t2", "kind": "landline", "numbers": ["2"]},
        ],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(36000)},
            {"name": "out", "from": "sales", "calls_per_hour": 6, "talk": det(60)},
        ],
        "departments": [{"name": "desk", "staff": 1}, {"name": "sales", "staff": 1}],
        "routes": {"1": "desk", "2": "sales"},
    }
    _, log = figures(spec, {"c": [0]})
    out = [r for r in log if r.stream == 1]
    assert len(out) > 20
    assert {(r.line, Outcome(r.outcome).label) for r in out} == {(1, "placed")}


def test_a_call_to_a_colleague_of_ones_own_department_rings_the_other_one() -> None:
    """team (two people) calls itself: whoever dials, the other one answers (never the
    one dialling). With seed 1 team dials 31 calls of 60 s in the 10 hours, each answered,
    and each keeps both people busy for its 60 s."""
    spec: dict[str, Any] = {
        "lines": [{"name": "t", "kind": "landline", "numbers": ["1"]}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)},
            {"name": "ask", "from": "team", "to": "team", "calls_per_hour": 2, "talk": det(60)},
        ],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "team", "staff": 2, "answers": "none"},
        ],
        "routes": {"1": "desk"},
    }
    log, rep = replay(spec, {"c": []})
    assert [row[4] for row in log] == ["answered"] * 31
    assert rep.staff_busy_seconds == {"desk/1": 0.0, "team/1": 31 * 60.0, "team/2": 31 * 60.0}


@pytest.mark.parametrize("strategy", ["round_robin", "fewest_calls"])
def test_a_colleague_called_counts_for_the_departments_strategy(strategy: str) -> None:
    """sales calls back (two people), back's callers call it too. With seed 1 sales dials
    at 8,208.375 s (back/1 answers) and next at 13,361.846 s. For round robin back/1 was
    the last one rung; for fewest calls back/1 has one call: either way the caller of
    8,500 s goes to back/2, and the one of 8,600 s back to back/1. Over the run back's
    ten internal calls alternate: 5 x 60 s each, plus one 10-second inbound call."""
    spec: dict[str, Any] = {
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 2}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(10)},
            {"name": "ask", "from": "sales", "to": "back", "calls_per_hour": 1, "talk": det(60)},
        ],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "back", "staff": 2, "strategy": strategy},
            {"name": "sales", "staff": 1, "answers": "none"},
        ],
        "routes": {"1": "back"},
    }
    log, rep = replay(spec, {"c": [8500, 8600]})
    internal = [row for row in log if row[5] == "sales/1"]
    assert [round(row[0], 3) for row in internal[:2]] == [8208.375, 13361.846]
    assert [row[4] for row in internal] == ["answered"] * 10
    assert [row for row in log if row[5].startswith("back")] == [
        (8500, 1, 0, 10, "answered", "back/2"),
        (8600, 1, 0, 10, "answered", "back/1"),
    ]
    assert rep.staff_busy_seconds == {"back/1": 310.0, "back/2": 310.0, "sales/1": 600.0}


def test_the_hour_of_a_dial_is_the_hour_on_the_clock() -> None:
    """sales (three people, 1-second calls) dials ``a`` only from 09:00 to 10:00 and ``b``
    only from 10:00 to 11:00, 720 an hour each: about one dial every 5 s per person. Not
    one ``a`` goes out at or after 10:00, not one ``b`` before; with seed 1 the first
    ``b`` is at 10:00:02.28 and three more follow in the next 8 s."""
    spec: dict[str, Any] = {
        "period": {"days": 1, "open": "09:00", "close": "11:00"},
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)},
            {"name": "a", "from": "sales", "calls_per_hour": {"09": 720, "10": 0}, "talk": det(1)},
            {"name": "b", "from": "sales", "calls_per_hour": {"09": 0, "10": 720}, "talk": det(1)},
        ],
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 3, "answers": "none", "line": "t"},
        ],
        "routes": {"1": "desk"},
    }
    _, rep = replay(spec, {"c": []})
    assert rep.log is not None
    a = sorted(r.arrival for r in rep.log if r.stream == 1)
    b = sorted(r.arrival for r in rep.log if r.stream == 2)
    assert (len(a), len(b)) == (1799, 1796)
    assert a[0] >= 9 * 3600.0
    assert a[-1] < 10 * 3600.0 <= b[0]
    assert [round(t, 2) for t in b[:4]] == [36002.28, 36004.41, 36005.86, 36007.35]


def test_the_talk_of_a_call_out_comes_from_its_streams_own_random_stream() -> None:
    """The talk times of calls staff place are drawn from the stream keyed
    ``stream:NAME`` / ``talk``, one per call in the order they are dialled: the same
    numbers whatever else the scenario holds."""
    spec: dict[str, Any] = {
        "lines": [{"name": "t", "kind": "landline", "numbers": ["1"]}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": "1m"},
            {
                "name": "out",
                "from": "sales",
                "calls_per_hour": 4,
                "talk": {"dist": "exponential", "mean": 120},
            },
        ],
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 1, "answers": "none", "line": "t"},
        ],
        "routes": {"1": "desk"},
    }
    _, log = figures(spec, {"c": []})
    assert len(log) == 36
    assert {Outcome(r.outcome).label for r in log} == {"placed"}
    twin = make_sampler(
        scenario_from_dict({"name": "m", **spec}).traffic[1].talk,
        stream_rng(1, 0, "stream:out", "talk"),
    )
    assert [r.talk for r in log] == [twin() for _ in log]


# ----------------------------------------------------------------------------- members


def test_longest_idle_counts_a_member_never_rung_as_free_since_the_start() -> None:
    """d/1 takes the call of 0 s (half a second, to 0.5 s); at 10 s d/2, free since the
    start of the run, has been idle longer than d/1 (free since 0.5 s)."""
    spec = office(2, 2, "longest_idle")
    spec["traffic"][0]["talk"] = det(0.5)
    assert trace(spec, {"c": [0, 10]}) == [
        (0, 1, 0, 0.5, "answered", "d/1"),
        (10, 1, 0, 0.5, "answered", "d/2"),
    ]


def test_a_person_whose_first_shift_ends_during_a_call_is_back_only_after_it() -> None:
    """Open from midnight, calls of 2 hours, no hold queue. d/1 is on shift from the start
    and takes the call of 00:30 (to 02:30); their shift ends at 01:00 during it (the first
    time they leave) and starts again at 02:00, still during it: the caller of 02:10 hears
    busy, the one of 02:40 is answered."""
    spec = office(1, 5)
    spec["traffic"][0]["talk"] = det(7200)
    spec["period"] = {"days": 1, "open": "00:00", "close": "04:00"}
    spec["departments"][0]["shifts"] = {"00": 1, "01": 0, "02": 1, "03": 1}
    two = 2 * 3600
    assert trace(spec, {"c": [1800, two + 600, two + 2400]}) == [
        (1800, 1, 0, 7200, "answered", "d/1"),
        (two + 600, 1, 0, 0, "busy", ""),
        (two + 2400, 1, 0, 7200, "answered", "d/1"),
    ]


# ----------------------------------------------------------------------------- estimates


def with_callback(staff: int, **cb: Any) -> dict[str, Any]:
    """*staff* people, 100-second calls, a hold queue; every caller offered a callback
    takes it, and is called back as soon as someone is free."""
    spec = office(staff, 5, hold={})
    spec["departments"][0]["callback"] = {
        "offer_over": 0,
        "answer_after": 0,
        "accept": 1.0,
        **cb,
    }
    return spec


def callbacks(spec: dict[str, Any], arrivals: list[float]) -> list[tuple[float, ...]]:
    """(arrival, wait, outcome, callback offered/taken, callback wait) of each caller."""
    _, rep = replay(spec, {"c": arrivals})
    assert rep.log is not None
    return [
        (r.arrival, r.wait, Outcome(r.outcome).label, r.callback, r.callback_wait)
        for r in sorted(rep.log, key=lambda r: r.arrival)
    ]


def test_the_position_estimate_is_nothing_before_a_call_has_ended() -> None:
    """Two people busy with the calls of 0 and 1 s; the caller of 2 s holds, but no call
    has ended yet: the estimate is 0 s, not over the threshold of 0 s, no offer. They
    are answered at 100 s."""
    assert callbacks(with_callback(2), [0, 1, 2]) == [
        (0, 0, "answered", 0, 0),
        (1, 0, "answered", 0, 0),
        (2, 98, "answered", 0, 0),
    ]


def test_the_position_estimate_is_the_mean_handle_time_over_the_people_on_shift() -> None:
    """Two people. By 160 s two calls of 100 s have ended (those of 0 and 1 s) and the
    two people talk again (150 and 151 s). The caller of 160 s is first in line:
    1 x 100 s (the mean of the calls ended) / 2 people = 50 s. Offered over 49 s (called
    back at 250 s), not over 50 s (answered at 250 s)."""
    arrivals = [0, 1, 150, 151, 160]
    assert callbacks(with_callback(2, offer_over=49), arrivals)[-1] == (
        160,
        0,
        "called_back",
        2,
        90,
    )
    assert callbacks(with_callback(2, offer_over=50), arrivals)[-1] == (160, 90, "answered", 0, 0)


def test_the_asterisk_estimate_counts_a_hold_time_below_a_second() -> None:
    """app_queue's holdtime: (3 x holdtime + wait) / 4 at each answer. The caller of 0 s
    waits 0 (holdtime 0); the caller of 98 s holds with an estimate of 0 s (no offer over
    0 s) and is answered at 100 s after 2 s (holdtime 0.5 s); the caller of 150 s holds
    with an estimate of 0.5 s: offered, taken, called back at 200 s."""
    spec = with_callback(1)
    spec["departments"][0]["wait_estimate"] = "asterisk"
    assert callbacks(spec, [0, 98, 150]) == [
        (0, 0, "answered", 0, 0),
        (98, 2, "answered", 0, 0),
        (150, 0, "called_back", 2, 50),
    ]


# ----------------------------------------------------------------------------- arrivals


def test_arrival_times_are_drawn_a_chunk_of_2048_expected_calls_at_a_time() -> None:
    """A Poisson process of 0.5 calls/s for 100,000 s, none for 1 s, then 2 calls/s for
    49,999 s: drawn in stretches of 2,048 expected calls (4,096 s, then 1,024 s), a count
    and then uniform times in each. With the stream of seed 3 that gives these numbers;
    another chunk size draws other ones."""
    rng = stream_rng(3, 0, "test", "arrivals")
    parts = [(0.0, 100_000.0, 0.5), (100_000.0, 100_001.0, 0.0), (100_001.0, 150_000.0, 2.0)]
    times = list(arrival_times(parts, rng))
    assert len(times) == 150_749
    assert sum(t < 4096.0 for t in times) == 2089
    assert sum(t < 100_000.0 for t in times) == 50_122
    assert [round(t, 4) for t in times[:3]] == [0.6991, 1.2697, 3.2905]
    assert [round(t, 4) for t in times[-2:]] == [149_999.6594, 149_999.9388]


# ----------------------------------------------------------------------------- the run


def test_the_engine_refuses_a_scenario_changed_in_code_into_one_it_cannot_run() -> None:
    """Finite sources in a steady run are fine; the same scenario moved to business days
    by ``model_copy`` (which does not validate) is refused by the engine itself, with the
    field named."""
    spec = one_line(60)
    spec["traffic"][0]["sources"] = 5
    steady = scenario_from_dict({"name": "m", "period": {"hours": 5, "warmup": 0}, **spec})
    day = {"days": 1, "open": "09:00", "close": "10:00"}
    days = scenario_from_dict({"name": "m", "period": day, **one_line(60)}).period
    broken = steady.model_copy(update={"period": days})
    with pytest.raises(ScenarioError, match=r"^traffic\[0\]\.sources: finite sources need a"):
        run_replication(broken, 0, 1, Tally(layout_of(broken), broken.answer_time))


ONE = one_line(60)
CALLS = {"c": [0.0, 10.0]}


def test_the_call_log_is_kept_only_when_asked_and_in_a_folder_when_given_one(
    tmp_path: Path,
) -> None:
    """Without *keep_log* there is no log; with ``True`` it is in memory; with a folder
    the records go to ``calls-REPLICATION-PID.bin`` there, and read back the same."""
    scenario = scenario_from_dict({"name": "m", "period": {"hours": 1, "warmup": 0}, **ONE})

    def run(keep_log: bool | str) -> Any:
        tally = Tally(layout_of(scenario), scenario.answer_time)
        return run_replication(scenario, 3, 1, tally, keep_log=keep_log, arrivals=CALLS)

    assert run(False).log is None
    plain = run_replication(
        scenario, 3, 1, Tally(layout_of(scenario), scenario.answer_time), arrivals=CALLS
    )
    assert plain.log is None  # not kept unless asked
    in_memory = run(True).log
    assert in_memory is not None
    assert list(tmp_path.iterdir()) == []
    spilled = run(str(tmp_path)).log
    assert spilled is not None
    assert [p.name for p in tmp_path.iterdir()] == [f"calls-3-{os.getpid()}.bin"]
    assert list(spilled) == list(in_memory)
    assert [(r.arrival, Outcome(r.outcome).label) for r in spilled] == [
        (10.0, "busy"),  # in the order the attempts ended
        (0.0, "answered"),
    ]


def test_a_line_busy_all_the_time_is_busy_exactly_the_measured_time() -> None:
    """Two channels, two people, and two callers at each of 0, 3600/19, 2 x 3600/19, ...
    s, each talking 3600/19 s: both channels are busy the whole hour. The 38 spells add up
    to 7,200.0000000000055 s in floating point; the line's busy time is clipped to the
    7,200 channel-seconds measured (only rounding can pass them), so its occupancy is 1."""
    talk = 3600.0 / 19
    spec: dict[str, Any] = {
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 2}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(talk)}],
        "pbx": {"kind": "office"},
        "departments": [{"name": "d", "staff": 2}],
        "period": {"hours": 1, "warmup": 0},
    }
    times = [k * talk for k in range(19) for _ in range(2)]
    log, rep = replay(spec, {"c": times})
    assert [row[4] for row in log] == ["answered"] * 38
    assert rep.line_busy_seconds == {"t": 7200.0}
    assert rep.line_peak == {"t": 2}
