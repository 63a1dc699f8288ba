"""Planning an office as it is organised: its departments, rules and callers kept.

Given a scenario, the plan keeps everything the office *is* (departments and their
rules, routes, transfers, conferences, the colleagues who dial out, the hourly profile,
patience and redials) and varies only what can be bought or changed:

* the outside line: the office's own lines as they are (their channels varied when it
  has one multichannel or IP line), or every number on one multichannel or IP line
  from the tariff menu, with as many channels as needed;
* the PBX kind, where the office has one: its own, or each kind on the menu that the
  office's rules allow (a set-up the scenario rules refuse is left out);
* with *size_staff*, the people of each department that answers calls.

Every candidate is simulated as the whole office; formulas only choose where to start
(Erlang B on the channel traffic the office as it is shows, Erlang C / A on each
department's calls). A size is accepted only when its interval meets the targets, and
the size below is tried too, so the recommendation is the smallest confirmed one.
Set-ups with the same channels and people behave the same whatever the line's or
PBX's kind (only the price differs), so each is simulated once and priced per kind.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from teletraffic import erlang
from teletraffic.costs import setup_of
from teletraffic.errors import ScenarioError
from teletraffic.experiments.planning.confirm import Confirmer
from teletraffic.experiments.planning.menu import Candidate, Money
from teletraffic.experiments.planning.targets import Targets
from teletraffic.scenario import Scenario, scenario_from_dict
from teletraffic.tariffs import TariffMenu

__all__ = ["OfficeSearch", "office_plan"]

_MAX_STEPS = 12
"""Channel sizes tried upwards or downwards from the first guess, at most."""
_MAX_STAFF_ROUNDS = 8


@dataclass(frozen=True)
class _Access:
    """One way of buying the office's outside access and PBX."""

    key: str  # PLAN_KINDS key
    line_kind: str | None  # None: the office's own lines
    line_tariff: dict[str, Any] | None
    pbx_kind: str | None
    pbx_tariff: dict[str, Any] | None
    variable: bool  # whether the channels can be varied


def _dump(scenario: Scenario) -> dict[str, Any]:
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.setdefault("name", scenario.name)
    return data


def _accesses(scenario: Scenario, menu: TariffMenu) -> list[_Access]:
    pbx = scenario.pbx
    own_pbx = (pbx.kind, None) if pbx is not None else (None, None)
    trunk_lines = [ln for ln in scenario.lines if ln.kind in ("multichannel", "ip")]
    variable = len(scenario.lines) == 1 and len(trunk_lines) == 1
    out = [_Access("office", None, None, own_pbx[0], None, variable)]
    pbx_kinds: list[tuple[str | None, dict[str, Any] | None]] = [(None, None)]
    if pbx is not None:
        pbx_kinds = []
        for kind, t in (("virtual", menu.virtual_pbx), ("office", menu.office_pbx)):
            if t is not None:
                pbx_kinds.append((kind, t.model_dump(mode="json", exclude_defaults=True)))
    for line_kind, lt in (("multichannel", menu.multichannel), ("ip", menu.ip)):
        if lt is None:
            continue
        for pbx_kind, pt in pbx_kinds:
            key = line_kind if pbx_kind is None else f"{line_kind}+{pbx_kind}_pbx"
            dumped = lt.model_dump(mode="json", exclude_defaults=True)
            out.append(_Access(key, line_kind, dumped, pbx_kind, pt, True))
    return out


def _spec(
    base: dict[str, Any],
    access: _Access,
    channels: int | None,
    staff: dict[str, int],
    money: Money,
) -> dict[str, Any]:
    spec = copy.deepcopy(base)
    if access.line_kind is not None:
        numbers = [n for line in base["lines"] for n in line["numbers"]]
        spec["lines"] = [
            {
                "name": "main",
                "kind": access.line_kind,
                "numbers": numbers,
                "channels": channels,
                "tariff": access.line_tariff or {},
            }
        ]
        for stream in spec["traffic"]:
            if "line" in stream:
                stream["line"] = "main"
        for dept in spec.get("departments", []):
            if "line" in dept:
                dept["line"] = "main"
    elif channels is not None:
        spec["lines"][0]["channels"] = channels
    if access.pbx_kind is not None and access.line_kind is not None:
        spec["pbx"]["kind"] = access.pbx_kind
        spec["pbx"]["tariff"] = access.pbx_tariff or {}
    for dept in spec.get("departments", []):
        if dept["name"] in staff:
            dept["staff"] = staff[dept["name"]]
    spec["staff_cost"] = money.staff_cost
    spec["lost_call_value"] = money.lost_call_value
    return spec


