"""A department's own queue: its maximum wait and where the caller goes then (hang up,
voicemail, another department), its own length, joining and leaving an empty queue; and
the runs that must not go on for ever (transfer cycles, tiny ring timeouts)."""

from __future__ import annotations

from typing import Any

import pytest
from replay import office, replay, trace

from teletraffic.errors import ScenarioError
from teletraffic.records import Outcome
from teletraffic.runner import replicate, simulate
from teletraffic.scenario import scenario_from_dict

H = 3600.0


def two_desks(**first: Any) -> dict[str, Any]:
    """Department d (1 person) and help (1 person), 100-second calls to d, a hold queue."""
    spec = office(1, 4, hold={}, **first)
    spec["departments"].append({"name": "help", "staff": 1, "answers": "transferred"})
    spec["routes"] = {"1": "d"}
    return spec


# --------------------------------------------------------------------------- max_wait, exit


def test_max_wait_then_voicemail_is_its_own_outcome() -> None:
    spec = office(1, 4, hold={}, max_wait=30, exit_to="voicemail")
    assert trace(spec, {"c": [0, 1]})[1] == (1, 1, 30, 0, "voicemail", "")


def test_max_wait_then_hang_up_is_unanswered() -> None:
    spec = office(1, 4, hold={}, max_wait=30, exit_to="hangup")
    assert trace(spec, {"c": [0, 1]})[1] == (1, 1, 30, 0, "unanswered", "")


def test_the_departments_max_wait_wins_over_the_pbxs() -> None:
    spec = office(1, 4, hold={"max_wait": 80}, max_wait=30)
    assert trace(spec, {"c": [0, 1]})[1][2] == 30


def test_max_wait_then_another_department_answers() -> None:
    """d/1 talks 0..100; the caller of 1 s waits 30 s in d, then help/1 answers at
    31 s: the attempt waited 30 s in all and was answered by help."""
    spec = two_desks(max_wait=30, exit_to="help")
    rows, rep = replay(spec, {"c": [0, 1]})
    assert rows[1] == (1, 1, 30, 100, "answered", "help/1")
    assert rep.department_counts["d"]["redirected"] == 1
    assert rep.department_counts["help"]["redirected_in"] == 1


def test_the_callers_patience_runs_on_in_the_next_department() -> None:
    """Patience 50 s: 30 s in d, then 20 s more in help (whose one person is busy)."""
    spec = two_desks(max_wait=30, exit_to="help")
    spec["traffic"][0]["patience"] = {"dist": "deterministic", "mean": 50}
    spec["departments"][1]["answers"] = "inbound"
    spec["lines"][0]["numbers"] = ["1", "2"]
    spec["traffic"].append({**spec["traffic"][0], "name": "h", "dial": "2"})
    spec["routes"] = {"1": "d", "2": "help"}
    rows = trace(spec, {"c": [0, 1], "h": [0]})
    assert (1, 1, 50, 0, "abandoned", "") in rows


def test_the_departments_own_queue_length() -> None:
    spec = office(1, 10, hold={"max_callers": 5}, max_callers=1)
    assert [r[4] for r in trace(spec, {"c": [0, 1, 2]})] == ["answered", "answered", "queue_full"]


def test_voicemail_keeps_the_books() -> None:
    """Every attempt ends in exactly one outcome, voicemail included: the outcomes add
    up to the attempts offered, and the shares to 1."""
    spec = {
        "name": "vm",
        "period": {"hours": 100, "warmup": "1h"},
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 6}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 50, "talk": "3m", "patience": "2m"}
        ],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "d", "staff": 2, "max_wait": "40s", "exit_to": "voicemail"}],
    }
    result = simulate(scenario_from_dict(spec), replications=2, seed=3)
    outcomes = [o.label for o in Outcome if o not in (Outcome.CALLED_BACK, Outcome.CALLBACK_FAILED)]
    total = sum(result.value(o) for o in outcomes)
    assert result.value("voicemail") > 0
    assert total == pytest.approx(result.value("offered"))
    parts = [
        "p_busy",
        "p_queue_full",
        "p_abandon",
        "p_unanswered",
        "p_no_coverage",
        "p_dropped",
        "p_voicemail",
        "service_level",
        "p_answered_later",
    ]
    assert sum(result.value(p) for p in parts) == pytest.approx(1.0)


