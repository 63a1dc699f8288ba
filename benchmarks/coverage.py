"""Coverage of the confidence intervals: how often they hold the exact value.

For each model with an exact value, seeded runs (each a whole ``simulate`` with the
default replications, as a user would run it) are made, and the share of runs whose 95%
interval holds the exact value is printed with its own 95% Wilson interval
(``scipy.stats.binomtest``). A nominal 95% interval should hold it in 93-97% of runs.
The share is itself a binomial count: with 200 runs its standard error is 1.5 points, so
a correct interval lands outside 93-97% in 14% of rows. Cheap rows therefore take more
runs (300 or 400; the ``runs`` column says how many; ``--runs`` scales them all),
within 10 minutes on 2 cores (about 1,000 CPU seconds; row 7, which shows the warning
of a run too short to trust, takes 100). Even so, a correct interval puts at least one of the 15
figures of the table outside 93-97% in about 70% of tables; the table says how likely
that was for the runs it made (``scipy.stats.binom``).

Rows: Erlang B at 0.1%, 1% and 10% busy; Erlang C at 70% load (and with 5
replications) and at 95% load (mean wait, with the warm-up chosen from the data, and at
the length the run recommends); Erlang A; an office open 09:00-18:00 whose calls follow
an hourly profile, whose exact per-hour busy share comes from the Kolmogorov forward
equations of the birth-death process (each day starts empty at opening; rates are
constant within an hour, so each hour is a matrix exponential). Row 6, the fixed
warm-up of version 0.x, runs only when asked (``--rows 6``).

The simulation is the cost; scoring an interval is not. So the same runs are also scored
under each candidate interval of a share (Korn and Graubard's effective sample size with
a Clopper-Pearson, Jeffreys, mid-p or Wilson interval at that size, with and without the
Student-t shrink of the size) and of a mean time (Student-t on the log scale or plain),
printed in a second table. ``--save`` keeps the runs' figures and ``--load`` scores them
again without simulating: the interval of :func:`teletraffic.stats.share_interval` was
chosen on one set of seeds (first seed 10,000) and checked on another (50,000); the
README quotes both.

    .venv/bin/python benchmarks/coverage.py                     # the full table
    .venv/bin/python benchmarks/coverage.py --first-seed 50000  # other seeds
    .venv/bin/python benchmarks/coverage.py --runs 20           # a quick look
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from teletraffic import erlang
from teletraffic.runner import simulate
from teletraffic.scenario import scenario_from_dict

TALK = 180.0
PROFILE = {"09": 8, "10": 40, "11": 60, "12": 50, "13": 20, "14": 50, "15": 60, "16": 40, "17": 12}
PROFILE_CHANNELS = 4


@dataclass(frozen=True)
class Row:
    """A model, the figures checked and their exact values."""

    name: str
    spec: dict[str, Any]
    checks: tuple[tuple[str, str, Callable[[], float]], ...]
    """``(metric, scope, exact value)``."""
    replications: int | None = None
    """None: the scenario's default (20)."""
    runs: int = 200
    """Seeded runs of this row when ``--runs`` is 200 (in proportion otherwise)."""


def _line(channels: int) -> list[dict[str, Any]]:
    return [{"name": "trunk", "kind": "multichannel", "numbers": ["100"], "channels": channels}]


def _calls(rate: Any, talk: float, patience: float | None = None) -> list[dict[str, Any]]:
    s: dict[str, Any] = {"name": "callers", "dial": "100", "calls_per_hour": rate, "talk": talk}
    if patience is not None:
        s["patience"] = patience
    return [s]


def _queue(staff: int) -> dict[str, Any]:
    return {
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "staff", "staff": staff, "strategy": "linear"}],
    }


def _erlang_b_row(busy: float, callers: float) -> Row:
    """10 channels offered the traffic that gives *busy*; *callers* in a run in all."""
    traffic = float(erlang.traffic_for_blocking(10, busy))
    rate = traffic * 3600.0 / TALK
    hours = callers / rate / 20
    return Row(
        f"Erlang B, {100 * busy:g}% busy",
        {"period": {"hours": hours}, "lines": _line(10), "traffic": _calls(rate, TALK)},
        (("p_busy", "all", lambda: float(erlang.erlang_b(10, traffic))),),
    )


