"""Engine speed: calls simulated per second, every shape users run, against minimal SimPy.

Prints one table; asserts nothing. Run from the repository root:

    .venv/bin/python benchmarks/engine_speed.py            # a few minutes
    .venv/bin/python benchmarks/engine_speed.py --quick    # smaller runs, a smoke test
    .venv/bin/python benchmarks/engine_speed.py --profile erlang_b   # one shape under cProfile

Each row is one shape of system, simulated three ways in one process, *interleaved*:
teletraffic's whole public path (:func:`teletraffic.runner.simulate` on a loaded
scenario: one replication, one worker, tables included), a minimal idiomatic SimPy model
of the same system (one process per call, ``simpy.Resource`` for channels and staff,
``random`` for the draws) and, where it can express the system, Ciw (``pip install ciw``;
rows without it say ``-``). Each repeat runs every row once, model after model, so load
from other programs on the machine falls on all of them alike; the ratio printed is the
median of the per-repeat ratios (engine calls/s over minimal SimPy calls/s), the calls/s
the fastest repeat's. Times are the process's CPU time (``time.process_time``): on a
machine shared with other work, waiting for a core does not count, so the figures move
less with the load (they still move: caches and cores are shared).

Shapes: no PBX at 10, 1,000 and 10,000 channels (Erlang B, 0.8 erlang a channel);
virtual PBX, 40 staff, no hold queue, one row per strategy family; Erlang C (hold queue,
no patience) and Erlang A (hold queue, patience); a busy office (benchmarks/scenarios/
office.yaml); 10,000 staff behind a virtual PBX (``random``). Targets (issue 14): >= 3x
the minimal SimPy model on the no-queue and Erlang C shapes, >= 2x on the others; cost
per call at 10,000 channels or staff within 2x of that at 10.

Last, the peak memory (ru_maxrss) of a fresh process running
``teletraffic run FILE --out DIR --call-log`` on one million Erlang B calls (target
under 300 MB), and without the call log.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import platform
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import simpy

from teletraffic.runner import simulate
from teletraffic.scenario import Distribution, Scenario, load_scenario, scenario_from_dict

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
FULL_CALLS = 150_000
"""Calls per timed run (each model, each shape)."""
BIG_CALLS = 400_000
"""Calls per run of the 1,000- and 10,000-size shapes (their set-up and per-person
tables are paid once per run; more calls make the per-call cost the one measured)."""
QUICK_CALLS = 10_000
MEMORY_CALLS = 1_000_000
QUICK_MEMORY_CALLS = 50_000
REPEATS = 3
"""Interleaved repeats of every row; 1 with --quick."""
TARGET_MB = 300.0
STRATEGIES = (
    "linear",
    "ring_all",
    "round_robin",
    "longest_idle",
    "fewest_calls",
    "random",
    "leastrecent",
    "wrandom",
    "agent-with-least-talk-time",
)

Event = Generator[Any, Any, None]


# --------------------------------------------------------------------------- scenarios


def load(name: str) -> Scenario:
    """A benchmark scenario from ``benchmarks/scenarios/NAME.yaml``."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


def sized(scenario: Scenario, calls: float) -> Scenario:
    """*scenario* with its period stretched or shrunk to about *calls* first attempts.

    Steady-state runs get ``hours`` such that they hold *calls* attempts, and no
    warm-up: a warm-up's calls are simulated but not counted, so the engine would pay
    for calls the minimal model never makes (at 10,000 channels an hour's warm-up is
    160,000 calls). Business-day runs get a whole number of days.
    """
    period = scenario.period
    expected = sum(scenario.expected_calls_per_replication(s) for s in scenario.traffic)
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if period.hours is not None:
        per_hour = expected / (period.hours + period.warmup_seconds / 3600.0)
        data["period"] = {"hours": calls / per_hour, "warmup": 0}
    else:
        assert period.days is not None
        per_day = expected / period.days
        base = period.model_dump(mode="json", exclude_none=True)
        data["period"] = {**base, "days": max(1, round(calls / per_day))}
    data["replications"] = 1
    return scenario_from_dict(data)


# --------------------------------------------------------------------------- the engine


@dataclass
class Run:
    """One timed run of one model."""

    calls: int
    seconds: float
    figures: dict[str, float]

    @property
    def rate(self) -> float:
        return self.calls / self.seconds


