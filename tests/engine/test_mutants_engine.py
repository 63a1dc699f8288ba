"""Paths of a call the other tests let change unseen, pinned by exact logs and counts.

Written against the survivors of the mutation run on teletraffic/engine/ described in
benchmarks/mutation_engine.md: each test fails for some change of the engine that every
other test of that run let pass (a redirect counted twice or not at all, a wait measured
from the wrong moment, a caller rung again who should have rung out, ...). Times are
deterministic; the expected numbers are worked out in each docstring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from replay import office, one_line, replay, trace
from test_free_index import FakeDesk
from test_mechanism import transfer_office
from test_queue_exits import overflowing

from teletraffic.engine import strategies as st
from teletraffic.records import CallRecord, Outcome
from teletraffic.runner import replicate
from teletraffic.scenario import scenario_from_dict

Figures = dict[tuple[str, str], float]

NEVER = 0.000001
"""A pickup chance so small that nobody rung ever picks up (with the tests' seeds)."""

DAY = {"days": 1, "open": "09:00", "close": "17:00"}
NINE = 9 * 3600.0


def det(seconds: float) -> dict[str, Any]:
    return {"dist": "deterministic", "mean": seconds}


def figures(
    spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]], period: Any = None
) -> tuple[Figures, list[CallRecord]]:
    """One replication's figures and its attempts in arrival order."""
    base: dict[str, Any] = {"name": "m", "period": period or {"hours": 10, "warmup": 0}}
    base.update(spec)
    figs, log = replicate(scenario_from_dict(base), 0, 1, keep_log=True, arrivals=arrivals)
    assert log is not None
    return figs, sorted(log, key=lambda r: (r.arrival, r.attempt))


def departments(*depts: dict[str, Any], channels: int = 5, **pbx: Any) -> dict[str, Any]:
    """One trunk, 100-second calls on number 1 to the first department, a hold queue."""
    return {
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": channels}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 1, "talk": det(100)}],
        "pbx": {"kind": "virtual", "hold": pbx},
        "departments": list(depts),
        "routes": {"1": depts[0]["name"]},
    }


def nobody_picks_up(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "staff": 1, "pickup": NEVER, "ring_timeout": 10, **more}


# ----------------------------------------------------------------------------- redirects


def test_each_redirect_is_counted_once_out_and_once_in_with_its_wait_there() -> None:
    """managers never pick up (10 s ring) and redirect to backup. 09:00:00 rings
    managers to :10, backup answers (talk 100 s, to :110); 09:00:50 rings managers to
    :60, backup is busy and there is no hold queue: busy. Each redirect is one out of
    managers and one into backup; managers' part of each call: 10 s of wait, no talk.
    On business days a hand-off is counted in the hour of the call's arrival."""
    spec = departments(
        nobody_picks_up("managers", redirect="backup"), {"name": "backup", "staff": 1}
    )
    del spec["pbx"]["hold"]
    start = [NINE, NINE + 50]
    figs, log = figures(spec, {"c": start}, DAY)
    assert [(Outcome(r.outcome).label, r.wait, r.talk) for r in log] == [
        ("answered", 10.0, 100.0),
        ("busy", 0.0, 0.0),
    ]
    _, rep = replay({**spec, "period": DAY}, {"c": start})
    assert rep.department_counts["managers"]["redirected"] == 2
    assert rep.department_counts["backup"]["redirected_in"] == 2
    assert figs[("redirected", "department:managers")] == 2.0
    assert figs[("mean_wait", "department:managers")] == pytest.approx(10.0)
    assert figs.get(("talk_minutes", "department:managers"), 0.0) == 0.0
    assert figs[("unanswered", "department:managers")] == 2.0
    # the busy caller's record has no wait: backup's part of it has none either, not -10 s
    assert figs[("mean_wait", "department:backup")] == 0.0


