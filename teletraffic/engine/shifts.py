"""People coming on and going off shift, and callers let go when nobody will answer.

A shift change puts the first *n* members of a department at their desks. A person
whose shift ends finishes the call they are on and then leaves; whoever stays (or comes)
takes the queue. With nobody left and ``leave_when_empty`` (Asterisk's
``leavewhenempty``), callers on hold are let go to the department's exit; callers who
took a callback keep their place until someone is back, or until the run ends, when
their callback has failed.
"""

from __future__ import annotations

from typing import Any

from teletraffic.engine.calls import CALLBACK_FAILED, CB_WAIT, DONE, HOLD, Call, Flow
from teletraffic.engine.pbx import Desk

__all__ = ["Shifts"]


class Shifts:
    """Shift changes and letting callers go; wired into a :class:`Flow`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        flow.set_shift = self.set_shift
        flow.let_go = self.let_go

    def set_shift(self, value: Any) -> None:
        """The first *n* members of a department are at their desks from now on."""
        flow = self.flow
        desk, n = value
        desk.present = min(n, len(desk.agents))
        for agent in desk.agents:
            if agent.index < n:
                if not agent.on_shift:
                    agent.on_shift = True
                    if agent.gone:
                        agent.gone = False
                        flow.release(agent)
            elif agent.on_shift:
                agent.on_shift = False
                if agent in desk.free:
                    desk.free.remove(agent)
                    agent.gone = True
        if desk.waiting or desk.cb_waiting:
            if desk.present == 0 and desk.leave_when_empty:
                self.let_go(desk)
            else:
                flow.serve_queue(desk)

    def let_go(self, desk: Desk, final: bool = False) -> None:
        """Nobody will answer: callers still on hold are let go (to the department's
        exit). Callers who took a callback keep their place, unless the run is over
        (*final*): then their callback failed."""
        flow = self.flow
        queue = desk.queue
        kept: list[Call] = []
        while queue:
            call: Call = queue.popleft()
            if call.desk is not desk:
                continue
            if call.state == HOLD:
                desk.waiting -= 1
                flow.exit_queue(call)
            elif call.state == CB_WAIT:
                if final:
                    desk.cb_waiting -= 1
                    call.state = DONE
                    call.cb.wait = flow.clock.now - call.cb.taken_at
                    flow.finish(call, CALLBACK_FAILED, call.wait, call.talk_before)
                else:
                    kept.append(call)
        queue.extend(kept)
