"""Who of a department is free, indexed by its strategy: the next member in O(log n).

A strategy (:mod:`teletraffic.engine.strategies`) is defined as an order of the free
members; sorting them for every call costs O(n log n) in the staff. The PBXs themselves
keep it cheaper, and so do we: each department keeps its free members in an index built
for its strategy, and asks it only for the first member of the order (or the first one
a caller has not been rung yet):

* ``linear`` and ``ring_all`` without tiers: a heap of the free members' list places.
* ``longest_idle``, ``leastrecent``, ``fewest_calls``, ``agent-with-least-talk-time``,
  and ``linear`` and ``ring_all`` with tiers: a heap keyed by the strategy's sort key
  (free since; end of the last call; calls answered; talk time; tiers' level and
  position within it), then list place. A member's key does not change while they
  are free, so an entry stays right until they are taken; entries of members taken
  since are dropped when they reach the top (lazy deletion), and the heap is rebuilt
  when they outnumber the live ones.
* ``round_robin``: the free members' list places, sorted (a Fenwick tree for very
  large departments); the first is the first place after the member rung last, round
  to the start of the list: one bisection.
* ``random``: the free members in an array (taken out by swapping with the last); one
  uniform draw picks one.
* Penalties (Asterisk names): one index per penalty, the lowest with a free member
  answers. Tiers with ``random``: one index per level, lowest first.
* ``wrandom`` (:class:`Weighted`): per penalty, the free members' places in list order;
  the lowest of their draws and who drew it come from two uniform draws per penalty
  (the smallest of n draws has a closed-form distribution), not one draw per member.
* ``round_robin`` with tiers (FreeSWITCH): the free members' ranks in (level,
  position) order, sorted; the strategy's order is two runs of them, found by bisection.
* What has no index here (penalties and tiers together, which no scenario allows: a
  department built in code) keeps the free members in list order and sorts them with
  the strategy's own function, as the first edition did: O(n) per call.

The strategy functions of :mod:`~teletraffic.engine.strategies` stay the definition:
``tests/engine/test_free_index.py`` checks each index against them over random states.
``random`` draws one uniform number per ring instead of a permutation, and ``wrandom``
two per penalty instead of one per member, so their same-seed figures differ from the
first edition's; their distributions do not (``tests/engine/test_free_index.py`` checks
them by chi-square against the definition and the exact probabilities).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Iterator
from heapq import heapify, heappop, heappush
from operator import attrgetter
from typing import Any, Protocol

from teletraffic.engine import strategies as st

__all__ = ["FreeStaff", "Weighted", "free_index", "lowest_draw"]


class Agent(st.Member, Protocol):
    """What the index reads and marks of a member (:class:`teletraffic.engine.pbx.Agent`)."""

    desk: Any
    is_free: bool
    """In the index now."""
    stamp: int
    """Bumped each time the member goes in or out (tells stale heap entries)."""
    slot: int
    """Place in :class:`Shuffled`'s array."""


class Desk(st.Group, Protocol):
    """What the index reads of a department (:class:`teletraffic.engine.pbx.Desk`)."""

    agents: list[Any]
    uniform: Callable[[], float]
    """The department's uniform draws (:func:`teletraffic.distributions.uniforms`)."""


Key = Callable[["Agent"], Any]

# The sort keys, read in C (a key is read each time a member becomes free)
_index: Key = attrgetter("index")
_free_since: Key = attrgetter("free_since")
_last_end: Key = attrgetter("last_end")
_answered: Key = attrgetter("answered_all")
_penalty: Key = attrgetter("penalty")
_level: Key = attrgetter("level")
_tier: Key = attrgetter("level", "position")
_tier_last_end: Key = attrgetter("level", "last_end", "position")
_tier_answered: Key = attrgetter("level", "answered_all", "position")
_tier_talk: Key = attrgetter("level", "talk_total", "position")


class FreeStaff:
    """The free members of one department (or of one penalty or tier level of it)."""

    __slots__ = ("count", "desk")

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __contains__(self, agent: Agent) -> bool:
        return agent.is_free

    def __iter__(self) -> Iterator[Agent]:
        """The department's free members in list order (O(n): for rare paths and tests)."""
        return iter([a for a in self.desk.agents if a.is_free])

    def add(self, agent: Agent) -> None:
        """*agent* is free (again)."""
        raise NotImplementedError

    def remove(self, agent: Agent) -> None:
        """*agent*, free until now, is taken."""
        raise NotImplementedError

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        """The first free member in strategy order whose index is not in *tried*;
        *skip* counts as not free at all. None: no such member."""
        raise NotImplementedError

    def ordered(self) -> list[Any]:
        """Every member the strategy would ring, in order (ring-all rings them all)."""
        raise NotImplementedError

    def take(self, k: int) -> list[Any]:
        """The first *k* of :meth:`ordered` (or fewer), without taking them."""
        chosen: list[Agent] = []
        seen: set[int] = set()
        while len(chosen) < k:
            agent = self.first(seen)
            if agent is None:
                break
            chosen.append(agent)
            seen.add(agent.index)
        return chosen