# --------------------------------------------------------------------------- empty queue


def shifted(**dept: Any) -> dict[str, Any]:
    spec = office(1, 5, hold={}, **dept)
    spec["departments"][0]["shifts"] = {"09": 1, "10": 0, "11": 1}
    return {**spec, "period": {"days": 1, "open": "09:00", "close": "12:00"}}


def test_join_empty_no_turns_callers_away_while_nobody_is_on_shift() -> None:
    rows = trace(shifted(), {"c": [10.5 * H]})
    assert rows == [(10.5 * H, 1, 0, 0, "unanswered", "")]


def test_join_empty_yes_lets_callers_wait_for_the_next_shift() -> None:
    rows = trace(shifted(join_empty=True), {"c": [10.5 * H]})
    assert rows == [(10.5 * H, 1, 0.5 * H, 100, "answered", "d/1")]


def test_join_empty_no_with_voicemail_sends_them_to_voicemail() -> None:
    rows = trace(shifted(exit_to="voicemail"), {"c": [10.5 * H]})
    assert rows[0][4] == "voicemail"


def test_leave_when_empty_no_keeps_callers_on_hold_past_the_shift() -> None:
    """d/1 talks 9:59:10..10:00:50; the caller of 9:59:20 holds; at 10:00 nobody is on
    shift: with leave_when_empty no, they wait for 11:00."""
    ten = 10 * H
    rows = trace(shifted(leave_when_empty=False), {"c": [ten - 50, ten - 40]})
    assert rows[1] == (ten - 40, 1, H + 40, 100, "answered", "d/1")
    rows = trace(shifted(), {"c": [ten - 50, ten - 40]})
    assert rows[1] == (ten - 40, 1, 40, 0, "unanswered", "")


# --------------------------------------------------------------------------- no endless runs


def cycle(share: float, **pbx: Any) -> dict[str, Any]:
    return {
        "name": "cycle",
        "period": {"hours": 20, "warmup": 0},
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 10, "talk": "1m"}],
        "pbx": {"kind": "office", "hold": {}, **pbx},
        "departments": [
            {"name": "a", "staff": 2},
            {"name": "b", "staff": 2, "answers": "transferred"},
            {"name": "c", "staff": 1, "answers": "transferred"},
        ],
        "routes": {"1": "a"},
        "transfers": [
            {"from": "a", "to": "b", "share": 1.0},
            {"from": "b", "to": "c", "share": 1.0},
            {"from": "c", "to": "a", "share": share},
        ],
    }


def test_a_transfer_cycle_with_no_way_out_is_refused_and_named() -> None:
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(cycle(1.0))
    text = str(err.value)
    assert "'a' -> 'b' -> 'c' -> 'a'" in text
    assert "transfers[0].share" in text


def test_two_departments_passing_all_calls_to_each_other_are_refused() -> None:
    spec = cycle(1.0)
    spec["transfers"] = [
        {"from": "a", "to": "b", "share": 1.0},
        {"from": "b", "to": "a", "share": 1.0},
    ]
    with pytest.raises(ScenarioError, match="'a' -> 'b' -> 'a'"):
        scenario_from_dict(spec)


