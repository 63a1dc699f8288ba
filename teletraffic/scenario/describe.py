"""A valid scenario in plain words a business owner reads, and what in it looks odd.

:func:`describe_scenario` is what ``teletraffic check FILE`` prints: one line per part
(lines, calls, PBX, departments, routes, period), then a ``Warning:`` line for each
thing :func:`scenario_warnings` finds odd.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from teletraffic.scenario.departments import Conference, Department, Transfer
from teletraffic.scenario.lines import Line
from teletraffic.scenario.model import Scenario
from teletraffic.scenario.pbx import Hold, Pbx
from teletraffic.scenario.period import Period, _hour_is_open
from teletraffic.scenario.traffic import Stream
from teletraffic.scenario.words import _hhmm, _hours_text, _list
from teletraffic.text import duration, erlangs, money_exact, number, percent_exact

# --------------------------------------------------------------------------- plain words


def describe_scenario(scenario: Scenario) -> str:
    """The scenario in plain words a business owner reads (``teletraffic check FILE``).

    One line per part (lines, calls, PBX, departments, routes, period), with the offered
    traffic of each stream in erlangs (calls per hour x mean talk / 3600; the busiest
    open hour for an hourly profile), and a ``Warning:`` line for each thing that looks
    odd (:func:`scenario_warnings`).

    Examples
    --------
    >>> import teletraffic as tt
    >>> office = tt.scenario_from_dict({
    ...     "name": "front desk",
    ...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["100"], "channels": 4}],
    ...     "traffic": [{"name": "clients", "dial": "100", "calls_per_hour": 40, "talk": "3m"}],
    ... })
    >>> print(tt.describe_scenario(office))
    front desk
    - Line 'main': multichannel, 4 channels, number 100
    - Calls: 'clients' dial 100, 40 per hour (about 2.0 erlangs), talk exponential, mean 3m
    - PBX: none (no hold queue, no transfers)
    - Staff: one handset per channel of each line, no departments
    - Simulated: 5 business days 09:00-18:00, 20 replications, seed 2026
    """
    s = scenario
    out = [s.name]
    if s.description:
        out.append(s.description.strip().splitlines()[0][:200])
    out += [_line_words(line, s.currency) for line in s.lines]
    out += [_stream_words(stream, s.period) for stream in s.traffic]
    out.append(_pbx_words(s.pbx, s.currency))
    out += _staff_words(s)
    if s.transfers:
        out.append(_transfers_words(s.transfers))
    if s.conference is not None:
        out.append(_conference_words(s.conference))
    out.append(_period_words(s))
    if s.lost_call_value:
        out.append(f"- A lost caller costs {money_exact(s.lost_call_value, s.currency)}")
    if s.staff_cost:
        out.append(f"- A person costs {money_exact(s.staff_cost, s.currency)} a month")
    out.extend(f"Warning: {w}" for w in scenario_warnings(s))
    return "\n".join(out)


def _costs(items: Sequence[tuple[float, str]], currency: str) -> list[str]:
    """``1,500 RUB a month``, for each cost of *items* that is not 0."""
    return [f"{money_exact(v, currency)} {what}" for v, what in items if v]


def _line_words(line: Line, currency: str) -> str:
    """``- Line 'main': multichannel, 4 channels, numbers ..., costs ...``."""
    bits: list[str] = [line.kind]
    if line.kind in ("multichannel", "ip"):
        bits.append(f"{line.channels} channel{'s' if line.channels != 1 else ''}")
    links = [
        f"{way} {kbps:g} kbit/s"
        for way, kbps in (("uplink", line.uplink_kbps), ("downlink", line.downlink_kbps))
        if kbps is not None
    ]
    if line.kind == "ip" and links:
        bits.append(
            f"{' and '.join(links)} with {line.codec_label} ({line.call_capacity} calls at once)"
        )
    if line.kind == "mobile":
        bits.append(f"{percent_exact(line.coverage)} of calls connect")
        if line.drop_rate:
            bits.append(f"{line.drop_rate:g} drops per minute of talk")
    word = "number" if len(line.numbers) == 1 else "numbers"
    bits.append(f"{word} {_list(line.numbers)}")
    t = line.tariff
    cost = _costs(
        (
            (t.monthly, "a month"),
            (t.per_channel, "per channel a month"),
            (t.per_number, "per number a month"),
            (t.per_minute_out, "per minute out"),
            (t.per_minute_in, "per minute in"),
            (t.connection_fee, "per call out connected"),
            (t.per_concurrent_call, "per call at once at the peak, a month"),
        ),
        currency,
    )
    if cost:
        bits.append("costs " + " + ".join(cost))
    if t.billing is not None and (t.per_minute_in or t.per_minute_out):
        bits.append(f"billed {t.billing} (first/then seconds)")
    free = [
        f"{v:g} {what}"
        for v, what in (
            (t.included_minutes, "minutes"),
            (t.included_minutes_per_number, "per number"),
            (t.included_minutes_per_channel, "per channel"),
        )
        if v
    ]
    if free:
        bits.append(f"{' + '.join(free)} out free a month")
    return f"- Line {line.name!r}: " + ", ".join(bits)


def _stream_words(stream: Stream, period: Period) -> str:
    """``- Calls: 'sales' dial ..., 20 per hour (about 1.0 erlangs), talk ...``."""
    parts = [_stream_head(stream, _rate_words(stream, period)), f"talk {stream.talk.describe()}"]
    if stream.patience is not None:
        parts.append(f"patience {stream.patience.describe()}")
    if stream.redial is not None:
        r = stream.redial
        parts.append(
            f"{percent_exact(r.probability)} redial after {duration(r.after.expected)} on "
            f"average, at most {r.max_attempts} attempts in all"
        )
    return ", ".join(parts)


def _rate_words(stream: Stream, period: Period) -> str:
    """Calls per hour (at the open peak, for a profile) and the erlangs they offer."""
    peak_hour, peak = _open_peak(stream, period)
    erl = peak * stream.talk.expected / 3600.0
    profile = stream.calls_per_hour
    if isinstance(profile, dict) and not profile:
        return "no calls (the hourly profile is empty)"
    if isinstance(profile, dict) and peak_hour is not None:
        return f"{number(peak)} per hour at peak ({peak_hour:02d}:00, about {erlangs(erl)} erlangs)"
    return f"{number(peak)} per hour (about {erlangs(erl)} erlangs)"


def _stream_head(stream: Stream, rate: str) -> str:
    """Who calls whom, and how often."""
    if stream.dial is not None:
        head = f"- Calls: {stream.name!r} dial {stream.dial}, {rate}"
        if stream.sources is not None:
            head += f" from {stream.sources} callers"
        return head
    per_person = rate.replace(" per hour", " per hour per person while free", 1)
    if stream.to is not None:
        return (
            f"- Internal calls: {stream.name!r} from {stream.from_} to {stream.to}, "
            f"{per_person} (extensions only, no outside channel)"
        )
    return f"- Calls: {stream.name!r} placed by {stream.from_}, {per_person}"


def _pbx_words(pbx: Pbx | None, currency: str) -> str:
    """``- PBX: virtual, hold queue up to 6 callers, with music, costs ...``."""
    if pbx is None:
        return "- PBX: none (no hold queue, no transfers)"
    bits: list[str] = [pbx.kind, _hold_words(pbx.hold)]
    t = pbx.tariff
    cost = _costs(((t.monthly, "a month"), (t.per_user, "per user a month")), currency)
    if cost:
        bits.append("costs " + " + ".join(cost))
    return "- PBX: " + ", ".join(bits)


def _hold_words(hold: Hold | None) -> str:
    """``hold queue up to 6 callers, at most 2m, with music``."""
    if hold is None:
        return "no hold queue"
    q = "hold queue"
    q += (
        f" up to {hold.max_callers} caller{'s' if hold.max_callers != 1 else ''}"
        if hold.max_callers is not None
        else " as long as the channels allow"
    )
    if hold.max_wait is not None:
        q += f", at most {duration(hold.max_wait)}"
    q += ", with music" if hold.music else ", silent"
    return q


def _staff_words(s: Scenario) -> list[str]:
    """The departments and the routes to them (or the handsets, without departments)."""
    if s.departments is None:
        return ["- Staff: one handset per channel of each line, no departments"]
    out = ["- Departments: " + "; ".join(_department_words(d) for d in s.effective_departments)]
    routes = s.effective_routes
    if routes:
        out.append(
            "- Routes: " + _list([f"{num} -> {dept}" for num, dept in routes.items()], limit=10)
        )
    return out


def _department_words(d: Department) -> str:
    """``sales (3 staff, answers inbound, ring_all, rings 20s)``."""
    bits = [f"{d.staff} staff", f"answers {d.answers}"]
    if d.answers != "none":
        bits.append(d.strategy)
        bits.append(f"rings {duration(d.ring_timeout)}")
        if d.wrap_up.expected > 0:
            bits.append(f"wrap-up {duration(d.wrap_up.expected)}")
        if d.pickup < 1:
            bits.append(f"picks up {percent_exact(d.pickup)}")
        if d.redirect is not None:
            bits.append(f"unanswered calls go to {d.redirect}")
        bits += _queue_words(d)
    if d.shifts is not None:
        bits.append("works in shifts")
    return f"{d.name} ({', '.join(bits)})"


def _queue_words(d: Department) -> list[str]:
    """A department's members and own queue settings, where the file gives them."""
    bits: list[str] = []
    members = d.members or []
    if any(m.penalty for m in members):
        bits.append("penalties " + "/".join(str(m.penalty) for m in members))
    if any(m.level is not None or m.position is not None for m in members):
        bits.append("tier levels " + "/".join(str(m.level or 1) for m in members))
    if d.retry_seconds > 0:
        bits.append(f"retry {duration(d.retry_seconds)}")
    if d.max_wait is not None:
        to = d.exit_to if d.exit_to not in (None, "hangup") else "hang-up"
        bits.append(f"callers go to {to} after {duration(d.max_wait)}")
    if d.max_callers is not None:
        bits.append(f"holds at most {d.max_callers}")
    if d.overflow is not None:
        bits.append(f"overflows to {d.overflow.to} after {duration(d.overflow.after)}")
    if d.join_empty:
        bits.append("callers join with nobody on shift")
    if not d.leave_when_empty:
        bits.append("callers stay when everyone leaves")
    return bits + _virtual_hold_words(d)


