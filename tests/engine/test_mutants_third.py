"""Paths of a call left open by the first two mutation runs, pinned by exact logs.

Written against the survivors that benchmarks/mutation_engine_survivors.txt listed as
open after the second run, and those of the third run (benchmarks/mutation_engine.md,
"Third pass"): each test fails for some change of the engine that every other test let
pass. Times are deterministic, or drawn from a random stream that the test draws again
itself (a twin of the engine's stream, keyed the same way); the expected numbers are
worked out in each docstring.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from replay import office, one_line, replay, trace
from test_mechanism import transfer_office
from test_mutants_engine import departments, det, figures, nobody_in_time, nobody_picks_up
from test_queue_exits import two_desks

from teletraffic.distributions import stream_rng
from teletraffic.engine import run_replication
from teletraffic.engine.free import lowest_draw
from teletraffic.engine.windows import channel_busy, gap_around, seconds_inside
from teletraffic.records import CallRecord, Outcome, PartRecord
from teletraffic.scenario import scenario_from_dict


class Parts:
    """An observer that keeps the departments' parts and nothing else."""

    def __init__(self) -> None:
        self.parts: list[PartRecord] = []

    def arrival(self, stream: int, department: int, time: float, measured: bool) -> None:
        """Not needed."""

    def handoff(self, stream: int, department: int, arrival: float) -> None:
        """Not needed."""

    def attempt(self, record: CallRecord) -> None:
        """Not needed."""

    def part(self, record: PartRecord) -> None:
        self.parts.append(record)


def parts_of(spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]]) -> list[Any]:
    """(department, arrival, outcome, wait, talk) of every part, in the order they ended."""
    scenario = scenario_from_dict({"name": "p", "period": {"hours": 10, "warmup": 0}, **spec})
    names = [d.name for d in scenario.effective_departments]
    seen = Parts()
    run_replication(scenario, 0, 1, seen, arrivals=arrivals)
    return [
        (names[p.department], p.arrival, Outcome(p.outcome).label, p.wait, p.talk)
        for p in seen.parts
    ]


# ----------------------------------------------------------------------------- parts


def test_a_caller_redirected_into_a_busy_department_has_no_wait_there() -> None:
    """managers never pick up (10 s ring) and redirect to backup, which has no hold
    queue. 0 s: backup answers after the 10 s in managers (talk to 110). 50 s: rings
    managers to 60, backup is busy: busy there, with a wait of 0 s in backup (not the
    10 s spent in managers taken off the attempt's 0 s: -10 s)."""
    spec = departments(
        nobody_picks_up("managers", redirect="backup"),
        {"name": "backup", "staff": 1},
    )
    del spec["pbx"]["hold"]
    assert parts_of(spec, {"c": [0, 50]}) == [
        ("managers", 0.0, "unanswered", 10.0, 0.0),
        ("managers", 50.0, "unanswered", 10.0, 0.0),
        ("backup", 50.0, "busy", 0.0, 0.0),
        ("backup", 0.0, "answered", 0.0, 100.0),
    ]


# ----------------------------------------------------------------------------- retry pause


def test_a_caller_back_from_the_pause_counts_callers_still_in_the_pause() -> None:
    """Two members of rrmemory (5 s pause) who never pick up in time, a queue of one
    place, patience 200 s. A (0 s) rings one to 20, pauses to 25; C (3 s) rings the
    other to 23, pauses to 28; B (21 s) and D (24 s) ring the members freed at 20 and
    23. At 25 A is back, nobody is free, and C in the pause holds the one place: A has
    rung out (unanswered after 25 s), though nobody holds."""
    spec = nobody_in_time(hold={"max_callers": 1}, patience=det(200))
    spec["departments"][0]["staff"] = 2
    rows = trace(spec, {"c": [0, 3, 21, 24]})
    assert rows[0] == (0, 1, 25, 0, "unanswered", "")
    assert [row[4] for row in rows[1:]] == ["abandoned"] * 3


