"""The index of free members (:mod:`teletraffic.engine.free`) against the strategies'
own sort functions (:mod:`teletraffic.engine.strategies`), over random states.

Each seeded loop takes and frees members at random (changing, while they are taken, the
keys a strategy reads: calls answered, end of the last call, talk, free since), moves
the round-robin position, and asks the index for the first member not yet tried (and
for everyone, as ring-all does); the answer must be the reference order's.
"""

from __future__ import annotations

import math
import random as pyrandom
from typing import Any

import numpy as np
import pytest
from scipy import stats

from teletraffic.engine import strategies as st
from teletraffic.engine.free import Grouped, Keyed, Listed, RoundRobin, Shuffled, free_index


class FakeAgent:
    def __init__(self, desk: FakeDesk, index: int) -> None:
        self.desk = desk
        self.index = index
        self.free_since = 0.0
        self.answered_all = 0
        self.last_end = -math.inf
        self.talk_total = 0.0
        self.penalty = 0
        self.level = 1
        self.position = index + 1
        self.is_free = False
        self.stamp = 0
        self.slot = -1


class FakeDesk:
    def __init__(self, n: int, seed: int, penalties: bool, tiers: bool) -> None:
        self.rng = np.random.default_rng(seed)
        self.rr_last = -1
        self.agents = [FakeAgent(self, i) for i in range(n)]
        self.penalties = penalties
        self.tiers = tiers
        r = pyrandom.Random(seed)
        for a in self.agents:
            if penalties:
                a.penalty = r.choice([0, 0, 1, 5])
            if tiers:
                a.level = r.choice([1, 2, 3])
                a.position = r.randrange(1, 6)


ORDERS: dict[str, st.Order] = {
    "linear": st.linear,
    "ring_all": st.ring_all,
    "round_robin": st.round_robin,
    "longest_idle": st.longest_idle,
    "least_recent": st.least_recent,
    "fewest_calls": st.fewest_calls,
    "least_talk": st.least_talk,
    "random": st.random,
    "wrandom": st.weighted_random,
}
DETERMINISTIC = [k for k in ORDERS if k not in ("random", "wrandom")]


def reference(
    desk: FakeDesk, order: st.Order, tried: set[int], skip: Any = None
) -> list[FakeAgent]:
    free = [a for a in desk.agents if a.is_free and a is not skip]
    return [a for a in order(free, desk) if a.index not in tried]


def walk(name: str, penalties: bool, tiers: bool, seed: int, check: Any) -> None:
    """Random takes and frees on a desk of 1..40 members; *check* after each step."""
    r = pyrandom.Random(seed)
    desk = FakeDesk(r.randint(1, 40), seed, penalties, tiers)
    order = ORDERS[name]
    index = free_index(desk, order, desk.agents)  # type: ignore[arg-type]
    now = 0.0
    for _ in range(150):
        now += r.random()
        free = [a for a in desk.agents if a.is_free]
        taken = [a for a in desk.agents if not a.is_free]
        if free and (not taken or r.random() < 0.5):
            # the strategy's own pick is taken most of the time, as in a run
            a = index.first() if r.random() < 0.7 else r.choice(free)
            assert a is not None
            index.remove(a)
            desk.rr_last = a.index if r.random() < 0.9 else r.randrange(len(desk.agents))
        elif taken:
            a = r.choice(taken)
            a.answered_all += r.randint(0, 2)
            a.talk_total += r.choice([0.0, 10.0, r.random() * 100])
            a.last_end = r.choice([a.last_end, now])
            a.free_since = now
            index.add(a)
        assert len(index) == sum(a.is_free for a in desk.agents)
        tried = {a.index for a in desk.agents if r.random() < 0.2}
        skip = r.choice(desk.agents) if r.random() < 0.3 else None
        check(desk, order, index, tried, skip)


def same_as_reference(
    desk: FakeDesk, order: st.Order, index: Any, tried: set[int], skip: Any
) -> None:
    ref = reference(desk, order, tried, skip)
    assert index.first(tried, skip) is (ref[0] if ref else None)
    assert index.first() is (reference(desk, order, set()) or [None])[0]
    assert index.ordered() == reference(desk, order, set())
    assert index.take(3) == reference(desk, order, set())[:3]


@pytest.mark.parametrize("name", DETERMINISTIC)
@pytest.mark.parametrize(("penalties", "tiers"), [(False, False), (True, False), (False, True)])
def test_the_index_gives_the_strategys_first_member(
    name: str, penalties: bool, tiers: bool
) -> None:
    for seed in range(25):
        walk(name, penalties, tiers, seed, same_as_reference)


def test_each_strategy_gets_an_index_not_a_sort() -> None:
    """Only wrandom and round robin with tiers keep sorting the free list."""
    plain = FakeDesk(5, 1, False, False)
    kinds = {name: type(free_index(plain, o, [])) for name, o in ORDERS.items()}  # type: ignore[arg-type]
    assert kinds == {
        "linear": Keyed,
        "ring_all": Keyed,
        "round_robin": RoundRobin,
        "longest_idle": Keyed,
        "least_recent": Keyed,
        "fewest_calls": Keyed,
        "least_talk": Keyed,
        "random": Shuffled,
        "wrandom": Listed,
    }
    penalised = FakeDesk(5, 1, True, False)
    assert isinstance(free_index(penalised, st.random, []), Grouped)  # type: ignore[arg-type]
    tiered = FakeDesk(5, 1, False, True)
    assert isinstance(free_index(tiered, st.round_robin, []), Listed)  # type: ignore[arg-type]


def allowed(desk: FakeDesk, order: st.Order, index: Any, tried: set[int], skip: Any) -> None:
    """``random``: the pick is one the reference could give (the same set of members)."""
    ref = reference(desk, order, tried, skip)
    got = index.first(tried, skip)
    if not ref:
        assert got is None
        return
    assert got in ref
    if desk.tiers:  # the lowest level with a member not tried
        assert got.level == min(a.level for a in ref)
    assert sorted(a.index for a in index.ordered()) == sorted(
        a.index for a in reference(desk, order, set())
    )


@pytest.mark.parametrize(("penalties", "tiers"), [(False, False), (True, False), (False, True)])
def test_random_picks_among_the_members_the_strategy_allows(penalties: bool, tiers: bool) -> None:
    for seed in range(25):
        walk("random", penalties, tiers, seed, allowed)


def test_random_is_uniform_over_the_free_members_not_tried() -> None:
    """6 members, 2 taken, 1 tried: each of the other 3 is drawn 1/3 of the time (the
    rejection of a tried draw must not favour anyone); chi-square against uniform."""
    desk = FakeDesk(6, 3, False, False)
    index = free_index(desk, st.random, desk.agents)  # type: ignore[arg-type]
    index.remove(desk.agents[1])
    index.remove(desk.agents[4])
    counts = dict.fromkeys((0, 3, 5), 0)
    for _ in range(30_000):
        a = index.first({2})
        assert a is not None
        counts[a.index] += 1
    assert stats.chisquare(list(counts.values())).pvalue > 1e-4
    assert min(counts.values()) > 9_000
