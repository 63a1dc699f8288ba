"""Who rings when a call comes to a department: the PBX's distribution strategy.

Every strategy is an order, a function with one signature: it takes the department's
free members (in list order) and the department, and returns them in the order they are
to be rung. The engine (:meth:`teletraffic.engine.calls.Flow.ring`) then rings the first
of them for the ring timeout, or all of them at once (*all_at_once*), or one more every
few seconds while the earlier ones keep ringing (*progressive*).

The names are those of the two PBXs people run, and ours of the first edition, which
stay as aliases where they mean the same:

========================== ============================ =====================================
Asterisk (``app_queue``)   FreeSWITCH (``callcenter``)  ours (first edition)
========================== ============================ =====================================
``ringall``                ``ring-all``                 ``ring_all``
``linear``                 ``top-down``,                ``linear``
                           ``sequentially-by-agent-
                           order``
``rrmemory``,              ``round-robin``              ``round_robin``
``rrordered``
``leastrecent``            ``longest-idle-agent``       (``longest_idle`` differs, see below)
``fewestcalls``            ``agent-with-fewest-calls``  ``fewest_calls``
``random``                 ``random``                   ``random``
``wrandom``                ..                           ..
..                         ``agent-with-least-talk-     ..
                           time``
..                         ``ring-progressively``       ..
========================== ============================ =====================================

Sources read (2026 snapshots): Asterisk ``apps/app_queue.c`` (``calc_metric`` gives each
member a metric, lowest first, with ``penalty * 1000000`` added for every strategy but
``wrandom``; ``ring_one`` rings the best, or for ``ringall`` every member sharing the
best metric; ``store_next_rr`` / ``store_next_lin`` keep the round-robin position per
queue / the linear one per caller; ``update_queue`` sets a member's ``lastcall`` and
``calls`` when a call ends; ``DEFAULT_RETRY`` 5 s, ``wait_a_bit``), and FreeSWITCH
``src/mod/applications/mod_callcenter/mod_callcenter.c`` (``members_callback`` orders
the agents by ``level`` first, then by the strategy's key, then ``position``;
``agents_callback`` rings one agent, or for ``ring-all`` all of them, or for
``ring-progressively`` one more every ``ring-progressively-delay`` seconds, default 10).

What every strategy shares (the tests in ``tests/engine/test_strategy_semantics.py`` pin each
sentence):

* **Who is rung**: only *free* members: a member on a call, ringing for another caller,
  in wrap-up, off shift or dialling out is skipped (Asterisk's ``ringinuse=no`` and
  wrap-up check in ``is_member_available``; FreeSWITCH's agent state ``Waiting`` and
  ``wrap-up-time``).
* **Penalties** (Asterisk names only): only the free members with the lowest penalty
  are rung; a higher penalty is rung only while every lower one is busy. ``wrandom`` is
  the exception: there the penalty is a weight (the metric is uniform on
  ``0..(1 + penalty) * 1000``).
* **Tiers** (FreeSWITCH names only): agents are ordered by tier ``level`` first, the
  strategy's key second and tier ``position`` last; with the default
  ``tier-rules-apply = false`` every level may be rung, a higher level after the lower.
* **Ties** break by list order (``position``, for tiers).
* **On a ring timeout** the member rung is released and the call goes on with the next
  member in the order who has not been rung for this caller yet, after the department's
  *retry* pause (Asterisk: 5 s by default; FreeSWITCH and our names: none). When every
  free member was rung, a call that may wait (a hold queue and a patience or maximum
  wait) starts again from the first; otherwise it rang out (``unanswered``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

import numpy as np

__all__ = ["ASTERISK", "FREESWITCH", "OURS", "STRATEGIES", "Group", "Member", "Order", "Strategy"]


class Member(Protocol):
    """What a strategy reads of a member of staff (:class:`teletraffic.engine.pbx.Agent`)."""

    index: int
    """Place in the department's list, from 0."""
    free_since: float
    """When the member last became free."""
    answered_all: int
    """Calls the member answered so far, warm-up included."""
    last_end: float
    """When the member's last call ended (-inf: none yet)."""
    talk_total: float
    """Seconds the member talked so far, warm-up included."""
    penalty: int
    """Asterisk member penalty (0 unless given)."""
    level: int
    """FreeSWITCH tier level (1 unless given)."""
    position: int
    """FreeSWITCH tier position (place in the list, from 1, unless given)."""


class Group(Protocol):
    """What a strategy reads of a department (:class:`teletraffic.engine.pbx.Desk`)."""

    rr_last: int
    """Index of the member rung last (-1: nobody yet)."""
    rng: np.random.Generator
    """The department's own random stream."""
    penalties: bool
    """Some member has a penalty other than 0."""
    tiers: bool
    """Some member has a tier level or position of its own."""
    agents: list[Any]
    """Every member, in list order."""