def test_a_caller_back_from_the_pause_joins_the_count_of_callers_on_hold() -> None:
    """One member of rrmemory (5 s pause) who never picks up in time, a queue of two
    places, patience 200 s. A (0 s) rings to 20, pauses to 25; B (21 s) rings the
    member; H (22 s) holds (one place); at 25 A is back, nobody is free: A holds ahead
    of H (two places). E (26 s) finds the queue full."""
    spec = nobody_in_time(hold={"max_callers": 2}, patience=det(200))
    rows = trace(spec, {"c": [0, 21, 22, 26]})
    assert rows[3] == (26, 1, 0, 0, "queue_full", "")
    assert [row[4] for row in rows[:3]] == ["abandoned"] * 3


# ----------------------------------------------------------------------------- shifts, exits


def test_the_last_person_leaving_lets_go_callers_behind_one_who_overflowed() -> None:
    """d (one person until 10:00, then nobody; callers let go when nobody is left)
    overflows to help after 30 s. X (09:59:00) talks to 10:00:40; O (09:59:10) holds
    and overflows at 09:59:40 (help answers), its entry stays in d's queue; H (09:59:50)
    holds behind it. At 10:00 d is empty: H is let go (unanswered, 10 s), O's entry
    passed over."""
    spec = two_desks(overflow={"to": "help", "after": 30}, shifts={"09": 1, "10": 0})
    spec["departments"][0]["leave_when_empty"] = True
    nine = 9 * 3600.0
    period = {"days": 1, "open": "09:00", "close": "12:00"}
    _, log = figures(spec, {"c": [nine + 3540, nine + 3550, nine + 3590]}, period)
    assert [(Outcome(r.outcome).label, r.wait, r.staff_department) for r in log] == [
        ("answered", 0.0, 0),
        ("answered", 30.0, 1),
        ("unanswered", 10.0, -1),
    ]


def test_a_caller_sent_on_by_the_maximum_wait_is_not_overflowed_from_the_first() -> None:
    """d (one person) lets callers wait 20 s, then sends them to e, and overflows to
    help after 30 s. d/1 and e/1 talk 0..100 with callers of their own; C (1 s) holds in
    d, is sent on to e at 21 s and holds there; at 31 s d's overflow watch finds C no
    longer d's: C stays in e and is answered there at 100 s (wait 99 s), not by help."""
    spec = two_desks(overflow={"to": "help", "after": 30}, max_wait=20, exit_to="e")
    spec["departments"].append({"name": "e", "staff": 1})
    spec["lines"][0]["numbers"] = ["1", "2"]
    spec["traffic"].append({**spec["traffic"][0], "name": "f", "dial": "2"})
    spec["routes"] = {"1": "d", "2": "e"}
    rows = trace(spec, {"c": [0, 1], "f": [0]})
    assert rows == [
        (0, 1, 0, 100, "answered", "d/1"),
        (0, 1, 0, 100, "answered", "e/1"),
        (1, 1, 99, 100, "answered", "e/1"),
    ]


# ----------------------------------------------------------------------------- transfers


def test_a_chain_of_transfers_in_the_warm_up_is_not_counted() -> None:
    """requests passes every call on to support, support to billing (blind, 50 s of talk
    each). The call of 0 s, in the first hour's warm-up, is passed on twice: no
    department counts it; the call of 7200 s is counted in each (support answered a
    transfer and passed it on: one transfer in answered there, one in billing)."""
    spec = transfer_office("blind")
    spec["departments"].append({"name": "billing", "staff": 1, "answers": "transferred"})
    spec["transfers"].append({**spec["transfers"][0], "from": "support", "to": "billing"})
    period = {"hours": 10, "warmup": "1h"}
    _, log = figures(spec, {"c": [0]}, period)
    assert [(r.talk, r.first_staff) for r in log] == [(200.0, 0)]
    _, rep = replay({**spec, "period": period}, {"c": [0, 7200]})
    assert rep.department_counts["support"]["transfers_in"] == 1
    assert rep.department_counts["support"]["transfers_in_answered"] == 1
    assert rep.department_counts["billing"]["transfers_in_answered"] == 1


# ----------------------------------------------------------------------------- announcements


