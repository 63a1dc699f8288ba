"""From a :class:`~teletraffic.scenario.Scenario` to the model of one replication.

:func:`build` turns the scenario's lines, departments, transfer rules, conference and
traffic into the engine's objects (:class:`~.lines.Trunk`, :class:`~.pbx.Desk`,
:class:`~.streams.StreamRuntime`), wires them to a :class:`~.calls.Flow` on a fresh
:class:`~.simpy_adapter.Clock`, and schedules what starts the run: the first arrival of
every inbound stream, the finite sources, the staff's dial-out timers and the shift
changes. Every random number comes from a stream keyed by ``(seed, replication, owner,
purpose)`` (:func:`teletraffic.distributions.stream_rng`), so each part draws the same
numbers whatever else the scenario holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from teletraffic.distributions import make_sampler, stream_rng
from teletraffic.engine.arrivals import arrival_times, segments, start_arrivals
from teletraffic.engine.calls import Flow
from teletraffic.engine.conferences import Conferences
from teletraffic.engine.lines import Trunk
from teletraffic.engine.outbound import Dialler
from teletraffic.engine.pbx import Desk, Transfer
from teletraffic.engine.progressive import Progressive
from teletraffic.engine.record import Observer
from teletraffic.engine.shifts import Shifts
from teletraffic.engine.simpy_adapter import Clock
from teletraffic.engine.streams import StreamRuntime
from teletraffic.engine.transfers import Transfers
from teletraffic.engine.virtual_hold import VirtualHold
from teletraffic.engine.windows import shift_windows
from teletraffic.records import Outcome
from teletraffic.scenario import Scenario, Stream

__all__ = ["Office", "build"]

Draws = Callable[[str, str], np.random.Generator]
"""``draws(owner, purpose)``: the random stream of one part of the model."""


@dataclass
class Office:
    """The model of one replication, built and scheduled, ready to :meth:`Clock.run`."""

    clock: Clock
    flow: Flow
    trunks: list[Trunk]
    desks: list[Desk]
    present: dict[str, float]
    """Measured seconds each member (``DEPT/N``) is on shift."""


def build(
    scenario: Scenario,
    replication: int,
    seed: int,
    observer: Observer,
    arrivals: Mapping[str, Sequence[float]] | None = None,
) -> Office:
    """The office of *scenario* for one replication, its calls emitted to *observer*.

    *arrivals* replaces the random arrival times of the inbound streams it names.
    """

    def draws(owner: str, purpose: str) -> np.random.Generator:
        return stream_rng(seed, replication, owner, purpose)

    period = scenario.period
    trunks = [Trunk(line, i) for i, line in enumerate(scenario.lines)]
    desks = _desks(scenario, draws)
    clock = Clock()
    flow = Flow(
        clock,
        trunks=trunks,
        open_hours=None if period.days is None else (period.open, period.close),
        observer=observer,
        warmup=period.warmup_seconds,
        end=_end(scenario),
        line_rng={
            t.index: draws(f"line:{t.name}", "mobile")
            for t in trunks
            if t.coverage < 1.0 or t.drop_per_second > 0.0
        },
    )
    if scenario.pbx is not None:
        flow.max_transfers = scenario.pbx.max_transfers
    flow.desks = desks
    Dialler(flow)
    Transfers(flow)
    Progressive(flow)
    Conferences(flow)
    VirtualHold(flow)
    Shifts(flow)
    _virtual_hold(desks, trunks, draws)
    _transfers(scenario, desks, draws)
    _redirects_and_conference(scenario, desks, draws)
    # the order of scheduling below is the order of events due at the same time
    for i, s in enumerate(scenario.traffic):
        if s.dial is None:
            _outbound(scenario, i, s, desks, trunks, draws)
        else:
            rt = _inbound_stream(scenario, i, s, trunks, desks, draws)
            _start_inbound(scenario, flow, rt, s, draws, arrivals)
    _dialling(desks, flow, draws)
    _shifts(scenario, desks, flow)
    present = _windows(scenario, trunks, desks)
    return Office(clock, flow, trunks, desks, present)


def _end(scenario: Scenario) -> float:
    """When arrivals stop: the end of the steady run, or closing time of the last day."""
    period = scenario.period
    if period.hours is not None:
        return period.warmup_seconds + period.hours * 3600.0
    assert period.days is not None
    return (period.days - 1) * 86400.0 + period.close


def _desks(scenario: Scenario, draws: Draws) -> list[Desk]:
    """One :class:`Desk` per department, with the PBX's hold queue (if any)."""
    hold = scenario.pbx.hold if scenario.pbx is not None else None
    desks: list[Desk] = []
    for j, d in enumerate(scenario.effective_departments):
        if hold is None:
            limit, max_wait = 0, math.inf
        else:
            limit = hold.max_callers if hold.max_callers is not None else 10**9
            max_wait = hold.max_wait if hold.max_wait is not None else math.inf
            if d.max_callers is not None:
                limit = d.max_callers
            if d.max_wait is not None:
                max_wait = d.max_wait
        owner = f"department:{d.name}"
        desks.append(
            Desk(
                d,
                j,
                hold_limit=limit,
                max_wait=max_wait,
                rng=draws(owner, "ring"),
                pickup_delay=make_sampler(d.pickup_delay, draws(owner, "pickup")),
                wrap_up=make_sampler(d.wrap_up, draws(owner, "wrap_up")),
            )
        )
    return desks