def test_a_call_is_redirected_once_only() -> None:
    """a redirects to b, b to c; nobody in a or b picks up. The call rings a (10 s), is
    redirected to b, rings b (10 s) and rings out there: c never sees it."""
    spec = departments(
        nobody_picks_up("a", redirect="b"),
        nobody_picks_up("b", redirect="c"),
        {"name": "c", "staff": 1},
    )
    del spec["pbx"]["hold"]
    assert trace(spec, {"c": [0]}) == [(0, 1, 20, 0, "unanswered", "")]


def test_a_redirect_then_the_maximum_wait_counts_each_departments_own_wait() -> None:
    """a never picks up, lets callers wait 30 s at most and redirects to b; b lets its
    callers wait 30 s too, counted from when they reach it, and sends them on to c.
    0 s: a rings to 10, b answers (to 110). 20 s: a rings to 30, b holds it from 30, let
    go at 60 to c, who answers: wait 40, of which 10 in a and 30 in b. 25 s: a's one
    member rings for the caller of 20 s, so it holds in a and rings 30..40; b holds it
    from 40, let go at 70; c is busy: it holds in c until 160 (wait 135: 15 in a, 30 in
    b, 90 in c). Were b's maximum wait counted from the arrival (or a's deadline kept),
    the second caller would leave b at 50."""
    spec = departments(
        nobody_picks_up("a", redirect="b", max_wait=30),
        {"name": "b", "staff": 1, "max_wait": 30, "exit_to": "c"},
        {"name": "c", "staff": 1},
    )
    figs, log = figures(spec, {"c": [0, 20, 25]})
    assert [(r.wait, Outcome(r.outcome).label, r.staff_department) for r in log] == [
        (10.0, "answered", 1),
        (40.0, "answered", 2),
        (135.0, "answered", 2),
    ]
    assert figs[("mean_wait", "department:a")] == pytest.approx((10 + 10 + 15) / 3)
    assert figs[("mean_wait", "department:b")] == pytest.approx((0 + 30 + 30) / 3)
    assert figs[("mean_wait", "department:c")] == pytest.approx((0 + 90) / 2)
    assert figs[("mean_talk", "department:b")] == pytest.approx(100.0)  # its one answer
    assert figs[("talk_minutes", "department:b")] == pytest.approx(100 / 60)  # no more
    assert figs[("redirected", "department:b")] == 2.0
    assert figs[("redirected_in", "department:c")] == 2.0
    assert figs[("unanswered", "department:b")] == 2.0


def test_a_redirected_caller_keeps_the_patience_counted_from_the_arrival() -> None:
    """Patience 50 s. 0 s: a rings to 10, b answers (to 110). 20 s: a rings to 30, the
    caller holds in b and hangs up at 70, 50 s after calling (not 50 s after reaching
    b); b lets callers wait 45 s from reaching it (to 75), so the patience goes first."""
    spec = departments(
        nobody_picks_up("a", redirect="b"), {"name": "b", "staff": 1, "max_wait": 45}
    )
    spec["traffic"][0]["patience"] = det(50)
    rows = trace(spec, {"c": [0, 20]})
    assert rows[1] == (20, 1, 50, 0, "abandoned", "")


def test_the_maximum_wait_then_a_redirect_counts_each_departments_own_wait() -> None:
    """d (one person, 30 s maximum wait) sends callers it lets go to m; nobody in m
    picks up (10 s), m redirects to k. 09:00 d answers (to +100 s). +1 s: holds to 31,
    rings m to 41, k answers: wait 40 (30 in d, 10 in m, 0 in k). The first person to
    answer it is k's. (On a business day: hand-offs are counted by the hour of arrival.)"""
    spec = departments(
        {"name": "d", "staff": 1, "max_wait": 30, "exit_to": "m"},
        nobody_picks_up("m", redirect="k"),
        {"name": "k", "staff": 1},
    )
    figs, log = figures(spec, {"c": [NINE, NINE + 1]}, DAY)
    second = log[1]
    assert (second.wait, second.first_department, second.staff_department) == (40.0, 2, 2)
    assert figs[("mean_wait", "department:m")] == pytest.approx(10.0)
    assert figs[("mean_wait", "department:k")] == pytest.approx(0.0)
    assert figs[("mean_wait", "department:d")] == pytest.approx(15.0)