def _mark_in(agent: Agent) -> int:
    agent.is_free = True
    agent.stamp += 1
    return agent.stamp


def _mark_out(agent: Agent) -> None:
    agent.is_free = False
    agent.stamp += 1


class Listed(FreeStaff):
    """The free members in list order; the strategy's own function orders them (O(n))."""

    __slots__ = ("members", "order")

    def __init__(self, desk: Desk, order: st.Order) -> None:
        super().__init__(desk)
        self.members: list[Agent] = []
        self.order = order

    def add(self, agent: Agent) -> None:
        _mark_in(agent)
        members = self.members
        members.insert(bisect_left(members, agent.index, key=_index), agent)
        self.count += 1

    def remove(self, agent: Agent) -> None:
        _mark_out(agent)
        members = self.members
        del members[bisect_left(members, agent.index, key=_index)]
        self.count -= 1

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        free = self.members if skip is None else [a for a in self.members if a is not skip]
        for agent in self.order(free, self.desk):
            if not tried or agent.index not in tried:
                return agent
        return None

    def ordered(self) -> list[Any]:
        return list(self.order(self.members, self.desk))

    def take(self, k: int) -> list[Any]:
        return self.ordered()[:k]


class Keyed(FreeStaff):
    """A heap of ``(key, index, stamp)``: the first is the smallest key, then index."""

    __slots__ = ("heap", "key")

    def __init__(self, desk: Desk, key: Key) -> None:
        super().__init__(desk)
        self.heap: list[tuple[Any, int, int]] = []
        self.key = key

    def add(self, agent: Agent) -> None:
        agent.is_free = True  # _mark_in, written out: once per call
        stamp = agent.stamp = agent.stamp + 1
        heap = self.heap
        heappush(heap, (self.key(agent), agent.index, stamp))
        self.count += 1
        if len(heap) > 2 * self.count + 64:
            self._compact()

    def remove(self, agent: Agent) -> None:
        agent.is_free = False  # _mark_out, written out: its entry is dropped when it
        agent.stamp += 1  # reaches the top
        self.count -= 1

    def _compact(self) -> None:
        agents = self.desk.agents
        self.heap = [e for e in self.heap if agents[e[1]].stamp == e[2]]
        heapify(self.heap)

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        heap = self.heap
        agents = self.desk.agents
        while heap:
            entry = heap[0]
            agent = agents[entry[1]]
            if agent.stamp != entry[2]:
                heappop(heap)  # taken since
                continue
            if not tried and agent is not skip:
                return agent
            break
        else:
            return None
        # some members to pass over: look past them, then put them back
        passed = []
        found = None
        while heap:
            entry = heappop(heap)
            agent = agents[entry[1]]
            if agent.stamp != entry[2]:
                continue
            passed.append(entry)
            if agent is not skip and (not tried or agent.index not in tried):
                found = agent
                break
        for entry in passed:
            heappush(heap, entry)
        return found

    def ordered(self) -> list[Any]:
        agents = self.desk.agents
        live = sorted(e for e in self.heap if agents[e[1]].stamp == e[2])
        return [agents[i] for _, i, _ in live]


class Shuffled(FreeStaff):
    """``random``: the free members in an array; one uniform draw picks the first."""

    __slots__ = ("members", "uniform")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.members: list[Agent] = []
        self.uniform = desk.uniform

    def add(self, agent: Agent) -> None:
        agent.is_free = True  # _mark_in, written out: once per call
        agent.stamp += 1
        agent.slot = len(self.members)
        self.members.append(agent)
        self.count += 1

    def remove(self, agent: Agent) -> None:
        agent.is_free = False  # _mark_out, written out: once per call
        agent.stamp += 1
        members = self.members
        last = members.pop()
        if last is not agent:
            members[agent.slot] = last
            last.slot = agent.slot
        self.count -= 1

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        members = self.members
        n = len(members)
        if n < 2:
            agent = members[0] if n else None
            if agent is None or agent is skip or (tried and agent.index in tried):
                return None
            return agent
        agent = members[int(self.uniform() * n)]
        if agent is not skip and (not tried or agent.index not in tried):
            return agent
        # the draw fell on a member to pass over: draw again among the others (uniform
        # overall: 1/n + (t/n) * 1/(n - t) = 1/(n - t) for each of the n - t others)
        rest = [a for a in members if a is not skip and (not tried or a.index not in tried)]
        if not rest:
            return None
        return rest[int(self.uniform() * len(rest))] if len(rest) > 1 else rest[0]

    def ordered(self) -> list[Any]:
        return self.take(self.count)