def _virtual_hold_words(d: Department) -> list[str]:
    """Callbacks and announcements, where the file gives them."""
    bits: list[str] = []
    estimate = "position x handle time" if d.wait_estimate == "position" else "Asterisk's holdtime"
    cb = d.callback
    if cb is not None:
        line = f" on {cb.line}" if cb.line is not None else ""
        bits.append(
            f"offers a callback when the estimated wait ({estimate}) is over "
            f"{duration(cb.offer_over)}, {percent_exact(cb.accept)} take it, called back{line} "
            f"up to {cb.tries} times {duration(cb.retry_after)} apart, "
            f"{percent_exact(cb.reached)} pick up"
        )
    a = d.announce
    if a is not None:
        effects = []
        if a.leave_if_longer:
            effects.append("callers who hear a wait longer than their patience hang up")
        if a.patience_extra:
            effects.append(f"each adds {duration(a.patience_extra)} of patience")
        bits.append(
            f"announces position and wait every {duration(a.every)}"
            + (f" ({estimate}; {'; '.join(effects)})" if effects else " (changes nothing)")
        )
    return bits


def _transfers_words(transfers: Sequence[Transfer]) -> str:
    """``- Transfers: desk -> sales 30% (blind)``."""
    return "- Transfers: " + ", ".join(
        f"{t.from_} -> {t.to} {percent_exact(t.share)} ({t.mode}"
        + (", rings back when busy)" if t.when_busy == "ring_back" else ")")
        for t in transfers
    )


