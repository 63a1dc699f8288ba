"""The staffing of a real-looking day, checked by an independent simulation.

The day (benchmarks/staffing/day.csv): 08:00-20:00 in 15-minute intervals, a steep
morning rise, a fall before lunch (100 -> 40 calls), a steep rise after it, a steep
fall at 16:00 (75 -> 20); talk 4 min, patience 2 min, target 80% within 20 s.

Plain SIPP (each interval alone, Erlang A), the lagged start alone, and the staffing of
:func:`teletraffic.staff` are each simulated over --days independent days (seeds the
sizing never saw); printed: the share of intervals that meet the target on average,
the intervals that miss, the staff-hours against plain SIPP, and the roster's paid
hours against the linear-programming bound.

    .venv/bin/python benchmarks/staffing_day.py [--days 100] [--replications 20] [--workers 2]

--workers runs the simulated days in that many processes (the figures are the same);
the time the sizing took is printed first.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import numpy as np

import teletraffic as tt
from teletraffic.staffing import Targets, read_forecast
from teletraffic.staffing.day import simulate_day

HERE = Path(__file__).parent / "staffing"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=100)
    ap.add_argument("--replications", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else None
    try:
        run(args, pool)
    finally:
        if pool is not None:
            pool.shutdown()


def run(args: argparse.Namespace, pool: Executor | None) -> None:
    """Size the day, check three staffings on independent days, print the figures."""
    fc = read_forecast(HERE / "day.csv", talk=240.0, patience=120.0)
    t0 = time.perf_counter()
    df = tt.staff(
        HERE / "day.csv",
        talk="4m",
        patience="2m",
        target_answer=(0.8, 20.0),
        shifts=HERE / "shifts.yaml",
        replications=args.replications,
        seed=args.seed,
        executor=pool,
    )
    took = time.perf_counter() - t0
    target = Targets().answer
    assert target is not None
    plans = {
        "plain SIPP": df.attrs["plain_sipp"],
        "lagged start": df.attrs["lagged_sipp"],
        "tt.staff": list(df["staff"]),
    }
    base = sum(plans["plain SIPP"])
    print(f"sizing took {took:.0f} s with {args.workers} worker(s); passes: {df.attrs['passes']}")
    sls = {}
    for name, people in plans.items():
        figs = simulate_day(
            fc,
            people,
            answer_time=20.0,
            days=args.days,
            seed=args.seed + 1,
            first_day=100_000,
            executor=pool,
        )
        sl = figs.service_level()[0]
        sls[name] = sl
        ok = sl >= target[0]
        hours = sum(people) * fc.length / 3600.0
        print(
            f"{name:13s} staff-hours {hours:6.1f} ({sum(people) / base:.3f} x plain SIPP); "
            f"meets 80%/20s on average in {ok.mean():.1%} of intervals; lowest "
            f"{', '.join(f'{fc.labels[i]} {sl[i]:.1%}' for i in np.argsort(sl)[:4])}"
        )
    print("\nstart  calls  plain  SL     lagged SL    staff  SL")
    for i, label in enumerate(fc.labels):
        print(
            f"{label}  {fc.calls[i]:5.0f}  {plans['plain SIPP'][i]:5d} {sls['plain SIPP'][i]:5.1%}"
            f"  {plans['lagged start'][i]:5d} {sls['lagged start'][i]:5.1%}"
            f"  {plans['tt.staff'][i]:5d} {sls['tt.staff'][i]:5.1%}"
        )
    r = df.attrs["roster"]
    print(f"\nroster: {r.rows()}")
    print(
        f"paid hours {r.paid_hours:g}, LP bound {r.bound_hours:.2f}, gap {r.gap:.2%}; "
        f"covers every interval: {all(c >= s for c, s in zip(r.cover, df['staff'], strict=True))}"
    )


if __name__ == "__main__":
    main()