def _virtual_hold(desks: list[Desk], trunks: list[Trunk], draws: Draws) -> None:
    """The random stream and the line of each department's callbacks."""
    trunk_by_name = {t.name: t for t in trunks}
    for desk in desks:
        if desk.callback is not None:
            desk.cb_rng = draws(f"department:{desk.name}", "callback")
            if desk.callback.line is not None:
                desk.cb_trunk = trunk_by_name[desk.callback.line]


def _transfers(scenario: Scenario, desks: list[Desk], draws: Draws) -> None:
    """Each transfer rule, on the department whose staff pass calls on."""
    desk_by_name = {d.name: d for d in desks}
    routes = scenario.effective_routes
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
            make_sampler(talk_spec, draws(f"transfer:{k}", "talk")),
        )
        transfer.ring_back = rule.when_busy == "ring_back"
        source.transfers.append(transfer)


def _redirects_and_conference(scenario: Scenario, desks: list[Desk], draws: Draws) -> None:
    """Where calls nobody picked up go next; the conference rule of every department."""
    desk_by_name = {d.name: d for d in desks}
    for desk, d in zip(desks, scenario.effective_departments, strict=True):
        if d.redirect is not None:
            desk.redirect = desk_by_name[d.redirect]
        if d.exit_to is not None and d.exit_to not in ("hangup", "voicemail"):
            desk.exit_to = desk_by_name[d.exit_to]
        if d.overflow is not None:
            desk.overflow_to = desk_by_name[d.overflow.to]
            desk.overflow_to.overflow_from.append(desk)
    if scenario.conference is None:
        return
    conf = scenario.conference
    for desk in desks:
        desk.conference_share = conf.share
        desk.conference_people = conf.people
        desk.conference_outside = conf.outside
        if conf.duration is not None:
            desk.conference_talk = make_sampler(
                conf.duration, draws(f"department:{desk.name}", "conference")
            )


def _outbound(
    scenario: Scenario,
    i: int,
    s: Stream,
    desks: list[Desk],
    trunks: list[Trunk],
    draws: Draws,
) -> None:
    """A stream the staff of a department dial (out, or to another department)."""
    assert s.from_ is not None
    desk_by_name = {d.name: d for d in desks}
    desk = desk_by_name[s.from_]
    line_name = s.line or next(d.line for d in scenario.effective_departments if d.name == s.from_)
    line_by_name = {t.name: t for t in trunks}
    out = StreamRuntime(
        index=i,
        trunk=line_by_name[line_name] if line_name and s.to is None else None,
        desk=desk,
        talk=make_sampler(s.talk, draws(f"stream:{s.name}", "talk")),
        patience=None,
    )
    out.inbound = False
    if s.to is not None:
        out.callee = desk_by_name[s.to]
    desk.dial_streams.append(out)
    if scenario.period.days is None:
        desk.dial_rates.append([s.rate_at_hour(0) / 3600.0] * 24)
    else:
        desk.dial_rates.append([s.rate_at_hour(h) / 3600.0 for h in range(24)])


