"""The shared vocabulary of a simulation: how a call attempt ends, and its record.

The engine emits one :class:`CallRecord` per call attempt; the statistics and the
CRM-style call log read them. Every attempt ends in exactly one :class:`Outcome`, so
*offered* is always the sum of the outcome counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

__all__ = ["INBOUND_OUTCOMES", "LOST_OUTCOMES", "OUTBOUND_OUTCOMES", "CallRecord", "Outcome"]


class Outcome(IntEnum):
    """How one call attempt ended. Exactly one per attempt."""

    ANSWERED = 0
    """A person talked to the caller."""
    BUSY = 1
    """No free channel on the line, or (no PBX) the one phone was busy."""
    QUEUE_FULL = 2
    """A channel was free but the PBX hold queue was full."""
    ABANDONED = 3
    """The caller hung up while on hold (or while it rang)."""
    UNANSWERED = 4
    """It rang out or waited the PBX's maximum time; nobody picked up."""
    NO_COVERAGE = 5
    """Mobile line: the call did not connect."""
    DROPPED = 6
    """Mobile line: the call was cut during the conversation."""
    PLACED = 7
    """Outbound: the call got a channel and was made."""
    BLOCKED = 8
    """Outbound: no free channel to dial out."""

    @property
    def label(self) -> str:
        """The lower-case name used in tables and files (``queue_full``)."""
        return self.name.lower()


INBOUND_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.ANSWERED,
    Outcome.BUSY,
    Outcome.QUEUE_FULL,
    Outcome.ABANDONED,
    Outcome.UNANSWERED,
    Outcome.NO_COVERAGE,
    Outcome.DROPPED,
)
OUTBOUND_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.PLACED,
    Outcome.BLOCKED,
    Outcome.NO_COVERAGE,
    Outcome.DROPPED,
)
LOST_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.BUSY,
    Outcome.QUEUE_FULL,
    Outcome.ABANDONED,
    Outcome.UNANSWERED,
    Outcome.NO_COVERAGE,
    Outcome.BLOCKED,
)
"""Outcomes where a caller (or a colleague dialling out) did not get through."""


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One call attempt, as a CRM would store it.

    Times are seconds from the start of the simulated period; *wait* is the time on
    hold (or ringing) before the outcome, *talk* the conversation time (0 when there
    was none).
    """

    replication: int
    call_id: int
    attempt: int
    """1 for a first attempt, 2 for the first redial of the same caller, ..."""
    direction: str
    """``"in"`` or ``"out"``."""
    stream: str
    """The traffic stream's name."""
    line: str
    number: str
    department: str
    """The department of *staff* ("" when none)."""
    staff: str
    """Who answered last (``"support/1"`` for a call transferred there), or who dialled
    out; "" when nobody answered."""
    start: float
    wait: float
    """Time on hold and ringing, in every department the call reached."""
    talk: float
    """Conversation time, with every department the call reached."""
    outcome: Outcome
    first_department: str = ""
    """The department of *first_staff* ("" when none)."""
    first_staff: str = ""
    """Who answered the call first: for a transferred call the person who passed it on
    (``"requests/2"``), otherwise the same as *staff*; "" when nobody answered."""
