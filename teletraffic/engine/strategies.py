"""Who rings when a call comes to a department: the PBX's distribution strategy.

Every strategy is an order, a function with one signature: it takes the department's
free members (in list order) and the department, and returns them in the order they are
to be rung; and whether they ring all at once. ``ring_all`` rings them all at once (the
first to pick up wins, list order breaking ties); every other strategy rings one at a
time, the next one after a ring timeout. The names and semantics are those of
Asterisk's queue strategies (``ringall``, ``rrmemory``, ``linear``, ``leastrecent``,
``fewestcalls``, ``random``; Asterisk's ``queues.conf`` documentation).

* ``linear``: always from the top of the list: the first person is loaded most.
* ``round_robin``: the one after whoever was rung last, with memory across calls.
* ``longest_idle``: the one who has been free longest.
* ``fewest_calls``: the one who has answered fewest calls so far.
* ``random``: any free member, equally likely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np

__all__ = ["STRATEGIES", "Group", "Member", "Order", "Strategy"]


class Member(Protocol):
    """What a strategy reads of a member of staff (:class:`teletraffic.engine.pbx.Agent`)."""

    index: int
    """Place in the department's list, from 0."""
    free_since: float
    """When the member last became free."""
    answered_all: int
    """Calls the member answered so far, warm-up included."""


class Group(Protocol):
    """What a strategy reads of a department (:class:`teletraffic.engine.pbx.Desk`)."""

    rr_last: int
    """Index of the member rung last (-1: nobody yet)."""
    rng: np.random.Generator
    """The department's own random stream."""


M = TypeVar("M", bound=Member)

Order = Callable[[list[Any], Group], list[Any]]
"""A strategy: ``(free members in list order, department) -> members in ringing order``."""


def linear(free: list[M], desk: Group) -> list[M]:
    """Top of the list first."""
    return free


def ring_all(free: list[M], desk: Group) -> list[M]:
    """All at once; list order breaks ties between equally fast pick-ups."""
    return free


def round_robin(free: list[M], desk: Group) -> list[M]:
    """Starting after the member rung last, wrapping around."""
    last = desk.rr_last
    for i, agent in enumerate(free):
        if agent.index > last:
            return free[i:] + free[:i]
    return free


def longest_idle(free: list[M], desk: Group) -> list[M]:
    """The member free the longest first."""
    return sorted(free, key=lambda a: (a.free_since, a.index))


def fewest_calls(free: list[M], desk: Group) -> list[M]:
    """The member with the fewest answered calls first."""
    return sorted(free, key=lambda a: (a.answered_all, a.index))


def random(free: list[M], desk: Group) -> list[M]:
    """A random order, drawn from the department's own random stream."""
    if len(free) < 2:
        return free
    perm = desk.rng.permutation(len(free))
    return [free[i] for i in perm]


@dataclass(frozen=True)
class Strategy:
    """How a department's free members are rung."""

    order: Order
    """Free members in the order they are rung."""
    all_at_once: bool = False
    """Ring every free member at once (else one at a time, each for the ring timeout)."""


STRATEGIES: dict[str, Strategy] = {
    "ring_all": Strategy(ring_all, all_at_once=True),
    "round_robin": Strategy(round_robin),
    "linear": Strategy(linear),
    "longest_idle": Strategy(longest_idle),
    "fewest_calls": Strategy(fewest_calls),
    "random": Strategy(random),
}
"""Every strategy a scenario may name (``departments[].strategy``)."""
