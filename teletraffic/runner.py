"""Replications, seeds and executors: from a scenario to result tables.

Replication *r* of a run seeded *s* draws every random number from streams keyed by
``(s, r, name, purpose)`` (see :func:`teletraffic.distributions.stream_rng`). So a
replication gives the same numbers whether it runs first or last, in this process or
in a worker process, on any machine: serial and parallel runs are identical, and two
set-ups run with the same seed see the same callers (common random numbers).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from teletraffic.engine import run_replication
from teletraffic.errors import InputError
from teletraffic.records import Outcome
from teletraffic.scenario import Scenario
from teletraffic.summary import Figures
from teletraffic.summary import figure_table as _table
from teletraffic.summary import interval as _interval
from teletraffic.summary import tables as _tables
from teletraffic.tally import METRICS, Layout, Levels, Tally, replication_figures
from teletraffic.work import MIN_TASK_SECONDS, Work, check_work, estimate_work

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.precision import Precision, PrecisionReached
    from teletraffic.records import CallTable
    from teletraffic.warmup import Warmup

__all__ = [
    "KEY_FIGURES",
    "SimulationResult",
    "Work",
    "check_work",
    "estimate_work",
    "layout_of",
    "replicate",
    "simulate",
]

Progress = Callable[[int, int], None]

KEY_FIGURES: tuple[str, ...] = (
    "offered",
    "answered",
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "p_not_answered",
    "p_wait",
    "mean_wait",
    "p90_wait",
    "service_level",
    "channel_occupancy",
    "staff_occupancy",
)
"""The figures the command line shows first."""


def layout_of(scenario: Scenario) -> Layout:
    """How the tally cells of *scenario* map to streams, departments and hours."""
    depts = scenario.effective_departments
    routes = scenario.effective_routes
    lines, numbers = [], []
    for s in scenario.traffic:
        if s.dial is not None:
            lines.append(scenario.line_of(s.dial).name)
            numbers.append(s.dial)
        elif s.to is not None:
            lines.append("")
            numbers.append("")
        else:
            dept_line = next((d.line for d in depts if d.name == s.from_), None)
            only = scenario.lines[0].name if len(scenario.lines) == 1 else ""
            lines.append(s.line or dept_line or only)
            numbers.append("")
    del routes
    return Layout(
        streams=[s.name for s in scenario.traffic],
        stream_inbound=[s.inbound for s in scenario.traffic],
        stream_line=lines,
        stream_number=numbers,
        departments=[d.name for d in depts],
        hourly=not scenario.period.steady,
        measured_seconds=scenario.period.measured_seconds,
        line_capacity={line.name: line.call_capacity for line in scenario.lines},
        stream_internal=[s.to is not None for s in scenario.traffic],
        callbacks=any(d.callback is not None for d in depts),
    )


def replicate(
    scenario: Scenario,
    replication: int,
    seed: int,
    *,
    keep_log: bool = False,
    arrivals: Mapping[str, Sequence[float]] | None = None,
) -> tuple[Figures, CallTable | None]:
    """One replication of *scenario*: its figures by ``(metric, scope)`` and its call log.

    The log (every attempt's record) is kept when *keep_log*; *arrivals* replaces the
    random arrival times of the streams named (exact cases in tests).
    """
    figures, log, _ = _replication(
        scenario, replication, seed, keep_log=keep_log, arrivals=arrivals
    )
    return figures, log


CallSeconds = dict[tuple[str, str], dict[int, int]]
"""Calls on outside lines by ``(stream, "in" | "out")`` and whole started seconds."""


def _replication(
    scenario: Scenario,
    replication: int,
    seed: int,
    *,
    keep_log: bool | str = False,
    arrivals: Mapping[str, Sequence[float]] | None = None,
) -> tuple[Figures, CallTable | None, CallSeconds]:
    """:func:`replicate`, with the calls by duration that billing needs."""
    layout = layout_of(scenario)
    tally = Tally(layout, scenario.answer_time)
    rep = run_replication(scenario, replication, seed, tally, keep_log=keep_log, arrivals=arrivals)
    levels = Levels(
        line_busy_seconds=rep.line_busy_seconds,
        line_peak=rep.line_peak,
        staff_busy_seconds=rep.staff_busy_seconds,
        staff_answered=rep.staff_answered,
        staff_department=rep.staff_department,
        department_counts=rep.department_counts,
        staff_present_seconds=rep.staff_present_seconds,
    )
    return replication_figures(tally, layout, levels), rep.log, tally.call_seconds(layout)


def _replicate(
    args: tuple[Scenario, int, int, bool | str],
) -> tuple[Figures, CallTable | None, CallSeconds]:
    """:func:`replicate` for a process pool: one picklable argument."""
    scenario, replication, seed, keep_log = args
    return _replication(scenario, replication, seed, keep_log=keep_log)


def replicate_batch(
    scenario: Scenario, start: int, stop: int, seed: int, keep_log: bool | str = False
) -> Results:
    """Replications ``start .. stop - 1`` of *scenario*, in order: one task of an executor.

    Each replication draws from its own streams (keyed by seed and replication number),
    so how replications are cut into batches, and where each batch runs, changes no
    figure. A module-level function, so that any executor (a process pool, a Dask
    cluster) can send it to its workers by reference.
    """
    return [_replication(scenario, r, seed, keep_log=keep_log) for r in range(start, stop)]


@dataclass
class SimulationResult:
    """What a simulation found, as plain tables.

    *summary*: one row per figure and scope, with columns ``metric, scope, mean,
    ci_low, ci_high, std, n`` (the interval at *level*). *replications*: one row per
    replication, one column per ``(metric, scope)``. *calls*: the CRM-style call log,
    when asked for. *call_seconds*: for each replication, the calls carried on outside
    lines by ``(stream, "in" | "out")`` and whole started seconds of talk (what billing
    increments round; :mod:`teletraffic.costs` charges them).
    """

    scenario: Scenario
    seed: int
    level: float
    summary: pd.DataFrame
    replications: pd.DataFrame
    calls: pd.DataFrame | None = None
    metrics: dict[str, str] = field(default_factory=lambda: dict(METRICS))
    call_seconds: list[CallSeconds] = field(default_factory=list)
    call_tables: list[CallTable | None] = field(default_factory=list)
    """With ``call_log=FOLDER``: each replication's call log, in files in that folder
    (:class:`~teletraffic.records.CallTable`; :func:`teletraffic.cdr.simulated.write_crm`
    writes them as calls.csv); ``calls`` is then None."""
    warmup: Warmup | None = None
    """Steady-state runs: the warm-up cut from each replication and how it was chosen."""

    precision: PrecisionReached | None = None
    """Runs with a precision wish: whether it was met, at how many replications."""

    @property
    def notes(self) -> list[str]:
        """What a reader of the figures must know: the seed, the warm-up, warnings."""
        out = [
            f"Seed {self.seed}, {len(self.replications)} replications: the same seed gives "
            "the same figures; another seed (--seed N) gives an independent run."
        ]
        if self.warmup is not None:
            out.append(self.warmup.sentence())
        if self.precision is not None:
            out.append(self.precision.sentence())
        return out

    def value(self, metric: str, scope: str = "all") -> float:
        """The mean over replications of *metric* in *scope*."""
        row = self._row(metric, scope)
        return float(row["mean"])

    def ci(
        self, metric: str, scope: str = "all", level: float | None = None
    ) -> tuple[float, float]:
        """Confidence interval of *metric* in *scope* (at *level*, default the run's)."""
        if level is None or level == self.level:
            row = self._row(metric, scope)
            return float(row["ci_low"]), float(row["ci_high"])
        self._row(metric, scope)  # a figure that is not there: a plain KeyError
        reps = self.replications
        table: dict[tuple[str, str], np.ndarray] = {
            (str(k[0]), str(k[1])): reps[k].to_numpy(dtype=float)
            for k in reps.columns
            if k[1] == scope
        }
        _, lo, hi = _interval(metric, scope, table, level)
        return lo, hi

    def _row(self, metric: str, scope: str) -> Any:
        s = self.summary
        hit = s[(s["metric"] == metric) & (s["scope"] == scope)]
        if hit.empty:
            known = sorted(set(s.loc[s["metric"] == metric, "scope"]))
            raise KeyError(
                f"no figure {metric!r} for scope {scope!r}"
                + (f"; scopes with it: {', '.join(known)}" if known else "")
            )
        return hit.iloc[0]

    def key_figures(self) -> pd.DataFrame:
        """The headline figures per line, department and overall."""
        s = self.summary
        scopes = [
            sc
            for sc in s["scope"].unique()
            if sc == "all" or sc.startswith(("line:", "department:"))
        ]
        keep = s[s["metric"].isin(KEY_FIGURES) & s["scope"].isin(scopes)].copy()
        keep["order"] = keep["metric"].map({m: i for i, m in enumerate(KEY_FIGURES)})
        keep["scope_order"] = keep["scope"].map({sc: i for i, sc in enumerate(scopes)})
        keep = keep.sort_values(["scope_order", "order"]).drop(columns=["order", "scope_order"])
        return keep.reset_index(drop=True)

    def headline(self) -> str:
        """What happened to the callers, in plain sentences (means per replication)."""
        p = self.scenario.period
        span = (
            f"in {p.days} business day{'s' if p.days != 1 else ''}"
            if p.days
            else f"in {p.hours:g} hours"
        )
        streams = self.scenario.traffic

        def total(metric: str, inbound: bool) -> float:
            return sum(
                self.value(metric, f"stream:{s.name}") for s in streams if s.inbound == inbound
            )

        offered = total("offered", True)
        parts = [f"{span.capitalize()}: {offered:,.0f} incoming call attempts"]
        for metric, words in (
            ("busy", "heard busy"),
            ("queue_full", "found the hold queue full"),
            ("abandoned", "hung up on hold"),
            ("unanswered", "were not answered"),
            ("no_coverage", "did not connect"),
            ("dropped", "were cut off"),
            ("voicemail", "went to voicemail"),
            ("called_back", "took a callback and were called back"),
            ("callback_failed", "took a callback that never got through"),
        ):
            try:
                count = total(metric, True)
            except KeyError:  # a figure of callbacks, where no department offers them
                continue
            if count >= 0.5 and offered > 0:
                parts.append(f"{count:,.0f} {words} ({100 * count / offered:.1f}%)")
        text = "; ".join(parts) + f"; {total('answered', True):,.0f} answered"
        wait = self.value("mean_wait")
        if wait == wait and wait > 0:
            text += (
                f", {100 * self.value('service_level'):.0f}% within "
                f"{self.scenario.answer_time:g} s, mean wait on hold {wait:.0f} s"
            )
        text += "."
        out_streams = [s for s in streams if s.from_ is not None and s.to is None]
        if out_streams:
            placed = sum(self.value("placed", f"stream:{s.name}") for s in out_streams)
            blocked = sum(self.value("blocked", f"stream:{s.name}") for s in out_streams)
            text += f" Staff placed {placed:,.0f} calls out"
            if blocked >= 0.5:
                tried = placed + blocked
                text += (
                    f"; {blocked:,.0f} more attempts ({100 * blocked / tried:.1f}%) found "
                    "no free channel"
                )
            text += "."
        return text

    def conservation_errors(self) -> list[str]:
        """Scopes where, in some replication, offered != the sum of the outcomes.

        *offered* is counted where attempts enter (an inbound call reaching its line, a
        member of staff dialling; for a department also the calls passed on to it), apart
        from the outcomes counted as attempts end: an outcome counted twice or not at all
        shows here. Empty unless there is a bug.
        """
        reps = self.replications
        bad: list[str] = []
        labels = [o.label for o in Outcome]
        scopes = {str(col[1]) for col in reps.columns if col[0] == "offered"}
        for scope in sorted(scopes):
            total = sum(reps[(label, scope)] for label in labels if (label, scope) in reps)
            diff = (reps[("offered", scope)] - total).abs()
            if (diff > 0).any():
                bad.append(scope)
        return bad


def simulate(
    scenario: Scenario,
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    *,
    level: float = 0.95,
    call_log: bool | str = False,
    progress: Progress | None = None,
    precision: Precision | str | float | Sequence[Precision] | None = None,
    max_replications: int = 1000,
    executor: Executor | None = None,
    force: bool = False,
) -> SimulationResult:
    """Simulate *scenario* and return its figures with confidence intervals.

    *replications* and *seed* default to the scenario's. *workers* > 1 runs
    replications in that many processes; the numbers are the same as a serial run.
    *call_log* keeps every attempt as a CRM record in ``result.calls``; a folder instead
    of True streams each replication's log to files there (``result.call_tables``).

    *executor*: any :class:`concurrent.futures.Executor` to run the replications on
    instead (a ``ProcessPoolExecutor``, or a Dask cluster's ``Client.get_executor()``).
    Replications go to it in batches that each last about :data:`MIN_TASK_SECONDS`
    (from :func:`estimate_work`), and are taken as they finish; the figures are the same
    as a serial run's with the same seed, whatever the batches and wherever they ran.
    The executor retries as it does (Dask reruns a lost worker's tasks elsewhere).

    Before anything runs, the work is estimated (:func:`estimate_work`): a run that would
    exhaust memory or simulate more than :data:`MAX_ATTEMPTS` call attempts raises
    :class:`~teletraffic.errors.InputError` saying so, and one estimated to take over
    :data:`LONG_RUN_SECONDS` warns (:class:`~teletraffic.errors.LongRunWarning`) with how
    long. *force* skips both: the caller knows.

    *precision* (``0.002``, ``"0.2%"``, ``"p_wait=1%"``, ``"mean_wait=5s"``; see
    :mod:`teletraffic.precision`) runs the *replications* first, then adds replications
    in batches until the figure's interval half-width meets it or *max_replications*
    are done; ``result.precision`` says which. The batches depend only on the figures,
    so the same seed gives the same answer. A list of :class:`~teletraffic.precision.
    Precision` wishes runs until every one is met; ``result.precision`` then tells of
    the one furthest from its wish.

    A steady-state run without a ``warmup:`` in its file cuts the warm-up chosen by
    MSER-5 from pilot replications (:mod:`teletraffic.warmup`); ``result.warmup`` says
    what was cut and warns when the run is too short to trust.
    """
    n = scenario.replications if replications is None else replications
    s = scenario.seed if seed is None else seed
    wishes = _checked(n, workers, executor, level, precision, max_replications)
    _refuse_unsupported(scenario)
    work = estimate_work(scenario, n, workers=workers, call_log=call_log is True)
    if not force:
        check_work(work, stacklevel=3)
    how = _How(workers, executor, work.batch(MIN_TASK_SECONDS))
    run, warmup = _with_warmup(scenario, s, n)
    results = _run(run, range(n), s, call_log, how, progress, n)
    reached = None
    if wishes:
        results, reached = _until_precise(
            run, wishes, results, s, level, how, max_replications, progress
        )
    reps, summary = _tables([figs for figs, _, _ in results], level)
    logs = [log for _, log, _ in results]
    calls = _call_log(scenario, logs) if call_log is True else None
    return SimulationResult(
        scenario=scenario,
        seed=s,
        level=level,
        summary=summary,
        replications=reps,
        calls=calls,
        warmup=warmup,
        precision=reached,
        call_seconds=[seconds for _, _, seconds in results],
        call_tables=logs if isinstance(call_log, str) else [],
    )


Results = list[tuple["Figures", "CallTable | None", "CallSeconds"]]


def _refuse_unsupported(scenario: Scenario) -> None:
    """Raise :class:`~teletraffic.errors.ScenarioError` for what the engine cannot run."""
    from teletraffic.engine import unsupported_features
    from teletraffic.errors import ScenarioError

    problems = unsupported_features(scenario)
    if problems:
        raise ScenarioError([(f, m, None) for f, m in problems], None)


def _with_warmup(
    scenario: Scenario, seed: int, replications: int
) -> tuple[Scenario, Warmup | None]:
    """The scenario as run (a steady state with its warm-up chosen), and that warm-up."""
    if not scenario.period.steady:
        return scenario, None
    from teletraffic.warmup import choose_warmup

    warmup = choose_warmup(scenario, seed, replications)
    if warmup.chosen == "file":
        return scenario, warmup
    period = scenario.period.model_copy(update={"warmup": warmup.seconds})
    return scenario.model_copy(update={"period": period}), warmup


def _checked(
    n: int,
    workers: int,
    executor: Executor | None,
    level: float,
    precision: Precision | str | float | Sequence[Precision] | None,
    max_replications: int,
) -> list[Precision]:
    """:func:`simulate`'s arguments checked (:class:`InputError` naming the one that is
    wrong), and its precision wishes."""
    if n < 1:
        raise InputError(f"replications must be >= 1, got {n}")
    if workers < 1:
        raise InputError(f"workers must be >= 1, got {workers}")
    if executor is not None and workers != 1:
        raise InputError(f"give workers ({workers}) or an executor, not both")
    if not 0.0 < level < 1.0:
        raise InputError(f"level must be between 0 and 1, got {level}")
    wishes: list[Precision] = []
    if precision is not None:
        from teletraffic.precision import Precision, parse_precision

        asked: list[Precision | str | float] = (
            [precision] if isinstance(precision, Precision | str | float) else list(precision)
        )
        wishes = [w if isinstance(w, Precision) else parse_precision(w) for w in asked]
        if not n <= max_replications <= 100_000:
            raise InputError(
                f"max_replications must be between the replications ({n}) and 100000, "
                f"got {max_replications}"
            )
    return wishes


@dataclass(frozen=True)
class _How:
    """Where replications run: here, in *workers* processes, or on an *executor* in
    tasks of *batch* replications."""

    workers: int = 1
    executor: Executor | None = None
    batch: int = 1


def _run(
    scenario: Scenario,
    replications: range,
    seed: int,
    call_log: bool | str,
    how: _How,
    progress: Progress | None,
    total: int,
) -> Results:
    """Replications numbered *replications* of *scenario*, in order, serial or parallel."""
    if how.executor is not None:
        return _run_on(
            how.executor, scenario, replications, seed, call_log, how.batch, progress, total
        )
    workers = how.workers
    jobs = [(scenario, r, seed, call_log) for r in replications]
    results: Results = []
    done = replications.start
    if workers == 1 or len(jobs) == 1:
        for job in jobs:
            results.append(_replicate(job))
            done += 1
            if progress is not None:
                progress(done, total)
    else:
        # multiprocessing's pool, not concurrent.futures': on Ctrl-C or SIGTERM its
        # terminate() (on leaving the with) ends the workers at once and cleanly. The
        # signals are held while it starts (its threads keep them held, so they reach
        # this thread), and one that came meanwhile is raised inside the with.
        stops = {signal.SIGINT, signal.SIGTERM}
        before = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
        try:
            pool = multiprocessing.Pool(
                min(workers, len(jobs)), initializer=_worker_start, initargs=(os.getpid(),)
            )
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
            raise
        with pool:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
            replies = pool.imap(_replicate, jobs)
            for _ in jobs:
                results.append(_next_reply(replies))
                done += 1
                if progress is not None:
                    progress(done, total)
    return results


def _run_on(
    executor: Executor,
    scenario: Scenario,
    replications: range,
    seed: int,
    call_log: bool | str,
    batch: int,
    progress: Progress | None,
    total: int,
) -> Results:
    """*replications* on *executor*, in tasks of *batch*, taken as they finish.

    The batches are put back in replication order, so the figures do not depend on
    which finished first. On an error or an interruption the tasks not started are
    cancelled.
    """
    starts = range(replications.start, replications.stop, batch)
    tasks: dict[Future[Results], int] = {}
    got: dict[int, Results] = {}
    done = replications.start
    try:
        for start in starts:
            stop = min(start + batch, replications.stop)
            task = executor.submit(replicate_batch, scenario, start, stop, seed, call_log)
            tasks[task] = start
        for task in as_completed(tasks):
            part = task.result()
            got[tasks[task]] = part
            done += len(part)
            if progress is not None:
                progress(done, total)
    except BaseException:
        for task in tasks:
            task.cancel()
        raise
    return [result for start in starts for result in got[start]]


def _next_reply(replies: Any) -> Any:
    """The next result of ``Pool.imap``, waited for in short steps.

    A signal that the kernel hands to one of the pool's threads does not wake the main
    thread from a wait without a timeout, so SIGTERM would not be acted upon until the
    next replication ends; a step of 0.2 s lets the handler run at once.
    """
    while True:
        try:
            return replies.next(timeout=0.2)
        except multiprocessing.TimeoutError:
            continue


def _worker_start(parent: int) -> None:
    """Set up a worker process: its parent alone answers Ctrl-C, and it dies with it.

    Ctrl-C reaches every process of the terminal's group; the workers ignore it and the
    parent ends them (``Pool.terminate``). If the parent is killed outright
    (SIGKILL), Linux sends the worker SIGTERM (``prctl(PR_SET_PDEATHSIG)``, see
    prctl(2)); elsewhere a watch thread exits once the parent has gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def headline_metric(scenario: Scenario) -> str:
    """The figure a precision wish is about unless it names one: the busy share, or,
    where the office has a hold queue, the share of callers not answered."""
    queued = scenario.pbx is not None and scenario.pbx.hold is not None
    return "p_not_answered" if queued else "p_busy"


def _until_precise(
    scenario: Scenario,
    wishes: Sequence[Precision],
    results: Results,
    seed: int,
    level: float,
    how: _How,
    cap: int,
    progress: Progress | None,
) -> tuple[Results, PrecisionReached]:
    """Add replications in batches until every one of *wishes* is met or *cap*
    replications are done.

    Each batch is sized from the half-width furthest from its wish
    (:func:`_replications_for`), at least 2 more and at most doubling the run (a
    spread guessed from few replications is often too wide), so the
    sequence of batches, like every replication, depends only on the seed.
    """
    from teletraffic.precision import PrecisionReached

    while True:
        table = _table([figs for figs, _, _ in results])
        n = len(results)
        worst: PrecisionReached | None = None
        worst_ratio = -1.0
        for wish in wishes:
            metric = wish.metric or headline_metric(scenario)
            if (metric, wish.scope) not in table:
                raise InputError(f"--precision: this run has no figure {metric!r}")
            mean, lo, hi = _interval(metric, wish.scope, table, level)
            half = (hi - lo) / 2.0
            if wish.relative:
                half = half / abs(mean) if mean else math.inf
            ratio = half / wish.half_width if math.isfinite(half) else 4.0
            if ratio > worst_ratio:
                worst_ratio = ratio
                worst = PrecisionReached(wish, metric, half, n, bool(ratio <= 1.0), cap)
        assert worst is not None
        if worst.met or n >= cap:
            return results, worst
        nxt = min(cap, max(n + 2, min(2 * n, _replications_for(n, worst_ratio, level))))
        results = results + _run(
            scenario, range(n, nxt), seed, results[0][1] is not None, how, progress, cap
        )


def _replications_for(n: int, ratio: float, level: float) -> int:
    """The replications at which a half-width now *ratio* times its wish, at *n*
    replications, is expected to meet it (with 10% to spare).

    A t interval's half-width is ``t(m - 1) * s / sqrt(m)`` at *m* replications: the
    spread *s* stays, the quantile ``t`` falls as *m* grows (3.25 at 10 replications,
    2.76 at 30, for 99%). The least *m* with ``ratio * t(m - 1) / t(n - 1) * sqrt(n / m)
    <= 1`` is found by halving; counting the quantile's fall, a run of 10 replications
    asks for no more than it needs. A share's interval narrows the same way (its
    effective size shrinks by the same ratio of quantiles).
    """
    if n < 2:
        return math.ceil(1.2 * n * ratio * ratio)
    from scipy import stats

    q = 0.5 + level / 2.0
    now = float(stats.t.ppf(q, n - 1))

    def met(m: int) -> bool:
        return ratio * float(stats.t.ppf(q, m - 1)) / now * math.sqrt(n / m) <= 1.0

    low, high = 1, max(n, 2)  # met(high) once high is large enough; never met(1)
    while not met(high):
        low, high = high, 2 * high
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if met(mid) else (mid, high)
    return math.ceil(1.1 * high)


def _call_log(scenario: Scenario, logs: Sequence[CallTable | None]) -> pd.DataFrame:
    """The call attempts of every replication as CRM records, one row per attempt.

    ``department`` / ``staff`` are who finished the call (for a transferred call, who
    took the transfer); ``first_department`` / ``first_staff`` who answered it first.
    ``talk`` is the caller's conversation (seconds); ``outside_talk`` the seconds outside
    participants of a conference talked, summed over them (each is an outbound call on
    the line). Where a department offers callbacks, ``callback`` (0 none offered, 1
    declined, 2 taken) and ``callback_wait`` (seconds from taking it to answering the
    callback) follow; a callback's talk is an outbound call on the line.
    ``start`` is seconds from the start of the simulated period. Business-day runs lay
    their days end to end, day *d* (0-based) from ``d * 86400`` s, with the office's
    opening hours the same clock times each day, so ``day`` (1-based business day) and
    ``time`` (``HH:MM:SS`` of that day) follow from ``start``. Steady-state runs have no
    days: ``time`` is the time since the start of the run (hours may pass 24).
    """
    from teletraffic.cdr.simulated import call_frame

    return call_frame(scenario, logs)
