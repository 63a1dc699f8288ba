"""One simulation: build the office of a :class:`~teletraffic.scenario.Scenario`, run it.

The arrivals of each inbound stream are a Poisson process whose rate may change by the
hour (a non-homogeneous Poisson process with a piecewise-constant rate): in each
stretch of constant rate the number of calls is Poisson and their times uniform, drawn
a few thousand at a time. Business-day runs have calls in opening hours only;
steady-state runs have a constant rate and a warm-up that is not measured. A stream
with finite *sources* is a set of callers who each call again a random time after
their last call ended (Engset).

The run goes on after the last arrival until every call in the system has ended, so
that every attempt has its outcome.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from teletraffic.distributions import make_sampler, stream_rng
from teletraffic.engine.calls import Flow, StreamRuntime
from teletraffic.engine.lines import Trunk
from teletraffic.engine.pbx import Desk, Transfer
from teletraffic.engine.record import CallLog, Observer
from teletraffic.engine.simpy_adapter import Clock, Due
from teletraffic.errors import ScenarioError
from teletraffic.records import CallRecord, Outcome
from teletraffic.scenario import Scenario, Stream

__all__ = ["Replication", "arrival_times", "run_replication", "unsupported_features"]


@dataclass
class Replication:
    """What the engine hands back after one replication."""

    line_busy_seconds: dict[str, float]
    line_peak: dict[str, int]
    staff_busy_seconds: dict[str, float]
    staff_answered: dict[str, int]
    staff_department: dict[str, str]
    callers: int
    log: list[CallRecord] | None
    """Every attempt's record, warm-up included, when asked for (*keep_log*)."""
    department_counts: dict[str, dict[str, float]]
    """Per department: measured ``transferred`` (passed on), ``transfers_in``,
    ``transfers_in_answered``, ``redirected`` (passed on unanswered), ``redirected_in``,
    ``conferences``; and, for business days, ``overtime_minutes`` of its staff."""
    staff_present_seconds: dict[str, float]
    """Measured seconds each member was on shift."""


def unsupported_features(scenario: Scenario) -> list[tuple[str, str]]:
    """Parts of *scenario* the engine cannot simulate yet, as ``(field, reason)``."""
    out: list[tuple[str, str]] = []
    for i, s in enumerate(scenario.traffic):
        if s.from_ is not None and s.redial is not None:
            out.append((f"traffic[{i}].redial", "redials of outbound calls are not simulated"))
        if s.sources is not None and not scenario.period.steady:
            out.append(
                (
                    f"traffic[{i}].sources",
                    "finite sources need a steady-state period ({hours: ...})",
                )
            )
        if s.sources is not None and s.redial is not None:
            out.append(
                (f"traffic[{i}].redial", "redials of finite-source callers are not simulated")
            )
    for i, d in enumerate(scenario.effective_departments):
        if d.shifts is not None and scenario.period.steady:
            out.append(
                (f"departments[{i}].shifts", "shifts need a business-day period ({days: ...})")
            )
    return out


def _segments(scenario: Scenario, stream: Stream) -> list[tuple[float, float, float]]:
    """``(start, end, calls per second)`` stretches of constant rate, in time order."""
    p = scenario.period
    if p.hours is not None:
        rate = stream.rate_at_hour(0) / 3600.0
        return [(0.0, p.warmup_seconds + p.hours * 3600.0, rate)]
    assert p.days is not None
    out: list[tuple[float, float, float]] = []
    for day in range(p.days):
        base = day * 86400.0
        for h in range(24):
            lo, hi = max(h * 3600.0, p.open), min((h + 1) * 3600.0, p.close)
            if hi <= lo:
                continue
            rate = stream.rate_at_hour(h) / 3600.0
            if out and out[-1][1] == base + lo and out[-1][2] == rate:
                out[-1] = (out[-1][0], base + hi, rate)
            else:
                out.append((base + lo, base + hi, rate))
    return out


def arrival_times(
    segments: list[tuple[float, float, float]], rng: np.random.Generator, chunk: int = 2048
) -> Iterator[float]:
    """Arrival times of a Poisson process with a piecewise-constant rate, in order."""
    for start, end, rate in segments:
        if rate <= 0.0:
            continue
        step = chunk / rate
        a = start
        while a < end:
            b = min(a + step, end)
            n = rng.poisson(rate * (b - a))
            if n:
                times = rng.uniform(a, b, n)
                times.sort()
                yield from times.tolist()
            a = b


