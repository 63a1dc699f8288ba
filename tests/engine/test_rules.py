"""Engine rules, each pinned by a test that fails when the rule is broken (hand mutation testing).

Each test names the rule it guards. Exact tests replay fixed arrival times through the
engine (the same ``trace`` idea as tests/engine/test_mechanism.py); statistical tests use a
fixed seed and bounds of about four standard deviations, so they are deterministic and
far from the edge on the correct code.
"""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from replay import DESK_AND_SALES, office, one_line, replay, trace

from teletraffic.errors import ScenarioError
from teletraffic.records import Outcome
from teletraffic.runner import SimulationResult, simulate
from teletraffic.scenario import scenario_from_dict
from teletraffic.stats import t_interval

# ----------------------------------------------------------------------------- rule 2


def test_a_caller_who_rang_out_does_not_overfill_the_hold_queue() -> None:
    """Hold queue bounded by max_callers, also on the ring-out path back into the queue.

    d/1 is pulled into a conference by the front desk, so only d/2 is free. Caller A rings
    d/2 (nobody in d picks up within the ring timeout); B takes the only hold slot. d/2's
    shift ends at 10:00 while it rings; when A's ring ends at 10:00:05 nobody is free and
    the one slot is taken, so A is let go (unanswered after 20 s) instead of holding as a
    second caller.
    """
    ten = 10 * 3600.0
    spec = {
        "period": {"days": 1, "open": "09:00", "close": "11:00"},
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1", "2"], "channels": 10}],
        "traffic": [
            {
                "name": "f",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 1000},
            },
            {
                "name": "a",
                "dial": "2",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            },
        ],
        "pbx": {"kind": "office", "hold": {"max_callers": 1, "max_wait": 120}},
        "departments": [
            {"name": "front", "staff": 1},
            {
                "name": "d",
                "staff": 2,
                "pickup_delay": 30,
                "ring_timeout": 20,
                "shifts": {"09": 2, "10": 1},
            },
        ],
        "routes": {"1": "front", "2": "d"},
        "conference": {"share": 1.0, "people": 2},
    }
    log = trace(spec, {"f": [ten - 60], "a": [ten - 15, ten - 10]})
    assert log == [
        (ten - 60, 1, 0, 1000, "answered", "front/1"),
        (ten - 15, 1, 20, 0, "unanswered", ""),  # mutant: held until max_wait (120 s)
        (ten - 10, 1, 120, 0, "unanswered", ""),
    ]


# ----------------------------------------------------------------------------- rule 3


def test_random_strategy_spreads_calls_over_everyone() -> None:
    """``random``: with everyone free, each member is first equally likely (and not in order)."""
    log = trace(office(3, 3, "random"), {"c": [i * 1000.0 for i in range(300)]}, seed=4)
    who = Counter(row[5] for row in log)
    assert set(who) == {"d/1", "d/2", "d/3"}
    # Binomial(300, 1/3): mean 100, sd 8.2; +-35 is over 4 sd
    assert all(65 <= n <= 135 for n in who.values()), who
    # not a fixed rotation either: some member answers two calls in a row
    assert any(a[5] == b[5] for a, b in itertools.pairwise(log))


def test_round_robin_remembers_who_was_rung_even_without_an_answer() -> None:
    """``round_robin`` goes on after whoever was rung last, answered or not.

    Caller 1 hangs up after 5 s while d/1 rings (pick-up takes 10 s); caller 2 must start
    at d/2, the member after the one rung last.
    """
    spec = office(3, 3, "round_robin", pickup_delay=10, ring_timeout=20)
    spec["pbx"] = {"kind": "virtual", "hold": {}}
    spec["traffic"][0]["patience"] = {"dist": "deterministic", "mean": 5}
    spec["traffic"].append(
        {
            "name": "p",
            "dial": "1",
            "calls_per_hour": 1,
            "talk": {"dist": "deterministic", "mean": 100},
        }
    )
    log = trace(spec, {"c": [0], "p": [100]})
    assert log == [
        (0, 1, 5, 0, "abandoned", ""),
        (100, 1, 10, 100, "answered", "d/2"),  # mutant: d/1 again
    ]