def _erlang_c_row(
    load: float, hours: float, replications: int | None = None, warmup: str | None = None
) -> Row:
    traffic = 10 * load
    rate = traffic * 3600.0 / 120.0
    label = f"Erlang C, {100 * load:g}% load, {hours:g} h"
    if replications:
        label += f" x {replications}"
    period: dict[str, Any] = {"hours": hours}
    if warmup is not None:
        period["warmup"] = warmup
        label += f", warm-up {warmup}"
    return Row(
        label,
        {
            "period": period,
            "lines": _line(10_000),
            "traffic": _calls(rate, 120.0),
            **_queue(10),
        },
        (
            ("mean_wait", "all", lambda: float(erlang.average_speed_of_answer(10, traffic, 120.0))),
            ("p_wait", "all", lambda: float(erlang.erlang_c(10, traffic))),
        ),
        replications=replications,
    )


def _profile_exact(hour: str | None) -> float:
    """Exact busy share of the profile office, in *hour* (``"09"``) or over the day."""
    from scipy.linalg import expm

    n = PROFILE_CHANNELS
    mu = 1.0 / TALK
    p = np.zeros(n + 1)
    p[0] = 1.0
    blocked = offered = 0.0
    for h, rate in sorted(PROFILE.items()):
        lam = rate / 3600.0
        q = np.zeros((n + 1, n + 1))
        for k in range(n + 1):
            if k < n:
                q[k, k + 1] = lam
            if k > 0:
                q[k, k - 1] = k * mu
            q[k, k] = -q[k].sum()
        # [[Q, I], [0, 0]] exponentiated: its top right block is the integral of e^{Qs}
        big = np.zeros((2 * (n + 1), 2 * (n + 1)))
        big[: n + 1, : n + 1] = q
        big[: n + 1, n + 1 :] = np.eye(n + 1)
        e = expm(big * 3600.0)
        time_in_full = float((p @ e[: n + 1, n + 1 :])[n])
        p = p @ e[: n + 1, : n + 1]
        if hour == h:
            return time_in_full / 3600.0
        blocked += lam * time_in_full
        offered += lam * 3600.0
    return blocked / offered


def _profile_row() -> Row:
    return Row(
        "hourly profile, 2 days",
        {
            "period": {"days": 2, "open": "09:00", "close": "18:00"},
            "lines": _line(PROFILE_CHANNELS),
            "traffic": _calls(PROFILE, TALK),
        },
        (
            ("p_busy", "hour:09", lambda: _profile_exact("09")),
            ("p_busy", "hour:11", lambda: _profile_exact("11")),
            ("p_busy", "all", lambda: _profile_exact(None)),
        ),
    )


def _erlang_a_row() -> Row:
    r = erlang.erlang_a(10, 8.0, 120.0, 120.0)
    return Row(
        "Erlang A, 80% load, 10 h",
        {
            "period": {"hours": 10},
            "lines": _line(10_000),
            "traffic": _calls(240.0, 120.0, patience=120.0),
            **_queue(10),
        },
        (
            ("p_abandon", "all", lambda: float(r.p_abandon)),
            ("mean_wait", "all", lambda: float(r.mean_wait)),
            ("service_level", "all", lambda: float(r.service_level(20.0))),
        ),
    )


ROWS: tuple[Row, ...] = (
    replace(_erlang_b_row(0.001, 12_400), runs=300),
    replace(_erlang_b_row(0.01, 12_400), runs=300),
    replace(_erlang_b_row(0.1, 12_400), runs=300),
    _erlang_c_row(0.7, 10),
    replace(_erlang_c_row(0.7, 10, replications=5), runs=400),
    _erlang_c_row(0.95, 8, warmup="0.4h"),
    replace(_erlang_c_row(0.95, 8), runs=100),
    _erlang_c_row(0.95, 40),
    _erlang_a_row(),
    replace(_profile_row(), runs=300),
)
"""Rows 6 and 7 are the same short run at 95% load with the old fixed warm-up (5% of
the run) and with the warm-up chosen from the data; row 8 at the length row 7's runs
recommend. ``runs``: more runs where a run is cheap, so that the coverage figure is
known closer (its binomial standard error is 1.5 points at 200 runs, 1.1 at 400); row
7 shows the warning of a run too short to trust, not a coverage to hold, and takes 100."""

DEFAULT_ROWS = [0, 1, 2, 3, 4, 6, 7, 8, 9]
"""Row 6 (the fixed warm-up of version 0.x, 67% held) runs only when asked: ``--rows 6``."""

# --------------------------------------------------------------------------- candidates
# One set of simulated runs is scored under each candidate interval of a share; the
# scoring is cheap, the simulation is not. Each takes the replications' counts and
# totals and returns (low, high); all start from the pooled share and the effective
# sample size of teletraffic.stats.effective_size (Korn and Graubard, 1998), with or
# without its Student-t shrink, and differ in the binomial interval taken at that size.