def test_a_caller_sent_on_rings_out_in_the_next_department_too() -> None:
    """d (busy, 30 s maximum wait) sends the caller of 1 s to m, where nobody picks up
    and there is no patience nor maximum wait: it rings m once (31..41) and rang out."""
    spec = departments(
        {"name": "d", "staff": 1, "max_wait": 30, "exit_to": "m"}, nobody_picks_up("m")
    )
    assert trace(spec, {"c": [0, 1]})[1] == (1, 1, 40, 0, "unanswered", "")


# ----------------------------------------------------------------------------- ringing round


def test_without_a_hold_queue_a_patient_caller_still_rings_out() -> None:
    """No hold queue: however patient the caller, one ring of each member (2 x 20 s)."""
    spec = office(2, 2, "linear", patience=det(200), pickup=NEVER)
    assert trace(spec, {"c": [0]}) == [(0, 1, 40, 0, "unanswered", "")]


def test_a_hold_queue_of_one_place_keeps_a_patient_caller_ringing() -> None:
    spec = office(2, 2, "linear", hold={"max_callers": 1}, patience=det(200), pickup=NEVER)
    assert trace(spec, {"c": [0]}) == [(0, 1, 200, 0, "abandoned", "")]


def test_a_caller_who_never_gives_up_and_is_never_let_go_rings_out() -> None:
    """A hold queue, but no patience and no maximum wait: rung once (20 s), then rang out."""
    spec = office(1, 2, "linear", hold={}, pickup=NEVER)
    assert trace(spec, {"c": [0]}) == [(0, 1, 20, 0, "unanswered", "")]


# ----------------------------------------------------------------------------- retry pause


def nobody_in_time(**dept: Any) -> dict[str, Any]:
    """d: one member of Asterisk's rrmemory (5 s retry pause) who picks up after 30 s,
    past the 20 s ring timeout: every ring times out, deterministically."""
    return office(1, 5, "rrmemory", pickup_delay=30, **dept)


def test_callers_in_the_retry_pause_count_toward_the_hold_queue_and_leave_it() -> None:
    """A queue of one place, patience 60 s. 0 s rings to 20, pauses to 25, rings to 45,
    pauses, rings again at 50 and hangs up at 60: nobody is left in the pause. 100 s
    rings; 110 s holds (the one place); 115 s finds it taken: queue_full."""
    spec = nobody_in_time(hold={"max_callers": 1}, patience=det(60))
    assert trace(spec, {"c": [0, 100, 110, 115]}) == [
        (0, 1, 60, 0, "abandoned", ""),
        (100, 1, 60, 0, "abandoned", ""),
        (110, 1, 60, 0, "abandoned", ""),
        (115, 1, 0, 0, "queue_full", ""),
    ]


@pytest.mark.parametrize("after", [30, 20])
def test_a_caller_back_from_the_pause_with_nobody_free_goes_on_hold_and_overflows(
    after: float,
) -> None:
    """d (rrmemory: 5 s pause; nobody ever picks up) overflows to help after 30 s on
    hold. A (0 s) rings d/1 to 20; B (10 s) holds, and rings d/1 from 20. A is back at
    25, nobody is free: A goes on hold (ahead of the queue), 25 s after arriving, and
    overflows when it has held *after* seconds in all: at 30 s, or at once (25 s) if
    that time has passed; help answers. B rings on until their patience (200 s)."""
    spec = departments(
        {"name": "d", "staff": 1, "strategy": "rrmemory", "pickup": NEVER},
        {"name": "help", "staff": 1, "answers": "transferred"},
    )
    spec["traffic"][0]["patience"] = det(200)
    assert trace(spec, {"c": [0, 10]}) == [
        (0, 1, 200, 0, "abandoned", ""),
        (10, 1, 200, 0, "abandoned", ""),
    ]
    spec["departments"][0]["overflow"] = {"to": "help", "after": after}
    assert trace(spec, {"c": [0, 10]}) == [
        (0, 1, max(after, 25), 100, "answered", "help/1"),
        (10, 1, 200, 0, "abandoned", ""),
    ]


