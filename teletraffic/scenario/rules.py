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
from dataclasses import dataclass

from teletraffic.scenario.parts import (
    Conference,
    Department,
    Line,
    Pbx,
    Period,
    Stream,
    Transfer,
    _expected_calls,
    _hour_is_open,
)
from teletraffic.scenario.values import (
    MAX_CALLS_PER_RUN,
)
from teletraffic.scenario.words import (
    _did_you_mean,
    _hhmm,
    _hours_text,
    _list,
    _pct,
    _short,
)


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


def _called_capacities(v: _View) -> dict[str, int]:
    """Line name -> calls at once, for the lines inbound streams dial (empty when unknown)."""
    if not v.lines_complete or not v.traffic_complete:
        return {}
    dialled = {s.dial for _, s in v.traffic if s.dial is not None}
    return {x.name: x.call_capacity for _, x in v.lines if dialled & set(x.numbers)}


def _cross_problems(v: _View) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems that involve more than one field (routes, references, call volume)."""
    problems: list[tuple[tuple[str | int, ...], str]] = []

    def bad(loc: tuple[str | int, ...], msg: str) -> None:
        problems.append((loc, msg))

    line_names: dict[str, int] = {}
    number_line: dict[str, str] = {}
    for i, name, numbers in v.line_refs:
        if name in line_names:
            bad(("lines", i, "name"), f"line name {_short(name)} is used twice")
        line_names.setdefault(name, i)
        for j, num in enumerate(numbers):
            if num in number_line:
                if number_line[num] != name:
                    bad(
                        ("lines", i, "numbers", j),
                        f"number {_short(num)} already belongs to line "
                        f"{_short(number_line[num])}; a number belongs to exactly one line",
                    )
            else:
                number_line[num] = name
    lines_known = v.line_refs_complete
    numbers_text = _list(sorted(number_line), limit=8) or "none"

    answers: dict[str, str | None] = {}
    for i, name, ans in v.dept_refs:
        if name in answers and v.departments_given:
            bad(("departments", i, "name"), f"department name {_short(name)} is used twice")
        answers.setdefault(name, ans)
    dept_names = list(answers)
    depts_known = v.dept_refs_complete

    def no_dept(loc: tuple[str | int, ...], name: str) -> None:
        bad(loc, f"no department named {_short(name)}{_did_you_mean(name, dept_names)}")

    def no_line(loc: tuple[str | int, ...], name: str) -> None:
        bad(loc, f"no line named {_short(name)}{_did_you_mean(name, list(line_names))}")

    stream_names: set[str] = set()
    for i, s in v.traffic:
        if s.name in stream_names:
            bad(("traffic", i, "name"), f"stream name {_short(s.name)} is used twice")
        stream_names.add(s.name)
        if s.dial is not None and lines_known and s.dial not in number_line:
            bad(
                ("traffic", i, "dial"),
                f"number {_short(s.dial)} is not a number of any line "
                f"(numbers: {numbers_text}){_did_you_mean(s.dial, list(number_line))}",
            )
        if s.from_ is not None and depts_known and s.from_ not in answers:
            no_dept(("traffic", i, "from"), s.from_)
        if s.line is not None and lines_known and s.line not in line_names:
            no_line(("traffic", i, "line"), s.line)
        if s.has_profile and v.period is not None and v.period.steady:
            bad(
                ("traffic", i, "calls_per_hour"),
                "an hourly profile needs a business-day period ({days: ...}), "
                "not a steady-state one ({hours: ...})",
            )
        if isinstance(s.calls_per_hour, dict) and v.period is not None and not v.period.steady:
            busy = [h for h, rate in s.calls_per_hour.items() if rate > 0]
            if busy and not any(_hour_is_open(v.period, h) for h in busy):
                bad(
                    ("traffic", i, "calls_per_hour"),
                    f"the profile has calls only at {_hours_text(busy)}, outside the opening "
                    f"hours {_hhmm(v.period.open)}-{_hhmm(v.period.close)}: no call would be "
                    "simulated",
                )
        if s.sources is not None and v.period is not None and not v.period.steady:
            bad(
                ("traffic", i, "sources"),
                "finite sources (Engset) are simulated in a steady-state period only "
                "({hours: ...}), not over business days",
            )
    if v.period is not None and v.period.steady:
        for i, d in v.depts:
            if d.shifts is not None:
                bad(
                    ("departments", i, "shifts"),
                    "shifts need a business-day period ({days: ...}), not a steady-state one "
                    "({hours: ...})",
                )
    if v.departments_given:
        # a department's own line (its staff dial out on it)
        for i, line in v.dept_lines:
            if lines_known and line not in line_names:
                no_line(("departments", i, "line"), line)
        for i, name, target in v.dept_redirects:
            if depts_known and target not in answers:
                no_dept(("departments", i, "redirect"), target)
            elif target == name:
                bad(("departments", i, "redirect"), "a department cannot redirect to itself")
            elif answers.get(target) == "none":
                bad(
                    ("departments", i, "redirect"),
                    f"department {_short(target)} answers none, so it cannot take redirected calls",
                )
            if v.pbx_known and v.pbx is None:
                bad(("departments", i, "redirect"), "redirecting calls needs a PBX (pbx: ...)")
    for i, s in v.traffic:
        if s.to is not None:
            if depts_known and s.to not in answers:
                no_dept(("traffic", i, "to"), s.to)
            if v.pbx_known and v.pbx is None:
                bad(("traffic", i, "to"), "internal calls need a PBX (pbx: {kind: office})")
    if v.routes is not None:
        for num, dept in v.routes.items():
            if lines_known and num not in number_line:
                bad(
                    ("routes", num),
                    f"{_short(num)} is not a number of any line (numbers: {numbers_text})"
                    f"{_did_you_mean(num, list(number_line))}",
                )
            if not depts_known:
                continue
            if dept not in answers:
                no_dept(("routes", num), dept)
            elif answers[dept] not in ("inbound", None):
                bad(
                    ("routes", num),
                    f"department {_short(dept)} answers {answers[dept]}, "
                    "so it cannot take calls routed from a number",
                )
    answers_known = depts_known and None not in answers.values()
    inbound_depts = [name for name, ans in answers.items() if ans == "inbound"]
    if v.departments_given and answers_known and v.routes_known and len(inbound_depts) != 1:
        routed = v.routes or {}
        for i, s in v.traffic:
            if s.dial is not None and s.dial not in routed:
                bad(
                    ("traffic", i, "dial"),
                    f"number {_short(s.dial)} has no route: add routes: "
                    f"{{{s.dial!r}: DEPARTMENT}} (departments answering inbound: "
                    f"{_list(inbound_depts) or 'none'})",
                )
    transfers_from: dict[str, list[tuple[int, Transfer]]] = {}
    for i, t in v.transfers:
        if depts_known:
            for key, name in (("from", t.from_), ("to", t.to)):
                if name not in answers:
                    no_dept(("transfers", i, key), name)
        if t.from_ == t.to:
            bad(
                ("transfers", i, "to"),
                f"a department cannot transfer to itself, got {_short(t.to)}",
            )
        if answers.get(t.from_) == "none":
            bad(
                ("transfers", i, "from"),
                f"department {_short(t.from_)} answers none, so it has no calls to transfer",
            )
        if answers.get(t.to) == "none" and t.from_ != t.to:
            bad(
                ("transfers", i, "to"),
                f"department {_short(t.to)} answers none, so it cannot take transferred calls",
            )
        transfers_from.setdefault(t.from_, []).append((i, t))
    for name, rules in transfers_from.items():
        # the engine tries the rules in turn: a share past 100% would silently cut later ones
        shares = [t.share for _, t in rules]
        if math.fsum(shares) > 1.0 + 1e-9:
            over = next(i for k, (i, _) in enumerate(rules) if math.fsum(shares[: k + 1]) > 1.0)
            parts = " + ".join(f"{_pct(t.share)} to {t.to}" for _, t in rules)
            bad(
                ("transfers", over, "share"),
                f"transfers from {_short(name)} add up to {_pct(math.fsum(shares))} ({parts}); "
                "a department can pass on at most 100% of its calls",
            )
    if v.conference is not None:
        conf = v.conference
        if v.staff is not None and conf.people > sum(v.staff.values()):
            bad(
                ("conference", "people"),
                f"a conference of {conf.people} extensions can never happen: the office has "
                f"{sum(v.staff.values())} staff in all",
            )
        called = _called_capacities(v)
        if conf.outside and called and conf.outside > max(called.values()) - 1:
            most = max(called.values())
            bad(
                ("conference", "outside"),
                f"{conf.outside} outside participants can never join: each takes a channel of "
                f"the caller's line besides the caller's own, and the lines called carry at most "
                f"{most} call{'s' if most != 1 else ''} at once",
            )
    if v.pbx_known and v.pbx is None:
        if v.transfers:
            bad(("transfers",), "transfers need a PBX (pbx: {kind: office})")
        if v.conference_given:
            bad(("conference",), "conferences need a PBX (pbx: {kind: office})")
        if v.departments_given:
            for i, _name, ans in v.dept_refs:
                if ans == "transferred":
                    bad(
                        ("departments", i, "answers"),
                        "answering transferred calls needs a PBX (pbx: ...)",
                    )
    if (
        v.period is not None
        and v.replications is not None
        and v.traffic_complete
        and v.staff is not None
    ):
        total = math.fsum(_expected_calls(v.period, s, v.staff) for _, s in v.traffic)
        if total * v.replications > MAX_CALLS_PER_RUN:
            bad(
                ("period",),
                f"this run would simulate about {total * v.replications:.3g} calls "
                f"(over {MAX_CALLS_PER_RUN:.0e}); shorten the period or lower replications",
            )
    return problems