SORTED_UP_TO = 32768
"""A department of up to this many members keeps a penalty's free places (``wrandom``)
in a sorted list, larger ones in a Fenwick tree. The list's insert and delete move
O(n) bytes, but in one C memmove, which up to this size beats the tree's O(log n) steps
in Python (a take and a free: 2.4 against 4.3 us at 10,000 members, 17 against 10 at
100,000)."""


class Places:
    """The free members' places in list order, sorted: insert and delete move the
    list's tail (one C memmove), the k-th is a lookup."""

    __slots__ = ("items",)

    def __init__(self, size: int) -> None:
        self.items: list[int] = []

    def __len__(self) -> int:
        return len(self.items)

    def add(self, i: int) -> None:
        insort(self.items, i)

    def remove(self, i: int) -> None:
        del self.items[bisect_left(self.items, i)]

    def kth(self, k: int) -> int:
        """The *k*-th place, from 0."""
        return self.items[k]

    def rank(self, i: int) -> int:
        """How many places are below *i*."""
        return bisect_left(self.items, i)


class Tree(Places):
    """The same in a Fenwick tree over the places: O(log n) for each of the three."""

    __slots__ = ("count", "size", "step", "sums")

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size
        self.sums = [0] * (size + 1)
        self.count = 0
        self.step = 1 << (size.bit_length() - 1) if size else 0

    def __len__(self) -> int:
        return self.count

    def add(self, i: int) -> None:
        self._bump(i, 1)

    def remove(self, i: int) -> None:
        self._bump(i, -1)

    def _bump(self, i: int, by: int) -> None:
        self.count += by
        sums, size = self.sums, self.size
        j = i + 1
        while j <= size:
            sums[j] += by
            j += j & -j

    def rank(self, i: int) -> int:
        sums = self.sums
        total, j = 0, min(i, self.size)
        while j > 0:
            total += sums[j]
            j -= j & -j
        return total

    def kth(self, k: int) -> int:
        sums, size = self.sums, self.size
        pos, left, step = 0, k + 1, self.step
        while step:
            nxt = pos + step
            if nxt <= size and sums[nxt] < left:
                pos = nxt
                left -= sums[nxt]
            step >>= 1
        return pos


class Linear(FreeStaff):
    """``linear`` and ``ring_all`` without tiers: a heap of the free members' list
    places, plain ints (cheaper to compare than :class:`Keyed`'s tuples). An entry goes
    stale only when its member is taken (dropped at the top); a member freed again
    before that has two entries, harmless; the heap is rebuilt when stale ones
    outnumber the live ones."""

    __slots__ = ("agents", "heap")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.agents = desk.agents
        self.heap: list[int] = []

    def add(self, agent: Agent) -> None:
        agent.is_free = True  # _mark_in, written out: once per call
        agent.stamp += 1
        heap = self.heap
        heappush(heap, agent.index)
        self.count += 1
        if len(heap) > 2 * self.count + 64:
            self.heap = sorted({i for i in heap if self.agents[i].is_free})  # a heap

    def remove(self, agent: Agent) -> None:
        agent.is_free = False  # _mark_out, written out: its entry is dropped when it
        agent.stamp += 1  # reaches the top
        self.count -= 1

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        heap, agents = self.heap, self.agents
        while heap:
            agent = agents[heap[0]]
            if not agent.is_free:
                heappop(heap)  # taken since
                continue
            if not tried and agent is not skip:
                return agent
            break
        else:
            return None
        # some members to pass over: look past them, then put them back (as Keyed)
        passed: list[int] = []
        found = None
        while heap:
            i = heappop(heap)
            agent = agents[i]
            if not agent.is_free:
                continue
            passed.append(i)
            if agent is not skip and (not tried or i not in tried):
                found = agent
                break
        for i in passed:
            heappush(heap, i)
        return found

    def ordered(self) -> list[Any]:
        agents = self.agents
        return [agents[i] for i in sorted({i for i in self.heap if agents[i].is_free})]


