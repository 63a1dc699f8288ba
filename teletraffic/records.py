"""The shared vocabulary of a simulation: how a call attempt ends, and its record.

The engine emits one :class:`CallRecord` per call attempt (and a :class:`PartRecord`
per department a moving call passed through) to an observer
(:class:`teletraffic.engine.record.Observer`); the statistics and the CRM-style call
log read them by name. Every attempt ends in exactly one :class:`Outcome`; the engine
also tells the observer of each attempt as it enters, so the outcomes can be checked
against the arrivals.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from enum import IntEnum
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "CALL_DTYPE",
    "INBOUND_OUTCOMES",
    "LOST_OUTCOMES",
    "OUTBOUND_OUTCOMES",
    "CallRecord",
    "CallTable",
    "Outcome",
    "PartRecord",
    "Recorder",
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
    CALLED_BACK = 10
    """The caller took a callback (virtual hold: they hung up and kept their place) and a
    person of the department called them back and talked to them."""
    CALLBACK_FAILED = 11
    """The caller took a callback, but the PBX never reached them: every try found no
    free channel or was not picked up (or the run ended first)."""

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
    Outcome.CALLED_BACK,
    Outcome.CALLBACK_FAILED,
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
    Outcome.CALLBACK_FAILED,
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
    callback: int
    """Virtual hold: 0 no callback was offered, 1 offered and declined (the caller held
    on), 2 offered and taken (the outcome is ``called_back`` or ``callback_failed``)."""
    callback_wait: float
    """A callback taken: seconds from taking it to the caller answering the callback (to
    the last try, when it failed). *wait* is the time on hold before taking it."""


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


# --------------------------------------------------------------------------- the call log
# Kept as objects, records cost over a kilobyte each (1.4 GB for a million calls); the
# call log keeps them as rows of a numpy structured array (CALL_DTYPE, 78 bytes an
# attempt), gathered CHUNK at a time, in memory or, given a spill folder, in a file there
# as soon as each chunk is full, so the memory of a long run stays flat.
# teletraffic.cdr.calls_out turns the tables into result.calls and calls.csv.

_TYPES = {
    "caller": "i8",
    "attempt": "i4",
    "stream": "i2",
    "line": "i2",
    "arrival": "f8",
    "wait": "f8",
    "talk": "f8",
    "outside_talk": "f8",
    "outcome": "i1",
    "department": "i2",
    "called": "i2",
    "moved": "?",
    "staff_department": "i2",
    "staff": "i4",
    "first_department": "i2",
    "first_staff": "i4",
    "measured": "?",
    "redial": "?",
    "caller_measured": "?",
    "callback": "i1",
    "callback_wait": "f8",
}
FIELDS = tuple(f.name for f in fields(CallRecord))
CALL_DTYPE: list[tuple[str, str]] = [(name, _TYPES[name]) for name in FIELDS]
"""One attempt as a row: the fields of :class:`CallRecord`, packed (78 bytes)."""
CHUNK = 16_384
"""Records gathered as objects before they become a chunk of rows."""
WRITE_ROWS = 100_000
"""Rows of calls.csv formatted at a time."""

_row = attrgetter(*FIELDS)


class CallTable:
    """The attempts of one replication, in the order they ended: chunks of rows in
    memory, or in a file (*path*). Iterating gives :class:`CallRecord` objects."""

    __slots__ = ("chunks", "path", "rows")

    def __init__(self, chunks: list[Any], path: str | None, rows: int) -> None:
        self.chunks = chunks
        self.path = path
        self.rows = rows

    def __len__(self) -> int:
        return self.rows

    def blocks(self) -> Iterator[np.ndarray]:
        """The rows, a chunk at a time."""
        import numpy as np

        if self.path is None:
            yield from self.chunks
            return
        dtype = np.dtype(CALL_DTYPE)
        with open(self.path, "rb") as f:
            while True:
                block = np.fromfile(f, dtype=dtype, count=CHUNK * 4)
                if not len(block):
                    return
                yield block

    def columns(self, names: Sequence[str]) -> dict[str, np.ndarray]:
        """The columns *names*, each one array (filled a chunk at a time)."""
        import numpy as np

        dtypes = dict(CALL_DTYPE)
        out = {n: np.empty(self.rows, dtype=dtypes[n]) for n in names}
        at = 0
        for block in self.blocks():
            end = at + len(block)
            for n in names:
                out[n][at:end] = block[n]
            at = end
        return out

    def __iter__(self) -> Iterator[CallRecord]:
        for block in self.blocks():
            for row in block.tolist():
                yield CallRecord(*row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CallTable | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        return self.rows > 0


class Recorder:
    """Gathers records into a :class:`CallTable` (in memory, or to *spill*'s file)."""

    __slots__ = ("buffer", "chunks", "file", "path", "rows")

    def __init__(self, spill: str | None = None, replication: int = 0) -> None:
        self.buffer: list[CallRecord] = []
        self.chunks: list[Any] = []
        self.rows = 0
        self.path: str | None = None
        self.file: Any = None
        if spill is not None:
            self.path = os.path.join(spill, f"calls-{replication}-{os.getpid()}.bin")
            self.file = open(self.path, "wb")  # noqa: SIM115 (closed by table())

    def add(self, record: CallRecord) -> None:
        buffer = self.buffer
        buffer.append(record)
        if len(buffer) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        import numpy as np

        if not self.buffer:
            return
        block = np.array([_row(r) for r in self.buffer], dtype=CALL_DTYPE)
        self.rows += len(block)
        self.buffer = []
        if self.file is not None:
            block.tofile(self.file)
        else:
            self.chunks.append(block)

    def table(self) -> CallTable:
        """Every record so far, as a table (the file closed)."""
        self._flush()
        if self.file is not None:
            self.file.close()
            self.file = None
        return CallTable(self.chunks, self.path, self.rows)