def test_an_announcement_of_the_first_department_does_not_reach_a_caller_overflowed_at_once() -> (
    None
):
    """d announces every 30 s, each adding 100 s of patience, and overflows to help at
    once (after 0 s). help (rrmemory: 5 s pause) never picks up in time. d/1 talks 0..100;
    X (1 s) holds in d and overflows at 1 s (the same instant: its leg there starts when
    its leg in d did); it rings help/1 to 21, pauses to 26; help's own caller Y (22 s)
    rings help/1; at 26 X holds in help. d's announcement of 31 s is no longer X's: X
    hangs up after its own 200 s of patience."""
    spec = two_desks(
        overflow={"to": "help", "after": 0}, announce={"every": 30, "patience_extra": 100}
    )
    spec["departments"][1].update(strategy="rrmemory", pickup_delay=30, answers="inbound")
    spec["lines"][0]["numbers"] = ["1", "2"]
    spec["traffic"][0]["patience"] = det(200)
    spec["traffic"].append({**spec["traffic"][0], "name": "h", "dial": "2"})
    spec["routes"] = {"1": "d", "2": "help"}
    rows = trace(spec, {"c": [0, 1], "h": [22]})
    assert rows[1] == (1, 1, 200, 0, "abandoned", "")


def test_announcements_after_the_end_go_on_for_a_caller_who_will_hang_up() -> None:
    """Nobody ever on shift in d, callers may join and are not let go; every 30 s an
    announcement adds 10 s of patience (100 s). X joins at 09:59:55, 5 s before the end
    of the day's arrivals: the announcements at 30, 60, 90 and 120 s on hold (all after
    the end) raise the patience to 140 s, and X hangs up then."""
    spec = office(
        1, 2, hold={}, patience=det(100), shifts={"09": 0}, join_empty=True, leave_when_empty=False
    )
    spec["departments"][0]["announce"] = {"every": 30, "patience_extra": 10}
    period = {"days": 1, "open": "09:00", "close": "10:00"}
    _, log = figures(spec, {"c": [10 * 3600.0 - 5]}, period)
    assert [(Outcome(r.outcome).label, r.wait) for r in log] == [("abandoned", 140.0)]


# ----------------------------------------------------------------------------- callbacks


def callbacks(staff: int, **cb: Any) -> dict[str, Any]:
    """*staff* people, 100-second calls, callbacks offered over 0 s and answered at once."""
    spec = office(staff, 5, hold={})
    spec["departments"][0]["callback"] = {"offer_over": 0, "answer_after": 0, **cb}
    return spec


def test_a_callback_counts_as_a_call_for_fewest_calls() -> None:
    """Two people, fewest calls. 0 s and 10 s: d/1 and d/2 (one call each); 120 s and
    130 s: d/1 and d/2 again (two each); 140 s: both busy, a callback (estimate 100 s /
    2 > 0), made by d/1 at 220 s (three calls). 400 s: d/2 (two calls); 600 s: a tie at
    three calls each, d/1 (the first)."""
    spec = callbacks(2, accept=1.0)
    spec["departments"][0]["strategy"] = "fewest_calls"
    rows = trace(spec, {"c": [0, 10, 120, 130, 140, 400, 600]})
    assert [(row[0], row[4], row[5]) for row in rows] == [
        (0, "answered", "d/1"),
        (10, "answered", "d/2"),
        (120, "answered", "d/1"),
        (130, "answered", "d/2"),
        (140, "called_back", "d/1"),
        (400, "answered", "d/2"),
        (600, "answered", "d/1"),
    ]


def test_callbacks_take_channels_of_their_own_line() -> None:
    """Callbacks go out on line out (two channels). Two people: 0 s and 50 s answered;
    120 s answered by d/1; 130 s and 140 s take callbacks (estimate > 0); d/2 calls 130 s
    back at 150 s (to 250), d/1 calls 140 s back at 220 s: two channels of out at once."""
    spec = callbacks(2, accept=1.0, line="out")
    spec["lines"].append({"name": "out", "kind": "multichannel", "numbers": ["2"], "channels": 2})
    rows, rep = replay(spec, {"c": [0, 50, 120, 130, 140]})
    assert [row[4] for row in rows] == ["answered"] * 3 + ["called_back"] * 2
    assert rep.line_peak == {"trunk": 3, "out": 2}
    assert rep.line_busy_seconds["out"] == 200.0


def test_a_callback_that_cannot_fail_to_reach_the_caller_draws_nothing() -> None:
    """One person; everyone called back picks up (reached 1), half take the callback:
    the callback stream draws only for taking it. With seed 4: 160 s is offered (u0 =
    0.32: takes it) and called back at 250 s; 300 s is offered while d/1 talks with
    160 s: it takes the second draw (u1 = 0.93: holds on), not the third (u2 = 0.13)."""
    draws = stream_rng(4, 0, "department:d", "callback").random(3)
    assert [round(float(u), 2) for u in draws] == [0.32, 0.93, 0.13]
    spec = callbacks(1, accept=0.5)
    rows = trace(spec, {"c": [0, 150, 160, 300]}, seed=4)
    assert [row[4] for row in rows] == ["answered", "answered", "called_back", "answered"]


