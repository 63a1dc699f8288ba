"""What a PBX's queue configuration says, read into plain values before it becomes a
scenario: a queue, its members, and each setting that could not be mapped."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Member", "PbxQueue", "Unmapped"]


@dataclass
class Member:
    """A queue member (Asterisk) or a tiered agent (FreeSWITCH)."""

    name: str
    penalty: int = 0
    """Asterisk: the member's penalty."""
    level: int | None = None
    position: int | None = None
    """FreeSWITCH: the tier's level and position."""
    wrap_up: float | None = None
    """FreeSWITCH: the agent's ``wrap-up-time``."""


@dataclass
class PbxQueue:
    """One queue, in the units of a scenario (seconds)."""

    name: str
    strategy: str
    members: list[Member] = field(default_factory=list)
    ring_timeout: float = 20.0
    retry: float | None = None
    wrap_up: float = 0.0
    max_callers: int | None = None
    max_wait: float | None = None
    join_empty: bool = False
    leave_when_empty: bool = True
    ring_progressively_delay: float | None = None
    service_level: float | None = None
    """Asterisk ``servicelevel``: answered within this many seconds."""
    announce_every: float | None = None
    """Asterisk ``announce-frequency``: seconds between announcements of the caller's
    place and estimated wait (None: none)."""


@dataclass
class Unmapped:
    """A setting of the file the scenario does not carry, by section and key."""

    section: str
    key: str
    value: str
    line: int | None = None
    why: str = "not simulated"

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"[{self.section}] {self.key} = {self.value}{where}: {self.why}"
