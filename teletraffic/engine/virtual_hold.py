"""Virtual hold (callbacks) and announcements to callers on hold.

**Callbacks.** A caller who joins a department's hold queue while the PBX's estimate of
their wait (:meth:`~teletraffic.engine.pbx.Desk.estimated_wait`) is over the
department's ``callback.offer_over`` is offered a callback. One who takes it (chance
``accept``) hangs up at once: the channel of the outside line is free again, and the
caller keeps their place in the queue without holding anything. When their turn comes
and a person is free, the PBX reserves that person and dials the caller on an outgoing
channel of ``callback.line`` (or the line the call came in on). With no free channel,
or when the caller does not pick up (chance ``reached``; they pick up after
``answer_after``, or the PBX gives up after ``ring``), the person is free again and the
callback waits ``retry_after`` before it goes back to the head of the queue, up to
``tries`` times. The attempt ends ``called_back`` (the person talked to the caller) or
``callback_failed``; its record keeps the time on hold before the callback was taken
(*wait*) and the time from taking it to the caller answering it (*callback_wait*). The
person's time dialling and ringing counts as busy time, and the channel's as channel
time, like any call.

**Announcements.** Every ``announce.every`` seconds on hold (Asterisk's
``announce-frequency``) a caller hears their place and the estimated wait. With
``leave_if_longer`` a caller who hears an estimate longer than the patience they have
left hangs up at once (``abandoned``); with ``patience_extra`` each announcement adds
that much to their patience. A caller being rung between two announcements hears the
next one if they are back on hold by then.

Asterisk's app_queue estimates the wait as ``holdtime``, an exponential average of the
waits of answered callers (``recalc_holdtime``), less the time already waited
(``say_position``); it has no callback of its own, which hosted PBXs and contact-centre
products add as "virtual hold" or "courtesy callback" on such an estimate.
"""

from __future__ import annotations

import math
from typing import Any

from teletraffic.engine.calls import (
    ABANDONED,
    CALLBACK_FAILED,
    CALLED_BACK,
    CB_DIAL,
    CB_PAUSE,
    CB_WAIT,
    DONE,
    HOLD,
    RETRY,
    RINGING,
    TALK,
    UNANSWERED,
    Call,
    Flow,
)
from teletraffic.engine.lines import Trunk
from teletraffic.engine.pbx import Agent, Desk

__all__ = ["Offer", "VirtualHold"]


class Offer:
    """A callback offered to one caller, and what became of it."""

    __slots__ = ("agent", "dialled_at", "taken", "taken_at", "tries", "wait")

    def __init__(self) -> None:
        self.taken = False
        """The caller took it (else they held on)."""
        self.taken_at = 0.0
        self.tries = 0
        """Callback tries so far."""
        self.wait = 0.0
        """From taking it to the caller answering (or to the last try)."""
        self.agent: Agent | None = None
        """The person reserved for the try under way."""
        self.dialled_at = 0.0