def _label(access: _Access, scenario: Scenario, channels: int, staff: dict[str, int]) -> str:
    people = ", ".join(f"{n} in {d}" for d, n in staff.items())
    ch = f"{channels} channel{'s' if channels != 1 else ''}"
    if access.line_kind is None:
        line = scenario.lines[0]
        what = f"the office's own {line.kind} line" if access.variable else "the office's own lines"
        text = f"{what} with {ch}" if access.variable else what
    else:
        word = "multichannel line" if access.line_kind == "multichannel" else "IP line"
        text = f"one {word} with {ch} for all the office's numbers"
        if access.pbx_kind is not None:
            text += f", {'an office' if access.pbx_kind == 'office' else 'a virtual'} PBX"
    return f"{text}; people: {people}" if people else text


@dataclass
class OfficeSearch:
    """The state of an office plan's search: the scenario, money and simulations."""

    scenario: Scenario
    menu: TariffMenu
    money: Money
    targets: Targets
    confirmer: Confirmer
    considered: list[Candidate]
    max_lines: int | None = None

    def candidate(self, access: _Access, channels: int, staff: dict[str, int]) -> Candidate:
        """The candidate for *access* with *channels* and *staff*, made once."""
        for c in self.considered:
            if c.kind == access.key and c.channels == channels and c.departments == staff:
                return c
        base = _dump(self.scenario)
        spec = _spec(base, access, channels if access.variable else None, staff, self.money)
        sc = scenario_from_dict(spec)
        cand = Candidate(
            kind=access.key,
            label=_label(access, self.scenario, channels, staff),
            numbers=sum(len(line.numbers) for line in sc.lines),
            channels=sum(line.channels for line in sc.lines),
            staff=sum(d.staff for d in sc.effective_departments),
            pbx=sc.pbx.kind if sc.pbx is not None else "none",
            setup=setup_of(sc),
            spec=spec,
            departments=dict(staff),
            _scenario=sc,
        )
        own = access.line_kind is None
        cand.sim_key = ("office", own, channels, tuple(sorted(staff.items())))
        self.considered.append(cand)
        return cand

    def meets(self, access: _Access, channels: int, staff: dict[str, int]) -> bool:
        """Simulate (or reuse) and judge the set-up by its intervals."""
        cand = self.candidate(access, channels, staff)
        return self.confirmer.judge(cand)

    def smallest_channels(self, access: _Access, start: int, staff: dict[str, int]) -> int | None:
        """The fewest channels meeting the targets, searching from *start* both ways.

        ``None`` when even a roomy line (every person on a call and some to hold) misses:
        then what fails is the people's, and no number of channels mends it.
        """
        c = max(1, start)
        if self.meets(access, c, staff):
            while c > 1 and self.meets(access, c - 1, staff):
                c -= 1
            return c
        if not self.meets(access, self.roomy(staff), staff):
            return None
        for _ in range(_MAX_STEPS):
            if c >= self.cap(staff):
                return None
            c += 1
            if self.meets(access, c, staff):
                return c
        return None

    def cheaper_above(self, access: _Access, size: int, staff: dict[str, int]) -> Candidate:
        """From *size* up, the set-up where one channel more stops costing less."""
        best = self.candidate(access, size, staff)
        c = size
        while c < self.cap(staff):
            c += 1
            if not self.meets(access, c, staff):
                break
            cand = self.candidate(access, c, staff)
            if not cand.cost < best.cost:
                break
            best = cand
        return best

    def cap(self, staff: dict[str, int]) -> int:
        """The most channels considered: *max_lines*, else twice a roomy line."""
        return self.max_lines if self.max_lines is not None else 2 * self.roomy(staff)

    def roomy(self, staff: dict[str, int]) -> int:
        """Channels enough for every person on a call and some callers on hold."""
        people = sum(staff.values()) or sum(d.staff for d in self.scenario.effective_departments)
        return max(_own_channels(self.scenario), people) + 4


