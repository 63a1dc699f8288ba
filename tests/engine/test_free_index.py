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

from teletraffic.distributions import uniforms
from teletraffic.engine import free as free_module
from teletraffic.engine import strategies as st
from teletraffic.engine.free import (
    Grouped,
    Keyed,
    Linear,
    Listed,
    RoundRobin,
    Shuffled,
    TieredRoundRobin,
    Weighted,
    free_index,
    lowest_draw,
)


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
        self.uniform = uniforms(self.rng)
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


@pytest.mark.parametrize(("penalties", "tiers"), [(False, False), (True, False), (False, True)])
def test_round_robin_in_a_tree_gives_the_strategys_first_member(
    penalties: bool, tiers: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large departments keep round robin's free places in a Fenwick tree."""
    monkeypatch.setattr(free_module, "SORTED_UP_TO", 0)
    desk = FakeDesk(5, 1, False, tiers)
    index = free_index(desk, st.round_robin, [])  # type: ignore[arg-type]
    assert isinstance(index.places, free_module.Tree)  # type: ignore[attr-defined]
    for seed in range(25):
        walk("round_robin", penalties, tiers, seed, same_as_reference)


def test_each_strategy_gets_an_index_not_a_sort() -> None:
    """Only penalties with tiers together (which no scenario allows) keep sorting the free
    list."""
    plain = FakeDesk(5, 1, False, False)
    kinds = {name: type(free_index(plain, o, [])) for name, o in ORDERS.items()}  # type: ignore[arg-type]
    assert kinds == {
        "linear": Linear,
        "ring_all": Linear,
        "round_robin": RoundRobin,
        "longest_idle": Keyed,
        "least_recent": Keyed,
        "fewest_calls": Keyed,
        "least_talk": Keyed,
        "random": Shuffled,
        "wrandom": Weighted,
    }
    penalised = FakeDesk(5, 1, True, False)
    assert isinstance(free_index(penalised, st.random, []), Grouped)  # type: ignore[arg-type]
    tiered = FakeDesk(5, 1, False, True)
    assert isinstance(free_index(tiered, st.round_robin, []), TieredRoundRobin)  # type: ignore[arg-type]
    both = FakeDesk(5, 1, True, True)  # not in a scenario: penalties and tiers together
    assert isinstance(free_index(both, st.round_robin, []), Listed)  # type: ignore[arg-type]


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


# ------------------------------------------------------------------------------ wrandom


def wrandom_exact(highs: list[int]) -> np.ndarray:
    """P(each member rings first) under wrandom's definition, members in list order with
    draws uniform on 0..h-1: member i rings with the lowest value m when every member
    listed before it drew more than m and every one after it m or more."""
    out = []
    for i, h in enumerate(highs):
        m = np.arange(h, dtype=float)
        p = np.full(h, 1.0 / h)
        for j, hj in enumerate(highs):
            if j != i:
                p *= np.clip((hj - m - (1.0 if j < i else 0.0)) / hj, 0.0, 1.0)
        out.append(p.sum())
    return np.array(out)


def first_counts(
    desk: FakeDesk, pick: Any, tried: set[int], skip: Any, draws: int
) -> dict[int, int]:
    counts = {a.index: 0 for a in desk.agents if a.is_free and a.index not in tried}
    if skip is not None:
        counts.pop(skip.index, None)
    for _ in range(draws):
        counts[pick().index] += 1
    return counts


WRANDOM_CASES = [
    # members, penalties, sorted list (False: the Fenwick tree), draws
    (40, False, True, 40_000),
    (30, True, True, 40_000),
    (30, True, False, 40_000),
    (400, False, False, 20_000),
]


@pytest.mark.parametrize(("n", "penalties", "listed", "draws"), WRANDOM_CASES)
def test_wrandom_rings_first_whom_the_definition_would(
    n: int, penalties: bool, listed: bool, draws: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who rings first, over many draws with some members taken, some tried and one to
    skip, has the exact distribution of the definition (one draw per member, lowest
    first, ties by list order): chi-square of the index's picks and of the definition's
    own against the exact probabilities, and of the two against each other."""
    if not listed:
        monkeypatch.setattr(free_module, "SORTED_UP_TO", 0)
    desk = FakeDesk(n, 11, penalties, False)
    index = free_index(desk, st.weighted_random, desk.agents)  # type: ignore[arg-type]
    assert isinstance(index, Weighted)
    for a in desk.agents[3::4]:
        index.remove(a)
    tried, skip = {0, 1, 2, 5, 7}, desk.agents[6]
    free = [a for a in desk.agents if a.is_free]

    def definition() -> Any:
        return next(
            a for a in st.weighted_random(free, desk) if a.index not in tried and a is not skip
        )

    new = first_counts(desk, lambda: index.first(tried, skip), tried, skip, draws)
    old = first_counts(desk, definition, tried, skip, draws)
    keys = sorted(new)
    ringable = [a for a in free if a.index not in tried and a is not skip]
    exact = wrandom_exact([(1 + a.penalty) * 1000 for a in ringable])
    assert exact.sum() == pytest.approx(1.0)
    for counts in (new, old):
        observed = [counts[k] for k in keys]
        assert stats.chisquare(observed, exact * draws).pvalue > 1e-4
    table = np.array([[new[k] for k in keys], [old[k] for k in keys]])
    table = table[:, table.sum(axis=0) > 0]
    assert stats.chi2_contingency(table).pvalue > 1e-4


def test_wrandom_ties_favour_the_top_of_the_list() -> None:
    """With 400 members drawing on 0..999 the lowest value is often shared, and list
    order breaks the tie: the first member rings about 1.5 times as often as the last.
    A pick uniform among the free would fail this (the test has the power to see it)."""
    exact = wrandom_exact([1000] * 400)
    assert exact[0] / exact[-1] > 1.4
    desk = FakeDesk(400, 3, False, False)
    index = free_index(desk, st.weighted_random, desk.agents)  # type: ignore[arg-type]
    counts = np.zeros(400)
    for _ in range(100_000):
        counts[index.first().index] += 1
    halves = counts[:200].sum(), counts[200:].sum()
    expected = exact[:200].sum() * 100_000, exact[200:].sum() * 100_000
    assert stats.chisquare(halves, expected).pvalue > 1e-4
    assert stats.chisquare(halves).pvalue < 1e-6  # not uniform


@pytest.mark.parametrize("listed", [True, False])
@pytest.mark.parametrize("penalties", [False, True])
def test_wrandom_picks_a_free_member_not_tried(
    penalties: bool, listed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random takes and frees (the walk): the pick is free, not tried, not skipped; the
    full order (a rare path) holds every free member."""
    if not listed:
        monkeypatch.setattr(free_module, "SORTED_UP_TO", 0)
    for seed in range(25):
        walk("wrandom", penalties, False, seed, allowed)


def test_the_fenwick_tree_and_the_sorted_list_ring_the_same() -> None:
    """The structure holding the free places does not change who rings (same draws)."""
    picks = []
    for listed in (True, False):
        desk = FakeDesk(37, 5, True, False)
        index = Weighted(desk, sorted_up_to=100 if listed else 0)  # type: ignore[arg-type]
        r = pyrandom.Random(1)
        seq = []
        for a in desk.agents:
            index.add(a)
        for _ in range(2000):
            free = [a for a in desk.agents if a.is_free]
            taken = [a for a in desk.agents if not a.is_free]
            if free and (not taken or r.random() < 0.5):
                a = index.first({r.randrange(37)})
                if a is not None:
                    index.remove(a)
                    seq.append(a.index)
            else:
                index.add(r.choice(taken))
        picks.append(seq)
    assert picks[0] == picks[1]
    assert len(set(picks[0])) > 30


def test_wrandom_breaks_a_tie_between_penalties_by_list_order() -> None:
    """100 penalty-1 members listed before 100 penalty-0 ones: the lowest draws of the two
    penalties are often equal, and then the penalty-1 member (listed first) rings. The
    share of penalty-1 picks is the exact one (with ties going to the penalty-0 members
    it would be about a tenth lower)."""
    desk = FakeDesk(200, 4, False, False)
    for a in desk.agents[:100]:
        a.penalty = 1
    desk.penalties = True
    index = free_index(desk, st.weighted_random, desk.agents)  # type: ignore[arg-type]
    exact = wrandom_exact([2000] * 100 + [1000] * 100)[:100].sum()
    draws = 40_000
    ones = sum(index.first().index < 100 for _ in range(draws))  # type: ignore[union-attr]
    assert stats.binomtest(ones, draws, exact).pvalue > 1e-4


class Uniforms:
    """A stand-in for the department's stream: the uniforms given, in turn."""

    def __init__(self, values: list[float]) -> None:
        self.values = iter(values)

    def random(self) -> float:
        return next(self.values)


def scanned(n: int, high: int, u: float, v: float) -> tuple[int, int]:
    """wrandom's (lowest draw, place of who rings) from uniforms u, v by scanning the
    distributions: the largest m with ``((high - m) / high) ** n > 1 - u``, then the
    largest k with ``P(K >= k) > v``."""
    m = max(m for m in range(high) if 1.0 - u < ((high - m) / high) ** n)
    r = 1.0 - 1.0 / (high - m)
    if high - m == 1 or n == 1:
        return m, 0
    return m, max(k for k in range(n) if k == 0 or v < (r**k - r**n) / (1.0 - r**n))


def test_wrandom_turns_two_uniforms_into_the_lowest_draw_and_its_member() -> None:
    """The closed forms of :func:`lowest_draw` give, uniform for uniform, what scanning
    the two distributions gives; and the index rings the member at that place."""
    r = pyrandom.Random(8)
    for _ in range(400):
        n = r.choice([1, 2, 3, 7, 40, 300])
        high = r.choice([1000, 3000])
        u, v = r.random(), r.random()
        if r.random() < 0.4:  # a lowest draw near the top: few values left, ties likely
            n = r.choice([2, 3, 7])
            left = r.choice([1, 2, 3, 5, 10])
            u = min(1.0 - ((left - r.random()) / high) ** n, 1.0 - 2.0**-53)
        m, k = scanned(n, high, u, v)
        assert lowest_draw(high, n, Uniforms([u, v]).random) == (m, k)
        desk = FakeDesk(n, 1, False, False)
        for a in desk.agents:
            a.penalty = high // 1000 - 1
        index = Weighted(desk)  # type: ignore[arg-type]
        for a in desk.agents:
            index.add(a)
        index.uniform = Uniforms([u, v]).random  # its next two draws
        assert index.first() is desk.agents[k]


@pytest.mark.parametrize("name", ["linear", "longest_idle", "round_robin"])
def test_stale_entries_do_not_pile_up(name: str) -> None:
    """Members taken and freed over and over (a member freed again before their stale
    entry reached the top has two): the heap is rebuilt, stays within a bound, and
    still gives the strategy's first member."""
    desk = FakeDesk(6, 5, False, False)
    order = ORDERS[name]
    index = free_index(desk, order, desk.agents)  # type: ignore[arg-type]
    r = pyrandom.Random(5)
    for step in range(3000):
        a = desk.agents[r.randrange(6)]
        if a.is_free:
            index.remove(a)
            desk.rr_last = a.index
        else:
            a.free_since = float(step)
            index.add(a)
        if hasattr(index, "heap"):
            assert len(index.heap) <= 2 * len(index) + 65
        same_as_reference(desk, order, index, set(), None)