def test_callbacks_on_the_asterisk_estimate_count_from_a_wait_of_0() -> None:
    """Asterisk's estimate, a callback offered over 9.5 s. 0 s talks to 100; 60 s waits
    40 s: holdtime (3 x 0 + 40) / 4 = 10 s. 150 s joins the queue (d/1 talks to 200)
    having waited nothing: 10 s > 9.5 s, offered and taken, called back at 200 s."""
    spec = callbacks(1, accept=1.0)
    spec["departments"][0].update(wait_estimate="asterisk")
    spec["departments"][0]["callback"]["offer_over"] = 9.5
    rows = trace(spec, {"c": [0, 60, 150]})
    assert rows == [
        (0, 1, 0, 100, "answered", "d/1"),
        (60, 1, 40, 100, "answered", "d/1"),
        (150, 1, 0, 100, "called_back", "d/1"),
    ]


# ----------------------------------------------------------------------------- levels


def test_a_member_busy_all_the_time_on_shift_is_busy_no_longer_than_that() -> None:
    """One person busy from the end of the warm-up (1000 s) to the end of the run
    (4600 s): 35 calls of 99.9 s back to back, and one that ends exactly at 4600 s (its
    talk is what the clock has left). The clock adds 99.9 s at the size of 1000-4600 s,
    the person's busy time adds the talks from 0: the two round apart, and the talks add
    up to a hair over the 3600 s on shift. Busy time is the time on shift, not more."""
    clock = 1000.0
    for _ in range(35):
        clock += 99.9
    last = 4600.0 - clock
    talks = 0.0
    for talk in [99.9] * 35 + [last]:
        talks += talk
    assert 3600.0 < talks < 3600.0 * (1.0 + 1e-12)
    spec = office(1, 40, hold={})
    spec["traffic"][0]["talk"] = det(99.9)
    spec["traffic"].append({**spec["traffic"][0], "name": "l", "talk": det(last)})
    spec["period"] = {"hours": 1, "warmup": 1000}
    rows, rep = replay(spec, {"c": [1000.0] * 35, "l": [1000.5]})
    assert rows[-1][4:] == ("answered", "d/1")
    assert rep.staff_present_seconds == {"d/1": 3600.0}
    assert rep.staff_busy_seconds == {"d/1": 3600.0}


# ----------------------------------------------------------------------------- dialling out


def test_a_dial_timer_gone_stale_in_the_closed_hours_does_not_dial_at_the_opening() -> None:
    """sales/1 dials out (360 an hour, 20 s calls) and takes what requests passes on.
    The call of 09:59:50 is passed on at 10:01:30, after closing: sales/1's timer that
    ran out after closing (waiting for the next opening) is stale once they took that
    call, and the one armed when they were free again waits for the opening too. On
    day 2 (09:00 = 118800 s) only the fresh timer dials: the first calls out of the day
    are those of the seed's draws (pinned), not earlier ones of a second timer."""
    spec = transfer_office("blind")
    spec["departments"][1].update(name="sales")
    spec["transfers"][0]["to"] = "sales"
    spec["traffic"].append({"name": "out", "from": "sales", "calls_per_hour": 360, "talk": det(20)})
    spec["period"] = {"days": 2, "open": "09:00", "close": "10:00"}
    rows, _ = replay(spec, {"c": [10 * 3600 - 10]})
    day2 = [(round(r[0], 3), r[4]) for r in rows if r[0] > 86400]
    assert day2[:2] == [(118800.961, "placed"), (118826.591, "placed")]


# ----------------------------------------------------------------------------- windows