def _channel_traffic(scenario: Scenario) -> float:
    """Erlangs of outside channels the office's calls hold in its busiest hour (a guess).

    Inbound calls hold a channel while they talk (with the legs passed on: the caller
    keeps the channel), outbound calls of the people who dial out while they talk.
    """
    a = 0.0
    staff = {d.name: d.staff for d in scenario.effective_departments}
    share_passed = sum(t.share for t in scenario.transfers or [])
    for s in scenario.traffic:
        talk = s.talk.expected
        if s.dial is not None:
            a += s.peak_rate * talk * (1.0 + share_passed) / 3600.0
        elif getattr(s, "to", None) is None and s.from_ is not None:
            per_person = s.peak_rate * talk / 3600.0
            a += staff.get(s.from_, 0) * per_person / (1.0 + per_person)
    return a


def _department_sizes(scenario: Scenario, targets: Targets) -> dict[str, int]:
    """People per answering department by Erlang C / A on its calls (a first guess)."""
    answer = targets.answer or (0.8, scenario.answer_time)
    out: dict[str, int] = {}
    routes = scenario.routes or {}
    for dept in scenario.departments or []:
        if dept.answers == "none":
            continue
        rate = 0.0
        talk_sum = 0.0
        for s in scenario.traffic:
            if s.dial is not None and routes.get(s.dial) == dept.name:
                rate += s.peak_rate
                talk_sum += s.peak_rate * s.talk.expected
        for t in scenario.transfers or []:
            if t.to == dept.name:
                src = [
                    s
                    for s in scenario.traffic
                    if s.dial is not None and routes.get(s.dial) == t.from_
                ]
                r = sum(s.peak_rate for s in src) * t.share
                rate += r
                talk_sum += r * (t.talk.expected if t.talk is not None else 180.0)
        if rate <= 0:
            out[dept.name] = max(1, dept.staff)
            continue
        hold = talk_sum / rate + dept.wrap_up.expected
        a = rate * hold / 3600.0
        n = max(1, math.ceil(a + 1e-9))
        while n < 1000:
            res = erlang.erlang_c(n, a) if a < n else 1.0
            if a < n and 1.0 - float(res) * math.exp(-(n - a) * answer[1] / hold) >= answer[0]:
                break
            n += 1
        out[dept.name] = n
    return out


def office_plan(
    scenario: Scenario,
    menu: TariffMenu,
    money: Money,
    targets: Targets,
    confirmer: Confirmer,
    *,
    size_staff: bool,
    max_lines: int | None = None,
) -> tuple[list[Candidate], Candidate | None, Candidate | None, Candidate, list[str]]:
    """Search the office's set-ups; ``(considered, best, below, baseline, notes)``."""
    notes: list[str] = []
    search = OfficeSearch(scenario, menu, money, targets, confirmer, [], max_lines)
    own_staff = {d.name: d.staff for d in scenario.departments or []}
    accesses = _accesses(scenario, menu)
    baseline = search.candidate(accesses[0], _own_channels(scenario), own_staff)
    baseline.label = baseline.label.replace("the office's own", "its own", 1)
    confirmer.judge(baseline)
    bound = targets.busy if targets.busy is not None else (targets.lost or 0.05)
    start = int(erlang.lines_for_blocking(max(_channel_traffic(scenario), 1e-6), bound))
    staff = dict(own_staff)
    if size_staff and scenario.departments:
        staff = _size_staff(search, accesses, scenario, own_staff, notes)
        notes.append("People per department were sized (--size-staff): " + _moves(own_staff, staff))
    best = _cheapest(search, accesses, start, staff, notes)
    if best is None and not size_staff and scenario.departments:
        sized = _size_staff(search, accesses, scenario, own_staff, notes)
        if sized != own_staff:
            notes.append(
                "With the office's people no line meets the target: what fails is waiting "
                "and hanging up, which channels cannot mend. With people sized per "
                "department: " + _moves(own_staff, sized)
            )
            best = _cheapest(search, accesses, start, sized, notes)
    below = None
    if best is not None and best.channels > 1:
        access = next(a for a in accesses if a.key == best.kind)
        if access.variable:
            below = search.candidate(access, best.channels - 1, best.departments)
            confirmer.judge(below)
    if any(line.kind == "ip" and line.uplink_kbps is not None for line in scenario.lines):
        notes.append(
            "The IP and multichannel lines of the menu are taken without the office's uplink "
            "limit: an IP line of N channels needs an uplink that carries N calls."
        )
    notes.append(
        "Every set-up was simulated as the whole office (departments, transfers, "
        "conferences, outbound and internal calls, hourly profile); a size is accepted "
        "only when its interval meets the target."
    )
    return search.considered, best, below, baseline, notes


