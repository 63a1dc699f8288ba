"""Virtual hold (callbacks) and announcements to callers on hold (issue 12, item 3).

Exact event logs pin each path of a callback (taken, called back, not picked up, no free
channel, failed, still waiting when the run ends) and of an announcement (a caller who
hears a wait longer than their patience leaves; patience added per announcement); seeded
runs check a callback queue against Erlang C, where the model is one, and the effect a
user buys callbacks for: against the same calls without them (common random numbers),
channels are less busy and fewer callers are lost.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from replay import office, replay
from scipy import stats as st

import teletraffic as tt
from teletraffic.erlang import erlang_c
from teletraffic.errors import ScenarioError
from teletraffic.records import Outcome
from teletraffic.scenario import scenario_from_dict


def det(seconds: float) -> dict[str, Any]:
    return {"dist": "deterministic", "mean": seconds}


def with_callback(spec: dict[str, Any], **cb: Any) -> dict[str, Any]:
    spec["departments"][0]["callback"] = {"offer_over": 0, "answer_after": 0, **cb}
    return spec


def log_of(spec: dict[str, Any], arrivals: dict[str, list[float]]) -> list[Any]:
    _, rep = replay(spec, arrivals)
    assert rep.log is not None
    return sorted(rep.log, key=lambda r: r.arrival)


# ----------------------------------------------------------------------------- exact paths


def test_a_caller_who_takes_a_callback_frees_the_channel_and_is_called_back_in_turn() -> None:
    """1 person, 100 s calls. 0 is answered; 150 ends it the queue's handle time (100 s);
    at 150 the person is busy to 250, so 160 is offered (estimate 1 x 100 s / 1 > 0),
    takes it at once, and is called back at 250, answering at once (answer_after 0)."""
    spec = with_callback(office(1, 2, hold={}), accept=1.0)
    log = log_of(spec, {"c": [0, 150, 160]})
    first, second, third = log
    assert Outcome(first.outcome) is Outcome.ANSWERED
    assert first.callback == 0
    assert Outcome(second.outcome) is Outcome.ANSWERED
    assert second.callback == 0  # nobody waited: nothing to estimate, no offer
    assert Outcome(third.outcome) is Outcome.CALLED_BACK
    assert third.callback == 2
    assert third.wait == 0.0  # on hold for no time before taking it
    assert third.callback_wait == pytest.approx(250 - 160)
    assert third.talk == 100.0
    _, rep = replay(spec, {"c": [0, 150, 160]})
    # the channel: 0-100, 150-250, and the callback 250-350; not the 90 s in between
    assert rep.line_busy_seconds == {"trunk": pytest.approx(300.0)}
    assert rep.staff_busy_seconds == {"d/1": pytest.approx(300.0)}


def test_a_caller_who_declines_holds_on_and_is_answered() -> None:
    spec = with_callback(office(1, 2, hold={}), accept=0.0)
    log = log_of(spec, {"c": [0, 150, 160]})
    third = log[2]
    assert Outcome(third.outcome) is Outcome.ANSWERED
    assert third.callback == 1  # offered, declined
    assert third.wait == pytest.approx(90.0)
    _, rep = replay(spec, {"c": [0, 150, 160]})
    assert rep.line_busy_seconds == {"trunk": pytest.approx(390.0)}  # held the channel 90 s


def test_the_offer_waits_for_an_estimate_over_the_threshold() -> None:
    """Estimate 1 x 100 s / 1 = 100 s: offered over 99 s, not over 100 s."""
    for offer_over, offered in ((99, 2), (100, 0)):
        spec = with_callback(office(1, 2, hold={}), accept=1.0, offer_over=offer_over)
        log = log_of(spec, {"c": [0, 150, 160]})
        assert log[2].callback == offered


def test_a_callback_nobody_picks_up_is_tried_again_then_fails() -> None:
    """reached 0: each try rings 30 s, then the callback waits 60 s for the next; after 2
    tries it failed. The person's ringing time is busy time, the channel's channel time."""
    spec = with_callback(
        office(1, 2, hold={}), accept=1.0, reached=0.0, ring=30, tries=2, retry_after=60
    )
    log = log_of(spec, {"c": [0, 150, 160]})
    third = log[2]
    assert Outcome(third.outcome) is Outcome.CALLBACK_FAILED
    assert third.talk == 0.0
    # tries at 250 (rings to 280) and 340 (to 370): failed at 370, 210 s after taking it
    assert third.callback_wait == pytest.approx(370 - 160)
    _, rep = replay(spec, {"c": [0, 150, 160]})
    assert rep.line_busy_seconds == {"trunk": pytest.approx(200 + 60)}
    assert rep.staff_busy_seconds == {"d/1": pytest.approx(200 + 60)}


def test_no_free_channel_for_the_callback_means_another_try_later() -> None:
    """Callbacks go out on line 'out' (one channel), which a caller of department 'other'
    holds from 5 s to 1005 s. The callback's turn comes at 250: no channel, the person is
    free again; the next try at 750 finds none either, and after 2 tries it failed."""
    spec: dict[str, Any] = office(1, 2, hold={})
    spec["lines"].append({"name": "out", "kind": "multichannel", "numbers": ["2"], "channels": 1})
    spec["traffic"].append({"name": "o", "dial": "2", "calls_per_hour": 1, "talk": det(1000)})
    spec["departments"].append({"name": "other", "staff": 1})
    spec["routes"] = {"1": "d", "2": "other"}
    with_callback(spec, accept=1.0, tries=2, retry_after=500, line="out")
    log = log_of(spec, {"c": [0, 150, 160], "o": [5]})
    cb = next(r for r in log if r.callback == 2)
    assert Outcome(cb.outcome) is Outcome.CALLBACK_FAILED
    assert cb.callback_wait == pytest.approx(750 - 160)
    _, rep = replay(spec, {"c": [0, 150, 160], "o": [5]})
    assert rep.staff_busy_seconds["d/1"] == pytest.approx(200.0)  # no time dialling


def test_a_callback_still_waiting_when_the_run_ends_failed() -> None:
    """The one person leaves at 10:00 (after the call they are on, to 10:00:40); the
    callback taken at 09:59:10 never has its turn: at the end of the run it failed."""
    spec = with_callback(office(1, 2, hold={}), accept=1.0)
    spec["departments"][0]["leave_when_empty"] = False
    spec["departments"][0]["shifts"] = {"09": 1, "10": 0}
    spec["period"] = {"days": 1, "open": "09:00", "close": "11:00"}
    nine = 9 * 3600.0
    log = log_of(spec, {"c": [nine + 10, nine + 3540, nine + 3550]})
    last = log[-1]
    assert last.callback == 2
    assert Outcome(last.outcome) is Outcome.CALLBACK_FAILED
    assert last.callback_wait > 0.0


# ----------------------------------------------------------------------------- announcements


def announced(**announce: Any) -> dict[str, Any]:
    """1 person, 300 s calls: 0 talks to 300 (handle time 300 s), 310 to 610; 320 holds
    with a patience of exactly 90 s; announcements every 30 s (the first at 350)."""
    spec = office(1, 3, hold={}, patience=det(90))
    spec["traffic"][0]["talk"] = det(300)
    spec["departments"][0]["announce"] = {"every": 30, **announce}
    return spec


CALLS = {"c": [0.0, 310.0, 320.0]}


def test_a_caller_who_hears_a_wait_longer_than_their_patience_leaves_at_once() -> None:
    """At 350 the estimate is 1 x 300 s / 1 = 300 s, the patience left 60 s: gone at 350."""
    log = log_of(announced(leave_if_longer=True), CALLS)
    third = log[2]
    assert Outcome(third.outcome) is Outcome.ABANDONED
    assert third.wait == pytest.approx(30.0)
    _, rep = replay(announced(leave_if_longer=True), CALLS)
    assert rep.line_busy_seconds == {"trunk": pytest.approx(600 + 30)}


def test_without_an_effect_announcements_change_nothing() -> None:
    plain = office(1, 3, hold={}, patience=det(90))
    plain["traffic"][0]["talk"] = det(300)
    music = log_of(announced(), CALLS)
    held = log_of(plain, CALLS)
    assert [(r.outcome, r.wait) for r in music] == [(r.outcome, r.wait) for r in held]
    assert Outcome(music[2].outcome) is Outcome.ABANDONED
    assert music[2].wait == pytest.approx(90.0)


def test_patience_added_at_each_announcement_keeps_the_caller() -> None:
    """+60 s of patience every 30 s (at 350, 380, 410, ...: the deadline moves from 410 to
    470, 530, 590, 650, ...): the caller of 320 holds until the person is free at 610."""
    log = log_of(announced(patience_extra=60), CALLS)
    third = log[2]
    assert Outcome(third.outcome) is Outcome.ANSWERED
    assert third.wait == pytest.approx(610 - 320)
    # +16 s every 30 s is not enough: after k announcements (at 320 + 30k) the deadline
    # is 410 + 16k; the 5th, at 470, moves it to 490, before the 6th (500): gone at 490
    log = log_of(announced(patience_extra=16), CALLS)
    assert Outcome(log[2].outcome) is Outcome.ABANDONED
    assert log[2].wait == pytest.approx(490 - 320)


def test_the_asterisk_estimate_is_the_moving_average_of_waits() -> None:
    """app_queue's holdtime: (3 x old + wait) / 4 at each answer. 0 and 310 waited 0 s:
    holdtime 0, so the caller of 320 hears no wait and stays to the end of their
    patience; with 'position' they hear 300 s and leave at once (test above)."""
    spec = announced(leave_if_longer=True)
    spec["departments"][0]["wait_estimate"] = "asterisk"
    log = log_of(spec, CALLS)
    assert Outcome(log[2].outcome) is Outcome.ABANDONED
    assert log[2].wait == pytest.approx(90.0)


# ----------------------------------------------------------------------------- the scenario


def base(**dept: Any) -> dict[str, Any]:
    return {
        "name": "cb",
        "lines": [{"name": "t", "kind": "multichannel", "channels": 20, "numbers": ["1"]}],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "d", "staff": 5, **dept}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 50, "talk": "5m"}],
        "period": {"hours": 20, "warmup": "1h"},
    }


@pytest.mark.parametrize(
    ("callback", "field"),
    [
        ({"accept": 1.5}, "accept"),
        ({"tries": 0}, "tries"),
        ({"ring": 0.5}, "ring"),
        ({"retry_after": 1}, "retry_after"),
        ({"answer_after": 40, "ring": 30}, "answer_after"),
        ({"line": "nowhere"}, "line"),
    ],
)
def test_a_bad_callback_setting_is_named(callback: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(base(callback=callback))
    assert f"callback.{field}" in str(err.value)


def test_callbacks_and_announcements_need_a_hold_queue() -> None:
    spec = base(callback={}, announce={"every": 30})
    del spec["pbx"]
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(spec)
    assert "departments[0].callback" in str(err.value)
    assert "departments[0].announce" in str(err.value)
    with pytest.raises(ScenarioError, match=r"announce\.every"):
        scenario_from_dict(base(announce={"every": 5}))


# ----------------------------------------------------------------------------- against theory


def test_callbacks_taken_by_everyone_who_waits_are_an_erlang_c_queue() -> None:
    """Everyone who must wait takes a callback and picks it up at once, nobody hangs up,
    the line is never full: the PBX's queue of callbacks is M/M/n. The share called back
    is the probability of waiting, C(n, a), and their mean wait for the callback is the
    conditional wait of Erlang C, 1 / (n mu - lambda)."""
    n, rate, talk = 5, 48.0, 300.0  # 4 erlangs on 5 people
    spec = base(callback={"offer_over": 0, "accept": 1.0, "answer_after": 0})
    spec["lines"][0]["channels"] = 60
    spec["traffic"][0].update(calls_per_hour=rate, talk={"dist": "exponential", "mean": talk})
    result = tt.simulate(scenario_from_dict(spec), replications=20, seed=12)
    a = rate * talk / 3600.0
    p_wait = erlang_c(n, a)
    cond_wait = 1.0 / (n / talk - rate / 3600.0)
    lo, hi = result.ci("p_called_back")
    assert lo <= p_wait <= hi
    lo, hi = result.ci("mean_callback_wait")
    assert lo <= cond_wait <= hi
    assert result.value("p_wait") == 0.0  # nobody held on
    assert result.value("p_callback_taken") == 1.0
    assert not result.conservation_errors()


def _paired(on: Any, off: Any, figure: str, scope: str = "all") -> tuple[float, float]:
    """The 95% t interval of the mean difference on - off over paired replications."""
    d = np.asarray(on.replications[(figure, scope)]) - np.asarray(off.replications[(figure, scope)])
    res = st.ttest_1samp(d, 0.0)
    ci = res.confidence_interval(0.95)
    return float(ci.low), float(ci.high)


def test_callbacks_free_channels_and_lose_fewer_callers_than_holding() -> None:
    """The same calls (same seed: common random numbers) with and without callbacks on a
    busy queue (4.3 erlangs on 5 people) with callers who hold 15 minutes on average:
    with callbacks, the line's channels are less busy
    and fewer callers never get through; both differences' intervals exclude 0."""
    spec = base()
    spec["traffic"][0].update(
        calls_per_hour=52,
        talk={"dist": "exponential", "mean": 300},
        patience={"dist": "exponential", "mean": 900},
    )
    off = tt.simulate(scenario_from_dict(spec), replications=12, seed=5)
    spec["departments"][0]["callback"] = {"offer_over": "1m", "accept": 0.6, "reached": 0.9}
    on = tt.simulate(scenario_from_dict(spec), replications=12, seed=5)
    # the same arrivals: offered attempts match replication by replication
    assert (on.replications[("offered", "all")] == off.replications[("offered", "all")]).all()
    _, hi = _paired(on, off, "channel_occupancy", "line:t")
    assert hi < 0.0
    _, hi = _paired(on, off, "p_caller_lost")
    assert hi < 0.0
    assert on.value("callbacks_taken") > 0
    assert not on.conservation_errors()
    assert math.isclose(
        on.value("callbacks_taken"), on.value("called_back") + on.value("callback_failed")
    )