class VirtualHold:
    """Offers callbacks, calls callers back, plays announcements; wired into a :class:`Flow`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        flow.held = self.held
        flow.call_back = self.call_back

    # ------------------------------------------------------------------ joining the queue

    def held(self, call: Call, desk: Desk) -> None:
        """*call* just joined *desk*'s hold queue (it is the last in it)."""
        cb = desk.callback
        if cb is not None and call.cb is None and call.trunk is not None:
            now = self.flow.clock.now
            if desk.estimated_wait(desk.waiting + desk.cb_waiting, 0.0) > cb.offer_over:
                offer = call.cb = Offer()
                assert desk.cb_rng is not None
                if desk.cb_rng.random() < cb.accept:
                    offer.taken = True
                    offer.taken_at = now
                    call.state = CB_WAIT
                    desk.waiting -= 1
                    desk.cb_waiting += 1
                    call.wait = call.wait_before + now - call.leg_start
                    self.flow.free_channel(call)
                    return
        if desk.announce is not None:
            self._next_announcement(call, desk)

    def _announce(self, value: Any) -> None:
        call, desk, leg = value
        state = call.state
        if call.desk is not desk or leg != call.leg_start or state not in (HOLD, RINGING, RETRY):
            return  # answered, gone, or moved on
        flow = self.flow
        announce = desk.announce
        assert announce is not None
        if state == HOLD:
            now = flow.clock.now
            estimate = desk.estimated_wait(self._position(call, desk), now - call.leg_start)
            if call.deadline_kind == ABANDONED and call.deadline_at < math.inf:
                if announce.leave_if_longer and estimate > call.deadline_at - now:
                    desk.waiting -= 1  # it stays in the deque until it reaches the head
                    flow.free_channel(call)
                    flow.finish(call, ABANDONED, call.wait_before + now - leg, call.talk_before)
                    return
                if announce.patience_extra > 0.0:
                    self._more_patience(call, desk, announce.patience_extra)
        self._next_announcement(call, desk)

    def _next_announcement(self, call: Call, desk: Desk) -> None:
        """Announce again *every* seconds, as long as the caller may still be answered: a
        caller nobody will come for (nobody on shift after the last arrival) and who never
        hangs up hears no more, so the run can end (and let them go)."""
        flow = self.flow
        announce = desk.announce
        assert announce is not None
        if desk.present == 0 and flow.clock.now >= flow.end and call.deadline_at == math.inf:
            return
        flow.later(announce.every, self._announce, (call, desk, call.leg_start))

    @staticmethod
    def _position(call: Call, desk: Desk) -> int:
        """*call*'s place in *desk*'s queue (1: next): the callers still in it before it."""
        place = 1
        for other in desk.queue:
            if other is call:
                break
            if other.desk is desk and other.state in (HOLD, CB_WAIT):
                place += 1
        return place

    def _more_patience(self, call: Call, desk: Desk, extra: float) -> None:
        """The caller holds on *extra* seconds longer; the PBX's maximum wait still holds."""
        flow = self.flow
        call.patience += extra
        if call.patience <= desk.max_wait:
            limit, kind = call.patience, ABANDONED
        else:
            limit, kind = desk.max_wait, UNANSWERED
        call.deadline_kind = kind
        call.deadline_at = call.leg_start + limit
        flow.later(
            max(call.deadline_at - flow.clock.now, 0.0),
            flow.deadline_due,
            (call, call.leg_start, call.deadline_at),
        )

    # ------------------------------------------------------------------ calling back

    def call_back(self, call: Call, desk: Desk) -> None:
        """A callback's turn came and someone of *desk* is free: they dial the caller."""
        flow = self.flow
        agent = desk.free.first()
        assert agent is not None
        assert call.cb is not None
        assert desk.callback is not None
        desk.free.remove(agent)
        offer: Offer = call.cb
        offer.tries += 1
        trunk: Trunk | None = desk.cb_trunk or call.trunk
        assert trunk is not None
        now = flow.clock.now
        if trunk.busy >= trunk.capacity:  # no channel to dial out on: try again later
            flow.release(agent)
            self._try_later(call, desk)
            return
        trunk.busy += 1
        if trunk.busy > trunk.peak:
            trunk.peak = trunk.busy
        call.trunk = trunk
        call.seized_at = now
        call.state = CB_DIAL
        offer.agent = agent
        offer.dialled_at = now
        cb = desk.callback
        assert desk.cb_rng is not None
        if cb.reached >= 1.0 or desk.cb_rng.random() < cb.reached:
            flow.later(cb.answer_after, self._picked_up, call)
        else:
            flow.later(cb.ring, self._not_picked_up, call)

    def _picked_up(self, value: Any) -> None:
        call: Call = value
        flow = self.flow
        offer: Offer = call.cb
        agent = offer.agent
        assert agent is not None
        now = flow.clock.now
        offer.wait = now - offer.taken_at
        flow.busy(agent, offer.dialled_at, now)  # dialling and ringing is work
        agent.answered_all += 1
        call.agent = agent
        call.state = TALK
        call.outcome = CALLED_BACK
        flow.talk(call)

    def _not_picked_up(self, value: Any) -> None:
        call: Call = value
        flow = self.flow
        offer: Offer = call.cb
        agent = offer.agent
        assert agent is not None
        offer.agent = None
        flow.busy(agent, offer.dialled_at, flow.clock.now)
        flow.free_channel(call)
        desk = agent.desk
        self._try_later(call, desk)
        flow.agent_free(agent)

    def _try_later(self, call: Call, desk: Desk) -> None:
        """After a try that did not reach the caller: the next one, or the callback failed."""
        flow = self.flow
        offer: Offer = call.cb
        cb = desk.callback
        assert cb is not None
        if offer.tries >= cb.tries:
            call.state = DONE
            offer.wait = flow.clock.now - offer.taken_at
            flow.finish(call, CALLBACK_FAILED, call.wait, call.talk_before)
            return
        call.state = CB_PAUSE
        flow.later(cb.retry_after, self._retry, (call, desk))

    def _retry(self, value: Any) -> None:
        call, desk = value
        call.state = CB_WAIT
        desk.queue.appendleft(call)  # it had reached the head: it is next again
        desk.cb_waiting += 1
        self.flow.serve_queue(desk)