FIGURES = ("p_busy", "p_queue_full", "p_abandon", "p_not_answered")


def run_engine(scenario: Scenario) -> Run:
    """Time the whole ``simulate()`` call: one replication, one worker."""
    t0 = time.process_time()
    result = simulate(scenario, replications=1, seed=scenario.seed, workers=1)
    seconds = time.process_time() - t0
    calls = int(result.replications[("offered", "all")].sum())
    return Run(calls, seconds, {k: result.value(k) for k in FIGURES})


# --------------------------------------------------------------------------- minimal SimPy


class Counts:
    """Outcome counters of a minimal model."""

    def __init__(self) -> None:
        self.offered = 0
        self.answered = 0
        self.busy = 0
        self.queue_full = 0
        self.abandoned = 0
        self.unanswered = 0
        self.wait_sum = 0.0

    def figures(self) -> dict[str, float]:
        n = self.offered
        return {
            "p_busy": self.busy / n,
            "p_queue_full": self.queue_full / n,
            "p_abandon": self.abandoned / n,
            "p_not_answered": 1.0 - self.answered / n,
        }


def timed(model: Callable[[], Counts]) -> Run:
    t0 = time.process_time()
    counts = model()
    seconds = time.process_time() - t0
    return Run(counts.offered, seconds, counts.figures())


def simpy_erlang_b(calls: int, scenario: Scenario, seed: int) -> Counts:
    """M/M/N/N: one process per call; a call finding every channel taken hears busy."""
    stream = scenario.traffic[0]
    rate = stream.rate_at_hour(0) / 3600.0
    mean_talk = stream.talk.expected
    rng = random.Random(seed)
    env = simpy.Environment()
    trunk = simpy.Resource(env, capacity=scenario.lines[0].call_capacity)
    n = Counts()

    def call(talk: float) -> Event:
        n.offered += 1
        if trunk.count >= trunk.capacity:
            n.busy += 1
            return
        with trunk.request() as req:
            yield req
            n.answered += 1
            yield env.timeout(talk)

    def source() -> Event:
        for _ in range(calls):
            yield env.timeout(rng.expovariate(rate))
            env.process(call(rng.expovariate(1.0 / mean_talk)))

    env.process(source())
    env.run()
    return n


def simpy_erlang_a(calls: int, scenario: Scenario, seed: int) -> Counts:
    """M/M/n+M: wait for an agent or for the patience, whichever comes first."""
    stream = scenario.traffic[0]
    assert stream.patience is not None
    rate = stream.rate_at_hour(0) / 3600.0
    mean_talk = stream.talk.expected
    mean_patience = stream.patience.expected
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=scenario.effective_departments[0].staff)
    n = Counts()

    def call(talk: float, patience: float) -> Event:
        n.offered += 1
        arrival = env.now
        with agents.request() as req:
            got = yield req | env.timeout(patience)
            n.wait_sum += env.now - arrival
            if req not in got:
                n.abandoned += 1
                return  # leaving the with block cancels the request
            n.answered += 1
            yield env.timeout(talk)

    def source() -> Event:
        for _ in range(calls):
            yield env.timeout(rng.expovariate(rate))
            env.process(
                call(rng.expovariate(1.0 / mean_talk), rng.expovariate(1.0 / mean_patience))
            )

    env.process(source())
    env.run()
    return n


def sampler(dist: Distribution, rng: random.Random) -> Callable[[], float]:
    """Draws of *dist* with :mod:`random` (the kinds the office scenario uses)."""
    mean = dist.expected
    if dist.dist == "deterministic" or mean == 0.0:
        return lambda: mean
    if dist.dist == "exponential":
        return lambda: rng.expovariate(1.0 / mean)
    if dist.dist == "lognormal":
        assert dist.cv is not None
        s2 = math.log1p(dist.cv**2)
        mu, sigma = math.log(mean) - s2 / 2.0, math.sqrt(s2)
        return lambda: rng.lognormvariate(mu, sigma)
    raise NotImplementedError(f"the minimal office model has no {dist.dist} distribution")