def _conference_words(conf: Conference) -> str:
    """``- Conference: 5% of answered calls, 4 extensions``."""
    return (
        f"- Conference: {percent_exact(conf.share)} of answered calls, {conf.people} extensions"
        + (f" and {conf.outside} outside callers" if conf.outside else "")
    )


def _period_words(s: Scenario) -> str:
    """``- Simulated: 5 business days 09:00-18:00, 20 replications, seed 2026``."""
    p = s.period
    if p.days is not None:
        when = f"{p.days} business day{'s' if p.days != 1 else ''} {_hhmm(p.open)}-{_hhmm(p.close)}"
    else:
        assert p.hours is not None
        when = f"steady state, {number(p.hours)} hours after a {duration(p.warmup_seconds)} warm-up"
    return f"- Simulated: {when}, {s.replications} replications, seed {s.seed}"


def _open_peak(stream: Stream, period: Period) -> tuple[int | None, float]:
    """The busiest hour of *stream* in the opening hours and its calls per hour.

    Hours of a profile outside the opening hours have no calls, so they are not the peak.
    The hour is None without a profile.
    """
    profile = stream.calls_per_hour
    if not isinstance(profile, dict):
        return None, float(profile)
    if period.days is not None:
        profile = {h: r for h, r in profile.items() if _hour_is_open(period, h)}
    if not profile:
        return None, 0.0
    hour = max(profile, key=lambda h: profile[h])
    return hour, float(profile[hour])