def _moves(before: dict[str, int], after: dict[str, int]) -> str:
    return ", ".join(f"{d} {before[d]} -> {n}" for d, n in after.items()) + "."


def _cheapest(
    search: OfficeSearch,
    accesses: Sequence[_Access],
    start: int,
    staff: dict[str, int],
    notes: list[str],
) -> Candidate | None:
    """The cheapest confirmed set-up over every way of buying the access, for *staff*.

    For each way, from the fewest channels that meet the targets upwards while a channel
    more still costs less (lost callers are dearer than a channel).
    """
    best: Candidate | None = None
    for access in accesses:
        if not access.variable:
            cand = search.candidate(access, _own_channels(search.scenario), staff)
            search.confirmer.judge(cand)
            pick = cand if cand.meets else None
        else:
            try:
                size = search.smallest_channels(access, start, staff)
            except ScenarioError as err:
                notes.append(f"{access.key} is left out: the office's rules refuse it ({err}).")
                continue
            pick = None if size is None else search.cheaper_above(access, size, staff)
        if pick is not None and (best is None or pick.cost < best.cost):
            best = pick
    return best


def _own_channels(scenario: Scenario) -> int:
    return sum(line.channels for line in scenario.lines)


def _size_staff(
    search: OfficeSearch,
    accesses: Sequence[_Access],
    scenario: Scenario,
    own: dict[str, int],
    notes: list[str],
) -> dict[str, int]:
    """People per department: formulas to start, the whole office simulated to decide.

    Sized on a roomy line of the menu (no uplink cap, a channel for everyone), so that
    what is measured is the people's share. A person is added to the department whose
    callers fare worst while that lowers the hang-ups and losses that miss; when it no
    longer does (what fails is then ringing, pick-up or patience, not people), the
    search stops there and says so. Then each department gives back people while the
    office still meets the targets.
    """
    guess = _department_sizes(scenario, search.targets)
    staff = {d: guess.get(d, n) for d, n in own.items()}
    access = next((a for a in accesses if a.variable and a.line_kind is not None), None)
    access = access or next((a for a in accesses if a.variable), accesses[0])
    roomy = search.roomy(own) + max(0, sum(guess.values()) - sum(own[d] for d in guess))
    best_gap, stale = math.inf, 0
    for _ in range(_MAX_STAFF_ROUNDS):
        if search.meets(access, roomy, staff):
            break
        gap = _shortfall(search.candidate(access, roomy, staff), search.targets)
        stale = stale + 1 if gap > 0.9 * best_gap else 0
        best_gap = min(best_gap, gap)
        if stale >= 2:
            notes.append(
                "Adding people stopped lowering the hang-ups and losses that miss the "
                "target: what remains comes from ringing, pick-up delays or callers' "
                "patience, not from the number of people."
            )
            break
        worst = _worst_department(search, access, roomy, staff, guess)
        if worst is None:
            break
        staff[worst] += 1
    for dept in sorted(guess, key=lambda d: -staff[d]):
        while staff[dept] > 1:
            trial = {**staff, dept: staff[dept] - 1}
            if not search.meets(access, roomy, trial):
                break
            staff = trial
    return staff


def _shortfall(cand: Candidate, targets: Targets) -> float:
    """How far a simulated set-up's mean hang-ups and losses are above their bounds."""
    assert cand.simulated is not None
    out = 0.0
    for name, figure in (("abandon", "p_abandon"), ("lost", "p_caller_lost")):
        bound = getattr(targets, name)
        if bound is not None:
            out += max(0.0, cand.simulated[figure][0] - bound)
    return out


def _worst_department(
    search: OfficeSearch,
    access: _Access,
    channels: int,
    staff: dict[str, int],
    sized: dict[str, int],
) -> str | None:
    """The answering department that loses the most callers (hung up, busy, rang out)."""
    result = search.confirmer.results.get(id(search.candidate(access, channels, staff)))
    if result is None:
        return next(iter(sized), None)
    worst, value = None, -1.0
    for dept in sized:
        v = 0.0
        for outcome in ("abandoned", "busy", "queue_full", "unanswered"):
            x = result.value(outcome, f"department:{dept}")
            v += x if math.isfinite(x) else 0.0
        if v > value:
            worst, value = dept, v
    return worst