def test_a_cycle_with_a_way_out_runs_capped_per_call() -> None:
    """c passes 99% back to a: a call would go round ~100 times on average; the cap
    ends it with the person who has it: after 3 transfers (a -> b -> c -> a) in a, after
    the default 10 in b. (A few ring back when the trunk's channels are all taken.)"""
    for cap, where in ((3, 0), (None, 1)):
        pbx = {} if cap is None else {"max_transfers": cap}
        _, log = replicate(scenario_from_dict(cycle(0.99, **pbx)), 0, 1, keep_log=True)
        assert log is not None
        answered = [r for r in log if r.outcome == Outcome.ANSWERED]
        assert len(answered) >= 0.9 * len(log)  # the rest heard busy: long calls
        ended = [r.staff_department for r in answered]
        assert ended.count(where) >= 0.9 * len(ended)


def test_a_ring_timeout_under_a_second_is_refused_naming_the_field() -> None:
    spec = office(2, 4, hold={}, ring_timeout=0.1)
    with pytest.raises(ScenarioError, match=r"departments\[0\]\.ring_timeout.*at least 1s"):
        trace(spec, {"c": [0]})


def test_ringing_past_the_work_bound_is_refused_before_the_run() -> None:
    spec = office(2, 4, hold={}, patience="10h", pickup=0.5, ring_timeout=1)
    spec["traffic"][0]["calls_per_hour"] = 600
    spec["period"] = {"hours": 100_000}
    with pytest.raises(ScenarioError, match=r"ring_timeout 1s with retry 0s rings"):
        scenario_from_dict({"name": "x", **spec})


# --------------------------------------------------------------------------- overflow


def overflowing(after: float = 30) -> dict[str, Any]:
    """d (1 person) overflows to help (1 person) after *after* seconds on hold; help also
    has its own number."""
    spec = two_desks(overflow={"to": "help", "after": after})
    spec["departments"][1]["answers"] = "inbound"
    spec["lines"][0]["numbers"] = ["1", "2"]
    spec["traffic"].append({**spec["traffic"][0], "name": "h", "dial": "2"})
    spec["routes"] = {"1": "d", "2": "help"}
    return spec


def test_overflow_when_the_time_comes_and_someone_there_is_free() -> None:
    """d/1 talks 0..100; the caller of 1 s holds in d; at 31 s help/1 is free: it rings
    there and is answered (wait 30 s)."""
    rows = trace(overflowing(), {"c": [0, 1], "h": []})
    assert rows[1] == (1, 1, 30, 100, "answered", "help/1")


def test_overflow_caller_stays_in_the_first_queue_until_someone_there_is_free() -> None:
    """help/1 talks 0..100 with its own caller: the overflowed caller of 1 s still holds
    in d; d/1 is free first (at 50 s) and answers."""
    spec = overflowing()
    spec["traffic"][0]["talk"] = {"dist": "deterministic", "mean": 50}
    rows = trace(spec, {"c": [0, 1], "h": [0]})
    assert (1, 1, 49, 50, "answered", "d/1") in rows


def test_overflow_a_person_freed_there_takes_the_overflowed_caller() -> None:
    """d/1 talks 0..100, help/1 talks 0..60 with its own caller; d's caller of 1 s: at
    31 s nobody in help is free, so it holds in d; at 60 s help/1 is free with no caller
    of its own waiting and takes it (wait 59 s)."""
    spec = overflowing()
    spec["traffic"][1]["talk"] = {"dist": "deterministic", "mean": 60}
    rows = trace(spec, {"c": [0, 1], "h": [0]})
    assert (1, 1, 59, 100, "answered", "help/1") in rows


def test_overflow_waits_for_its_time() -> None:
    """Before the overflow time, a free person of help does not take d's caller."""
    rows = trace(overflowing(after=200), {"c": [0, 1], "h": []})
    assert rows[1] == (1, 1, 99, 100, "answered", "d/1")


def test_overflow_needs_a_department_that_takes_calls() -> None:
    spec = overflowing()
    spec["departments"][0]["overflow"] = {"to": "nobody", "after": 30}
    with pytest.raises(ScenarioError, match=r"overflow\.to.*no department named 'nobody'"):
        trace(spec, {"c": [0]})