def simpy_office(scenario: Scenario, seed: int) -> Counts:
    """A simplified counterpart of the office scenario, written the usual SimPy way.

    A trunk Resource (a caller holds a channel from arrival to hang-up, hold included),
    one Resource per department (its hold queue is the Resource's queue, bounded by
    max_callers), patience and the PBX's max wait as ``req | timeout``, ringing as a
    pick-up delay (a no-pick-up costs a ring timeout), wrap-up while the person is
    still held, redials as new processes after a delay. Who rings first (ring_all,
    round_robin, longest_idle) is not modelled.
    """
    rng = random.Random(seed)
    env = simpy.Environment()
    period = scenario.period
    assert period.days is not None
    assert scenario.pbx is not None
    assert scenario.pbx.hold is not None
    hold = scenario.pbx.hold
    max_callers = hold.max_callers if hold.max_callers is not None else 10**9
    max_wait = hold.max_wait if hold.max_wait is not None else math.inf
    trunk = simpy.Resource(env, capacity=scenario.lines[0].call_capacity)
    depts = {d.name: d for d in scenario.effective_departments}
    staff = {d.name: simpy.Resource(env, capacity=d.staff) for d in depts.values()}
    pickup_delay = {d.name: sampler(d.pickup_delay, rng) for d in depts.values()}
    wrap_up = {d.name: sampler(d.wrap_up, rng) for d in depts.values()}
    routes = scenario.effective_routes
    n = Counts()

    def call(stream: Any, attempt: int) -> Event:
        dept = depts[routes[stream.dial]]
        talk, patience = talks[stream.name](), patiences[stream.name]()
        n.offered += 1
        arrival = env.now
        outcome = "answered"
        if trunk.count >= trunk.capacity:
            n.busy += 1
            outcome = "busy"
        else:
            channel = trunk.request()
            yield channel
            people = staff[dept.name]
            if people.count >= people.capacity and len(people.queue) >= max_callers:
                n.queue_full += 1
                outcome = "queue_full"
            else:
                limit = min(patience, max_wait)
                gave_up = "abandoned" if patience <= max_wait else "unanswered"
                person = people.request()
                got = yield person | env.timeout(limit)
                if person not in got:
                    person.cancel()  # off the queue; and (as a with block does) release it
                    people.release(person)  # in case it was granted at this very moment
                    outcome = gave_up
                else:
                    ring = pickup_delay[dept.name]()
                    while rng.random() >= dept.pickup:
                        ring += dept.ring_timeout
                    left = limit - (env.now - arrival)
                    if ring > left:  # hangs up (or is let go) while it rings
                        yield env.timeout(left)
                        outcome = gave_up
                    else:
                        yield env.timeout(ring)
                        n.wait_sum += env.now - arrival
                        n.answered += 1
                        yield env.timeout(talk)
                    trunk.release(channel)
                    if outcome == "answered":
                        yield env.timeout(wrap_up[dept.name]())
                    people.release(person)
                    channel = None
                if outcome == "abandoned":
                    n.abandoned += 1
                elif outcome == "unanswered":
                    n.unanswered += 1
            if channel is not None:
                trunk.release(channel)
        redial = stream.redial
        if (
            outcome != "answered"
            and redial is not None
            and outcome in redial.on
            and attempt < redial.max_attempts
            and rng.random() < redial.probability
        ):
            yield env.timeout(redial_after[stream.name]())
            env.process(call(stream, attempt + 1))

    def source(stream: Any) -> Event:
        for day in range(period.days or 0):
            for hour in range(24):
                lo = max(hour * 3600.0, period.open)
                hi = min((hour + 1) * 3600.0, period.close)
                rate = stream.rate_at_hour(hour) / 3600.0
                if hi <= lo or rate <= 0.0:
                    continue
                t, end = day * 86400.0 + lo, day * 86400.0 + hi
                t += rng.expovariate(rate)  # memoryless: start afresh in each hour
                while t < end:
                    yield env.timeout(t - env.now)
                    env.process(call(stream, 1))
                    t += rng.expovariate(rate)

    talks = {s.name: sampler(s.talk, rng) for s in scenario.traffic}
    patiences = {
        s.name: sampler(s.patience, rng) if s.patience is not None else (lambda: math.inf)
        for s in scenario.traffic
    }
    redial_after = {s.name: sampler(s.redial.after, rng) for s in scenario.traffic if s.redial}
    for s in scenario.traffic:
        env.process(source(s))
    env.run()
    return n


# --------------------------------------------------------------------------- theory


def erlang_b(channels: int, erlangs: float) -> float:
    """Blocking probability by the usual recursion B(n) = a B(n-1) / (n + a B(n-1))."""
    b = 1.0
    for k in range(1, channels + 1):
        b = erlangs * b / (k + erlangs * b)
    return b


