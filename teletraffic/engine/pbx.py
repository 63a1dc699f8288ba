"""The PBX: departments, their staff, and the hold queue.

A department (a *desk*) is a group of people behind one or more numbers. When a call
comes in, the PBX rings free members in the order of the department's strategy. When
nobody is free, a PBX with a hold queue puts the caller on hold with music; the caller
keeps a channel of the outside line all the while, so the line's channels bound the
queue. Without a PBX (one line, one handset) there is no hold: the caller hears busy.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

import numpy as np

from teletraffic.distributions import Sampler, uniforms
from teletraffic.engine.free import FreeStaff, Listed, free_index
from teletraffic.engine.strategies import STRATEGIES, Order
from teletraffic.scenario import Department

__all__ = ["Agent", "Desk", "Transfer"]


class Agent:
    """One member of staff at one extension."""

    __slots__ = (
        "answered",
        "answered_all",
        "busy_seconds",
        "desk",
        "epoch",
        "free_since",
        "gap_hi",
        "gap_lo",
        "gone",
        "index",
        "is_free",
        "last_end",
        "level",
        "name",
        "on_shift",
        "overtime",
        "penalty",
        "position",
        "shift_ends",
        "shift_starts",
        "slot",
        "stamp",
        "talk_total",
        "win_hi",
        "win_lo",
    )

    def __init__(self, desk: Desk, index: int) -> None:
        self.desk = desk
        self.index = index
        self.name = f"{desk.name}/{index + 1}"
        self.free_since = 0.0
        self.epoch = 0
        self.is_free = False
        """In the department's index of free members (:mod:`~teletraffic.engine.free`)."""
        self.stamp = 0
        """Bumped each time the person is put in or taken out of that index."""
        self.slot = -1
        """Place in the index's array (``random``)."""
        self.on_shift = True
        self.gone = False
        """Off shift and done with their last call: not at the desk."""
        """Bumped each time the person becomes free: tells stale dial-out timers apart."""
        self.answered = 0
        """Measured calls this person answered."""
        self.answered_all = 0
        """All calls this person answered, warm-up included (what fewest_calls sees)."""
        self.last_end = -math.inf
        """When this person's last call ended (what leastrecent sees; -inf: none yet)."""
        self.talk_total = 0.0
        """Seconds this person talked, warm-up included (least talk time sees it)."""
        self.penalty = 0
        """Asterisk member penalty."""
        self.level = 1
        self.position = index + 1
        """FreeSWITCH tier level and position."""
        self.busy_seconds = 0.0
        """Talk, consult, conference and wrap-up time inside the person's shift windows."""
        self.overtime = 0.0
        """Business days: the same kinds of time outside the shift windows (after closing,
        after their shift ended)."""
        self.shift_starts: list[float] = [-math.inf]
        self.shift_ends: list[float] = [math.inf]
        """The person's measured time on shift: disjoint windows ``[start, end)`` in time
        order (set by the model; the default is all the time)."""
        self.win_lo = -math.inf
        self.win_hi = math.inf
        """One of those windows: a busy spell inside it needs no clipping (the fast path)."""
        self.gap_lo = math.inf
        self.gap_hi = -math.inf
        """A stretch between windows, once one was met: a spell inside it is all overtime."""

    def __lt__(self, other: Agent) -> bool:
        return self.index < other.index


class Transfer:
    """A rule: a share of the calls a department answers goes on to *desk*."""

    __slots__ = ("attended", "consult", "desk", "ring_back", "share", "talk")

    def __init__(
        self, desk: Desk, share: float, attended: bool, consult: float, talk: Sampler
    ) -> None:
        self.desk = desk
        self.share = share
        self.attended = attended
        """Attended: both people and the caller talk for *consult* seconds first."""
        self.consult = consult
        self.talk = talk
        """Talk time with the new department."""
        self.ring_back = False
        """Nobody free there: ring back to the first person instead of queueing."""


