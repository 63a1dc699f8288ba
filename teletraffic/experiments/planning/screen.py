"""Screening: the formulas' figures for a set-up, and what they say it costs.

A set-up of a traffic plan is one of three shapes, each described by a formula:

* *k* separate single-line numbers, callers split evenly: each number is Erlang B with
  one line and a *k*-th of the traffic (traffic does not pool);
* one trunk of *c* channels with a phone on each, no PBX: Erlang B with *c* lines;
* one trunk of *c* channels with a PBX and *n* < *c* people: callers beyond the free
  people hold and keep a channel, so at most *c* - *n* wait: M/M/n/K (K = *c*), with
  exponential patience M/M/n/K+M.

With redials the formulas work on the attempts, fresh and repeated, by Erlang X
(:func:`teletraffic.erlang.erlang_x`): exact without hang-ups and with two attempts at
most, a close approximation otherwise (within 2% of long simulations), so there it ranks
the set-ups and the simulation decides. Erlang B holds for any talk-time distribution
(it is insensitive); the queue formulas and Erlang X assume exponential talk, patience
and redial delay, which is what a plan from numbers simulates. The screen says for each
set-up whether its formula is exact for the traffic (:attr:`Screened.exact`): an exact
formula decides; otherwise the simulation does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from teletraffic import erlang

__all__ = ["Demand", "Screened", "least_people", "screen"]


@dataclass(frozen=True)
class Demand:
    """The inbound traffic a plan is for.

    *calls_per_hour*: fresh callers an hour; *talk*: mean talk seconds; *patience*: mean
    seconds callers hold before hanging up (``None``: forever); *redial*: share of failed
    attempts tried again after *redial_after* seconds on average, up to *max_attempts*
    attempts in all; *exponential*: whether talk, patience and redial delay are
    exponential (the formulas of a hold queue are exact only then).
    """

    calls_per_hour: float
    talk: float
    patience: float | None = None
    redial: float = 0.0
    redial_after: float = 120.0
    max_attempts: int = 1
    exponential: bool = True

    @property
    def erlangs(self) -> float:
        """Fresh traffic in erlangs."""
        return self.calls_per_hour * self.talk / 3600.0


@dataclass(frozen=True)
class Screened:
    """The formulas' figures for a set-up, per inbound attempt (all numbers together).

    *p_caller_lost*: share of fresh callers never served after all their attempts;
    *carried*: erlangs of conversation; *exact*: whether the formula is exact for the
    demand; *model*: its name, for sentences.
    """

    p_busy: float
    p_abandon: float
    service_level: float
    mean_wait: float
    p_caller_lost: float
    carried: float
    exact: bool
    model: str

    def figures(self) -> dict[str, float]:
        """The figures by the names the simulation uses."""
        return {
            "p_busy": self.p_busy,
            "p_abandon": self.p_abandon,
            "service_level": self.service_level,
            "mean_wait": self.mean_wait,
            "p_caller_lost": self.p_caller_lost,
        }


def screen(
    demand: Demand, *, numbers: int, channels: int, agents: int | None, answer_time: float
) -> Screened:
    """Figures of *numbers* equal lines of *channels* channels each, sharing *demand*.

    *agents*: people behind a PBX hold queue on each line (``None``: a phone per channel,
    no queue). Separate numbers get ``1 / numbers`` of the callers each.
    """
    a = demand.erlangs / numbers
    queue = agents is not None and agents < channels
    n = agents if queue and agents is not None else channels
    retrials = demand.redial > 0 and demand.max_attempts > 1
    if retrials:
        one = _erlang_x(demand, a, n, channels, answer_time, queue)
    elif queue:
        res = erlang.mmnk(n, channels, a, demand.talk, demand.patience)
        lost = res.p_busy + res.p_abandon
        one = Screened(
            res.p_busy,
            res.p_abandon,
            res.service_level(answer_time),
            res.mean_wait,
            lost,
            res.carried,
            demand.exponential,
            "M/M/n/K+M" if demand.patience is not None else "M/M/n/K",
        )
    else:
        b = float(erlang.erlang_b(channels, a))
        one = Screened(b, 0.0, 1.0 - b, 0.0, b, a * (1.0 - b), True, "Erlang B")
    return Screened(
        one.p_busy,
        one.p_abandon,
        one.service_level,
        one.mean_wait,
        one.p_caller_lost,
        one.carried * numbers,
        one.exact,
        one.model,
    )


def _erlang_x(
    demand: Demand, a: float, n: int, channels: int, answer_time: float, queue: bool
) -> Screened:
    """Abandonment and redials together, on one line of *channels* channels and *n* people."""
    res = erlang.erlang_x(
        n,
        a,
        demand.talk,
        demand.patience if queue else None,
        places=channels,
        redial=demand.redial,
        redial_after=demand.redial_after,
        max_attempts=demand.max_attempts,
    )
    # the chain is exact only without redials, or with two attempts and nobody hanging up
    # (erlang.retrial); otherwise it is a close approximation, and the simulation decides
    exact = demand.exponential and (
        res.method == "formula"
        or (
            res.method == "chain"
            and demand.max_attempts <= 2
            and (not queue or demand.patience is None)
        )
    )
    return Screened(
        float(res.p_busy),
        float(res.p_abandon),
        float(res.service_level(answer_time)),
        float(res.mean_wait) if queue else 0.0,
        float(res.p_lost_caller),
        float(res.carried),
        exact,
        "Erlang X" if res.method == "chain" else f"Erlang X, {res.method}",
    )


def lines_for(demand: Demand, share: float) -> int:
    """Channels a pooled trunk needs for *share* busy by Erlang B on the attempts' traffic."""
    attempts = demand.erlangs * sum(demand.redial**k for k in range(max(1, demand.max_attempts)))
    if attempts <= 0:
        return 1
    return math.ceil(float(erlang.lines_for_blocking(attempts, share)))


def least_people(demand: Demand, loss: float) -> int:
    """The fewest phones or people that can lose at most *loss* of the callers.

    *n* people (or phones, or single-line numbers) talk at most *n* conversations at a
    time, so they carry at most *n* erlangs: a set-up serves at most ``n / a`` of the
    callers of *a* erlangs of fresh traffic, whatever its channels, queue, patience and
    redials (each served caller talks once, on average ``demand.talk``), and loses at
    least ``1 - n / a``. Fewer than ``a (1 - loss)`` cannot meet the target; this is the
    floor of that, so a set-up at the bound is never left out. A plan for 20,000 calls
    an hour of 3 minutes (1,000 erlangs) with 5% lost at most need not screen fewer than
    950 people.
    """
    if not 0.0 <= loss < 1.0:
        return 1
    return max(1, math.floor(demand.erlangs * (1.0 - loss) * (1.0 - 1e-9)))