# ----------------------------------------------------------------------------- rule 5


def test_wrap_up_counts_as_busy_time_of_the_person() -> None:
    """Talk 100 s + wrap-up 20 s: each answered call keeps its person 120 s busy."""
    spec = office(1, 1, wrap_up=20)
    _, rep = replay(spec, {"c": [0, 1000, 2000]})
    assert rep.staff_busy_seconds["d/1"] == pytest.approx(3 * 120.0)
    assert rep.staff_answered["d/1"] == 3


# ----------------------------------------------------------------------------- rule 6


def test_redials_stop_at_max_attempts() -> None:
    """max_attempts 2: one first attempt and one redial, never a third attempt."""
    spec = one_line(
        300,
        redial={
            "probability": 1,
            "after": {"dist": "deterministic", "mean": 30},
            "max_attempts": 2,
        },
    )
    log = trace(spec, {"c": [0, 10]})
    assert log == [
        (0, 1, 0, 300, "answered", "city/1"),
        (10, 1, 0, 0, "busy", ""),
        (40, 2, 0, 0, "busy", ""),  # mutant: a third attempt at 70
    ]


def test_redial_probability_is_honoured() -> None:
    """Redial probability 0.3: about 30% of busy first attempts come back once."""
    spec = one_line(
        40_000,
        redial={
            "probability": 0.3,
            "after": {"dist": "deterministic", "mean": 30},
            "max_attempts": 2,
        },
    )
    log = trace(spec, {"c": [0.0] + [1.0 + i for i in range(500)]}, seed=7)
    first_busy = sum(1 for r in log if r[1] == 1 and r[4] == "busy")
    redials = sum(1 for r in log if r[1] == 2)
    assert first_busy == 500
    # Binomial(500, 0.3): mean 150, sd 10.2; +-40 is about 4 sd
    assert 110 <= redials <= 190, redials


# ----------------------------------------------------------------------------- rule 7

TRANSFER_DESKS: dict[str, Any] = {
    "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
    "traffic": [
        {
            "name": "c",
            "dial": "1",
            "calls_per_hour": 1,
            "talk": {"dist": "deterministic", "mean": 100},
        }
    ],
    "pbx": {"kind": "office", "hold": {}},
    "departments": [
        {"name": "requests", "staff": 1},
        {"name": "support", "staff": 3, "answers": "transferred"},
    ],
}


def test_without_routes_calls_go_to_the_only_inbound_department() -> None:
    """answers: transferred never gets a direct call, not even by the default route."""
    log = trace(TRANSFER_DESKS, {"c": [0, 10, 20, 500]})
    assert [(r[4], r[5]) for r in log] == [("answered", "requests/1")] * 4


@pytest.mark.parametrize("answers", ["transferred", "none"])
def test_a_number_cannot_be_routed_to_a_department_that_does_not_answer_inbound(
    answers: str,
) -> None:
    spec = dict(TRANSFER_DESKS, name="x")
    spec["departments"] = [
        {"name": "requests", "staff": 1},
        {"name": "support", "staff": 1, "answers": answers},
    ]
    spec["routes"] = {"1": "support"}
    with pytest.raises(ScenarioError, match=f"answers {answers}"):
        scenario_from_dict(spec)


# ----------------------------------------------------------------------------- rule 8


def transfer_office(mode: str, channels: int = 5) -> dict[str, Any]:
    return {
        "lines": [
            {"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": channels}
        ],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            }
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
                "share": 1.0,
                "mode": mode,
                "consult": 30,
                "talk": {"dist": "deterministic", "mean": 50},
            }
        ],
    }


def test_a_transferred_caller_keeps_the_outside_channel() -> None:
    """One channel: while the transferred caller talks to support (100..150), a new caller
    hears busy even though requests/1 is free again."""
    log = trace(transfer_office("blind", channels=1), {"c": [0, 120, 200]})
    assert log == [
        (0, 1, 0, 150, "answered", "support/1"),
        (120, 1, 0, 0, "busy", ""),  # mutant: answered by requests/1
        (200, 1, 0, 150, "answered", "support/1"),
    ]
    _, rep = replay(transfer_office("blind", channels=1), {"c": [0]})
    assert rep.line_busy_seconds["trunk"] == pytest.approx(150.0)