def _most_present(s: Scenario) -> int:
    """The most staff in the office at one time (shifts counted), over the opening hours."""
    depts = s.effective_departments
    p = s.period
    if p.days is None or all(d.shifts is None for d in depts):
        return sum(d.staff for d in depts)
    return max(
        sum(d.staff if d.shifts is None else min(int(d.shifts.get(h, 0)), d.staff) for d in depts)
        for h in range(24)
        if _hour_is_open(p, h)
    )


# --------------------------------------------------------------------------- warnings


def scenario_warnings(scenario: Scenario) -> list[str]:
    """Things a valid scenario sets up that look odd, one sentence each.

    More traffic offered to a line than it has channels, or to a department than it has
    staff; calls routed to a department without staff; a hold queue longer than the
    trunk can hold; profile hours or shifts outside the opening hours; open hours in
    which a department working in shifts has nobody on shift (an hour left out of
    ``shifts`` means nobody); conferences larger than the staff on shift at once, or
    with more outside participants than a line called can carry. (When that can never
    happen, the loader refuses the file instead.) :func:`describe_scenario` ends with
    them (``Warning: ...``).
    """
    facts = _Facts.of(scenario)
    return [w for warn in _WARNINGS for w in warn(facts)]


@dataclass
class _Facts:
    """What the warnings read: the scenario and the traffic its lines and departments get."""

    s: Scenario
    depts: list[Department]
    routes: dict[str, str]
    """Number -> department."""
    staff: dict[str, Department]
    """Department name -> department."""
    capacity: dict[str, int]
    """Line name -> calls at once."""
    offered_line: dict[str, float]
    """Line name -> erlangs offered at the open peak, for the lines dialled."""
    offered_dept: dict[str, float]
    """Department name -> erlangs offered at the open peak, for the departments routed to."""

    @classmethod
    def of(cls, s: Scenario) -> _Facts:
        depts = s.effective_departments
        routes = s.effective_routes
        offered_line: dict[str, float] = {}
        offered_dept: dict[str, float] = {}
        for stream in s.traffic:
            if stream.dial is None:
                continue
            erl = _open_peak(stream, s.period)[1] * stream.talk.expected / 3600.0
            line_name = s.line_of(stream.dial).name
            offered_line[line_name] = offered_line.get(line_name, 0.0) + erl
            target = routes.get(stream.dial)
            if target is not None:
                offered_dept[target] = offered_dept.get(target, 0.0) + erl
        return cls(
            s=s,
            depts=depts,
            routes=routes,
            staff={d.name: d for d in depts},
            capacity={line.name: line.call_capacity for line in s.lines},
            offered_line=offered_line,
            offered_dept=offered_dept,
        )

    @property
    def opening(self) -> str:
        """The opening hours: ``09:00-18:00``."""
        return f"{_hhmm(self.s.period.open)}-{_hhmm(self.s.period.close)}"


def _lines_overloaded(f: _Facts) -> list[str]:
    """A line is offered more erlangs than it carries calls at once."""
    return [
        f"line {name!r} is offered about {erlangs(erl)} erlangs but carries "
        f"{f.capacity[name]} call{'s' if f.capacity[name] != 1 else ''} at once: "
        "many callers will hear busy"
        for name, erl in f.offered_line.items()
        if erl > f.capacity[name]
    ]


def _departments_overloaded(f: _Facts) -> list[str]:
    """Calls are routed to a department without staff, or with fewer staff than erlangs."""
    warnings: list[str] = []
    for name, erl in f.offered_dept.items():
        dept = f.staff.get(name)
        if dept is None:
            continue
        if dept.staff == 0:
            numbers = [n for n, t in f.routes.items() if t == name]
            warnings.append(
                f"department {name!r} has no staff, but calls to {_list(numbers, 3)} "
                "go to it: nobody will answer them"
            )
        elif erl > dept.staff and f.s.pbx is not None:
            warnings.append(
                f"department {name!r} is offered about {erlangs(erl)} erlangs with {dept.staff} "
                "staff: more work than people, the hold queue will stay full"
            )
    return warnings