def erlang_a_abandon(servers: int, rate: float, talk: float, patience: float) -> float:
    """Share of callers who abandon in M/M/n+M, from its birth-death chain."""
    mu, theta = 1.0 / talk, 1.0 / patience
    p, total, queued, k = 1.0, 1.0, 0.0, 0
    while p > 1e-18 * total or k <= servers:
        k += 1
        p *= rate / (min(k, servers) * mu + max(k - servers, 0) * theta)
        total += p
        queued += max(k - servers, 0) * p
    return theta * queued / total / rate


def simpy_erlang_c(calls: int, scenario: Scenario, seed: int) -> Counts:
    """M/M/n: wait for an agent as long as it takes (a hold queue, no patience)."""
    stream = scenario.traffic[0]
    rate = stream.rate_at_hour(0) / 3600.0
    mean_talk = stream.talk.expected
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=scenario.effective_departments[0].staff)
    n = Counts()

    def call(talk: float) -> Event:
        n.offered += 1
        arrival = env.now
        with agents.request() as req:
            yield req
            n.wait_sum += env.now - arrival
            n.answered += 1
            yield env.timeout(talk)

    def source() -> Event:
        for _ in range(calls):
            yield env.timeout(rng.expovariate(rate))
            env.process(call(rng.expovariate(1.0 / mean_talk)))

    env.process(source())
    env.run()
    return n


def ciw_model(calls: int, scenario: Scenario, seed: int, queue: bool) -> Counts | None:
    """The same M/M/n/n (*queue* False) or M/M/n (True) in Ciw, if it is installed."""
    try:
        import ciw
    except ImportError:
        return None
    stream = scenario.traffic[0]
    rate = stream.rate_at_hour(0) / 3600.0
    servers = scenario.effective_departments[0].staff
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=rate)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / stream.talk.expected)],
        number_of_servers=[servers],
        queue_capacities=[float("inf") if queue else 0],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(calls / rate)
    records = sim.get_all_records()
    n = Counts()
    n.offered = len(records)
    n.answered = sum(1 for r in records if r.record_type == "service")
    n.busy = n.offered - n.answered
    return n


# --------------------------------------------------------------------------- shapes


def steady(
    name: str,
    servers: int,
    *,
    pbx: bool,
    strategy: str = "linear",
    hold: bool = False,
    patience: str | None = None,
) -> Scenario:
    """A steady-state shape: *servers* channels (no PBX) or staff, 0.8 erlang each."""
    per_hour = 0.8 * servers * 20.0  # 3-minute calls
    stream: dict[str, Any] = {"name": "callers", "dial": "100", "calls_per_hour": per_hour}
    stream["talk"] = "3m"
    if patience is not None:
        stream["patience"] = patience
    channels = servers * (50 if hold else 1)  # a hold queue needs channels to hold on
    data: dict[str, Any] = {
        "name": name,
        "period": {"hours": 1000, "warmup": "1h"},
        "replications": 1,
        "seed": 1917,
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["100"]}],
        "traffic": [stream],
    }
    data["lines"][0]["channels"] = channels
    if pbx:
        data["pbx"] = {"kind": "virtual", **({"hold": {}} if hold else {})}
        data["departments"] = [{"name": "staff", "staff": servers, "strategy": strategy}]
    return scenario_from_dict(data)


@dataclass
class Shape:
    """One row: a scenario, its minimal SimPy model, maybe Ciw's, and its target."""

    name: str
    scenario: Scenario
    minimal: Callable[[int], Counts]
    ciw: Callable[[int], Counts | None] | None
    target: float
    engine_runs: list[Run] = field(default_factory=list)
    simpy_runs: list[Run] = field(default_factory=list)
    ciw_runs: list[Run] = field(default_factory=list)

    def ratios(self) -> list[float]:
        return [e.rate / m.rate for e, m in zip(self.engine_runs, self.simpy_runs, strict=True)]


