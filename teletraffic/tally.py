"""The figures of one replication: streaming counters per cell, figures per scope.

Two kinds of observation, kept apart as salabim's level monitors teach:

* **tallies**, one value per call attempt: outcomes, waits, talk times. They are
  counted in a :class:`Tally` as they happen; memory does not grow with the number of
  calls (waits go into a one-second histogram for the percentiles).
* **levels**, held over time: busy channels of a line, busy staff. The engine adds up
  channel-seconds and staff-seconds inside the measured time (open hours, each
  person's shift, the run after warm-up; what runs past them is cut off there, and for
  staff on business days reported as overtime); divided by the measured time (time on
  shift) they give the time-weighted occupancy, never above 1.

A replication's figures are computed per *scope*: ``all``, ``line:NAME``,
``number:NUMBER``, ``stream:NAME``, ``department:NAME``, ``staff:DEPT/N`` and, for
business-day runs, ``hour:HH`` (:func:`replication_figures`). Across replications they
are summarised with the intervals of :mod:`teletraffic.stats`
(:mod:`teletraffic.summary`).

Attempts and departments. In ``all``, ``line:``, ``number:``, ``stream:`` and ``hour:``
scopes every call attempt counts once, with its one (last) outcome, its whole wait and
talk. A call can reach more than one department (transferred after it was answered,
redirected after it rang out): a ``department:`` scope counts every call that reached
that department, once, with the outcome *that department* saw and the wait and talk
there. The requests desk that answered a call and passed it to support counts it
``answered`` (and ``transferred``); support counts it among its ``transfers_in``, with
the outcome it had at support and the wait in support's queue. Departments together
count each attempt once plus once more per hand-off (``transfers_in`` and
``redirected_in``).

*Offered* is counted where calls enter (an attempt reaching its line or dialled by staff;
for a department also a call passed on to it), apart from the outcomes counted as they
end; in every scope it equals the sum of the outcomes, which
:meth:`teletraffic.runner.SimulationResult.conservation_errors` checks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from teletraffic.metrics import FIGURES
from teletraffic.records import LOST_OUTCOMES, CallRecord, Outcome, PartRecord

__all__ = [
    "COUNTS",
    "HIST_SECONDS",
    "METRICS",
    "Layout",
    "Levels",
    "Tally",
    "jain_index",
    "replication_figures",
]

N_OUT = len(Outcome)
HIST_SECONDS = 3600
"""Waits are binned by the second up to this; longer waits share the last bin.