def test_a_caller_who_hangs_up_in_the_pause_is_not_rung_again() -> None:
    """No hold queue, patience 22 s: A rings to 20 and hangs up in the pause (22 s);
    B (30 s) finds the member free, rings to 50, pauses, and hangs up at 52."""
    spec = nobody_in_time(patience=det(22))
    assert trace(spec, {"c": [0, 30]}) == [
        (0, 1, 22, 0, "abandoned", ""),
        (30, 1, 22, 0, "abandoned", ""),
    ]


# ----------------------------------------------------------------------------- announcements


def held_by_300s_calls(patience: float | None = None, **hold: Any) -> dict[str, Any]:
    """1 person, 300-second calls: 0 s talks to 300 (one finished call: the average
    handle time is 300 s from then on), 310 s to 610."""
    spec = office(1, 5, hold=hold, patience=None if patience is None else det(patience))
    spec["traffic"][0]["talk"] = det(300)
    return spec


def announcing(spec: dict[str, Any], **announce: Any) -> dict[str, Any]:
    spec["departments"][0]["announce"] = {"every": 30, **announce}
    return spec


def test_the_estimate_counts_only_the_callers_still_holding_ahead() -> None:
    """Patience 400 s; a caller of another stream (patience 5 s) held from 316 to 321 and
    stays in the queue's list, gone. 320 s is first in line (estimate 1 x 300 s): it stays
    while its patience left is over 300 s, and leaves at the announcement of 440 s (280 s
    left). 330 s is second (600 s): it leaves at its first announcement, 360 s."""
    spec = announcing(held_by_300s_calls(400), leave_if_longer=True)
    spec["traffic"].append({**spec["traffic"][0], "name": "s", "patience": det(5)})
    assert trace(spec, {"c": [0, 310, 320, 330], "s": [316]}) == [
        (0, 1, 0, 300, "answered", "d/1"),
        (310, 1, 0, 300, "answered", "d/1"),
        (316, 1, 5, 0, "abandoned", ""),
        (320, 1, 120, 0, "abandoned", ""),
        (330, 1, 30, 0, "abandoned", ""),
    ]


def test_a_caller_without_a_patience_of_their_own_waits_for_the_maximum_wait() -> None:
    """The PBX lets callers go after 90 s; the caller would hold for ever: the estimate
    (300 s) does not send them away, the maximum wait does."""
    spec = announcing(held_by_300s_calls(max_wait=90), leave_if_longer=True)
    assert trace(spec, {"c": [0, 310, 320]})[2] == (320, 1, 90, 0, "unanswered", "")


def test_less_than_a_second_of_patience_per_announcement_still_counts() -> None:
    """Patience 90 s, +0.5 s at 350, 380 and 410 s: the caller of 320 s leaves at 411.5."""
    spec = announcing(held_by_300s_calls(90), patience_extra=0.5)
    assert trace(spec, {"c": [0, 310, 320]})[2] == (320, 1, 91.5, 0, "abandoned", "")


@pytest.mark.parametrize(("extra", "outcome"), [(40, "abandoned"), (60, "unanswered")])
def test_patience_added_up_to_the_maximum_wait_is_still_the_callers(
    extra: float, outcome: str
) -> None:
    """Maximum wait 110 s, patience 70 s, one announcement (at 60 s on hold) before the
    end: +40 s makes the patience exactly the maximum wait, and the caller hangs up
    (abandoned); +60 s passes it, and the PBX lets them go (unanswered), both at 110 s."""
    spec = held_by_300s_calls(70, max_wait=110)
    spec["departments"][0]["announce"] = {"every": 60, "patience_extra": extra}
    assert trace(spec, {"c": [0, 10]})[1] == (10, 1, 110, 0, outcome, "")


