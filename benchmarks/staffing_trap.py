"""How deep the SIPP trap is depends on what happens when the staff drops.

Issue 11 says plain SIPP gives 66-73% answered in 20 s right after a steep fall; the
engine gives 75.6% at worst on benchmarks/staffing/day.csv. This script shows why, on
that day and its plain SIPP staffing (Erlang A per interval, 80%/20s, talk 4 min,
patience 2 min, all exponential), with a small simulation of its own that differs
only in what a drop in staff does to the calls in progress:

* ``finish-and-go`` (the engine, :meth:`teletraffic.engine.calls.Flow.set_shift`):
  the first *n* people stay; the others finish the call in hand and go. A caller on
  hold is answered as soon as one of the *n* who stay is free (the longest idle, as
  the benchmark day's department rings).
* ``capped``: nobody is cut off either, but a caller on hold is answered only when
  fewer than *n* calls are in progress, whoever talks (the M_t/M/s_t+M model in which
  the number in service never exceeds the staff level; at a drop from 20 to 8 with 20
  calls in progress, 13 calls must end first).
* ``preemptive``: the birth-death (Markov chain) model whose service rate is
  ``min(calls, n) / talk``: at a drop, the calls above *n* go back to the head of the
  queue (exponential talk forgets how long they talked) and are answered before the
  callers behind them. This is the model of the numerical (ODE) solutions of the
  time-varying Erlang A queue.

Printed: per rule, the share of the intervals meeting 80%/20s on average, the lowest
intervals, and the two intervals right after the falls (11:15, 16:00).

    .venv/bin/python benchmarks/staffing_trap.py [--days 100]
"""

from __future__ import annotations

import argparse
import heapq
from collections import deque
from pathlib import Path

import numpy as np

from teletraffic.staffing import Targets, read_forecast, sipp
from teletraffic.staffing.day import simulate_day

HERE = Path(__file__).parent / "staffing"
ANSWER = 20.0
RULES = ("finish-and-go", "capped", "preemptive")


def one_day(
    rule: str,
    starts: list[float],
    length: float,
    calls: list[float],
    staff: list[int],
    talk: float,
    patience: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Calls and calls answered within 20 s per interval of one simulated day."""
    n = len(starts)
    offered, in_time = np.zeros(n), np.zeros(n)
    events: list[tuple[float, int, int, int]] = []  # (time, order, kind, id)
    counter = [0]

    def push(t: float, kind: int, ident: int) -> None:
        counter[0] += 1
        heapq.heappush(events, (t, counter[0], kind, ident))

    arrival: list[float] = []
    for i, (s, c) in enumerate(zip(starts, calls, strict=True)):
        for t in np.sort(rng.uniform(s, s + length, rng.poisson(c))):
            arrival.append(float(t))
            offered[i] += 1
    for caller, t in enumerate(arrival):
        push(t, 1, caller)
    for s, people in zip(starts, staff, strict=True):
        push(s, 0, people)  # at a tie the staff changes first (kind 0)

    level = 0
    services: dict[int, tuple[int, int]] = {}  # service -> (caller, agent), in start order
    agent_busy: set[int] = set()
    idle_since: dict[int, float] = {}  # the engine rings the longest idle person first
    queue: deque[int] = deque()  # callers on hold; a preempted call goes back to its head
    on_hold: set[int] = set()  # callers who may still hang up
    answered: set[int] = set()

    def free_agent() -> int | None:
        if rule == "finish-and-go":  # the longest idle of the first `level` people
            free = [a for a in range(level) if a not in agent_busy]
            return min(free, key=lambda a: idle_since.get(a, -1.0), default=None)
        return 0 if len(services) < level else None  # fewer calls in progress than staff

    def serve(t: float) -> None:
        while queue:
            agent = free_agent()
            if agent is None:
                return
            caller = queue.popleft()
            on_hold.discard(caller)
            if caller not in answered:
                answered.add(caller)
                if t - arrival[caller] <= ANSWER + 1e-9:
                    in_time[min(int((arrival[caller] - starts[0]) // length), n - 1)] += 1
            counter[0] += 1
            services[counter[0]] = (caller, agent)
            agent_busy.add(agent)
            push(t + rng.exponential(talk), 2, counter[0])

    while events:
        t, _, kind, ident = heapq.heappop(events)
        if kind == 0:  # the staff level changes
            level = ident
            if rule == "preemptive" and len(services) > level:
                for service in list(services)[level:][::-1]:  # the latest started go back
                    caller, _ = services.pop(service)  # its end of talk is now void
                    queue.appendleft(caller)
            serve(t)
        elif kind == 1:  # a caller arrives and is put on hold
            queue.append(ident)
            on_hold.add(ident)
            push(t + rng.exponential(patience), 3, ident)
            serve(t)
        elif kind == 2:  # a call ends (unless it was sent back to the queue)
            if ident in services:
                _, agent = services.pop(ident)
                agent_busy.discard(agent)
                idle_since[agent] = t
                serve(t)
        elif ident in on_hold:  # kind 3: patience runs out on hold
            on_hold.discard(ident)
            queue.remove(ident)
    return offered, in_time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    fc = read_forecast(HERE / "day.csv", talk=240.0, patience=120.0)
    staff = sipp(fc, Targets(answer=(0.8, ANSWER)), lag=False)
    labels = fc.labels
    after = [labels.index("11:15"), labels.index("16:00")]
    engine = simulate_day(fc, staff, answer_time=ANSWER, days=args.days, seed=args.seed)
    rows = {"engine (teletraffic)": engine.service_level()[0]}
    for rule in RULES:
        rng = np.random.default_rng(args.seed)
        tot, ok = np.zeros(len(staff)), np.zeros(len(staff))
        for _ in range(args.days):
            o, a = one_day(
                rule,
                list(fc.starts),
                fc.length,
                list(fc.calls),
                staff,
                240.0,
                120.0,
                rng,
            )
            tot += o
            ok += a
        rows[rule] = ok / tot
    print(f"plain SIPP staffing of {HERE / 'day.csv'}, {args.days} days per rule")
    print(f"{'rule':22s} meets 80%  after 11:15 fall  after 16:00 fall  lowest intervals")
    for name, sl in rows.items():
        low = ", ".join(f"{labels[i]} {sl[i]:.1%}" for i in np.argsort(sl)[:3])
        print(
            f"{name:22s} {np.mean(sl >= 0.8):8.1%}  {sl[after[0]]:15.1%}  "
            f"{sl[after[1]]:15.1%}  {low}"
        )
    print(
        f"\nstaff at the falls: 11:00 {staff[after[0] - 1]} -> 11:15 {staff[after[0]]}, "
        f"15:45 {staff[after[1] - 1]} -> 16:00 {staff[after[1]]}"
    )


if __name__ == "__main__":
    main()