def test_seconds_inside_adds_up_every_window_a_spell_crosses() -> None:
    """Windows [10, 20) and [30, 40): 15..35 is 5 s in each; 5..15 is 5 s in the first
    (not from 5 s); 25..28 is in none. The second number is the window of the end, or
    the next one."""
    starts, ends = [10.0, 30.0], [20.0, 40.0]
    assert seconds_inside(starts, ends, 15.0, 35.0) == (10.0, 1)
    assert seconds_inside(starts, ends, 5.0, 15.0) == (5.0, 0)
    assert seconds_inside(starts, ends, 5.0, 45.0) == (20.0, 2)
    assert seconds_inside(starts, ends, 25.0, 28.0) == (0.0, 1)


def test_the_gap_around_a_time_lies_between_the_windows_next_to_it() -> None:
    """Windows [10, 20) and [30, 40): before the first the gap starts at -inf, between
    them it is [20, 30), after the last it runs to +inf."""
    starts, ends = [10.0, 30.0], [20.0, 40.0]
    assert gap_around(starts, ends, 5.0) == (-math.inf, 10.0)
    assert gap_around(starts, ends, 25.0) == (20.0, 30.0)
    assert gap_around(starts, ends, 45.0) == (40.0, math.inf)
    assert gap_around([10.0, 30.0, 50.0], [20.0, 40.0, 60.0], 45.0) == (40.0, 50.0)


def test_a_channel_spell_from_a_gap_into_a_window_counts_its_part_inside() -> None:
    """A trunk measured in [10, 20) and [30, 40), the gap [20, 30) cached: two channels
    from 25 to 35 count 2 x 5 s (10 channel-seconds); from 22 to 28 nothing."""
    trunk = SimpleNamespace(
        win_starts=[10.0, 30.0],
        win_ends=[20.0, 40.0],
        busy_seconds=0.0,
        win_lo=10.0,
        win_hi=20.0,
        gap_lo=20.0,
        gap_hi=30.0,
    )
    channel_busy(trunk, 22.0, 28.0, 2)
    assert trunk.busy_seconds == 0.0
    channel_busy(trunk, 25.0, 35.0, 2)
    assert trunk.busy_seconds == 10.0


def test_an_hour_the_shifts_leave_out_has_nobody_on_shift() -> None:
    """Open 09:00 to 12:00, shifts name 09:00 (one person) and 10:00 (two): from 11:00
    nobody is on shift. d/1 is on shift 2 hours, d/2 one. With nobody at 10:00, d/1's
    hours 09:00 and 11:00 are two windows, not one of three hours."""
    spec = office(2, 2, shifts={"09": 1, "10": 2})
    spec["period"] = {"days": 1, "open": "09:00", "close": "12:00"}
    _, rep = replay(spec, {"c": []})
    assert rep.staff_present_seconds == {"d/1": 7200.0, "d/2": 3600.0}
    spec["departments"][0]["shifts"] = {"09": 1, "10": 0, "11": 1}
    _, rep = replay(spec, {"c": []})
    assert rep.staff_present_seconds == {"d/1": 7200.0, "d/2": 0.0}


# ----------------------------------------------------------------------------- lines


def test_a_mobile_lines_drop_rate_is_per_minute_of_talk() -> None:
    """Half a drop a minute: each call's cut comes after an exponential time of mean
    120 s, drawn from the line's stream (a twin here): 132.0, 125.1, 68.6 and 399.1 s.
    The 100-second calls of 0, 200, 400 and 600 s: the third is cut after 68.6 s."""
    twin = stream_rng(1, 0, "line:cell", "mobile")
    cuts = [float(twin.exponential(120.0)) for _ in range(4)]
    assert [round(c, 1) for c in cuts] == [132.0, 125.1, 68.6, 399.1]
    spec = one_line(100)
    spec["lines"] = [{"name": "cell", "kind": "mobile", "numbers": ["1"], "drop_rate": 0.5}]
    rows = trace(spec, {"c": [0, 200, 400, 600]})
    assert [(row[3], row[4]) for row in rows] == [
        (100, "answered"),
        (100, "answered"),
        (round(cuts[2], 9), "dropped"),
        (100, "answered"),
    ]


def test_a_line_nobody_called_on_had_no_channel_taken() -> None:
    _, rep = replay(office(1, 2), {"c": []})
    assert (rep.line_peak, rep.line_busy_seconds) == ({"trunk": 0}, {"trunk": 0.0})


# ----------------------------------------------------------------------------- members