def test_the_asterisk_estimate_takes_off_the_time_already_waited() -> None:
    """wait_estimate asterisk: answers after 0, 290 and 580 s of wait make holdtime
    0, 72.5, 199.375 s. A caller of another stream (patience 100 s) holds from 700 s; at
    730 s they hear 199.375 - 30 s, more than the 70 s they have left, and go."""
    spec = announcing(held_by_300s_calls(), leave_if_longer=True)
    spec["departments"][0]["wait_estimate"] = "asterisk"
    spec["traffic"].append({**spec["traffic"][0], "name": "s", "patience": det(100)})
    rows = trace(spec, {"c": [0, 10, 20], "s": [700]})
    assert [row[2] for row in rows[:3]] == [0, 290, 580]
    assert rows[3] == (700, 1, 30, 0, "abandoned", "")


def test_with_nobody_on_shift_the_estimate_is_endless_and_sends_callers_away() -> None:
    """The one person is off shift from 09:00 to 10:00; callers may join meanwhile.
    08:00 is answered (100 s: something to estimate from). 09:10 joins with 600 s of
    patience and hears, 30 s later, that nobody will come: they leave at once."""
    spec = announcing(office(1, 5, hold={}, patience=det(600)), leave_if_longer=True)
    spec["period"] = {"days": 1, "open": "08:00", "close": "11:00"}
    spec["departments"][0].update(
        shifts={"08": 1, "09": 0, "10": 1}, join_empty=True, leave_when_empty=False
    )
    assert trace(spec, {"c": [8 * 3600, 9 * 3600 + 600]}) == [
        (8 * 3600, 1, 0, 100, "answered", "d/1"),
        (9 * 3600 + 600, 1, 30, 0, "abandoned", ""),
    ]


# ----------------------------------------------------------------------------- shifts


def test_a_person_back_on_shift_during_a_call_is_not_free_before_it_ends() -> None:
    """Calls of 2 hours, no hold queue. d/1 is off shift 09-10 (idle: gone at once) and
    11-12 (on the call of 10:30, to 12:30). Back at 12:00 they are still on that call:
    the caller of 12:10 hears busy."""
    spec = office(1, 5)
    spec["traffic"][0]["talk"] = det(7200)
    spec["period"] = {"days": 1, "open": "08:00", "close": "14:00"}
    spec["departments"][0]["shifts"] = {"08": 1, "09": 0, "10": 1, "11": 0, "12": 1}
    rows = trace(spec, {"c": [10.5 * 3600, 12 * 3600 + 600]})
    assert rows == [
        (10.5 * 3600, 1, 0, 7200, "answered", "d/1"),
        (12 * 3600 + 600, 1, 0, 0, "busy", ""),
    ]


# ----------------------------------------------------------------------------- strategies


def test_wrandom_draws_one_whole_number_per_member_below_1000_per_penalty_step() -> None:
    """Asterisk's wrandom metric, ``ast_random() % ((1 + penalty) * 1000)``: one draw per
    free member on 0 .. (1 + penalty) * 1000 - 1 from the department's stream, the
    lowest first, ties by list order. Checked draw for draw against a twin stream, on
    departments large enough for ties (50 members)."""
    for n, seed in ((3, 1), (50, 2)):
        desk = FakeDesk(n, seed, penalties=True, tiers=False)
        twin = np.random.default_rng(seed)
        for _ in range(400):
            free = desk.agents
            highs = [(1 + a.penalty) * 1000 for a in free]
            metric = twin.integers(0, highs)
            expected = [free[i] for i in np.argsort(metric, kind="stable")]
            assert st.weighted_random(free, desk) == expected


def test_random_shuffles_two_free_members_too() -> None:
    """The order function ``random`` (the definition the free index is checked against)
    gives both orders of two free members, from the department's stream."""
    desk = FakeDesk(2, 7, penalties=False, tiers=False)
    firsts = {st.random(desk.agents, desk)[0].index for _ in range(50)}
    assert firsts == {0, 1}


# ----------------------------------------------------------------------------- overflow


