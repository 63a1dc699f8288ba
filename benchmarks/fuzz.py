"""A fuzz campaign: mutated scenarios, tariffs files and command lines, each with limits.

Every input must end in one of two ways: accepted (exit 0, and for a scenario that runs,
offered = sum of outcomes in every scope) or refused with a message (exit 2). A
traceback, a run over its time limit (a hang), a MemoryError under the address-space
limit, or a conservation failure is a finding, printed with the input that caused it.

Inputs are made from the shipped files (scenarios/*.yaml, the tariff menus) by random
mutations (a key removed, a value swapped for a hostile one, a list doubled, a period cut
to one hour), and command lines for ``erlang``, ``size``, ``check`` and ``plan`` from
pools of awkward values; the ``plan`` kind asks for traffic up to a million calls an
hour, which the plan must refuse before it starts or answer within the time limit.
They run in-process, many to a worker process, under ``resource.setrlimit(RLIMIT_AS)``;
each input has its own time limit: CPU seconds (``SIGPROF``), so that a machine busy
with other work does not turn a slow input into a "hang", and five times as long on the
clock (``SIGALRM``) for an input blocked without using the CPU.

    python benchmarks/fuzz.py --inputs 12000 --workers 2 --seed 1

prints how many inputs of each kind were tried and what was found. The test suite runs
a few dozen of the same inputs (tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
TARIFFS = [
    ROOT / "scenarios" / "tariffs.yaml",
    *sorted((ROOT / "scenarios" / "tariffs").glob("*.yaml")),
]
KINDS = ("check", "run", "tariffs", "args", "plan")

HOSTILE: list[Any] = [
    -1,
    0,
    1,
    2.5,
    1e300,
    -1e300,
    float("nan"),
    float("inf"),
    10**30,
    True,
    False,
    None,
    "",
    " ",
    "0",
    "-3m",
    "3m",
    "90s",
    "1.5h",
    "2%",
    "150%",
    "1e300",
    "nan",
    "٣",
    "５",
    "$x$",
    "$\\foo$",
    "a_b^c",
    "=cmd|' /C calc'!A0",
    "x" * 5000,
    "09:00",
    "25:00",
    [],
    [1, 2],
    {},
    {"mean": "3m"},
    {"mean": -1},
    {"dist": "uniform", "min": "5m", "max": "1m"},
]
"""Values put in place of a scenario's or a menu's values."""
NUMBERS = [
    "0",
    "1",
    "2",
    "5",
    "40",
    "-1",
    "1.5",
    "1e300",
    "1e-300",
    "nan",
    "inf",
    "",
    "abc",
    "٣",
    "５",
    "1_0",
    "0x10",
    "2%",
    "100%",
    "3m",
    "1..5",
    "5..1",
    "1..100000000",
    "1,2,3",
    "$x$",
]
"""Values given to the flags of command lines."""
DURATIONS = ["3m", "90s", "0", "0s", "-1m", "1d", "2d", "1e9s", "abc", "1.5h", "３m", ""]
SHARES = ["2%", "0.02", "0", "0%", "100%", "150%", "-1%", "1e-300", "abc", "80%/20s", "2"]
FLAGS: dict[str, list[str]] = {
    "--lines": NUMBERS,
    "--traffic": NUMBERS,
    "--agents": NUMBERS,
    "--places": NUMBERS,
    "--sources": NUMBERS,
    "--calls-per-hour": NUMBERS,
    "--talk": DURATIONS,
    "--patience": DURATIONS,
    "--recall": SHARES,
    "--redial": SHARES,
    "--target-busy": SHARES,
    "--target-answer": [*SHARES, "80%/20s", "80%/100000s", "1%/1s"],
    "--target-asa": DURATIONS,
    "--target-abandon": SHARES,
    "--max-occupancy": SHARES,
    "--shrinkage": SHARES,
    "--answer-time": DURATIONS,
    "--format": ["table", "json", "csv", "x"],
    "--redial-after": DURATIONS,
    "--max-attempts": NUMBERS,
}
COMMANDS = [
    ["erlang", "b"],
    ["erlang", "c"],
    ["erlang", "a"],
    ["erlang", "mmnk"],
    ["erlang", "x"],
    ["erlang", "engset"],
    ["size", "lines"],
    ["size", "traffic"],
    ["size", "agents"],
]

GOOD = [
    "erlang b --lines 1..5 --traffic 2",
    "erlang c --agents 3..5 --traffic 2 --talk 3m",
    "erlang a --agents 3 --traffic 2 --talk 3m --patience 1m",
    "erlang engset --lines 2 --sources 5 --traffic 1",
    "size lines --traffic 8 --target-busy 2%",
    "size traffic --lines 1..5 --target-busy 1%",
    "size agents --traffic 10 --talk 3m --target-answer 80%/20s",
]
"""Command lines that work, the base of half the command lines tried."""

# ----------------------------------------------------------------------------- inputs


def _mutate(data: Any, rng: random.Random, times: int) -> Any:
    """*data* with *times* random mutations at random places."""
    data = copy.deepcopy(data)
    for _ in range(times):
        path: list[Any] = []
        node = data
        while isinstance(node, dict | list) and node and rng.random() < 0.7:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            path.append(key)
            node = node[key]
        if not path:
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        roll = rng.random()
        if roll < 0.2 and isinstance(parent, dict):
            del parent[key]
        elif roll < 0.3 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif roll < 0.35 and isinstance(parent, dict):
            parent[rng.choice(["extra", "lines", "channels", "staff", "transfers"])] = rng.choice(
                HOSTILE
            )
        else:
            parent[key] = copy.deepcopy(rng.choice(HOSTILE))
    return data


def _tiny(spec: Any, rng: random.Random) -> Any:
    """A scenario cut to one replication of about an hour, so that it runs in moments."""
    if isinstance(spec, dict):
        spec["replications"] = 1
        period = spec.get("period")
        if isinstance(period, dict) and "hours" in period:
            period["hours"] = rng.choice([0.5, 1, 2])
            period.pop("warmup", None)
        elif isinstance(period, dict):
            period["days"] = 1
    return spec


def make_input(rng: random.Random, kind: str) -> tuple[str, Any]:
    """One input of *kind*: ``check``/``run`` (YAML text), ``tariffs`` (YAML text),
    ``args`` and ``plan`` (a command line)."""
    if kind in ("check", "run"):
        source = yaml.safe_load(rng.choice(SCENARIOS).read_text(encoding="utf-8"))
        spec = _mutate(source, rng, rng.choice([0, 1, 1, 2, 3, 5]))
        if kind == "run":
            spec = _tiny(spec, rng)
        if rng.random() < 0.05:
            return kind, "a: &a [x, *a]\n" if rng.random() < 0.5 else "[" * 5000
        return kind, yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    if kind == "plan":
        return kind, _plan_command(rng)
    if kind == "tariffs":
        menu = yaml.safe_load(rng.choice(TARIFFS).read_text(encoding="utf-8"))
        return kind, yaml.safe_dump(_mutate(menu, rng, rng.choice([1, 2, 3])), allow_unicode=True)
    if rng.random() < 0.5:  # a command that works, with a flag or two more or changed
        command = rng.choice(GOOD).split()
        for flag in rng.sample(sorted(FLAGS), rng.randint(0, 2)):
            command += [flag, rng.choice(FLAGS[flag])]
    else:
        command = list(rng.choice(COMMANDS))
        for flag in rng.sample(sorted(FLAGS), rng.randint(1, 5)):
            command += [flag, rng.choice(FLAGS[flag])]
    if rng.random() < 0.1:
        # plan from numbers: small traffic only (a plan of thousands of erlangs simulates
        # for minutes; see the note in the report of issue 15)
        command = [
            "plan",
            "--calls-per-hour",
            rng.choice(["5", "20", "-1", "abc", "1e7"]),
            "--talk",
            rng.choice(DURATIONS),
            "-r",
            "2",
            "--max-lines",
            "4",
        ]
        for flag in rng.sample(
            ["--target-busy", "--target-answer", "--target-abandon", "--patience", "--redial"],
            rng.randint(0, 2),
        ):
            command += [flag, rng.choice(FLAGS[flag])]
    return kind, command


def _plan_command(rng: random.Random) -> list[str]:
    """``plan`` from numbers with traffic up to a million calls an hour: the whole search
    must be refused before it starts or end within the input's time limit (the campaign
    sets the search limit to a third of it, see :func:`run_batch`)."""
    command = [
        "plan",
        "--calls-per-hour",
        rng.choice(["200", "2000", "5000", "20000", "100000", "1000000", "1e6", "20000.5"]),
        "--talk",
        rng.choice(["3m", "10m", "30s", "1h", "3m", "2s"]),
        "-r",
        rng.choice(["2", "2", "10", "1000"]),
    ]
    pool = {
        "--patience": ["1m", "10s", "1h"],
        "--redial": ["30%", "90%", "0%"],
        "--target-busy": ["2%", "0.1%", "50%"],
        "--target-lost": ["5%", "50%", "0.01%"],
        "--target-answer": ["80%/20s", "99%/1s"],
        "--target-wait": ["30s", "1s"],
        "--max-lines": ["10", "1000", "300"],
        "--people": ["5", "1000", "300"],
    }
    for flag in rng.sample(sorted(pool), rng.randint(0, 3)):
        command += [flag, rng.choice(pool[flag])]
    return command


# ----------------------------------------------------------------------------- running


class TimeLimitError(Exception):
    """An input ran over its time limit."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise TimeLimitError


