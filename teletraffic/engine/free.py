"""Who of a department is free, indexed by its strategy: the next member in O(log n).

A strategy (:mod:`teletraffic.engine.strategies`) is defined as an order of the free
members; sorting them for every call costs O(n log n) in the staff. The PBXs themselves
keep it cheaper, and so do we: each department keeps its free members in an index built
for its strategy, and asks it only for the first member of the order (or the first one
a caller has not been rung yet):

* ``linear``, ``ring_all``, ``longest_idle``, ``leastrecent``, ``fewest_calls``,
  ``agent-with-least-talk-time``: a heap keyed by the strategy's sort key (list place;
  free since; end of the last call; calls answered; talk time), tiers' level and
  position within it. A member's key does not change while they are free, so an entry
  stays right until they are taken; entries of members taken since are dropped when
  they reach the top (lazy deletion), and the heap is rebuilt when they outnumber the
  live ones.
* ``round_robin``: a heap keyed by (lap, list place): members after the one rung last
  are in this lap, the others in the next; when the department's round-robin position
  moves, the few entries it passes move to the next lap.
* ``random``: the free members in an array (taken out by swapping with the last); one
  uniform draw picks one.
* Penalties (Asterisk names): one index per penalty, the lowest with a free member
  answers. Tiers with ``random``: one index per level, lowest first.
* What has no index here (``wrandom``: every member draws; ``round_robin`` with tiers)
  keeps the free members in list order and sorts them with the strategy's own function,
  as the first edition did: O(n) per call, for those departments only.

The strategy functions of :mod:`~teletraffic.engine.strategies` stay the definition:
``tests/engine/test_free_index.py`` checks each index against them over random states.
``random`` draws one uniform number per ring instead of a permutation, so its same-seed
figures differ from the first edition's; its distribution does not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator
from heapq import heapify, heappop, heappush
from typing import Any, Protocol

from teletraffic.engine import strategies as st

__all__ = ["FreeStaff", "free_index"]


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


Key = Callable[["Agent"], Any]


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


def _index(agent: Agent) -> int:
    return agent.index


class Keyed(FreeStaff):
    """A heap of ``(key, index, stamp)``: the first is the smallest key, then index."""

    __slots__ = ("heap", "key")

    def __init__(self, desk: Desk, key: Key) -> None:
        super().__init__(desk)
        self.heap: list[tuple[Any, int, int]] = []
        self.key = key

    def add(self, agent: Agent) -> None:
        stamp = _mark_in(agent)
        heap = self.heap
        heappush(heap, (self.key(agent), agent.index, stamp))
        self.count += 1
        if len(heap) > 2 * self.count + 64:
            self._compact()

    def remove(self, agent: Agent) -> None:
        _mark_out(agent)  # its entry is dropped when it reaches the top
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


class RoundRobin(Keyed):
    """Round robin: a heap of ``(lap, index, stamp)``, laps counted from the member rung
    last (``desk.rr_last``): those after it in this lap, the others in the next."""

    __slots__ = ("anchor", "lap")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk, _index)
        self.anchor = -1
        self.lap = 0

    def _align(self) -> None:
        new = self.desk.rr_last
        old = self.anchor
        if new == old:
            return
        heap, agents, lap = self.heap, self.desk.agents, self.lap
        if new < old:  # wrapped: the next lap is this one now
            while heap and heap[0][0] == lap:
                _, i, s = heappop(heap)
                if agents[i].stamp == s:
                    heappush(heap, (lap + 1 if i > new else lap + 2, i, s))
            lap += 1
            self.lap = lap
        while heap and heap[0][0] == lap and heap[0][1] <= new:  # passed: to the next lap
            _, i, s = heappop(heap)
            if agents[i].stamp == s:
                heappush(heap, (lap + 1, i, s))
        self.anchor = new

    def add(self, agent: Agent) -> None:
        if self.desk.rr_last != self.anchor:
            self._align()
        stamp = _mark_in(agent)
        heap = self.heap
        lap = self.lap if agent.index > self.anchor else self.lap + 1
        heappush(heap, (lap, agent.index, stamp))
        self.count += 1
        if len(heap) > 2 * self.count + 64:
            self._compact()

    def first(self, tried: Collection[int] | None = None, skip: Any = None) -> Any:
        if self.desk.rr_last != self.anchor:
            self._align()
        return super().first(tried, skip)

    def ordered(self) -> list[Any]:
        self._align()
        return super().ordered()


class Shuffled(FreeStaff):
    """``random``: the free members in an array; one uniform draw picks the first."""

    __slots__ = ("members", "rng")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.members: list[Agent] = []
        self.rng = desk.rng

    def add(self, agent: Agent) -> None:
        _mark_in(agent)
        agent.slot = len(self.members)
        self.members.append(agent)
        self.count += 1

    def remove(self, agent: Agent) -> None:
        _mark_out(agent)
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
        agent = members[int(self.rng.random() * n)]
        if agent is not skip and (not tried or agent.index not in tried):
            return agent
        # the draw fell on a member to pass over: draw again among the others (uniform
        # overall: 1/n + (t/n) * 1/(n - t) = 1/(n - t) for each of the n - t others)
        rest = [a for a in members if a is not skip and (not tried or a.index not in tried)]
        if not rest:
            return None
        return rest[int(self.rng.random() * len(rest))] if len(rest) > 1 else rest[0]

    def ordered(self) -> list[Any]:
        return self.take(self.count)


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


def _tier(agent: Agent) -> tuple[int, int]:
    return (agent.level, agent.position)


def _penalty(agent: Agent) -> int:
    return agent.penalty


def _level(agent: Agent) -> int:
    return agent.level


def _zero(agent: Agent) -> int:
    return 0


def _plain(desk: Desk, order: st.Order) -> FreeStaff:
    """The index of *order* for a department, penalties and tiers aside."""
    tiers = desk.tiers
    if order in (st.linear, st.ring_all):
        return Keyed(desk, _tier if tiers else _zero)
    if order is st.round_robin and not tiers:
        return RoundRobin(desk)
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
        return Grouped(desk, _penalty, lambda: _plain_untiered(desk, order), fall_through=False)
    if desk.tiers and order is st.random:
        return Grouped(desk, _level, lambda: Shuffled(desk), fall_through=True)
    return _plain(desk, order)


def _plain_untiered(desk: Desk, order: st.Order) -> FreeStaff:
    return _plain(desk, order)


def _free_since(a: Agent) -> float:
    return a.free_since


def _last_end(a: Agent) -> float:
    return a.last_end


def _tier_last_end(a: Agent) -> tuple[int, float, int]:
    return (a.level, a.last_end, a.position)


def _answered(a: Agent) -> int:
    return a.answered_all


def _tier_answered(a: Agent) -> tuple[int, int, int]:
    return (a.level, a.answered_all, a.position)


def _tier_talk(a: Agent) -> tuple[int, float, int]:
    return (a.level, a.talk_total, a.position)