class Desk:
    """A department during a simulation: its staff, who is free, and its hold queue."""

    __slots__ = (
        "agents",
        "announce",
        "callback",
        "cb_rng",
        "cb_trunk",
        "cb_waiting",
        "conference_outside",
        "conference_people",
        "conference_share",
        "conference_talk",
        "conferences",
        "dial_gap",
        "dial_rates",
        "dial_streams",
        "dial_total",
        "estimates",
        "exit_to",
        "exit_voicemail",
        "fast",
        "free",
        "handle_n",
        "handle_sum",
        "hold_limit",
        "holdtime",
        "index",
        "join_empty",
        "leave_when_empty",
        "max_wait",
        "name",
        "order",
        "overflow_after",
        "overflow_from",
        "overflow_to",
        "penalties",
        "pickup",
        "pickup_delay",
        "position_estimate",
        "present",
        "progress_delay",
        "progressive",
        "queue",
        "redirect",
        "redirected_in",
        "redirected_out",
        "retry",
        "retrying",
        "ring_all",
        "ring_timeout",
        "rng",
        "rr_last",
        "tiers",
        "transfers",
        "transfers_in",
        "transfers_in_answered",
        "transfers_out",
        "uniform",
        "waiting",
        "wrap_up",
    )

    def __init__(
        self,
        dept: Department,
        index: int,
        *,
        hold_limit: int,
        max_wait: float,
        rng: np.random.Generator,
        pickup_delay: Sampler,
        wrap_up: Sampler,
    ) -> None:
        self.name = dept.name
        self.index = index
        self.agents = [Agent(self, i) for i in range(dept.staff)]
        strategy = STRATEGIES[dept.strategy]
        self.ring_all = strategy.all_at_once
        """Free members ring all at once (else one at a time)."""
        self.progressive = strategy.progressive
        """One more member joins the ringing every *progress_delay* seconds."""
        self.progress_delay = dept.ring_progressively_delay
        self.ring_timeout = dept.ring_timeout
        self.retry = dept.retry_seconds
        """Pause after a ring nobody answered before the next member is rung."""
        self.retrying = 0
        """Callers in that pause now (they count toward the hold queue's limit)."""
        self.penalties = False
        """Some member has a penalty: only the lowest penalty among the free is rung."""
        self.tiers = False
        """Some member has a tier: the order goes by level first."""
        self._members(dept)
        self.pickup = dept.pickup
        self.pickup_delay = pickup_delay
        self.wrap_up = wrap_up
        self.fast = (
            dept.pickup >= 1.0
            and dept.pickup_delay.dist == "deterministic"
            and (dept.pickup_delay.expected == 0.0)
        )
        """Rung members always pick up at once: the call goes straight to the first."""
        self.rng = rng
        self.rr_last = -1
        self._index(strategy.order, rng)
        self.hold_limit = hold_limit
        """How many callers may hold (0: no hold queue)."""
        self.max_wait = max_wait
        self.queue: deque[Any] = deque()
        """Callers on hold (:class:`~teletraffic.engine.calls.Call`), oldest first: the PBX
        keeps them, the flow of calls moves them."""
        self.present = dept.staff
        """Members on shift now."""
        self.waiting = 0
        """Callers on hold now (the queue may also hold callers who already left)."""
        self.dial_streams: list[Any] = []
        """Outbound streams its staff dial, with ``dial_rates[i][hour]`` per person per second."""
        self.dial_rates: list[list[float]] = []
        self.dial_total = 0.0
        """Highest total dial-out rate of one free person, per second."""
        self.dial_gap: Sampler | None = None
        self.transfers: list[Transfer] = []
        self.transfers_out = 0
        """Measured calls its staff passed to another department (ring-backs included)."""
        self.transfers_in = 0
        """Measured calls other departments passed to it (ring-backs included)."""
        self.transfers_in_answered = 0
        """Of those, the ones its staff answered (a call cut mid-talk included)."""
        self.conference_share = 0.0
        self.conference_people = 0
        self.conference_outside = 0
        self.conference_talk: Sampler | None = None
        self.conferences = 0
        self.redirect: Desk | None = None
        """Where calls go that nobody here picked up."""
        self._set_exits(dept)
        self._set_virtual_hold(dept)
        self.redirected_out = 0
        """Measured calls that rang out here and went on to *redirect*."""
        self.redirected_in = 0
        """Measured calls that came here by another department's redirect."""

    def _set_exits(self, dept: Department) -> None:
        self.exit_to: Desk | None = None
        """Where the PBX sends a caller it lets go (None: hang up or voicemail)."""
        self.overflow_to: Desk | None = None
        """Another department whose free people may take a caller who held here long."""
        self.overflow_after = dept.overflow.after if dept.overflow is not None else math.inf
        self.overflow_from: list[Desk] = []
        """Departments that overflow to this one."""
        self.exit_voicemail = dept.exit_to == "voicemail"
        """A caller the PBX lets go goes to voicemail."""
        self.join_empty = dept.join_empty
        """Callers may join the queue while nobody is on shift."""
        self.leave_when_empty = dept.leave_when_empty
        """Callers on hold are let go when the last person goes off shift."""

    def _set_virtual_hold(self, dept: Department) -> None:
        """Callbacks and announcements (:mod:`~teletraffic.engine.virtual_hold`)."""
        self.callback = dept.callback
        """The department's callback offer (None: no virtual hold)."""
        announce = dept.announce
        if announce is not None and not announce.leave_if_longer and not announce.patience_extra:
            announce = None  # music on hold: it changes nothing a caller does
        self.announce = announce
        """Announcements that change what callers do (None: none, or none that do)."""
        self.cb_waiting = 0
        """Callers who took a callback and wait for it in the queue (not on the line)."""
        self.cb_trunk: Any = None
        """The line callbacks go out on (None: the line each call came in on; set by build)."""
        self.cb_rng: np.random.Generator | None = None
        """Draws who takes a callback and picks it up (set by build)."""
        self.estimates = self.callback is not None or self.announce is not None
        """The PBX keeps the figures it estimates waits from."""
        self.position_estimate = dept.wait_estimate == "position"
        """Place in the queue x average handle time / people on shift (else Asterisk's)."""
        self.handle_sum = 0.0
        self.handle_n = 0
        """Talk and wrap-up of the calls its staff finished, warm-up included."""
        self.holdtime = 0.0
        """Asterisk app_queue's ``holdtime``: ``(3 x holdtime + wait) / 4`` at each answer."""

    def estimated_wait(self, position: int, waited: float) -> float:
        """The PBX's estimate of the wait still ahead of a caller at *position* (1: next)
        who has waited *waited* seconds here; 0 while it has nothing to go on.

        ``position``: *position* x average handle time / people on shift, the expected
        wait of the *position*-th caller when everyone is busy (each call ends at rate
        people / handle time). ``asterisk``: app_queue's ``holdtime`` less the time
        already waited (``say_position`` in ``apps/app_queue.c``), in seconds rather than
        the rounded minutes the caller hears.
        """
        if self.position_estimate:
            if not self.handle_n:
                return 0.0
            if self.present <= 0:
                return math.inf
            return position * (self.handle_sum / self.handle_n) / self.present
        left = self.holdtime - waited
        return left if left > 0.0 else 0.0

    def _members(self, dept: Department) -> None:
        """Each member's Asterisk penalty or FreeSWITCH tier, as the department lists them."""
        members = dept.members or []
        for agent, member in zip(self.agents, members, strict=False):
            agent.penalty = member.penalty
            if member.level is not None:
                agent.level = member.level
            if member.position is not None:
                agent.position = member.position
        self.penalties = any(m.penalty for m in members)
        self.tiers = any(m.level is not None or m.position is not None for m in members)

    def _index(self, order: Order, rng: np.random.Generator) -> None:
        """The free members, indexed for the strategy (:mod:`~teletraffic.engine.free`),
        and the uniform draws of the department's stream (who picks up, who is rung at
        random, which transfer, ...), drawn ahead unless the strategy's own order draws
        from *rng* itself."""
        self.uniform: Sampler = uniforms(rng)
        self.free: FreeStaff = free_index(self, order, self.agents)
        if isinstance(self.free, Listed):
            self.uniform = rng.random

    def pick_transfer(self) -> Transfer | None:
        """After a call, the transfer rule it follows (each with its share), or None."""
        u = self.uniform()
        for rule in self.transfers:
            u -= rule.share
            if u < 0.0:
                return rule
        return None

    def give_back(self, agent: Agent, now: float) -> None:
        """Mark *agent* as free again."""
        agent.free_since = now
        agent.epoch += 1
        self.free.add(agent)