class RoundRobin(FreeStaff):
    """Round robin: the free members' places, sorted (:class:`Places`, or a
    :class:`Tree` for large departments); the first is the first place after the member
    rung last (``desk.rr_last``), round to the start of the list."""

    __slots__ = ("agents", "items", "places")

    def __init__(self, desk: Desk, sorted_up_to: int | None = None) -> None:
        super().__init__(desk)
        self.agents = desk.agents
        size = len(self.agents)
        big = size > (SORTED_UP_TO if sorted_up_to is None else sorted_up_to)
        self.places = Tree(size) if big else Places(size)
        self.items = None if big else self.places.items
        """The sorted list itself (None for a tree): read inline on the usual path."""

    def add(self, agent: Agent) -> None:
        agent.is_free = True  # _mark_in, written out: once per call
        agent.stamp += 1
        self.places.add(agent.index)
        self.count += 1

    def remove(self, agent: Agent) -> None:
        agent.is_free = False  # _mark_out, written out: once per call
        agent.stamp += 1
        self.places.remove(agent.index)
        self.count -= 1

    def _start(self) -> int:
        """The position (in list order, from 0) of the first free place after ``rr_last``."""
        k = self.places.rank(self.desk.rr_last + 1)
        return 0 if k == self.count else k

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        n = self.count
        if not n:
            return None
        items = self.items
        if items is not None and not tried and skip is None:  # the usual case, inline
            k = bisect_left(items, self.desk.rr_last + 1)
            return self.agents[items[k] if k < n else items[0]]
        places, agents, k = self.places, self.agents, self._start()
        for step in range(n):
            agent = agents[places.kth((k + step) % n)]
            if agent is not skip and (not tried or agent.index not in tried):
                return agent
        return None

    def ordered(self) -> list[Any]:
        n = self.count
        if not n:
            return []
        places, agents, k = self.places, self.agents, self._start()
        return [agents[places.kth((k + step) % n)] for step in range(n)]


class TieredRoundRobin(FreeStaff):
    """FreeSWITCH ``round-robin`` with tiers (:func:`~.strategies.round_robin`): first the
    free agents of the level of the one rung last with a higher position, then all by
    level and position. The members' ranks in (level, position, list place) order are
    fixed, so the free ones are kept as sorted ranks (:class:`Places` or :class:`Tree`)
    and that order is two runs of them: found by bisection, not sorted per call."""

    __slots__ = ("by_rank", "places", "rank")

    def __init__(self, desk: Desk, sorted_up_to: int | None = None) -> None:
        super().__init__(desk)
        agents = desk.agents
        self.by_rank = sorted(agents, key=lambda a: (a.level, a.position, a.index))
        """The members in (level, position, list place) order."""
        self.rank = [0] * len(agents)
        """Each member's place in that order, by list place."""
        for r, a in enumerate(self.by_rank):
            self.rank[a.index] = r
        big = len(agents) > (SORTED_UP_TO if sorted_up_to is None else sorted_up_to)
        self.places = Tree(len(agents)) if big else Places(len(agents))

    def add(self, agent: Agent) -> None:
        _mark_in(agent)
        self.places.add(self.rank[agent.index])
        self.count += 1

    def remove(self, agent: Agent) -> None:
        _mark_out(agent)
        self.places.remove(self.rank[agent.index])
        self.count -= 1

    def _positions(self) -> Iterator[int]:
        """Positions among the free ranks, in the strategy's order."""
        n, last = self.count, self.desk.rr_last
        if last < 0:
            return iter(range(n))
        prev = self.desk.agents[last]
        ranked = self.by_rank
        # the ranks of prev's level with a higher position: [lo, hi)
        lo = bisect_left(ranked, (prev.level, prev.position + 1), key=_tier)
        hi = bisect_left(ranked, prev.level + 1, key=_level)
        k, k2 = self.places.rank(lo), self.places.rank(hi)
        return itertools.chain(range(k, k2), range(k), range(k2, n))

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        places, ranked = self.places, self.by_rank
        for pos in self._positions():
            agent = ranked[places.kth(pos)]
            if agent is not skip and (not tried or agent.index not in tried):
                return agent
        return None

    def ordered(self) -> list[Any]:
        places, ranked = self.places, self.by_rank
        return [ranked[places.kth(pos)] for pos in self._positions()]