def _inbound_stream(
    scenario: Scenario, i: int, s: Stream, trunks: list[Trunk], desks: list[Desk], draws: Draws
) -> StreamRuntime:
    """An inbound stream: the line and department its number leads to, its talk and
    patience, its redials."""
    assert s.dial is not None
    owner = f"stream:{s.name}"
    trunk_by_number = {n: trunks[k] for k, line in enumerate(scenario.lines) for n in line.numbers}
    department = scenario.effective_routes[s.dial]
    rt = StreamRuntime(
        index=i,
        trunk=trunk_by_number[s.dial],
        desk=next(d for d in desks if d.name == department),
        talk=make_sampler(s.talk, draws(owner, "talk")),
        patience=(
            make_sampler(s.patience, draws(owner, "patience")) if s.patience is not None else None
        ),
    )
    if s.redial is not None:
        r = s.redial
        rrng = draws(owner, "redial")
        rt.redial_p = r.probability
        rt.redial_max = r.max_attempts
        rt.redial_on = frozenset(int(Outcome[o.upper()]) for o in r.on)
        rt.redial_rng = rrng
        rt.redial_after = make_sampler(r.after, rrng)
        rt.redial_talk = make_sampler(s.talk, draws(owner, "redial_talk"))
        rt.redial_patience = (
            make_sampler(s.patience, draws(owner, "redial_patience"))
            if s.patience is not None
            else None
        )
    return rt


def _start_inbound(
    scenario: Scenario,
    flow: Flow,
    rt: StreamRuntime,
    s: Stream,
    draws: Draws,
    arrivals: Mapping[str, Sequence[float]] | None,
) -> None:
    """Start an inbound stream: its finite sources, or its first arrival."""
    owner = f"stream:{s.name}"
    if s.sources is not None:
        rt.sources = s.sources
        per_source = s.rate_at_hour(0) / 3600.0 / s.sources
        gap_rng = draws(owner, "arrivals")
        mean_gap = 1.0 / per_source if per_source > 0 else math.inf
        rt.source_gap = lambda g=gap_rng, m=mean_gap: float(g.exponential(m))
        if per_source > 0:
            for _ in range(s.sources):
                flow.source_idle(rt)
        return
    if arrivals is not None and s.name in arrivals:
        times: Iterator[float] = iter(sorted(float(t) for t in arrivals[s.name]))
    else:
        times = arrival_times(segments(scenario, s), draws(owner, "arrivals"))
    start_arrivals(flow, rt, times)


def _dialling(desks: list[Desk], flow: Flow, draws: Draws) -> None:
    """Arm the dial-out timer of every member of a department that dials out."""
    for desk in desks:
        if desk.dial_streams:
            desk.dial_total = max(sum(r[h] for r in desk.dial_rates) for h in range(24))
            if desk.dial_total > 0.0:
                gap_rng = draws(f"department:{desk.name}", "dial")
                mean_gap = 1.0 / desk.dial_total
                desk.dial_gap = lambda g=gap_rng, m=mean_gap: float(g.exponential(m))
                for agent in desk.agents:
                    flow.arm_dial(agent)


def _shifts(scenario: Scenario, desks: list[Desk], flow: Flow) -> None:
    """Schedule, hour by hour, how many members of each department with shifts are in."""
    period = scenario.period
    for desk, d in zip(desks, scenario.effective_departments, strict=True):
        if d.shifts is not None and period.days is not None:
            staff = len(desk.agents)
            for day in range(period.days):
                for h in range(24):
                    n = min(int(d.shifts.get(h, 0)), staff)
                    flow.later(day * 86400.0 + h * 3600.0, flow.set_shift, (desk, n))


def _windows(scenario: Scenario, trunks: list[Trunk], desks: list[Desk]) -> dict[str, float]:
    """Give lines and members their measured windows; the seconds each member is on shift."""
    open_windows = shift_windows(scenario, None, 0)
    for t in trunks:
        t.win_starts = [lo for lo, _ in open_windows]
        t.win_ends = [hi for _, hi in open_windows]
        t.win_lo, t.win_hi = open_windows[0]
    present: dict[str, float] = {}
    for desk, d in zip(desks, scenario.effective_departments, strict=True):
        for a in desk.agents:
            windows = shift_windows(scenario, d.shifts, a.index)
            a.shift_starts = [lo for lo, _ in windows]
            a.shift_ends = [hi for _, hi in windows]
            if windows:
                a.win_lo, a.win_hi = windows[0]
            else:  # never on shift: every busy spell takes the slow path (and is overtime)
                a.win_lo, a.win_hi = math.inf, -math.inf
            present[a.name] = sum(hi - lo for lo, hi in windows)
    return present
