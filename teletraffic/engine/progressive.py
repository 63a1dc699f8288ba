"""FreeSWITCH ``ring-progressively``: one more member rings every few seconds.

mod_callcenter.c (``members_callback``) originates a member's next agent once
``ring-progressively-delay`` seconds (default 10) have passed since the last one, while
the agents already called keep ringing; the first to answer gets the caller. Here: the
first member in strategy order rings; every *progress_delay* seconds the next free member
not yet rung for this caller joins (each rings for the ring timeout); the first to pick
up wins and the others are released. With nobody picking up, the round ends when the
last ring times out, and the call goes on as after any ring nobody answered
(:meth:`~teletraffic.engine.calls.Flow.rung`).
"""

from __future__ import annotations

import math
from typing import Any

from teletraffic.engine.calls import RINGING, Call, Flow
from teletraffic.engine.pbx import Agent, Desk

__all__ = ["Progressive"]


class Progressive:
    """Rings members progressively; wired into a :class:`Flow`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        flow.ring_progressively = self.ring

    def ring(self, call: Call, desk: Desk, order: list[Agent]) -> None:
        """Start a round: the first of *order* rings now."""
        call.ringing = []
        call.agent = None
        call.ring_until = math.inf
        self._add_ring(call, desk, order[0])

    def _add_ring(self, call: Call, desk: Desk, agent: Agent) -> None:
        flow = self.flow
        """*agent* starts ringing for *call* (ring-progressively); the round's end moves."""
        now = flow.clock.now
        desk.free.remove(agent)
        call.ringing.append(agent)
        desk.rr_last = agent.index
        answer_at = math.inf
        if desk.pickup >= 1.0 or desk.uniform() < desk.pickup:
            delay = desk.pickup_delay()
            if delay <= desk.ring_timeout:
                answer_at = now + delay
        if call.agent is None and answer_at == math.inf:
            until = now + desk.ring_timeout  # nobody picks up yet: the latest ring's end
        elif answer_at < call.ring_until or call.agent is None:
            call.agent, until = agent, answer_at
        else:
            until = call.ring_until
        if until != call.ring_until:
            call.ring_until = until
            flow.later(until - now, self._end, (call, call.ringing, until))
        if now + desk.progress_delay < until:
            flow.later(desk.progress_delay, self._step, (call, call.ringing))

    def _step(self, value: Any) -> None:
        flow = self.flow
        call, round_ = value
        if call.state != RINGING or call.ringing is not round_:
            return  # the round is over
        desk = call.desk
        tried = call.tried
        agent = desk.free.first(tried)
        if agent is not None:
            self._add_ring(call, desk, agent)
            return
        if flow.clock.now + desk.progress_delay < call.ring_until:  # nobody free: look again
            flow.later(desk.progress_delay, self._step, (call, call.ringing))

    def _end(self, value: Any) -> None:
        call, round_, until = value
        if call.state != RINGING or call.ringing is not round_ or until != call.ring_until:
            return  # a faster pick-up or a later ring moved the end of the round
        self.flow.rung(call)
