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
from dataclasses import dataclass, field
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
    """A model, the figure checked and its exact value."""

    name: str
    spec: dict[str, Any]
    metric: str
    exact: Callable[[], float]
    scope: str = "all"
    replications: int | None = None
    """None: the scenario's default (20)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keyword arguments to ``simulate``."""


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
        "p_busy",
        lambda: float(erlang.erlang_b(10, traffic)),
    )


def _erlang_c_row(load: float, hours: float, replications: int | None = None) -> Row:
    traffic = 10 * load
    rate = traffic * 3600.0 / 120.0
    label = f"Erlang C, {100 * load:g}% load, mean wait, {hours:g} h"
    if replications:
        label += f" x {replications}"
    return Row(
        label,
        {
            "period": {"hours": hours},
            "lines": _line(10_000),
            "traffic": _calls(rate, 120.0),
            **_queue(10),
        },
        "mean_wait",
        lambda: float(erlang.average_speed_of_answer(10, traffic, 120.0)),
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


def _profile_row(hour: str | None) -> Row:
    return Row(
        f"hourly profile, busy {'hour ' + hour if hour else 'all day'}",
        {
            "period": {"days": 2, "open": "09:00", "close": "18:00"},
            "lines": _line(PROFILE_CHANNELS),
            "traffic": _calls(PROFILE, TALK),
        },
        "p_busy",
        lambda: _profile_exact(hour),
        scope=f"hour:{hour}" if hour else "all",
    )


def _erlang_a_row() -> Row:
    return Row(
        "Erlang A, 80% load, abandoned",
        {
            "period": {"hours": 100},
            "lines": _line(10_000),
            "traffic": _calls(240.0, 120.0, patience=120.0),
            **_queue(10),
        },
        "p_abandon",
        lambda: float(erlang.erlang_a(10, 8.0, 120.0, 120.0).p_abandon),
    )


def _erlang_a_wait_row() -> Row:
    return Row(
        "Erlang A, 80% load, mean wait",
        {
            "period": {"hours": 100},
            "lines": _line(10_000),
            "traffic": _calls(240.0, 120.0, patience=120.0),
            **_queue(10),
        },
        "mean_wait",
        lambda: float(erlang.erlang_a(10, 8.0, 120.0, 120.0).mean_wait),
    )


ROWS: tuple[Row, ...] = (
    _erlang_b_row(0.001, 12_400),
    _erlang_b_row(0.01, 12_400),
    _erlang_b_row(0.1, 12_400),
    _erlang_c_row(0.7, 40),
    _erlang_c_row(0.7, 40, replications=5),
    _erlang_c_row(0.95, 40),
    _erlang_a_row(),
    _erlang_a_wait_row(),
    _profile_row("09"),
    _profile_row(None),
)


def _one(job: tuple[int, int]) -> tuple[int, float, float, float, str]:
    row_index, seed = job
    row = ROWS[row_index]
    spec = {"name": row.name, **row.spec}
    result = simulate(scenario_from_dict(spec), replications=row.replications, seed=seed)
    low, high = result.ci(row.metric, row.scope)
    note = " ".join(getattr(result, "notes", []) or [])
    return row_index, result.value(row.metric, row.scope), low, high, note


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200, help="seeded runs per row (200)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rows", default="", help="comma-separated row numbers (1-based)")
    args = ap.parse_args(argv)
    picked = [int(x) - 1 for x in args.rows.split(",")] if args.rows else list(range(len(ROWS)))
    exact = {i: ROWS[i].exact() for i in picked}
    jobs = [(i, 10_000 + s) for i in picked for s in range(args.runs)]
    start = time.perf_counter()
    found: dict[int, list[tuple[float, float, float, str]]] = {i: [] for i in picked}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for i, value, low, high, note in pool.map(_one, jobs, chunksize=4):
            found[i].append((value, low, high, note))
    took = time.perf_counter() - start
    print(f"{'model':<44} {'exact':>10} {'mean':>10} {'held':>6} {'zero w':>6} {'half w':>9}")
    for i in picked:
        rows = found[i]
        ex = exact[i]
        held = sum(1 for _, lo, hi, _n in rows if lo <= ex <= hi)
        zero = sum(1 for _, lo, hi, _n in rows if hi - lo <= 0)
        half = float(np.nanmean([(hi - lo) / 2 for _, lo, hi, _n in rows]))
        mean = float(np.nanmean([v for v, *_ in rows]))
        scale = 100.0 if ROWS[i].metric.startswith("p_") else 1.0
        print(
            f"{ROWS[i].name:<44} {ex * scale:>10.4g} {mean * scale:>10.4g} "
            f"{100 * held / len(rows):>5.1f}% {zero:>6d} {half * scale:>9.3g}"
        )
        notes = {n for *_, n in rows if n}
        for n in sorted(notes)[:2]:
            print(f"    note: {n[:150]}")
    print(f"{args.runs} runs per row, {took:.0f} s on {args.workers} workers")
    print("shares in percent; 'held': runs whose 95% interval holds the exact value")
    return 0


if __name__ == "__main__":
    sys.exit(main())