def test_attended_consult_is_busy_time_of_both_people() -> None:
    """requests: 100 s talk + 30 s consult; support: 30 s consult + 50 s talk."""
    _, rep = replay(transfer_office("attended"), {"c": [0]})
    assert rep.staff_busy_seconds["requests/1"] == pytest.approx(130.0)
    assert rep.staff_busy_seconds["support/1"] == pytest.approx(80.0)


# ----------------------------------------------------------------------------- rule 9


def test_conference_members_are_busy_for_the_whole_conference() -> None:
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
        "conference": {"share": 1.0, "people": 4, "outside": 2},
    }
    _, rep = replay(spec, {"c": [0]})
    assert [rep.staff_busy_seconds[f"d/{i}"] for i in range(1, 6)] == pytest.approx(
        [100.0, 100.0, 100.0, 100.0, 0.0]
    )
    # the caller's channel and two outside participants' channels, 100 s each
    assert rep.line_busy_seconds["trunk"] == pytest.approx(300.0)
    assert rep.line_peak["trunk"] == 3


# ----------------------------------------------------------------------------- rule 11


def test_outbound_rate_is_per_person() -> None:
    """4 people at 6 calls an hour each for 100 h: about 2400 calls placed (Poisson, sd 49)."""
    spec = {
        "name": "dialling",
        "period": {"hours": 100, "warmup": 0},
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 10}],
        "traffic": [
            {"name": "c", "dial": "1", "calls_per_hour": 0.001, "talk": "1m"},
            {
                "name": "out",
                "from": "sales",
                "calls_per_hour": 6,
                "talk": {"dist": "deterministic", "mean": 1},
            },
        ],
        "departments": [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 4, "answers": "none"},
        ],
        "routes": {"1": "desk"},
    }
    result = simulate(scenario_from_dict(spec), replications=1, seed=3)
    placed = result.value("placed", "stream:out")
    assert 2200 <= placed <= 2600, placed
    assert result.value("blocked", "stream:out") == 0


def test_outbound_is_blocked_while_an_inbound_call_holds_the_only_channel() -> None:
    """Inbound and outbound share the channel: the caller gets it at 0 and talks 300 s;
    every dial-out attempt in that time is blocked (the shipped test's inbound caller
    happens to hear busy, so it never sees a blocked attempt)."""
    spec = DESK_AND_SALES
    log = trace(spec, {"c": [0.0]})
    assert log[0] == (0, 1, 0, 300, "answered", "desk/1")
    during = Counter(r[4] for r in log[1:] if r[0] < 300)
    after = Counter(r[4] for r in log[1:] if r[0] >= 300)
    assert set(during) == {"blocked"}, during
    assert during["blocked"] >= 10, during
    assert after["placed"] > 100


# ----------------------------------------------------------------------------- rule 12


def test_occupancy_counts_only_the_hours_a_person_is_on_shift() -> None:
    spec = office(2, 5, shifts={"09": 1, "10": 2})
    spec["period"] = {"days": 2, "open": "09:00", "close": "11:00"}
    _, rep = replay(spec, {"c": []})
    assert rep.staff_present_seconds == {"d/1": 2 * 7200.0, "d/2": 2 * 3600.0}


# ----------------------------------------------------------------------------- rule 13


def test_ip_uplink_bounds_concurrent_calls() -> None:
    """10 channels by tariff, but a 200 kbit/s uplink fits two G.711 calls (87.2 kbit/s)."""
    spec = {
        "lines": [
            {
                "name": "voip",
                "kind": "ip",
                "numbers": ["1"],
                "channels": 10,
                "uplink_kbps": 200,
                "codec": "g711",
            }
        ],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 100},
            }
        ],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "d", "staff": 5}],
    }
    log = trace(spec, {"c": [0, 1, 2]})
    assert [r[4] for r in log] == ["answered", "answered", "busy"]
    assert scenario_from_dict(dict(spec, name="x")).lines[0].call_capacity == 2


# ----------------------------------------------------------------------------- rule 14