class Weighted(FreeStaff):
    """Asterisk ``wrandom`` without a draw per member.

    The definition (:func:`~teletraffic.engine.strategies.weighted_random`, from
    app_queue.c's ``calc_metric``): each free member draws a whole number uniform on
    ``0 .. h - 1``, ``h = (1 + penalty) * 1000``; the lowest rings, ties by list order.
    Here, for each penalty with n free members (not tried for this caller):

    * the lowest of their n draws is m with ``P(lowest >= m) = ((h - m) / h) ** n``, so
      ``m = ceil(h * (1 - u ** (1 / n))) - 1`` from one uniform u;
    * given that, each of the n drew m or more, and m itself with chance
      ``q = 1 / (h - m)``, independently; the one who rings is the first of them in
      list order who drew m: the first success of n Bernoulli(q) trials, given at least
      one, ``P(K >= k) = (r ** k - r ** n) / (1 - r ** n)`` with ``r = 1 - q``, from a
      second uniform; the K-th free place (from 0) of the penalty is that member.

    Across penalties the lowest (draw, list place) rings: who drew the lowest value
    overall are those of each penalty who drew it, and the first listed of them is the
    first listed of each penalty's first. So a ring costs two uniforms and a lookup per
    penalty, not a draw per member. ``tests/engine/test_free_index.py`` compares the
    first member rung with the definition's and with the exact probabilities.
    """

    __slots__ = ("agents", "groups", "one", "uniform", "where")

    def __init__(self, desk: Desk, sorted_up_to: int | None = None) -> None:
        super().__init__(desk)
        if sorted_up_to is None:
            sorted_up_to = SORTED_UP_TO
        self.uniform = desk.uniform
        agents = desk.agents
        self.agents = agents
        size = len(agents)
        make = Places if size <= sorted_up_to else Tree
        by_high = {h: make(size) for h in sorted({_high(a) for a in agents})}
        self.groups = list(by_high.items())
        """``(h, free places)`` per penalty, ``h = (1 + penalty) * 1000``."""
        self.where = [by_high[_high(a)] for a in agents]
        """Each member's free places (those of its penalty), by list place."""
        self.one = self.groups[0] if len(self.groups) == 1 else None
        """``(h, free places)`` when every member has the same penalty (the usual case)."""

    def add(self, agent: Agent) -> None:
        agent.is_free = True  # _mark_in, written out: once per call
        agent.stamp += 1
        self.where[agent.index].add(agent.index)
        self.count += 1

    def remove(self, agent: Agent) -> None:
        agent.is_free = False  # _mark_out, written out: once per call
        agent.stamp += 1
        self.where[agent.index].remove(agent.index)
        self.count -= 1

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        if not self.count:
            return None
        random = self.uniform
        one = self.one
        if one is not None and not tried and skip is None:  # the usual case, inline
            places = one[1]
            if self.count == 1:
                return self.agents[places.kth(0)]
            return self.agents[places.kth(lowest_draw(one[0], self.count, random)[1])]
        best_m, best_i = math.inf, -1
        single = one is not None
        for high, places in self.groups:
            n = len(places)
            if not n:
                continue
            out = None
            if tried or skip is not None:
                out = self._passed_over(places, tried, skip)
                n -= len(out)
                if n <= 0:
                    continue
            if n == 1 and single:  # one member to ring: nothing to draw
                return self.agents[places.kth(0) if not out else _kth_outside(places, 0, out)]
            m, k = lowest_draw(high, n, random)
            if m > best_m:
                continue  # this penalty's lowest loses: who drew it does not matter
            i = places.kth(k) if not out else _kth_outside(places, k, out)
            if m < best_m or i < best_i:
                best_m, best_i = m, i
        return self.agents[best_i] if best_i >= 0 else None

    def _passed_over(self, places: Places, tried: Collection[int] | None, skip: Any) -> list[int]:
        """The free places of *places* not to ring (tried, or *skip*), in order."""
        agents, where = self.agents, self.where
        out = [i for i in tried if agents[i].is_free and where[i] is places] if tried else []
        if (
            skip is not None
            and skip.desk is self.desk
            and skip.is_free
            and where[skip.index] is places
            and skip.index not in out
        ):
            out.append(skip.index)
        out.sort()
        return out

    def ordered(self) -> list[Any]:
        """One draw per free member, as the definition (a rare path: O(n))."""
        return st.weighted_random([a for a in self.desk.agents if a.is_free], self.desk)

    def take(self, k: int) -> list[Any]:
        return self.ordered()[:k]


