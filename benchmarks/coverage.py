"""Coverage of the confidence intervals: how often they hold the exact value.

For each model with an exact value, ``--runs`` seeded runs (each a whole
``simulate`` with the default replications, as a user would run it) are made, and
the share of runs whose 95% interval holds the exact value is printed. A nominal
95% interval should hold it in 93-97% of runs (with 200 runs the share itself is
known to about +-3 points).

Rows: Erlang B at 0.1%, 1% and 10% busy; Erlang C at 70% and 95% load (mean wait,
with the warm-up chosen from the data, and at the length the run recommends);
Erlang A; an office open 09:00-18:00 whose calls follow an hourly profile, whose exact
per-hour busy share comes from the Kolmogorov forward equations of the
birth-death process (each day starts empty at opening; rates are constant within an
hour, so each hour is a matrix exponential).

    .venv/bin/python benchmarks/coverage.py            # the full table, ~8 minutes on 2 cores
    .venv/bin/python benchmarks/coverage.py --runs 40  # a quick look
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
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
    _erlang_b_row(0.001, 12_400),
    _erlang_b_row(0.01, 12_400),
    _erlang_b_row(0.1, 12_400),
    _erlang_c_row(0.7, 10),
    _erlang_c_row(0.7, 10, replications=5),
    _erlang_c_row(0.95, 8, warmup="0.4h"),
    _erlang_c_row(0.95, 8),
    _erlang_c_row(0.95, 40),
    _erlang_a_row(),
    _profile_row(),
)
"""Rows 6 and 7 are the same short run at 95% load with the old fixed warm-up (5% of
the run) and with the warm-up chosen from the data; row 8 at the length row 7's runs
recommend."""

Found = tuple[float, float, float, float, float, bool]
"""value, low, high, and the old interval (mean of ratios, Student-t), too short."""


def _one(job: tuple[int, int]) -> tuple[int, int, list[Found]]:
    from teletraffic.stats import t_interval

    row_index, seed = job
    row = ROWS[row_index]
    spec = {"name": row.name, **row.spec}
    result = simulate(scenario_from_dict(spec), replications=row.replications, seed=seed)
    short = result.warmup is not None and result.warmup.too_short
    out: list[Found] = []
    for metric, scope, _ in row.checks:
        low, high = result.ci(metric, scope)
        values = result.replications[(metric, scope)].to_numpy(dtype=float)
        _, old_low, old_high = t_interval(values, result.level)
        if metric.startswith("p_") or metric == "service_level":
            old_low, old_high = max(old_low, 0.0), min(old_high, 1.0)
        out.append((result.value(metric, scope), low, high, old_low, old_high, short))
    return row_index, seed, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200, help="seeded runs per row (200)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rows", default="", help="comma-separated row numbers (1-based)")
    ap.add_argument("--first-seed", type=int, default=10_000, help="seed of the first run (10000)")
    args = ap.parse_args(argv)
    picked = [int(x) - 1 for x in args.rows.split(",")] if args.rows else list(range(len(ROWS)))
    jobs = [(i, args.first_seed + s) for s in range(args.runs) for i in picked]
    start = time.perf_counter()
    found: dict[int, list[list[Found]]] = {i: [] for i in picked}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for i, _seed, out in pool.map(_one, jobs, chunksize=2):
            found[i].append(out)
    took = time.perf_counter() - start
    print(
        f"{'#':>2} {'model':<40} {'figure':<22} {'exact':>9} {'mean':>9} {'held':>6} "
        f"{'before':>6} {'zero w':>6} {'short':>5} {'held|short':>10}"
    )
    for i in picked:
        row = ROWS[i]
        for j, (metric, scope, exact_of) in enumerate(row.checks):
            ex = exact_of()
            runs = [out[j] for out in found[i]]
            held = sum(1 for _, lo, hi, *_r in runs if lo <= ex <= hi)
            before = sum(1 for *_r, olo, ohi, _s in runs if olo <= ex <= ohi)
            zero = sum(1 for _, lo, hi, *_r in runs if hi - lo <= 0)
            short = sum(1 for *_r, s in runs if s)
            either = sum(1 for _, lo, hi, _a, _b, s in runs if s or lo <= ex <= hi)
            mean = float(np.nanmean([r[0] for r in runs]))
            scale = 100.0 if metric != "mean_wait" else 1.0
            fig = metric + ("" if scope == "all" else f"@{scope}")
            print(
                f"{i + 1:>2} {row.name:<40} {fig:<22} {ex * scale:>9.4g} {mean * scale:>9.4g} "
                f"{100 * held / len(runs):>5.1f}% {100 * before / len(runs):>5.1f}% "
                f"{zero:>6d} {short:>5d} {100 * either / len(runs):>9.1f}%"
            )
    print(f"{args.runs} runs per row, {took:.0f} s on {args.workers} workers")
    print(
        "shares in percent, waits in seconds; held: runs whose 95% interval holds the exact "
        "value; before: the intervals of version 0.x (mean of the replications' ratios, "
        "Student-t) on the same runs; zero w: intervals of zero width; short: runs that said "
        "they were too short to trust; held|short: runs that held the value or said so"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
