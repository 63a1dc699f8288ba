"""Speed and accuracy of :mod:`teletraffic.erlang`, side by side with other PyPI packages.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python benchmarks/erlang_speed.py            # about a minute
    .venv/bin/python benchmarks/erlang_speed.py --quick    # skips the slowest foreign calls

Questions answered for every package that can answer them:

* evaluations per second of Erlang B (scalar loop, and vectorised over a grid);
* worst relative error against mpmath (50 digits) over a log grid reaching 100,000 lines
  and 100,000 erlangs, counted where the true value is >= 1e-300;
* time of one Erlang B at 10,000 lines;
* time to size the lines for 9,000 erlangs at 1 % blocking;
* the same for Erlang C (probability of waiting) and for sizing agents for 80 % of
  callers answered within 20 s at 9,000 erlangs and 180 s calls;
* teletraffic only: sizing agents by Erlang A (with patience), Engset with offered
  traffic, and Erlang X (the redial chain) at 4, 20 and 100 agents.

Comparison packages, if installed (``pip install pyworkforce erlanglib``):
``pyworkforce`` (ErlangC: the reciprocal Erlang B recursion, O(N) in Python) and
``erlanglib`` (erlang_b / erlang_c / required_channels with exact Decimal sums).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import mpmath as mp
import numpy as np

from teletraffic import erlang as erl

TINY = mp.mpf("1e-300")


def ref_erlang_b(n: int, a: float, dps: int = 50) -> Any:
    """Erlang B at *dps* digits by convergent series (independent of the float code)."""
    with mp.workdps(dps):
        a_mp = mp.mpf(a)
        if n == 0:
            return mp.mpf(1)
        if a == 0:
            return mp.mpf(0)
        eps = mp.mpf(10) ** (-dps + 5)
        if a_mp > n:
            total = term = mp.mpf(1)
            for i in range(n):
                term = term * (n - i) / a_mp
                total += term
                if term < eps * total:
                    break
            return 1 / total
        p = mp.exp(n * mp.log(a_mp) - a_mp - mp.loggamma(n + 1))
        tail, term, j = mp.mpf(0), mp.mpf(1), 1
        while True:
            term = term * a_mp / (n + j)
            tail += term
            if term < eps * tail:
                break
            j += 1
        return p / (1 - p * tail)


def ref_erlang_c(n: int, a: float) -> Any:
    with mp.workdps(50):
        b = ref_erlang_b(n, a)
        return n * b / (n - a + a * b)


def grid() -> list[tuple[int, float]]:
    """Log grid of lines 1..100,000 x traffic 0.01..100,000, plus points near A = N."""
    lines = np.unique(np.round(np.logspace(0, 5, 31)).astype(int))
    traffic = np.logspace(-2, 5, 36)
    pts = [(int(n), float(a)) for n in lines for a in traffic]
    for n in lines:
        pts += [(int(n), float(n * f)) for f in (0.9, 0.99, 1.0, 1.01, 1.1)]
        pts += [(int(n), float(n + z * math.sqrt(n))) for z in (-3.0, 0.5, 3.0, 37.0)]
    return [(n, a) for n, a in pts if a > 0]


def per_call(func: Callable[[], object], min_time: float = 0.2, repeat: int = 7) -> float:
    """Median seconds per call of *func* over *repeat* batches of at least *min_time*."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            func()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time / repeat or number >= 1_000_000:
            break
        number *= 4
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def once(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def worst_error(values: list[float], refs: list[Any], floor: Any = TINY) -> tuple[float, int, int]:
    """(worst relative error where ref >= floor, non-finite count, count checked)."""
    worst, bad, checked = 0.0, 0, 0
    for v, r in zip(values, refs, strict=True):
        if not math.isfinite(v):
            bad += 1
            continue
        if r >= floor:
            checked += 1
            worst = max(worst, float(abs((mp.mpf(v) - r) / r)))
    return worst, bad, checked


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.1f} s"


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