def shapes(calls: int, big_calls: int) -> list[Shape]:
    """Every row of the table, scenarios sized to about *calls* attempts."""

    def mm(sc: Scenario, minimal: Any, queue: bool | None, target: float, name: str) -> Shape:
        def run_minimal(n: int, sc: Scenario = sc) -> Counts:
            return minimal(n, sc, sc.seed)

        def run_ciw(n: int, sc: Scenario = sc, queue: bool | None = queue) -> Counts | None:
            return ciw_model(n, sc, sc.seed, bool(queue))

        return Shape(name, sc, run_minimal, run_ciw if queue is not None else None, target)

    rows = [
        mm(sized(load("erlang_b"), calls), simpy_erlang_b, False, 3.0, "no PBX, 10 channels"),
    ]
    for n in (1000, 10000):
        sc = sized(steady(f"no PBX {n}", n, pbx=False), big_calls)
        rows.append(mm(sc, simpy_erlang_b, None, 3.0, f"no PBX, {n:,} channels"))
    for strategy in STRATEGIES:
        sc = sized(steady(strategy, 40, pbx=True, strategy=strategy), calls)
        rows.append(mm(sc, simpy_erlang_b, None, 3.0, f"virtual PBX 40, {strategy}"))
    sc = sized(steady("erlang c", 10, pbx=True, hold=True), calls)
    rows.append(mm(sc, simpy_erlang_c, True, 3.0, "Erlang C, 10 staff"))
    rows.append(mm(sized(load("erlang_a"), calls), simpy_erlang_a, None, 2.0, "Erlang A, 10 staff"))
    office = sized(load("office"), calls)
    rows.append(Shape("office", office, lambda _: simpy_office(office, office.seed), None, 2.0))
    for n in (10, 10000):
        sc = sized(steady(f"pbx {n}", n, pbx=True, strategy="random"), big_calls)
        rows.append(mm(sc, simpy_erlang_b, None, 3.0, f"virtual PBX {n:,}, random"))
    return rows


def run_minimal(model: Callable[[int], Counts | None], calls: int) -> Run | None:
    t0 = time.process_time()
    counts = model(calls)
    seconds = time.process_time() - t0
    return None if counts is None else Run(counts.offered, seconds, counts.figures())


def measure(rows: list[Shape], repeats: int) -> None:
    """Every row, engine then minimal SimPy then Ciw, *repeats* times over (interleaved)."""
    for sc in {id(r.scenario): r.scenario for r in rows}.values():
        simulate(sized(sc, 500), replications=1, seed=1, workers=1)  # imports, first calls
    for _ in range(repeats):
        for row in rows:
            e = run_engine(row.scenario)
            row.engine_runs.append(e)
            m = run_minimal(row.minimal, e.calls)
            assert m is not None
            row.simpy_runs.append(m)
            if row.ciw is not None:
                c = run_minimal(row.ciw, e.calls)
                if c is not None:
                    row.ciw_runs.append(c)


# --------------------------------------------------------------------------- memory


def write_scenario(scenario: Scenario, path: Path) -> None:
    import yaml

    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def memory_child(calls: int, call_log: bool) -> None:
    """In a fresh process: ``teletraffic run`` on *calls* Erlang B calls; memory as JSON."""
    from typer.main import get_command

    from teletraffic.cli import app

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "erlang_b.yaml"
        write_scenario(sized(load("erlang_b"), calls), path)
        args = ["run", str(path), "--out", str(Path(tmp) / "out"), "--force", "-f", "csv"]
        if call_log:
            args.append("--call-log")
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            get_command(app).main(args, standalone_mode=False)
        finally:
            sys.stdout.flush()
        rows = 0
        calls_csv = Path(tmp) / "out" / "calls.csv"
        if calls_csv.exists():
            with calls_csv.open(encoding="utf-8") as f:
                rows = sum(1 for _ in f) - 1
    out = {
        "before_kb": before_kb,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "rows": rows,
    }
    print("MEMORY " + json.dumps(out))