def run_replication(
    scenario: Scenario,
    replication: int,
    seed: int,
    observer: Observer,
    *,
    keep_log: bool = False,
    arrivals: Mapping[str, Sequence[float]] | None = None,
) -> Replication:
    """Simulate one replication of *scenario*; *observer* receives what happens.

    Each attempt's :class:`~teletraffic.records.CallRecord` goes to
    ``observer.attempt`` as the attempt ends, and each department's part in a call
    that moved to ``observer.part`` (see :class:`~teletraffic.engine.record.Observer`;
    :class:`teletraffic.stats.Tally` is the one that counts figures). With *keep_log*,
    ``Replication.log`` holds every attempt's record as well.

    *arrivals* replaces the random arrivals of the named inbound streams by the given
    times (seconds from the start of the run), to replay a call log or to test the
    mechanism with exact times.

    Raises :class:`~teletraffic.errors.ScenarioError` for parts of the scenario the
    engine cannot simulate.
    """
    problems = unsupported_features(scenario)
    if problems:
        raise ScenarioError([(f, m, None) for f, m in problems], None)

    clock = Clock()
    period = scenario.period
    warmup = period.warmup_seconds
    if period.hours is not None:
        end = warmup + period.hours * 3600.0
    else:
        assert period.days is not None
        end = (period.days - 1) * 86400.0 + period.close

    trunks = [Trunk(line, i) for i, line in enumerate(scenario.lines)]
    line_rng = {
        t.index: stream_rng(seed, replication, f"line:{t.name}", "mobile")
        for t in trunks
        if t.coverage < 1.0 or t.drop_per_second > 0.0
    }
    hold = scenario.pbx.hold if scenario.pbx is not None else None
    depts = scenario.effective_departments
    desks: list[Desk] = []
    for j, d in enumerate(depts):
        if hold is None:
            limit, max_wait = 0, math.inf
        else:
            limit = hold.max_callers if hold.max_callers is not None else 10**9
            max_wait = hold.max_wait if hold.max_wait is not None else math.inf
        owner = f"department:{d.name}"
        desks.append(
            Desk(
                d,
                j,
                hold_limit=limit,
                max_wait=max_wait,
                rng=stream_rng(seed, replication, owner, "ring"),
                pickup_delay=make_sampler(
                    d.pickup_delay, stream_rng(seed, replication, owner, "pickup")
                ),
                wrap_up=make_sampler(d.wrap_up, stream_rng(seed, replication, owner, "wrap_up")),
            )
        )
    desk_by_name = {d.name: d for d in desks}
    routes = scenario.effective_routes
    trunk_by_number = {n: trunks[i] for i, line in enumerate(scenario.lines) for n in line.numbers}
    numbers = [n for line in scenario.lines for n in line.numbers]

    log = CallLog(observer) if keep_log else None
    flow = Flow(
        clock,
        trunks=trunks,
        open_hours=None if period.days is None else (period.open, period.close),
        observer=log or observer,
        warmup=warmup,
        end=end,
        line_rng=line_rng,
    )
    flow.desks = desks
    for k, rule in enumerate(scenario.transfers):
        source = desk_by_name[rule.from_]
        talk_spec = rule.talk
        if talk_spec is None:  # the new department talks as long as the first did, on average
            routed = [
                s.talk for s in scenario.traffic if s.dial and routes.get(s.dial) == rule.from_
            ]
            talk_spec = routed[0] if routed else scenario.traffic[0].talk
        transfer = Transfer(
            desk_by_name[rule.to],
            rule.share,
            rule.mode == "attended",
            rule.consult,
            make_sampler(talk_spec, stream_rng(seed, replication, f"transfer:{k}", "talk")),
        )
        transfer.ring_back = rule.when_busy == "ring_back"
        source.transfers.append(transfer)
    for desk, d in zip(desks, depts, strict=True):
        if d.redirect is not None:
            desk.redirect = desk_by_name[d.redirect]
    if scenario.conference is not None:
        conf = scenario.conference
        for desk in desks:
            desk.conference_share = conf.share
            desk.conference_people = conf.people
            desk.conference_outside = conf.outside
            if conf.duration is not None:
                desk.conference_talk = make_sampler(
                    conf.duration,
                    stream_rng(seed, replication, f"department:{desk.name}", "conference"),
                )
    line_by_name = {t.name: t for t in trunks}
    for i, s in enumerate(scenario.traffic):
        owner = f"stream:{s.name}"
        if s.dial is None:
            assert s.from_ is not None
            desk = desk_by_name[s.from_]
            line_name = s.line or next(d.line for d in depts if d.name == s.from_)
            out = StreamRuntime(
                index=i,
                name=s.name,
                trunk=line_by_name[line_name] if line_name and s.to is None else None,
                desk=desk,
                number="",
                number_index=-1,
                talk=make_sampler(s.talk, stream_rng(seed, replication, owner, "talk")),
                patience=None,
            )
            out.inbound = False
            if s.to is not None:
                out.callee = desk_by_name[s.to]
            desk.dial_streams.append(out)
            if period.days is None:
                desk.dial_rates.append([s.rate_at_hour(0) / 3600.0] * 24)
            else:
                desk.dial_rates.append([s.rate_at_hour(h) / 3600.0 for h in range(24)])
            continue
        desk = desk_by_name[routes[s.dial]]
        rt = StreamRuntime(
            index=i,
            name=s.name,
            trunk=trunk_by_number[s.dial],
            desk=desk,
            number=s.dial,
            number_index=numbers.index(s.dial),
            talk=make_sampler(s.talk, stream_rng(seed, replication, owner, "talk")),
            patience=(
                make_sampler(s.patience, stream_rng(seed, replication, owner, "patience"))
                if s.patience is not None
                else None
            ),
        )
        if s.redial is not None:
            r = s.redial
            rrng = stream_rng(seed, replication, owner, "redial")
            rt.redial_p = r.probability
            rt.redial_max = r.max_attempts
            rt.redial_on = frozenset(int(Outcome[o.upper()]) for o in r.on)
            rt.redial_rng = rrng
            rt.redial_after = make_sampler(r.after, rrng)
            rt.redial_talk = make_sampler(
                s.talk, stream_rng(seed, replication, owner, "redial_talk")
            )
            rt.redial_patience = (
                make_sampler(s.patience, stream_rng(seed, replication, owner, "redial_patience"))
                if s.patience is not None
                else None
            )
        if s.sources is not None:
            rt.sources = s.sources
            per_source = s.rate_at_hour(0) / 3600.0 / s.sources
            gap_rng = stream_rng(seed, replication, owner, "arrivals")
            mean_gap = 1.0 / per_source if per_source > 0 else math.inf
            rt.source_gap = lambda g=gap_rng, m=mean_gap: float(g.exponential(m))
            if per_source > 0:
                for _ in range(s.sources):
                    flow.source_idle(rt)
            continue
        if arrivals is not None and s.name in arrivals:
            times: Iterator[float] = iter(sorted(float(t) for t in arrivals[s.name]))
        else:
            times = arrival_times(
                _segments(scenario, s), stream_rng(seed, replication, owner, "arrivals")
            )
        _start_arrivals(flow, rt, times)

    for desk in desks:
        if desk.dial_streams:
            desk.dial_total = max(sum(r[h] for r in desk.dial_rates) for h in range(24))
            if desk.dial_total > 0.0:
                gap_rng = stream_rng(seed, replication, f"department:{desk.name}", "dial")
                mean_gap = 1.0 / desk.dial_total
                desk.dial_gap = lambda g=gap_rng, m=mean_gap: float(g.exponential(m))
                for agent in desk.agents:
                    flow.arm_dial(agent)

    for desk, d in zip(desks, depts, strict=True):
        if d.shifts is not None and period.days is not None:
            staff = len(desk.agents)
            for day in range(period.days):
                for h in range(24):
                    n = min(int(d.shifts.get(h, 0)), staff)
                    flow.later(day * 86400.0 + h * 3600.0, flow.set_shift, (desk, n))

    open_windows = shift_windows(scenario, None, 0)
    for t in trunks:
        t.win_starts = [lo for lo, _ in open_windows]
        t.win_ends = [hi for _, hi in open_windows]
        t.win_lo, t.win_hi = open_windows[0]
    present: dict[str, float] = {}
    for desk, d in zip(desks, depts, strict=True):
        for a in desk.agents:
            windows = shift_windows(scenario, d.shifts, a.index)
            a.shift_starts = [lo for lo, _ in windows]
            a.shift_ends = [hi for _, hi in windows]
            if windows:
                a.win_lo, a.win_hi = windows[0]
            else:  # never on shift: every busy spell takes the slow path (and is overtime)
                a.win_lo, a.win_hi = math.inf, -math.inf
            present[a.name] = sum(hi - lo for lo, hi in windows)

    clock.run()
    for desk in desks:  # nothing is left waiting, but if it were, it must still end
        flow.let_go(desk)

    busy_line: dict[str, float] = {}
    for t in trunks:  # clipped to the measured time: only rounding can pass it
        busy, most = t.busy_seconds, period.measured_seconds * t.capacity
        busy_line[t.name] = most if most < busy <= most * (1.0 + 1e-9) else busy
    peak = {t.name: t.peak for t in trunks}
    staff_busy: dict[str, float] = {}
    staff_answered: dict[str, int] = {}
    staff_dept: dict[str, str] = {}
    counts: dict[str, dict[str, float]] = {}
    for desk in desks:
        overtime = 0.0
        for a in desk.agents:
            busy, on_shift = a.busy_seconds, present[a.name]
            # busy time is clipped to the shift windows: only rounding can pass them
            if on_shift < busy <= on_shift * (1.0 + 1e-9):
                busy = on_shift
            staff_busy[a.name] = busy
            staff_answered[a.name] = a.answered
            staff_dept[a.name] = desk.name
            overtime += a.overtime
        counts[desk.name] = {
            "transferred": desk.transfers_out,
            "transfers_in": desk.transfers_in,
            "transfers_in_answered": desk.transfers_in_answered,
            "redirected": desk.redirected_out,
            "redirected_in": desk.redirected_in,
            "conferences": desk.conferences,
        }
        if period.days is not None:
            counts[desk.name]["overtime_minutes"] = overtime / 60.0
    return Replication(
        busy_line,
        peak,
        staff_busy,
        staff_answered,
        staff_dept,
        flow.callers,
        log.records if log is not None else None,
        counts,
        present,
    )


