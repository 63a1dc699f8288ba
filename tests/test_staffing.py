"""Staff per interval: the forecast file, the lagged start, the simulated day, the
simulation pass, the roster and the days that differ (issue 11)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import teletraffic as tt
from teletraffic.errors import InputError
from teletraffic.staffing import (
    Forecast,
    ShiftRules,
    Targets,
    forecast_from_calls,
    offered_load,
    read_forecast,
    roster,
    sipp,
    size_day,
    volume_factor,
)
from teletraffic.staffing import intervals as intervals_module
from teletraffic.staffing.day import simulate_day
from teletraffic.staffing.intervals import misses


def _day(calls: list[float], talk: float = 180.0, patience: float | None = 120.0) -> Forecast:
    starts = [9 * 3600.0 + 900.0 * i for i in range(len(calls))]
    return forecast_from_calls(starts, calls, talk=talk, patience=patience)


# --------------------------------------------------------------------------- forecast file


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "day.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_forecast_file_reads_times_calls_and_per_interval_talk(tmp_path: Path) -> None:
    p = _write(tmp_path, "start,calls,talk\n08:00,10,\n08:30,20,5m\n09:00,0,\n")
    fc = read_forecast(p, talk=240.0, patience=None)
    assert fc.starts == (8 * 3600.0, 8.5 * 3600.0, 9 * 3600.0)
    assert fc.length == 1800.0
    assert fc.calls == (10.0, 20.0, 0.0)
    assert fc.talk == (240.0, 300.0, 240.0)
    assert all(math.isinf(x) for x in fc.patience)


def test_iso_date_times_are_read_as_times_of_one_day(tmp_path: Path) -> None:
    p = _write(tmp_path, "start,calls\n2026-12-07T08:00,1\n2026-12-07T08:15,2\n")
    assert read_forecast(p, talk=60.0, patience=None).starts == (28800.0, 29700.0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("begin,calls\n08:00,1\n", ["line 1", "'start'"]),
        ("start,calls\n08:00,1\n8 am,2\n", ["line 3", "column start", "'8 am'"]),
        ("start,calls\n08:00,1\n08:15,-3\n", ["line 3", "column calls", "'-3'"]),
        ("start,calls\n08:00,1\n08:15,many\n", ["line 3", "column calls", "'many'"]),
        ("start,calls\n08:00,1\n08:15,2\n08:45,2\n", ["line 4", "08:45", "without a gap"]),
        ("start,calls,talk\n08:00,1,\n08:15,2,soon\n", ["line 3", "column talk", "'soon'"]),
        ("start,calls\n08:00,1\n08:15\n", ["line 3", "1 values for 2 columns"]),
        ("start,calls\n2026-12-07T23:00,1\n2026-12-08T00:00,1\n", ["2 dates"]),
        ("start,calls\n", ["no rows"]),
    ],
)
def test_a_bad_forecast_names_file_line_column_and_value(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    p = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_forecast(p, talk=60.0, patience=None)
    message = str(err.value)
    assert str(p) in message
    for w in words:
        assert w in message


def test_a_single_row_needs_the_interval_and_a_scenario_profile_is_read(tmp_path: Path) -> None:
    p = _write(tmp_path, "start,calls\n08:00,4\n")
    with pytest.raises(InputError, match="--interval"):
        read_forecast(p, talk=60.0, patience=None)
    assert read_forecast(p, talk=60.0, patience=None, length=900.0).length == 900.0
    y = tmp_path / "office.yaml"
    y.write_text(
        "name: desk\nperiod: {days: 1, open: '09:00', close: '12:00'}\n"
        "lines: [{name: main, kind: multichannel, numbers: ['1'], channels: 5}]\n"
        "traffic: [{name: c, dial: '1', calls_per_hour: {'09': 10, '10': 30, '11': 5},"
        " talk: 3m, patience: 1m}]\n",
        encoding="utf-8",
    )
    fc = read_forecast(y, talk=None, patience=None)
    assert fc.calls == (10.0, 30.0, 5.0)
    assert fc.length == 3600.0
    assert fc.talk == (180.0,) * 3
    assert fc.patience == (60.0,) * 3


# --------------------------------------------------------------------------- the lagged start


def test_the_lagged_load_follows_the_talk_time() -> None:
    fc = _day([100.0, 100.0, 10.0, 10.0], talk=240.0)
    plain = offered_load(fc, lag=False)
    lagged = offered_load(fc, lag=True)
    assert plain == pytest.approx([100 * 240 / 900] * 2 + [10 * 240 / 900] * 2)
    a, e = plain[0], math.exp(-900.0 / 240.0)
    # from an empty office, the load rises to a(1 - e^{-L/h}) by the end of the first interval
    assert lagged[0] == pytest.approx(a * (1 - e))
    assert lagged[0] < plain[0]
    # after the fall the calls of the busy interval are still there
    assert lagged[2] > 2 * plain[2]
    assert lagged[3] > plain[3]


def test_sipp_sizes_each_interval_by_the_projects_erlang_a() -> None:
    fc = _day([60.0, 0.0], talk=180.0, patience=120.0)
    plain = sipp(fc, Targets(answer=(0.8, 20.0)), lag=False)
    assert plain == [tt.agents_for_service_level(12.0, 180.0, 0.8, 20.0, patience=120.0), 0]
    occupancy = sipp(fc, Targets(answer=(0.8, 20.0), max_occupancy=0.5), lag=False)
    assert occupancy[0] == 24


# --------------------------------------------------------------------------- the simulated day


def test_callers_waiting_at_a_boundary_stay_on_hold() -> None:
    """One person for a busy first interval, twenty for the next: the queue of the first
    carries over and is answered, nobody is let go at the boundary."""
    fc = _day([40.0, 0.0], talk=180.0, patience=None)
    figs = simulate_day(fc, [1, 20], answer_time=20.0, days=3, seed=5)
    assert figs.calls[:, 1].sum() == 0
    assert figs.calls[:, 0].sum() > 60
    assert figs.abandoned.sum() == 0
    sl, _, _ = figs.service_level()
    assert sl[0] < 0.3
    # the calls answered after the boundary talk in the second interval
    assert figs.busy[:, 1].sum() > 900.0


def test_plenty_of_people_answer_everyone_at_once_and_none_answer_nobody() -> None:
    fc = _day([30.0, 30.0])
    many = simulate_day(fc, [40, 40], answer_time=20.0, days=2, seed=1)
    assert many.service_level()[0] == pytest.approx([1.0, 1.0])
    assert many.mean_wait()[0] == pytest.approx([0.0, 0.0])
    occ = many.occupancy()
    assert 0.0 < occ[0] < 0.2
    few = simulate_day(fc, [0, 0], answer_time=20.0, days=2, seed=1)
    assert few.service_level()[0] == pytest.approx([0.0, 0.0])


def test_the_same_seed_gives_the_same_day_and_the_staff_changes_with_the_interval() -> None:
    fc = _day([50.0, 50.0, 50.0])
    a = simulate_day(fc, [5, 9, 5], answer_time=20.0, days=2, seed=3)
    b = simulate_day(fc, [5, 9, 5], answer_time=20.0, days=2, seed=3)
    assert np.array_equal(a.calls, b.calls)
    assert np.array_equal(a.wait, b.wait)
    sl = a.service_level()[0]
    assert sl[1] > sl[0]
    assert sl[1] > sl[2]


def test_misses_read_the_confidence_bound() -> None:
    fc = _day([40.0, 40.0])
    figs = simulate_day(fc, [40, 1], answer_time=20.0, days=4, seed=2)
    bad = misses(figs, Targets(answer=(0.8, 20.0)), 0.95)
    assert bad.tolist() == [False, True]
    assert misses(figs, Targets(answer=None, asa=1e6), 0.95).tolist() == [False, False]
    assert misses(figs, Targets(answer=None, abandon=0.5), 0.95).tolist() == [False, True]


# --------------------------------------------------------------------------- the simulation pass


def test_the_simulation_pass_raises_intervals_that_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    fc = _day([40.0, 60.0, 20.0])
    monkeypatch.setattr(intervals_module, "sipp", lambda *a, **k: [1, 1, 1])
    s = size_day(fc, Targets(), days=4, seed=1)
    assert s.passes[1].what.startswith("simulation: raise")
    assert s.passes[1].raised == 3
    assert s.converged
    check = simulate_day(fc, s.staff, answer_time=20.0, days=4, seed=1)
    assert not misses(check, Targets(), 0.95).any()


def test_the_simulation_pass_removes_people_who_are_not_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fc = _day([40.0, 60.0, 20.0])
    monkeypatch.setattr(intervals_module, "sipp", lambda *a, **k: [30, 30, 30])
    s = size_day(fc, Targets(), days=4, seed=1)
    assert sum(p.lowered for p in s.passes[1:]) > 0
    assert max(s.staff) < 30
    # one person less in any interval misses (no interval over-staffed by more than one)
    for i in range(3):
        fewer = list(s.staff)
        fewer[i] -= 1
        figs = simulate_day(fc, fewer, answer_time=20.0, days=4, seed=1)
        assert misses(figs, Targets(), 0.95)[i : i + 2].any(), (i, s.staff)


def test_a_floor_is_never_gone_below() -> None:
    fc = _day([10.0, 10.0])
    s = size_day(fc, Targets(), days=3, seed=1, floor=[9, 0])
    assert s.staff[0] == 9


# --------------------------------------------------------------------------- shifts


def test_the_roster_covers_the_need_at_the_linear_programming_bound() -> None:
    starts = [8 * 3600.0 + 3600.0 * i for i in range(8)]
    need = [2, 5, 5, 3, 3, 5, 5, 2]
    rules = ShiftRules.model_validate({"lengths": ["4h"], "step": "1h"})
    r = roster(need, starts, 3600.0, rules)
    assert all(c >= n for c, n in zip(r.cover, need, strict=True))
    assert r.paid_hours >= r.bound_hours - 1e-9
    assert r.gap <= 0.05
    assert sum(p for _, p in r.shifts) * 4 == r.paid_hours
    assert {row["hours"] for row in r.rows()} == {4.0}


def test_a_break_is_not_covered_and_not_paid() -> None:
    starts = [9 * 3600.0 + 1800.0 * i for i in range(12)]
    rules = ShiftRules.model_validate(
        {
            "lengths": ["6h"],
            "earliest": "09:00",
            "latest": "09:00",
            "step": "30m",
            "break": {"longer_than": "5h", "length": "30m", "earliest": "3h", "latest": "3h"},
        }
    )
    r = roster([1] * 6 + [0] + [1] * 5, starts, 1800.0, rules)
    assert r.paid_hours == pytest.approx(5.5)
    assert r.cover == [1] * 6 + [0] + [1] * 5
    assert r.rows() == [{"start": "09:00", "hours": 6.0, "people": 1, "break": "12:00"}]


def test_an_interval_no_shift_reaches_is_named() -> None:
    rules = ShiftRules.model_validate({"lengths": ["1h"], "latest": "09:00"})
    with pytest.raises(InputError, match="10:00-11:00, which needs 2 people"):
        roster([1, 2], [9 * 3600.0, 10 * 3600.0], 3600.0, rules)


def test_a_bad_shift_file_names_line_and_field(tmp_path: Path) -> None:
    from teletraffic.staffing import load_shift_rules

    p = tmp_path / "shifts.yaml"
    p.write_text("lengths: [4h]\nstep: soon\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2, field step: 'soon'"):
        load_shift_rules(p)


# --------------------------------------------------------------------------- days differ


def test_the_volume_factor_grows_with_the_cv() -> None:
    assert volume_factor(0.0, 80.0) == 1.0
    f = [volume_factor(cv, 80.0) for cv in (0.05, 0.1, 0.2)]
    assert 1.0 < f[0] < f[1] < f[2]
    assert volume_factor(0.1, 80.0, "normal") == pytest.approx(1.0 + 0.1 * 0.8416212, rel=1e-6)


@pytest.fixture(scope="module")
def small_day() -> Forecast:
    return _day([20.0, 45.0, 10.0], talk=180.0, patience=120.0)


def test_a_cv_of_zero_gives_the_same_table(small_day: Forecast) -> None:
    plain = tt.staff(small_day, replications=3, seed=7)
    zero = tt.staff(small_day, replications=3, seed=7, volume_cv=0.0)
    assert plain.equals(zero)
    assert list(plain.columns) == list(tt.staffing.COLUMNS)


def test_a_larger_cv_never_gives_fewer_people(small_day: Forecast) -> None:
    base = tt.staff(small_day, replications=3, seed=7)
    wide = tt.staff(small_day, replications=3, seed=7, volume_cv="20%", percentile=90)
    assert (wide["staff"].to_numpy() >= base["staff"].to_numpy()).all()
    assert "service_level_mean_day" in wide.columns
    assert wide.attrs["volume_factor"] > 1.2


def test_shrinkage_and_shifts_add_their_columns(small_day: Forecast) -> None:
    rules = ShiftRules.model_validate({"lengths": ["30m", "45m"], "step": "15m"})
    df = tt.staff(small_day, replications=3, seed=7, shrinkage="30%", shifts=rules)
    assert list(df.columns) == [
        *tt.staffing.COLUMNS[:4],
        "scheduled_staff",
        *tt.staffing.COLUMNS[4:],
        "scheduled",
    ]
    assert (df["scheduled_staff"] == np.ceil(df["staff"] / 0.7 - 1e-9)).all()
    assert (df["scheduled"] >= df["scheduled_staff"]).all()
    assert df.attrs["roster"].gap <= 0.05
