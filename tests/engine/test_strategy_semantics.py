"""What every strategy does, one test per sentence of :mod:`teletraffic.engine.strategies`.

Who is rung, who is skipped (on a call, ringing for someone else, in wrap-up), how
penalties, tiers and ties order members, and what happens on a ring timeout: each
sentence of the module's docstring is pinned here by an exact event log or, for the
shares the PBXs' sources let us compute, against the closed form.
"""

from __future__ import annotations

from typing import Any

import pytest
from replay import office, trace

from teletraffic.engine.strategies import ASTERISK, FREESWITCH, STRATEGIES
from teletraffic.erlang import erlang_b
from teletraffic.records import Outcome
from teletraffic.runner import replicate
from teletraffic.scenario import scenario_from_dict

ALL = sorted(STRATEGIES)
NEVER = 0.000001
"""A pick-up chance so small that nobody picks up in these short logs."""


def who(log: list[Any]) -> list[str]:
    return [row[5] for row in log]


# --------------------------------------------------------------------------- who is rung


@pytest.mark.parametrize("strategy", ALL)
def test_a_member_on_a_call_is_skipped(strategy: str) -> None:
    """The calls of 0 s and 1 s talk till 100 s and 101 s: the call of 2 s goes to the
    third member, whoever the first two were."""
    log = trace(office(3, 3, strategy), {"c": [0, 1, 2]})
    assert len(set(who(log))) == 3


@pytest.mark.parametrize("strategy", ALL)
def test_a_member_ringing_for_another_caller_is_skipped(strategy: str) -> None:
    """Every pick-up takes 5 s: while someone rings for the caller of 0 s, the caller of
    1 s rings someone else (ring-all rings them all, so the second caller waits)."""
    spec = office(2, 2, strategy, hold={}, pickup_delay=5)
    log = trace(spec, {"c": [0, 1]})
    if STRATEGIES[strategy].all_at_once:
        # both rang for the first caller (0..5); d/2, released at 5 s, rings 5..10
        assert log == [
            (0, 1, 5, 100, "answered", "d/1"),
            (1, 1, 9, 100, "answered", "d/2"),
        ]
    else:
        assert {row[5] for row in log} == {"d/1", "d/2"}
        assert [row[2] for row in log] == [5, 5]


@pytest.mark.parametrize("strategy", ALL)
def test_a_member_in_wrap_up_is_skipped(strategy: str) -> None:
    """One member, 30 s wrap-up after each 100 s call: the caller of 110 s waits for the
    end of the wrap-up (130 s), on hold."""
    spec = office(1, 2, strategy, hold={}, wrap_up=30)
    log = trace(spec, {"c": [0, 110]})
    assert log[1] == (110, 1, 20, 100, "answered", "d/1")


# --------------------------------------------------------------------------- penalties


PENALTIES = [{"penalty": 0}, {"penalty": 0}, {"penalty": 5}]


@pytest.mark.parametrize("strategy", sorted(set(ASTERISK) - {"wrandom"}))
def test_a_higher_penalty_rings_only_while_every_lower_one_is_busy(strategy: str) -> None:
    """Penalties 0, 0, 5: the two of penalty 0 take the calls of 0 s and 1 s; the call
    of 2 s goes to d/3 (penalty 5); from 500 s on, calls 200 s apart find everyone free
    and go to penalty 0 only (rotation, call counts or call ends would reach d/3)."""
    spec = office(0, 3, strategy, members=PENALTIES)
    del spec["departments"][0]["staff"]  # counted from the members
    log = trace(spec, {"c": [0, 1, 2, 500, 700, 900, 1100]})
    assert who(log)[2] == "d/3"
    assert "d/3" not in who(log)[3:]