def _start_arrivals(flow: Flow, stream: StreamRuntime, times: Iterator[float]) -> None:
    """Schedule the arrivals of *stream* one after another."""
    clock = flow.clock
    nxt = times.__next__
    new_call = flow.new_call
    arrive = flow.arrive
    later = flow.later

    def on_arrival(due: Due) -> None:
        now = clock.now
        arrive(new_call(stream, now))
        for t in times:  # the next arrival, if any
            later(t - now, on_arrival, None)
            return

    try:
        first = nxt()
    except StopIteration:
        return
    later(first, on_arrival, None)


def shift_windows(
    scenario: Scenario, shifts: dict[int, float] | None, index: int
) -> list[tuple[float, float]]:
    """The measured time member *index* is on shift, as disjoint ``(start, end)`` windows.

    Steady state: the run after warm-up. Business days: the open hours of each day, or
    with *shifts* the open hours in which they work (the first ``shifts[hour]`` members
    of the department are on shift in that hour). Their total is the member's time on
    shift; busy time outside them is not part of the occupancy.
    """
    p = scenario.period
    if p.days is None:
        assert p.hours is not None
        return [(p.warmup_seconds, p.warmup_seconds + p.hours * 3600.0)]
    day: list[tuple[float, float]] = []
    for h in range(24):
        if shifts is not None and index >= int(shifts.get(h, 0)):
            continue
        lo, hi = max(h * 3600.0, p.open), min((h + 1) * 3600.0, p.close)
        if hi <= lo:
            continue
        if day and day[-1][1] == lo:
            day[-1] = (day[-1][0], hi)
        else:
            day.append((lo, hi))
    return [(d * 86400.0 + lo, d * 86400.0 + hi) for d in range(p.days) for lo, hi in day]