def test_a_caller_answered_before_the_overflow_time_is_not_overflowed() -> None:
    """d/1 talks 0..100 and answers the caller of 1 s at 100 (before its overflow time,
    200 s); at 201 s help is free, and has nothing to take: two calls, two records."""
    assert trace(overflowing(after=200), {"c": [0, 1], "h": []}) == [
        (0, 1, 0, 100, "answered", "d/1"),
        (1, 1, 99, 100, "answered", "d/1"),
    ]


def test_a_person_freed_in_the_overflow_department_takes_only_callers_past_the_time() -> None:
    """Overflow after 100 s. help/1 talks 0..60 with its own caller; d's caller of 50 s
    has held only 10 s when help/1 is free: d/1 answers them at 100."""
    spec = overflowing(after=100)
    spec["traffic"][1]["talk"] = det(60)
    assert (50, 1, 50, 100, "answered", "d/1") in trace(spec, {"c": [0, 50], "h": [0]})


def test_a_person_freed_in_the_overflow_department_passes_over_callers_who_left() -> None:
    """Overflow after 30 s. help/1 talks 0..60; in d a caller of another stream holds
    from 1 s and hangs up at 6 s, a caller of 2 s holds on: at 60 s help/1 takes them."""
    spec = overflowing(after=30)
    spec["traffic"][1]["talk"] = det(60)
    spec["traffic"].append({**spec["traffic"][0], "name": "s", "patience": det(5)})
    rows = trace(spec, {"c": [0, 2], "h": [0], "s": [1]})
    assert (1, 1, 5, 0, "abandoned", "") in rows
    assert (2, 1, 58, 100, "answered", "help/1") in rows


# ----------------------------------------------------------------------------- transfers


def test_a_blind_transfer_counts_each_side_once_and_the_first_persons_talk_and_wrap() -> None:
    """requests (wrap-up 10 s) passes both calls on to support: two out, two in, both
    answered there; requests/1 was busy 100 s talking and 10 s wrapping up per call."""
    spec = transfer_office("blind")
    spec["departments"][0]["wrap_up"] = det(10)
    _, rep = replay(spec, {"c": [0, 300]})
    assert rep.department_counts["requests"]["transferred"] == 2
    assert rep.department_counts["support"]["transfers_in"] == 2
    assert rep.department_counts["support"]["transfers_in_answered"] == 2
    assert rep.staff_busy_seconds == {
        "requests/1": pytest.approx(220.0),
        "support/1": pytest.approx(100.0),
    }


@pytest.mark.parametrize(("hold", "outcome"), [({"max_callers": 1}, "queue_full"), (None, "busy")])
def test_a_transfer_that_rings_back_counts_queue_full_or_busy_there(
    hold: dict[str, Any] | None, outcome: str
) -> None:
    """support talks 500 s with each transferred caller. With a queue of one place: 0 s
    is transferred at 100 (to 600), 60 s waits in requests, is transferred at 200 and
    holds in support (the one place); 120 s is transferred at 300, finds the queue full
    and rings back (talk 100 s): support counts it queue_full. Without a hold queue,
    60 s hears busy and 120 s, transferred at 220, rings back: support counts it busy."""
    spec = transfer_office("blind")
    spec["transfers"][0]["talk"] = det(500)
    if hold is None:
        del spec["pbx"]["hold"]
    else:
        spec["pbx"]["hold"] = hold
    figs, log = figures(spec, {"c": [0, 60, 120]})
    last = log[2]
    assert (Outcome(last.outcome).label, last.talk) == ("answered", 100.0)
    other = "busy" if outcome == "queue_full" else "queue_full"
    assert figs[(outcome, "department:support")] == 1.0
    assert figs[(other, "department:support")] == 0.0
    # the call that rang back was not answered in support
    assert figs[("answered", "department:support")] == (2.0 if hold else 1.0)
    # and it is counted once in requests, which answered it (60 s heard busy there
    # without a hold queue)
    assert figs[("answered", "department:requests")] == (3.0 if hold else 2.0)