Bin 0 holds waits of exactly zero (answered at once), bin *k* waits in [k-1, k)."""

_ADMITTED = (
    Outcome.ANSWERED,
    Outcome.ABANDONED,
    Outcome.UNANSWERED,
    Outcome.DROPPED,
    Outcome.VOICEMAIL,
    Outcome.CALLED_BACK,
    Outcome.CALLBACK_FAILED,
)
_TALKED = (Outcome.ANSWERED, Outcome.DROPPED)
_CALLER_LOST = frozenset(int(o) for o in LOST_OUTCOMES if o is not Outcome.BLOCKED)
"""Outcomes after which a caller who does not call again is lost."""

METRICS: dict[str, str] = {m.name: m.counts for m in FIGURES.values() if m.kind != "money"}
"""Every figure a simulation result may hold, with its meaning (from
:data:`teletraffic.metrics.FIGURES`)."""

COUNTS: frozenset[str] = frozenset(
    m.name for m in FIGURES.values() if m.kind in ("count", "minutes")
)
"""Figures that are counts or totals: a replication without any has 0, not 'undefined'."""


class Tally:
    """Streaming counters of one replication, by *cell* (a stream x department x hour).

    An :class:`~teletraffic.engine.record.Observer` of the engine: it counts the
    measured records it receives (:meth:`attempt`, :meth:`part`) into cells laid out as
    *layout* says. With *C* cells per section, it keeps three sections: cells
    ``[0, C)`` hold attempts that stayed with the department they were routed to (the
    common case: the attempt and the department's part are the same thing), ``[C, 2C)``
    attempts that moved to another department, by their last department, and
    ``[2C, 3C)`` each department's part in the calls that moved (its outcome, wait and
    talk there). Attempt scopes read the first two, department scopes the first and
    the third. Callers are counted by the department they called.
    """

    __slots__ = (
        "answer_time",
        "answered_wait",
        "arrived",
        "calls",
        "cb_offered",
        "cb_reached",
        "cb_taken",
        "cb_wait",
        "cells",
        "counts",
        "ended",
        "first",
        "first_hour",
        "gave_up",
        "handed",
        "hist",
        "hours",
        "inbound",
        "n_departments",
        "on_line",
        "outside_talk",
        "talk_answered",
        "talk_sum",
        "wait_sum",
        "waited",
        "within",
    )

    def __init__(self, layout: Layout, answer_time: float) -> None:
        self.answer_time = answer_time
        cells = layout.cells
        self.cells = cells
        self.n_departments = len(layout.departments)
        self.hours = layout.hours
        self.inbound = list(layout.stream_inbound)
        """Cells per section: streams x departments x hours."""
        internal = layout.stream_internal or [False] * len(layout.streams)
        self.on_line = [not i for i in internal]
        """Streams whose calls use an outside line (internal calls do not)."""
        self.calls: list[dict[int, int]] = [{} for _ in range(2 * len(layout.streams))]
        """Calls carried on the outside line, by stream and direction (``2 x stream``
        inbound, ``2 x stream + 1`` outbound): ``{whole started seconds of talk: calls}``,
        what a provider's billing increments round (see :meth:`call_seconds`)."""
        n = 3 * cells
        self.counts = [0] * (n * N_OUT)
        self.wait_sum = [0.0] * n
        """Total wait of attempts that got a channel (admitted)."""
        self.waited = [0] * n
        """Admitted attempts that waited more than zero."""
        self.within = [0] * n
        """Answered attempts (not cut off) with wait <= answer time."""
        self.answered_wait = [0.0] * n
        """Total wait of the attempts that were answered."""
        self.arrived = [0] * cells
        """Attempts that entered the system, by the department called (or dialling): the
        offered calls, counted apart from their outcomes."""
        self.handed = [0] * cells
        """Calls passed on to a department (transfers, redirects), by that department."""
        self.first = [0] * cells
        """Distinct callers: first attempts of inbound streams, by the department called."""
        self.gave_up = [0] * cells
        """Callers whose last attempt did not get through (no redial followed), in the
        hour of their first attempt: the hour they are counted among the callers."""
        self.first_hour: dict[int, int] = {}
        """The hour of the first attempt of each measured caller who is redialling, until
        their last attempt (a redial may come in a later hour)."""
        self.talk_sum = [0.0] * n
        """Conversation of every attempt (or part), whatever its outcome: the minutes the
        line carried (placed calls, and callers who talked before being passed on)."""
        self.talk_answered = [0.0] * n
        """Conversation of the attempts (or parts) answered, cut off included."""
        self.outside_talk = [0.0] * n
        """Outbound legs of outside conference participants, in seconds."""
        self.cb_offered = [0] * n
        self.cb_taken = [0] * n
        """Attempts offered a callback, and those that took it."""
        self.cb_reached = [0] * n
        self.cb_wait = [0.0] * n
        """Callbacks that reached the caller, and their waits from taking it to the answer."""
        self.hist: dict[int, list[int] | dict[int, int]] = {}
        """Answered waits per cell, one-second bins: a list for the cells of the first
        section, a sparse ``{bin: count}`` for the few calls that moved (quicker to read)."""
        self.ended = self.count if type(self).attempt is _OWN_ATTEMPT else None
        """The engine's way in without a record (:meth:`count`); None when a subclass
        (or a test, patching it) wants every record through its own :meth:`attempt`."""

    def arrival(self, stream: int, department: int, time: float, measured: bool) -> None:
        """Count an attempt entering the system (if measured)."""
        if measured:
            hours = self.hours
            hour = int(time // 3600.0) % 24 if hours == 24 else 0
            self.arrived[(stream * self.n_departments + department) * hours + hour] += 1

    def handoff(self, stream: int, department: int, arrival: float) -> None:
        """Count a measured call passed on to *department*."""
        hours = self.hours
        hour = int(arrival // 3600.0) % 24 if hours == 24 else 0
        self.handed[(stream * self.n_departments + department) * hours + hour] += 1

    def attempt(self, record: CallRecord) -> None:
        """Count a finished attempt (if measured), and its caller."""
        if not record.measured:
            return
        dialled = bool(record.callback or record.outside_talk)
        cell = self.count(
            record.stream,
            record.department,
            record.called,
            record.arrival,
            record.outcome,
            record.wait,
            record.talk,
            record.moved,
            record.redial,
            record.attempt,
            record.caller,
            record.caller_measured,
            dialled,
        )
        if dialled:
            self._dialled_out(record, cell)

    def count(
        self,
        stream: int,
        department: int,
        called: int,
        arrival: float,
        outcome: int,
        wait: float,
        talk: float,
        moved: bool,
        redial: bool,
        attempt: int,
        caller: int,
        caller_measured: bool,
        dialled: bool = False,
    ) -> int:
        """Count a measured attempt from its fields (no record built): the common case,
        once per attempt, what :meth:`add` does written out here (answered calls go
        through :meth:`_answered`, as parts do).
        *dialled*: it was offered a callback or had outside conference legs, and its talk
        on the line is counted apart (:meth:`_dialled_out`). Returns its cell.

        The engine calls it directly for attempts without callback or outside legs when
        :attr:`ended` is set (it saves a :class:`CallRecord` per attempt).
        """
        hours = self.hours
        row = stream * self.n_departments
        if hours == 1:  # steady state: one cell for the whole run
            hour = 0
            cell = row + department
        else:  # business days: hours is 24
            hour = int(arrival // 3600.0) % hours
            cell = (row + department) * hours + hour
        if moved:
            cell += self.cells
        self.counts[cell * N_OUT + outcome] += 1
        if wait > 0.0:
            self.wait_sum[cell] += wait
            self.waited[cell] += 1
        if outcome == 0 or outcome == 6:  # answered (a dropped call was answered too)
            self._answered(cell, outcome, wait, talk)
        if talk > 0.0 and not dialled:  # the conversation: on the line (billed by
            # direction) unless internal
            self.talk_sum[cell] += talk
            if self.on_line[stream]:
                calls = self.calls[2 * stream + (0 if self.inbound[stream] else 1)]
                whole = math.ceil(talk)
                calls[whole] = calls.get(whole, 0) + 1
        if redial:  # the caller is not done
            if attempt == 1:
                self.first[(row + called) * hours + hour] += 1
                self.first_hour[caller] = hour
        elif self.inbound[stream]:
            # a caller first seen in the warm-up is not among the callers: nor among the lost
            if attempt == 1:
                at = (row + called) * hours + hour
                self.first[at] += 1
            else:  # lost or not, counted in the hour they were counted among the callers
                at = (row + called) * hours + self.first_hour.pop(caller, hour)
            if outcome in _CALLER_LOST and caller_measured:
                self.gave_up[at] += 1
        return cell

    def _talked(self, record: CallRecord, cell: int) -> None:
        """The attempt's conversation: on the line (billed by direction) unless internal."""
        talk = record.talk
        self.talk_sum[cell] += talk
        if self.on_line[record.stream]:
            calls = self.calls[2 * record.stream + (0 if self.inbound[record.stream] else 1)]
            whole = math.ceil(talk)
            calls[whole] = calls.get(whole, 0) + 1

    def _dialled_out(self, record: CallRecord, cell: int) -> None:
        """An attempt with outbound legs (rare path): outside conference participants,
        each dialled out and billed as one call, or a callback offered."""
        outside = record.outside_talk
        if outside:
            self.outside_talk[cell] += outside
            calls = self.calls[2 * record.stream + 1]
            whole = math.ceil(outside)
            calls[whole] = calls.get(whole, 0) + 1
        if record.callback:
            self._callback(record, cell)
        elif record.talk > 0.0:
            self._talked(record, cell)

    def _callback(self, record: CallRecord, cell: int) -> None:
        """Count a measured attempt that was offered a callback (rare path).

        A callback is dialled out: its talk is outbound conversation on the line, billed
        as an outbound call (counted with the outside legs). A call that moved is counted
        in its last department's part too."""
        cells = [cell, cell + self.cells] if record.moved else [cell]
        taken = record.callback == 2
        talk = record.talk
        reached = taken and record.outcome in (Outcome.CALLED_BACK, Outcome.DROPPED)
        for c in cells:
            self.cb_offered[c] += 1
            if taken:
                self.cb_taken[c] += 1
            if reached:
                self.cb_reached[c] += 1
                self.cb_wait[c] += record.callback_wait
        if not reached:  # held on and was answered, or talked before a transfer: inbound
            if talk > 0.0:
                self._talked(record, cell)
            return
        self.outside_talk[cell] += talk  # on the line, but outbound: with the outside legs
        calls = self.calls[2 * record.stream + 1]
        whole = math.ceil(talk)
        calls[whole] = calls.get(whole, 0) + 1

    def call_seconds(self, layout: Layout) -> dict[tuple[str, str], dict[int, int]]:
        """The calls carried on outside lines, by ``(stream, "in" | "out")``: for each whole
        number of started seconds of conversation, how many calls lasted that long.

        Every measured attempt that talked counts, whatever its outcome (a dropped call
        was talked and is billed), and the legs of outside conference participants count
        as one outbound call of their summed seconds. The seconds of one scope add up to
        its talk (``talk_minutes_in`` / ``_out``) rounded up call by call: billing
        increments (``60/60``, ``60/1``, ``1/1``...) round whole seconds as exactly as
        the durations themselves, so :mod:`teletraffic.costs` charges them from this.
        """
        out: dict[tuple[str, str], dict[int, int]] = {}
        for i, name in enumerate(layout.streams):
            for way, calls in (("in", self.calls[2 * i]), ("out", self.calls[2 * i + 1])):
                if calls:
                    out[(name, way)] = dict(sorted(calls.items()))
        return out

    def part(self, record: PartRecord) -> None:
        """Count a department's part in a call that moved."""
        hours = self.hours
        hour = int(record.arrival // 3600.0) % 24 if hours == 24 else 0
        cell = (record.stream * self.n_departments + record.department) * hours + hour
        self.add(cell + 2 * self.cells, record.outcome, record.wait, record.talk)

    def add(self, cell: int, outcome: int, wait: float, talk: float) -> None:
        """Count one finished attempt (or part) in *cell*."""
        self.counts[cell * N_OUT + outcome] += 1
        if wait > 0.0:
            self.wait_sum[cell] += wait
            self.waited[cell] += 1
        self.talk_sum[cell] += talk
        if outcome == 0 or outcome == 6:  # answered (a dropped call was answered too)
            self._answered(cell, outcome, wait, talk)

    def _answered(self, cell: int, outcome: int, wait: float, talk: float) -> None:
        """Count the wait and talk of an answered attempt (or part) in *cell*; a call
        cut off during the talk was answered, but not served: not within the time."""
        self.talk_answered[cell] += talk
        self.answered_wait[cell] += wait
        if outcome == 0 and wait <= self.answer_time:
            self.within[cell] += 1
        hist = self.hist.get(cell)
        if hist is None:
            hist = self.hist[cell] = (
                [0] * (HIST_SECONDS + 2) if cell < self.cells else defaultdict(int)
            )
        hist[
            0 if wait <= 0.0 else (int(wait) + 1 if wait < HIST_SECONDS else HIST_SECONDS + 1)
        ] += 1


_OWN_ATTEMPT = Tally.attempt
"""Tally's own :meth:`Tally.attempt`, as defined (not replaced since)."""


def _quantile(hist: np.ndarray, q: float) -> float:
    """The *q* quantile of waits in a one-second histogram, linear within a bin.

    Bin 0 holds the waits of exactly zero (answered at once): when the quantile falls
    among them it is 0. Bin *k* holds waits in [k-1, k).
    """
    total = hist.sum()
    if total == 0:
        return math.nan
    target = q * total
    cum = np.cumsum(hist)
    i = int(np.searchsorted(cum, target, side="left"))
    if i == 0:
        return 0.0
    if i > HIST_SECONDS:
        return float(HIST_SECONDS)
    before = cum[i - 1]
    inside = hist[i]
    frac = (target - before) / inside if inside else 0.0
    return float(i - 1 + frac)


@dataclass
class Layout:
    """How cells, lines, departments and staff map to scope names (built by the runner)."""

    streams: list[str]
    stream_inbound: list[bool]
    stream_line: list[str]
    stream_number: list[str]
    departments: list[str]
    hourly: bool
    measured_seconds: float
    line_capacity: dict[str, int] = field(default_factory=dict)
    stream_internal: list[bool] = field(default_factory=list)
    callbacks: bool = False
    """Some department offers callbacks: the callback figures are counted."""

    @property
    def hours(self) -> int:
        """Hour cells per stream and department (24 or 1)."""
        return 24 if self.hourly else 1

    @property
    def cells(self) -> int:
        """Number of tally cells."""
        return len(self.streams) * len(self.departments) * self.hours

    def cell(self, stream: int, department: int, hour: int = 0) -> int:
        """The cell index of a stream, department and hour."""
        return (stream * len(self.departments) + department) * self.hours + hour


@dataclass
class Levels:
    """Time-weighted totals of one replication, from the engine."""

    line_busy_seconds: dict[str, float]
    line_peak: dict[str, int]
    staff_busy_seconds: dict[str, float]
    """Keyed ``DEPT/N``."""
    staff_answered: dict[str, int]
    staff_department: dict[str, str]
    department_counts: dict[str, dict[str, float]] = field(default_factory=dict)
    staff_present_seconds: dict[str, float] = field(default_factory=dict)
    """Measured seconds each member was on shift (all of the measured time without shifts)."""


@dataclass
class _Sums:
    """The counters of one scope, summed over its cells, split by direction."""

    arrived: tuple[float, float, float]
    """Attempts (inbound, outbound, internal) counted as they entered: what was offered,
    and what shares of attempts are shares of."""
    counts_in: np.ndarray
    counts_out: np.ndarray
    counts_internal: np.ndarray
    """Attempts by outcome."""
    wait_sum: float
    waited: int
    within: int
    answered_wait: float
    callers: float
    gave_up: float
    talk_in: float
    talk_out: float
    """Seconds of conversation on outside lines, inbound and outbound."""
    talk_answered: float
    """Seconds of conversation of the inbound attempts answered (cut off included)."""
    hist: np.ndarray | None
    callbacks: tuple[float, float, float, float] | None = None
    """Callbacks offered, taken, reached, and the seconds from taking to reaching them
    (None: no department offers callbacks)."""


def _figures(sums: _Sums) -> dict[str, float]:
    """Figures of one scope from its summed counters."""
    counts_in, counts_out, counts_internal = sums.counts_in, sums.counts_out, sums.counts_internal
    wait_sum, waited, within = sums.wait_sum, sums.waited, sums.within
    answered_wait, callers, gave_up = sums.answered_wait, sums.callers, sums.gave_up
    talk_in, talk_out, hist = sums.talk_in, sums.talk_out, sums.hist
    arrived = sums.arrived
    c = counts_in
    out: dict[str, float] = {}
    inbound, outbound, internal = (int(a) for a in arrived)
    for o in Outcome:
        if sums.callbacks is not None or o not in _CALLBACK_OUTCOMES:
            out[o.label] = float(c[o] + counts_out[o] + counts_internal[o])
    out["offered"] = float(inbound + outbound + internal)
    out["inbound"] = float(inbound)
    out["outbound"] = float(outbound)
    out["internal"] = float(internal)
    admitted = int(sum(c[o] for o in _ADMITTED))  # inbound only
    talked = int(sum(c[o] for o in _TALKED))
    nan = math.nan
    # shares of the inbound attempts: the outcomes, with answered split by the answer
    # time, partition them (they add up to 1)
    for share, count in (
        ("p_busy", c[Outcome.BUSY]),
        ("p_queue_full", c[Outcome.QUEUE_FULL]),
        ("p_abandon", c[Outcome.ABANDONED]),
        ("p_unanswered", c[Outcome.UNANSWERED]),
        ("p_no_coverage", c[Outcome.NO_COVERAGE]),
        ("p_dropped", c[Outcome.DROPPED]),
        ("p_voicemail", c[Outcome.VOICEMAIL]),
        ("service_level", within),
        ("p_answered_later", c[Outcome.ANSWERED] - within),
        # nobody talked with the caller: a caller called back was talked with
        ("p_not_answered", inbound - c[Outcome.ANSWERED] - c[Outcome.CALLED_BACK]),
        ("p_wait", waited),
    ):
        out[share] = count / inbound if inbound else nan
    out["mean_wait"] = wait_sum / admitted if admitted else nan
    out["mean_wait_answered"] = answered_wait / talked if talked else nan
    out["callers"] = callers
    out["lost_callers"] = gave_up
    out["p_caller_lost"] = gave_up / callers if callers else nan
    out["talk_minutes"] = (talk_in + talk_out) / 60.0
    out["talk_minutes_in"] = talk_in / 60.0
    out["talk_minutes_out"] = talk_out / 60.0
    out["mean_talk"] = sums.talk_answered / talked if talked else nan
    if hist is not None and hist.sum() > 0:
        out["p50_wait"] = _quantile(hist, 0.50)
        out["p90_wait"] = _quantile(hist, 0.90)
        out["p95_wait"] = _quantile(hist, 0.95)
    else:
        out["p50_wait"] = out["p90_wait"] = out["p95_wait"] = nan
    out["p_blocked"] = counts_out[Outcome.BLOCKED] / outbound if outbound else nan
    if sums.callbacks is not None:
        offered, taken, reached, cb_wait = sums.callbacks
        out["callbacks_offered"] = offered
        out["callbacks_taken"] = taken
        out["p_callback_taken"] = taken / offered if offered else nan
        out["mean_callback_wait"] = cb_wait / reached if reached else nan
        for share, o in (
            ("p_called_back", Outcome.CALLED_BACK),
            ("p_callback_failed", Outcome.CALLBACK_FAILED),
        ):
            out[share] = c[o] / inbound if inbound else nan
    return out


_CALLBACK_OUTCOMES = (Outcome.CALLED_BACK, Outcome.CALLBACK_FAILED)


class _Counters:
    """A tally's counters as arrays shaped ``(section, stream, department, hour)``."""

    def __init__(self, tally: Tally, layout: Layout) -> None:
        n_s, n_d, n_h = len(layout.streams), len(layout.departments), layout.hours
        if tally.cells != layout.cells:
            raise ValueError(f"tally has {tally.cells} cells per section, layout {layout.cells}")
        shape = (3, n_s, n_d, n_h)
        self.shape = (n_s, n_d, n_h)
        inbound = np.asarray(layout.stream_inbound, dtype=bool)
        internal = np.asarray(layout.stream_internal or [False] * n_s, dtype=bool)
        self.inbound = inbound
        self.outbound = ~inbound & ~internal
        self.internal = internal
        in3 = inbound[:, None, None]
        self.counts = np.asarray(tally.counts, dtype=float).reshape(*shape, N_OUT)
        self.talk = np.asarray(tally.talk_sum).reshape(shape)
        self.talk_answered = np.asarray(tally.talk_answered).reshape(shape)
        self.outside_talk = np.asarray(tally.outside_talk).reshape(shape)
        # waits and service levels are about callers: inbound streams only
        self.wait_sum = np.asarray(tally.wait_sum).reshape(shape) * in3
        self.waited = np.asarray(tally.waited, dtype=float).reshape(shape) * in3
        self.within = np.asarray(tally.within, dtype=float).reshape(shape) * in3
        self.answered_wait = np.asarray(tally.answered_wait).reshape(shape) * in3
        self.arrived = np.asarray(tally.arrived, dtype=float).reshape(n_s, n_d, n_h)
        self.handed = np.asarray(tally.handed, dtype=float).reshape(n_s, n_d, n_h)
        self.first = np.asarray(tally.first, dtype=float).reshape(n_s, n_d, n_h)
        self.gave_up = np.asarray(tally.gave_up, dtype=float).reshape(n_s, n_d, n_h)
        self.callbacks = (
            [
                np.asarray(x, dtype=float).reshape(shape)
                for x in (tally.cb_offered, tally.cb_taken, tally.cb_reached, tally.cb_wait)
            ]
            if layout.callbacks
            else None
        )
        # the wait histograms stay sparse: only cells where someone was answered have one
        self.hists: list[tuple[int, int, int, int, np.ndarray]] = []
        for cell, h in tally.hist.items():
            sec, rest = divmod(cell, layout.cells)
            st, rest = divmod(rest, n_d * n_h)
            d, hr = divmod(rest, n_h)
            if inbound[st]:
                if isinstance(h, list):
                    dense = np.asarray(h, dtype=float)
                else:
                    dense = np.zeros(HIST_SECONDS + 2)
                    dense[list(h)] = list(h.values())
                self.hists.append((sec, st, d, hr, dense))


class _View:
    """The counters of one way of counting: attempts, or departments' parts.

    Attempts (sections 0 and 1) were offered where they entered the system; a
    department's parts (sections 0 and 2) were offered there or passed on to it
    (*handed*).
    """

    def __init__(self, c: _Counters, sections: tuple[int, int], handed: bool) -> None:
        a, b = sections
        self.sections = sections
        arrived = c.arrived + c.handed if handed else c.arrived
        self.arrived_in = arrived * c.inbound[:, None, None]
        self.arrived_out = arrived * c.outbound[:, None, None]
        self.arrived_internal = arrived * c.internal[:, None, None]
        counts = c.counts[a] + c.counts[b]
        talk = c.talk[a] + c.talk[b]
        in3 = c.inbound[:, None, None]
        self.counts_in = counts * c.inbound[:, None, None, None]
        self.counts_out = counts * c.outbound[:, None, None, None]
        self.counts_internal = counts * c.internal[:, None, None, None]
        self.talk_in = talk * in3
        # outside conference participants were dialled out, whatever the call
        self.talk_out = talk * c.outbound[:, None, None] + c.outside_talk[a] + c.outside_talk[b]
        self.talk_answered_in = (c.talk_answered[a] + c.talk_answered[b]) * in3
        self.wait_sum = c.wait_sum[a] + c.wait_sum[b]
        self.waited = c.waited[a] + c.waited[b]
        self.within = c.within[a] + c.within[b]
        self.answered_wait = c.answered_wait[a] + c.answered_wait[b]
        self.hists = [h for h in c.hists if h[0] in sections]
        self.first = c.first
        self.gave_up = c.gave_up
        self.callbacks = None if c.callbacks is None else [x[a] + x[b] for x in c.callbacks]

    def figures(
        self,
        streams: list[int] | None = None,
        departments: list[int] | None = None,
        hours: list[int] | None = None,
    ) -> dict[str, float]:
        """The figures of the cells in the given rows (None: all of them)."""
        n_s, n_d, n_h = self.first.shape
        idx = np.ix_(
            np.arange(n_s) if streams is None else np.asarray(streams, dtype=int),
            np.arange(n_d) if departments is None else np.asarray(departments, dtype=int),
            np.arange(n_h) if hours is None else np.asarray(hours, dtype=int),
        )
        pick_s = None if streams is None else set(streams)
        pick_d = None if departments is None else set(departments)
        pick_h = None if hours is None else set(hours)
        hist = np.zeros(HIST_SECONDS + 2)
        for _, s, d, hr, h in self.hists:
            if (
                (pick_s is None or s in pick_s)
                and (pick_d is None or d in pick_d)
                and (pick_h is None or hr in pick_h)
            ):
                hist += h
        return _figures(
            _Sums(
                arrived=(
                    float(self.arrived_in[idx].sum()),
                    float(self.arrived_out[idx].sum()),
                    float(self.arrived_internal[idx].sum()),
                ),
                counts_in=self.counts_in[idx].reshape(-1, N_OUT).sum(axis=0),
                counts_out=self.counts_out[idx].reshape(-1, N_OUT).sum(axis=0),
                counts_internal=self.counts_internal[idx].reshape(-1, N_OUT).sum(axis=0),
                wait_sum=float(self.wait_sum[idx].sum()),
                waited=int(self.waited[idx].sum()),
                within=int(self.within[idx].sum()),
                answered_wait=float(self.answered_wait[idx].sum()),
                callers=float(self.first[idx].sum()),
                gave_up=float(self.gave_up[idx].sum()),
                talk_in=float(self.talk_in[idx].sum()),
                talk_out=float(self.talk_out[idx].sum()),
                talk_answered=float(self.talk_answered_in[idx].sum()),
                hist=hist,
                callbacks=(
                    None
                    if self.callbacks is None
                    else (
                        float(self.callbacks[0][idx].sum()),
                        float(self.callbacks[1][idx].sum()),
                        float(self.callbacks[2][idx].sum()),
                        float(self.callbacks[3][idx].sum()),
                    )
                ),
            )
        )


def replication_figures(
    tally: Tally, layout: Layout, levels: Levels
) -> dict[tuple[str, str], float]:
    """All figures of one replication, keyed ``(metric, scope)``."""
    counters = _Counters(tally, layout)
    attempts = _View(counters, (0, 1), handed=False)
    parts = _View(counters, (0, 2), handed=True)
    out: dict[tuple[str, str], float] = {}

    def scope(name: str, figures: dict[str, float]) -> None:
        for k, v in figures.items():
            out[(k, name)] = v

    scope("all", attempts.figures())
    by_line: dict[str, list[int]] = {}
    by_number: dict[str, list[int]] = {}
    for i, name in enumerate(layout.streams):
        scope(f"stream:{name}", attempts.figures(streams=[i]))
        by_line.setdefault(layout.stream_line[i], []).append(i)
        by_number.setdefault(layout.stream_number[i], []).append(i)
    for line, rows in by_line.items():
        if line:
            scope(f"line:{line}", attempts.figures(streams=rows))
    if len(by_number) > 1 or len(layout.line_capacity) > 1:
        for number, rows in by_number.items():
            if number:
                scope(f"number:{number}", attempts.figures(streams=rows))
    for j, name in enumerate(layout.departments):
        scope(f"department:{name}", parts.figures(departments=[j]))
    if layout.hourly:
        arrived = counters.arrived
        for hour in range(24):
            if arrived[:, :, hour].sum() > 0:
                scope(f"hour:{hour:02d}", attempts.figures(hours=[hour]))
    out.update(_level_figures(layout, levels))
    return out


def _level_figures(layout: Layout, levels: Levels) -> dict[tuple[str, str], float]:
    """Figures of lines and staff from the time-weighted totals of a replication."""
    out: dict[tuple[str, str], float] = {}
    t = layout.measured_seconds
    for line, cap in layout.line_capacity.items():
        busy = levels.line_busy_seconds.get(line, 0.0)
        out[("busy_channels", f"line:{line}")] = busy / t
        out[("channel_occupancy", f"line:{line}")] = busy / (t * cap)
        out[("peak_channels", f"line:{line}")] = float(levels.line_peak.get(line, 0))
    dept_busy: dict[str, float] = {}
    dept_present: dict[str, float] = {}
    dept_staff: dict[str, int] = {}
    dept_answered: dict[str, list[int]] = {}
    for member, busy in levels.staff_busy_seconds.items():
        dept = levels.staff_department[member]
        answered = levels.staff_answered.get(member, 0)
        present = levels.staff_present_seconds.get(member, t)
        out[("answered", f"staff:{member}")] = float(answered)
        out[("staff_occupancy", f"staff:{member}")] = busy / present if present else math.nan
        dept_busy[dept] = dept_busy.get(dept, 0.0) + busy
        dept_present[dept] = dept_present.get(dept, 0.0) + present
        dept_staff[dept] = dept_staff.get(dept, 0) + 1
        dept_answered.setdefault(dept, []).append(answered)
    total_busy = 0.0
    total_present = 0.0
    for dept, busy in dept_busy.items():
        n = dept_staff[dept]
        total_busy += busy
        total_present += dept_present[dept]
        out[("staff", f"department:{dept}")] = float(n)
        out[("staff_occupancy", f"department:{dept}")] = (
            busy / dept_present[dept] if dept_present[dept] else math.nan
        )
        out[("fairness", f"department:{dept}")] = jain_index(dept_answered[dept])
    for dept, extra in levels.department_counts.items():
        for key, value in extra.items():
            out[(key, f"department:{dept}")] = float(value)
    staff_total = sum(dept_staff.values())
    if staff_total:
        out[("staff", "all")] = float(staff_total)
        out[("staff_occupancy", "all")] = total_busy / total_present if total_present else math.nan
    return out


def jain_index(values: Iterable[float]) -> float:
    """Jain's fairness index: 1 when all equal, 1/n when one takes everything."""
    v = np.asarray(list(values), dtype=float)
    if v.size == 0 or not v.any():
        return math.nan
    return float(v.sum() ** 2 / (v.size * (v * v).sum()))