Interval = Callable[[np.ndarray, np.ndarray, float], tuple[float, float]]


def _exact(hits: float, n: float, alpha: float) -> tuple[float, float]:
    """Clopper-Pearson: the beta quantiles of the exact binomial test."""
    from scipy import stats

    low = 0.0 if hits <= 0 else float(stats.beta.ppf(alpha / 2, hits, n - hits + 1))
    high = 1.0 if hits >= n else float(stats.beta.ppf(1 - alpha / 2, hits + 1, n - hits))
    return low, high


def _jeffreys(hits: float, n: float, alpha: float) -> tuple[float, float]:
    """Jeffreys: the quantiles of the beta(hits + 1/2, n - hits + 1/2) posterior; 0
    below when nothing was seen, 1 above when everything was (Brown, Cai and DasGupta,
    2001)."""
    from scipy import stats

    a, b = hits + 0.5, n - hits + 0.5
    low = 0.0 if hits <= 0 else float(stats.beta.ppf(alpha / 2, a, b))
    high = 1.0 if hits >= n else float(stats.beta.ppf(1 - alpha / 2, a, b))
    return low, high


def _mid_p(hits: float, n: float, alpha: float) -> tuple[float, float]:
    """Mid-p Clopper-Pearson: half the probability of the count seen goes to each tail;
    the tails are the beta distribution functions of the exact interval (continuous in
    a count that is not whole), solved with brentq."""
    from scipy import optimize, stats

    def at_least(count: float, q: float) -> float:  # P(X >= count) at share q
        if count <= 0:
            return 1.0
        if count > n:
            return 0.0
        return float(stats.beta.cdf(q, count, n - count + 1))

    def upper_tail(q: float) -> float:  # P(X > hits) + P(X = hits) / 2 at share q
        return 0.5 * (at_least(hits, q) + at_least(hits + 1, q))

    def lower_tail(q: float) -> float:  # P(X < hits) + P(X = hits) / 2
        return 1.0 - upper_tail(q)

    eps = 1e-15
    low = 0.0
    if hits > 0:
        low = float(optimize.brentq(lambda q: upper_tail(q) - alpha / 2, eps, 1 - eps))
    high = 1.0
    if hits < n:
        high = float(optimize.brentq(lambda q: lower_tail(q) - alpha / 2, eps, 1 - eps))
    return low, high


def _wilson(hits: float, n: float, alpha: float) -> tuple[float, float]:
    """Wilson's score interval at the normal quantile."""
    from scipy import stats

    z = float(stats.norm.ppf(1 - alpha / 2))
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(centre - half, 0.0), min(centre + half, 1.0)


def _korn_graubard(
    binomial: Callable[[float, float, float], tuple[float, float]], shrink: bool
) -> Interval:
    def interval(counts: np.ndarray, totals: np.ndarray, level: float) -> tuple[float, float]:
        from teletraffic.stats import effective_size

        p, n_eff = effective_size(counts, totals, level, shrink=shrink)
        if math.isnan(n_eff):
            return math.nan, math.nan
        low, high = binomial(p * n_eff, n_eff, 1.0 - level)
        return min(low, p), max(high, p)

    return interval


SHARE_METHODS: dict[str, Interval] = {
    "CP t": _korn_graubard(_exact, True),
    "CP": _korn_graubard(_exact, False),
    "Jeff t": _korn_graubard(_jeffreys, True),
    "Jeff": _korn_graubard(_jeffreys, False),
    "mid-p t": _korn_graubard(_mid_p, True),
    "Wils t": _korn_graubard(_wilson, True),
}
"""Candidate intervals of a share: Korn-Graubard effective size, then a binomial
interval (Clopper-Pearson, Jeffreys, mid-p, Wilson); "t": with the Student-t shrink."""


def _time_t(values: np.ndarray, level: float) -> tuple[float, float]:
    from teletraffic.stats import t_interval

    return t_interval(values, level)[1:]


def _time_log(values: np.ndarray, level: float) -> tuple[float, float]:
    from teletraffic.stats import time_interval

    return time_interval(values, level)[1:]


TIME_METHODS: dict[str, Callable[[np.ndarray, float], tuple[float, float]]] = {
    "log t": _time_log,
    "t": _time_t,
}
"""Candidate intervals of a mean time: Student-t on the log scale, or plain."""


# --------------------------------------------------------------------------- runs


