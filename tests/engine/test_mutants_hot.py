"""The engine's hot path (the event loop, the free-staff indexes, a call's own steps)
pinned where the other tests let a change pass unseen.

Written against the survivors of the mutation run on the rewritten hot path of
teletraffic/engine/ (benchmarks/mutation_engine.md, "Hot path pass"): each test fails
for some change of the engine that every other test let pass. Times are deterministic
(arrival times given to the run); the expected numbers are worked out in each docstring.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_free_index import ORDERS, FakeDesk, Uniforms, same_as_reference, walk

from teletraffic.engine import free as free_module
from teletraffic.engine.free import (
    Listed,
    Places,
    RoundRobin,
    TieredRoundRobin,
    Tree,
    Weighted,
    free_index,
    lowest_draw,
)
from teletraffic.engine.simpy_adapter import Clock

# --------------------------------------------------------------------- the event loop


def test_the_loop_refuses_until_with_a_message_saying_why() -> None:
    """The whole message, as a user of :class:`Clock` reads it."""
    with pytest.raises(ValueError) as refused:
        Clock().run(until=1.0)
    assert str(refused.value) == "Clock.run runs until no event is left: no 'until'"


# ------------------------------------------------------------------ the free-staff index


@pytest.mark.parametrize("name", ["linear", "ring_all", "round_robin", "least_recent"])
def test_penalties_and_tiers_together_keep_the_free_list_in_order(name: str) -> None:
    """A department built in code with penalties *and* tiers (no scenario allows both)
    gets the plain list (:class:`~teletraffic.engine.free.Listed`), sorted by the
    strategy's own function: the walk of random takes and frees gives the reference's
    first member (with members tried and one skipped), its order and its first three."""
    desk = FakeDesk(5, 1, True, True)
    assert isinstance(free_index(desk, ORDERS[name], []), Listed)  # type: ignore[arg-type]
    for seed in range(25):
        walk(name, True, True, seed, same_as_reference)


@pytest.mark.parametrize("kind", [RoundRobin, TieredRoundRobin, Weighted])
def test_a_department_of_up_to_the_limit_keeps_a_sorted_list_larger_ones_a_tree(
    kind: Any,
) -> None:
    """``SORTED_UP_TO``: a department of up to that many members keeps its free places in
    a sorted list (:class:`Places`), one more member and they go in a Fenwick tree."""

    def holder(n: int, up_to: int | None) -> type:
        index = kind(FakeDesk(n, 1, False, kind is TieredRoundRobin), up_to)
        return type(index.groups[0][1] if kind is Weighted else index.places)

    assert holder(6, 6) is Places
    assert holder(7, 6) is Tree
    assert holder(7, None) is Places  # up to SORTED_UP_TO by default
    assert free_module.SORTED_UP_TO == 32768
    if kind is RoundRobin:  # the sorted list is read inline; a tree has none
        small, big = (
            RoundRobin(FakeDesk(6, 1, False, False), 6),
            RoundRobin(FakeDesk(7, 1, False, False), 6),
        )  # type: ignore[arg-type]
        assert small.items is small.places.items
        assert big.items is None


def test_the_lowest_of_the_draws_from_a_uniform_of_zero_is_zero() -> None:
    """u = 0 gives m = ceil(0) - 1 = -1 before the clamp: the lowest draw is 0."""
    assert lowest_draw(1000, 5, Uniforms([0.0, 0.5]).random)[0] == 0


def test_wrandom_with_penalties_passes_over_the_member_to_skip_with_none_tried() -> None:
    """Penalties 0 and 1, one free member each: skipping the penalty-0 one (nothing
    tried) rings the penalty-1 one."""
    desk = FakeDesk(2, 1, False, False)
    desk.agents[1].penalty = 1
    desk.penalties = True
    index = free_index(desk, ORDERS["wrandom"], desk.agents)  # type: ignore[arg-type]
    assert index.first(None, desk.agents[0]) is desk.agents[1]