def test_penalty_5_answers_only_while_both_penalty_0_members_talk() -> None:
    """Issue's check, over a long random run: at each answer by the penalty-5 member,
    both others are in a call (busy from answer to hang-up; no wrap-up)."""
    spec = {
        "name": "penalties",
        "period": {"hours": 300, "warmup": 0},
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
        "departments": [{"name": "d", "strategy": "rrmemory", "members": PENALTIES}],
    }
    _, log = replicate(scenario_from_dict(spec), 0, 11, keep_log=True)
    assert log is not None
    spells: dict[int, list[tuple[float, float]]] = {0: [], 1: [], 2: []}
    for r in log:
        if r.outcome == Outcome.ANSWERED:
            start = r.arrival + r.wait
            spells[r.staff].append((start, start + r.talk))
    assert len(spells[2]) > 50  # the test has power: the penalty-5 member did answer
    for start, _ in spells[2]:
        for other in (0, 1):
            assert any(a <= start < b for a, b in spells[other])


def test_a_penalty_0_member_who_does_not_pick_up_is_rung_again_not_the_penalty_5() -> None:
    """Asterisk rings the lowest penalty among the free, again after each retry: the
    penalty-5 member is never rung while a penalty-0 one is free."""
    spec = office(
        0,
        2,
        "linear",
        hold={},
        patience={"dist": "deterministic", "mean": 200},
        members=[{"penalty": 0}, {"penalty": 5}],
        pickup=0.3,
    )
    del spec["departments"][0]["staff"]
    log = trace(spec, {"c": [float(i * 1000) for i in range(40)]}, seed=2)
    assert "d/2" not in who(log)
    assert {row[4] for row in log} == {"answered", "abandoned"}


def test_wrandom_weighs_by_penalty() -> None:
    """wrandom draws 0..999 for penalty 0 and 0..1999 for penalty 1, lowest rings: the
    penalty-1 member wins with chance sum(u / 2000 for u < 1000) / 1000 = 0.24975."""
    spec = office(0, 2, "wrandom", members=[{"penalty": 0}, {"penalty": 1}])
    del spec["departments"][0]["staff"]
    log = trace(spec, {"c": [float(i * 200) for i in range(4000)]}, seed=4)
    share = who(log).count("d/2") / len(log)
    assert share == pytest.approx(0.24975, abs=0.025)  # 3.7 standard errors


# --------------------------------------------------------------------------- tiers, ties


def tiered(strategy: str, tiers: list[dict[str, int]]) -> dict[str, Any]:
    spec = office(0, len(tiers), strategy, members=tiers)
    del spec["departments"][0]["staff"]
    return spec


@pytest.mark.parametrize("strategy", sorted(set(FREESWITCH) - {"ring-all", "random"}))
def test_tier_level_first(strategy: str) -> None:
    """d/1 is at level 2: the level-1 agents d/2 and d/3 take the first two calls, d/1
    only the third, while both level-1 agents talk."""
    spec = tiered(strategy, [{"level": 2}, {"level": 1}, {"level": 1}])
    log = trace(spec, {"c": [0, 1, 2]})
    assert sorted(who(log)[:2]) == ["d/2", "d/3"]
    assert who(log)[2] == "d/1"


def test_tier_position_last_top_down() -> None:
    """Same level, positions 3, 2, 1: top-down starts at position 1, i.e. d/3."""
    spec = tiered("top-down", [{"position": 3}, {"position": 2}, {"position": 1}])
    log = trace(spec, {"c": [0, 1, 500]})
    assert who(log) == ["d/3", "d/2", "d/3"]


def test_tier_key_second_longest_idle_agent() -> None:
    """Within level 1, the strategy's key (the end of the last call) comes before the
    position: after d/1 (position 1) took a call, d/2 is idle longest."""
    spec = tiered("longest-idle-agent", [{"level": 1, "position": 1}, {"level": 1, "position": 2}])
    log = trace(spec, {"c": [0, 500]})
    assert who(log) == ["d/1", "d/2"]


@pytest.mark.parametrize("strategy", ["fewest_calls", "fewestcalls", "leastrecent", "linear"])
def test_ties_break_by_list_order(strategy: str) -> None:
    log = trace(office(3, 3, strategy), {"c": [0]})
    assert who(log) == ["d/1"]