@dataclass
class Found:
    """One figure of one run: what the run said, and the replications behind it."""

    value: float
    low: float
    high: float
    """The interval the run gave (teletraffic's own)."""
    values: np.ndarray
    """Each replication's figure."""
    counts: np.ndarray | None
    totals: np.ndarray | None
    """For a share of counted calls: each replication's count and calls counted."""
    short: bool
    """The run said it was too short to trust."""


def _one(job: tuple[int, int]) -> tuple[int, int, float, list[Found]]:
    from teletraffic.metrics import counted_share_of

    row_index, seed = job
    row = ROWS[row_index]
    spec = {"name": row.name, **row.spec}
    cpu = time.process_time()
    result = simulate(scenario_from_dict(spec), replications=row.replications, seed=seed)
    cpu = time.process_time() - cpu
    short = result.warmup is not None and result.warmup.too_short
    out: list[Found] = []
    for metric, scope, _ in row.checks:
        low, high = result.ci(metric, scope)
        values = result.replications[(metric, scope)].to_numpy(dtype=float)
        whole = counted_share_of(metric)
        counts = totals = None
        if whole is not None:
            totals = result.replications[(whole, scope)].to_numpy(dtype=float)
            counts = np.rint(np.where(totals > 0, np.nan_to_num(values) * totals, 0.0))
        found = Found(result.value(metric, scope), low, high, values, counts, totals, short)
        # the replications kept give the interval the run gave: scoring them is scoring it
        assert np.allclose(_ours(found, result.level), (low, high), rtol=1e-9, atol=0.0)
        out.append(found)
    return row_index, seed, cpu, out


def _old(f: Found, metric: str, level: float) -> tuple[float, float]:
    """The interval of version 0.x: mean of the replications' ratios, Student-t."""
    from teletraffic.stats import t_interval

    _, low, high = t_interval(f.values, level)
    if metric.startswith("p_") or metric == "service_level":
        low, high = max(low, 0.0), min(high, 1.0)
    return low, high


def _ours(f: Found, level: float) -> tuple[float, float]:
    """The interval teletraffic gives now, from the replications kept (runs loaded from a
    file made by an older version are scored as the current one would score them)."""
    from teletraffic.stats import share_interval, time_interval

    if f.counts is not None and f.totals is not None:
        return share_interval(f.counts, f.totals, level)[1:]
    return time_interval(f.values, level)[1:]


def _candidates(f: Found, level: float) -> dict[str, tuple[float, float]]:
    if f.counts is not None and f.totals is not None:
        return {name: m(f.counts, f.totals, level) for name, m in SHARE_METHODS.items()}
    return {name: m(f.values, level) for name, m in TIME_METHODS.items()}


def _wilson_of(held: int, runs: int) -> tuple[float, float]:
    """95% Wilson interval of a coverage figure (held of runs), scipy.stats.binomtest."""
    from scipy import stats

    ci = stats.binomtest(held, runs).proportion_ci(0.95, method="wilson")
    return float(ci.low), float(ci.high)


def _inside_chance(runs: int) -> float:
    """Chance that a correct 95% interval holds the value in 93-97% of *runs* runs."""
    from scipy import stats

    return float(
        stats.binom.cdf(math.floor(0.97 * runs), runs, 0.95)
        - stats.binom.cdf(math.ceil(0.93 * runs) - 1, runs, 0.95)
    )


