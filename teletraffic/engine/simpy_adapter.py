"""Everything the engine uses of SimPy: its clock and its queue of events.

The engine is written as callbacks on timed events rather than one generator process
per call (the same event semantics at a fraction of the cost), so from SimPy it needs
only the :class:`simpy.Environment`: the simulated time, the heap of scheduled events
and the loop that pops them in order (:meth:`simpy.Environment.run`). This module is
the one place that knows how SimPy 4 stores them; the rest of the engine sees a
:class:`Clock` with :attr:`~Clock.now`, :meth:`~Clock.later` and :meth:`~Clock.run`.

SimPy's :meth:`~simpy.Environment.step` pops ``(time, priority, id, event)`` tuples off
``Environment._queue``, sets ``_now`` to the time, calls each of ``event.callbacks``
with the event, and then looks at ``event._ok`` (see ``simpy/core.py``, 4.1). The
engine's events carry only a value to their one callback, so :meth:`Clock.later`
pushes ``(time, priority, id, callback, value)`` onto the same heap instead of building
a :class:`simpy.Timeout`: it runs two or three times per call. Both kinds are ordered
by their first three fields, so events due at the same time run in the order they were
scheduled, as SimPy's ``Timeout`` would, whichever kind they are. ``simpy`` is pinned
below 5 in pyproject.toml for these internals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.events import NORMAL

__all__ = ["Clock"]


class Clock(simpy.Environment):
    """SimPy's environment with the one cheap way of scheduling that the engine uses."""

    now: float = 0.0
    """The simulated time, in seconds: SimPy's ``now`` as a plain attribute (read several
    times a call; a property costs a call each time), kept equal to SimPy's own
    ``_now`` by the loop."""

    def __init__(self, initial_time: float = 0.0) -> None:
        super().__init__(initial_time)
        self.now = self._now
        self.streams: list[Any] = []
        """The next event of each stream of :meth:`each`, in a heap of their own (one
        entry per stream: a few) beside SimPy's heap of everything else."""

    def later(self, delay: float, callback: Callable[[Any], None], value: Any) -> None:
        """Call ``callback(value)`` *delay* seconds from now.

        The same moment and order as ``env.timeout(delay, value).callbacks.append(...)``
        (same time, same priority, the next id, so the same place among events due at
        once), without building an event: the heap entry is the event.
        """
        queue: list[Any] = self._queue  # it holds these beside SimPy's own events
        heappush(queue, (self._now + delay, NORMAL, next(self._eid), callback, value))

    def each(
        self, times: Iterator[float], callback: Callable[[Any, float], None], value: Any
    ) -> None:
        """Call ``callback(value, now)`` at each of *times* (in order, seconds from the start).

        Each is scheduled as :meth:`later` would schedule it when the one before runs
        (so the same moments, and the same order among events due at once), without a
        call of :meth:`later` per time: an arrival stream runs once per call. The
        next time of each stream waits in :attr:`streams`, not in SimPy's heap: with
        thousands of calls in flight, pushing an arrival to the front of that heap
        and popping it again cost most of its upkeep.
        """
        queue: list[Any] = self.streams
        eid = self._eid

        def fire(_: None) -> None:
            now = self.now
            callback(value, now)
            for t in times:  # the next, if any
                heappush(queue, (now + (t - now), NORMAL, next(eid), fire, None))
                return

        for t in times:  # the first
            heappush(queue, (self.now + t, NORMAL, next(eid), fire, None))
            return

    def run(self, until: Any = None) -> Any:
        """Run the events until none is left.

        The loop of :meth:`simpy.Environment.run` without its per-event machinery:
        pop the earliest entry, set the clock, call its callback with its value.
        Entries are popped in the order of their keys (time, priority, id) across
        SimPy's heap and :attr:`streams`: the order SimPy's loop gives when all are in
        its one heap, so the figures are the same. An event of SimPy's own (an entry
        of four fields) is put back and handed to :meth:`simpy.Environment.step`.
        SimPy's own loop cannot read the engine's entries, so there is no *until*: a
        run ends when its last call has ended.
        """
        if until is not None:
            raise ValueError("Clock.run runs until no event is left: no 'until'")
        queue: list[Any] = self._queue
        streams: list[Any] = self.streams
        step = self.step
        while queue or streams:  # the earliest of both heaps: the order of one heap
            if streams and (not queue or streams[0] < queue[0]):
                item = heappop(streams)
            else:
                item = heappop(queue)
            try:
                now, _, _, callback, value = item
            except ValueError:  # SimPy's own event: its full semantics
                heappush(queue, item)
                self.now = item[0]  # the time its callbacks read
                step()
                continue
            self._now = self.now = now
            callback(value)
        return None
