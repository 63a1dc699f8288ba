"""The engine's rules, one at a time, with exact times (SimPy-style event logs)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from replay import DESK_AND_SALES, office, one_line, trace

ONE_LINE = one_line(60)


def test_one_city_line_is_busy_while_someone_talks() -> None:
    """Without a PBX, the one phone answers; a second caller during the talk hears busy."""
    log = trace(ONE_LINE, {"c": [0, 10, 100]})
    assert log == [
        (0, 1, 0, 60, "answered", "city/1"),
        (10, 1, 0, 0, "busy", ""),
        (100, 1, 0, 60, "answered", "city/1"),
    ]


def test_linear_always_starts_from_the_top() -> None:
    log = trace(office(3, 3), {"c": [0, 1, 2, 500, 1000]})
    assert [row[5] for row in log] == ["d/1", "d/2", "d/3", "d/1", "d/1"]


def test_round_robin_rotates_with_memory() -> None:
    log = trace(office(3, 3, "round_robin"), {"c": [0, 500, 1000, 1500, 2000]})
    assert [row[5] for row in log] == ["d/1", "d/2", "d/3", "d/1", "d/2"]


def test_round_robin_skips_busy_members() -> None:
    # d/1 takes 0..100; at 50 the next after d/1 is d/2; at 60, d/3; at 70 only... busy
    log = trace(office(3, 3, "round_robin"), {"c": [0, 50, 60, 200]})
    assert [row[5] for row in log] == ["d/1", "d/2", "d/3", "d/1"]


def test_longest_idle_takes_who_was_free_longest() -> None:
    # d/1 busy 0..100, d/2 busy 50..150; at 200 d/3 (free since 0) has been idle longest,
    # at 300 d/1 (free since 100) before d/2 (free since 150)
    log = trace(office(3, 3, "longest_idle"), {"c": [0, 50, 200, 300]})
    assert [row[5] for row in log] == ["d/1", "d/2", "d/3", "d/1"]


def test_fewest_calls_evens_out() -> None:
    log = trace(office(2, 2, "fewest_calls"), {"c": [0, 200, 400, 600]})
    assert [row[5] for row in log] == ["d/1", "d/2", "d/1", "d/2"]


def test_hold_queue_is_bounded_by_the_trunk() -> None:
    """1 person, 3 channels: 1 talks, at most 2 hold, the 4th caller hears busy."""
    log = trace(office(1, 3, hold={}), {"c": [0, 1, 2, 3]})
    assert log == [
        (0, 1, 0, 100, "answered", "d/1"),
        (1, 1, 99, 100, "answered", "d/1"),
        (2, 1, 198, 100, "answered", "d/1"),
        (3, 1, 0, 0, "busy", ""),
    ]


def test_full_hold_queue_turns_callers_away() -> None:
    log = trace(office(1, 10, hold={"max_callers": 1}), {"c": [0, 1, 2]})
    assert [row[4] for row in log] == ["answered", "answered", "queue_full"]


def test_caller_hangs_up_after_patience() -> None:
    log = trace(
        office(1, 10, hold={}, patience={"dist": "deterministic", "mean": 50}), {"c": [0, 1]}
    )
    assert log[1] == (1, 1, 50, 0, "abandoned", "")


def test_max_wait_lets_the_caller_go_first() -> None:
    spec = office(1, 10, hold={"max_wait": 30}, patience={"dist": "deterministic", "mean": 50})
    log = trace(spec, {"c": [0, 1]})
    assert log[1] == (1, 1, 30, 0, "unanswered", "")


def test_wrap_up_keeps_the_person_busy() -> None:
    spec = office(1, 10, hold={}, wrap_up=20)
    log = trace(spec, {"c": [0, 105]})
    assert log[1] == (105, 1, 15, 100, "answered", "d/1")


def test_no_pbx_no_free_person_is_busy_even_with_free_channels() -> None:
    log = trace(office(1, 5), {"c": [0, 1]})
    assert [row[4] for row in log] == ["answered", "busy"]


def test_nobody_picks_up_rings_out_after_the_timeout() -> None:
    spec = office(1, 1, pickup=0.000001, ring_timeout=25)
    log = trace(spec, {"c": [0]})
    assert log == [(0, 1, 25, 0, "unanswered", "")]


def test_next_member_is_rung_after_a_ring_timeout() -> None:
    """Sequential ringing: a member who does not pick up costs one ring timeout."""
    spec = office(2, 2, "linear", pickup=0.5, ring_timeout=10)
    log = trace(spec, {"c": [float(i * 1000) for i in range(60)]}, seed=3)
    waits = {row[2] for row in log if row[4] == "answered"}
    assert waits <= {0.0, 10.0}
    assert waits == {0.0, 10.0}
    assert {row[2] for row in log if row[4] == "unanswered"} == {20.0}


def test_ring_all_goes_to_the_first_to_pick_up() -> None:
    spec = office(3, 3, "ring_all", pickup_delay={"dist": "uniform", "min": 1, "max": 9})
    log = trace(spec, {"c": [float(i * 1000) for i in range(40)]}, seed=5)
    # the wait is the fastest of three pick-up delays: below the mean of one (5 s)
    waits = [row[2] for row in log]
    assert all(1 <= w <= 9 for w in waits)
    assert sum(waits) / len(waits) == pytest.approx(3.0, abs=0.6)  # E[min of 3 U(1,9)] = 3
    assert len({row[5] for row in log}) == 3


def test_redial_is_a_new_attempt_of_the_same_caller() -> None:
    spec = dict(ONE_LINE)
    spec["traffic"] = [
        dict(
            ONE_LINE["traffic"][0],
            redial={
                "probability": 1,
                "after": {"dist": "deterministic", "mean": 30},
                "max_attempts": 3,
            },
        )
    ]
    log = trace(spec, {"c": [0, 10]})
    assert log == [
        (0, 1, 0, 60, "answered", "city/1"),
        (10, 1, 0, 0, "busy", ""),
        (40, 2, 0, 0, "busy", ""),
        (70, 3, 0, 60, "answered", "city/1"),
    ]


def test_mobile_without_coverage_never_connects() -> None:
    spec = {
        "lines": [{"name": "cell", "kind": "mobile", "numbers": ["1"], "coverage": 0}],
        "traffic": ONE_LINE["traffic"],
    }
    log = trace(spec, {"c": [0, 100, 200]})
    assert [row[4] for row in log] == ["no_coverage"] * 3


def test_mobile_drops_cut_the_talk() -> None:
    spec = {
        "lines": [{"name": "cell", "kind": "mobile", "numbers": ["1"], "drop_rate": 6}],
        "traffic": ONE_LINE["traffic"],
    }
    log = trace(spec, {"c": [float(i * 100) for i in range(50)]})
    dropped = [row for row in log if row[4] == "dropped"]
    assert len(dropped) > 40  # 6 drops a minute: a 60 s call survives with chance e^-6
    assert all(row[3] < 60 for row in dropped)


def test_outbound_is_blocked_while_the_only_channel_is_busy() -> None:
    """Inbound and outbound share the channel: a colleague cannot dial out during a call."""
    spec = DESK_AND_SALES
    log = trace(spec, {"c": [1000]})
    inbound = [row for row in log if row[4] in ("answered", "busy")]
    outbound = [row for row in log if row[4] in ("placed", "blocked")]
    assert len(outbound) > 100
    talk_in = [(r[0], r[0] + r[3]) for r in inbound if r[4] == "answered"]
    busy_out = [(r[0], r[0] + r[3]) for r in outbound if r[4] == "placed"]
    for start, _, _, _, outcome, _ in outbound:
        during_inbound = any(a <= start < b for a, b in talk_in)
        during_outbound = any(a < start < b for a, b in busy_out)
        if during_inbound:
            assert outcome == "blocked"
        if outcome == "blocked":
            assert during_inbound or during_outbound
    # sales dials only while free: its own calls never overlap
    busy_out.sort()
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(busy_out))


def transfer_office(mode: str = "blind", share: float = 1.0, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            },
        ],
        "pbx": {"kind": "office", "hold": {}},
        "departments": [
            {"name": "requests", "staff": 1},
            {"name": "support", "staff": 1, "answers": "transferred"},
        ],
        "routes": {"1": "requests"},
        "transfers": [
            {
                "from": "requests",
                "to": "support",
                "share": share,
                "mode": mode,
                "consult": 30,
                "talk": {"dist": "deterministic", "mean": 50},
            }
        ],
    }
    spec.update(extra)
    return spec


def test_blind_transfer_frees_the_first_person_at_once() -> None:
    log = trace(transfer_office("blind"), {"c": [0, 110]})
    # call 1: requests 0..100, support 100..150. Call 2 at 110: requests at once,
    # then support is free again at 150 (before 210), so no wait there either.
    assert log == [
        (0, 1, 0, 150, "answered", "support/1"),
        (110, 1, 0, 150, "answered", "support/1"),
    ]


def test_transferred_caller_waits_in_the_new_departments_queue() -> None:
    log = trace(transfer_office("blind"), {"c": [0, 10]})
    # call 2 waits for requests until 100, talks 100..200; support is busy 100..150
    # with call 1 and free again at 150, so call 2 goes straight on at 200.
    assert log[1] == (10, 1, 90, 150, "answered", "support/1")
    log = trace(transfer_office("blind"), {"c": [0, 60]})
    assert log[1] == (60, 1, 40, 150, "answered", "support/1")


def test_attended_transfer_keeps_both_extensions_busy_while_consulting() -> None:
    log = trace(transfer_office("attended"), {"c": [0, 110]})
    # call 1: requests 0..100, consult 100..130 (requests and support busy), support 130..180
    # call 2 at 110 waits for requests until 130
    assert log[0] == (0, 1, 0, 180, "answered", "support/1")
    assert log[1][2] == 20


def test_support_answers_only_transferred_calls() -> None:
    log = trace(transfer_office("blind", share=0.0), {"c": [0, 500, 1000]})
    assert {row[5] for row in log} == {"requests/1"}


def test_a_conference_holds_four_extensions() -> None:
    spec = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 10}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            }
        ],
        "pbx": {"kind": "office"},
        "departments": [{"name": "d", "staff": 5, "strategy": "linear"}],
        "conference": {"share": 1.0, "people": 4},
    }
    log = trace(spec, {"c": [0, 50, 60]})
    # the first call ties up d/1..d/4; the second gets d/5 (whose own conference finds
    # nobody free); the third finds all five busy and, with no hold queue, hears busy
    assert [row[4] for row in log] == ["answered", "answered", "busy"]
    assert log[1][5] == "d/5"


def test_shifts_set_who_is_at_the_desk() -> None:
    spec = office(2, 5)
    spec["period"] = {"days": 1, "open": "09:00", "close": "11:00"}
    spec["departments"][0]["shifts"] = {"09": 1, "10": 2}
    nine, ten = 9 * 3600.0, 10 * 3600.0
    log = trace(spec, {"c": [nine + 10, nine + 20, ten + 10, ten + 20]})
    assert [row[4] for row in log] == ["answered", "busy", "answered", "answered"]
    assert [row[5] for row in log] == ["d/1", "", "d/1", "d/2"]


def test_a_person_whose_shift_ends_finishes_the_call_then_leaves() -> None:
    spec = office(1, 5)
    spec["period"] = {"days": 1, "open": "09:00", "close": "11:00"}
    spec["departments"][0]["shifts"] = {"09": 1}
    ten = 10 * 3600.0
    log = trace(spec, {"c": [ten - 50, ten + 100]})
    assert log[0] == (ten - 50, 1, 0, 100, "answered", "d/1")
    assert log[1][4] == "busy"


def test_internal_calls_use_extensions_not_the_outside_line() -> None:
    spec = {
        "lines": [{"name": "city", "kind": "landline", "numbers": ["1"]}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            },
            {
                "name": "chat",
                "from": "sales",
                "to": "support",
                "calls_per_hour": 120,
                "talk": {"dist": "deterministic", "mean": 60},
            },
        ],
        "pbx": {"kind": "office"},
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 2, "answers": "none"},
            {"name": "support", "staff": 1, "answers": "transferred"},
        ],
        "routes": {"1": "desk"},
    }
    log = trace(spec, {"c": [1000, 5000]})
    inbound = [row for row in log if row[0] in (1000, 5000) and row[5].startswith("desk")]
    assert [row[4] for row in inbound] == ["answered", "answered"]
    internal = [row for row in log if row[5].startswith("sales")]
    outcomes = {row[4] for row in internal}
    assert outcomes == {"answered", "busy"}  # support has one person for two callers
    # an internal call never blocks the line: no inbound attempt heard busy
    assert all(row[4] != "busy" for row in log if row[5].startswith("desk") or row[5] == "")


def test_redirect_sends_calls_nobody_picked_up_to_another_department() -> None:
    spec = {
        "lines": [{"name": "cloud", "kind": "multichannel", "numbers": ["1"], "channels": 2}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            }
        ],
        "pbx": {"kind": "virtual"},
        "departments": [
            {
                "name": "managers",
                "staff": 1,
                "pickup": 0.000001,
                "ring_timeout": 10,
                "redirect": "backup",
            },
            {"name": "backup", "staff": 1},
        ],
        "routes": {"1": "managers"},
    }
    assert trace(spec, {"c": [0]}) == [(0, 1, 10, 100, "answered", "backup/1")]


@pytest.mark.parametrize(
    ("when_busy", "expected"),
    [
        ("ring_back", (60, 1, 40, 100, "answered", "requests/1")),
        ("queue", (60, 1, 440, 600, "answered", "support/1")),
    ],
)
def test_transfer_to_a_busy_department(when_busy: str, expected: tuple[Any, ...]) -> None:
    spec = transfer_office("blind")
    spec["transfers"][0]["talk"] = {"dist": "deterministic", "mean": 500}
    spec["transfers"][0]["when_busy"] = when_busy
    log = trace(spec, {"c": [0, 60]})
    # call 1: requests 0..100, support 100..600; call 2: requests 100..200, then support
    # is busy: it rings back (requests ends it) or waits in support's queue until 600
    assert log[1] == expected


def test_outside_conference_participants_take_channels() -> None:
    spec = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            }
        ],
        "pbx": {"kind": "office"},
        "departments": [{"name": "d", "staff": 5, "strategy": "linear"}],
        "conference": {"share": 1.0, "people": 2, "outside": 2},
    }
    # the caller and two dialled-in participants fill the 3 channels for 100 s
    log = trace(spec, {"c": [0, 50, 150]})
    assert [row[4] for row in log] == ["answered", "busy", "answered"]


def test_nobody_on_shift_lets_waiting_callers_go() -> None:
    """Every attempt ends, even when nobody will ever answer it."""
    spec = office(1, 5, hold={})
    spec["period"] = {"days": 1, "open": "09:00", "close": "11:00"}
    spec["departments"][0]["shifts"] = {"09": 1, "10": 0}
    ten = 10 * 3600.0
    log = trace(spec, {"c": [ten - 80, ten - 50, ten + 100]})
    assert [row[4] for row in log] == ["answered", "unanswered", "unanswered"]
    assert log[0][3] == 100  # the person finishes the call after the shift ends
    assert log[1][2] == 50  # held from 09:59:10 until the shift ended at 10:00
    assert log[2][2] == 0  # nobody there: the PBX says so at once


def test_members_freed_when_a_ringing_caller_hangs_up_serve_the_queue() -> None:
    spec = {
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
        "traffic": [
            {
                "name": "a",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": "100s",
                "patience": {"dist": "deterministic", "mean": 5},
            },
            {
                "name": "b",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
                "patience": {"dist": "deterministic", "mean": 100},
            },
        ],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "d", "staff": 1, "pickup_delay": 10}],
    }
    log = trace(spec, {"a": [0], "b": [1]})
    assert log[0][4] == "abandoned"
    assert log[1] == (1, 1, 14, 100, "answered", "d/1")  # rung at 5, picks up at 15


def test_outbound_calls_on_a_mobile_line_are_placed() -> None:
    spec = {
        "lines": [{"name": "cell", "kind": "mobile", "numbers": ["1"], "drop_rate": 0.0001}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": "1m"},
            {"name": "out", "from": "sales", "calls_per_hour": 10, "talk": "1m"},
        ],
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 1, "answers": "none"},
        ],
        "routes": {"1": "desk"},
    }
    log = trace(spec, {"c": []})
    assert log
    assert {row[4] for row in log} <= {"placed", "blocked", "dropped"}
    assert "placed" in {row[4] for row in log}


def test_a_transfer_that_rings_out_keeps_its_wait_and_talk() -> None:
    spec = transfer_office("blind")
    spec["departments"][1].update({"pickup_delay": 30, "ring_timeout": 20})
    log = trace(spec, {"c": [0]})
    assert log == [(0, 1, 20, 100, "unanswered", "")]


def test_redials_after_closing_wait_for_the_next_opening() -> None:
    spec = dict(ONE_LINE)
    spec["period"] = {"days": 2, "open": "09:00", "close": "10:00"}
    spec["traffic"] = [
        dict(
            ONE_LINE["traffic"][0],
            talk={"dist": "deterministic", "mean": 3000},
            redial={"probability": 1, "after": {"dist": "deterministic", "mean": 7200}},
        )
    ]
    nine = 9 * 3600.0
    log = trace(spec, {"c": [nine, nine + 20]})
    assert [(row[0], row[1], row[4]) for row in log] == [
        (nine, 1, "answered"),
        (nine + 20, 1, "busy"),
        (86400 + nine, 2, "answered"),
    ]


def test_attended_transfers_follow_the_target_departments_round_robin() -> None:
    spec = transfer_office("attended")
    spec["departments"][1].update({"staff": 3, "strategy": "round_robin"})
    log = trace(spec, {"c": [0, 1000, 2000, 3000]})
    assert [row[5] for row in log] == ["support/1", "support/2", "support/3", "support/1"]