def lowest_draw(high: int, n: int, random: Callable[[], float]) -> tuple[int, int]:
    """The lowest of *n* draws uniform on ``0 .. high - 1``, and the place (from 0, in
    list order) of the first who drew it, from one or two uniforms of *random*
    (see :class:`Weighted`)."""
    # P(lowest >= m) = ((high - m) / high) ** n; 1 - u ** (1 / n) as -expm1(log(u) / n)
    # with u on (0, 1]
    m = math.ceil(-high * math.expm1(math.log(1.0 - random()) / n)) - 1
    if m < 0:
        m = 0
    left = high - m
    if left == 1 or n == 1:
        return m, 0
    log_r = math.log1p(-1.0 / left)
    r_n = math.exp(n * log_r)
    k = math.ceil(math.log(r_n + random() * (1.0 - r_n)) / log_r) - 1
    return m, (0 if k < 0 else (n - 1 if k >= n else k))


def _high(agent: Agent) -> int:
    return (1 + agent.penalty) * 1000


def _kth_outside(places: Places, k: int, out: list[int]) -> int:
    """The *k*-th place (from 0) of *places* that is not in *out* (sorted, all in it)."""
    j = 0
    for e in out:
        if e <= places.kth(k + j):
            j += 1
        else:
            break
    return places.kth(k + j)


class Grouped(FreeStaff):
    """One index per penalty (the lowest with a free member rings, alone) or per tier
    level (each level in turn, *fall_through*)."""

    __slots__ = ("fall_through", "group", "groups", "levels")

    def __init__(
        self,
        desk: Desk,
        group: Callable[[Agent], int],
        make: Callable[[], FreeStaff],
        fall_through: bool,
    ) -> None:
        super().__init__(desk)
        self.group = group
        self.levels = sorted({group(a) for a in desk.agents})
        self.groups = {g: make() for g in self.levels}
        self.fall_through = fall_through

    def add(self, agent: Agent) -> None:
        self.groups[self.group(agent)].add(agent)
        self.count += 1

    def remove(self, agent: Agent) -> None:
        self.groups[self.group(agent)].remove(agent)
        self.count -= 1

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        for level in self.levels:
            g = self.groups[level]
            free = g.count
            if skip is not None and skip.desk is self.desk and skip.is_free:
                free -= self.group(skip) == level
            if free <= 0:
                continue
            found = g.first(tried, skip)
            if found is not None or not self.fall_through:
                return found
        return None

    def ordered(self) -> list[Any]:
        out: list[Agent] = []
        for level in self.levels:
            g = self.groups[level]
            if g.count:
                out.extend(g.ordered())
                if not self.fall_through:
                    break
        return out


def _plain(desk: Desk, order: st.Order) -> FreeStaff:
    """The index of *order* for a department, penalties and tiers aside."""
    tiers = desk.tiers
    if order in (st.linear, st.ring_all):
        return Keyed(desk, _tier) if tiers else Linear(desk)
    if order is st.round_robin:
        return TieredRoundRobin(desk) if tiers else RoundRobin(desk)
    if order is st.longest_idle:
        return Keyed(desk, _free_since)
    if order is st.least_recent:
        return Keyed(desk, _tier_last_end if tiers else _last_end)
    if order is st.fewest_calls:
        return Keyed(desk, _tier_answered if tiers else _answered)
    if order is st.least_talk:
        return Keyed(desk, _tier_talk)
    if order is st.random and not tiers:
        return Shuffled(desk)
    if order is st.weighted_random:
        return Weighted(desk)
    return Listed(desk, order)


def free_index(desk: Desk, order: st.Order, free: list[Any]) -> FreeStaff:
    """The index of free members for *desk*, whose strategy is *order*, holding *free*."""
    index = _index_for(desk, order)
    for agent in free:
        index.add(agent)
    return index


def _index_for(desk: Desk, order: st.Order) -> FreeStaff:
    penalised = order in (
        st.linear,
        st.ring_all,
        st.round_robin,
        st.least_recent,
        st.fewest_calls,
        st.random,
    )
    if desk.penalties and penalised:
        if desk.tiers:
            return Listed(desk, order)
        return Grouped(desk, _penalty, lambda: _plain(desk, order), fall_through=False)
    if desk.tiers and order is st.random:
        return Grouped(desk, _level, lambda: Shuffled(desk), fall_through=True)
    return _plain(desk, order)
