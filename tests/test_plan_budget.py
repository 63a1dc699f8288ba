"""A plan's whole search is estimated before it starts, bounded, and kept small.

A plan for a big call centre (20,000 calls an hour of 3 minutes: 1,000 erlangs) used to
screen millions of set-ups and take gigabytes before its first simulation; set-ups that
cannot carry the traffic are now left out, the people behind a PBX are found by
halving, and a search estimated to take longer than an hour is refused, naming the
flags that make it smaller.
"""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

import teletraffic.work
from teletraffic.cli import app
from teletraffic.errors import InputError
from teletraffic.experiments import plan
from teletraffic.experiments.planning.confirm import Confirmer
from teletraffic.experiments.planning.screen import Demand, least_people, screen


@pytest.fixture
def no_simulation(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Confirming simulations recorded, not run: the tests look at the screening."""
    seen: list[str] = []

    def simulate(self: Confirmer, cand: object) -> None:
        seen.append(getattr(cand, "label", ""))

    monkeypatch.setattr(Confirmer, "simulate", simulate)
    return seen


def test_a_big_call_centre_screens_a_few_thousand_setups(no_simulation: list[str]) -> None:
    result = plan(calls_per_hour=20000, talk=180, replications=2)
    assert len(result.candidates) < 5000  # was over two million
    assert result.best is not None
    assert result.best.kind.endswith("_pbx")
    assert 950 <= result.best.staff <= 1000
    assert result.best.analytic is not None
    assert result.best.analytic["p_caller_lost"] <= 0.05
    assert len(no_simulation) == 2  # the recommendation and the set-up below it
    assert any("were not screened" in n for n in result.notes)


def test_the_setups_left_out_miss_the_target(no_simulation: list[str]) -> None:
    """Every PBX size keeps the fewest people that meet the target and the one below;
    each count left out below them misses by the formula."""
    result = plan(calls_per_hour=400, talk=180, replications=2)
    demand = Demand(calls_per_hour=400, talk=180)
    frame = result.candidates
    pbx = frame[frame["pbx"] != "none"]
    assert not pbx.empty
    checked = 0
    for (_setup, channels), rows in pbx.groupby(["setup", "channels"]):
        fewest = int(rows["staff"].min())
        for n in range(1, fewest):
            scr = screen(demand, numbers=1, channels=int(channels), agents=n, answer_time=20.0)
            assert result.bounds.misses(scr.figures()), (channels, n)
            checked += 1
        meeting = rows[rows["meets_targets"]]
        if not meeting.empty:
            assert int(meeting["staff"].min()) in (fewest, fewest + 1)
    assert checked > 100


def test_least_people_is_the_capacity_bound() -> None:
    demand = Demand(calls_per_hour=20000, talk=180)  # 1,000 erlangs
    assert least_people(demand, 0.05) == 949
    assert least_people(demand, 0.0) == 999
    n = least_people(demand, 0.05)
    scr = screen(demand, numbers=1, channels=n + 200, agents=n, answer_time=20.0)
    assert scr.p_caller_lost > 0.05  # the bound's set-up itself misses, by the formula
    assert least_people(Demand(calls_per_hour=1, talk=10), 0.05) == 1


def test_a_search_too_long_is_refused_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    import teletraffic.experiments.planning.decide as decide

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("screened before the estimate")

    monkeypatch.setattr(decide, "_screen_menu", fail)
    result = CliRunner().invoke(
        app,
        [
            "plan",
            "--calls-per-hour",
            "20000",
            "--talk",
            "3m",
            "--patience",
            "1m",
            "--redial",
            "30%",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "this plan could take" in result.output
    for flag in ("--replications", "--max-lines", "--redial", "--force"):
        assert flag in result.output
    assert "Traceback" not in result.output


def test_force_lifts_the_refusal(monkeypatch: pytest.MonkeyPatch, no_simulation: list[str]) -> None:
    monkeypatch.setattr(teletraffic.work, "MAX_SEARCH_SECONDS", 1e-9)
    with pytest.raises(InputError, match="this plan could take"):
        plan(calls_per_hour=40, talk=180, replications=2)
    assert plan(calls_per_hour=40, talk=180, replications=2, force=True).best is not None


def test_a_search_that_may_take_long_says_so(
    monkeypatch: pytest.MonkeyPatch, no_simulation: list[str]
) -> None:
    from teletraffic.errors import LongRunWarning

    monkeypatch.setattr(teletraffic.work, "LONG_RUN_SECONDS", 1e-9)
    with pytest.warns(LongRunWarning, match="this plan may take up to"):
        plan(calls_per_hour=40, talk=180, replications=2)


def test_the_confirmer_keeps_only_the_last_result() -> None:
    result = plan(calls_per_hour=40, talk=180, replications=2)
    assert result.best is not None
    assert result.best.simulated is not None
    from teletraffic.experiments.planning.targets import Targets

    conf = Confirmer(
        Targets.build(
            busy=0.05, answer=None, abandon=None, lost=None, wait=None, callers_hold_forever=False
        ),
        2,
        1,
        1,
        0.95,
        189.0,
    )
    for cand in result.considered[:3]:
        cand.simulated = None
        conf.simulate(cand)
    assert conf.runs == 3
    assert len(conf.results) == 1
    assert not conf._by_key
    assert all(math.isfinite(c.simulated["p_busy"][0]) for c in result.considered[:3])