def bench_teletraffic(pts: list[tuple[int, float]], refs: list[Any]) -> None:
    print("\nteletraffic.erlang")
    n = np.array([p[0] for p in pts], dtype=float)
    a = np.array([p[1] for p in pts])
    vec = erl.erlang_b(n, a)
    scalars = [erl.erlang_b(ni, ai) for ni, ai in pts]
    worst_v, bad_v, checked = worst_error([float(v) for v in vec], refs)
    worst_s, bad_s, _ = worst_error(scalars, refs)
    line(
        f"Erlang B worst rel. error vs mpmath ({checked} pts, vectorised)",
        f"{worst_v:.2e}  (non-finite: {bad_v})",
    )
    line(
        "Erlang B worst rel. error vs mpmath (scalar calls)",
        f"{worst_s:.2e}  (non-finite: {bad_s})",
    )
    worst_m, _, checked_m = worst_error(scalars, refs, floor=mp.mpf("1e-10"))
    line(f"Erlang B worst rel. error where true >= 1e-10 ({checked_m} pts)", f"{worst_m:.2e}")

    def loop() -> None:
        for ni, ai in pts:
            erl.erlang_b(ni, ai)

    t = per_call(loop, min_time=1.0, repeat=5)
    line(f"Erlang B scalar loop over the grid ({len(pts)} pts)", f"{len(pts) / t:,.0f} evals/s")
    t = per_call(lambda: erl.erlang_b(n, a), min_time=1.0, repeat=5)
    line("Erlang B vectorised over the grid (one call)", f"{len(pts) / t:,.0f} evals/s")
    rng = np.random.default_rng(1)
    big_n = np.round(10 ** rng.uniform(0, 5, 200_000))
    big_a = big_n * 10 ** rng.uniform(-1, 1, big_n.size)
    t = per_call(lambda: erl.erlang_b(big_n, big_a), min_time=2.0, repeat=3)
    line("Erlang B vectorised, 200,000 random pts (N <= 1e5)", f"{big_n.size / t:,.0f} evals/s")
    for traffic in (9_000.0, 10_000.5, 11_000.0):
        t = per_call(lambda traffic=traffic: erl.erlang_b(10_000, traffic))
        line(f"erlang_b(10000 lines, {traffic:g} E), median", fmt_time(t))
    t = per_call(lambda: erl.lines_for_blocking(9_000.0, 0.01))
    line(
        "lines_for_blocking(9000 E, 1%), median",
        f"{fmt_time(t)}  -> {erl.lines_for_blocking(9_000.0, 0.01)} lines",
    )
    c_pts = [(ni, ai) for ni, ai in pts if ai < ni]
    c_refs = [ref_erlang_c(ni, ai) for ni, ai in c_pts]
    c_vals = [erl.erlang_c(ni, ai) for ni, ai in c_pts]
    worst_c, bad_c, checked_c = worst_error(c_vals, c_refs)
    line(
        f"Erlang C worst rel. error vs mpmath ({checked_c} pts with A < N)",
        f"{worst_c:.2e}  (non-finite: {bad_c})",
    )
    t = per_call(lambda: erl.erlang_c(10_000, 9_900.0))
    line("erlang_c(10000 agents, 9900 E), median", fmt_time(t))
    t = per_call(lambda: erl.agents_for_service_level(9_000.0, 180.0, 0.8, 20.0))
    n_sl = erl.agents_for_service_level(9_000.0, 180.0, 0.8, 20.0)
    line("agents_for_service_level(9000 E, 180 s, 80%/20 s), median", f"{fmt_time(t)}  -> {n_sl}")
    t = per_call(lambda: erl.erlang_a(3_000, 3_000.0, 180.0, 60.0), min_time=0.5, repeat=5)
    line("erlang_a(3000 agents, 3000 E, 180 s, patience 60 s), median", fmt_time(t))
    t = per_call(lambda: erl.agents_for_service_level(200.0, 240.0, 0.8, 20.0, patience=60.0))
    n_a = erl.agents_for_service_level(200.0, 240.0, 0.8, 20.0, patience=60.0)
    line(
        "agents_for_service_level(200 E, 240 s, 80%/20 s, patience 60 s)",
        f"{fmt_time(t)}  -> {n_a}",
    )
    t = per_call(lambda: erl.engset(5, 20, offered=8.0))
    line("engset(5 lines, 20 sources, offered=8 E), median", fmt_time(t))
    for agents, places, load in ((4, 6, 1.1), (20, 30, 1.0), (100, 130, 1.0)):

        def x(agents: int = agents, places: int = places, load: float = load) -> erl.ErlangXResult:
            return erl.erlang_x(
                agents,
                agents * load,
                180.0,
                120.0,
                places=places,
                redial=0.6,
                redial_after=60.0,
                max_attempts=3,
            )

        t = per_call(x, min_time=0.5, repeat=3)
        line(
            f"erlang_x({agents} agents, {places} places, {agents * load:g} E, redial 60%)",
            f"{fmt_time(t)}  ({x().method})",
        )