def mobile(coverage: float, outbound: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "lines": [{"name": "cell", "kind": "mobile", "numbers": ["1"], "coverage": coverage}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": 10},
            }
        ],
    }
    if outbound:
        spec["traffic"].append(
            {
                "name": "out",
                "from": "sales",
                "calls_per_hour": 60,
                "talk": {"dist": "deterministic", "mean": 10},
            }
        )
        spec["departments"] = [
            {"name": "desk", "staff": 1},
            {"name": "sales", "staff": 1, "answers": "none"},
        ]
        spec["routes"] = {"1": "desk"}
    return spec


def test_partial_coverage_fails_that_share_of_inbound_calls() -> None:
    """coverage 70%: about 30% of 400 calls do not connect (Binomial sd 9.2)."""
    log = trace(mobile(0.7), {"c": [i * 100.0 for i in range(400)]}, seed=2)
    outcomes = Counter(r[4] for r in log)
    assert set(outcomes) == {"answered", "no_coverage"}
    assert 85 <= outcomes["no_coverage"] <= 155, outcomes


def test_outbound_calls_on_a_mobile_line_need_coverage_too() -> None:
    """coverage 50%: about half of the outbound attempts do not connect."""
    log = trace(mobile(0.5, outbound=True), {"c": []}, seed=2)
    out = Counter(r[4] for r in log)
    tried = out["placed"] + out["no_coverage"] + out["blocked"]
    assert tried > 300
    assert 0.4 <= out["no_coverage"] / tried <= 0.6, out


# ----------------------------------------------------------------------------- rule 15

RUNNER_SPEC: dict[str, Any] = {
    "name": "conservation",
    "period": {"days": 2, "open": "09:00", "close": "13:00"},
    "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1", "2"], "channels": 4}],
    "traffic": [
        {
            "name": "clients",
            "dial": "1",
            "calls_per_hour": {"09": 20, "10": 40, "11": 30, "12": 10},
            "talk": {"mean": "3m", "dist": "lognormal", "cv": 0.8},
            "patience": "1m",
            "redial": {"probability": 0.5, "after": "2m"},
        },
        {"name": "partners", "dial": "2", "calls_per_hour": 6, "talk": "5m"},
    ],
    "pbx": {"kind": "virtual", "hold": {"max_callers": 2, "max_wait": "3m"}},
    "departments": [
        {"name": "managers", "staff": 3, "strategy": "random", "wrap_up": "20s", "pickup": 0.9}
    ],
}


def test_the_conservation_check_flags_a_table_that_does_not_add_up() -> None:
    """conservation_errors() must be able to fail: a doctored table is reported."""
    result = simulate(scenario_from_dict(RUNNER_SPEC), replications=2, seed=1)
    assert result.conservation_errors() == []
    reps = result.replications.copy()
    reps[("offered", "all")] = reps[("offered", "all")] + 1
    reps[("offered", "stream:partners")] = reps[("offered", "stream:partners")] + 1
    doctored = SimulationResult(
        scenario=result.scenario,
        seed=result.seed,
        level=result.level,
        summary=result.summary,
        replications=reps,
    )
    assert doctored.conservation_errors() == ["all", "stream:partners"]


def test_every_arrival_and_every_redial_ends_in_one_outcome() -> None:
    """A check independent of the counters: arrivals in = attempts out.

    The offered total is the sum of the same counters the outcomes come from, so it cannot
    catch an attempt the engine forgets. Here the arrivals are given: every caller must
    have attempts 1..k, each attempt but the last lost and followed by a redial, and with
    redial probability 1 a caller stops only when answered or after max_attempts.
    """
    spec = one_line(
        300,
        redial={
            "probability": 1,
            "after": {"dist": "deterministic", "mean": 45},
            "max_attempts": 3,
        },
    )
    arrivals = [i * 37.0 for i in range(200)]
    _, rep = replay(spec, {"c": arrivals})
    assert rep.log is not None
    attempts: dict[int, list[tuple[int, int]]] = {}
    for r in rep.log:
        attempts.setdefault(r.caller, []).append((r.attempt, r.outcome))
    assert len(attempts) == len(arrivals) == rep.callers
    for tries in attempts.values():
        tries.sort()
        assert [a for a, _ in tries] == list(range(1, len(tries) + 1))
        assert all(o == Outcome.BUSY for _, o in tries[:-1])
        assert tries[-1][1] == Outcome.ANSWERED or len(tries) == 3


