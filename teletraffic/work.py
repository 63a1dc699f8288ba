"""The work of a run, estimated before it starts: memory, call attempts and time.

A run that would exhaust the machine is refused with a message that says why and that
``--force`` (``force=True`` in Python) lifts the refusal; one estimated to take longer than
:data:`LONG_RUN_SECONDS` says how long before it starts.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from teletraffic.errors import InputError, LongRunWarning
from teletraffic.scenario import Scenario

__all__ = ["Work", "check_work", "estimate_work"]


BYTES_PER_CHANNEL = 1_000
"""Memory one outside channel takes in a replication (measured: 100,000 channels in 10
lines, 880 MB)."""

BYTES_PER_PERSON = 2_000
"""Memory one member of staff takes (measured: 10 million staff passed 15 GB in report)."""

BYTES_PER_LOGGED_CALL = 500
"""Memory one attempt of the call log takes until it is written (record and table row)."""

BYTES_PER_FIGURE = 250
"""Memory one figure of one replication takes in the parent until the run ends (its
``(metric, scope)`` key and value in the replication's dictionary, and its cell in the
tables)."""

FIGURES_PER_SCOPE = 20
"""Figures a scope has, about (a department's ~30, a member of staff's 2)."""

MAX_ATTEMPTS = 1_000_000_000
"""Call attempts a run may simulate without ``--force`` (some hours of computing)."""

CALLS_PER_SECOND = 50_000
"""Call attempts one process simulates in a second (measured on shipped scenarios and the
validation models: 50k to 200k; the lower end, so that estimates err long)."""

SECONDS_PER_REPLICATION = 0.05
"""What a replication costs beside its calls: building the model, its figures, the tables."""

SECONDS_PER_OBJECT = 2e-6
"""Each channel and member of staff, per replication: built, then measured."""

MIN_TASK_SECONDS = 1.0
"""Replications sent to an executor are batched so that each task lasts at least this:
shorter tasks would spend more time travelling to a worker than computing."""

LONG_RUN_SECONDS = 600.0
"""A run estimated to take longer says so before it starts (about ten minutes)."""


@dataclass(frozen=True)
class Work:
    """What a run will ask of the machine, estimated before it starts.

    *channels* and *staff*: those a replication keeps in memory (in each worker
    process); *attempts*: call attempts over all replications (first attempts, from the
    traffic's rates); *memory*: bytes at the peak, all processes, the figures and the
    call log together; *limit*: the memory a run may take without ``--force`` (half
    the machine's memory); *scopes*: the scopes figures are kept for (overall, each
    line, number, stream, department, hour and member of staff); *seconds*: computing
    time in one process, all replications (divide by the processes for the wall time).
    """

    channels: int
    staff: int
    processes: int
    attempts: float
    memory: float
    limit: float
    log_memory: float = 0.0
    replications: int = 1
    scopes: int = 1
    seconds: float = 0.0

    def refusal(self) -> str | None:
        """Why the run would exhaust the machine, in plain words; ``None`` if it fits."""
        if self.memory > self.limit:
            return (
                f"this run would need about {_gigabytes(self.memory)} of memory "
                f"({self.channels:,} channels and {self.staff:,} staff in each of "
                f"{self.processes} process{'es' if self.processes != 1 else ''}"
                + (f", {_gigabytes(self.log_memory)} for the call log" if self.log_memory else "")
                + f", figures for {self.scopes:,} scopes in each of {self.replications:,} "
                "replications); "
                f"the limit is {_gigabytes(self.limit)}, half of this machine's memory. "
                "Make the scenario smaller, or give --force (force=True in Python) to run it anyway"
            )
        if self.attempts > MAX_ATTEMPTS:
            return (
                f"this run would simulate about {self.attempts:,.0f} call attempts, more "
                f"than the {MAX_ATTEMPTS:,} that take hours ({self.duration()} in one "
                "process); use fewer replications or a shorter period, or give --force "
                "(force=True in Python) to run it anyway"
            )
        return None

    @property
    def seconds_per_replication(self) -> float:
        """Computing time of one replication."""
        return self.seconds / max(1, self.replications)

    def batch(self, task_seconds: float) -> int:
        """Replications per task so that a task lasts at least *task_seconds*."""
        per = self.seconds_per_replication
        want = math.ceil(task_seconds / per) if per > 0 else self.replications
        return max(1, min(self.replications, want))

    def duration(self, processes: int | None = None) -> str:
        """The estimated wall time in plain words, spread over *processes* (default:
        this run's)."""
        return _duration(self.seconds / max(1, processes or self.processes))

    def duration_sentence(self) -> str:
        """The long-run notice: how long, and why."""
        return (
            f"this run will take about {self.duration()} ({self.attempts:,.0f} call "
            f"attempts in {self.replications:,} replications, {self.processes} "
            f"process{'es' if self.processes != 1 else ''}); "
            "fewer replications or a shorter period make it quicker"
        )

    def plus(self, other: Work) -> Work:
        """Two runs one after the other: the time and attempts add up; memory is the
        larger peak (the first run's figures are kept while the second runs)."""
        run_memory = max(self.memory - self._figure_memory(), other.memory - other._figure_memory())
        figures = self._figure_memory() + other._figure_memory()
        return Work(
            channels=max(self.channels, other.channels),
            staff=max(self.staff, other.staff),
            processes=max(self.processes, other.processes),
            attempts=self.attempts + other.attempts,
            memory=run_memory + figures,
            limit=self.limit,
            log_memory=max(self.log_memory, other.log_memory),
            replications=self.replications + other.replications,
            scopes=max(self.scopes, other.scopes),
            seconds=self.seconds + other.seconds,
        )

    def _figure_memory(self) -> float:
        return self.replications * self.scopes * FIGURES_PER_SCOPE * BYTES_PER_FIGURE


def check_work(work: Work, *, stacklevel: int = 2) -> None:
    """Refuse *work* that would exhaust the machine (:class:`InputError`, saying why and
    that ``--force`` / ``force=True`` lifts it); warn of work estimated to take more than
    :data:`LONG_RUN_SECONDS` (:class:`~teletraffic.errors.LongRunWarning`, saying how
    long), before anything runs."""
    why = work.refusal()
    if why is not None:
        raise InputError(why)
    if work.seconds > LONG_RUN_SECONDS:
        warnings.warn(work.duration_sentence(), LongRunWarning, stacklevel=stacklevel + 1)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:,.0f} days"


def _gigabytes(size: float) -> str:
    return f"{size / 1e9:,.1f} GB" if size >= 1e9 else f"{size / 1e6:,.0f} MB"


def _machine_memory() -> float:
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 16e9


def _scopes(scenario: Scenario, staff: int) -> int:
    """Scopes a replication keeps figures for: overall, each line, number, stream,
    department, hour of the day and member of staff."""
    numbers = sum(len(line.numbers) for line in scenario.lines)
    hours = 0 if scenario.period.steady else 24
    departments = len(scenario.effective_departments)
    return 1 + len(scenario.lines) + numbers + len(scenario.traffic) + departments + hours + staff


def estimate_work(
    scenario: Scenario | Sequence[Scenario],
    replications: int,
    *,
    workers: int = 1,
    call_log: bool = False,
) -> Work:
    """Estimate the memory, the call attempts and the time of a run, before it starts.

    A replication keeps every outside channel and every member of staff as an object
    (about :data:`BYTES_PER_CHANNEL` each), in each of ``min(workers, replications)``
    processes; the parent keeps each replication's figures (:data:`BYTES_PER_FIGURE`
    for each of some :data:`FIGURES_PER_SCOPE` per scope) and the call log
    (:data:`BYTES_PER_LOGGED_CALL` per attempt of every replication) until it is
    written. A scenario of 1,000 lines of 100,000 channels (100 million channels, about
    100 GB) is refused by :meth:`Work.refusal` on any ordinary machine, not left to run
    out of memory.

    The time is the attempts at :data:`CALLS_PER_SECOND`, plus
    :data:`SECONDS_PER_REPLICATION` and :data:`SECONDS_PER_OBJECT` per channel and
    member of staff for each replication. Several scenarios (a comparison, a sweep) are
    runs one after the other (:meth:`Work.plus`).
    """
    if not isinstance(scenario, Scenario):
        items = list(scenario)
        total = estimate_work(items[0], replications, workers=workers, call_log=call_log)
        for other in items[1:]:
            total = total.plus(
                estimate_work(other, replications, workers=workers, call_log=call_log)
            )
        return total
    channels = sum(line.channels or 1 for line in scenario.lines)
    staff = sum(d.staff for d in scenario.effective_departments)
    processes = max(1, min(workers, replications))
    per_rep = sum(scenario.expected_calls_per_replication(s) for s in scenario.traffic)
    attempts = per_rep * replications
    log = attempts * BYTES_PER_LOGGED_CALL if call_log else 0.0
    scopes = _scopes(scenario, staff)
    figures = replications * scopes * FIGURES_PER_SCOPE * BYTES_PER_FIGURE
    memory = processes * (channels * BYTES_PER_CHANNEL + staff * BYTES_PER_PERSON) + log + figures
    seconds = replications * (
        SECONDS_PER_REPLICATION
        + per_rep / CALLS_PER_SECOND
        + (channels + staff) * SECONDS_PER_OBJECT
    )
    return Work(
        channels,
        staff,
        processes,
        attempts,
        memory,
        _machine_memory() / 2,
        log,
        replications=replications,
        scopes=scopes,
        seconds=seconds,
    )
