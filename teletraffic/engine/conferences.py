"""Conferences: a share of answered calls become a conference of several people.

The person who answered stays; colleagues who are free join (from the same department
first, in each department's strategy order), and outside participants are dialled in,
each on a channel of the caller's line while one is free. All of them are busy for the
conference's duration; when it ends they are free again.
"""

from __future__ import annotations

from teletraffic.engine.calls import Call, Flow
from teletraffic.engine.pbx import Agent
from teletraffic.engine.windows import channel_busy

__all__ = ["Conferences"]


class Conferences:
    """Starts and ends conferences; wired into a :class:`Flow`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        flow.conference_start = self.start
        flow.conference_end = self.end

    def start(self, call: Call, agent: Agent) -> None:
        """The answered call becomes a conference: more people join for its duration."""
        desk = agent.desk
        want = desk.conference_people - 1
        joined: list[Agent] = []
        for other_desk in [desk, *(d for d in self.flow.desks if d is not desk)]:
            if want <= 0:
                break
            for member in other_desk.free.take(want):
                other_desk.free.remove(member)
                joined.append(member)
                want -= 1
        call.conference = joined
        trunk = call.trunk
        if trunk is not None:
            for _ in range(desk.conference_outside):
                if trunk.busy < trunk.capacity:
                    trunk.busy += 1
                    call.extra_channels += 1
            trunk.peak = max(trunk.peak, trunk.busy)
        if desk.conference_talk is not None:
            call.talk = desk.conference_talk()
        if call.measured:
            desk.conferences += 1

    def end(self, call: Call) -> None:
        """The conference is over: the people who joined are free, the outside channels too."""
        flow = self.flow
        members = call.conference or []
        call.conference = None
        now = flow.clock.now
        if call.extra_channels and call.trunk is not None:
            call.trunk.busy -= call.extra_channels
            channel_busy(call.trunk, now - call.talk, now, call.extra_channels)
            call.outside_talk += call.extra_channels * call.talk
            call.extra_channels = 0
        for member in members:
            flow.busy(member, now - call.talk, now)
            flow.agent_free(member)
