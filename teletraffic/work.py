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
from teletraffic.scenario.traffic import Stream

__all__ = ["SearchWork", "Work", "check_search", "check_work", "estimate_work"]


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

MAX_SEARCH_SECONDS = 3600.0
"""Computing a search (a plan: formulas and simulations together) may take without
``--force``: an hour. A plan is a question asked at a desk; one that would take longer
is refused before it starts, saying what makes it smaller."""

SCREEN_SECONDS_PER_CHANNEL = {"formula": 2e-6, "chain": 5e-4}
"""Screening a set-up of *c* channels with a formula: Erlang B and the hold-queue
formulas walk *c* states (measured: 2,116 set-ups of about 1,000 channels in 2.3 s);
Erlang X (redials) solves a chain of attempts for each (measured: 0.01 to 1.2 s for
100 to 1,000 channels at 1,000 erlangs)."""


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


@dataclass(frozen=True)
class SearchWork:
    """What a search over many set-ups (a plan) will ask, estimated before it starts.

    *screens*: set-ups the formulas evaluate, at most; *screen_seconds*: their time;
    *simulations*: set-ups simulated, at most; *runs*: those simulations together (each
    as large as the largest set-up on the menu); *what*: the flags that make the search
    smaller, in words, for the refusal.
    """

    screens: int
    screen_seconds: float
    simulations: int
    runs: Work
    what: str = "fewer replications"

    @property
    def seconds(self) -> float:
        """Wall time at most: the screens, then the simulations over their processes."""
        return self.screen_seconds + self.runs.seconds / max(1, self.runs.processes)

    def describe(self) -> str:
        """The search in numbers."""
        return (
            f"{self.screens:,} set-ups screened with the formulas and up to "
            f"{self.simulations:,} simulated, {self.runs.attempts:,.0f} call attempts in "
            f"{self.runs.replications:,} replications"
        )

    def refusal(self) -> str | None:
        """Why the search would exhaust the machine or take hours; ``None`` if it fits."""
        if self.runs.memory > self.runs.limit:
            return (
                f"this plan would need about {_gigabytes(self.runs.memory)} of memory for "
                f"its simulations (the limit is {_gigabytes(self.runs.limit)}, half of this "
                f"machine's memory); use {self.what}, or give --force (force=True in "
                "Python) to run it anyway"
            )
        if self.seconds > MAX_SEARCH_SECONDS:
            return (
                f"this plan could take {_duration(self.seconds)} ({self.describe()}), more "
                f"than the {_duration(MAX_SEARCH_SECONDS)} a search may take; use "
                f"{self.what}, or give --force (force=True in Python) to run it anyway"
            )
        return None

    def duration_sentence(self) -> str:
        """The long-search notice: how long at most, and why."""
        return f"this plan may take up to {_duration(self.seconds)} ({self.describe()})"


def check_search(work: SearchWork, *, stacklevel: int = 2) -> None:
    """Refuse a search that would exhaust the machine or take hours (:class:`InputError`,
    naming what makes it smaller and that ``--force`` lifts it); warn of one that may take
    more than :data:`LONG_RUN_SECONDS` (:class:`~teletraffic.errors.LongRunWarning`)."""
    why = work.refusal()
    if why is not None:
        raise InputError(why)
    if work.seconds > LONG_RUN_SECONDS:
        warnings.warn(work.duration_sentence(), LongRunWarning, stacklevel=stacklevel + 1)


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


def _attempts(scenario: Scenario, stream: Stream) -> float:
    """Attempts of *stream* in one replication, roughly (first attempts).

    Inbound callers come at the stream's rate. Staff dial out only while free: a call
    that gets through keeps its person for the talk and the wrap-up (*h* hours), one
    that fails (no free channel, no coverage) frees them at once. *P* people dialling
    *r* calls an hour over *T* hours place at most ``P r T c / (1 + r h c)`` calls
    (*c*: the line's coverage), and the line's *N* channels, less the inbound traffic
    on them, carry at most ``N T / t`` calls of *t* hours of talk; the attempts are
    *r* for every hour a person is free, ``r (P T - placed h)``. Two people
    asked to dial a million calls an hour place about 20 calls an hour each, not
    millions. Internal calls are counted at their full rate (what a colleague's
    being busy does is not known before the run).
    """
    rate_based = scenario.expected_calls_per_replication(stream)
    if stream.from_ is None or stream.dial is not None or stream.to is not None:
        return rate_based
    dept = next((d for d in scenario.effective_departments if d.name == stream.from_), None)
    if dept is None or dept.staff <= 0 or rate_based <= 0:
        return rate_based
    people = dept.staff
    r = float(stream.peak_rate)
    hours = rate_based / (people * r) if r > 0 else 0.0
    talk = stream.talk.expected / 3600.0
    hold = talk + dept.wrap_up.expected / 3600.0
    if not (math.isfinite(hours) and hours > 0 and talk > 0):
        return rate_based
    lines = [ln for ln in scenario.lines if stream.line is None or ln.name == stream.line]
    lines = lines or list(scenario.lines)
    coverage = min((ln.coverage for ln in lines), default=1.0)
    inbound = sum(s.peak_rate * s.talk.expected / 3600.0 for s in scenario.traffic if s.dial)
    channels = max(0.0, sum(ln.channels or 1 for ln in lines) - inbound)
    placed = min(
        people * r * hours * coverage / (1.0 + r * hold * coverage),
        channels * hours / talk,
    )
    attempts = max(placed, r * max(0.0, people * hours - placed * hold))
    return min(rate_based, attempts)


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
    per_rep = sum(_attempts(scenario, s) for s in scenario.traffic)
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
