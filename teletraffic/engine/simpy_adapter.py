"""Everything the engine uses of SimPy: its clock and its queue of events.

The engine is written as callbacks on timed events rather than one generator process
per call (the same event semantics at a fraction of the cost), so from SimPy it needs
only the :class:`simpy.Environment`: the simulated time, the heap of scheduled events
and the loop that pops them in order (:meth:`simpy.Environment.run`). This module is
the one place that knows how SimPy 4 stores them; the rest of the engine sees a
:class:`Clock` with :attr:`~Clock.now`, :meth:`~Clock.later` and :meth:`~Clock.run`.

SimPy's :meth:`~simpy.Environment.step` pops ``(time, priority, id, event)`` tuples off
``Environment._queue``, sets ``_now`` to the time, calls each of ``event.callbacks``
with the event, and then looks at ``event._ok`` (see ``simpy/core.py``, 4.1). An event
that only carries a value to its one callback needs nothing else, so :meth:`Clock.later`
pushes a small :class:`Due` instead of building a :class:`simpy.Timeout`: it runs two or
three times per call. Events due at the same time run in the order they were
scheduled, as SimPy's ``Timeout`` would. ``simpy`` is pinned below 5 in pyproject.toml
for these internals.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from operator import attrgetter
from typing import Any

import simpy
from simpy.events import NORMAL

__all__ = ["Clock", "Due"]

_new = object.__new__


class Due:
    """A scheduled event as the engine's callbacks see it: the *value* it carries."""

    __slots__ = ("callbacks", "value")

    _ok = True
    """Read by SimPy after the callbacks ran: this event never fails."""

    callbacks: list[Callable[[Due], None]] | None
    value: Any


class Clock(simpy.Environment):
    """SimPy's environment with the one cheap way of scheduling that the engine uses."""

    now = property(attrgetter("_now"), doc="The simulated time, in seconds.")
    """SimPy's ``now``, read without a Python-level call (it is read several times a call)."""

    def later(self, delay: float, callback: Callable[[Due], None], value: Any) -> None:
        """Call *callback* with a :class:`Due` carrying *value*, *delay* seconds from now.

        The same as ``env.timeout(delay, value).callbacks.append(callback)`` (same time,
        same priority, same order among events due at once), without the cost of
        :class:`simpy.Timeout`'s constructor.
        """
        due = _new(Due)
        due.callbacks = [callback]
        due.value = value
        queue: list[Any] = self._queue  # it holds Due beside SimPy's own events
        heappush(queue, (self._now + delay, NORMAL, next(self._eid), due))

    def run(self, until: Any = None) -> Any:
        """Run the events until none is left (or SimPy's own run, given *until*).

        The loop of :meth:`simpy.Environment.run` without its per-event machinery:
        pop the earliest ``(time, priority, id, event)``, set the clock, call the
        event's callbacks. Events are popped in the same order as SimPy pops them (the
        same heap), so the figures are the same; an event of SimPy's own (not a
        :class:`Due`) is handed to :meth:`simpy.Environment.step`.
        """
        if until is not None:
            return super().run(until)
        queue: list[Any] = self._queue
        step = self.step
        while queue:
            item = queue[0]
            due = item[3]
            if type(due) is not Due:
                step()  # SimPy's own event: its full semantics
                continue
            heappop(queue)
            self._now = item[0]
            callbacks = due.callbacks
            due.callbacks = None
            for callback in callbacks:  # type: ignore[union-attr]
                callback(due)
        return None
