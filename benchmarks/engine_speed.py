"""Engine speed: calls simulated per second through ``scenario -> simulate()``.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python benchmarks/engine_speed.py            # about 1-2 minutes
    .venv/bin/python benchmarks/engine_speed.py --quick    # smaller runs, a smoke test
    .venv/bin/python benchmarks/engine_speed.py --profile  # Erlang A under cProfile only

For three systems (scenario files in ``benchmarks/scenarios/``) it times the whole
public path, :func:`teletraffic.runner.simulate` on an already loaded scenario, one
replication, one worker, and beside it a minimal idiomatic SimPy model of the same
system written the usual way: one process per call, ``simpy.Resource`` for channels
and staff, ``random`` for the draws. Both models see (about) the same number of calls.

* Erlang B: 10 channels offered 8 erlangs (160 calls/h, 3-minute calls), no queue.
* Erlang A: 10 staff, 8 erlangs (160 calls/h, 3-minute calls), unlimited hold, callers
  hang up after an exponential patience of mean 2 minutes.
* A busy office: PBX with a hold queue, one 30-channel line with three numbers, three
  departments (ring_all with pick-up chance and delay and wrap-up; round_robin;
  longest_idle), lognormal patience, redials, an hourly profile over business days.
  Its SimPy counterpart is simplified (no ringing strategies, no per-person
  pick-up), so its figures agree only roughly.

It prints calls/s of both and their ratio (targets: the engine >= 2x the minimal SimPy
model on Erlang B and Erlang A), the blocking and abandonment each model found (with
Erlang B and Erlang A from theory), and the peak memory of a fresh process that
simulates one million Erlang B calls without a call log (target: under 200 MB).
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
import subprocess
import sys
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simpy

from teletraffic.runner import simulate
from teletraffic.scenario import Distribution, Scenario, load_scenario, scenario_from_dict

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
FULL_CALLS = 400_000
"""Calls per timed run (each model, each system)."""
QUICK_CALLS = 20_000
MEMORY_CALLS = 1_000_000
QUICK_MEMORY_CALLS = 100_000
REPEATS = 2
"""Timed runs of each model (the fastest counts); 1 with --quick."""
TARGET_RATIO = 2.0
TARGET_OFFICE_RATIO = 0.7
"""The full office (scenarios/office.yaml) against the minimal SimPy Erlang A model."""
TARGET_MB = 200.0
FULL_OFFICE = Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml"

Event = Generator[Any, Any, None]


# --------------------------------------------------------------------------- scenarios


def load(name: str) -> Scenario:
    """A benchmark scenario from ``benchmarks/scenarios/NAME.yaml``."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


def sized(scenario: Scenario, calls: float) -> Scenario:
    """*scenario* with its period stretched or shrunk to about *calls* first attempts.

    Steady-state runs keep their warm-up and get ``hours`` such that the measured part
    holds *calls* attempts; business-day runs get a whole number of days.
    """
    period = scenario.period
    expected = sum(scenario.expected_calls_per_replication(s) for s in scenario.traffic)
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if period.hours is not None:
        per_hour = expected / (period.hours + period.warmup_seconds / 3600.0)
        data["period"] = {"hours": calls / per_hour, "warmup": period.warmup_seconds}
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
    t0 = time.perf_counter()
    result = simulate(scenario, replications=1, seed=scenario.seed, workers=1)
    seconds = time.perf_counter() - t0
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
    t0 = time.perf_counter()
    counts = model()
    seconds = time.perf_counter() - t0
    return Run(counts.offered, seconds, counts.figures())


def best_of(
    repeats: int, engine: Callable[[], Run], minimal: Callable[[int], Counts]
) -> tuple[Run, Run]:
    """Engine and minimal model in turn, *repeats* times; the fastest run of each.

    Every repeat runs the same seed, so the figures are the same each time; taking the
    fastest only filters out other load on the machine. The minimal model is given the
    number of calls the engine simulated.
    """
    ours: Run | None = None
    theirs: Run | None = None
    for _ in range(repeats):
        e = engine()
        m = timed(lambda e=e: minimal(e.calls))
        ours = e if ours is None or e.seconds < ours.seconds else ours
        theirs = m if theirs is None or m.seconds < theirs.seconds else theirs
    assert ours is not None
    assert theirs is not None
    return ours, theirs


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