def measure_memory(calls: int, call_log: bool) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--memory-child", str(calls)]
    if call_log:
        cmd.append("--call-log")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("MEMORY "))
    return json.loads(line[len("MEMORY ") :])


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def fastest(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


def print_table(rows: list[Shape]) -> None:
    print()
    print(
        f"{'shape':<38} {'calls':>9} {'engine/s':>10} {'SimPy/s':>9} {'Ciw/s':>8} "
        f"{'ratio':>7} {'(min..max)':>13}  target"
    )
    for row in rows:
        e, m = fastest(row.engine_runs), fastest(row.simpy_runs)
        ratios = row.ratios()
        ratio = statistics.median(ratios)
        ciw = f"{fastest(row.ciw_runs).rate:>8,.0f}" if row.ciw_runs else f"{'-':>8}"
        spread = f"({min(ratios):.2f}..{max(ratios):.2f})"
        print(
            f"{row.name:<38} {e.calls:>9,} {e.rate:>10,.0f} {m.rate:>9,.0f} {ciw} "
            f"{ratio:>6.2f}x {spread:>13}  >= {row.target:g}x {verdict(ratio >= row.target)}"
        )
    print(
        "(calls per CPU second: fastest of the interleaved repeats; ratio: median of the\n"
        " per-repeat ratios engine/minimal SimPy, with their range; engine = the whole\n"
        " simulate() call)"
    )
    slowest = min(rows, key=lambda r: statistics.median(r.ratios()))
    print(f"slowest row: {slowest.name}, {statistics.median(slowest.ratios()):.2f}x")


def print_scaling(rows: list[Shape]) -> None:
    by = {r.name: r for r in rows}
    print()
    for small, big in (
        ("no PBX, 10 channels", "no PBX, 1,000 channels"),
        ("no PBX, 10 channels", "no PBX, 10,000 channels"),
        ("virtual PBX 10, random", "virtual PBX 10,000, random"),
    ):
        a, b = fastest(by[small].engine_runs), fastest(by[big].engine_runs)
        cost = a.rate / b.rate
        print(f"cost per call, {big} / {small}: {cost:.2f}x (target <= 2x {verdict(cost <= 2.0)})")


def print_figures(rows: list[Shape]) -> None:
    print()
    print(f"{'shape':<38} {'figure':<15} {'engine':>9} {'SimPy':>9}")
    for row in rows:
        figure = "p_busy" if row.target == 3.0 and "Erlang C" not in row.name else "p_abandon"
        if "Erlang C" in row.name:
            continue
        e, m = row.engine_runs[0], row.simpy_runs[0]
        print(f"{row.name:<38} {figure:<15} {e.figures[figure]:>9.4f} {m.figures[figure]:>9.4f}")


def profile(name: str, calls: int) -> None:
    rows = [r for r in shapes(calls, calls) if name.lower() in r.name.lower()]
    if not rows:
        raise SystemExit(f"no shape matches {name!r}")
    scenario = rows[0].scenario
    simulate(sized(scenario, 1000), replications=1, seed=1, workers=1)  # imports
    prof = cProfile.Profile()
    prof.enable()
    run = run_engine(scenario)
    prof.disable()
    print(f"{rows[0].name} under cProfile: {run.calls:,} calls in {run.seconds:.2f} s")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small runs, for a smoke test")
    parser.add_argument("--profile", metavar="SHAPE", help="profile one shape (top 25 tottime)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory rows")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--call-log", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child, args.call_log)
        return
    calls = QUICK_CALLS if args.quick else FULL_CALLS
    big = QUICK_CALLS if args.quick else BIG_CALLS
    if args.profile:
        profile(args.profile, calls)
        return
    repeats = 1 if args.quick else REPEATS
    print(
        f"teletraffic engine speed: ~{calls:,} calls a run (~{big:,} at 1,000 and 10,000), "
        f"{repeats} interleaved repeats{' (--quick)' if args.quick else ''}"
    )
    print(
        f"Python {platform.python_version()}, SimPy {simpy.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at the start"
    )
    rows = shapes(calls, big)
    measure(rows, repeats)
    print(f"load average {os.getloadavg()[0]:.2f} at the end of the timed runs")
    print_table(rows)
    print_scaling(rows)
    print_figures(rows)
    if args.no_memory:
        return
    n = QUICK_MEMORY_CALLS if args.quick else MEMORY_CALLS
    print()
    for call_log in (True, False):
        mem = measure_memory(n, call_log)
        mb = mem["maxrss_kb"] / 1024.0
        what = "--call-log --out" if call_log else "--out, no call log"
        rows_note = f", calls.csv {mem['rows']:,.0f} rows" if call_log else ""
        target = f"target < {TARGET_MB:g} MB {verdict(mb < TARGET_MB)}" if call_log else ""
        print(
            f"peak memory, teletraffic run, ~{n:,} Erlang B calls, {what}: {mb:.0f} MB "
            f"(before the run {mem['before_kb'] / 1024.0:.0f} MB{rows_note}) {target}"
        )


if __name__ == "__main__":
    main()
