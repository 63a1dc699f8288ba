"""The shared vocabulary of a simulation: how a call attempt ends, and its record.

The engine emits one :class:`CallRecord` per call attempt (and a :class:`PartRecord`
per department a moving call passed through) to an observer
(:class:`teletraffic.engine.record.Observer`); the statistics and the CRM-style call
log read them by name. Every attempt ends in exactly one :class:`Outcome`; the engine
also tells the observer of each attempt as it enters, so the outcomes can be checked
against the arrivals.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

__all__ = [
    "INBOUND_OUTCOMES",
    "LOST_OUTCOMES",
    "OUTBOUND_OUTCOMES",
    "CallRecord",
    "Outcome",
    "PartRecord",
]


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
    VOICEMAIL = 9
    """The PBX let the caller go to voicemail (a department's ``exit_to: voicemail``,
    after its maximum wait or with nobody on shift); they left a message."""

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
    Outcome.VOICEMAIL,
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


@dataclass(slots=True)
class CallRecord:
    """One call attempt, as the engine emits it when the attempt ends.

    A slotted dataclass rather than a named tuple: made once per attempt and read field
    by field by the statistics, it is the quicker of the two (benchmarks/engine_speed.py).
    Observers read it and must not change it.

    Streams, lines and departments are indices into the scenario's ``traffic``,
    ``lines`` and ``effective_departments``; members are indices into their
    department's staff (``staff: 3`` has members 0, 1 and 2, named ``DEPT/1`` ..
    ``DEPT/3``); -1 means none. Times are seconds from the start of the simulated
    period. The CRM-style call log (``SimulationResult.calls``) is these records with
    the indices turned into names.
    """

    caller: int
    """The caller (or, outbound, the call): the same for every attempt of one caller."""
    attempt: int
    """1 for a first attempt, 2 for the first redial of the same caller, ..."""
    stream: int
    line: int
    """The outside line it took or tried (-1: an internal call)."""
    arrival: float
    """When the attempt began."""
    wait: float
    """Time on hold and ringing, in every department the call reached."""
    talk: float
    """Conversation time, with every department the call reached (0 when none); for a
    call placed by staff, the call's. A caller passed on who then hung up on hold has the
    talk before."""
    outside_talk: float
    """Seconds outside participants of a conference talked, summed over them: each was
    dialled out over the line (outbound minutes). 0 for other calls."""
    outcome: int
    """Its one :class:`Outcome`."""
    department: int
    """The department it ended in: the one its number is routed to, or the one it was
    passed on to (transfer, redirect); for a call placed by staff, theirs."""
    called: int
    """The department its number is routed to (the caller belongs there), or whose staff
    dialled it."""
    moved: bool
    """It reached more than one department (transferred or redirected)."""
    staff_department: int
    staff: int
    """Who answered last (for a transferred call, who took the transfer), or who dialled
    out: their department and member index."""
    first_department: int
    first_staff: int
    """Who answered the call first: for a transferred call the person who passed it on,
    otherwise the same as *staff_department* / *staff*."""
    measured: bool
    """It began after the warm-up: the figures count it."""
    redial: bool
    """The same caller will call again (a redial follows this attempt)."""
    caller_measured: bool
    """The caller's first attempt began after the warm-up: the caller is counted."""


@dataclass(slots=True)
class PartRecord:
    """A department's part in a measured call that moved on (or came from elsewhere).

    The department that answered a call and transferred it counts it answered, with its
    wait and talk there; the one whose ring group it rang out of before a redirect
    counts it unanswered; the one it was passed to, the outcome it had there. The last
    department's part is emitted when the attempt ends, before its
    :class:`CallRecord`.
    """

    stream: int
    department: int
    arrival: float
    """When the attempt began (its hour is the attempt's)."""
    outcome: int
    wait: float
    """Time on hold and ringing in this department."""
    talk: float
    """Conversation time with this department's staff."""
