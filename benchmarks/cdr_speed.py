"""How fast ``teletraffic fit`` reads and fits a large Asterisk Master.csv, and its peak memory.

Writes a Master.csv in ``cdr_csv``'s own shape (21 fields: ``newcdrcolumns``,
``loguniqueid`` and ``loguserfield`` on; a caller name in Windows-1251 now and then;
ring groups whose legs share a ``linkedid``), then, in a fresh process, reads it with
:func:`teletraffic.read_cdr` and fits it with :func:`teletraffic.fit_traffic`, and
prints the seconds of each step and the peak resident memory of that process (and how
much of it the imports alone take: pandas, and pyarrow when installed, are most of it).

Targets (issue 13): one million rows in under 30 s and under 500 MB.

    .venv/bin/python benchmarks/cdr_speed.py            # 1,000,000 rows
    .venv/bin/python benchmarks/cdr_speed.py --rows 100000
    .venv/bin/python benchmarks/cdr_speed.py --file /tmp/Master.csv   # keep it for the next run

The machine may be shared: it prints the CPU time of each step beside its wall time, and
the load average before and after, so that a wall time can be read against the load.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def write_master_csv(path: Path, rows: int, seed: int = 1) -> int:
    """A Master.csv of *rows* legs over 60 business days; returns the calls (linkedids)."""
    rng = np.random.default_rng(seed)
    days = 60
    legs = rng.choice([1, 1, 1, 1, 2, 3], size=rows)  # ring groups: 2 or 3 legs
    calls = []
    total = 0
    while total < rows:
        n = int(legs[len(calls) % rows])
        calls.append(n)
        total += n
    calls[-1] -= total - rows
    day = np.repeat(np.arange(days), int(np.ceil(len(calls) / days)))[: len(calls)]
    second = rng.uniform(9 * 3600, 18 * 3600, size=len(calls))
    base = np.datetime64("2024-03-04T00:00:00")
    starts = base + (day * 86400 + second).astype("timedelta64[s]")
    answered = rng.random(len(calls)) < 0.8
    talk = rng.exponential(180, size=len(calls)).astype(int) + 1
    wait = rng.integers(3, 30, size=len(calls))
    name = '"Иванов" <{src}>'.encode("cp1251")
    with path.open("wb") as f:
        seq = 0
        for k, (n, t0) in enumerate(zip(calls, starts.tolist(), strict=True)):
            src = f"79{k % 900_000 + 100_000:09d}"
            linked = f"1709550000.{seq}"
            start = t0.strftime("%Y-%m-%d %H:%M:%S")
            clid = name.replace(b"{src}", src.encode()) if k % 50 == 0 else f'"" <{src}>'.encode()
            for j in range(n):
                won = answered[k] and j == 0
                w, b = int(wait[k]), int(talk[k]) if won else 0
                a = (
                    (t0 + np.timedelta64(w, "s").item()).strftime("%Y-%m-%d %H:%M:%S")
                    if won
                    else ""
                )
                e = (t0 + np.timedelta64(w + b, "s").item()).strftime("%Y-%m-%d %H:%M:%S")
                disp = "ANSWERED" if won else "NO ANSWER"
                answer = f'"{a}"' if a else ""  # cdr_csv writes an unset date as nothing
                head = f'"","{src}","4950001","from-trunk","'.encode()
                tail = (
                    f'","SIP/provider-{k:08x}","SIP/10{j + 1}-{seq:08x}","Dial","SIP/101,25",'
                    f'"{start}",{answer},"{e}",{w + b},{b},"{disp}","DOCUMENTATION",'
                    f'"1709550000.{seq + j}","","","{linked}",{seq + j}\n'
                )
                f.write(head + clid.replace(b'"', b'""') + tail.encode())
            seq += n
    return len(calls)


def _measure(path: str) -> None:
    """Run in a fresh process: read and fit *path*, print the figures."""
    import pandas as pd

    import teletraffic as tt

    tt.read_cdr, tt.fit_traffic  # noqa: B018  (loaded before the clock starts)
    import scipy.stats  # noqa: F401

    def cpu() -> float:
        use = resource.getrusage(resource.RUSAGE_SELF)
        return use.ru_utime + use.ru_stime

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c0, t0 = cpu(), time.perf_counter()
    cdr = tt.read_cdr(path)
    c1, t1 = cpu(), time.perf_counter()
    peak_read = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fit = tt.fit_traffic(cdr)
    c2, t2 = cpu(), time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"legs read           {cdr.attrs['legs']:>12,}")
    print(f"calls (legs joined) {len(cdr):>12,}")
    print(f"read_cdr            {t1 - t0:>12.1f} s   ({c1 - c0:.1f} s of CPU)")
    print(f"fit_traffic         {t2 - t1:>12.1f} s   ({c2 - c1:.1f} s of CPU)")
    print(f"total               {t2 - t0:>12.1f} s   ({c2 - c0:.1f} s of CPU; target < 30 s)")
    print(f"peak memory         {peak:>12.0f} MB  (target < 500 MB; {peak_read:.0f} MB reading)")
    arrow = "with" if importlib.util.find_spec("pyarrow") else "without"
    print(f"  of which imports   {base:>12.0f} MB  (pandas {pd.__version__}, {arrow} pyarrow)")
    print(f"calls per hour      {fit.streams[0].rate.value:>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--file", type=Path, help="write the Master.csv here (or reuse it if it is there)"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "Master.csv"
        if not path.exists():
            t0 = time.perf_counter()
            calls = write_master_csv(path, args.rows)
            size = path.stat().st_size
            print(
                f"wrote {args.rows:,} legs ({calls:,} calls, {size / 2**20:.0f} MB) in "
                f"{time.perf_counter() - t0:.0f} s"
            )
        print("load average before  {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True)
        print("load average after   {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