@pytest.mark.parametrize(
    ("strategy", "firsts"),
    [("leastrecent", [0, 1, 0, 1]), ("agent-with-least-talk-time", [0, 1, 0, 1])],
)
def test_a_person_who_passed_a_call_on_ended_it_for_the_strategy(
    strategy: str, firsts: list[int]
) -> None:
    """requests has two people and passes every call on after 100 s. The call's end
    for leastrecent and the talk time for least talk time are the first person's:
    0 s and 400 s go to requests/1, 150 s and 700 s to requests/2."""
    spec = transfer_office("blind")
    spec["departments"][0].update(staff=2, strategy=strategy)
    _, log = figures(spec, {"c": [0, 150, 400, 700]})
    assert [r.first_staff for r in log] == firsts


def test_whoever_took_an_attended_transfer_counts_one_call_for_fewest_calls() -> None:
    """support (two people, fewest calls) also answers its own number. 0 s: requests
    passes it on (attended) at 100 to support/1 (1 call). 400 s, direct: support/2
    (1 call). 600 s: passed on at 700, a tie at one call each: support/1."""
    spec = transfer_office("attended")
    spec["lines"][0]["numbers"] = ["1", "2"]
    spec["traffic"].append({**spec["traffic"][0], "name": "d", "dial": "2"})
    spec["departments"][1].update(staff=2, strategy="fewest_calls", answers="inbound")
    spec["routes"] = {"1": "requests", "2": "support"}
    rows, rep = replay(spec, {"c": [0, 600], "d": [400]})
    assert [row[5] for row in rows] == ["support/1", "support/2", "support/1"]
    assert rep.department_counts["support"]["transfers_in_answered"] == 2


def test_round_robin_with_tiers_goes_on_after_the_member_rung_last() -> None:
    """FreeSWITCH round-robin over tiers: first the members of the level of the one
    rung last with a higher position, then all by level and position. Levels 1, 1, 2,
    2 and positions 1, 2, 1, 2: after member 0, member 1 first; after member 1 (none of
    level 1 after it) and after nobody (-1), by tier."""
    desk = FakeDesk(4, 1, penalties=False, tiers=True)
    for agent, level, position in zip(desk.agents, (1, 1, 2, 2), (1, 2, 1, 2), strict=True):
        agent.level, agent.position = level, position
    orders = {}
    for last in (-1, 0, 1):
        desk.rr_last = last
        orders[last] = [a.index for a in st.round_robin(desk.agents, desk)]
    assert orders == {-1: [0, 1, 2, 3], 0: [1, 0, 2, 3], 1: [0, 1, 2, 3]}


# ----------------------------------------------------------------------------- redials


def test_redials_on_a_later_day_keep_their_time_or_wait_for_opening() -> None:
    """One phone, 50-minute calls, open 09:00-17:00 on three days; every busy caller
    redials. Stream a redials 16 h later: busy at 16:00, due at 08:00 the next day, it
    waits for 09:00. Stream b redials 24 h later: busy at 10:00, it comes at 10:00 the
    next day, inside the hours."""
    spec = one_line(3000)
    spec["period"] = {"days": 3, "open": "09:00", "close": "17:00"}
    a = spec["traffic"][0]
    a["redial"] = {"probability": 1, "after": det(16 * 3600)}
    spec["traffic"].append({**a, "name": "b", "redial": {"probability": 1, "after": det(86400)}})
    h = 3600.0
    rows = trace(spec, {"c": [9.9 * h, 15.8 * h, 16 * h], "b": [10 * h]})
    assert [(row[0], row[1], row[4]) for row in rows] == [
        (9.9 * h, 1, "answered"),
        (10 * h, 1, "busy"),
        (15.8 * h, 1, "answered"),
        (16 * h, 1, "busy"),
        (86400 + 9 * h, 2, "answered"),
        (86400 + 10 * h, 2, "answered"),
    ]


def test_a_transferred_caller_holds_no_longer_than_the_new_departments_maximum_wait() -> None:
    """support lets callers go after 30 s and talks 500 s with each. 60 s waits 40 s in
    requests, is passed on at 200, holds in support and is let go at 230: wait 70 s."""
    spec = transfer_office("blind")
    spec["departments"][1]["max_wait"] = 30
    spec["transfers"][0]["talk"] = det(500)
    assert trace(spec, {"c": [0, 60]})[1] == (60, 1, 70, 100, "unanswered", "")