M = TypeVar("M", bound=Member)

Order = Callable[[list[Any], Group], list[Any]]
"""A strategy: ``(free members in list order, department) -> members in ringing order``."""


def _lowest_penalty(free: list[M], desk: Group) -> list[M]:
    """Asterisk: the free members sharing the lowest penalty (``calc_metric``)."""
    if not desk.penalties or len(free) < 2:
        return free
    low = min(a.penalty for a in free)
    return [a for a in free if a.penalty == low]


def _by_tier(free: list[M]) -> list[M]:
    """FreeSWITCH: by tier level, then position (``ORDER BY level, position``)."""
    return sorted(free, key=lambda a: (a.level, a.position, a.index))


def linear(free: list[M], desk: Group) -> list[M]:
    """Top of the list first: every caller starts at the first free member.

    Asterisk ``linear`` (metric = position in the list, per caller: ``qe->linpos``),
    FreeSWITCH ``top-down`` and ``sequentially-by-agent-order`` (``level, position``).
    """
    free = _lowest_penalty(free, desk)
    return _by_tier(free) if desk.tiers else free


def ring_all(free: list[M], desk: Group) -> list[M]:
    """All at once; list order breaks ties between equally fast pick-ups.

    Asterisk ``ringall`` rings every member sharing the best metric, i.e. the lowest
    penalty (``ring_one``); FreeSWITCH ``ring-all`` every available agent.
    """
    free = _lowest_penalty(free, desk)
    return _by_tier(free) if desk.tiers else free


def round_robin(free: list[M], desk: Group) -> list[M]:
    """Starting after the member rung last, wrapping around; the memory is the queue's.

    Asterisk ``rrmemory`` / ``rrordered`` (``q->rrpos``, moved past the member who
    answered by ``store_next_rr``); FreeSWITCH ``round-robin``: first the agents of the
    same level as the one last offered a call with a higher position, then all by
    level and position.
    """
    free = _lowest_penalty(free, desk)
    last = desk.rr_last
    if desk.tiers and last >= 0:
        prev = desk.agents[last]
        return sorted(
            free,
            key=lambda a: (
                0 if a.level == prev.level and a.position > prev.position else 1,
                a.level,
                a.position,
                a.index,
            ),
        )
    if desk.tiers:
        return _by_tier(free)
    for i, agent in enumerate(free):
        if agent.index > last:
            return free[i:] + free[:i]
    return free


def longest_idle(free: list[M], desk: Group) -> list[M]:
    """The member free the longest first (ours; free since the end of the wrap-up or of
    a ring nobody answered, unlike Asterisk's ``leastrecent``)."""
    return sorted(free, key=lambda a: (a.free_since, a.index))


def least_recent(free: list[M], desk: Group) -> list[M]:
    """The member whose last call *ended* longest ago first; never called: first of all.

    Asterisk ``leastrecent`` (metric ``1000000 - (now - lastcall)``, 0 before any call;
    ``lastcall`` is set when a call ends, not by a ring nobody answered); FreeSWITCH
    ``longest-idle-agent`` (``level, last_bridge_end, position``).
    """
    free = _lowest_penalty(free, desk)
    if desk.tiers:
        return sorted(free, key=lambda a: (a.level, a.last_end, a.position, a.index))
    return sorted(free, key=lambda a: (a.last_end, a.index))


def fewest_calls(free: list[M], desk: Group) -> list[M]:
    """The member with the fewest answered calls first.

    Asterisk ``fewestcalls`` (``mem->calls``), FreeSWITCH ``agent-with-fewest-calls``
    (``level, calls_answered, position``).
    """
    free = _lowest_penalty(free, desk)
    if desk.tiers:
        return sorted(free, key=lambda a: (a.level, a.answered_all, a.position, a.index))
    return sorted(free, key=lambda a: (a.answered_all, a.index))


def least_talk(free: list[M], desk: Group) -> list[M]:
    """The agent who has talked least so far first.

    FreeSWITCH ``agent-with-least-talk-time`` (``level, talk_time, position``).
    """
    return sorted(free, key=lambda a: (a.level, a.talk_total, a.position, a.index))


def random(free: list[M], desk: Group) -> list[M]:
    """A random order, drawn from the department's own random stream.

    Asterisk ``random`` (metric ``ast_random() % 1000`` plus the penalty), FreeSWITCH
    ``random`` (``level, random()``): within the lowest penalty, or level by level.
    """
    free = _lowest_penalty(free, desk)
    if len(free) < 2:
        return free
    perm = desk.rng.permutation(len(free))
    shuffled = [free[i] for i in perm]
    if desk.tiers:
        return sorted(shuffled, key=lambda a: a.level)  # stable: random within a level
    return shuffled