def bench_pyworkforce(pts: list[tuple[int, float]]) -> None:
    print("\npyworkforce (ErlangC)")
    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        print("  not installed (pip install pyworkforce): skipped")
        return

    def wait_prob(n: int, a: float) -> float:
        return float(ErlangC(transactions=a, aht=1.0, asa=1.0, interval=1).waiting_probability(n))

    c_pts = [(ni, ai) for ni, ai in pts if ai < ni]
    c_refs = [ref_erlang_c(ni, ai) for ni, ai in c_pts]
    vals = []
    start = time.perf_counter()
    for ni, ai in c_pts:
        try:
            vals.append(wait_prob(ni, ai))
        except (ArithmeticError, ValueError):
            vals.append(math.nan)
    elapsed = time.perf_counter() - start
    worst, bad, checked = worst_error(vals, c_refs)
    line(
        f"Erlang C worst rel. error vs mpmath ({checked} pts with A < N)",
        f"{worst:.2e}  (non-finite: {bad})",
    )
    line(
        f"Erlang C scalar loop over those {len(c_pts)} pts", f"{len(c_pts) / elapsed:,.0f} evals/s"
    )
    over = [wait_prob(ni, ai) for ni, ai in pts if ai >= ni and ai < 10 * ni]
    outside = sum(1 for v in over if not 0.0 <= v <= 1.0)
    line("Erlang C in overload (N <= A < 10 N): values outside [0, 1]", f"{outside} of {len(over)}")
    t = per_call(lambda: wait_prob(10_000, 9_900.0))
    line("waiting_probability(10000 agents, 9900 E), median", fmt_time(t))
    line("Erlang B / sizing lines", "not offered by pyworkforce")

    def size() -> object:
        e = ErlangC(transactions=9_000 * 3600 / 180, aht=180.0, asa=20.0, interval=3600)
        return e.required_positions(service_level=0.8, max_occupancy=1.0)["positions"]

    t, n = once(size)
    line("required_positions(9000 E, 180 s, 80%/20 s), one call", f"{fmt_time(t)}  -> {n}")


def bench_erlanglib(pts: list[tuple[int, float]], refs: list[Any], quick: bool) -> None:
    print("\nerlanglib (exact Decimal sums)")
    try:
        import erlanglib
    except ImportError:
        print("  not installed (pip install erlanglib): skipped")
        return
    small = [(i, p) for i, p in enumerate(pts) if p[0] <= 300]
    vals = []
    start = time.perf_counter()
    for _, (ni, ai) in small:
        try:
            vals.append(float(erlanglib.erlang_b(ni, ai)))
        except (ArithmeticError, ValueError, OverflowError):
            vals.append(math.nan)
    elapsed = time.perf_counter() - start
    worst, bad, checked = worst_error(vals, [refs[i] for i, _ in small])
    line(
        f"Erlang B worst rel. error vs mpmath ({checked} pts, N <= 300 only)",
        f"{worst:.2e}  (non-finite: {bad})",
    )
    line(
        f"Erlang B scalar loop over those {len(small)} pts", f"{len(small) / elapsed:,.0f} evals/s"
    )
    t3, _ = once(lambda: erlanglib.erlang_b(3_000, 2_700.0))
    line("erlang_b(3000 lines, 2700 E), one call", fmt_time(t3))
    if quick:
        t10 = t3 * (10_000 / 3_000) ** 2
        line("erlang_b(10000 lines, 9000 E)", f"~{fmt_time(t10)} (estimated as O(N^2), --quick)")
    else:
        t10, _ = once(lambda: erlanglib.erlang_b(10_000, 9_000.0))
        line("erlang_b(10000 lines, 9000 E), one call", fmt_time(t10))
    # required_channels tries N = 1, 2, ... with an O(N^2) erlang_b each: sum ~ N^3 / 3.
    estimate = t10 * (9_100 / 10_000) ** 2 * 9_100 / 3
    line(
        "required_channels(9000 E, 1%)",
        f"skipped: linear search from 1 line, ~{estimate / 3600:.0f} h estimated",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the slowest foreign calls")
    args = parser.parse_args()
    pts = grid()
    start = time.perf_counter()
    refs = [ref_erlang_b(n, a) for n, a in pts]
    print(
        f"grid: {len(pts)} points, lines 1..100,000, traffic 0.01..100,000 E; "
        f"mpmath references (50 digits) in {time.perf_counter() - start:.1f} s"
    )
    bench_teletraffic(pts, refs)
    bench_pyworkforce(pts)
    bench_erlanglib(pts, refs, args.quick)


if __name__ == "__main__":
    main()
