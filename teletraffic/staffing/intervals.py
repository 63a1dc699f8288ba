"""People per interval: a lag-aware start from the formulas, then the simulated day.

Sizing each interval alone with Erlang C or A (SIPP, "stationary independent period by
period") ignores that the calls in progress lag the arrivals: after a steep fall the
busy interval's calls and queue are still there when the staff drops, and the interval
misses its target; after a steep rise it is over-staffed. Two fixes, in order:

1. **Lagged start.** Interval *t* is sized on the traffic that is really in progress
   during it: the offered load of an infinite-server system,
   :math:`m(t) = E[\\lambda(t - S_e)]\\,E[S]` (Eick, Massey & Whitt, "The physics of the
   M_t/G/∞ queue", Operations Research 41, 1993), which for exponential talk solves
   :math:`m' = \\lambda(t) - m/h`: the arrivals of roughly one talk time before *t*.
   Its mean over the interval goes into the project's Erlang A (patience known) or
   Erlang C sizing (:mod:`teletraffic.erlang.sizing`). This is the "lagged SIPP" /
   modified-offered-load start of Green, Kolesar & Soares, "Improving the SIPP approach
   for staffing service systems that have cyclic demands", Operations Research 49,
   2001, and Green, Kolesar & Whitt, "Coping with time-varying demand when setting
   staffing requirements for a service system", POMS 16, 2007.
2. **Simulation pass.** The whole day is simulated (:mod:`teletraffic.staffing.day`,
   callers on hold at a boundary stay on hold), on the same seeded days each pass.
   Every interval whose confidence bound misses a target gets one person more; when
   none misses, one person less is tried in every other interval (then the others),
   and kept where that interval and the next still meet the targets. An interval whose
   try failed is not tried again. It ends when no interval misses and no person can
   go: no interval is over-staffed by more than one person (Feldman, Mandelbaum,
   Massey & Whitt, "Staffing of time-varying queues to achieve time-stable
   performance", Management Science 54, 2008, iterate simulation and staffing too).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from teletraffic import erlang
from teletraffic.errors import InputError
from teletraffic.staffing.day import DayFigures, simulate_day
from teletraffic.staffing.forecast import Forecast

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["Pass", "Sizing", "Targets", "offered_load", "sipp", "size_day"]


@dataclass(frozen=True)
class Targets:
    """What every interval must meet. *answer* is ``(share, seconds)``: that share of
    callers answered within the seconds (those who hang up count as not answered)."""

    answer: tuple[float, float] | None = (0.8, 20.0)
    abandon: float | None = None
    asa: float | None = None
    max_occupancy: float | None = None

    def __post_init__(self) -> None:
        if self.answer is None and self.abandon is None and self.asa is None:
            raise InputError(
                "give a target: an answer target (80%/20s), an abandonment target or an "
                "average wait"
            )
        if self.answer is not None:
            share, t = self.answer
            if not 0.0 < share < 1.0 or t < 0 or not math.isfinite(t):
                raise InputError(f"target_answer: {share:g} within {t:g} s is not a target")
        if self.abandon is not None and not 0.0 < self.abandon < 1.0:
            raise InputError(f"target_abandon: {self.abandon:g} is not a share above 0")
        if self.asa is not None and not 0.0 < self.asa < math.inf:
            raise InputError(f"target_asa: {self.asa:g} s must be above 0")
        if self.max_occupancy is not None and not 0.0 < self.max_occupancy <= 1.0:
            raise InputError(f"max_occupancy: {self.max_occupancy:g} is not in (0, 100%]")

    @property
    def answer_time(self) -> float:
        """The answer time of the service level the figures report (20 s by default)."""
        return self.answer[1] if self.answer is not None else 20.0


def offered_load(forecast: Forecast, *, lag: bool = True) -> list[float]:
    """Mean erlangs in progress in each interval.

    With *lag*, the infinite-server load with exponential talk, from an empty office at
    the first interval's start: its mean over the interval, or its level at the end when
    that is higher (in a rise the load is still growing, and the calls late in the
    interval meet the higher one; sized on the mean, the intervals of a steep rise
    missed in the simulated day). Without *lag* each interval's calls x talk / length.
    """
    if not lag:
        return forecast.traffic
    m, out, length = 0.0, [], forecast.length
    for c, h in zip(forecast.calls, forecast.talk, strict=True):
        a = c * h / length  # the level m tends to in this interval
        decay = math.exp(-length / h)
        mean = a + (m - a) * (h / length) * (1.0 - decay)
        m = a + (m - a) * decay  # at the interval's end
        out.append(max(mean, m))
    return out


def _interval_staff(a: float, h: float, patience: float, targets: Targets) -> int:
    if a <= 0.0:
        return 0
    pat = patience if math.isfinite(patience) else None
    need = 0
    if targets.answer is not None:
        share, t = targets.answer
        need = max(need, erlang.agents_for_service_level(a, h, share, t, patience=pat))
    if targets.asa is not None:
        need = max(need, erlang.agents_for_asa(a, h, targets.asa, patience=pat))
    if targets.abandon is not None:
        if pat is None:
            raise InputError("target_abandon needs a patience (mean time callers hold)")
        need = max(need, erlang.agents_for_abandonment(a, h, pat, targets.abandon))
    if targets.max_occupancy is not None:
        need = max(need, math.ceil(a / targets.max_occupancy - 1e-9))
    return int(need)


def sipp(forecast: Forecast, targets: Targets, *, lag: bool = True) -> list[int]:
    """People per interval by the formulas alone: lagged (*lag*) or plain SIPP."""
    loads = offered_load(forecast, lag=lag)
    return [
        _interval_staff(a, h, p, targets)
        for a, h, p in zip(loads, forecast.talk, forecast.patience, strict=True)
    ]


@dataclass
class Pass:
    """One step of the sizing and how many intervals it changed."""

    what: str
    raised: int = 0
    lowered: int = 0


@dataclass
class Sizing:
    """The people per interval, where they came from, and the simulated days behind them."""

    staff: list[int]
    plain_sipp: list[int]
    lagged_sipp: list[int]
    passes: list[Pass] = field(default_factory=list)
    converged: bool = True


def misses(figures: DayFigures, targets: Targets, level: float) -> np.ndarray:
    """True for each interval whose confidence bound misses a target (no calls: meets)."""
    bad = np.zeros(figures.calls.shape[1], dtype=bool)
    if targets.answer is not None:
        _, low, _ = figures.service_level(level)
        bad |= np.nan_to_num(low, nan=1.0) < targets.answer[0] - 1e-12
    if targets.abandon is not None:
        _, _, high = figures.abandon(level)
        bad |= np.nan_to_num(high, nan=0.0) > targets.abandon + 1e-12
    if targets.asa is not None:
        _, _, high = figures.mean_wait(level)
        bad |= np.nan_to_num(high, nan=0.0) > targets.asa + 1e-12
    if targets.max_occupancy is not None:
        bad |= np.nan_to_num(figures.occupancy(), nan=0.0) > targets.max_occupancy + 1e-12
    return bad


def size_day(
    forecast: Forecast,
    targets: Targets,
    *,
    days: int = 20,
    seed: int = 2026,
    level: float = 0.95,
    max_passes: int = 30,
    floor: Sequence[int] | None = None,
    executor: Executor | None = None,
) -> Sizing:
    """People per interval that meet *targets* in the simulated day.

    *days* seeded days are simulated per pass; an interval meets a target when its
    confidence bound at *level* does. *floor* is a staffing never gone below.
    *executor* runs each pass's days (:func:`~teletraffic.staffing.day.simulate_day`);
    the staffing found is the same with or without it.
    """
    plain = sipp(forecast, targets, lag=False)
    lagged = sipp(forecast, targets, lag=True)
    low = list(floor) if floor is not None else [0] * len(lagged)
    staff = [max(s, f) for s, f in zip(lagged, low, strict=True)]
    up = sum(b > a for a, b in zip(plain, staff, strict=True))
    down = sum(b < a for a, b in zip(plain, staff, strict=True))
    sizing = Sizing(staff, plain, lagged, [Pass("lagged start (against plain SIPP)", up, down)])

    def run(s: Sequence[int]) -> np.ndarray:
        figs = simulate_day(
            forecast,
            s,
            answer_time=targets.answer_time,
            days=days,
            seed=seed,
            executor=executor,
        )
        return misses(figs, targets, level)

    tried = np.zeros(len(staff), dtype=bool)  # a person less failed here: do not try again
    lowered_once = np.zeros(len(staff), dtype=bool)
    for _ in range(max_passes):
        bad = run(staff)
        if bad.any():
            for i in np.flatnonzero(bad):
                staff[i] += 1
            tried |= bad & lowered_once  # it went down and came back: it stays
            sizing.passes.append(Pass("simulation: raise the intervals that miss", int(bad.sum())))
            continue
        lowered = 0
        for parity in (0, 1):
            lowered += _try_fewer(staff, low, tried, lowered_once, parity, run)
        sizing.passes.append(Pass("simulation: one person less where it still meets", 0, lowered))
        if lowered == 0:
            break
    else:
        sizing.converged = not run(staff).any()
    sizing.staff = staff
    return sizing


def _try_fewer(
    staff: list[int],
    floor: Sequence[int],
    tried: np.ndarray,
    lowered_once: np.ndarray,
    parity: int,
    run: Callable[[Sequence[int]], np.ndarray],
) -> int:
    """Take one person from every other interval that has one to spare; keep it where
    that interval and the next still meet the targets. Returns how many were kept."""
    cand = [
        i
        for i in range(parity, len(staff), 2)
        if staff[i] > floor[i] and staff[i] > 0 and not tried[i]
    ]
    if not cand:
        return 0
    trial = list(staff)
    for i in cand:
        trial[i] -= 1
    bad = run(trial)
    kept = 0
    for i in cand:
        if bad[i] or (i + 1 < len(staff) and bad[i + 1]):
            tried[i] = True
        else:
            staff[i] -= 1
            lowered_once[i] = True
            kept += 1
    return kept