# ----------------------------------------------------------------------------- rule 16


def figures(
    spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]]
) -> dict[tuple[str, str], float]:
    """The replication figures of one run with the given arrivals."""
    from teletraffic.runner import replicate

    base: dict[str, Any] = {"name": "figures", "period": {"hours": 10, "warmup": 0}}
    base.update(spec)
    scenario = scenario_from_dict(base)
    return replicate(scenario, 0, 1, arrivals=arrivals)[0]


def test_occupancy_is_channel_seconds_over_time_and_capacity_holding_included() -> None:
    """1 person, 5 channels, 10 h. Call 1 talks 0..100; call 2 holds 10..100, talks 100..200.

    Channel-seconds: 100 + 190 (hold counts: the caller keeps a channel); occupancy is
    divided by the 5 channels, not by the 2 ever used at once.
    """
    spec = office(1, 5)
    spec["pbx"] = {"kind": "virtual", "hold": {}}
    figs = figures(spec, {"c": [0, 10]})
    t = 10 * 3600.0
    assert figs[("busy_channels", "line:trunk")] == pytest.approx(290.0 / t)
    assert figs[("channel_occupancy", "line:trunk")] == pytest.approx(290.0 / (t * 5))
    assert figs[("peak_channels", "line:trunk")] == 2
    assert figs[("staff_occupancy", "staff:d/1")] == pytest.approx(200.0 / t)


def test_p_wait_and_service_level_are_shares_of_all_inbound_attempts() -> None:
    """1 person, 2 channels, answer time 20 s. Calls at 0, 80, 81, 250:

    0 answered at once; 80 holds exactly 20 s (within the answer time: <=); 81 finds both
    channels taken (busy); 250 answered at once. p_wait = 1/4 (busy counts in the
    denominator), service level = 3/4 (within 20 s, over all 4 attempts), mean wait over
    the 3 admitted = 20/3.
    """
    spec = office(1, 2)
    spec["pbx"] = {"kind": "virtual", "hold": {}}
    spec["answer_time"] = 20
    figs = figures(spec, {"c": [0, 80, 81, 250]})
    assert figs[("busy", "all")] == 1
    assert figs[("p_wait", "all")] == pytest.approx(1 / 4)
    assert figs[("service_level", "all")] == pytest.approx(3 / 4)
    assert figs[("mean_wait", "all")] == pytest.approx(20 / 3)


def test_t_interval_uses_student_t_and_the_sample_sd() -> None:
    mean, low, high = t_interval([1.0, 2.0, 3.0, 4.0], 0.95)
    half = 3.182446305284263 * math.sqrt(5 / 3) / 2  # t(0.975, 3) * s / sqrt(n)
    assert mean == 2.5
    assert low == pytest.approx(2.5 - half, rel=1e-9)
    assert high == pytest.approx(2.5 + half, rel=1e-9)
    mean, low, high = t_interval([10.0, 12.0], 0.99)
    half = 63.65674116287399 * 1.0  # t(0.995, 1) * sd sqrt(2) / sqrt(2)
    assert (low, high) == pytest.approx((11.0 - half, 11.0 + half), rel=1e-9)


# ----------------------------------------------------------------------------- rule 17

SCRIPT = textwrap.dedent(
    """
    from teletraffic.runner import simulate
    from teletraffic.scenario import scenario_from_dict
    from tests_spec import SPEC
    r = simulate(scenario_from_dict(SPEC), replications=2, seed=11)
    print(repr(r.replications.round(12).to_numpy().tolist()))
    """
)


@pytest.mark.slow
def test_same_seed_same_numbers_in_any_process(tmp_path: Any) -> None:
    """Random streams must not depend on the process (e.g. Python's salted hash())."""
    (tmp_path / "tests_spec.py").write_text(f"SPEC = {RUNNER_SPEC!r}\n")
    outs = []
    for hashseed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")])
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        outs.append(run.stdout)
    assert outs[0] == outs[1]
