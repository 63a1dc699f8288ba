"""Passing an answered caller on to another department.

A share of the calls a department answers goes on to another department (its transfer
rules). The caller keeps the channel of the outside line all along. A blind transfer
frees the first person at once (after their wrap-up) and offers the caller to the other
department as a new leg: rung there, put on hold, or, with nobody free and no room in
the queue (or ``when_busy: ring_back``), rung back to the first person, who ends the
call. An attended transfer, when someone there is free, keeps both people and the
caller together for the *consult* time first. Each department counts its part of the
call (see :class:`~teletraffic.engine.calls.Handoff`).
"""

from __future__ import annotations

from typing import Any

from teletraffic.engine.calls import (
    ANSWERED,
    BUSY,
    CB_WAIT,
    HOLD,
    NEW,
    QUEUE_FULL,
    TALK,
    UNANSWERED,
    Call,
    Flow,
    Handoff,
)
from teletraffic.engine.pbx import Agent, Desk, Transfer

__all__ = ["Transfers"]

_QUEUED = (HOLD, CB_WAIT)
"""States of a caller who keeps a place in a queue."""


class Transfers:
    """Carries out transfer rules; wired into a :class:`Flow`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        flow.transfer = self.transfer
        flow.transfer_to = self.send_on
        flow.overflow_watch = self.overflow_watch
        flow.overflow_pull = self.overflow_pull

    def overflow_watch(self, call: Call, desk: Desk) -> None:
        """*call* went on hold in *desk*: when its overflow time comes, look again."""
        flow = self.flow
        waited = flow.clock.now - call.leg_start
        flow.later(max(desk.overflow_after - waited, 0.0), self._overflow_due, (call, desk))

    def _overflow_due(self, value: Any) -> None:
        call, desk = value
        target = desk.overflow_to
        if call.state != HOLD or call.desk is not desk or target is None:
            return  # answered, gone, or moved on meanwhile
        if target.free and not target.waiting:  # its own callers come first
            desk.waiting -= 1  # it stays in the deque, no longer on hold there
            self.send_on(call, desk, target)

    def overflow_pull(self, desk: Desk) -> None:
        """A person of *desk* is free and none of its own callers waits: take the longest
        waiting caller of a department that overflows to it, once past its overflow time."""
        now = self.flow.clock.now
        for source in desk.overflow_from:
            queue = source.queue
            while queue and (queue[0].state not in _QUEUED or queue[0].desk is not source):
                queue.popleft()  # callers who left meanwhile
            if (
                queue
                and queue[0].state == HOLD  # a callback waiting first stays for its own staff
                and now - queue[0].leg_start >= source.overflow_after
            ):
                call = queue.popleft()
                source.waiting -= 1
                self.send_on(call, source, desk)
                return

    def send_on(self, call: Call, desk: Desk, target: Desk) -> None:
        """The PBX sends a waiting caller from *desk* on to *target* (its ``exit_to``, or
        an overflow): a new leg there, counted like a redirect; the patience runs on."""
        flow = self.flow
        now = flow.clock.now
        handoff = call.handoff
        if handoff is None:
            handoff = call.handoff = Handoff()
        so_far = call.wait_before + now - call.leg_start
        if call.measured:  # for this department the call went unanswered
            flow.part(call, desk, UNANSWERED, so_far - handoff.prior_wait, 0.0)
            desk.redirected_out += 1
            target.redirected_in += 1
            flow.observer.handoff(call.stream.index, target.index, call.arrival)
        handoff.prior_wait = so_far
        handoff.via = 2
        call.patience -= now - call.leg_start
        call.wait_before = so_far
        call.leg_start = now
        call.armed = False
        call.desk = target
        call.tried = None
        call.state = NEW
        flow.offer(call, target)

    def transfer(self, call: Call, agent: Agent, rule: Transfer, wrap: float) -> None:
        """*agent* passes the caller to another department; the caller keeps the channel.

        For *agent*'s department the call was answered (its wait and talk there); the
        department it goes to counts it among its ``transfers_in`` and with the outcome
        it has there (``busy`` or ``queue_full`` when it rang back).
        """
        flow = self.flow
        desk = agent.desk
        target = rule.desk
        now = flow.clock.now
        measured = call.measured
        handoff = call.handoff
        if handoff is None:
            handoff = call.handoff = Handoff()
        if handoff.first is None:
            handoff.first = agent
        handoff.passed += 1
        if measured and handoff.via == 1:  # a transfer in, answered here, passed on again
            desk.transfers_in_answered += 1
        talk_here = call.talk
        wait_here = call.wait - handoff.prior_wait
        agent.last_end = now  # the first person's call ends here (leastrecent, talk time)
        agent.talk_total += talk_here
        if measured:
            desk.transfers_out += 1
            target.transfers_in += 1
            flow.observer.handoff(call.stream.index, target.index, call.arrival)
        call.talk_before += talk_here
        call.talk = rule.talk()
        if rule.attended and target.free:
            other = target.free.first()
            assert other is not None
            target.free.remove(other)
            target.rr_last = other.index
            call.state = TALK
            consult = rule.consult
            # the first person talks, consults (with the other and the caller), wraps up
            flow.busy(agent, now - talk_here, now + consult + wrap)
            flow.busy(other, now, now + consult)
            call.talk_before += consult
            if measured:
                flow.part(call, desk, ANSWERED, wait_here, talk_here + consult)
            handoff.prior_wait = call.wait
            handoff.via = 1
            flow.later(consult, self._consulted, (call, agent, other, wrap))
            return
        flow.busy(agent, now - talk_here, now + wrap)
        flow.after_call(agent, wrap)
        if measured:
            flow.part(call, desk, ANSWERED, wait_here, talk_here)
        if not target.free and (rule.ring_back or target.waiting >= target.hold_limit):
            # nobody to take it (and no queue, or ring back asked for): it rings back and
            # the first person ends it
            if measured:
                full = not rule.ring_back and target.hold_limit > 0
                flow.part(call, target, QUEUE_FULL if full else BUSY, 0.0, 0.0)
            handoff.closed = True
            flow.free_channel(call)
            call.talk = 0.0
            flow.finish(call, ANSWERED, call.wait, call.talk_before)
            return
        handoff.prior_wait = call.wait
        handoff.via = 1
        call.desk = target
        call.leg_start = now
        call.wait_before = call.wait
        call.armed = False
        call.tried = None
        call.state = NEW
        call.agent = None
        flow.offer(call, target)

    def _consulted(self, value: Any) -> None:
        call, agent, other, wrap = value
        self.flow.after_call(agent, wrap)
        call.desk = other.desk
        call.agent = other
        other.answered_all += 1
        self.flow.talk(call)
