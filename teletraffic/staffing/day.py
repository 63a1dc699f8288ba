"""The simulated day: a forecast and a staffing, run through the engine, per interval.

The day is one business day of the engine (:func:`teletraffic.engine.build.build`):
one trunk too wide to block, a PBX hold queue without a limit, one department. The
calls of each interval arrive as a Poisson stream at the interval's rate
(:func:`teletraffic.engine.arrivals.arrival_times`, handed to the engine as the
streams' arrival times), and at the start of each interval the department's staff is
set to that interval's figure (the engine's shift change,
:meth:`teletraffic.engine.calls.Flow.set_shift`): a person whose interval has ended
finishes the call in hand, and callers on hold at the boundary stay on hold. Intervals
with their own talk time or patience are streams of their own.

Each call counts in the interval it arrived in; a person's busy time counts in the
intervals it falls in. Figures of several days pool their calls (the share answered
in time of 100 days is all calls answered in time over all calls), with a
confidence interval from the spread between days (the ratio estimator's delta method).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from teletraffic.distributions import stream_rng
from teletraffic.engine.arrivals import arrival_times
from teletraffic.engine.build import build
from teletraffic.engine.record import CallLog
from teletraffic.records import CallRecord, Outcome, PartRecord
from teletraffic.scenario import Scenario, scenario_from_dict
from teletraffic.staffing.forecast import Forecast

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["DayFigures", "day_counts", "day_scenario", "simulate_day"]

_DEPT = "desk"
_NUMBER = "1"


class _Quiet:
    """An observer that lets the call log keep the records and counts nothing."""

    def arrival(self, stream: int, department: int, time: float, measured: bool) -> None:
        """Nothing to count."""

    def handoff(self, stream: int, department: int, arrival: float) -> None:
        """Nothing to count."""

    def attempt(self, record: CallRecord) -> None:
        """Nothing to count."""

    def part(self, record: PartRecord) -> None:
        """Nothing to count."""


def _groups(forecast: Forecast) -> list[tuple[float, float]]:
    """The distinct ``(talk, patience)`` pairs, in order of first use: one stream each."""
    seen: list[tuple[float, float]] = []
    for pair in zip(forecast.talk, forecast.patience, strict=True):
        if pair not in seen:
            seen.append(pair)
    return seen


def day_scenario(forecast: Forecast, staff: Sequence[int], answer_time: float) -> Scenario:
    """The engine's scenario of the day: one department with the most staff of any
    interval (the intervals set how many of them are in), one stream per
    ``(talk, patience)`` pair."""
    streams = []
    for k, (talk, patience) in enumerate(_groups(forecast)):
        stream: dict[str, object] = {
            "name": f"calls-{k + 1}",
            "dial": _NUMBER,
            "calls_per_hour": 1,  # the arrival times are given; this rate is never used
            "talk": {"mean": talk},
        }
        if math.isfinite(patience):
            stream["patience"] = {"mean": patience}
        streams.append(stream)
    return scenario_from_dict(
        {
            "name": f"day of {forecast.source}",
            "period": {
                "days": 1,
                "open": forecast.starts[0] / 3600.0,
                "close": forecast.end / 3600.0,
            },
            "replications": 1,
            "answer_time": answer_time,
            "lines": [
                {"name": "trunk", "kind": "multichannel", "numbers": [_NUMBER], "channels": 100_000}
            ],
            "traffic": streams,
            "pbx": {"kind": "virtual", "hold": {}},
            "departments": [{"name": _DEPT, "staff": max(1, *staff), "strategy": "longest_idle"}],
        }
    )


@dataclass
class DayFigures:
    """Counts of simulated days, one row per day, one column per interval."""

    calls: np.ndarray
    in_time: np.ndarray
    """Answered within the answer time."""
    abandoned: np.ndarray
    wait: np.ndarray
    """Seconds on hold of all callers (those who hung up until they did)."""
    busy: np.ndarray
    """Seconds the staff talked, inside the interval."""
    staff: np.ndarray
    length: float

    def _ratio(self, num: np.ndarray, den: np.ndarray, level: float) -> tuple[np.ndarray, ...]:
        """Pooled ratio per interval and its confidence interval over the days."""
        from scipy import stats

        days = num.shape[0]
        tot_n, tot_d = num.sum(axis=0), den.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(tot_d > 0, tot_n / tot_d, np.nan)
            if days < 2:
                nan = np.full_like(r, np.nan)
                return r, nan, nan
            resid = num - np.nan_to_num(r) * den
            mean_d = tot_d / days
            se = resid.std(axis=0, ddof=1) / np.sqrt(days) / mean_d
        q = float(stats.t.ppf(0.5 + level / 2.0, days - 1))
        return r, r - q * se, r + q * se

    def service_level(self, level: float = 0.95) -> tuple[np.ndarray, ...]:
        """Share answered within the answer time: ``(estimate, low, high)`` per interval."""
        return self._ratio(self.in_time, self.calls, level)

    def abandon(self, level: float = 0.95) -> tuple[np.ndarray, ...]:
        """Share who hung up on hold."""
        return self._ratio(self.abandoned, self.calls, level)

    def mean_wait(self, level: float = 0.95) -> tuple[np.ndarray, ...]:
        """Mean seconds on hold over all callers."""
        return self._ratio(self.wait, self.calls, level)

    def occupancy(self) -> np.ndarray:
        """Talk time over the staff's time, per interval."""
        seat = self.staff * self.length * self.busy.shape[0]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(seat > 0, self.busy.sum(axis=0) / seat, np.nan)


