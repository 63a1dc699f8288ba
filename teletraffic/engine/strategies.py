"""Who rings when a call comes to a department: the PBX's distribution strategy.

Every strategy is a function with one signature: it takes the department's free
members (in list order) and the department, and returns them in the order they are
to be rung. ``ring_all`` rings them all at once (the first to pick up wins); every
other strategy rings one at a time, the next one after a ring timeout.

* ``linear``: always from the top of the list: the first person is loaded most.
* ``round_robin``: the one after whoever was rung last, with memory across calls.
* ``longest_idle``: the one who has been free longest.
* ``fewest_calls``: the one who has answered fewest calls so far.
* ``random``: any free member, equally likely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teletraffic.engine.pbx import Agent, Desk

__all__ = ["STRATEGIES", "Order"]

Order = Callable[[list["Agent"], "Desk"], list["Agent"]]


def linear(free: list[Agent], desk: Desk) -> list[Agent]:
    """Top of the list first."""
    return free


def ring_all(free: list[Agent], desk: Desk) -> list[Agent]:
    """All at once; list order breaks ties between equally fast pick-ups."""
    return free


def round_robin(free: list[Agent], desk: Desk) -> list[Agent]:
    """Starting after the member rung last, wrapping around."""
    last = desk.rr_last
    for i, agent in enumerate(free):
        if agent.index > last:
            return free[i:] + free[:i]
    return free


def longest_idle(free: list[Agent], desk: Desk) -> list[Agent]:
    """The member free the longest first."""
    return sorted(free, key=lambda a: (a.free_since, a.index))


def fewest_calls(free: list[Agent], desk: Desk) -> list[Agent]:
    """The member with the fewest answered calls first."""
    return sorted(free, key=lambda a: (a.answered_all, a.index))


def random(free: list[Agent], desk: Desk) -> list[Agent]:
    """A random order, drawn from the department's own random stream."""
    if len(free) < 2:
        return free
    perm = desk.rng.permutation(len(free))
    return [free[i] for i in perm]


STRATEGIES: dict[str, Order] = {
    "ring_all": ring_all,
    "round_robin": round_robin,
    "linear": linear,
    "longest_idle": longest_idle,
    "fewest_calls": fewest_calls,
    "random": random,
}
