"""Plan the cheapest set-up on a tariff menu that meets service targets."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from teletraffic import erlang
from teletraffic.costs import (
    BUSINESS_DAYS_PER_MONTH,
    line_tariff_cost,
    monthly_costs,
    pbx_tariff_cost,
)
from teletraffic.costs import hours_per_month as period_hours_per_month
from teletraffic.errors import InputError
from teletraffic.experiments.figures import COST_FIGURES, KEY_FIGURES, _check_level, _vectors
from teletraffic.runner import simulate
from teletraffic.scenario import LineTariff, PbxTariff, Scenario, scenario_from_dict
from teletraffic.stats import t_interval
from teletraffic.tariffs import TARIFF_ENTRIES, TariffMenu, load_tariffs
from teletraffic.units import format_duration

__all__ = ["PLAN_KINDS", "Candidate", "Plan", "plan"]

# --------------------------------------------------------------------------- plan

PLAN_KINDS: dict[str, str] = {
    "city_numbers": "separate city numbers, a phone on each",
    "mobile_numbers": "separate mobile numbers, a phone on each",
    "multichannel": "one multichannel line, a phone per channel",
    "ip": "IP telephony, a phone per channel",
    "multichannel+virtual_pbx": "multichannel line with a virtual PBX and hold queue",
    "multichannel+office_pbx": "multichannel line with an office PBX and hold queue",
    "ip+virtual_pbx": "IP telephony with a virtual PBX and hold queue",
    "ip+office_pbx": "IP telephony with an office PBX and hold queue",
}
"""Kinds of set-up :func:`plan` considers, with their meaning."""

DEFAULT_OPEN_HOURS_PER_MONTH = BUSINESS_DAYS_PER_MONTH * 9.0
"""Hours a month the planned traffic is taken to arrive when no scenario says otherwise:
9 open hours on 21 business days (189 h)."""


@dataclass(frozen=True)
class _Traffic:
    calls_per_hour: float
    talk: float
    patience: float | None
    redial: float
    max_attempts: int
    streams: list[dict[str, Any]]
    notes: list[str]

    @property
    def erlangs(self) -> float:
        return self.calls_per_hour * self.talk / 3600.0


@dataclass(frozen=True)
class _Targets:
    busy: float | None
    answer: tuple[float, float] | None
    abandon: float | None
    abandon_implied: bool = False
    busy_implied: bool = False

    def meets(self, fig: Mapping[str, float]) -> bool:
        eps = 1e-12
        if self.busy is not None and not fig["p_busy"] <= self.busy + eps:
            return False
        if self.answer is not None and not fig["service_level"] >= self.answer[0] - eps:
            return False
        return not (self.abandon is not None and not fig["p_abandon"] <= self.abandon + eps)

    def describe(self) -> str:
        parts = []
        if self.busy is not None and not self.busy_implied:
            parts.append(f"at most {_pct(self.busy)} hear busy")
        if self.answer is not None:
            parts.append(
                f"at least {_pct(self.answer[0])} answered within {format_duration(self.answer[1])}"
            )
        if self.abandon is not None:
            parts.append(
                f"{'and ' if self.abandon_implied else ''}"
                f"at most {_pct(self.abandon)} hang up on hold"
            )
        if self.busy is not None and self.busy_implied:
            parts.append(f"and at most {_pct(self.busy)} hear busy")
        return ", ".join(parts)


def _pct(x: float) -> str:
    if not math.isfinite(x):
        return "-"
    v = 100 * x
    if v == 0:
        return "0%"
    if v >= 10:
        return f"{v:.0f}%"
    if v >= 1:
        return f"{v:.1f}%"
    return f"{v:.2g}%"


def _money(x: float, currency: str) -> str:
    return f"{x:,.0f} {currency}"


@dataclass
class Candidate:
    """A set-up :func:`plan` considered.

    *kind* is a key of :data:`PLAN_KINDS`; *numbers* separate numbers (lines),
    *channels* in all, *staff* people answering. *scenario* is the set-up as a
    scenario (save it with :func:`~teletraffic.scenario.dump_scenario`). *analytic*
    holds the formulas' ``p_busy, service_level, p_abandon, mean_wait`` and monthly
    cost items; *simulated*, when it was simulated, maps each figure of
    :data:`KEY_FIGURES` and :data:`COST_FIGURES` to ``(mean, ci_low, ci_high)``.
    """

    kind: str
    label: str
    numbers: int
    channels: int
    staff: int
    pbx: str
    analytic: dict[str, float]
    meets_analytic: bool
    spec: dict[str, Any] = field(repr=False)
    simulated: dict[str, tuple[float, float, float]] | None = None
    meets_simulated: bool | None = None
    _scenario: Scenario | None = field(default=None, repr=False)

    @property
    def scenario(self) -> Scenario:
        """The set-up as a validated scenario."""
        if self._scenario is None:
            self._scenario = scenario_from_dict(self.spec)
        return self._scenario

    @property
    def cost(self) -> float:
        """Monthly total: simulated mean when simulated, else the analytic estimate."""
        if self.simulated is not None:
            return self.simulated["monthly_total"][0]
        return self.analytic["monthly_total"]

    @property
    def meets(self) -> bool:
        """Meets the targets: by simulation when simulated, else by the formulas."""
        return self.meets_simulated if self.meets_simulated is not None else self.meets_analytic


@dataclass
class Plan:
    """What :func:`plan` found.

    *candidates*: one row per set-up screened (kind ``setup``, ``label``, ``numbers``,
    ``channels``, ``staff``, ``pbx``; the formulas' ``p_busy``, ``service_level``,
    ``p_abandon``, ``mean_wait``; monthly cost items ``monthly_fixed`` ...
    ``monthly_total`` (estimated); ``meets_analytic``; ``simulated`` and, where
    simulated, ``sim_p_busy`` with ``sim_p_busy_low`` / ``_high`` and the same for
    service level, abandonment, mean wait and monthly total; ``meets_targets``
    (the simulation's verdict where simulated); ``recommended``).
    *best*: the cheapest set-up whose simulation meets the targets, or ``None``.
    *curves*: for plots, per kind and size (numbers or channels) the busy share, mean
    wait, service level and monthly cost (with a PBX, at the fewest staff meeting the
    targets at that size, or all channels staffed).
    """

    candidates: pd.DataFrame
    best: Candidate | None
    curves: pd.DataFrame
    targets: dict[str, Any]
    traffic: dict[str, Any]
    tariffs: TariffMenu
    max_lines: int
    hours_per_month: float
    simulation: dict[str, Any]
    considered: list[Candidate] = field(repr=False, default_factory=list)
    notes: list[str] = field(default_factory=list)

    def shortlist(self) -> pd.DataFrame:
        """The rows worth reading, cheapest first: those simulated, the cheapest of each
        kind meeting the targets by the formulas, and the strongest of each kind that
        never meets them."""
        c = self.candidates
        keep = c["simulated"].copy()
        meeting = c[c["meets_analytic"]]
        if not meeting.empty:
            keep[meeting.groupby("setup")["monthly_total"].idxmin()] = True
        short = c[~c["setup"].isin(set(meeting["setup"]))]
        if not short.empty:  # kinds that never meet the targets: their strongest
            keep[short.groupby("setup")["p_busy"].idxmin()] = True
        out = c[keep].copy()
        out["_cost"] = np.where(out["simulated"], out["sim_monthly_total"], out["monthly_total"])
        return out.sort_values(["_cost", "channels"]).drop(columns="_cost").reset_index(drop=True)

    def explanation(self) -> str:
        """The recommendation in plain words, or why no set-up on the menu will do."""
        t = self.traffic
        cur = self.tariffs.currency
        targets = _Targets(
            self.targets.get("busy"),
            self.targets.get("answer"),
            self.targets.get("abandon"),
            abandon_implied=bool(self.targets.get("abandon_implied")),
            busy_implied=bool(self.targets.get("busy_implied")),
        )
        head = (
            f"{t['calls_per_hour']:g} calls an hour, {format_duration(t['talk'])} talk on "
            f"average ({t['erlangs']:.2g} erlangs)"
        )
        if t["patience"] is not None:
            head += f", callers hold about {format_duration(t['patience'])}"
        if t["redial"]:
            head += f", {_pct(t['redial'])} redial"
        lines = [f"Traffic: {head}. Target: {targets.describe()}."]
        b = self.best
        if b is not None:
            assert b.simulated is not None
            lines.append(f"Recommended: {b.label}.")
            lines.append(_figures_sentence(b, targets, self.simulation) + ".")
            lines.append(_cost_sentence(b, cur))
            lines.extend(self._alternatives(b, cur))
            size = b.numbers if b.kind.endswith("_numbers") else b.channels
            if size >= self.max_lines:
                lines.append(
                    f"It is the largest size considered ({self.max_lines}): lost calls cost more "
                    f"than lines, and a larger one may be cheaper still; try --max-lines "
                    f"{2 * self.max_lines} (max_lines={2 * self.max_lines})."
                )
        else:
            lines.extend(self._why_none(targets))
        lines.extend(self.notes)
        lines.extend(_tariff_note(self.tariffs))
        return "\n".join(lines)

    def _alternatives(self, best: Candidate, cur: str) -> list[str]:
        out: list[str] = []
        others = [
            c
            for c in self.considered
            if c is not best and c.simulated is not None and c.meets_simulated
        ]
        others.sort(key=lambda c: c.cost)
        if others:
            alt = "; ".join(f"{c.label} ({_money(c.cost, cur)})" for c in others[:2])
            out.append(f"Also meeting the target, dearer: {alt}.")
        below = [
            c
            for c in self.considered
            if c.simulated is not None and not c.meets_simulated and c.cost <= best.cost
        ]
        below.sort(key=lambda c: -c.cost)
        if below:
            c = below[0]
            assert c.simulated is not None
            out.append(
                f"Cheaper but short of the target: {c.label}, "
                f"{_short_figures(c)} ({_money(c.cost, cur)} a month)."
            )
        if not best.kind.endswith("_numbers"):
            singles = [c for c in self.considered if c.kind == "city_numbers"] or [
                c for c in self.considered if c.kind == "mobile_numbers"
            ]
            if singles:
                meeting = [c for c in singles if c.meets]
                if meeting:
                    c = min(meeting, key=lambda c: c.analytic["monthly_total"])
                    out.append(
                        f"Separate single-line numbers would need {c.numbers} of them "
                        f"({_money(c.analytic['monthly_total'], cur)} a month): calls to one "
                        "number do not use the others' free lines."
                    )
                else:
                    c = max(singles, key=lambda c: c.numbers)
                    out.append(
                        f"Separate single-line numbers do not pool their traffic: even "
                        f"{c.numbers} of them leave {_pct(c.analytic['p_busy'])} busy."
                    )
        return out

    def _why_none(self, targets: _Targets) -> list[str]:
        c = self.considered
        cur = self.tariffs.currency
        out = ["No set-up on the menu meets the target."]
        if not c:
            return [*out, "The menu offers nothing to evaluate."]
        confirmed_fail = [x for x in c if x.meets_analytic and x.meets_simulated is False]
        if confirmed_fail:
            x = min(confirmed_fail, key=lambda x: x.analytic["monthly_total"])
            out.append(
                f"{x.label[0].upper()}{x.label[1:]} meets it by the formulas, but not in "
                f"simulation: {_short_figures(x)}."
            )
        a = min(x.analytic["erlangs_offered"] for x in c)
        reasons = []
        if targets.busy is not None:
            best = min(c, key=lambda x: x.analytic["p_busy"])
            if best.analytic["p_busy"] > targets.busy:
                reasons.append(
                    f"even {best.label} leave{'s' if best.channels == 1 else ''} "
                    f"{_pct(best.analytic['p_busy'])} busy (target {_pct(targets.busy)})"
                )
        if targets.answer is not None:
            best = max(c, key=lambda x: x.analytic["service_level"])
            if best.analytic["service_level"] < targets.answer[0]:
                reasons.append(
                    f"even {best.label} answer only {_pct(best.analytic['service_level'])} "
                    f"within {format_duration(targets.answer[1])} "
                    f"(target {_pct(targets.answer[0])})"
                )
        if targets.abandon is not None:
            best = min(c, key=lambda x: x.analytic["p_abandon"])
            if best.analytic["p_abandon"] > targets.abandon:
                reasons.append(
                    f"even {best.label} leave {_pct(best.analytic['p_abandon'])} hanging up "
                    f"(target {_pct(targets.abandon)})"
                )
        if reasons:
            out.append(
                "With at most " + f"{self.max_lines} lines or channels, " + "; ".join(reasons) + "."
            )
        trunk_kinds = [k for k in ("multichannel", "ip") if getattr(self.tariffs, k) is not None]
        worst = min(
            [x for x in (targets.busy, 1 - targets.answer[0] if targets.answer else None) if x],
            default=None,
        )
        if trunk_kinds and worst is not None and a > 0:
            need = int(erlang.lines_for_blocking(a, worst))
            if need > self.max_lines:
                out.append(
                    f"About {need} channels would do (Erlang B); allow more with "
                    f"--max-lines {need} (max_lines={need})."
                )
        elif not trunk_kinds:
            out.append(
                "The menu has no multichannel or IP line, whose channels pool the traffic; "
                "add one to the tariffs."
            )
        del cur
        return out


def _tariff_note(menu: TariffMenu) -> list[str]:
    if not menu.illustrative:
        return []
    source = menu.source
    if Path(source).name == "tariffs.yaml" and Path(source).parent.name == "scenarios":
        source = "scenarios/tariffs.yaml"
    offered = [k for k in TARIFF_ENTRIES if getattr(menu, k) is not None]
    if set(menu.illustrative) >= set(offered):
        which = "The prices are illustrative"
    else:
        which = f"The prices of {', '.join(menu.illustrative)} are illustrative"
    return [f"{which} ({source}); give your own tariffs (--tariffs FILE)."]


def _short_figures(c: Candidate) -> str:
    s = c.simulated
    if s is None:
        return f"{_pct(c.analytic['p_busy'])} busy"
    parts = [f"{_pct(s['p_busy'][0])} busy"]
    if c.pbx != "none":
        parts.append(f"{_pct(s['service_level'][0])} answered in time")
        if s["p_abandon"][0] > 0:
            parts.append(f"{_pct(s['p_abandon'][0])} hang up")
    return ", ".join(parts)


def _with_interval(
    s: tuple[float, float, float], what: str, formula: float, formula_name: str
) -> str:
    m, lo, hi = s
    lo, hi = max(lo, 0.0), min(hi, 1.0)  # a share's interval, clipped to 0..1
    extra = []
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        extra.append(f"interval {_pct(lo)} to {_pct(hi)}")
    extra.append(f"{formula_name} {_pct(formula)}")
    return f"{_pct(m)} {what} ({'; '.join(extra)})"


def _figures_sentence(b: Candidate, targets: _Targets, sim: Mapping[str, Any]) -> str:
    s = b.simulated
    assert s is not None
    a = b.analytic
    name = "M/M/n/K" if b.pbx != "none" else "Erlang B"
    parts = [_with_interval(s["p_busy"], "of callers hear busy", a["p_busy"], name)]
    if b.pbx != "none" or targets.answer is not None:
        t = targets.answer[1] if targets.answer else sim["answer_time"]
        parts.append(
            _with_interval(
                s["service_level"],
                f"are answered within {format_duration(t)}",
                a["service_level"],
                name,
            )
        )
    if b.pbx != "none":
        parts.append(f"the mean wait on hold is {s['mean_wait'][0]:.0f} s")
    if b.pbx == "none" and targets.abandon is not None:
        parts.append("nobody waits on hold, so nobody hangs up there")
    elif b.pbx != "none" and (s["p_abandon"][0] > 0 or targets.abandon is not None):
        parts.append(_with_interval(s["p_abandon"], "hang up on hold", a["p_abandon"], name))
    return f"In {sim['replications']} simulated runs of {sim['hours']:g} h each: " + "; ".join(
        parts
    )


def _cost_sentence(b: Candidate, cur: str) -> str:
    s = b.simulated
    assert s is not None
    items = [
        (s[f"monthly_{k}"][0], w)
        for k, w in (
            ("fixed", "lines and PBX" if b.pbx != "none" else "lines"),
            ("usage", "calls"),
            ("staff", "staff"),
            ("lost_calls", "lost calls"),
        )
    ]
    detail = ", ".join(f"{w} {_money(v, cur)}" for v, w in items if v > 0.5)
    total = s["monthly_total"]
    text = f"It costs about {_money(total[0], cur)} a month"
    return text + (f" ({detail})." if detail else ".")


def _stream_template(stream: Any) -> dict[str, Any]:
    data = stream.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for key in ("dial", "calls_per_hour", "sources", "line", "from", "name"):
        data.pop(key, None)
    return data


def _traffic_from(
    scenario: Scenario | None,
    calls_per_hour: float | None,
    talk: float | None,
    patience: float | None,
    redial: float | None,
    redial_after: float,
) -> _Traffic:
    if scenario is not None:
        if calls_per_hour is not None or talk is not None or patience is not None or redial:
            raise InputError(
                "give a scenario or calls_per_hour/talk/patience/redial, not both "
                "(the scenario's inbound traffic is planned for)"
            )
        inbound = [s for s in scenario.traffic if s.dial is not None]
        if not inbound:
            raise InputError(
                f"scenario {scenario.name!r} has no inbound traffic (streams with dial) to plan for"
            )
        notes: list[str] = []
        rates = [s.peak_rate for s in inbound]
        total = math.fsum(rates)
        if total <= 0:
            raise InputError(f"scenario {scenario.name!r}: its inbound streams have no calls")
        if any(s.has_profile for s in inbound):
            notes.append(
                "Streams with an hourly profile are planned for their busiest hour, all day."
            )
        if any(s.sources is not None for s in inbound):
            notes.append("Finite numbers of callers (sources) are planned as an open stream.")
        others = [s.name for s in scenario.traffic if s.dial is None]
        if others:
            notes.append(
                f"Calls the staff place ({', '.join(others)}) are left out: the plan sizes "
                "for incoming calls, and outgoing ones share the channels, so allow for them "
                "(teletraffic sweep on the scenario itself weighs everything)."
            )
        if scenario.transfers or scenario.conference is not None:
            notes.append(
                "Transfers and conferences inside the office are left out: the plan sizes "
                "lines and the people who answer first."
            )
        erl = math.fsum(s.peak_rate * s.talk.expected for s in inbound) / 3600.0
        mean_talk = erl * 3600.0 / total
        with_pat = [s for s in inbound if s.patience is not None]
        pat: float | None = None
        if with_pat:
            w = math.fsum(s.peak_rate for s in with_pat)
            pat = (
                math.fsum(s.peak_rate * s.patience.expected for s in with_pat if s.patience) / w
                if w > 0
                else None
            )
            if len(with_pat) < len(inbound):
                notes.append(
                    "Some streams have no patience; the formulas use the others' mean patience."
                )
        r = math.fsum(s.peak_rate * s.redial.probability for s in inbound if s.redial) / total
        attempts = max((s.redial.max_attempts for s in inbound if s.redial), default=1)
        streams = []
        for s in inbound:
            tpl = _stream_template(s)
            tpl["name"] = s.name
            tpl["calls_per_hour"] = s.peak_rate
            streams.append(tpl)
        return _Traffic(total, mean_talk, pat, r, attempts, streams, notes)
    if calls_per_hour is None or talk is None:
        raise InputError(
            "give a scenario, or calls_per_hour and talk (e.g. calls_per_hour=40, talk=180)"
        )
    for name, value, low in (("calls_per_hour", calls_per_hour, 0.0), ("talk", talk, 0.0)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InputError(f"{name} must be a number, got {value!r}")
        if value <= low:
            raise InputError(f"{name} must be above 0, got {value:g}")
    if calls_per_hour > 1_000_000:
        raise InputError(f"calls_per_hour must be at most 1,000,000, got {calls_per_hour:g}")
    if talk > 86400:
        raise InputError(f"talk must be at most a day (86400 s), got {talk:g}")
    if patience is not None and (
        isinstance(patience, bool)
        or not isinstance(patience, int | float)
        or not math.isfinite(patience)
        or patience <= 0
    ):
        raise InputError(f"patience must be a number of seconds above 0, or None, got {patience!r}")
    r = 0.0 if redial is None else redial
    if isinstance(r, bool) or not isinstance(r, int | float) or not 0 <= r < 1:
        raise InputError(f"redial must be a share in [0, 1), got {redial!r}")
    if not (
        isinstance(redial_after, int | float) and math.isfinite(redial_after) and redial_after > 0
    ):
        raise InputError(f"redial_after must be a number of seconds above 0, got {redial_after!r}")
    stream: dict[str, Any] = {
        "name": "callers",
        "calls_per_hour": float(calls_per_hour),
        "talk": float(talk),
    }
    if patience is not None:
        stream["patience"] = float(patience)
    if r > 0:
        stream["redial"] = {"probability": r, "after": float(redial_after)}
    attempts = 3 if r > 0 else 1
    return _Traffic(float(calls_per_hour), float(talk), patience, r, attempts, [stream], [])


def _share_arg(name: str, value: float | None, *, zero_ok: bool = False) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{name} must be a share such as 0.02, got {value!r}")
    low_ok = value >= 0 if zero_ok else value > 0
    if not (low_ok and value < 1):
        bound = "[0, 1)" if zero_ok else "(0, 1)"
        raise InputError(f"{name} must be a share in {bound}, got {value:g}")
    return float(value)


def _with_redials(
    evaluate: Callable[[float], dict[str, float]], a: float, r: float, attempts: int
) -> tuple[dict[str, float], float]:
    """Figures per attempt when a share *r* of failed callers try again (fixed point)."""
    fig = evaluate(a)
    if r <= 0 or attempts <= 1:
        return fig, a
    current = a
    for _ in range(60):
        x = min(r * min(fig["p_busy"] + fig["p_abandon"], 1.0), 0.999999)
        target = a * sum(x**k for k in range(attempts))
        if abs(target - current) <= 1e-10 * max(1.0, a):
            break
        current = 0.5 * (current + target)
        fig = evaluate(current)
    return fig, current


def plan(
    scenario: Scenario | None = None,
    *,
    calls_per_hour: float | None = None,
    talk: float | None = None,
    patience: float | None = None,
    redial: float | None = None,
    redial_after: float = 120.0,
    target_busy: float | None = None,
    target_answer: tuple[float, float] | None = None,
    target_abandon: float | None = None,
    max_lines: int = 10,
    tariffs: TariffMenu | str | Path | None = None,
    lost_call_value: float | None = None,
    staff_cost: float | None = None,
    hours_per_month: float | None = None,
    hours: float | None = None,
    replications: int = 10,
    seed: int = 2026,
    workers: int = 1,
    level: float = 0.95,
) -> Plan:
    """The cheapest set-up on a tariff menu that meets service targets for some traffic.

    The traffic is a scenario's inbound streams (their busiest hour; talk, patience and
    redial distributions are kept) or given in numbers: *calls_per_hour*, mean *talk*
    seconds, mean *patience* seconds (``None``: callers hold forever) and the share of
    failed callers who *redial* (after *redial_after* seconds, up to 3 attempts).
    Targets, any subset but at least one: *target_busy* (share hearing busy at most),
    *target_answer* ``(share, seconds)`` answered within *seconds* at least,
    *target_abandon* (share hanging up on hold at most).

    Set-ups considered, with at most *max_lines* numbers or channels (see
    :data:`PLAN_KINDS`): 1..K separate single-line city or mobile numbers (callers split
    evenly; each number is its own one-channel line, traffic does not pool; a phone
    on each), one multichannel or IP line of 1..K channels with a phone per channel (no
    PBX, no queue), and a multichannel or IP line of *c* channels with a virtual or
    office PBX and *n* < *c* staff (callers beyond the free staff hold, keeping a
    channel; *n* = *c* would hold nobody: the no-PBX set-up, dearer). Kinds whose
    tariff is ``null`` on the menu are left out.

    Every set-up is screened with the formulas (Erlang B per line; M/M/n/K with
    patience for a hold queue; redials by a fixed point on the offered traffic) and
    priced with *tariffs* (a :class:`~teletraffic.costs.TariffMenu`, a file, or the
    shipped illustrative menu). The cheapest set-ups meeting the targets on paper, and
    for each the next cheaper one short of them, are then simulated (*hours* of steady
    state, default up to 200 h; *replications*, *seed*) to confirm with intervals.
    Money per month counts the traffic over *hours_per_month* (default: 21 business
    days of a business-day scenario's opening hours, else 189 h) and adds
    *lost_call_value* per lost call and *staff_cost* per person (defaults: the
    scenario's, else 0).
    """
    level = _check_level(level)
    menu = tariffs if isinstance(tariffs, TariffMenu) else load_tariffs(tariffs)
    if all(
        getattr(menu, kind) is None
        for kind in ("city_number", "mobile_number", "multichannel", "ip")
    ):
        raise InputError(
            f"the tariff menu ({menu.source}) offers no kind of line: city_number, "
            "mobile_number, multichannel and ip are all null; give at least one"
        )
    traffic = _traffic_from(scenario, calls_per_hour, talk, patience, redial, redial_after)
    targets = _Targets(
        _share_arg("target_busy", target_busy),
        None,
        _share_arg("target_abandon", target_abandon, zero_ok=True),
    )
    if target_answer is not None:
        try:
            share, secs = target_answer
        except (TypeError, ValueError):
            raise InputError(
                f"target_answer must be (share, seconds), e.g. (0.8, 20), got {target_answer!r}"
            ) from None
        share_ok = _share_arg("target_answer share", share)
        if isinstance(secs, bool) or not isinstance(secs, int | float) or not 0 <= secs <= 86400:
            raise InputError(f"target_answer seconds must be in [0, 86400], got {secs!r}")
        assert share_ok is not None
        targets = _Targets(targets.busy, (share_ok, float(secs)), targets.abandon)
    if targets.busy is not None and targets.abandon is None:
        # A caller who hangs up on hold is lost as surely as one who hears busy: without
        # an abandonment target of its own, the busy target bounds hang-ups too, so a
        # hold queue cannot "meet" a busy target by keeping callers waiting until they go.
        targets = _Targets(targets.busy, targets.answer, targets.busy, abandon_implied=True)
    elif targets.abandon is not None and targets.busy is None:
        if targets.abandon == 0:
            raise InputError(
                "target_abandon 0 on its own would also ask that nobody hears busy, which "
                "no set-up can promise; give target_busy as well (e.g. 0.02)"
            )
        # and the other way round: a set-up without a queue loses nobody on hold, so an
        # abandonment target alone would be met by a single line where most hear busy
        targets = _Targets(targets.abandon, targets.answer, targets.abandon, busy_implied=True)
    if targets.busy is None and targets.answer is None and targets.abandon is None:
        raise InputError(
            "give at least one target: target_busy (e.g. 0.02), target_answer (e.g. (0.8, 20)) "
            "or target_abandon (e.g. 0.05)"
        )
    if isinstance(max_lines, bool) or not isinstance(max_lines, int) or not 1 <= max_lines <= 200:
        raise InputError(f"max_lines must be a whole number in 1..200, got {max_lines!r}")
    if (
        isinstance(replications, bool)
        or not isinstance(replications, int)
        or not 2 <= replications <= 1000
    ):
        raise InputError(f"replications must be a whole number in 2..1000, got {replications!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"seed must be a whole number >= 0, got {seed!r}")

    if scenario is not None:
        money = {
            "lost_call_value": scenario.lost_call_value
            if lost_call_value is None
            else lost_call_value,
            "staff_cost": scenario.staff_cost if staff_cost is None else staff_cost,
        }
        if (money["lost_call_value"] or money["staff_cost"]) and scenario.currency != menu.currency:
            raise InputError(
                f"scenario {scenario.name!r} counts money in {scenario.currency} but the tariffs "
                f"in {menu.currency}; give tariffs in {scenario.currency} (--tariffs FILE)"
            )
        hpm = period_hours_per_month(scenario) if hours_per_month is None else hours_per_month
        answer_time = scenario.answer_time
    else:
        money = {
            "lost_call_value": lost_call_value or 0.0,
            "staff_cost": staff_cost or 0.0,
        }
        hpm = DEFAULT_OPEN_HOURS_PER_MONTH if hours_per_month is None else hours_per_month
        answer_time = 20.0
    for key, value in money.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1e12:
            raise InputError(f"{key} must be an amount of money >= 0, got {value!r}")
    if isinstance(hpm, bool) or not isinstance(hpm, int | float) or not 0 < hpm <= 744:
        raise InputError(f"hours_per_month must be in (0, 744], got {hpm!r}")
    if targets.answer is not None:
        answer_time = targets.answer[1]

    a_fresh = traffic.erlangs
    lam_fresh = traffic.calls_per_hour
    if hours is None:
        sim_hours = float(min(200, max(20, round(20000.0 / (lam_fresh * 1.5)))))
    else:
        if (
            isinstance(hours, bool)
            or not isinstance(hours, int | float)
            or not 1 <= hours <= 100_000
        ):
            raise InputError(f"hours must be in 1..100000, got {hours!r}")
        sim_hours = float(hours)
    sim = {
        "hours": sim_hours,
        "replications": replications,
        "seed": seed,
        "answer_time": answer_time,
    }

    h = traffic.talk
    pat = traffic.patience

    def noqueue(lines: int, channels: int) -> Callable[[float], dict[str, float]]:
        def evaluate(a: float) -> dict[str, float]:
            b = float(erlang.erlang_b(channels, a / lines))
            return {
                "p_busy": b,
                "service_level": 1.0 - b,
                "p_abandon": 0.0,
                "mean_wait": 0.0,
                "carried": a * (1.0 - b),
            }

        return evaluate

    def queue(n: int, c: int) -> Callable[[float], dict[str, float]]:
        def evaluate(a: float) -> dict[str, float]:
            res = erlang.mmnk(n, c, a, h, pat)
            return {
                "p_busy": res.p_busy,
                "service_level": res.service_level(answer_time),
                "p_abandon": res.p_abandon,
                "mean_wait": res.mean_wait,
                "carried": res.carried,
            }

        return evaluate

    def priced(
        fig: dict[str, float], a_att: float, fixed: float, staff: int, t_in: float
    ) -> dict[str, float]:
        lam_att = lam_fresh * a_att / a_fresh if a_fresh > 0 else lam_fresh
        usage = t_in * fig["carried"] * 60.0 * hpm
        lost = money["lost_call_value"] * lam_att * hpm * min(1.0, fig["p_busy"] + fig["p_abandon"])
        staff_money = money["staff_cost"] * staff
        out = {k: fig[k] for k in ("p_busy", "service_level", "p_abandon", "mean_wait")}
        out.update(
            monthly_fixed=fixed,
            monthly_usage=usage,
            monthly_lost_calls=lost,
            monthly_staff=staff_money,
            monthly_total=fixed + usage + lost + staff_money,
            erlangs_offered=a_att,
        )
        return out

    common = {
        "period": {"hours": sim_hours},
        "replications": replications,
        "seed": seed,
        "answer_time": answer_time,
        "lost_call_value": money["lost_call_value"],
        "staff_cost": money["staff_cost"],
        "currency": menu.currency,
    }

    def streams_to(numbers: Sequence[str]) -> list[dict[str, Any]]:
        out = []
        k = len(numbers)
        for tpl in traffic.streams:
            for j, num in enumerate(numbers):
                s = copy.deepcopy(tpl)
                s["dial"] = num
                s["calls_per_hour"] = tpl["calls_per_hour"] / k
                if k > 1:
                    s["name"] = f"{str(tpl['name'])[:90]}-{j + 1}"
                out.append(s)
        return out

    def tariff_dict(t: LineTariff | PbxTariff) -> dict[str, Any]:
        return t.model_dump(mode="json", exclude_defaults=True)

    considered: list[Candidate] = []

    # separate single-line numbers
    for kind, line_kind, tariff in (
        ("city_numbers", "landline", menu.city_number),
        ("mobile_numbers", "mobile", menu.mobile_number),
    ):
        if tariff is None:
            continue
        word = "city" if line_kind == "landline" else "mobile"
        for k in range(1, max_lines + 1):
            fig, a_att = _with_redials(noqueue(k, 1), a_fresh, traffic.redial, traffic.max_attempts)
            numbers = [str(j + 1) for j in range(k)]
            spec = {
                "name": f"{k} {word} number{'s' if k > 1 else ''}",
                **common,
                "lines": [
                    {
                        "name": f"number-{j + 1}",
                        "kind": line_kind,
                        "numbers": [num],
                        "tariff": tariff_dict(tariff),
                    }
                    for j, num in enumerate(numbers)
                ],
                "traffic": streams_to(numbers),
            }
            fixed = k * line_tariff_cost(tariff, 1, 1)
            figs = priced(fig, a_att, fixed, k, tariff.per_minute_in)
            label = (
                f"one {word} number with one phone"
                if k == 1
                else f"{k} separate {word} numbers, a phone on each"
            )
            considered.append(
                Candidate(kind, label, k, k, k, "none", figs, targets.meets(figs), spec)
            )

    # one trunk, a phone per channel
    for kind, line_kind, tariff in (
        ("multichannel", "multichannel", menu.multichannel),
        ("ip", "ip", menu.ip),
    ):
        if tariff is None:
            continue
        word = "multichannel line" if kind == "multichannel" else "IP line"
        for c in range(1, max_lines + 1):
            fig, a_att = _with_redials(noqueue(1, c), a_fresh, traffic.redial, traffic.max_attempts)
            spec = {
                "name": f"{word}, {c} channel{'s' if c > 1 else ''}, no PBX",
                **common,
                "lines": [
                    {
                        "name": "main",
                        "kind": line_kind,
                        "numbers": ["1"],
                        "channels": c,
                        "tariff": tariff_dict(tariff),
                    }
                ],
                "traffic": streams_to(["1"]),
            }
            fixed = line_tariff_cost(tariff, 1, c)
            figs = priced(fig, a_att, fixed, c, tariff.per_minute_in)
            label = f"one {word} with {c} channel{'s' if c > 1 else ''}, a phone on each (no PBX)"
            considered.append(
                Candidate(kind, label, 1, c, c, "none", figs, targets.meets(figs), spec)
            )

    # a trunk with a PBX hold queue
    queue_cache: dict[tuple[int, int], tuple[dict[str, float], float]] = {}
    for line_key, line_kind, ltariff in (
        ("multichannel", "multichannel", menu.multichannel),
        ("ip", "ip", menu.ip),
    ):
        if ltariff is None:
            continue
        for pbx_key, ptariff in (("virtual", menu.virtual_pbx), ("office", menu.office_pbx)):
            if ptariff is None:
                continue
            kind = f"{line_key}+{pbx_key}_pbx"
            word = "multichannel line" if line_key == "multichannel" else "IP line"
            for c in range(1, max_lines + 1):
                for n in range(1, c):  # n = c holds nobody: the same as no PBX, dearer
                    if (n, c) not in queue_cache:
                        queue_cache[(n, c)] = _with_redials(
                            queue(n, c), a_fresh, traffic.redial, traffic.max_attempts
                        )
                    fig, a_att = queue_cache[(n, c)]
                    fixed = line_tariff_cost(ltariff, 1, c) + pbx_tariff_cost(ptariff, n)
                    figs = priced(fig, a_att, fixed, n, ltariff.per_minute_in)
                    spec = {
                        "name": f"{word}, {c} channels, {pbx_key} PBX, {n} staff",
                        **common,
                        "lines": [
                            {
                                "name": "main",
                                "kind": line_kind,
                                "numbers": ["1"],
                                "channels": c,
                                "tariff": tariff_dict(ltariff),
                            }
                        ],
                        "traffic": streams_to(["1"]),
                        "pbx": {
                            "kind": pbx_key,
                            "hold": {"music": True},
                            "tariff": tariff_dict(ptariff),
                        },
                        "departments": [{"name": "staff", "staff": n}],
                    }
                    label = (
                        f"one {word} with {c} channel{'s' if c > 1 else ''} and "
                        f"{'an office' if pbx_key == 'office' else 'a virtual'} PBX, "
                        f"{n} {'person' if n == 1 else 'people'} answering, "
                        f"up to {c - n} on hold"
                    )
                    meets = targets.meets(figs)
                    considered.append(Candidate(kind, label, 1, c, n, pbx_key, figs, meets, spec))
                    if meets:
                        break  # more staff on c channels only costs more

    # simulate the few near the targets
    simulated: list[Candidate] = []

    def run(cands: Sequence[Candidate]) -> None:
        for cand in cands:
            if cand.simulated is not None:
                continue
            sc = cand.scenario
            result = simulate(
                sc, replications=replications, seed=seed, workers=workers, level=level
            )
            costs = monthly_costs(sc, result, hours_per_month=hpm)
            vec = _vectors(result, costs, (*KEY_FIGURES, *COST_FIGURES))
            cand.simulated = {m: t_interval(v, level) for m, v in vec.items()}
            sim_fig = {m: cand.simulated[m][0] for m in ("p_busy", "service_level", "p_abandon")}
            cand.meets_simulated = targets.meets(sim_fig)
            simulated.append(cand)

    def cheapest_per_kind(pool: Sequence[Candidate]) -> list[Candidate]:
        best: dict[str, Candidate] = {}
        for cand in pool:
            cur = best.get(cand.kind)
            if cur is None or cand.analytic["monthly_total"] < cur.analytic["monthly_total"]:
                best[cand.kind] = cand
        return sorted(best.values(), key=lambda x: x.analytic["monthly_total"])

    def below(cand: Candidate) -> Candidate | None:
        pool = [
            x
            for x in considered
            if x.kind == cand.kind
            and not x.meets_analytic
            and x.analytic["monthly_total"] < cand.analytic["monthly_total"]
        ]
        if not pool:
            return None
        return max(pool, key=lambda x: (x.analytic["monthly_total"], -x.analytic["p_busy"]))

    best: Candidate | None = None
    meeting = [x for x in considered if x.meets_analytic]
    if meeting:
        picks = cheapest_per_kind(meeting)[:3]
        first: list[Candidate] = []
        for p in picks:
            first.append(p)
            nb = below(p)
            if nb is not None and all(nb is not x for x in first):
                first.append(nb)
        run(first)
        for _ in range(3):
            confirmed = [x for x in simulated if x.meets_simulated]
            if confirmed:
                break
            rest = [x for x in meeting if x.simulated is None]
            if not rest:
                break
            run(cheapest_per_kind(rest)[:3])
        confirmed = [x for x in simulated if x.meets_simulated]
        if confirmed:
            best = min(confirmed, key=lambda x: (x.cost, x.channels))

    rows = []
    for cand in considered:
        row: dict[str, Any] = {
            "setup": cand.kind,
            "label": cand.label,
            "numbers": cand.numbers,
            "channels": cand.channels,
            "staff": cand.staff,
            "pbx": cand.pbx,
        }
        for key in ("p_busy", "service_level", "p_abandon", "mean_wait", *COST_FIGURES):
            row[key] = cand.analytic[key]
        row["meets_analytic"] = cand.meets_analytic
        row["simulated"] = cand.simulated is not None
        for key in ("p_busy", "service_level", "p_abandon", "mean_wait", "monthly_total"):
            m, lo, hi = cand.simulated[key] if cand.simulated is not None else (math.nan,) * 3
            row[f"sim_{key}"] = m
            row[f"sim_{key}_low"] = lo
            row[f"sim_{key}_high"] = hi
        row["meets_targets"] = cand.meets
        row["recommended"] = cand is best
        rows.append(row)
    candidates = pd.DataFrame(rows)

    curve_rows = []
    last: dict[tuple[str, int], Candidate] = {}
    for cand in considered:
        size = cand.numbers if cand.kind.endswith("_numbers") else cand.channels
        last[(cand.kind, size)] = cand  # the largest staff evaluated at that size
    for (kind, size), cand in last.items():
        curve_rows.append(
            {
                "setup": kind,
                "size": size,
                "staff": cand.staff,
                "p_busy": cand.analytic["p_busy"],
                "mean_wait": cand.analytic["mean_wait"],
                "service_level": cand.analytic["service_level"],
                "p_abandon": cand.analytic["p_abandon"],
                "monthly_total": cand.analytic["monthly_total"],
            }
        )
    curves = pd.DataFrame(
        curve_rows,
        columns=[
            "setup",
            "size",
            "staff",
            "p_busy",
            "mean_wait",
            "service_level",
            "p_abandon",
            "monthly_total",
        ],
    )
    return Plan(
        candidates=candidates,
        best=best,
        curves=curves,
        targets={
            "busy": targets.busy,
            "answer": targets.answer,
            "abandon": targets.abandon,
            "abandon_implied": targets.abandon_implied,
            "busy_implied": targets.busy_implied,
        },
        traffic={
            "calls_per_hour": traffic.calls_per_hour,
            "talk": traffic.talk,
            "patience": traffic.patience,
            "redial": traffic.redial,
            "erlangs": a_fresh,
        },
        tariffs=menu,
        max_lines=max_lines,
        hours_per_month=float(hpm),
        simulation=sim,
        considered=considered,
        notes=list(traffic.notes),
    )