def test_ties_break_by_position_with_tiers() -> None:
    spec = tiered("agent-with-fewest-calls", [{"position": 2}, {"position": 1}])
    assert who(trace(spec, {"c": [0]})) == ["d/2"]


def test_penalties_with_a_freeswitch_name_are_refused() -> None:
    from teletraffic.errors import ScenarioError

    spec = office(0, 2, "top-down", members=[{"penalty": 0}, {"penalty": 5}])
    del spec["departments"][0]["staff"]
    with pytest.raises(ScenarioError, match="penalties are Asterisk's"):
        trace(spec, {"c": [0]})


# --------------------------------------------------------------------------- ring timeout


def waits_of(strategy: str, **dept: Any) -> tuple[set[float], set[float]]:
    """Answered and unanswered waits of 60 lone callers, two members picking up half
    the time: every unanswered ring costs a ring timeout (20 s) plus the retry."""
    spec = office(2, 2, strategy, pickup=0.5, ring_timeout=20, **dept)
    log = trace(spec, {"c": [float(i * 1000) for i in range(60)]}, seed=3)
    answered = {row[2] for row in log if row[4] == "answered"}
    missed = {row[2] for row in log if row[4] == "unanswered"}
    return answered, missed


def test_on_timeout_the_next_member_rings_at_once_with_our_names_and_freeswitch() -> None:
    for strategy in ("round_robin", "round-robin"):
        answered, missed = waits_of(strategy)
        assert answered == {0.0, 20.0}
        assert missed == {40.0}  # both rung, nobody picked up: rang out


def test_on_timeout_asterisk_pauses_retry_5s_before_the_next() -> None:
    answered, missed = waits_of("rrmemory")
    assert answered == {0.0, 25.0}
    assert missed == {50.0}  # 20 s ring, 5 s pause, 20 s ring, 5 s pause: none left


def test_retry_given_in_the_file_wins() -> None:
    assert waits_of("rrmemory", retry=8)[0] == {0.0, 28.0}
    assert waits_of("round_robin", retry=3)[0] == {0.0, 23.0}


def test_a_caller_who_may_wait_is_rung_again_from_the_first() -> None:
    """With a hold queue and a patience, nobody picking up: the call rings round and
    round until the caller hangs up (200 s), never rings out."""
    spec = office(
        2, 2, "linear", hold={}, patience={"dist": "deterministic", "mean": 200}, pickup=NEVER
    )
    assert trace(spec, {"c": [0]}) == [(0, 1, 200, 0, "abandoned", "")]


def test_a_caller_who_may_not_wait_rings_out() -> None:
    spec = office(2, 2, "linear", pickup=NEVER)
    assert trace(spec, {"c": [0]}) == [(0, 1, 40, 0, "unanswered", "")]


def test_a_member_who_timed_out_is_free_for_the_next_caller_during_the_retry() -> None:
    """One member, nobody picks up: caller A rings 0..20, pauses 20..25; caller B at
    21 s rings the released member at once (21..41) and A, back at 25 s, holds."""
    spec = office(
        1,
        2,
        "rrmemory",
        hold={},
        patience={"dist": "deterministic", "mean": 30},
        pickup=NEVER,
    )
    log = trace(spec, {"c": [0, 21]})
    assert log == [(0, 1, 30, 0, "abandoned", ""), (21, 1, 30, 0, "abandoned", "")]


# --------------------------------------------------------------------------- progressive


def test_ring_progressively_adds_one_member_every_delay() -> None:
    """Pick-up after 15 s, one more every 10 s: caller 1 rings d/1 (0 s), d/2 joins at
    10 s and is released when d/1 answers at 15 s. Caller 2 (12 s) finds d/1 and d/2
    ringing and takes d/3; caller 3 (16 s) gets d/2 again. linear would give d/2, d/3."""
    spec = office(3, 3, "ring-progressively", hold={}, pickup_delay=15)
    assert who(trace(spec, {"c": [0, 12, 16]})) == ["d/1", "d/3", "d/2"]
    spec = office(3, 3, "linear", hold={}, pickup_delay=15)
    assert who(trace(spec, {"c": [0, 12, 16]})) == ["d/1", "d/2", "d/3"]


