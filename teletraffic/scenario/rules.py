"""Rules between the parts of a scenario: what refers to what, and what goes together.

A dialled number must be a number of some line, a department named in a route, a
transfer or a redirect must exist and take such calls, transfers from one department add
up to at most 100%, transfers and conferences need a PBX, and a run must not simulate
more than :data:`~teletraffic.scenario.values.MAX_CALLS_PER_RUN` calls. The rules read a
:class:`_View`: of a valid scenario, or of what can be read of an invalid file, so that
a file's every problem is reported at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from teletraffic.scenario.departments import Conference, Department, Transfer
from teletraffic.scenario.lines import Line
from teletraffic.scenario.pbx import Pbx
from teletraffic.scenario.period import Period, _expected_calls, _hour_is_open
from teletraffic.scenario.traffic import Stream
from teletraffic.scenario.values import MAX_CALLS_PER_RUN
from teletraffic.scenario.words import _did_you_mean, _hhmm, _hours_text, _list, _short
from teletraffic.text import percent_exact


@dataclass
class _View:
    """The parts of a scenario the cross-field rules read.

    Built from a valid :class:`Scenario`, or from the parts of an invalid file that can
    be read on their own, so that every problem is reported at once. Then the names and
    numbers of lines and departments are taken from every entry that has them, even an
    otherwise invalid one; a rule that needs all of them (a dialled number must be a
    number of some line) is skipped when some entry lacks them (*_complete* is False).
    """

    lines: list[tuple[int, Line]]
    lines_complete: bool
    line_refs: list[tuple[int, str, list[str]]]
    line_refs_complete: bool
    traffic: list[tuple[int, Stream]]
    traffic_complete: bool
    departments_given: bool
    dept_refs: list[tuple[int, str, str | None]]
    dept_refs_complete: bool
    dept_lines: list[tuple[int, str]]
    dept_redirects: list[tuple[int, str, str]]
    depts: list[tuple[int, Department]]
    staff: dict[str, int] | None
    routes: dict[str, str] | None
    routes_known: bool
    transfers: list[tuple[int, Transfer]]
    pbx: Pbx | None
    pbx_known: bool
    conference_given: bool
    conference: Conference | None
    period: Period | None
    replications: int | None


Problem = tuple[tuple[str | int, ...], str]
"""A problem: the field path it is at and what is wrong, in words."""


def _cross_problems(v: _View) -> list[Problem]:
    """Problems that involve more than one field (routes, references, call volume).

    The names of lines and departments are read first (a name given twice is a problem),
    then each rule of :data:`_RULES` in turn; the problems come in that order.
    """
    names, problems = _names(v)
    for rule in _RULES:
        problems += rule(v, names)
    return problems


# --------------------------------------------------------------------------- names


@dataclass
class _Names:
    """The names and numbers the rules look up: of lines, of departments and of streams."""

    line_names: dict[str, int]
    """Line name -> the index of its first entry."""
    number_line: dict[str, str]
    """Number -> the line it belongs to."""
    lines_known: bool
    """True when every line's name and numbers could be read."""
    answers: dict[str, str | None]
    """Department name -> what it answers (None when not readable)."""
    depts_known: bool
    """True when every department's name could be read."""
    first_stream: dict[str, int]
    """Stream name -> the index of the first stream of that name."""

    @property
    def numbers_text(self) -> str:
        return _list(sorted(self.number_line), limit=8) or "none"

    def no_dept(self, loc: tuple[str | int, ...], name: str) -> Problem:
        return (loc, f"no department named {_short(name)}{_did_you_mean(name, list(self.answers))}")

    def no_line(self, loc: tuple[str | int, ...], name: str) -> Problem:
        return (loc, f"no line named {_short(name)}{_did_you_mean(name, list(self.line_names))}")


def _names(v: _View) -> tuple[_Names, list[Problem]]:
    """The names of *v*, and the problems of names given twice or numbers in two lines."""
    problems: list[Problem] = []
    line_names: dict[str, int] = {}
    number_line: dict[str, str] = {}
    for i, name, numbers in v.line_refs:
        if name in line_names:
            problems.append((("lines", i, "name"), f"line name {_short(name)} is used twice"))
        line_names.setdefault(name, i)
        for j, num in enumerate(numbers):
            if num in number_line:
                if number_line[num] != name:
                    problems.append(
                        (
                            ("lines", i, "numbers", j),
                            f"number {_short(num)} already belongs to line "
                            f"{_short(number_line[num])}; a number belongs to exactly one line",
                        )
                    )
            else:
                number_line[num] = name
    answers: dict[str, str | None] = {}
    for i, name, ans in v.dept_refs:
        if name in answers and v.departments_given:
            problems.append(
                (("departments", i, "name"), f"department name {_short(name)} is used twice")
            )
        answers.setdefault(name, ans)
    first_stream: dict[str, int] = {}
    for i, s in v.traffic:
        first_stream.setdefault(s.name, i)
    names = _Names(
        line_names=line_names,
        number_line=number_line,
        lines_known=v.line_refs_complete,
        answers=answers,
        depts_known=v.dept_refs_complete,
        first_stream=first_stream,
    )
    return names, problems


