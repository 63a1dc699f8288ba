"""One simulation: build the office of a :class:`~teletraffic.scenario.Scenario`, run it.

The office is built by :func:`~teletraffic.engine.build.build` (arrivals are scheduled
as :mod:`~teletraffic.engine.arrivals` says). Steady-state runs have a warm-up that is
not measured; business-day runs measure the opening hours. The run goes on after the
last arrival until every call in the system has ended, so that every attempt has its
outcome.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from teletraffic.engine.build import Office, build
from teletraffic.engine.features import unsupported_features
from teletraffic.engine.record import CallLog, Observer
from teletraffic.errors import ScenarioError
from teletraffic.records import CallTable
from teletraffic.scenario import Scenario

__all__ = ["Replication", "run_replication", "unsupported_features"]


@dataclass
class Replication:
    """What the engine hands back after one replication."""

    line_busy_seconds: dict[str, float]
    line_peak: dict[str, int]
    staff_busy_seconds: dict[str, float]
    staff_answered: dict[str, int]
    staff_department: dict[str, str]
    callers: int
    log: CallTable | None
    """Every attempt's record, warm-up included, when asked for (*keep_log*); a table
    of columns (:class:`~teletraffic.records.CallTable`) that iterates as :class:`CallRecord`."""
    department_counts: dict[str, dict[str, float]]
    """Per department: measured ``transferred`` (passed on), ``transfers_in``,
    ``transfers_in_answered``, ``redirected`` (passed on unanswered), ``redirected_in``,
    ``conferences``; and, for business days, ``overtime_minutes`` of its staff."""
    staff_present_seconds: dict[str, float]
    """Measured seconds each member was on shift."""


def run_replication(
    scenario: Scenario,
    replication: int,
    seed: int,
    observer: Observer,
    *,
    keep_log: bool | str = False,
    arrivals: Mapping[str, Sequence[float]] | None = None,
) -> Replication:
    """Simulate one replication of *scenario*; *observer* receives what happens.

    Each attempt's :class:`~teletraffic.records.CallRecord` goes to
    ``observer.attempt`` as the attempt ends, and each department's part in a call
    that moved to ``observer.part`` (see :class:`~teletraffic.engine.record.Observer`;
    :class:`teletraffic.tally.Tally` is the one that counts figures). With *keep_log*,
    ``Replication.log`` holds every attempt's record as well; *keep_log* a folder: in a
    file there, written a chunk at a time while the run goes on.

    *arrivals* replaces the random arrivals of the named inbound streams by the given
    times (seconds from the start of the run), to replay a call log or to test the
    mechanism with exact times.

    Raises :class:`~teletraffic.errors.ScenarioError` for parts of the scenario the
    engine cannot simulate.
    """
    problems = unsupported_features(scenario)
    if problems:
        raise ScenarioError([(f, m, None) for f, m in problems], None)

    spill = keep_log if isinstance(keep_log, str) else None
    log = CallLog(observer, spill, replication) if keep_log else None
    office = build(scenario, replication, seed, log or observer, arrivals)
    with _few_collections():
        office.clock.run()
    for desk in office.desks:  # nothing is left waiting, but if it were, it must still end
        office.flow.let_go(desk, final=True)
    return _replication(scenario, office, log)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Run with the cyclic garbage collector seldom awake (restored after).

    The calls in flight are many small objects (a call, its scheduled events) that
    reference counting frees; none forms a cycle. Yet each allocation counts towards
    the collector's next pass, and every pass walks the objects it tracks: with
    thousands of calls in flight (10,000 channels) the passes cost more per call the
    bigger the system. So the youngest generation is collected every 100,000
    allocations, not 700.

    Nothing is frozen (:func:`gc.freeze`): freezing at the start of a run would also
    freeze the garbage earlier runs left, and unfrozen it lands in the oldest
    generation, which is seldom collected. A process making many runs (a sweep, a plan,
    the web page) then grew by about 3.7 MB a run (measured: 180 to 473 MB over 80 runs
    of 20 replications; with the threshold alone, 180 to 184 MB).
    """
    with _GC_LOCK:  # replications run in threads share the one collector
        _GC_STATE["depth"] += 1
        if _GC_STATE["depth"] == 1:
            thresholds = gc.get_threshold()
            _GC_STATE["saved"] = thresholds
            gc.set_threshold(100_000, thresholds[1], thresholds[2])
    try:
        yield
    finally:
        with _GC_LOCK:  # the last run out puts back what the first found
            _GC_STATE["depth"] -= 1
            if _GC_STATE["depth"] == 0:
                gc.set_threshold(*_GC_STATE["saved"])


_GC_LOCK = threading.Lock()
_GC_STATE: dict[str, Any] = {"depth": 0, "saved": (700, 10, 10)}
"""How many runs of this process are inside :func:`_few_collections`, and the
collector's thresholds the first of them found."""


def _replication(scenario: Scenario, office: Office, log: CallLog | None) -> Replication:
    """What the run measured: levels of lines and staff, department counts, the log."""
    period = scenario.period
    trunks, desks, present = office.trunks, office.desks, office.present

    busy_line: dict[str, float] = {}
    for t in trunks:  # clipped to the measured time: only rounding can pass it
        busy, most = t.busy_seconds, period.measured_seconds * t.capacity
        busy_line[t.name] = most if most < busy <= most * (1.0 + 1e-9) else busy
    peak = {t.name: t.peak for t in trunks}
    staff_busy: dict[str, float] = {}
    staff_answered: dict[str, int] = {}
    staff_dept: dict[str, str] = {}
    counts: dict[str, dict[str, float]] = {}
    for desk in desks:
        overtime = 0.0
        for a in desk.agents:
            busy, on_shift = a.busy_seconds, present[a.name]
            # busy time is clipped to the shift windows: only rounding can pass them
            if on_shift < busy <= on_shift * (1.0 + 1e-9):
                busy = on_shift
            staff_busy[a.name] = busy
            staff_answered[a.name] = a.answered
            staff_dept[a.name] = desk.name
            overtime += a.overtime
        counts[desk.name] = {
            "transferred": desk.transfers_out,
            "transfers_in": desk.transfers_in,
            "transfers_in_answered": desk.transfers_in_answered,
            "redirected": desk.redirected_out,
            "redirected_in": desk.redirected_in,
            "conferences": desk.conferences,
        }
        if period.days is not None:
            counts[desk.name]["overtime_minutes"] = overtime / 60.0
    return Replication(
        busy_line,
        peak,
        staff_busy,
        staff_answered,
        staff_dept,
        office.flow.callers,
        log.records if log is not None else None,
        counts,
        present,
    )
