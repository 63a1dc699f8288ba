"""The warm-up of a steady-state run, chosen from the data (MSER-5).

A steady-state run starts with an empty office: no one on the phone, no one on hold.
Figures measured from the start are biased low until the office has filled to its
usual state, and at high load that takes long (at 95% load on 10 people, hours). A
fixed share of the run is either too much or far too little.

:func:`choose_warmup` runs a few pilot replications from empty with nothing cut, and
applies MSER-5 (White 1997; White, Cobb and Spratt 2000; Hoad, Robinson and Davies 2010
found it the most reliable of the automatic warm-up rules): the series of the inbound
callers' waits and of whether each was answered is cut into batches of 5, and the
warm-up is where the rest of the series has the smallest squared standard error of
its mean, ``sum((z_j - mean)^2) / (m - d)^2`` over the batches after *d*. The pilots'
batches (by time) are averaged across replications first, as the method's authors
advise for independent replications.

The cut is searched in the first half of the run. MSER alone cannot see a transient
longer than the run (all of it is transient, and looks steady in the noise), and an
interval over replications needs each to average many swings of the waits. So the
relaxation time of the waits after the cut is estimated from the lag-1 autocorrelation
of 20 batch means per pilot (:func:`relaxation_hours`); a run shorter than
:data:`SETTLE` relaxation times is too short to trust. The result then says so and how
long a run would be needed, and the runner passes that on to the user. A ``warmup:``
given in the scenario file always wins.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from teletraffic.records import CallRecord, Outcome, PartRecord

__all__ = ["Warmup", "choose_warmup", "mser"]

BATCH = 5
"""MSER-5: observations per batch."""
SETTLE = 24.0
"""A run is long enough when it lasts this many relaxation times of the waits."""
TALKS = 5.0
"""The warm-up is at least this many mean talk times of the longest-talking stream."""
PILOTS = 3
"""Pilot replications at most (fewer for runs of few replications)."""


@dataclass(frozen=True)
class Warmup:
    """The warm-up chosen for a steady-state run."""

    seconds: float
    """Time cut from the start of each replication."""
    chosen: str
    """``"file"`` (the scenario's ``warmup:``), ``"MSER-5"`` (from the data), or
    ``"default"`` (5% of the run: too few inbound calls to choose from data)."""
    too_short: bool = False
    """The data had not settled by the middle of the run: figures are not to be trusted."""
    recommended_hours: float | None = None
    """When too short: a run length (measured hours) that would settle."""

    def sentence(self) -> str:
        """What the warm-up was, in words, with a warning when the run is too short."""
        hours = self.seconds / 3600.0
        how = {
            "file": "as the scenario file gives it",
            "MSER-5": "chosen from the data by MSER-5",
            "default": "5% of the run: too few incoming calls to choose it from the data",
        }[self.chosen]
        text = f"Warm-up {hours:.3g} h, {how}."
        if self.too_short:
            text += (
                " The run is too short to trust: its waits drift over hours, and a run "
                "must last many times that to average them out. Run at least "
                f"{self.recommended_hours:,.0f} hours (period: {{hours: "
                f"{self.recommended_hours:.0f}}})."
            )
        return text


class _Pilot:
    """Observer of a pilot replication: inbound attempts' arrival, wait and outcome."""

    def __init__(self, inbound: list[bool]) -> None:
        self.inbound = inbound
        self.times: list[float] = []
        self.wait: list[float] = []
        self.lost: list[float] = []

    def arrival(self, stream: int, department: int, time: float, measured: bool) -> None:
        """Not needed: attempts are taken as they end."""

    def handoff(self, stream: int, department: int, arrival: float) -> None:
        """Not needed."""

    def part(self, record: PartRecord) -> None:
        """Not needed."""

    def attempt(self, record: CallRecord) -> None:
        """Keep an inbound attempt's arrival, wait and whether it was answered."""
        if self.inbound[record.stream]:
            self.times.append(record.arrival)
            self.wait.append(record.wait)
            self.lost.append(0.0 if record.outcome == Outcome.ANSWERED else 1.0)


def mser(batches: np.ndarray) -> int:
    """MSER's cut in a series of batch means: the *d* that minimises
    ``sum((z_j - mean_d)^2) / (m - d)^2`` over the batches ``j > d``, searched over the
    first half of the series (past it, what is left is too little to judge).
    """
    z = np.asarray(batches, dtype=float)
    m = z.size
    if m < 4:
        return 0
    # suffix sums give every d's statistic at once
    rev = z[::-1]
    count = np.arange(1, m + 1, dtype=float)
    mean = np.cumsum(rev) / count
    sq = np.cumsum(rev * rev) / count
    ssd = np.maximum(sq - mean * mean, 0.0) * count  # squared deviations of the last k
    stat = (ssd / count**2)[::-1]  # index d: the batches d..m-1
    return int(np.argmin(stat[: m // 2 + 1]))


def _longest_talk(scenario: object) -> float:
    """The longest mean talk time of the scenario's streams, in seconds."""
    longest = 0.0
    for stream in getattr(scenario, "traffic", ()):
        talk = stream.talk
        mean = talk.expected if hasattr(talk, "expected") else float(talk)
        longest = max(longest, float(mean))
    return longest


def relaxation_hours(z: np.ndarray, hours: float, batches: int = 20) -> float:
    """How long the series remembers where it was, in hours: the time constant ``tau``
    of the lag-1 autocorrelation ``r`` of *batches* batch means, ``r = exp(-L / tau)``
    for batches of length ``L`` (an exponential decay of correlation, as a birth-death
    queue's relaxes). Infinite when the batch means are almost perfectly correlated (the
    series has not turned once in the run); 0 when uncorrelated.
    """
    z = z[~np.isnan(z)]
    batches = min(batches, z.size // 2)
    if batches < 8:
        return math.inf  # too little to tell how long it remembers
    means = np.array([b.mean() for b in np.array_split(z, batches)])
    dev = means - means.mean()
    denom = float((dev * dev).sum())
    if denom == 0.0:
        return 0.0
    r = float((dev[:-1] * dev[1:]).sum()) / denom
    if r <= 0.0:
        return 0.0
    if r >= 0.999:
        return math.inf
    return -(hours / batches) / math.log(r)


def _series(times: np.ndarray, values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Mean of *values* in each time bin (NaN where a bin has none)."""
    idx = np.searchsorted(edges, times, side="right") - 1
    idx = np.clip(idx, 0, edges.size - 2)
    total = np.bincount(idx, weights=values, minlength=edges.size - 1)
    n = np.bincount(idx, minlength=edges.size - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


def choose_warmup(scenario: object, seed: int, replications: int) -> Warmup:
    """The warm-up for a steady-state *scenario* run with *replications* and *seed*.

    Given in the file: that. Otherwise pilot replications (1 to :data:`PILOTS`, about
    one per five replications) are run from empty over the run's measured length, and
    MSER-5 chooses the cut (see the module's description). Same scenario and seed, same
    warm-up.
    """
    from teletraffic.engine import run_replication
    from teletraffic.scenario import Scenario

    assert isinstance(scenario, Scenario)
    period = scenario.period
    if period.warmup is not None:
        return Warmup(period.warmup, "file")
    assert period.hours is not None
    horizon = period.hours * 3600.0
    pilot = scenario.model_copy(update={"period": period.model_copy(update={"warmup": 0.0})})
    inbound = [s.inbound for s in scenario.traffic]
    runs: list[_Pilot] = []
    for r in range(min(PILOTS, max(1, replications // 5))):
        obs = _Pilot(inbound)
        # replication numbers past the run's own: pilots draw their own callers
        run_replication(pilot, 1_000_000 + r, seed, obs)
        runs.append(obs)
    calls = min(len(p.times) for p in runs)
    if calls < 20 * BATCH:
        return Warmup(period.warmup_seconds, "default")
    bins = max(4, min(1000, calls // BATCH))
    edges = np.linspace(0.0, horizon, bins + 1)
    cut = 0
    series: dict[str, np.ndarray] = {}
    """Each pilot's binned series, by name."""
    for name in ("wait", "lost"):
        stack = []
        for p in runs:
            t = np.asarray(p.times)
            v = np.asarray(getattr(p, name))
            stack.append(_series(t[t < horizon], v[t < horizon], edges))
        with warnings.catch_warnings():  # a bin no pilot had a caller in is NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            z = np.nanmean(np.vstack(stack), axis=0)
        where = np.flatnonzero(~np.isnan(z))  # bins where some pilot had a caller
        d = mser(z[where])
        cut = max(cut, int(where[d]) if where.size else 0)
        series[name] = np.vstack(stack)
    cut = min(cut, bins // 2)
    # never less than a few mean talk times: a loss system relaxes at the rate calls end
    # (its state forgets the start as e^(-t / talk)), which MSER's noisy cut can miss
    floor = min(TALKS * _longest_talk(scenario), horizon / 2)
    cut = max(cut, int(np.searchsorted(edges, floor)))
    seconds = float(edges[cut])
    hours = period.hours * (1.0 - cut / bins)
    tau = float(np.median([relaxation_hours(z[cut:], hours) for z in series["wait"]]))
    if tau * SETTLE > hours:
        # a run of 1.5 times the length that would just settle, and never less than
        # twice this one (four times when the waits did not turn once in it)
        want = 1.5 * SETTLE * tau if math.isfinite(tau) else 4.0 * period.hours
        want = max(2.0 * period.hours, want)
        return Warmup(seconds, "MSER-5", True, 10.0 * math.ceil(want / 10.0))
    return Warmup(seconds, "MSER-5")
