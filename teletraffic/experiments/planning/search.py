"""How a plan from numbers searches its menu, and what the whole search will take.

Behind a PBX the fewest people that meet the targets are found by halving
(:func:`screen_queue`), and before anything is screened the whole search (set-ups
screened, simulations, call attempts) is estimated (:func:`search_work`), so that one
too big is refused before it starts (:func:`teletraffic.work.check_search`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from teletraffic.experiments.planning.menu import Candidate, Money, _trunk, queue_size
from teletraffic.experiments.planning.screen import Demand, least_people
from teletraffic.experiments.planning.targets import Targets
from teletraffic.scenario import Scenario
from teletraffic.tariffs import TariffMenu
from teletraffic.text import percent_precise
from teletraffic.work import SCREEN_SECONDS_PER_CHANNEL, SearchWork, check_search, estimate_work

__all__ = ["Runs", "budgeted", "least_note", "screen_queue", "search_work"]


class Runs(Protocol):
    """How a plan's confirming simulations run, as far as their cost goes."""

    @property
    def replications(self) -> int: ...
    @property
    def workers(self) -> int: ...
    @property
    def force(self) -> bool: ...


def screen_queue(
    group: list[Candidate], judged: Callable[[Candidate, int | None], Candidate]
) -> list[Candidate]:
    """The set-ups of one PBX kind and channel count worth keeping, people ascending.

    More people on the same channels hear busy less, wait less and hang up less, so
    the fewest people that meet the targets are found by halving (a few screens instead
    of one per person: a trunk of a thousand channels would take a thousand). The
    set-up with one person fewer is kept too (it shows what decided the size), and
    people are added from there while the cost keeps falling. When no count meets the
    targets, the one with the most people is kept: it shows how far the channels fall
    short.
    """
    lo, hi = 0, len(group)
    while lo < hi:  # the first index that meets the targets (len: none does)
        mid = (lo + hi) // 2
        if judged(group[mid], group[mid].staff).meets:
            hi = mid
        else:
            lo = mid + 1
    if lo == len(group):
        return [judged(group[-1], group[-1].staff)]
    kept = [judged(group[lo - 1], group[lo - 1].staff)] if lo > 0 else []
    settled = math.inf
    for cand in group[lo:]:
        kept.append(judged(cand, cand.staff))
        cost = cand.analytic["monthly_total"] if cand.analytic else math.inf
        if cand.meets and cost > settled:
            break
        if cand.meets:
            settled = min(settled, cost)
    return kept


_JUDGED_PER_KIND = 14
"""Set-ups of a kind :func:`_choose` may simulate when no exact formula decides: 12
favoured by the formulas, and 2 cheaper."""


def search_work(
    demand: Demand,
    stream: dict[str, Any],
    common: dict[str, Any],
    menu: TariffMenu,
    money: Money,
    size: int,
    people: int | None,
    max_lines: int | None,
    least: int,
    replications: int,
    workers: int,
) -> SearchWork:
    """The whole search of a plan from numbers, estimated before it starts.

    Screens: each separate-numbers and phone-per-channel size from *least* to *size*,
    and behind a PBX, for each channel count, the halving over the people and a few
    more (one screen serves every line and PBX kind of the same size). Simulations: the
    recommendation and the set-up below it when the formulas are exact (no redials);
    with redials, up to :data:`_JUDGED_PER_KIND` for each kind on the menu too. Each
    simulation is taken as large as the largest set-up on the menu.
    """
    sizes = range(max(1, min(least, size)), size + 1) if people is None else [people]
    singles = sum(getattr(menu, k) is not None for k in ("city_number", "mobile_number"))
    trunks = [t for t in (menu.multichannel, menu.ip) if t is not None]
    pbxs = [t for t in (menu.virtual_pbx, menu.office_pbx) if t is not None]
    model = "chain" if demand.redial > 0 else "formula"
    per_channel = SCREEN_SECONDS_PER_CHANNEL[model]
    screens = singles * len(sizes)
    seconds = screens * per_channel
    if trunks:
        screens += len(sizes)
        seconds += sum(sizes) * per_channel
    top = queue_size(size, max_lines)
    if trunks and pbxs:
        for c in range(max(2, min(least + 1, top)), top + 1):
            n = 1 if people is not None else max(1, c - min(least, c - 1))
            probes = math.ceil(math.log2(n + 1)) + 3
            screens += probes
            seconds += probes * c * per_channel
    kinds = singles + len(trunks) * (1 + len(pbxs))
    simulations = 2 if demand.redial == 0 else 2 + _JUDGED_PER_KIND * kinds
    if trunks:
        staff = min(top - 1, max(least, math.ceil(demand.erlangs)))
        largest = _trunk_scenario(stream, common, menu, money, top, staff if pbxs else None)
    else:
        largest = _trunk_scenario(stream, common, menu, money, size, None)
    one = estimate_work(largest, replications, workers=workers)
    together = replace(
        one,
        attempts=one.attempts * simulations,
        seconds=one.seconds * simulations,
        replications=one.replications * simulations,
    )
    what = "fewer replications (--replications), fewer lines (--max-lines)"
    if demand.redial > 0:
        what += (
            " or no redials (without --redial the formulas decide, and only the "
            "recommendation is simulated)"
        )
    return SearchWork(screens, seconds, simulations, together, what)


def _trunk_scenario(
    stream: dict[str, Any],
    common: dict[str, Any],
    menu: TariffMenu,
    money: Money,
    channels: int,
    staff: int | None,
) -> Scenario:
    """A trunk of *channels* (behind a PBX with *staff*, else a phone on each) as a
    scenario, to estimate what simulating it takes."""
    kind, tariff = ("multichannel", menu.multichannel) if menu.multichannel else ("ip", menu.ip)
    if tariff is None:  # a menu of separate numbers only: a line of as many channels
        tariff = menu.city_number or menu.mobile_number
    assert tariff is not None
    pbx = menu.office_pbx or menu.virtual_pbx if staff is not None else None
    key = None if pbx is None else ("office" if pbx is menu.office_pbx else "virtual")
    n = staff if staff is not None and pbx is not None else channels
    return _trunk(kind, "line", tariff, channels, n, key, pbx, [stream], common, money).scenario


def least_note(least: int, demand: Demand, targets: Targets) -> list[str]:
    """Say which set-ups the capacity bound left out, when it left out any."""
    if least <= 1:
        return []
    return [
        f"Set-ups with fewer than {least} people or phones were not screened: they carry at "
        f"most {least - 1} of the {demand.erlangs:.4g} erlangs, so they lose more than "
        f"{percent_precise(targets.loss())} of the callers."
    ]


def budgeted(
    demand: Demand,
    stream: dict[str, Any],
    common: dict[str, Any],
    menu: TariffMenu,
    money: Money,
    size: int,
    people: int | None,
    max_lines: int | None,
    targets: Targets,
    runs: Runs,
) -> int:
    """The fewest people worth screening; the whole search estimated and refused when too
    big (unless forced), before anything is screened."""
    least = least_people(demand, targets.loss()) if people is None else 1
    search = search_work(
        demand,
        stream,
        common,
        menu,
        money,
        size,
        people,
        max_lines,
        least,
        runs.replications,
        runs.workers,
    )
    if not runs.force:
        check_search(search, stacklevel=4)
    return least