def test_a_member_listed_without_a_tier_is_at_level_1_in_their_own_position() -> None:
    """FreeSWITCH top-down over tiers. d/1 at level 2, d/2 without a tier (level 1):
    d/2 first. d/1 in position 3, the others without a tier (their place in the list:
    2 and 3): d/2, then d/1 (before d/3 at the same position), then d/3."""
    spec = office(2, 5, "top-down")
    del spec["departments"][0]["staff"]
    spec["departments"][0]["members"] = [{"level": 2}, {}]
    assert [row[5] for row in trace(spec, {"c": [0, 10]})] == ["d/2", "d/1"]
    spec["departments"][0]["members"] = [{"position": 3}, {}, {}]
    assert [row[5] for row in trace(spec, {"c": [0, 10, 20]})] == ["d/2", "d/1", "d/3"]


def test_wrandom_without_members_listed_draws_as_for_penalty_0() -> None:
    """wrandom, three people, no members listed: every person has penalty 0, so each
    call draws as Asterisk's random() % 1000 would (the lowest of three draws on
    0..999 and who drew it, from the department's ring stream: a twin here). Who drew
    the lowest hardly depends on the range; with seed 161 the tenth call is one where
    draws on 0..1999 (penalty 1) would pick another person."""
    twin = stream_rng(161, 0, "department:d", "ring")
    picks = [lowest_draw(1000, 3, twin.random)[1] for _ in range(10)]
    other = stream_rng(161, 0, "department:d", "ring")
    assert [lowest_draw(2000, 3, other.random)[1] for _ in range(10)] != picks
    rows = trace(office(3, 5, "wrandom"), {"c": [200.0 * i for i in range(10)]}, seed=161)
    assert [row[5] for row in rows] == [f"d/{k + 1}" for k in picks]


def test_ringall_that_always_picks_up_at_once_leaves_the_others_alone() -> None:
    """d (ringall, three people who pick up at once) also dials out, 60 calls an hour
    each. When everyone picks up at once, an inbound call goes straight to the first
    free person (the engine's shortcut for ringing all of them for no time): the two
    others are not touched, so their dial-out timers run on. Rung for an instant and
    freed again, each would start a new timer, and the hour's dials would differ from
    these of the seed."""
    spec = office(3, 5, "ringall")
    spec["traffic"].append({"name": "out", "from": "d", "calls_per_hour": 60, "talk": det(20)})
    spec["period"] = {"hours": 1, "warmup": 0}
    rows = trace(spec, {"c": [100, 200, 300]})
    assert [r[5] for r in rows if r[4] == "answered"] == ["d/1"] * 3
    placed = [(round(r[0], 3), r[5]) for r in rows if r[4] == "placed" and 90 < r[0] < 400]
    assert placed == [
        (101.949, "d/3"),
        (103.381, "d/2"),
        (216.859, "d/3"),
        (223.708, "d/2"),
        (317.383, "d/2"),
        (337.642, "d/2"),
        (350.612, "d/3"),
        (385.922, "d/3"),
        (399.12, "d/2"),
    ]


# ----------------------------------------------------------------------------- the end of the run


def test_a_redial_due_at_the_end_of_a_steady_run_is_not_made() -> None:
    """10 hours (36,000 s), one phone, callers who hear busy call again 15 s later.
    35,980 s talks to 36,080; 35,985 s hears busy and would redial at 36,000, the end:
    not made. Callers of 35,980 and 35,984 who hear busy redial at 35,995 and 35,999,
    before the end: made (busy again)."""
    spec = one_line(100, redial={"probability": 1, "after": det(15), "on": ["busy"]})
    assert trace(spec, {"c": [35980, 35985]}) == [
        (35980, 1, 0, 100, "answered", "city/1"),
        (35985, 1, 0, 0, "busy", ""),
    ]
    assert trace(spec, {"c": [35900, 35980, 35984]})[3:] == [
        (35995, 2, 0, 0, "busy", ""),
        (35999, 2, 0, 0, "busy", ""),
    ]


def test_a_hold_queue_without_a_limit_holds_every_caller_the_channels_let_in() -> None:
    """A hold queue without max_callers, 200 channels, one person: 150 callers at once,
    the first answered, the other 149 hold (none finds the queue full)."""
    rows = trace(office(1, 200, hold={}, patience=det(10)), {"c": [0.0] * 150})
    assert [row[4] for row in rows].count("queue_full") == 0
    assert [row[4] for row in rows].count("abandoned") == 149