# --------------------------------------------------------------------------- memory


def memory_child(calls: int, use_tracemalloc: bool) -> None:
    """In a fresh process: simulate *calls* Erlang B calls and print memory as JSON."""
    scenario = sized(load("erlang_b"), calls)
    # import what simulate() imports lazily, so "before" is the interpreter + libraries
    simulate(sized(scenario, 1000), replications=1, seed=1, workers=1)
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    result = simulate(scenario, replications=1, seed=scenario.seed, workers=1)
    out: dict[str, float] = {
        "calls": float(result.replications[("offered", "all")].sum()),
        "before_kb": before_kb,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    if use_tracemalloc:
        out["traced_peak_bytes"] = tracemalloc.get_traced_memory()[1]
    print(json.dumps(out))


def measure_memory(calls: int) -> tuple[dict[str, float], dict[str, float], float]:
    """Run :func:`memory_child` twice in fresh processes: plain, then with tracemalloc."""

    def child(*extra: str) -> dict[str, float]:
        cmd = [sys.executable, __file__, "--memory-child", str(calls), *extra]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    plain = child()
    # the largest child so far: the plain one (the parent has started no other)
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    traced = child("--tracemalloc")
    return plain, traced, children_kb


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_speed(rows: list[tuple[str, Run, Run, bool]]) -> None:
    print()
    print(
        f"{'model':<10} {'engine calls':>13} {'engine calls/s':>15} "
        f"{'SimPy calls':>12} {'SimPy calls/s':>14} {'ratio':>7}  target"
    )
    for name, ours, theirs, has_target in rows:
        ratio = ours.rate / theirs.rate
        target = f">= {TARGET_RATIO:g}x {verdict(ratio >= TARGET_RATIO)}" if has_target else "-"
        print(
            f"{name:<10} {ours.calls:>13,} {ours.rate:>15,.0f} "
            f"{theirs.calls:>12,} {theirs.rate:>14,.0f} {ratio:>6.2f}x  {target}"
        )
    print(
        "(wall time, fastest repeat: engine = the whole simulate() call, tables included;\n"
        " SimPy = building and running the model)"
    )


def print_figures(rows: list[tuple[str, str, Run, Run, float | None]]) -> None:
    print()
    print(f"{'model':<10} {'figure':<15} {'engine':>9} {'SimPy':>9} {'theory':>9}")
    for name, figure, ours, theirs, theory in rows:
        th = f"{theory:>9.4f}" if theory is not None else f"{'-':>9}"
        print(
            f"{name:<10} {figure:<15} {ours.figures[figure]:>9.4f} "
            f"{theirs.figures[figure]:>9.4f} {th}"
        )


def profile_erlang_a(calls: int) -> None:
    scenario = sized(load("erlang_a"), calls)
    simulate(sized(scenario, 1000), replications=1, seed=1, workers=1)  # imports
    prof = cProfile.Profile()
    prof.enable()
    run = run_engine(scenario)
    prof.disable()
    print(f"Erlang A under cProfile: {run.calls:,} calls in {run.seconds:.2f} s (profiled)")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small runs, for a smoke test")
    parser.add_argument(
        "--profile", action="store_true", help="only profile the Erlang A model (top 25 tottime)"
    )
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child, args.tracemalloc)
        return
    calls = QUICK_CALLS if args.quick else FULL_CALLS
    if args.profile:
        profile_erlang_a(calls)
        return
    memory_calls = QUICK_MEMORY_CALLS if args.quick else MEMORY_CALLS
    repeats = 1 if args.quick else REPEATS

    print(
        f"teletraffic engine speed: scenario -> simulate(), 1 replication, workers=1, "
        f"~{calls:,} calls per run, fastest of {repeats}{' (--quick)' if args.quick else ''}"
    )
    print(
        f"Python {platform.python_version()}, SimPy {simpy.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} (other load slows both models)"
    )
    b, a, office = (sized(load(name), calls) for name in ("erlang_b", "erlang_a", "office"))
    for sc in (b, a, office):  # warm-up: lazy imports (pandas, scipy), first-call costs
        simulate(sized(sc, 500), replications=1, seed=1, workers=1)

    eb, sb = best_of(repeats, lambda: run_engine(b), lambda n: simpy_erlang_b(n, b, b.seed))
    ea, sa = best_of(repeats, lambda: run_engine(a), lambda n: simpy_erlang_a(n, a, a.seed))
    eo, so = best_of(
        repeats, lambda: run_engine(office), lambda _: simpy_office(office, office.seed)
    )

    print_speed(
        [("Erlang B", eb, sb, True), ("Erlang A", ea, sa, True), ("office*", eo, so, False)]
    )
    full = sized(load_scenario(FULL_OFFICE), calls)
    simulate(sized(full, 500), replications=1, seed=1, workers=1)
    ef = min((run_engine(full) for _ in range(repeats)), key=lambda r: r.seconds)
    ratio = ef.rate / sa.rate
    print(
        f"\nfull office (scenarios/office.yaml: transfers, conferences, outbound, internal calls,"
        f"\n  ring_all with pick-up delays, hourly profile): {ef.calls:,} calls, "
        f"{ef.rate:,.0f} calls/s = {ratio:.2f}x the minimal SimPy Erlang A model "
        f"(target >= {TARGET_OFFICE_RATIO:g}x {verdict(ratio >= TARGET_OFFICE_RATIO)})"
    )
    s = b.traffic[0]
    theory_b = erlang_b(b.lines[0].call_capacity, s.rate_at_hour(0) * s.talk.expected / 3600.0)
    s = a.traffic[0]
    assert s.patience is not None
    theory_a = erlang_a_abandon(
        a.effective_departments[0].staff,
        s.rate_at_hour(0) / 3600.0,
        s.talk.expected,
        s.patience.expected,
    )
    print_figures(
        [
            ("Erlang B", "p_busy", eb, sb, theory_b),
            ("Erlang A", "p_abandon", ea, sa, theory_a),
            ("office*", "p_busy", eo, so, None),
            ("office*", "p_queue_full", eo, so, None),
            ("office*", "p_abandon", eo, so, None),
            ("office*", "p_not_answered", eo, so, None),
        ]
    )
    print(
        "* office: the SimPy counterpart is simplified (no ringing strategies, ringing as a\n"
        "  pick-up delay), so its figures agree with the engine's only roughly."
    )

    print()
    print(
        f"peak memory: Erlang B, ~{memory_calls:,} calls, 1 replication, no call log, fresh process"
    )
    plain, traced, children_kb = measure_memory(memory_calls)
    mb = plain["maxrss_kb"] / 1024.0
    print(f"  simulated {plain['calls']:,.0f} calls")
    print(
        f"  peak RSS (ru_maxrss) {mb:.1f} MB; RUSAGE_CHILDREN in the parent "
        f"{children_kb / 1024.0:.1f} MB"
    )
    print(
        f"  of which before the run {plain['before_kb'] / 1024.0:.1f} MB "
        "(interpreter, libraries, a 1,000-call warm-up)"
    )
    print(
        f"  tracemalloc peak during simulate(): "
        f"{traced['traced_peak_bytes'] / 2**20:.2f} MB (Python allocations; separate run)"
    )
    target = f"< {TARGET_MB:g} MB {verdict(mb < TARGET_MB)}"
    if memory_calls != MEMORY_CALLS:
        target += f" (for {memory_calls:,} calls, not {MEMORY_CALLS:,})"
    print(f"  target {target}")


if __name__ == "__main__":
    main()