def report(found: dict[int, list[tuple[int, float, list[Found]]]], level: float = 0.95) -> None:
    """Print the coverage table, and each candidate interval's coverage on the same runs."""
    print(
        f"{'#':>2} {'model':<38} {'figure':<20} {'exact':>8} {'mean':>8} {'runs':>4} "
        f"{'held':>6} {'(95% of held)':>13} {'before':>6} {'zero w':>6} {'short':>5} "
        f"{'held|short':>10}"
    )
    names: list[str] = []
    inside: list[float] = []
    cand_rows: list[tuple[str, dict[str, float]]] = []
    for i, runs_i in found.items():
        row = ROWS[i]
        for j, (metric, scope, exact_of) in enumerate(row.checks):
            ex = exact_of()
            runs = [out[j] for _, _, out in runs_i]
            n = len(runs)
            ours = [_ours(f, level) for f in runs]
            held = sum(1 for lo, hi in ours if lo <= ex <= hi)
            before = sum(1 for f in runs if (b := _old(f, metric, level))[0] <= ex <= b[1])
            zero = sum(1 for lo, hi in ours if hi - lo <= 0)
            short = sum(1 for f in runs if f.short)
            either = sum(
                1 for f, (lo, hi) in zip(runs, ours, strict=True) if f.short or lo <= ex <= hi
            )
            mean = float(np.nanmean([f.value for f in runs]))
            scale = 100.0 if metric != "mean_wait" else 1.0
            fig = metric + ("" if scope == "all" else f"@{scope}")
            lo, hi = _wilson_of(held, n)
            print(
                f"{i + 1:>2} {row.name:<38} {fig:<20} {ex * scale:>8.4g} {mean * scale:>8.4g} "
                f"{n:>4d} {100 * held / n:>5.1f}% {f'{100 * lo:.1f}-{100 * hi:.1f}%':>13} "
                f"{100 * before / n:>5.1f}% {zero:>6d} {short:>5d} {100 * either / n:>9.1f}%"
            )
            if 2 * short < n:
                inside.append(_inside_chance(n))
            tally: dict[str, int] = {}
            for f in runs:
                for name, (clo, chi) in _candidates(f, level).items():
                    tally[name] = tally.get(name, 0) + (clo <= ex <= chi)
            names.extend(k for k in tally if k not in names)
            cand_rows.append((f"{i + 1:>2} {fig:<20}", {k: 100 * v / n for k, v in tally.items()}))
    print(
        "shares in percent, waits in seconds; held: runs whose 95% interval holds the exact "
        "value, with the 95% Wilson interval of that share; before: the intervals of version "
        "0.x (mean of the replications' ratios, Student-t) on the same runs; zero w: intervals "
        "of zero width; short: runs that said they were too short to trust; held|short: runs "
        "that held the value or said so"
    )
    if inside:
        chance = 1.0 - float(np.prod(inside))
        print(
            f"a correct 95% interval would hold the exact value in 93-97% of runs on all "
            f"{len(inside)} figures above whose runs did not say they were too short with "
            f"probability {100 * (1 - chance):.0f}%: one or more outside is "
            f"{100 * chance:.0f}% likely"
        )
    print()
    print("the same runs under each candidate interval (held, %):")
    print(f"{'':<23} " + " ".join(f"{k:>7}" for k in names))
    for label, cov in cand_rows:
        print(
            f"{label:<23} " + " ".join(f"{cov[k]:>7.1f}" if k in cov else f"{'':>7}" for k in names)
        )
    print(
        "shares: Korn-Graubard effective size with Clopper-Pearson (CP), Jeffreys (Jeff), "
        "mid-p or Wilson (Wils); t: with the Student-t shrink of the size. "
        "Times: log t (Student-t on the log scale) or t"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200, help="seeded runs per row (200)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--rows", default="", help="comma-separated row numbers, 1-based (all but row 6)"
    )
    ap.add_argument("--first-seed", type=int, default=10_000, help="seed of the first run (10000)")
    ap.add_argument("--save", type=Path, help="keep the runs' figures in this file (pickle)")
    ap.add_argument("--load", type=Path, help="score the runs kept in this file; simulate none")
    args = ap.parse_args(argv)
    if args.load is not None:
        with args.load.open("rb") as fh:
            found = pickle.load(fh)
        report(found)
        return 0
    picked = [int(x) - 1 for x in args.rows.split(",")] if args.rows else DEFAULT_ROWS
    jobs = [
        (i, args.first_seed + s)
        for s in range(args.runs * max(ROWS[i].runs for i in picked) // 200)
        for i in picked
        if s < args.runs * ROWS[i].runs // 200
    ]
    start = time.perf_counter()
    found: dict[int, list[tuple[int, float, list[Found]]]] = {i: [] for i in picked}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for done, (i, seed, cpu, out) in enumerate(pool.map(_one, jobs, chunksize=2), 1):
            found[i].append((seed, cpu, out))
            if args.save is not None and (done % 200 == 0 or done == len(jobs)):
                with args.save.open("wb") as fh:  # kept as it goes: a stopped run can be read
                    pickle.dump(found, fh)
    took = time.perf_counter() - start
    report(found)
    cpu = {i: sum(c for _, c, _ in v) for i, v in found.items()}
    print()
    print(
        "CPU seconds by row: "
        + ", ".join(f"{i + 1}: {c:.0f} ({c / len(found[i]):.2f} a run)" for i, c in cpu.items())
    )
    print(
        f"{len(jobs)} runs, first seed {args.first_seed}, {took:.0f} s on {args.workers} "
        f"workers, {sum(cpu.values()):.0f} CPU s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
