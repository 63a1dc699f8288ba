"""When inbound calls arrive.

The arrivals of each inbound stream are a Poisson process whose rate may change by the
hour (a non-homogeneous Poisson process with a piecewise-constant rate): in each
stretch of constant rate the number of calls is Poisson and their times uniform, drawn
a few thousand at a time. Business-day runs have calls in opening hours only;
steady-state runs have a constant rate from the start, warm-up included. (A stream with
finite *sources* has no schedule of its own: each source calls again a random time after
its last call ended, see :meth:`teletraffic.engine.calls.Flow.source_idle`.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

from teletraffic.engine.calls import Flow
from teletraffic.engine.streams import StreamRuntime
from teletraffic.scenario import Scenario, Stream

__all__ = ["arrival_times", "segments", "start_arrivals"]


def segments(scenario: Scenario, stream: Stream) -> list[tuple[float, float, float]]:
    """``(start, end, calls per second)`` stretches of constant rate, in time order."""
    p = scenario.period
    if p.hours is not None:
        rate = stream.rate_at_hour(0) / 3600.0
        return [(0.0, p.warmup_seconds + p.hours * 3600.0, rate)]
    assert p.days is not None
    out: list[tuple[float, float, float]] = []
    for day in range(p.days):
        base = day * 86400.0
        for h in range(24):
            lo, hi = max(h * 3600.0, p.open), min((h + 1) * 3600.0, p.close)
            if hi <= lo:
                continue
            rate = stream.rate_at_hour(h) / 3600.0
            if out and out[-1][1] == base + lo and out[-1][2] == rate:
                out[-1] = (out[-1][0], base + hi, rate)
            else:
                out.append((base + lo, base + hi, rate))
    return out


def arrival_times(
    segments: list[tuple[float, float, float]], rng: np.random.Generator, chunk: int = 2048
) -> Iterator[float]:
    """Arrival times of a Poisson process with a piecewise-constant rate, in order."""
    return itertools.chain.from_iterable(_chunks(segments, rng, chunk))


def _chunks(
    segments: list[tuple[float, float, float]], rng: np.random.Generator, chunk: int
) -> Iterator[list[float]]:
    """The arrival times a stretch of about *chunk* expected calls at a time (drawn when
    the times before them are used up; iterated in C, one by one, by :func:`arrival_times`)."""
    for start, end, rate in segments:
        if rate <= 0.0:
            continue
        step = chunk / rate
        a = start
        while a < end:
            b = min(a + step, end)
            n = rng.poisson(rate * (b - a))
            if n:
                times = rng.uniform(a, b, n)
                times.sort()
                yield times.tolist()
            a = b


def start_arrivals(flow: Flow, stream: StreamRuntime, times: Iterator[float]) -> None:
    """Schedule the arrivals of *stream* one after another (each is ``flow.arrive``)."""
    flow.clock.each(times, flow.arrive, stream)