def run_input(kind: str, payload: Any, folder: Path) -> str:
    """Run one input in this process; ``"ok"``, ``"refused"`` or a finding's description."""
    from typer.testing import CliRunner

    from teletraffic.cli import app
    from teletraffic.errors import TeletrafficError

    if kind in ("args", "plan"):
        result = CliRunner().invoke(app, payload)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            if isinstance(result.exception, TimeLimitError | MemoryError):
                raise result.exception
            trace = "".join(traceback.format_exception(result.exception))
            return f"traceback: {trace.strip().splitlines()[-1]}"
        if "Traceback" in (result.output or ""):
            return "traceback printed"
        if result.exit_code not in (0, 2):
            return f"exit {result.exit_code}: {(result.output or '').strip()[-200:]}"
        return "ok" if result.exit_code == 0 else "refused"
    path = folder / ("tariffs.yaml" if kind == "tariffs" else "scenario.yaml")
    path.write_text(payload, encoding="utf-8")
    if kind == "check":
        result = CliRunner().invoke(app, ["check", str(path)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            if isinstance(result.exception, TimeLimitError | MemoryError):
                raise result.exception
            return f"traceback: {type(result.exception).__name__}: {result.exception}"
        if result.exit_code not in (0, 2):
            return f"exit {result.exit_code}"
        return "ok" if result.exit_code == 0 else "refused"
    try:
        if kind == "tariffs":
            from teletraffic.tariffs import load_tariffs

            load_tariffs(path)
            return "ok"
        from teletraffic.runner import estimate_work, simulate
        from teletraffic.scenario import load_scenario

        scenario = load_scenario(path)
        if estimate_work(scenario, replications=1, workers=1).refusal() is not None:
            return "refused"
        result = simulate(scenario, replications=1, seed=1)
        errors = result.conservation_errors()
        return f"conservation: {errors}" if errors else "ok"
    except TeletrafficError:
        return "refused"
    except (TimeLimitError, MemoryError):
        raise
    except Exception as err:  # a finding, not a failure of the campaign
        return f"traceback: {type(err).__name__}: {err}"


WALL_FACTOR = 5.0
"""An input blocked (a FIFO, a lock) uses no CPU: its limit is this many times the CPU
limit on the clock."""


def run_batch(
    job: tuple[int, int, int, float, int, tuple[str, ...]],
) -> tuple[Counter[str], list[str]]:
    """Run *count* inputs from *seed* in this process, with the limits; the tallies and
    the findings (each with its input)."""
    seed, start, count, seconds, memory, kinds = job
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    import teletraffic.work

    # a plan admitted by its estimate must finish in its time: the estimate errs long,
    # but not by more than three times (a plan of 1,000 erlangs: 172 s estimated, 312 s)
    teletraffic.work.MAX_SEARCH_SECONDS = seconds / 3
    tally: Counter[str] = Counter()
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(start, start + count):
            rng = random.Random(f"{seed}:{i}")
            kind, payload = make_input(rng, kinds[i % len(kinds)])
            # a hang is work that does not end: over *seconds* of CPU time (what the
            # input costs, whatever else the machine runs), or blocked: over WALL_FACTOR
            # times that on the clock
            signal.setitimer(signal.ITIMER_PROF, seconds)
            signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
            try:
                outcome = run_input(kind, payload, Path(tmp))
            except TimeLimitError:
                outcome = f"hang (over {seconds:g} CPU s or {seconds * WALL_FACTOR:g} s)"
            except MemoryError:
                outcome = "memory (over the address-space limit)"
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.setitimer(signal.ITIMER_REAL, 0)
            tally[kind] += 1
            if outcome == "ok":
                tally[f"{kind} ok"] += 1
            tally[outcome if outcome in ("ok", "refused") else "finding"] += (
                1  # "run ok": conserved
            )
            if outcome not in ("ok", "refused"):
                shown = payload if kind == "args" else str(payload)[:400]
                found.append(f"[{kind} #{i}] {outcome}\n    input: {shown!r}")
    return tally, found


def campaign(
    inputs: int,
    *,
    seed: int = 1,
    workers: int = 2,
    seconds: float = 20.0,
    memory_gb: float = 2.0,
    kinds: tuple[str, ...] = KINDS,
) -> tuple[Counter[str], list[str]]:
    """Run *inputs* inputs of *kinds* in turn, in batches over *workers* processes."""
    batch = 100 if kinds != ("plan",) else 10
    jobs = [
        (seed, start, min(batch, inputs - start), seconds, int(memory_gb * 2**30), kinds)
        for start in range(0, inputs, batch)
    ]
    tally: Counter[str] = Counter()
    found: list[str] = []
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, maxtasksperchild=5) as pool:
        for part, findings in pool.imap_unordered(run_batch, jobs):
            tally += part
            found += findings
    return tally, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0, help="time limit per input")
    parser.add_argument("--memory-gb", type=float, default=2.0, help="address space per worker")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help=f"kinds of input, of {', '.join(KINDS)}"
    )
    args = parser.parse_args()
    kinds = tuple(k for k in args.kinds.split(",") if k in KINDS) or KINDS
    began = time.monotonic()
    tally, found = campaign(
        args.inputs,
        seed=args.seed,
        workers=args.workers,
        seconds=args.seconds,
        memory_gb=args.memory_gb,
        kinds=kinds,
    )
    for line in found:
        print(line)
    counts = ", ".join(f"{tally[k]:,} {k} ({tally[k + ' ok']:,} accepted)" for k in kinds)
    print(
        f"tried {sum(tally[k] for k in kinds):,} inputs ({counts}) in "
        f"{time.monotonic() - began:.0f} s: {tally['ok']:,} accepted, {tally['refused']:,} "
        f"refused with a message, {tally['finding']:,} findings "
        f"(tracebacks, hangs over {args.seconds:g} CPU s, memory over {args.memory_gb:g} GB, "
        "conservation failures)"
    )
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