def weighted_random(free: list[M], desk: Group) -> list[M]:
    """Asterisk ``wrandom``: each member draws a whole number uniform on
    ``0 .. (1 + penalty) * 1000 - 1`` and the lowest rings first (``calc_metric``), so a
    higher penalty is a smaller chance, not a later turn; ties by list order."""
    if len(free) < 2:
        return free
    highs = [(1 + a.penalty) * 1000 for a in free]
    metric = desk.rng.integers(0, highs)
    order = np.argsort(metric, kind="stable")
    return [free[i] for i in order]


@dataclass(frozen=True)
class Strategy:
    """How a department's free members are rung."""

    order: Order
    """Free members in the order they are rung."""
    all_at_once: bool = False
    """Ring every free member at once (else one at a time, each for the ring timeout)."""
    progressive: bool = False
    """Ring one more member every ``ring_progressively_delay`` while the earlier ring on."""
    pbx: Literal["asterisk", "freeswitch", "ours"] = "ours"
    """Whose name it is: penalties go with Asterisk names, tiers with FreeSWITCH ones."""
    retry: float = 0.0
    """Default pause after a ring nobody answered before the next (Asterisk: 5 s)."""


ASTERISK_RETRY = 5.0
"""app_queue's ``DEFAULT_RETRY``: seconds between a ring nobody answered and the next."""

OURS: dict[str, Strategy] = {
    "ring_all": Strategy(ring_all, all_at_once=True),
    "round_robin": Strategy(round_robin),
    "linear": Strategy(linear),
    "longest_idle": Strategy(longest_idle),
    "fewest_calls": Strategy(fewest_calls),
    "random": Strategy(random),
}
"""The names of the first edition (no retry pause, no penalties or tiers)."""


def _asterisk(order: Order, all_at_once: bool = False) -> Strategy:
    return Strategy(order, all_at_once=all_at_once, pbx="asterisk", retry=ASTERISK_RETRY)


def _freeswitch(order: Order, all_at_once: bool = False, progressive: bool = False) -> Strategy:
    return Strategy(order, all_at_once=all_at_once, progressive=progressive, pbx="freeswitch")


ASTERISK: dict[str, Strategy] = {
    "ringall": _asterisk(ring_all, all_at_once=True),
    "leastrecent": _asterisk(least_recent),
    "fewestcalls": _asterisk(fewest_calls),
    "random": _asterisk(random),
    "rrmemory": _asterisk(round_robin),
    "rrordered": _asterisk(round_robin),
    "linear": _asterisk(linear),
    "wrandom": _asterisk(weighted_random),
}
"""Asterisk ``queues.conf`` ``strategy =`` values (``strategies[]`` in app_queue.c)."""

FREESWITCH: dict[str, Strategy] = {
    "ring-all": _freeswitch(ring_all, all_at_once=True),
    "longest-idle-agent": _freeswitch(least_recent),
    "round-robin": _freeswitch(round_robin),
    "top-down": _freeswitch(linear),
    "agent-with-least-talk-time": _freeswitch(least_talk),
    "agent-with-fewest-calls": _freeswitch(fewest_calls),
    "sequentially-by-agent-order": _freeswitch(linear),
    "random": _freeswitch(random),
    "ring-progressively": _freeswitch(linear, progressive=True),
}
"""FreeSWITCH ``callcenter.conf.xml`` queue ``strategy`` values (mod_callcenter.c)."""

STRATEGIES: dict[str, Strategy] = {
    **{k: v for k, v in FREESWITCH.items() if k != "random"},
    **{k: v for k, v in ASTERISK.items() if k not in ("random", "linear")},
    **OURS,
}
"""Every strategy a scenario may name (``departments[].strategy``).

``random`` and ``linear`` are spelled alike in all three; a scenario's ``random`` and
``linear`` take penalties (Asterisk) or tiers (FreeSWITCH), whichever the members give,
and pause *retry* only when the file says so."""

SAME_AS: dict[str, str] = {
    "ringall": "ring_all",
    "ring-all": "ring_all",
    "rrmemory": "round_robin",
    "rrordered": "round_robin",
    "round-robin": "round_robin",
    "top-down": "linear",
    "sequentially-by-agent-order": "linear",
    "fewestcalls": "fewest_calls",
    "agent-with-fewest-calls": "fewest_calls",
    "longest-idle-agent": "leastrecent",
}
"""Names that ring in the same order as another (an Asterisk name still pauses *retry*)."""

NEVER = -math.inf
"""``last_end`` of a member who has had no call yet."""