def simulate_day(
    forecast: Forecast,
    staff: Sequence[int],
    *,
    answer_time: float,
    days: int,
    seed: int,
    first_day: int = 0,
    executor: Executor | None = None,
) -> DayFigures:
    """Simulate *days* independent days of *forecast* with *staff* per interval.

    Day *k* uses the random streams of replication ``first_day + k`` of *seed*, so the
    same days come out for another staffing (common random numbers: two staffings are
    compared on the same callers).

    *executor*: any :class:`concurrent.futures.Executor` (a process pool, or a Dask
    client's ``get_executor()``) to run the days in, one task a day. Each day's counts
    depend only on its own seeds and are put back in day order, so the figures are the
    same, bit for bit, serial or in any number of processes.
    """
    if len(staff) != len(forecast.starts):
        raise ValueError(f"{len(staff)} staff figures for {len(forecast.starts)} intervals")
    job = _Job(
        day_scenario(forecast, staff, answer_time), forecast, tuple(staff), seed, answer_time
    )
    numbers = range(first_day, first_day + days)
    if executor is None:
        counts = [day_counts(job, d) for d in numbers]
    else:
        futures = [executor.submit(day_counts, job, d) for d in numbers]
        counts = [f.result() for f in futures]
    n = len(staff)
    table = np.stack(counts) if counts else np.zeros((0, len(_COUNTS), n))
    columns = {k: np.ascontiguousarray(table[:, i, :]) for i, k in enumerate(_COUNTS)}
    return DayFigures(**columns, staff=np.asarray(staff, dtype=float), length=forecast.length)


_COUNTS = ("calls", "in_time", "abandoned", "wait", "busy")
"""The per-interval counts of one day, in the order of :class:`DayFigures`' fields."""


@dataclass(frozen=True)
class _Job:
    """What a process needs to simulate one day: sent once per day, small to pickle."""

    scenario: Scenario
    forecast: Forecast
    staff: tuple[int, ...]
    seed: int
    answer_time: float


def day_counts(job: _Job, day: int) -> np.ndarray:
    """The counts of day *day* (rows of :data:`_COUNTS`, one column per interval).

    A module-level function, so a process pool can run it."""
    records = _one_day(job.scenario, job.forecast, job.staff, job.seed, day)
    return _count(records, job.forecast, job.answer_time)


def _arrivals(forecast: Forecast, seed: int, day: int) -> dict[str, list[float]]:
    groups = _groups(forecast)
    out: dict[str, list[float]] = {}
    for k, pair in enumerate(groups):
        segments = [
            (s, s + forecast.length, c / forecast.length)
            for s, c, h, p in zip(
                forecast.starts, forecast.calls, forecast.talk, forecast.patience, strict=True
            )
            if (h, p) == pair
        ]
        rng = stream_rng(seed, day, f"stream:calls-{k + 1}", "arrivals")
        out[f"calls-{k + 1}"] = list(arrival_times(segments, rng))
    return out


def _one_day(
    scenario: Scenario, forecast: Forecast, staff: Sequence[int], seed: int, day: int
) -> list[CallRecord]:
    log = CallLog(_Quiet())
    office = build(scenario, day, seed, log, _arrivals(forecast, seed, day))
    flow = office.flow
    desk = office.desks[0]
    for start, people in zip(forecast.starts, staff, strict=True):
        flow.later(start, flow.set_shift, (desk, int(people)))
    office.clock.run()
    flow.let_go(desk, final=True)
    return list(log.records)


def _count(records: list[CallRecord], forecast: Forecast, answer_time: float) -> np.ndarray:
    first, length, n = forecast.starts[0], forecast.length, len(forecast.starts)
    answered, abandoned = int(Outcome.ANSWERED), int(Outcome.ABANDONED)
    out = np.zeros((len(_COUNTS), n))
    calls, in_time, gone, wait, busy = out
    for r in records:
        i = min(int((r.arrival - first) // length), n - 1)
        calls[i] += 1
        wait[i] += r.wait
        if r.outcome == answered:
            if r.wait <= answer_time:
                in_time[i] += 1
            _busy(busy, r.arrival + r.wait, r.arrival + r.wait + r.talk, first, length)
        elif r.outcome == abandoned:
            gone[i] += 1
    return out


def _busy(busy: np.ndarray, lo: float, hi: float, first: float, length: float) -> None:
    """Add the talk ``[lo, hi)`` to the intervals it falls in."""
    n = busy.shape[0]
    i = int((lo - first) // length)
    while i < n and lo < hi:
        end = first + (i + 1) * length
        busy[i] += min(hi, end) - lo
        lo = end
        i += 1
