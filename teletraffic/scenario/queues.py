"""The vocabulary of a department's queue as the PBXs name it: strategy names and the
members with their Asterisk penalty or FreeSWITCH tier.

Names from Asterisk ``apps/app_queue.c`` (``strategies[]``) and FreeSWITCH
``src/mod/applications/mod_callcenter/mod_callcenter.c`` (``members_callback``); what
each does is :mod:`teletraffic.engine.strategies`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from teletraffic.scenario.values import Int, Name, Seconds, Share, _Model

__all__ = [
    "ASTERISK_STRATEGIES",
    "FREESWITCH_STRATEGIES",
    "RETRY_STRATEGIES",
    "Announce",
    "Callback",
    "Overflow",
    "StaffMember",
    "Strategy",
]

Strategy = Literal[
    # ours (first edition)
    "ring_all",
    "round_robin",
    "linear",
    "longest_idle",
    "fewest_calls",
    "random",
    # Asterisk app_queue (queues.conf)
    "ringall",
    "leastrecent",
    "fewestcalls",
    "rrmemory",
    "rrordered",
    "wrandom",
    # FreeSWITCH mod_callcenter (callcenter.conf.xml)
    "ring-all",
    "longest-idle-agent",
    "round-robin",
    "top-down",
    "agent-with-least-talk-time",
    "agent-with-fewest-calls",
    "sequentially-by-agent-order",
    "ring-progressively",
]
ASTERISK_STRATEGIES = (
    "ringall",
    "leastrecent",
    "fewestcalls",
    "random",
    "rrmemory",
    "rrordered",
    "linear",
    "wrandom",
)
"""Asterisk's names (app_queue.c ``strategies[]``): members may have a *penalty*."""
FREESWITCH_STRATEGIES = (
    "ring-all",
    "longest-idle-agent",
    "round-robin",
    "top-down",
    "agent-with-least-talk-time",
    "agent-with-fewest-calls",
    "sequentially-by-agent-order",
    "random",
    "ring-progressively",
)
"""FreeSWITCH's names (mod_callcenter.c): members may have a tier *level* and *position*."""
RETRY_STRATEGIES = tuple(n for n in ASTERISK_STRATEGIES if n not in ("random", "linear"))
"""Names whose *retry* defaults to Asterisk's 5 s (``random`` and ``linear`` are also ours)."""


class StaffMember(_Model):
    """One member of a department, as a PBX lists it.

    Asterisk ``member => SIP/101,5`` gives a *penalty*: the free members with the lowest
    penalty are rung, a higher one only while all lower ones are busy. FreeSWITCH
    ``<tier agent=... level=2 position=1/>`` gives a *level* (lower rung first) and a
    *position* (order within a level).
    """

    name: str | None = Field(default=None, max_length=200)
    penalty: Int = Field(default=0, ge=0, le=1000)
    level: Int | None = Field(default=None, ge=0, le=1000)
    position: Int | None = Field(default=None, ge=0, le=100_000)


class Overflow(_Model):
    """After *after* on hold, a caller may also be taken by department *to*.

    The caller stays in the first queue; from then on a person of *to* who is free and
    has no caller of their own waiting takes them (the longest waiting first), as a
    hosted PBX's "overflow to another group while staying in the first" does.
    """

    to: Name
    after: Seconds


class Callback(_Model):
    """Virtual hold: a caller facing a long wait may hang up and be called back.

    When a caller joins the hold queue and the department's estimated wait
    (*wait_estimate* of the department) is over *offer_over*, the PBX offers a callback;
    a share *accept* of the callers offered take it. They hang up at once, which frees
    their channel of the outside line, and keep their place in the queue. When their
    turn comes and a person is free, the PBX reserves that person and dials the caller
    back on an outgoing channel (of *line*, or of the line the call came in on): with no
    free channel, or when the caller does not pick up (chance *reached* per try; they
    pick up after *answer_after*, or the PBX gives up after *ring*), it tries again
    *retry_after* later, back at the head of the queue, up to *tries* times.

    Asterisk's app_queue has no callback of its own; hosted PBXs and contact-centre
    products add it as "virtual hold" or "courtesy callback", offered on an estimated
    wait as here.
    """

    offer_over: Seconds = Field(
        default=60.0, description="offer a callback when the estimated wait is over this"
    )
    accept: Share = Field(default=0.5, description="share of the callers offered who take it")
    reached: Share = Field(default=1.0, description="chance the caller picks up a callback try")
    answer_after: Seconds = Field(
        default=10.0, description="seconds the callback rings before the caller picks up"
    )
    ring: Seconds = Field(
        default=30.0, description="seconds a callback try rings before the PBX gives up"
    )
    tries: Int = Field(default=3, ge=1, le=20, description="callback tries before giving up")
    retry_after: Seconds = Field(default=300.0, description="pause between callback tries")
    line: Name | None = Field(
        default=None, description="the line it dials out on (default: the line the call came in on)"
    )


class Announce(_Model):
    """Periodic announcements of the caller's position and estimated wait while on hold.

    Asterisk's ``announce-frequency`` (queues.conf): every *every* seconds on hold the
    caller hears their place and the estimated wait. Announcements change what callers do
    only if the file says how:

    - *leave_if_longer*: a caller who hears an estimated wait longer than the patience
      they have left hangs up at once (``abandoned``) rather than holding on in vain;
    - *patience_extra*: each announcement heard adds this much to the caller's patience.

    With neither, they are music on hold and change no figure.
    """

    every: Seconds = Field(description="seconds between announcements (at least 10s)")
    leave_if_longer: bool = False
    patience_extra: Seconds = 0.0