def test_figures_of_a_callback_count_its_talk_as_outbound() -> None:
    """The callback is dialled out: its 100 s are outbound minutes (billed as an outbound
    call), the two calls answered on hold inbound ones; offered, taken and the wait for
    the callback are figures of every scope."""
    from teletraffic.runner import replicate

    spec = with_callback(office(1, 2, hold={}), accept=1.0)
    scenario = scenario_from_dict({"name": "f", "period": {"hours": 10, "warmup": 0}, **spec})
    figs, _ = replicate(scenario, 0, 1, arrivals={"c": [0, 150, 160]})
    assert figs[("talk_minutes_in", "all")] == pytest.approx(200 / 60)
    assert figs[("talk_minutes_out", "all")] == pytest.approx(100 / 60)
    for scope in ("all", "department:d", "line:trunk", "stream:c"):
        assert figs[("callbacks_offered", scope)] == 1.0
        assert figs[("callbacks_taken", scope)] == 1.0
        assert figs[("called_back", scope)] == 1.0
        assert figs[("mean_callback_wait", scope)] == pytest.approx(90.0)
        assert figs[("p_called_back", scope)] == pytest.approx(1 / 3)
        assert figs[("p_not_answered", scope)] == 0.0
    assert ("callbacks_offered", "all") not in replicate(
        scenario_from_dict({"name": "f", "period": {"hours": 10, "warmup": 0}, **office(1, 2)}),
        0,
        1,
        arrivals={"c": [0]},
    )[0]


def test_announcements_to_a_caller_nobody_will_answer_let_the_run_end() -> None:
    """Nobody on shift, callers may join, never hang up and are never let go: without a
    stop the announcements would go on for ever. The run ends, and they are let go."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import teletraffic as tt
        from teletraffic.scenario import scenario_from_dict
        spec = {
            "name": "nobody",
            "period": {"days": 1, "open": "09:00", "close": "10:00"},
            "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 5}],
            "pbx": {"kind": "virtual", "hold": {}},
            "departments": [{"name": "d", "staff": 1, "shifts": {"09": 0},
                             "join_empty": True, "leave_when_empty": False,
                             "announce": {"every": 30, "leave_if_longer": True}}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 20, "talk": "3m"}],
        }
        r = tt.simulate(scenario_from_dict(spec), replications=2, seed=1)
        print(r.value("unanswered") + r.value("busy"), r.value("offered"))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    lost, offered = (float(x) for x in done.stdout.split())
    assert offered > 0
    assert lost == offered