def _hold_queue_too_long(f: _Facts) -> list[str]:
    """The hold queue allows more callers than can ever wait on the channels."""
    s = f.s
    if s.pbx is None or s.pbx.hold is None or s.pbx.hold.max_callers is None:
        return []
    dialled = {x.dial for x in s.traffic if x.dial is not None}
    channels = sum(f.capacity[n] for n in {s.line_of(num).name for num in dialled})
    targets = [f.staff[f.routes[num]] for num in dialled if f.routes.get(num) in f.staff]
    if not targets:
        return []
    # someone waits only while every person of their department is busy, each on
    # a channel: the smallest department routed to leaves the most room
    fewest = min(targets, key=lambda d: d.staff)
    room = max(channels - fewest.staff, 0)
    if s.pbx.hold.max_callers <= room:
        return []
    return [
        f"the hold queue allows {s.pbx.hold.max_callers} callers, but at most "
        f"{room} can ever wait: a caller on hold keeps one of the {channels} "
        f"channels, and {fewest.staff} {'is' if fewest.staff == 1 else 'are'} in use "
        f"while all staff of {fewest.name!r} talk"
    ]


def _callers_without_staff(f: _Facts) -> list[str]:
    """Outbound calls are placed by a department without staff."""
    return [
        f"calls {stream.name!r} are placed by {stream.from_!r}, which has no staff"
        for stream in f.s.traffic
        if stream.from_ is not None and stream.from_ in f.staff and f.staff[stream.from_].staff == 0
    ]


def _profile_hours_closed(f: _Facts) -> list[str]:
    """An hourly profile has calls outside the opening hours (business days only)."""
    p = f.s.period
    if p.days is None:
        return []
    warnings: list[str] = []
    for stream in f.s.traffic:
        if isinstance(stream.calls_per_hour, dict):
            outside = [
                h for h, r in stream.calls_per_hour.items() if r > 0 and not _hour_is_open(p, h)
            ]
            if outside:
                warnings.append(
                    f"calls {stream.name!r} have profile hours outside the opening hours "
                    f"{f.opening} ({_hours_text(outside)}): no calls are simulated then"
                )
    return warnings


def _shift_gaps(f: _Facts) -> list[str]:
    """Open hours nobody of a department is on shift, and shifts outside the opening hours."""
    p = f.s.period
    if p.days is None:
        return []
    warnings: list[str] = []
    open_hours = [h for h in range(24) if _hour_is_open(p, h)]
    for d in f.s.departments or []:
        if d.shifts is None:
            continue
        missing = [h for h in open_hours if h not in d.shifts]
        if len(missing) == len(open_hours):
            warnings.append(
                f"department {d.name!r} works in shifts, but none is in the opening hours "
                f"{f.opening}: nobody of it is ever on shift"
            )
        elif missing:
            warnings.append(
                f"department {d.name!r} has no shift at {_hours_text(missing)}: nobody of it "
                "is on shift then (an open hour left out of shifts has nobody)"
            )
        outside = [h for h, n in d.shifts.items() if n > 0 and not _hour_is_open(p, h)]
        if outside:
            warnings.append(
                f"department {d.name!r} has shifts at {_hours_text(outside)}, outside the "
                f"opening hours {f.opening}: they are not simulated"
            )
    return warnings


def _conference_too_large(f: _Facts) -> list[str]:
    """A conference takes more extensions than there are staff on shift at once."""
    conf = f.s.conference
    if conf is None:
        return []
    present = _most_present(f.s)
    if not present < conf.people <= sum(d.staff for d in f.depts):
        return []
    return [
        f"a conference takes {conf.people} extensions, but at most {present} staff are "
        f"on shift at once: conferences are smaller"
    ]


def _conference_outside_too_many(f: _Facts) -> list[str]:
    """A line called carries fewer outside participants than a conference dials in."""
    conf = f.s.conference
    if conf is None or not conf.outside:
        return []
    return [
        f"a conference dials in {conf.outside} outside participants, but line "
        f"{name!r} carries {cap} call{'s' if cap != 1 else ''} at once, the "
        f"caller's included: at most {max(cap - 1, 0)} join there"
        for name, cap in f.capacity.items()
        if name in f.offered_line and cap - 1 < conf.outside
    ]


_WARNINGS: tuple[Callable[[_Facts], list[str]], ...] = (
    _lines_overloaded,
    _departments_overloaded,
    _hold_queue_too_long,
    _callers_without_staff,
    _profile_hours_closed,
    _shift_gaps,
    _conference_too_large,
    _conference_outside_too_many,
)
"""Every warning, in the order they are listed."""