def test_a_caller_who_hangs_up_in_the_pause_frees_their_place_in_the_queue() -> None:
    """A queue of one place, patience 22 s: 0 s rings to 20 and hangs up in the pause
    (22 s); 30 s rings; 35 s holds (the one place); 40 s finds it taken: queue_full."""
    spec = nobody_in_time(hold={"max_callers": 1}, patience=det(22))
    assert [row[4] for row in trace(spec, {"c": [0, 30, 35, 40]})] == [
        "abandoned",
        "abandoned",
        "abandoned",
        "queue_full",
    ]


def test_a_queue_passes_over_a_caller_who_overflowed_and_serves_the_next() -> None:
    """d/1 talks 0..100; 1 s overflows at 31 to help; 2 s holds on in d (help is busy
    from 31): d/1 passes over the one who left and answers 2 s at 100."""
    rows = trace(overflowing(after=30), {"c": [0, 1, 2], "h": []})
    assert rows[1:] == [(1, 1, 30, 100, "answered", "help/1"), (2, 1, 98, 100, "answered", "d/1")]


def test_the_second_in_line_hears_twice_the_handle_time() -> None:
    """Patience 700 s: 330 s is second (600 s) and stays while more than 600 s of
    patience are left; at 450 s (580 s left) it goes, before the person is free."""
    spec = announcing(held_by_300s_calls(700), leave_if_longer=True)
    assert trace(spec, {"c": [0, 310, 320, 330]})[3] == (330, 1, 120, 0, "abandoned", "")


def test_a_declined_callback_has_no_callback_wait() -> None:
    spec = office(1, 2, hold={})
    spec["departments"][0]["callback"] = {"offer_over": 0, "answer_after": 0, "accept": 0.0}
    _, log = figures(spec, {"c": [0, 150, 160]})
    assert (log[2].callback, log[2].callback_wait) == (1, 0.0)


def test_a_caller_who_joins_while_another_is_in_the_pause_finds_the_queue_full() -> None:
    """A queue of one place: 0 s rings to 20 and is in the pause to 25; 21 s rings the
    member released at 20; 22 s finds the one place counted for the caller in the pause."""
    spec = nobody_in_time(hold={"max_callers": 1}, patience=det(60))
    assert trace(spec, {"c": [0, 21, 22]})[2] == (22, 1, 0, 0, "queue_full", "")


# ----------------------------------------------------------------------------- callbacks and shifts


def callback_over_a_shift_change(shifts: dict[str, int], close: str) -> list[CallRecord]:
    """1 person, 100-second calls; 09:00:10 and 09:59:00 are answered; 09:59:10 takes a
    callback (the person is busy to 10:00:40). Callers are let go when nobody is left."""
    spec = office(1, 2, hold={}, leave_when_empty=True, shifts=shifts)
    spec["departments"][0]["callback"] = {"offer_over": 0, "answer_after": 0, "accept": 1.0}
    period = {"days": 1, "open": "09:00", "close": close}
    _, log = figures(spec, {"c": [NINE + 10, NINE + 3540, NINE + 3550]}, period)
    return log


def test_a_callback_keeps_its_place_while_nobody_is_on_shift() -> None:
    """Nobody on shift from 10:00 to 11:00: the callback waits and is made at 11:00."""
    last = callback_over_a_shift_change({"09": 1, "10": 0, "11": 1}, "12:00")[2]
    assert (Outcome(last.outcome), last.callback_wait) == (Outcome.CALLED_BACK, 3650.0)


def test_a_callback_still_waiting_at_the_end_failed_within_the_run() -> None:
    last = callback_over_a_shift_change({"09": 1, "10": 0}, "11:00")[2]
    assert Outcome(last.outcome) is Outcome.CALLBACK_FAILED
    assert 0.0 < last.callback_wait <= 86400 - (NINE + 3550)
