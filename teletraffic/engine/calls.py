"""The life of a call, from the first ring of the outside line to its one outcome.

An inbound attempt goes through these steps:

1. A mobile line may fail to connect it (``no_coverage``).
2. It needs a free channel of the line, else the caller hears ``busy``.
3. The PBX (or the one handset) rings free members of the routed department. A rung
   person picks up with the department's *pickup* chance after its *pickup_delay*;
   otherwise the next free member is rung after the ring timeout.
4. With nobody free, a PBX with a hold queue puts the caller on hold (the channel stays
   taken); a full queue gives ``queue_full``; no PBX gives ``busy``.
5. On hold, the caller hangs up after their patience (``abandoned``) or is let go after
   the PBX's maximum wait (``unanswered``). When every free member was rung and nobody
   picked up, a PBX with a hold queue keeps ringing; otherwise the call rang out
   (``unanswered``).
6. Answered, it talks for its talk time (``answered``); a mobile line may cut it
   (``dropped``). The person then does the wrap-up and is free again.

Every attempt ends in exactly one :class:`~teletraffic.records.Outcome`. A caller who
did not get through may redial: a new attempt of the same caller.

Events are callbacks scheduled on the clock (:class:`~.simpy_adapter.Clock`: SimPy's
heap and order of events) rather than one generator process per call: the same event
semantics at a fraction of the cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from teletraffic.engine.lines import Trunk
from teletraffic.engine.pbx import Agent, Desk, Transfer
from teletraffic.engine.record import Observer
from teletraffic.engine.simpy_adapter import Clock
from teletraffic.engine.streams import StreamRuntime
from teletraffic.engine.windows import channel_busy, gap_around, seconds_inside
from teletraffic.records import CallRecord, Outcome, PartRecord

__all__ = ["Call", "Flow", "Handoff"]

ANSWERED = Outcome.ANSWERED
BUSY = Outcome.BUSY
QUEUE_FULL = Outcome.QUEUE_FULL
ABANDONED = Outcome.ABANDONED
UNANSWERED = Outcome.UNANSWERED
NO_COVERAGE = Outcome.NO_COVERAGE
DROPPED = Outcome.DROPPED
PLACED = Outcome.PLACED
BLOCKED = Outcome.BLOCKED
VOICEMAIL = Outcome.VOICEMAIL
CALLED_BACK = Outcome.CALLED_BACK
CALLBACK_FAILED = Outcome.CALLBACK_FAILED
_WITH_STAFF = (ANSWERED, DROPPED, PLACED, CALLED_BACK)
"""Outcomes where someone of the staff talked (the record names them)."""

# call states; the last three: a callback taken, waiting in the queue, being dialled,
# or in the pause before its next try (:mod:`~teletraffic.engine.virtual_hold`)
NEW, RINGING, HOLD, TALK, DONE, RETRY, CB_WAIT, CB_DIAL, CB_PAUSE = range(9)


class Handoff:
    """What a call carries once it went from one department to another (rare path).

    A department's figures count each call that reached it once, with the outcome *it*
    saw: the department that answered a call and transferred it counts it answered, the
    one whose ring group it rang out of before a redirect counts it unanswered, the one
    it was passed to counts the outcome there. The attempt itself still has one outcome,
    its last.
    """

    __slots__ = ("closed", "first", "passed", "prior_wait", "via")

    def __init__(self) -> None:
        self.passed = 0
        """Transfers the call went through so far (capped by the PBX's ``max_transfers``)."""
        self.prior_wait = 0.0
        """Wait in the departments before the current one."""
        self.first: Agent | None = None
        """Who answered the call first (the person who transferred it), if anyone."""
        self.via = 0
        """How the call reached its current department: 1 transfer, 2 redirect."""
        self.closed = False
        """The current department's part is already counted (a transfer that rang back)."""


class Call:
    """One call attempt in flight."""

    __slots__ = (
        "agent",
        "armed",
        "arrival",
        "attempt",
        "caller",
        "cb",
        "conference",
        "deadline_at",
        "deadline_kind",
        "desk",
        "extra_channels",
        "handoff",
        "leg_start",
        "measured",
        "outcome",
        "outside_talk",
        "patience",
        "redirected",
        "ring_until",
        "ringing",
        "seized_at",
        "state",
        "stream",
        "talk",
        "talk_before",
        "tried",
        "trunk",
        "wait",
        "wait_before",
    )

    ring_until: float
    """ring-progressively: when the current round of rings ends (set when it starts)."""

    def __init__(
        self,
        stream: StreamRuntime,
        caller: int,
        attempt: int,
        arrival: float,
        talk: float,
        patience: float,
        measured: bool,
    ) -> None:
        self.stream = stream
        self.trunk: Trunk | None = stream.trunk
        self.desk: Desk = stream.desk
        """The department the call is with now (it changes on a transfer)."""
        self.leg_start = arrival
        """When the current leg began: the arrival, or the moment of a transfer."""
        self.wait_before = 0.0
        self.talk_before = 0.0
        """Wait and talk of the legs before a transfer."""
        self.conference: list[Agent] | None = None
        self.deadline_at = math.inf
        """When the caller hangs up or the PBX lets them go (inf: never)."""
        self.redirected = False
        self.seized_at = arrival
        """When the call took its channel of the outside line."""
        self.extra_channels = 0
        self.outside_talk = 0.0
        """Seconds outside conference participants talked, summed over them."""
        """Channels held by outside conference participants."""
        self.handoff: Handoff | None = None
        """Set when the call moves to another department (transfer, redirect)."""
        self.cb: Any = None
        """Set when a callback was offered (:class:`~.virtual_hold.Offer`)."""
        self.caller = caller
        self.attempt = attempt
        self.arrival = arrival
        self.talk = talk
        self.patience = patience
        self.measured = measured
        self.state = NEW
        self.armed = False
        self.agent: Agent | None = None
        self.ringing: list[Agent] = []
        self.tried: set[int] | None = None
        self.wait = 0.0
        self.outcome = ANSWERED
        self.deadline_kind = ANSWERED


class Flow:
    """Moves calls through lines, PBX and staff; owns the SimPy environment's callbacks."""

    def __init__(
        self,
        clock: Clock,
        *,
        observer: Observer,
        warmup: float,
        end: float,
        line_rng: dict[int, np.random.Generator],
        trunks: list[Trunk] | None = None,
        open_hours: tuple[float, float] | None = None,
    ) -> None:
        self.clock = clock
        self.later = clock.later
        """Schedule a callback (:meth:`Clock.later`): runs two or three times per call."""
        self.observer = observer
        """Receives a record of every attempt as it ends (and departments' parts)."""
        self.emit = observer.attempt
        self.count: Callable[..., int] | None = getattr(observer, "ended", None)
        """The observer's way in without a record, if it has one
        (:meth:`teletraffic.tally.Tally.count`): used for the attempts without a callback
        offer or outside conference legs; the others, and every attempt when it is None
        (a call log, another observer), go out as a :class:`CallRecord`."""
        self.enter = observer.arrival
        self.warmup = warmup
        self.end = end
        self.line_rng = line_rng
        self.next_caller = 0
        self.callers = 0
        """Measured distinct inbound callers (first attempts)."""
        self.first_measured = -1
        """The first caller whose first attempt came after the warm-up (ids grow in time)."""
        self.trunks = trunks or []
        self.desks: list[Desk] = []
        self.open_hours = open_hours
        """Daily (open, close) in seconds for business-day runs; None for steady state."""
        self.arm_dial: Callable[[Agent], None] = self._no_dialling
        """Start a free person's dial-out timer (set by :class:`~.outbound.Dialler`)."""
        self.transfer: Callable[[Call, Agent, Transfer, float], None] = self._no_transfers
        """Pass an answered caller on (set by :class:`~.transfers.Transfers`)."""
        self.conference_start: Callable[[Call, Agent], None] = self._no_conferences
        self.conference_end: Callable[[Call], None] = self._no_conferences
        """Start and end a conference (set by :class:`~.conferences.Conferences`)."""
        self.transfer_to: Callable[[Call, Desk, Desk], None] = self._no_moves
        self.overflow_watch: Callable[[Call, Desk], None] = self._no_moves
        self.overflow_pull: Callable[[Desk], None] = self._no_moves
        """Send a waiting caller to another department (set by :class:`~.transfers.Transfers`)."""
        self.ring_progressively: Callable[[Call, Desk, list[Agent]], None] = self._no_progressive
        """Ring one more member every few seconds (set by :class:`~.progressive.Progressive`)."""
        self.held: Callable[[Call, Desk], None] = self._no_virtual_hold
        self.call_back: Callable[[Call, Desk], None] = self._no_virtual_hold
        """A caller joined a queue that offers callbacks or announces; a callback's turn
        came (set by :class:`~.virtual_hold.VirtualHold`)."""
        self.set_shift: Callable[[Any], None] = self._no_shifts
        self.let_go: Callable[..., None] = self._no_shifts
        """Shift changes, and letting callers go when nobody will answer (set by
        :class:`~.shifts.Shifts`)."""
        self.max_transfers = 10
        """Transfers one call may go through; then the person who has it ends it."""

    # ------------------------------------------------------------------ arrival

    def arrive(self, stream: StreamRuntime, now: float, caller: int = -1, attempt: int = 1) -> None:
        """An inbound attempt reaches its line now: a first call (a new caller), a
        source's call, or, with *attempt* > 1, a redial of *caller*."""
        measured = now >= self.warmup
        if caller < 0:
            caller = self.next_caller
            self.next_caller += 1
            if measured:
                self.callers += 1
                if self.first_measured < 0:
                    self.first_measured = caller
        if attempt == 1:
            talk = stream.talk()
            patience = stream.patience() if stream.patience is not None else math.inf
        else:
            talk = stream.redial_talk()
            patience = stream.redial_patience() if stream.redial_patience is not None else math.inf
        call = Call(stream, caller, attempt, now, talk, patience, measured)
        self.enter(stream.index, stream.desk.index, now, measured)
        trunk = stream.trunk
        assert trunk is not None
        if trunk.coverage < 1.0 and self.line_rng[trunk.index].random() >= trunk.coverage:
            self.finish(call, NO_COVERAGE, 0.0, 0.0)
            return
        if trunk.busy >= trunk.capacity:
            self.finish(call, BUSY, 0.0, 0.0)
            return
        trunk.busy += 1
        if trunk.busy > trunk.peak:
            trunk.peak = trunk.busy
        self.offer(call, stream.desk)  # it took its channel now (call.seized_at)

    def offer(self, call: Call, desk: Desk) -> None:
        """Ring a free member of *desk*, or put the caller on hold, or turn them away."""
        free = desk.free
        if free.count:
            if desk.fast:
                agent = free.first()
                assert agent is not None
                free.remove(agent)
                self.answer(call, agent)
            else:
                self._arm_deadline(call)
                self.ring(call, desk)
            return
        if desk.waiting + desk.retrying < desk.hold_limit:
            if desk.present == 0 and not desk.join_empty:  # nobody at the desk: no joining
                self.exit_queue(call)
                return
            self._arm_deadline(call)
            call.state = HOLD
            desk.queue.append(call)
            desk.waiting += 1
            if desk.overflow_to is not None:
                self.overflow_watch(call, desk)
            if desk.estimates:
                self.held(call, desk)
            return
        self.free_channel(call)
        self.finish(call, QUEUE_FULL if desk.hold_limit > 0 else BUSY, 0.0, 0.0)

    def free_channel(self, call: Call) -> None:
        """The call gives back its channel and adds the time it held it (in open hours)."""
        trunk = call.trunk
        assert trunk is not None
        trunk.busy -= 1
        now = self.clock.now
        seized = call.seized_at
        if seized >= trunk.win_lo and now <= trunk.win_hi:
            trunk.busy_seconds += now - seized
        else:
            channel_busy(trunk, seized, now, 1)

    def _arm_deadline(self, call: Call) -> None:
        """Once per attempt: the caller's patience or the PBX's maximum wait, whichever first."""
        if call.armed:
            return
        call.armed = True
        desk = call.desk
        patience, max_wait = call.patience, desk.max_wait
        if patience <= max_wait:
            limit, kind = patience, ABANDONED
        else:
            limit, kind = max_wait, UNANSWERED
        if limit < math.inf:
            call.deadline_kind = kind
            call.deadline_at = call.leg_start + limit
            waited = self.clock.now - call.leg_start
            due = (call, call.leg_start, call.deadline_at)
            self.later(max(limit - waited, 0.0), self.deadline_due, due)
        else:  # no limit here: a deadline left from an earlier leg no longer holds
            call.deadline_at = math.inf

    def deadline_due(self, value: Any) -> None:
        call, leg, at = value
        if leg != call.leg_start or at != call.deadline_at:
            return  # set for an earlier leg of a transferred call, or moved since
        state = call.state
        if state == HOLD:
            call.desk.waiting -= 1  # it stays in the deque until it reaches the head
        elif state == RINGING:
            self._stop_ringing(call, None)
        elif state == RETRY:
            call.desk.retrying -= 1
        else:
            return
        desk = call.desk
        if call.deadline_kind == UNANSWERED:  # the maximum wait: the PBX lets them go
            self.exit_queue(call)
        else:
            self.free_channel(call)
            wait = call.wait_before + self.clock.now - call.leg_start
            self.finish(call, call.deadline_kind, wait, call.talk_before)
        if state == RINGING:
            self.serve_queue(desk)  # the members it rang are free for the next caller

    def exit_queue(self, call: Call) -> None:
        """The PBX lets the caller go (maximum wait, nobody on shift): to the department's
        *exit_to*: another department (a new leg there; the caller's patience runs on),
        voicemail (``voicemail``), or it hangs up (``unanswered``)."""
        desk = call.desk
        now = self.clock.now
        target = desk.exit_to
        if target is None:
            self.free_channel(call)
            wait = call.wait_before + now - call.leg_start
            self.finish(
                call, VOICEMAIL if desk.exit_voicemail else UNANSWERED, wait, call.talk_before
            )
            return
        self.transfer_to(call, desk, target)

    # ------------------------------------------------------------------ ringing

    def ring(self, call: Call, desk: Desk) -> None:
        """Ring the next free, not yet tried member(s) of *desk* in strategy order."""
        tried = call.tried
        if desk.ring_all:
            order = desk.free.ordered()
            if tried:
                order = [a for a in order if a.index not in tried]
        else:
            first = desk.free.first(tried)
            order = [] if first is None else [first]
        if not order:
            self._rang_out(call, desk)
            return
        call.state = RINGING
        if desk.progressive:
            self.ring_progressively(call, desk, order)
            return
        uniform = desk.uniform
        pickup = desk.pickup
        timeout = desk.ring_timeout
        rung = order
        winner: Agent | None = None
        best = timeout
        for agent in rung:
            desk.free.remove(agent)
            if pickup >= 1.0 or uniform() < pickup:
                delay = desk.pickup_delay()
                if delay < best or (winner is None and delay <= best):
                    winner, best = agent, delay
        call.ringing = rung
        call.agent = winner
        if not desk.ring_all:
            desk.rr_last = rung[0].index  # round robin goes on after whoever was rung
        self.later(best, self._ring_end, call)

    def _ring_end(self, value: Any) -> None:
        call: Call = value
        if call.state != RINGING:
            return
        self.rung(call)

    def rung(self, call: Call) -> None:
        """The ring is over: the winner answers, or the next member is tried."""
        winner = call.agent
        desk = call.desk
        if winner is not None:
            self._stop_ringing(call, winner)
            self.answer(call, winner)
            self.serve_queue(desk)
            return
        if call.tried is None:
            call.tried = set()
        call.tried.update(a.index for a in call.ringing)
        self._stop_ringing(call, None)
        if desk.retry > 0.0:  # Asterisk: wait `retry` seconds before the next ring
            call.state = RETRY
            desk.retrying += 1
            self.later(desk.retry, self._retried, (call, call.leg_start))
        else:
            self.ring(call, desk)
        self.serve_queue(desk)

    def _retried(self, value: Any) -> None:
        call, leg = value
        if call.state != RETRY or leg != call.leg_start:
            return  # the caller hung up or was let go in the pause
        desk = call.desk
        desk.retrying -= 1
        self.ring(call, desk)

    def _stop_ringing(self, call: Call, keep: Agent | None) -> None:
        for agent in call.ringing:
            if agent is not keep:
                self.release(agent)
        call.ringing = []

    def _rang_out(self, call: Call, desk: Desk) -> None:
        """Every free member was rung and nobody picked up."""
        if desk.redirect is not None and not call.redirected:
            # once: a redirect never loops. The caller starts a new leg there, like a
            # caller the PBX sends on (Asterisk: the ring group's no-answer destination
            # is a Queue() whose timeout counts from entering it); the patience runs on.
            call.redirected = True
            self.transfer_to(call, desk, desk.redirect)
            return
        # a PBX with a hold queue keeps ringing the group until the caller hangs up or
        # the PBX's maximum wait; with neither, the call has rung out
        keeps_ringing = desk.hold_limit > 0 and call.deadline_at < math.inf
        if keeps_ringing and desk.free:
            call.tried = None
            self.ring(call, desk)
            return
        if keeps_ringing and desk.waiting + desk.retrying < desk.hold_limit:
            call.tried = None
            call.state = HOLD
            desk.queue.appendleft(call)
            desk.waiting += 1
            if desk.overflow_to is not None:
                self.overflow_watch(call, desk)
            return
        self.free_channel(call)
        wait = call.wait_before + self.clock.now - call.leg_start
        self.finish(call, UNANSWERED, wait, call.talk_before)

    # ------------------------------------------------------------------ talk

    def answer(self, call: Call, agent: Agent) -> None:
        """*agent* picks up: the conversation starts."""
        call.state = TALK
        call.agent = agent
        desk = agent.desk
        desk.rr_last = agent.index
        agent.answered_all += 1
        now = self.clock.now
        call.wait = call.wait_before + now - call.leg_start
        if desk.estimates:  # app_queue's recalc_holdtime: an exponential average, 1/4
            desk.holdtime = (3.0 * desk.holdtime + now - call.leg_start) / 4.0
        if desk.conference_share > 0.0 and desk.uniform() < desk.conference_share:
            self.conference_start(call, agent)
        self.talk(call)

    def talk(self, call: Call) -> None:
        """The conversation of *call* (inbound or outbound) runs; a mobile line may cut it."""
        talk = call.talk
        trunk = call.trunk
        if trunk is None:  # an internal call: extensions only
            call.outcome = ANSWERED
            self.later(talk, self._hang_up, call)
            return
        if not call.stream.inbound:
            call.outcome = PLACED
        if trunk.drop_per_second > 0.0:
            cut = self.line_rng[trunk.index].exponential(1.0 / trunk.drop_per_second)
            if cut < talk:
                talk = cut
                call.talk = cut
                call.outcome = DROPPED
        self.later(talk, self._hang_up, call)

    def _hang_up(self, value: Any) -> None:
        call: Call = value
        agent = call.agent
        assert agent is not None
        desk = agent.desk
        trunk = call.trunk
        wrap = desk.wrap_up()
        agent.last_end = self.clock.now
        agent.talk_total += call.talk
        if desk.estimates:
            desk.handle_sum += call.talk + wrap
            desk.handle_n += 1
        if call.measured and call.stream.inbound:
            agent.answered += 1
        if call.conference is not None:
            self.conference_end(call)
        if (
            call.outcome == ANSWERED
            and desk.transfers
            and call.stream.inbound
            and (call.handoff is None or call.handoff.passed < self.max_transfers)
        ):
            rule = desk.pick_transfer()
            if rule is not None:
                self.transfer(call, agent, rule, wrap)
                return
        now = self.clock.now
        talk = call.talk
        done = now + wrap
        seized = call.seized_at  # the talk began no earlier
        if seized >= agent.win_lo and done <= agent.win_hi:  # all of it on shift
            agent.busy_seconds += talk + wrap
        else:
            self.busy(agent, now - talk, done)
        if trunk is not None:
            trunk.busy -= 1
            if seized >= trunk.win_lo and now <= trunk.win_hi:
                trunk.busy_seconds += now - seized
            else:
                channel_busy(trunk, seized, now, 1)
        self.finish(call, call.outcome, call.wait, call.talk_before + talk)
        if wrap > 0.0:  # after_call(), written out
            self.later(wrap, self.agent_free, agent)
        else:
            self.agent_free(agent)

    def busy(self, agent: Agent, start: float, end: float) -> None:
        """*agent* was busy from *start* to *end*: the part on shift counts as busy time.

        Busy time is clipped to the person's shift windows, so occupancy (busy time on
        shift / time on shift) never exceeds 1. On business days the rest (a call still
        running after closing or after their shift ended) is overtime.
        """
        if start >= agent.win_lo and end <= agent.win_hi:
            agent.busy_seconds += end - start
            return
        days = self.open_hours is not None
        if start >= agent.gap_lo and end <= agent.gap_hi:  # all of it off shift
            if days:
                agent.overtime += end - start
            return
        starts, ends = agent.shift_starts, agent.shift_ends
        inside, k = seconds_inside(starts, ends, start, end)
        agent.busy_seconds += inside
        if days:
            agent.overtime += (end - start) - inside
        if k < len(starts):
            agent.win_lo, agent.win_hi = starts[k], ends[k]
        if inside == 0.0:
            agent.gap_lo, agent.gap_hi = gap_around(starts, ends, start)

    def after_call(self, agent: Agent, wrap: float) -> None:
        if wrap > 0.0:
            self.later(wrap, self.agent_free, agent)
        else:
            self.agent_free(agent)

    def part(self, call: Call, desk: Desk, outcome: int, wait: float, talk: float) -> None:
        """*desk*'s part in a measured call that moves on (or came from elsewhere)."""
        self.observer.part(
            PartRecord(call.stream.index, desk.index, call.arrival, outcome, wait, talk)
        )

    def agent_free(self, agent: Agent) -> None:
        """*agent* is free: give them the longest waiting caller, if any."""
        desk = agent.desk
        if agent.on_shift:  # what release() does, written out: once per call
            agent.free_since = self.clock.now
            agent.epoch += 1
            desk.free.add(agent)
            if desk.dial_total > 0.0:
                self.arm_dial(agent)
        else:
            agent.gone = True  # their shift ended during the call: they leave now
        if desk.waiting or desk.cb_waiting:
            self.serve_queue(desk)
        elif desk.overflow_from:
            self.overflow_pull(desk)

    def serve_queue(self, desk: Desk) -> None:
        """Offer waiting callers to free members while both exist."""
        queue = desk.queue
        while desk.free.count and (desk.waiting or desk.cb_waiting):
            call: Call = queue.popleft()
            if call.desk is not desk:
                continue  # it holds elsewhere now
            state = call.state
            if state == HOLD:
                desk.waiting -= 1
                call.state = NEW
                self.offer(call, desk)
            elif state == CB_WAIT:  # a callback's turn: a person calls them back
                desk.cb_waiting -= 1
                self.call_back(call, desk)
            # else it left

    # ------------------------------------------------------------------ the end

    def finish(self, call: Call, outcome: int, wait: float, talk: float) -> None:
        """The attempt ends in *outcome*: maybe the caller redials; it is counted."""
        call.state = DONE
        stream = call.stream
        redial = stream.redial_p > 0.0 and self._redials(call, outcome)
        handoff = call.handoff
        if handoff is not None and call.measured and not handoff.closed:
            self._last_part(call, handoff, outcome, wait)
        count = self.count
        if count is not None and call.cb is None and not call.outside_talk:
            if call.measured:  # counted without a record (the observer's way in)
                count(
                    stream.index,
                    call.desk.index,  # department
                    stream.desk.index,  # called
                    call.arrival,
                    outcome,
                    wait,
                    talk,
                    handoff is not None,  # moved
                    redial,
                    call.attempt,
                    call.caller,
                    # caller_measured: a caller first seen in the warm-up is not counted
                    call.attempt == 1 or 0 <= self.first_measured <= call.caller,
                )
        else:
            self.emit(self._record(call, outcome, wait, talk, redial))
        if not redial and stream.sources:
            self.source_idle(stream)

    def _redials(self, call: Call, outcome: int) -> bool:
        """Whether the caller of an attempt that ended in *outcome* calls again (then
        the redial is scheduled, in opening hours)."""
        stream = call.stream
        if (
            outcome in stream.redial_on
            and call.attempt < stream.redial_max
            and stream.redial_rng is not None
            and stream.redial_rng.random() < stream.redial_p
        ):
            assert stream.redial_after is not None
            now = self.clock.now
            when = self.next_open(now + stream.redial_after())
            if when is not None:  # a redial after closing waits for the next opening
                self.later(when - now, self._redial, (call.stream, call.caller, call.attempt + 1))
                return True
        return False

    def _record(
        self, call: Call, outcome: int, wait: float, talk: float, redial: bool
    ) -> CallRecord:
        """The attempt's record, for the call log or an observer without a way in."""
        stream, handoff, offer = call.stream, call.handoff, call.cb
        agent = call.agent  # who answered, or who dialled out (even if it failed)
        if agent is not None and stream.inbound and outcome not in _WITH_STAFF:
            agent = None  # rung, but did not talk
        first = agent if handoff is None or handoff.first is None else handoff.first
        trunk = call.trunk
        return CallRecord(  # by position, in the order of its fields: keywords cost time
            call.caller,
            call.attempt,
            stream.index,
            trunk.index if trunk is not None else -1,  # line
            call.arrival,
            wait,
            talk,
            call.outside_talk,
            outcome,
            call.desk.index,  # department
            stream.desk.index,  # called
            handoff is not None,  # moved
            agent.desk.index if agent is not None else -1,  # staff_department
            agent.index if agent is not None else -1,  # staff
            first.desk.index if first is not None else -1,  # first_department
            first.index if first is not None else -1,  # first_staff
            call.measured,
            redial,
            # caller_measured: a caller first seen in the warm-up is not counted
            call.measured if call.attempt == 1 else 0 <= self.first_measured <= call.caller,
            0 if offer is None else (2 if offer.taken else 1),  # callback
            0.0 if offer is None else offer.wait,  # callback_wait
        )

    def _last_part(self, call: Call, handoff: Handoff, outcome: int, wait: float) -> None:
        """The part of the department where a call that changed department ended."""
        talked = outcome in (ANSWERED, DROPPED, CALLED_BACK)
        here = wait - handoff.prior_wait  # the wait in this department
        talk_here = call.talk if talked else 0.0
        self.part(call, call.desk, outcome, here if here > 0.0 else 0.0, talk_here)
        if talked and handoff.via == 1:
            call.desk.transfers_in_answered += 1

    def _redial(self, value: Any) -> None:
        stream, caller, attempt = value
        self.arrive(stream, self.clock.now, caller, attempt)

    # ------------------------------------------------------------------ finite sources

    def source_idle(self, stream: StreamRuntime) -> None:
        """A finite-source caller is idle again: their next call comes after a random gap."""
        assert stream.source_gap is not None
        gap = stream.source_gap()
        if self.clock.now + gap < self.end:
            self.later(gap, self._source_calls, stream)

    def _source_calls(self, value: Any) -> None:
        stream: StreamRuntime = value
        self.arrive(stream, self.clock.now)

    # ------------------------------------------------------------------ free again

    def release(self, agent: Agent) -> None:
        """*agent* is free again; a person who dials out starts their next dial-out timer."""
        if not agent.on_shift:
            agent.gone = True  # their shift ended during the call: they leave now
            return
        agent.desk.give_back(agent, self.clock.now)
        if agent.desk.dial_total > 0.0:
            self.arm_dial(agent)

    def _no_transfers(self, call: Call, agent: Agent, rule: Transfer, wrap: float) -> None:
        raise RuntimeError(f"{agent.desk.name} passes calls on, but no Transfers was set up")

    def _no_conferences(self, call: Call, agent: Agent | None = None) -> None:
        raise RuntimeError("a call became a conference, but no Conferences was set up")

    def _no_moves(self, *args: object) -> None:
        raise RuntimeError("a caller moves between departments, but no Transfers was set up")

    def _no_progressive(self, call: Call, desk: Desk, order: list[Agent]) -> None:
        raise RuntimeError(f"{desk.name} rings progressively, but no Progressive was set up")

    def _no_virtual_hold(self, call: Call, desk: Desk) -> None:
        raise RuntimeError(f"{desk.name} offers callbacks, but no VirtualHold was set up")

    def _no_shifts(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("a shift changed or callers were let go, but no Shifts was set up")

    def _no_dialling(self, agent: Agent) -> None:
        raise RuntimeError(f"{agent.desk.name} dials out, but no Dialler was set up")

    def next_open(self, t: float) -> float | None:
        """*t* if the office is open then, else when it next opens; None after the run."""
        if t >= self.end:
            return None
        if self.open_hours is None:
            return t
        opens, closes = self.open_hours
        day = int(t // 86400.0)
        tod = t - day * 86400.0
        if tod < opens:
            return day * 86400.0 + opens
        if tod >= closes:
            nxt = (day + 1) * 86400.0 + opens
            return nxt if nxt < self.end else None
        return t
