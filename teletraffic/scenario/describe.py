"""A valid scenario in plain words a business owner reads, and what in it looks odd.

:func:`describe_scenario` is what ``teletraffic check FILE`` prints: one line per part
(lines, calls, PBX, departments, routes, period), then a ``Warning:`` line for each
thing :func:`scenario_warnings` finds odd.
"""

from __future__ import annotations

from teletraffic.scenario.model import (
    Scenario,
)
from teletraffic.scenario.parts import (
    Period,
    Stream,
    _hour_is_open,
)
from teletraffic.scenario.words import (
    _hhmm,
    _hours_text,
    _list,
    _pct,
)
from teletraffic.units import (
    format_duration,
)


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 1000 else f"{x:.3g}"


def _erl(x: float) -> str:
    return f"{x:.1f}" if x >= 0.1 else f"{x:.2g}"


def _money(x: float, currency: str) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") + f" {currency}"


def describe_scenario(scenario: Scenario) -> str:
    """The scenario in plain words a business owner reads (``teletraffic check FILE``).

    One line per part (lines, calls, PBX, departments, routes, period), with the offered
    traffic of each stream in erlangs (calls per hour x mean talk / 3600; the busiest
    open hour for an hourly profile), and a ``Warning:`` line for each thing that looks
    odd (:func:`scenario_warnings`).
    """
    s = scenario
    fd = format_duration
    cur = s.currency
    out = [s.name]
    if s.description:
        out.append(s.description.strip().splitlines()[0][:200])
    depts = s.effective_departments
    routes = s.effective_routes

    for line in s.lines:
        bits: list[str] = [line.kind]
        if line.kind in ("multichannel", "ip"):
            bits.append(f"{line.channels} channel{'s' if line.channels != 1 else ''}")
        if line.kind == "ip" and line.uplink_kbps is not None:
            bits.append(
                f"uplink {line.uplink_kbps:g} kbit/s with {line.codec} "
                f"({line.call_capacity} calls at once)"
            )
        if line.kind == "mobile":
            bits.append(f"{_pct(line.coverage)} of calls connect")
            if line.drop_rate:
                bits.append(f"{line.drop_rate:g} drops per minute of talk")
        word = "number" if len(line.numbers) == 1 else "numbers"
        bits.append(f"{word} {_list(line.numbers)}")
        t = line.tariff
        cost = [
            f"{_money(v, cur)} {what}"
            for v, what in (
                (t.monthly, "a month"),
                (t.per_channel, "per channel a month"),
                (t.per_number, "per number a month"),
                (t.per_minute_out, "per minute out"),
                (t.per_minute_in, "per minute in"),
            )
            if v
        ]
        if cost:
            bits.append("costs " + " + ".join(cost))
        out.append(f"- Line {line.name!r}: " + ", ".join(bits))

    for stream in s.traffic:
        peak_hour, peak = _open_peak(stream, s.period)
        erl = peak * stream.talk.expected / 3600.0
        profile = stream.calls_per_hour
        if isinstance(profile, dict) and not profile:
            rate = "no calls (the hourly profile is empty)"
        elif isinstance(profile, dict) and peak_hour is not None:
            rate = f"{_num(peak)} per hour at peak ({peak_hour:02d}:00, about {_erl(erl)} erlangs)"
        else:
            rate = f"{_num(peak)} per hour (about {_erl(erl)} erlangs)"
        if stream.dial is not None:
            head = f"- Calls: {stream.name!r} dial {stream.dial}, {rate}"
            if stream.sources is not None:
                head += f" from {stream.sources} callers"
        else:
            per_person = rate.replace(" per hour", " per hour per person while free", 1)
            head = f"- Calls: {stream.name!r} placed by {stream.from_}, {per_person}"
            if stream.to is not None:
                head = (
                    f"- Internal calls: {stream.name!r} from {stream.from_} to {stream.to}, "
                    f"{per_person} (extensions only, no outside channel)"
                )
        parts = [head, f"talk {stream.talk.describe()}"]
        if stream.patience is not None:
            parts.append(f"patience {stream.patience.describe()}")
        if stream.redial is not None:
            r = stream.redial
            parts.append(
                f"{_pct(r.probability)} redial after {fd(r.after.expected)} on average, "
                f"at most {r.max_attempts} attempts in all"
            )
        out.append(", ".join(parts))

    if s.pbx is None:
        out.append("- PBX: none (no hold queue, no transfers)")
    else:
        pbx_bits: list[str] = [s.pbx.kind]
        hold = s.pbx.hold
        if hold is None:
            pbx_bits.append("no hold queue")
        else:
            q = "hold queue"
            q += (
                f" up to {hold.max_callers} caller{'s' if hold.max_callers != 1 else ''}"
                if hold.max_callers is not None
                else " as long as the channels allow"
            )
            if hold.max_wait is not None:
                q += f", at most {fd(hold.max_wait)}"
            q += ", with music" if hold.music else ", silent"
            pbx_bits.append(q)
        t2 = s.pbx.tariff
        cost = [
            f"{_money(v, cur)} {what}"
            for v, what in ((t2.monthly, "a month"), (t2.per_user, "per user a month"))
            if v
        ]
        if cost:
            pbx_bits.append("costs " + " + ".join(cost))
        out.append("- PBX: " + ", ".join(pbx_bits))

    if s.departments is None:
        out.append("- Staff: one handset per channel of each line, no departments")
    else:
        descs = []
        for d in depts:
            dept_bits = [f"{d.staff} staff", f"answers {d.answers}"]
            if d.answers != "none":
                dept_bits.append(d.strategy)
                dept_bits.append(f"rings {fd(d.ring_timeout)}")
                if d.wrap_up.expected > 0:
                    dept_bits.append(f"wrap-up {fd(d.wrap_up.expected)}")
                if d.pickup < 1:
                    dept_bits.append(f"picks up {_pct(d.pickup)}")
                if d.redirect is not None:
                    dept_bits.append(f"unanswered calls go to {d.redirect}")
            if d.shifts is not None:
                dept_bits.append("works in shifts")
            descs.append(f"{d.name} ({', '.join(dept_bits)})")
        out.append("- Departments: " + "; ".join(descs))
        if routes:
            out.append(
                "- Routes: " + _list([f"{num} -> {dept}" for num, dept in routes.items()], limit=10)
            )
    if s.transfers:
        out.append(
            "- Transfers: "
            + ", ".join(
                f"{t.from_} -> {t.to} {_pct(t.share)} ({t.mode}"
                + (", rings back when busy)" if t.when_busy == "ring_back" else ")")
                for t in s.transfers
            )
        )
    if s.conference is not None:
        out.append(
            f"- Conference: {_pct(s.conference.share)} of answered calls, "
            f"{s.conference.people} extensions"
            + (f" and {s.conference.outside} outside callers" if s.conference.outside else "")
        )
    p = s.period
    if p.days is not None:
        when = f"{p.days} business day{'s' if p.days != 1 else ''} {_hhmm(p.open)}-{_hhmm(p.close)}"
    else:
        assert p.hours is not None
        when = f"steady state, {_num(p.hours)} hours after a {fd(p.warmup_seconds)} warm-up"
    out.append(f"- Simulated: {when}, {s.replications} replications, seed {s.seed}")
    if s.lost_call_value:
        out.append(f"- A lost call costs {_money(s.lost_call_value, cur)}")

    out.extend(f"Warning: {w}" for w in scenario_warnings(s))
    return "\n".join(out)


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
    s = scenario
    depts = s.effective_departments
    routes = s.effective_routes
    warnings: list[str] = []
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

    capacity = {line.name: line.call_capacity for line in s.lines}
    for name, erl in offered_line.items():
        if erl > capacity[name]:
            warnings.append(
                f"line {name!r} is offered about {_erl(erl)} erlangs but carries "
                f"{capacity[name]} call{'s' if capacity[name] != 1 else ''} at once: "
                "many callers will hear busy"
            )
    staff = {d.name: d for d in depts}
    for name, erl in offered_dept.items():
        dept = staff.get(name)
        if dept is None:
            continue
        if dept.staff == 0:
            numbers = [n for n, t in routes.items() if t == name]
            warnings.append(
                f"department {name!r} has no staff, but calls to {_list(numbers, 3)} "
                "go to it: nobody will answer them"
            )
        elif erl > dept.staff and s.pbx is not None:
            warnings.append(
                f"department {name!r} is offered about {_erl(erl)} erlangs with {dept.staff} "
                "staff: more work than people, the hold queue will stay full"
            )
    if s.pbx is not None and s.pbx.hold is not None and s.pbx.hold.max_callers is not None:
        dialled = {x.dial for x in s.traffic if x.dial is not None}
        channels = sum(capacity[n] for n in {s.line_of(num).name for num in dialled})
        targets = [staff[routes[num]] for num in dialled if routes.get(num) in staff]
        if targets:
            # someone waits only while every person of their department is busy, each on
            # a channel: the smallest department routed to leaves the most room
            fewest = min(targets, key=lambda d: d.staff)
            room = max(channels - fewest.staff, 0)
            if s.pbx.hold.max_callers > room:
                warnings.append(
                    f"the hold queue allows {s.pbx.hold.max_callers} callers, but at most "
                    f"{room} can ever wait: a caller on hold keeps one of the {channels} "
                    f"channels, and {fewest.staff} {'is' if fewest.staff == 1 else 'are'} in use "
                    f"while all staff of {fewest.name!r} talk"
                )
    for stream in s.traffic:
        if stream.from_ is not None and stream.from_ in staff and staff[stream.from_].staff == 0:
            warnings.append(
                f"calls {stream.name!r} are placed by {stream.from_!r}, which has no staff"
            )

    p = s.period
    opening = f"{_hhmm(p.open)}-{_hhmm(p.close)}"
    if p.days is not None:
        for stream in s.traffic:
            if isinstance(stream.calls_per_hour, dict):
                outside = [
                    h for h, r in stream.calls_per_hour.items() if r > 0 and not _hour_is_open(p, h)
                ]
                if outside:
                    warnings.append(
                        f"calls {stream.name!r} have profile hours outside the opening hours "
                        f"{opening} ({_hours_text(outside)}): no calls are simulated then"
                    )
        open_hours = [h for h in range(24) if _hour_is_open(p, h)]
        for d in s.departments or []:
            if d.shifts is None:
                continue
            missing = [h for h in open_hours if h not in d.shifts]
            if len(missing) == len(open_hours):
                warnings.append(
                    f"department {d.name!r} works in shifts, but none is in the opening hours "
                    f"{opening}: nobody of it is ever on shift"
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
                    f"opening hours {opening}: they are not simulated"
                )
    if s.conference is not None:
        conf = s.conference
        present = _most_present(s)
        if present < conf.people <= sum(d.staff for d in depts):
            warnings.append(
                f"a conference takes {conf.people} extensions, but at most {present} staff are "
                f"on shift at once: conferences are smaller"
            )
        if conf.outside:
            for name, cap in capacity.items():
                if name in offered_line and cap - 1 < conf.outside:
                    warnings.append(
                        f"a conference dials in {conf.outside} outside participants, but line "
                        f"{name!r} carries {cap} call{'s' if cap != 1 else ''} at once, the "
                        f"caller's included: at most {max(cap - 1, 0)} join there"
                    )
    return warnings
