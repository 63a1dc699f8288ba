"""What the engine emits, and who listens.

As a call attempt ends the engine hands a :class:`~teletraffic.records.CallRecord` to
an :class:`Observer`, and for a call that moved between departments a
:class:`~teletraffic.records.PartRecord` per department it reached. The engine does not
know what the observer makes of them: :class:`teletraffic.tally.Tally` counts them into
figures, :class:`CallLog` keeps them for the call log (salabim's monitors and Ciw's
trackers are the pattern: statistics subscribe to the model).
"""

from __future__ import annotations

from typing import Protocol

from teletraffic.records import CallRecord, CallTable, PartRecord, Recorder

__all__ = ["CallLog", "Observer"]


class Observer(Protocol):
    """Receives what the engine emits, in the order it happens.

    Arrivals and hand-offs are counted where calls enter, before anything happens to
    them, so that the outcomes can be checked against them: every attempt that
    arrives ends in exactly one outcome.
    """

    def arrival(self, stream: int, department: int, time: float, measured: bool) -> None:
        """An attempt of *stream* entered the system at *time*: an inbound call reached
        its line (for *department*, where its number is routed), or a member of
        *department* dialled. *measured*: it began after the warm-up."""

    def handoff(self, stream: int, department: int, arrival: float) -> None:
        """A measured call of *stream* that began at *arrival* was passed on to
        *department* (transferred or redirected there)."""

    def attempt(self, record: CallRecord) -> None:
        """An attempt ended, with its one outcome."""

    def part(self, record: PartRecord) -> None:
        """A department's part in a call that moved ended (see :class:`PartRecord`)."""


class CallLog:
    """Keeps every attempt's record (in columns, :class:`~teletraffic.records.CallTable`) and passes
    everything on to *observer*. With *spill* (a folder) the records go to a file there
    a chunk at a time."""

    __slots__ = ("keep", "observer", "recorder")

    def __init__(self, observer: Observer, spill: str | None = None, replication: int = 0) -> None:
        self.observer = observer
        self.recorder = Recorder(spill, replication)
        self.keep = self.recorder.add

    @property
    def records(self) -> CallTable:
        """Every attempt of the run, warm-up included, in the order they ended."""
        return self.recorder.table()

    def arrival(self, stream: int, department: int, time: float, measured: bool) -> None:
        """Pass the arrival on."""
        self.observer.arrival(stream, department, time, measured)

    def handoff(self, stream: int, department: int, arrival: float) -> None:
        """Pass the hand-off on."""
        self.observer.handoff(stream, department, arrival)

    def attempt(self, record: CallRecord) -> None:
        """Keep *record* and pass it on."""
        self.keep(record)
        self.observer.attempt(record)

    def part(self, record: PartRecord) -> None:
        """Pass the part on."""
        self.observer.part(record)
