"""The menu of a traffic plan: every set-up on the tariffs, sized for the traffic.

Kinds (:data:`PLAN_KINDS`): 1..K separate single-line city or mobile numbers, a phone on
each (traffic does not pool); one multichannel or IP line of 1..K channels with a phone
on each (no PBX, no queue); and a multichannel or IP line of *c* channels with a virtual
or office PBX and *n* < *c* people answering (callers beyond the free people hold and
keep a channel; *n* = *c* would hold nobody: the set-up without a PBX, dearer).

People are a decision with a price. Without a PBX every phone needs a person, so the
people are the channels (or numbers). With a PBX the people are chosen apart from the
channels, from 1 up. When the office's people are fixed (*people*), every set-up is for
them: a phone for each (a trunk of that many channels, or that many numbers), or a PBX
with them all answering and more channels to hold callers.

K follows the traffic: enough pooled channels for 0.1% busy, and a few more; behind a
PBX, channels go on to 2K (K + 20 at most), since holding callers can pay for few people.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from teletraffic.costs import LineBill, SetUp
from teletraffic.experiments.planning.screen import Demand, lines_for
from teletraffic.scenario import LineTariff, PbxTariff, Scenario, scenario_from_dict
from teletraffic.tariffs import TariffMenu

__all__ = ["PLAN_KINDS", "Candidate", "Money", "menu_size", "queue_size", "traffic_menu"]

PLAN_KINDS: dict[str, str] = {
    "city_numbers": "separate city numbers, a phone on each",
    "mobile_numbers": "separate mobile numbers, a phone on each",
    "multichannel": "one multichannel line, a phone per channel",
    "ip": "IP telephony, a phone per channel",
    "multichannel+virtual_pbx": "multichannel line with a virtual PBX and hold queue",
    "multichannel+office_pbx": "multichannel line with an office PBX and hold queue",
    "ip+virtual_pbx": "IP telephony with a virtual PBX and hold queue",
    "ip+office_pbx": "IP telephony with an office PBX and hold queue",
    "office": "the office as it is organised, on the line and PBX given",
}
"""Kinds of set-up a plan considers, with their meaning."""

MIN_MENU = 4
"""The menu offers at least this many numbers or channels."""


@dataclass(frozen=True)
class Money:
    """What a plan charges beside the tariffs: a lost caller, a person a month."""

    lost_call_value: float
    staff_cost: float
    hours_per_month: float
    currency: str


@dataclass
class Candidate:
    """A set-up a plan considered.

    *kind*: a key of :data:`PLAN_KINDS`; *numbers* separate numbers (lines), *channels*
    in all, *staff* people, *pbx* ``none`` / ``virtual`` / ``office``. *setup*: what it
    buys (priced by :func:`teletraffic.costs.charge`); *spec*: the set-up as a scenario
    dictionary, or a function that makes it when it is first needed (:attr:`scenario`
    validates it; a plan screens many set-ups and simulates few, and the dictionary of
    *k* separate numbers has *k* lines). *analytic*: the formulas' figures and
    monthly cost items (``monthly_total`` ...), when a formula describes it; *exact*:
    whether that formula is exact for the traffic (then it decides). *simulated*: each
    figure as ``(mean, low, high)`` when simulated. *misses*: the targets it misses, by
    whatever decided; *meets*: none missed.
    """

    kind: str
    label: str
    numbers: int
    channels: int
    staff: int
    pbx: str
    setup: SetUp = field(repr=False)
    spec: dict[str, Any] | Callable[[], dict[str, Any]] = field(repr=False)
    analytic: dict[str, float] | None = None
    exact: bool = False
    model: str = ""
    simulated: dict[str, tuple[float, float, float]] | None = None
    misses: list[str] | None = None
    decided_by: str = ""
    departments: dict[str, int] = field(default_factory=dict)
    sim_key: Any = None
    _scenario: Scenario | None = field(default=None, repr=False)

    @property
    def scenario(self) -> Scenario:
        """The set-up as a validated scenario."""
        if self._scenario is None:
            self._scenario = scenario_from_dict(self.spec_dict())
        return self._scenario

    def spec_dict(self) -> dict[str, Any]:
        """The set-up as a scenario dictionary (made now if it was deferred)."""
        if callable(self.spec):
            self.spec = self.spec()
        return self.spec

    @property
    def meets(self) -> bool:
        """Meets every target, by what decided (``False`` while undecided)."""
        return self.misses is not None and not self.misses

    @property
    def size(self) -> int:
        """Numbers for separate numbers, channels otherwise."""
        return self.numbers if self.kind.endswith("_numbers") else self.channels

    @property
    def cost(self) -> float:
        """Monthly total: by the formula where it is exact, else simulated, else estimated."""
        if self.analytic is not None and (self.exact or self.simulated is None):
            return self.analytic["monthly_total"]
        if self.simulated is not None:
            return self.simulated["monthly_total"][0]
        return float("nan")


def menu_size(demand: Demand, max_lines: int | None, people: int | None) -> int:
    """K: the most numbers or channels on the menu."""
    if max_lines is not None:
        return max_lines
    k = max(MIN_MENU, lines_for(demand, 0.001) + 2)
    if people is not None:
        k = max(k, people + 2)
    return k


def _tariff(t: LineTariff | PbxTariff) -> dict[str, Any]:
    return t.model_dump(mode="json", exclude_defaults=True)


def _streams(streams: Sequence[dict[str, Any]], numbers: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    k = len(numbers)
    for tpl in streams:
        for j, num in enumerate(numbers):
            s = dict(tpl)
            s["dial"] = num
            s["calls_per_hour"] = tpl["calls_per_hour"] / k
            if k > 1:
                s["name"] = f"{str(tpl['name'])[:90]}-{j + 1}"
            out.append(s)
    return out


def queue_size(size: int, max_lines: int | None) -> int:
    """The most channels behind a PBX: *max_lines* when given, else min(2K, K + 20)."""
    return max_lines if max_lines is not None else min(2 * size, size + 20)


def traffic_menu(
    streams: Sequence[dict[str, Any]],
    common: dict[str, Any],
    menu: TariffMenu,
    money: Money,
    size: int,
    people: int | None,
    max_lines: int | None = None,
    least: int = 1,
) -> Iterator[tuple[Candidate, int | None]]:
    """Every set-up on *menu* up to *size*, with the people behind each PBX queue.

    Yields ``(candidate, agents)``: *agents* is the number answering behind a hold
    queue, ``None`` for a phone per channel. Candidates with a queue come for every
    people count (1..c-1, or the fixed *people*); the caller screens and prunes.

    *least*: the fewest phones or people that can carry the traffic within the loss
    target (:func:`teletraffic.experiments.planning.screen.least_people`); set-ups with
    fewer are left out, except that each kind keeps its largest size so that a menu too
    small for the traffic still shows how far it falls short. The set-up's scenario
    dictionary is made only when it is simulated.
    """
    for kind, line_kind, tariff, word in (
        ("city_numbers", "landline", menu.city_number, "city"),
        ("mobile_numbers", "mobile", menu.mobile_number, "mobile"),
    ):
        if tariff is None:
            continue
        for k in _sizes(size, people, least):
            setup = SetUp(
                tuple(LineBill(f"number-{j + 1}", tariff, 1, 1) for j in range(k)),
                None,
                k,
                money.staff_cost,
                money.lost_call_value,
            )
            label = (
                f"one {word} number with one phone"
                if k == 1
                else f"{k} separate {word} numbers, a phone on each"
            )
            spec = functools.partial(_numbers_spec, k, word, line_kind, tariff, streams, common)
            yield Candidate(kind, label, k, k, k, "none", setup, spec), None
    for kind, tariff in (("multichannel", menu.multichannel), ("ip", menu.ip)):
        if tariff is None:
            continue
        word = "multichannel line" if kind == "multichannel" else "IP line"
        for c in _sizes(size, people, least):
            yield _trunk(kind, word, tariff, c, c, None, None, streams, common, money), None
        for pbx_key, ptariff in (("virtual", menu.virtual_pbx), ("office", menu.office_pbx)):
            if ptariff is None:
                continue
            # a hold queue can pay beyond the size a phone per channel needs: more places to
            # hold instead of busy signals, for few people
            top = queue_size(size, max_lines)
            for c in range(max(2, min(least + 1, top)), top + 1):
                staff = [people] if people is not None else range(min(least, c - 1), c)
                for n in staff:
                    if n >= c:
                        continue
                    cand = _trunk(
                        kind, word, tariff, c, n, pbx_key, ptariff, streams, common, money
                    )
                    yield cand, n


def _sizes(size: int, people: int | None, least: int) -> Sequence[int]:
    """Numbers or channels with a phone on each: the fixed *people*, else from *least*
    (at most *size*) up to *size*."""
    if people is not None:
        return [people]
    return range(max(1, min(least, size)), size + 1)


def _numbers_spec(
    k: int,
    word: str,
    line_kind: str,
    tariff: LineTariff,
    streams: Sequence[dict[str, Any]],
    common: dict[str, Any],
) -> dict[str, Any]:
    numbers = [str(j + 1) for j in range(k)]
    return {
        "name": f"{k} {word} number{'s' if k > 1 else ''}",
        **common,
        "lines": [
            {
                "name": f"number-{j + 1}",
                "kind": line_kind,
                "numbers": [num],
                "tariff": _tariff(tariff),
            }
            for j, num in enumerate(numbers)
        ],
        "traffic": _streams(streams, numbers),
    }


def _trunk(
    kind: str,
    word: str,
    tariff: LineTariff,
    channels: int,
    staff: int,
    pbx_key: str | None,
    ptariff: PbxTariff | None,
    streams: Sequence[dict[str, Any]],
    common: dict[str, Any],
    money: Money,
) -> Candidate:
    setup = SetUp(
        (LineBill("main", tariff, 1, channels),),
        ptariff,
        staff,
        money.staff_cost,
        money.lost_call_value,
    )
    spec = functools.partial(
        _trunk_spec, kind, word, tariff, channels, staff, pbx_key, ptariff, streams, common
    )
    ch = f"{channels} channel{'s' if channels > 1 else ''}"
    if pbx_key is None or ptariff is None:
        label = f"one {word} with {ch}, a phone on each (no PBX)"
        return Candidate(kind, label, 1, channels, channels, "none", setup, spec)
    label = (
        f"one {word} with {ch} and {'an office' if pbx_key == 'office' else 'a virtual'} PBX, "
        f"{staff} {'person' if staff == 1 else 'people'} answering, up to {channels - staff} "
        "on hold"
    )
    return Candidate(f"{kind}+{pbx_key}_pbx", label, 1, channels, staff, pbx_key, setup, spec)


def _trunk_spec(
    kind: str,
    word: str,
    tariff: LineTariff,
    channels: int,
    staff: int,
    pbx_key: str | None,
    ptariff: PbxTariff | None,
    streams: Sequence[dict[str, Any]],
    common: dict[str, Any],
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": f"{word}, {channels} channel{'s' if channels > 1 else ''}"
        + (f", {pbx_key} PBX, {staff} staff" if pbx_key else ", no PBX"),
        **common,
        "lines": [
            {
                "name": "main",
                "kind": kind,
                "numbers": ["1"],
                "channels": channels,
                "tariff": _tariff(tariff),
            }
        ],
        "traffic": _streams(streams, ["1"]),
    }
    if pbx_key is not None and ptariff is not None:
        spec["pbx"] = {"kind": pbx_key, "hold": {"music": True}, "tariff": _tariff(ptariff)}
        spec["departments"] = [{"name": "staff", "staff": staff}]
    return spec