# --------------------------------------------------------------------------- streams


def _streams(v: _View, n: _Names) -> list[Problem]:
    """The rules of :data:`_STREAM_RULES` on each stream in turn."""
    return [p for i, s in v.traffic for rule in _STREAM_RULES for p in rule(v, n, i, s)]


def _stream_name_twice(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if n.first_stream[s.name] != i:
        return [(("traffic", i, "name"), f"stream name {_short(s.name)} is used twice")]
    return []


def _dialled_number_unknown(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if s.dial is not None and n.lines_known and s.dial not in n.number_line:
        return [
            (
                ("traffic", i, "dial"),
                f"number {_short(s.dial)} is not a number of any line "
                f"(numbers: {n.numbers_text}){_did_you_mean(s.dial, list(n.number_line))}",
            )
        ]
    return []


def _caller_unknown(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if s.from_ is not None and n.depts_known and s.from_ not in n.answers:
        return [n.no_dept(("traffic", i, "from"), s.from_)]
    return []


def _line_unknown(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if s.line is not None and n.lines_known and s.line not in n.line_names:
        return [n.no_line(("traffic", i, "line"), s.line)]
    return []


def _profile_in_steady_state(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if s.has_profile and v.period is not None and v.period.steady:
        return [
            (
                ("traffic", i, "calls_per_hour"),
                "an hourly profile needs a business-day period ({days: ...}), "
                "not a steady-state one ({hours: ...})",
            )
        ]
    return []


def _profile_outside_hours(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if isinstance(s.calls_per_hour, dict) and v.period is not None and not v.period.steady:
        busy = [h for h, rate in s.calls_per_hour.items() if rate > 0]
        if busy and not any(_hour_is_open(v.period, h) for h in busy):
            return [
                (
                    ("traffic", i, "calls_per_hour"),
                    f"the profile has calls only at {_hours_text(busy)}, outside the opening "
                    f"hours {_hhmm(v.period.open)}-{_hhmm(v.period.close)}: no call would be "
                    "simulated",
                )
            ]
    return []


def _sources_over_days(v: _View, n: _Names, i: int, s: Stream) -> list[Problem]:
    if s.sources is not None and v.period is not None and not v.period.steady:
        return [
            (
                ("traffic", i, "sources"),
                "finite sources (Engset) are simulated in a steady-state period only "
                "({hours: ...}), not over business days",
            )
        ]
    return []


_STREAM_RULES: tuple[Callable[[_View, _Names, int, Stream], list[Problem]], ...] = (
    _stream_name_twice,
    _dialled_number_unknown,
    _caller_unknown,
    _line_unknown,
    _profile_in_steady_state,
    _profile_outside_hours,
    _sources_over_days,
)
"""The rules of one stream, in the order their problems are listed."""


# --------------------------------------------------------------------------- departments


def _shifts_in_steady_state(v: _View, n: _Names) -> list[Problem]:
    if v.period is None or not v.period.steady:
        return []
    return [
        (
            ("departments", i, "shifts"),
            "shifts need a business-day period ({days: ...}), not a steady-state one "
            "({hours: ...})",
        )
        for i, d in v.depts
        if d.shifts is not None
    ]


def _department_line_unknown(v: _View, n: _Names) -> list[Problem]:
    # a department's own line (its staff dial out on it)
    if not v.departments_given:
        return []
    return [
        n.no_line(("departments", i, "line"), line)
        for i, line in v.dept_lines
        if n.lines_known and line not in n.line_names
    ]


def _redirects(v: _View, n: _Names) -> list[Problem]:
    """Each redirect goes to another department that takes calls, and needs a PBX."""
    if not v.departments_given:
        return []
    problems: list[Problem] = []
    for i, name, target in v.dept_redirects:
        loc = ("departments", i, "redirect")
        if n.depts_known and target not in n.answers:
            problems.append(n.no_dept(loc, target))
        elif target == name:
            problems.append((loc, "a department cannot redirect to itself"))
        elif n.answers.get(target) == "none":
            problems.append(
                (
                    loc,
                    f"department {_short(target)} answers none, so it cannot take redirected calls",
                )
            )
        if v.pbx_known and v.pbx is None:
            problems.append((loc, "redirecting calls needs a PBX (pbx: ...)"))
    return problems


def _queue_exits(v: _View, n: _Names) -> list[Problem]:
    """A department's own queue settings need a PBX hold queue; its exit goes to hangup,
    voicemail or another department that takes calls."""
    problems: list[Problem] = []
    no_hold = v.pbx_known and (v.pbx is None or v.pbx.hold is None)
    for i, d in v.depts:
        if no_hold:
            for key in ("max_wait", "max_callers", "exit_to", "callback", "announce"):
                if getattr(d, key) is not None:
                    problems.append(
                        (
                            ("departments", i, key),
                            f"{key} is a setting of a hold queue; add pbx: {{kind: virtual, "
                            "hold: {}}",
                        )
                    )
        if d.overflow is not None:
            problems += _overflow_target(v, n, i, d.overflow.to, no_hold)
        cb_line = d.callback.line if d.callback is not None else None
        if cb_line is not None and n.lines_known and cb_line not in n.line_names:
            problems.append(n.no_line(("departments", i, "callback", "line"), cb_line))
        target = d.exit_to
        if target is None or target in ("hangup", "voicemail"):
            continue
        loc = ("departments", i, "exit_to")
        if n.depts_known and target not in n.answers:
            problems.append(
                (
                    loc,
                    f"no department named {_short(target)}; exit_to is hangup, voicemail or "
                    f"a department{_did_you_mean(target, [*n.answers, 'hangup', 'voicemail'])}",
                )
            )
        elif n.answers.get(target) == "none":
            problems.append(
                (loc, f"department {_short(target)} answers none, so it cannot take callers")
            )
    return problems


def _overflow_target(v: _View, n: _Names, i: int, target: str, no_hold: bool) -> list[Problem]:
    loc = ("departments", i, "overflow", "to")
    if no_hold:
        return [(loc, "overflow is a setting of a hold queue; add pbx: {kind: virtual, hold: {}}")]
    if n.depts_known and target not in n.answers:
        return [n.no_dept(loc, target)]
    if n.answers.get(target) == "none":
        return [(loc, f"department {_short(target)} answers none, so it cannot take callers")]
    return []


def _internal_calls(v: _View, n: _Names) -> list[Problem]:
    """An internal call goes to a department that exists, through a PBX."""
    problems: list[Problem] = []
    for i, s in v.traffic:
        if s.to is not None:
            if n.depts_known and s.to not in n.answers:
                problems.append(n.no_dept(("traffic", i, "to"), s.to))
            if v.pbx_known and v.pbx is None:
                problems.append(
                    (("traffic", i, "to"), "internal calls need a PBX (pbx: {kind: office})")
                )
    return problems


# --------------------------------------------------------------------------- routes


def _routes(v: _View, n: _Names) -> list[Problem]:
    """A route goes from a number of a line to a department that answers inbound calls."""
    problems: list[Problem] = []
    for num, dept in (v.routes or {}).items():
        if n.lines_known and num not in n.number_line:
            problems.append(
                (
                    ("routes", num),
                    f"{_short(num)} is not a number of any line (numbers: {n.numbers_text})"
                    f"{_did_you_mean(num, list(n.number_line))}",
                )
            )
        if not n.depts_known:
            continue
        if dept not in n.answers:
            problems.append(n.no_dept(("routes", num), dept))
        elif n.answers[dept] not in ("inbound", None):
            problems.append(
                (
                    ("routes", num),
                    f"department {_short(dept)} answers {n.answers[dept]}, "
                    "so it cannot take calls routed from a number",
                )
            )
    return problems


def _unrouted_numbers(v: _View, n: _Names) -> list[Problem]:
    """With departments and other than one answering inbound, each dialled number has a route."""
    answers_known = n.depts_known and None not in n.answers.values()
    inbound_depts = [name for name, ans in n.answers.items() if ans == "inbound"]
    if not (v.departments_given and answers_known and v.routes_known and len(inbound_depts) != 1):
        return []
    routed = v.routes or {}
    return [
        (
            ("traffic", i, "dial"),
            f"number {_short(s.dial)} has no route: add routes: "
            f"{{{s.dial!r}: DEPARTMENT}} (departments answering inbound: "
            f"{_list(inbound_depts) or 'none'})",
        )
        for i, s in v.traffic
        if s.dial is not None and s.dial not in routed
    ]


# --------------------------------------------------------------------------- transfers


def _transfer_ends(v: _View, n: _Names) -> list[Problem]:
    """A transfer goes from a department that answers calls to another that takes them."""
    problems: list[Problem] = []
    for i, t in v.transfers:
        if n.depts_known:
            for key, name in (("from", t.from_), ("to", t.to)):
                if name not in n.answers:
                    problems.append(n.no_dept(("transfers", i, key), name))
        if t.from_ == t.to:
            problems.append(
                (
                    ("transfers", i, "to"),
                    f"a department cannot transfer to itself, got {_short(t.to)}",
                )
            )
        if n.answers.get(t.from_) == "none":
            problems.append(
                (
                    ("transfers", i, "from"),
                    f"department {_short(t.from_)} answers none, so it has no calls to transfer",
                )
            )
        if n.answers.get(t.to) == "none" and t.from_ != t.to:
            problems.append(
                (
                    ("transfers", i, "to"),
                    f"department {_short(t.to)} answers none, so it cannot take transferred calls",
                )
            )
    return problems


def _transfer_shares(v: _View, n: _Names) -> list[Problem]:
    """The transfers from one department add up to at most 100%."""
    transfers_from: dict[str, list[tuple[int, Transfer]]] = {}
    for i, t in v.transfers:
        transfers_from.setdefault(t.from_, []).append((i, t))
    problems: list[Problem] = []
    for name, rules in transfers_from.items():
        # the engine tries the rules in turn: a share past 100% would silently cut later ones
        shares = [t.share for _, t in rules]
        if math.fsum(shares) > 1.0 + 1e-9:
            over = next(i for k, (i, _) in enumerate(rules) if math.fsum(shares[: k + 1]) > 1.0)
            parts = " + ".join(f"{percent_exact(t.share)} to {t.to}" for _, t in rules)
            problems.append(
                (
                    ("transfers", over, "share"),
                    f"transfers from {_short(name)} add up to {percent_exact(math.fsum(shares))} "
                    f"({parts}); a department can pass on at most 100% of its calls",
                )
            )
    return problems


def _transfer_cycles(v: _View, n: _Names) -> list[Problem]:
    """Transfers that never let a call go: every call would be passed on for ever.

    A set of departments each passing on 100% of the calls it answers, all of them to
    departments of the same set, is a cycle with no way out: a call that reaches it is
    transferred again and again, and the run never ends. Found by peeling off, again and
    again, every department that passes on less than 100% or passes some calls out of
    the set; what is left (if anything) has no way out. Cycles that can end (a share
    under 100% somewhere) run, each call capped at ``pbx.max_transfers``.
    """
    out: dict[str, dict[str, float]] = {}
    first: dict[str, int] = {}
    for i, t in v.transfers:
        if t.from_ != t.to:
            targets = out.setdefault(t.from_, {})
            targets[t.to] = targets.get(t.to, 0.0) + t.share
            first.setdefault(t.from_, i)
    stuck = {d for d, targets in out.items() if math.fsum(targets.values()) >= 1.0 - 1e-12}
    changed = True
    while changed:
        changed = False
        for d in sorted(stuck):
            if any(share > 0.0 and to not in stuck for to, share in out[d].items()):
                stuck.discard(d)
                changed = True
    if not stuck:
        return []
    # name one cycle: follow the largest share from the first department in file order
    start = min(stuck, key=lambda d: first[d])
    path = [start]
    while True:
        here = out[path[-1]]
        nxt = max((to for to in here if here[to] > 0.0 and to in stuck), key=lambda to: here[to])
        if nxt in path:
            path = [*path[path.index(nxt) :], nxt]
            break
        path.append(nxt)
    names = " -> ".join(_short(d) for d in path)
    return [
        (
            ("transfers", first[start], "share"),
            f"the transfers {names} pass on 100% of the calls answered there and never let "
            f"a call go: a call that reaches {_short(start)} would be transferred for ever "
            f"(departments with no way out: {_list(sorted(stuck))}); lower a share below "
            "100% or send some calls elsewhere",
        )
    ]


# --------------------------------------------------------------------------- conference


def _conference_people(v: _View, n: _Names) -> list[Problem]:
    """A conference takes no more extensions than the office has staff."""
    conf = v.conference
    if conf is None or v.staff is None or conf.people <= sum(v.staff.values()):
        return []
    return [
        (
            ("conference", "people"),
            f"a conference of {conf.people} extensions can never happen: the office has "
            f"{sum(v.staff.values())} staff in all",
        )
    ]


def _called_capacities(v: _View) -> dict[str, int]:
    """Line name -> calls at once, for the lines inbound streams dial (empty when unknown)."""
    if not v.lines_complete or not v.traffic_complete:
        return {}
    dialled = {s.dial for _, s in v.traffic if s.dial is not None}
    return {x.name: x.call_capacity for _, x in v.lines if dialled & set(x.numbers)}


def _conference_outside(v: _View, n: _Names) -> list[Problem]:
    """Outside participants fit on a line called, beside the caller."""
    conf = v.conference
    if conf is None:
        return []
    called = _called_capacities(v)
    if not (conf.outside and called and conf.outside > max(called.values()) - 1):
        return []
    most = max(called.values())
    return [
        (
            ("conference", "outside"),
            f"{conf.outside} outside participants can never join: each takes a channel of "
            f"the caller's line besides the caller's own, and the lines called carry at most "
            f"{most} call{'s' if most != 1 else ''} at once",
        )
    ]


# --------------------------------------------------------------------------- PBX, volume


def _needs_pbx(v: _View, n: _Names) -> list[Problem]:
    """Transfers, conferences and departments that answer transferred calls need a PBX."""
    if not v.pbx_known or v.pbx is not None:
        return []
    problems: list[Problem] = []
    if v.transfers:
        problems.append((("transfers",), "transfers need a PBX (pbx: {kind: office})"))
    if v.conference_given:
        problems.append((("conference",), "conferences need a PBX (pbx: {kind: office})"))
    if v.departments_given:
        problems += [
            (("departments", i, "answers"), "answering transferred calls needs a PBX (pbx: ...)")
            for i, _name, ans in v.dept_refs
            if ans == "transferred"
        ]
    return problems


def _call_volume(v: _View, n: _Names) -> list[Problem]:
    """A run simulates at most :data:`MAX_CALLS_PER_RUN` calls, rings counted as calls."""
    if v.period is None or v.replications is None or not v.traffic_complete or v.staff is None:
        return []
    total = math.fsum(_expected_calls(v.period, s, v.staff) for _, s in v.traffic)
    if total * v.replications > MAX_CALLS_PER_RUN:
        return [
            (
                ("period",),
                f"this run would simulate about {total * v.replications:.3g} calls "
                f"(over {MAX_CALLS_PER_RUN:.0e}); shorten the period or lower replications",
            )
        ]
    return _ring_work(v, total)


def _ring_work(v: _View, calls: float) -> list[Problem]:
    """Rings nobody answers, repeated while a caller may wait, count as work too.

    In a department with a hold queue where a rung person may not pick up, a caller may
    be rung again and again until their patience or the PBX's maximum wait: at most
    ``wait / (ring_timeout + retry)`` rings (the wait taken as the maximum wait, or three
    mean patiences). A run whose rings would pass :data:`MAX_CALLS_PER_RUN` is refused,
    naming the department's ring_timeout.
    """
    if v.pbx is None or v.pbx.hold is None or v.replications is None:
        return []
    patience = [s.patience.expected for _, s in v.traffic if s.patience is not None]
    wait = min(v.pbx.hold.max_wait or math.inf, 3.0 * max(patience, default=math.inf))
    if not wait < math.inf:
        return []  # nobody waits for ever while ringing: a call rings out after one round
    problems: list[Problem] = []
    for i, d in v.depts:
        if d.staff == 0 or (d.pickup >= 1.0 and d.pickup_delay.expected < d.ring_timeout):
            continue
        rings = wait / (d.ring_timeout + d.retry_seconds)
        work = calls * v.replications * rings
        if work > MAX_CALLS_PER_RUN:
            problems.append(
                (
                    ("departments", i, "ring_timeout"),
                    f"ring_timeout {d.ring_timeout:g}s with retry {d.retry_seconds:g}s rings a "
                    f"waiting caller up to {rings:.3g} times in {wait:g}s of waiting: about "
                    f"{work:.3g} rings in this run (over {MAX_CALLS_PER_RUN:.0e}); raise "
                    "ring_timeout or retry, or shorten the period",
                )
            )
    return problems


_RULES: tuple[Callable[[_View, _Names], list[Problem]], ...] = (
    _streams,
    _shifts_in_steady_state,
    _department_line_unknown,
    _redirects,
    _queue_exits,
    _internal_calls,
    _routes,
    _unrouted_numbers,
    _transfer_ends,
    _transfer_shares,
    _transfer_cycles,
    _conference_people,
    _conference_outside,
    _needs_pbx,
    _call_volume,
)
"""Every cross-field rule, in the order their problems are listed."""