def test_ring_progressively_first_to_pick_up_wins() -> None:
    """Nobody picks up before 25 s but the ring timeout is 30 s: d/1 (0 s) would pick up
    at 25 s, d/2 (10 s) at 35 s: d/1 wins, the wait is 25 s."""
    spec = office(3, 3, "ring-progressively", pickup_delay=25, ring_timeout=30)
    assert trace(spec, {"c": [0]}) == [(0, 1, 25, 100, "answered", "d/1")]


# --------------------------------------------------------------------------- leastrecent


def test_leastrecent_counts_the_end_of_the_last_call_not_the_last_ring() -> None:
    """Asterisk sets ``lastcall`` when a call ends; a ring nobody answered leaves it.
    ``longest_idle`` (ours) counts from the end of that ring: the logs part."""
    arrivals = {"c": [float(i * 150) for i in range(40)]}
    a = trace(office(3, 3, "leastrecent", pickup=0.5, retry=0), arrivals, seed=6)
    b = trace(office(3, 3, "longest_idle", pickup=0.5), arrivals, seed=6)
    assert who(a) != who(b)


# --------------------------------------------------------------------------- shares


HUNTING = ["linear", "top-down", "sequentially-by-agent-order", "ring-progressively"]
HUNTING += ["ring_all", "ringall", "ring-all"]  # instant pick-up: the first of the list wins
EVEN = sorted(set(STRATEGIES) - set(HUNTING))


def member_shares(strategy: str, erlangs: float) -> tuple[list[float], list[float]]:
    """Four members, no queue (a loss system), instant pick-up: each member's answered
    calls over the calls offered, and the Erlang B differences of sequential hunting."""
    spec = {
        "name": "hunt",
        "period": {"hours": 600, "warmup": "5h"},
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": erlangs * 20, "talk": "3m"}],
        "departments": [{"name": "d", "staff": 4, "strategy": strategy}],
    }
    _, log = replicate(scenario_from_dict(spec), 0, 5, keep_log=True)
    assert log is not None
    answered = [r.staff for r in log if r.outcome == Outcome.ANSWERED and r.measured]
    offered = sum(1 for r in log if r.measured)
    measured = [answered.count(k) / offered for k in range(4)]
    hunting = [erlang_b(k, erlangs) - erlang_b(k + 1, erlangs) for k in range(4)]
    return measured, hunting


@pytest.mark.parametrize("erlangs", [0.5, 3.0])
@pytest.mark.parametrize("strategy", HUNTING)
def test_hunting_shares_are_erlang_b_differences(strategy: str, erlangs: float) -> None:
    """Sequential hunting (every call from the top of the list): member k carries
    A * (B(k-1, A) - B(k, A)) erlangs, the overflow of the first k-1 minus that of the
    first k. Low and high load."""
    measured, hunting = member_shares(strategy, erlangs)
    assert measured == pytest.approx(hunting, abs=0.02)


@pytest.mark.parametrize("erlangs", [0.5, 3.0])
@pytest.mark.parametrize("strategy", EVEN)
def test_the_other_strategies_share_evenly(strategy: str, erlangs: float) -> None:
    """Rotation, fewest calls, least recent, least talk, random: by symmetry each of four
    identical members takes a quarter of what is carried; at low load that is far from
    hunting, where the first member takes most."""
    measured, hunting = member_shares(strategy, erlangs)
    carried = sum(measured)
    assert [m / carried for m in measured] == pytest.approx([0.25] * 4, abs=0.02)
    if erlangs < 1:
        assert measured[0] < hunting[0] - 0.1
