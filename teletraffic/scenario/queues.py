"""The vocabulary of a department's queue as the PBXs name it: strategy names and the
members with their Asterisk penalty or FreeSWITCH tier.

Names from Asterisk ``apps/app_queue.c`` (``strategies[]``) and FreeSWITCH
``src/mod/applications/mod_callcenter/mod_callcenter.c`` (``members_callback``); what
each does is :mod:`teletraffic.engine.strategies`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from teletraffic.scenario.values import Int, Name, Seconds, _Model

__all__ = [
    "ASTERISK_STRATEGIES",
    "FREESWITCH_STRATEGIES",
    "RETRY_STRATEGIES",
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
