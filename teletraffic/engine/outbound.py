"""Staff dialling out: outbound calls over an outside line, internal calls between extensions.

While free, each person of a department with outbound traffic dials after an
exponential gap at the department's highest hourly dial-out rate (a Poisson process
per free person); the stream is picked in proportion to this hour's rates, and when
this hour's total is lower the dial is skipped (thinning). A call out needs a free
channel of its line (else ``blocked``) and, on a mobile line, coverage; an internal
call needs a free colleague in the department called (else ``busy``) and no channel.
Outside opening hours the timer waits for the next opening.
"""

from __future__ import annotations

import math
from typing import Any

from teletraffic.engine.calls import BLOCKED, BUSY, NO_COVERAGE, TALK, Call, Flow
from teletraffic.engine.pbx import Agent, Desk

__all__ = ["Dialler"]


class Dialler:
    """Schedules and places the calls staff make; wired into a :class:`Flow`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        flow.arm_dial = self.arm

    def arm(self, agent: Agent) -> None:
        """While free, *agent* dials out after a random gap (Poisson at the dial-out rate)."""
        gap = agent.desk.dial_gap
        assert gap is not None
        self.flow.later(gap(), self._dial, (agent, agent.epoch))

    def _dial(self, value: Any) -> None:
        agent, epoch = value
        desk = agent.desk
        if agent.epoch != epoch or agent not in desk.free:
            return  # the person took a call since; their next free spell re-arms
        now = self.flow.clock.now
        opened = self.flow.next_open(now)
        if opened is None:
            return
        if opened > now:  # closed: the memoryless timer starts afresh at opening time
            self.flow.later(opened - now, self._dial_at_opening, (agent, epoch))
            return
        hour = int(now // 3600.0) % 24
        pick = desk.uniform() * desk.dial_total
        stream = None
        for s, rates in zip(desk.dial_streams, desk.dial_rates, strict=True):
            pick -= rates[hour]
            if pick < 0.0:
                stream = s
                break
        if stream is None:  # thinning: this hour's rate is below the highest
            self.arm(agent)
            return
        flow = self.flow
        caller = flow.next_caller
        flow.next_caller += 1
        call = Call(
            stream,
            caller,
            1,
            now,
            stream.talk(),
            math.inf,
            now >= flow.warmup,
        )
        call.agent = agent
        flow.enter(stream.index, desk.index, now, call.measured)
        if stream.callee is not None:
            self._internal(call, agent, stream.callee)
            return
        trunk = stream.trunk
        if trunk is None:
            trunk = next((t for t in flow.trunks if t.busy < t.capacity), flow.trunks[0])
        call.trunk = trunk
        if trunk.coverage < 1.0 and flow.line_rng[trunk.index].random() >= trunk.coverage:
            flow.finish(call, NO_COVERAGE, 0.0, 0.0)
            self.arm(agent)
            return
        if trunk.busy >= trunk.capacity:
            flow.finish(call, BLOCKED, 0.0, 0.0)
            self.arm(agent)
            return
        trunk.busy += 1
        if trunk.busy > trunk.peak:
            trunk.peak = trunk.busy
        call.seized_at = now
        desk.free.remove(agent)
        call.state = TALK
        flow.talk(call)

    def _internal(self, call: Call, agent: Agent, callee_desk: Desk) -> None:
        """*agent* calls a colleague of another department: two extensions, no channel."""
        call.trunk = None
        callee = callee_desk.free.first(skip=agent)
        if callee is None:
            self.flow.finish(call, BUSY, 0.0, 0.0)
            self.arm(agent)
            return
        callee_desk.free.remove(callee)
        callee_desk.rr_last = callee.index
        callee.answered_all += 1
        agent.desk.free.remove(agent)
        call.conference = [callee]  # released with the caller when they hang up
        call.state = TALK
        self.flow.talk(call)

    def _dial_at_opening(self, value: Any) -> None:
        agent, epoch = value
        if agent.epoch == epoch and agent in agent.desk.free:
            self.arm(agent)
