"""What a plan found, as data and in plain words.

:class:`Plan` holds every set-up considered (a DataFrame, one row each), the one
recommended, the curves of busy share and cost against the number of lines, and says
in sentences what to buy, what it gives, what it costs, which target decided the size,
and what the alternatives are; or, when nothing on the menu will do, why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teletraffic.experiments.planning.menu import Candidate
from teletraffic.experiments.planning.targets import Targets, _within
from teletraffic.tariffs import TARIFF_ENTRIES, TariffMenu
from teletraffic.text import duration, money, percent_precise

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Plan"]


@dataclass
class Plan:
    """What :func:`~teletraffic.experiments.plan` found.

    *candidates*: one row per set-up screened or simulated (``setup``, ``label``,
    ``numbers``, ``channels``, ``staff``, ``pbx``; the formulas' ``p_busy``,
    ``service_level``, ``p_abandon``, ``p_caller_lost``, ``mean_wait`` and monthly cost
    items ``monthly_fixed`` ... ``monthly_total``, NaN where no formula describes the
    set-up; ``exact`` and ``model``: whether the formula is exact for the traffic and
    which; ``simulated`` and, where simulated, ``sim_<figure>`` with ``_low`` / ``_high``;
    ``meets_targets`` and ``decided_by`` (``formula`` or ``simulation``);
    ``recommended``). *best*: the cheapest set-up that meets the targets, or ``None``.
    *curves*: per kind and size (numbers or channels) the figures and monthly cost of
    the cheapest set-up of that size, for plots. *targets*: the bounds as plain data.
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
    bounds: Targets = field(default_factory=Targets, repr=False)
    below: Candidate | None = field(default=None, repr=False)
    baseline: Candidate | None = field(default=None, repr=False)

    def shortlist(self) -> pd.DataFrame:
        """The rows worth reading, cheapest first: those simulated, and the cheapest of
        each kind meeting the targets."""
        import numpy as np

        c = self.candidates
        keep = c["simulated"].copy()
        meeting = c[c["meets_targets"]]
        if not meeting.empty:
            cost = meeting["monthly_total"].fillna(meeting["sim_monthly_total"])
            keep[cost.groupby(meeting["setup"]).idxmin()] = True
        out = c[keep].copy()
        out["_cost"] = np.where(
            out["exact"] | ~out["simulated"], out["monthly_total"], out["sim_monthly_total"]
        )
        return out.sort_values(["_cost", "channels"]).drop(columns="_cost").reset_index(drop=True)

    def explanation(self) -> str:
        """The recommendation in plain words, or why no set-up on the menu will do."""
        t = self.traffic
        cur = self.tariffs.currency
        lines = [f"Traffic: {t['description']}. Target: {self.bounds.describe()}."]
        b = self.best
        if self.baseline is not None:
            lines.append(_baseline_sentence(self.baseline, self.bounds, self.simulation, cur))
        if b is not None:
            lines.append(f"Recommended: {b.label}.")
            lines.extend(_figures_sentences(b, self.bounds, self.simulation))
            lines.append(_cost_sentence(b, cur))
            decided = _decided_sentence(b, self.below, self.bounds)
            if decided:
                lines.append(decided)
            lines.extend(self._alternatives(b, cur))
            if b.size >= self.max_lines and self.baseline is None:
                lines.append(
                    f"It is the largest size considered ({self.max_lines}); a larger one may "
                    f"be cheaper still: try --max-lines {2 * self.max_lines}."
                )
        else:
            lines.extend(self._why_none())
        lines.extend(self.notes)
        lines.extend(_tariff_note(self.tariffs))
        return "\n".join(lines)

    def _alternatives(self, best: Candidate, cur: str) -> list[str]:
        out: list[str] = []
        by_kind: dict[str, Candidate] = {}
        for c in self.considered:
            if c is best or not c.meets or c.kind == best.kind or not math.isfinite(c.cost):
                continue
            if not c.cost > best.cost:
                continue
            if c.kind not in by_kind or c.cost < by_kind[c.kind].cost:
                by_kind[c.kind] = c
        others = sorted(by_kind.values(), key=lambda c: c.cost)
        if others:
            alt = "; ".join(f"{c.label} ({money(c.cost, cur)})" for c in others[:2])
            out.append(f"Also meeting the target, dearer: {alt}.")
        if not best.kind.endswith("_numbers"):
            singles = [c for c in self.considered if c.kind == "city_numbers"] or [
                c for c in self.considered if c.kind == "mobile_numbers"
            ]
            if singles:
                meeting = [c for c in singles if c.meets]
                if meeting:
                    c = min(meeting, key=lambda c: c.cost)
                    out.append(
                        f"Separate single-line numbers would need {c.numbers} of them "
                        f"({money(c.cost, cur)} a month): calls to one number do not use "
                        "the others' free lines."
                    )
                else:
                    c = max(singles, key=lambda c: c.numbers)
                    assert c.analytic is not None
                    out.append(
                        f"Separate single-line numbers do not pool their traffic: even "
                        f"{c.numbers} of them leave {percent_precise(c.analytic['p_busy'])} busy."
                    )
        return out

    def _why_none(self) -> list[str]:
        out = ["No set-up on the menu meets the target."]
        c = [x for x in self.considered if x.analytic is not None or x.simulated is not None]
        if not c:
            return [*out, "The menu offers nothing to evaluate."]
        for name, bound in self.bounds.items():
            figure = _FIGURE[name]
            values = [(_value(x, figure), x) for x in c]
            values = [(v, x) for v, x in values if math.isfinite(v)]
            if not values:
                continue
            pick = max if name == "answer" else min
            v, x = pick(values, key=lambda p: p[0])
            if not _within(name, v, bound):
                out.append(
                    f"Even {x.label} gives {_words(figure, v)} (target: "
                    f"{self.bounds.phrase(name)})."
                )
        if self.baseline is None:
            out.append(
                f"With at most {self.max_lines} lines or channels on the menu: allow more "
                "with --max-lines."
            )
        if not any(getattr(self.tariffs, k) is not None for k in ("multichannel", "ip")):
            out.append("The menu has no multichannel or IP line, whose channels pool the traffic.")
        return out


_FIGURE = {
    "busy": "p_busy",
    "answer": "service_level",
    "abandon": "p_abandon",
    "lost": "p_caller_lost",
    "wait": "mean_wait",
}


def _value(c: Candidate, figure: str) -> float:
    if c.simulated is not None and (c.analytic is None or not c.exact):
        return c.simulated[figure][0]
    if c.analytic is not None:
        return c.analytic[figure]
    return math.nan


def _words(figure: str, v: float) -> str:
    if figure == "mean_wait":
        return f"a mean wait of {duration(v)}"
    what = {
        "p_busy": "hear busy",
        "service_level": "answered in time",
        "p_abandon": "hang up on hold",
        "p_caller_lost": "of callers lost",
    }[figure]
    return f"{percent_precise(v)} {what}"


def _interval(s: tuple[float, float, float], figure: str) -> str:
    m, lo, hi = s
    if figure == "mean_wait":
        if math.isfinite(lo) and hi > lo:
            return f"{m:.0f} s (interval {lo:.0f} to {hi:.0f} s)"
        return f"{m:.0f} s"
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        return f"{percent_precise(m)} (interval {percent_precise(lo)} to {percent_precise(hi)})"
    return percent_precise(m)


def _figures_sentences(b: Candidate, targets: Targets, sim: dict[str, Any]) -> list[str]:
    figures = ["p_busy"]
    if b.pbx != "none" or targets.answer is not None:
        figures.append("service_level")
    if b.pbx != "none":
        figures.extend(["p_abandon", "mean_wait"])
    figures.append("p_caller_lost")
    t = targets.answer[1] if targets.answer is not None else sim["answer_time"]
    names = {
        "p_busy": "hear busy",
        "service_level": f"answered within {duration(t)}",
        "p_abandon": "hang up on hold",
        "mean_wait": "mean wait on hold",
        "p_caller_lost": "of callers lost",
    }
    out = []
    if b.analytic is not None:
        a = b.analytic
        parts = [
            (
                f"{a[f]:.0f} s {names[f]}"
                if f == "mean_wait"
                else f"{percent_precise(a[f])} {names[f]}"
            )
            for f in figures
        ]
        how = "exact for this traffic" if b.exact else "an approximation here"
        out.append(f"By the formula ({b.model}, {how}): " + ", ".join(parts) + ".")
    if b.simulated is not None:
        s = b.simulated
        parts = [
            (
                f"{names[f]} {_interval(s[f], f)}"
                if f == "mean_wait"
                else f"{_interval(s[f], f)} {names[f]}"
            )
            for f in figures
        ]
        out.append(
            f"Simulated, {sim['replications']} runs of {sim['period']}: " + ", ".join(parts) + "."
        )
    return out


def _cost_sentence(b: Candidate, cur: str) -> str:
    if b.analytic is not None and (b.exact or b.simulated is None):
        items = {k: b.analytic[f"monthly_{k}"] for k in ("fixed", "usage", "staff", "lost_calls")}
        total = b.analytic["monthly_total"]
        how = "expected"
    else:
        assert b.simulated is not None
        items = {
            k: b.simulated[f"monthly_{k}"][0] for k in ("fixed", "usage", "staff", "lost_calls")
        }
        total = b.simulated["monthly_total"][0]
        how = "simulated"
    words = {
        "fixed": "lines and PBX" if b.pbx != "none" else "lines",
        "usage": "calls",
        "staff": "people",
        "lost_calls": "lost callers",
    }
    detail = ", ".join(f"{words[k]} {money(v, cur)}" for k, v in items.items() if v > 0.5)
    text = f"It costs about {money(total, cur)} a month ({how}"
    text += f": {detail})" if detail else ")"
    if b.simulated is not None and how == "expected":
        m, lo, hi = b.simulated["monthly_total"]
        if math.isfinite(lo) and hi > lo:
            text += f"; simulated {money(m, cur)} (interval {money(lo, cur)} to {money(hi, cur)})"
    return text + "."


def _decided_sentence(b: Candidate, below: Candidate | None, targets: Targets) -> str:
    if below is None or not below.misses:
        return ""
    what = "; ".join(targets.phrase(n) for n in below.misses)
    fig = _FIGURE[below.misses[0]]
    v = _value(below, fig)
    gives = _words(fig, v)
    if below.decided_by == "simulation" and below.simulated is not None:
        _, low, high = below.simulated[fig]
        far = low if fig == "service_level" else high
        shown = f"{far:.0f} s" if fig == "mean_wait" else percent_precise(far)
        gives += f" (its interval reaches {shown})"
    return (
        f"What decided the size: {what}. One step smaller ({below.label}) gives "
        f"{gives}, by the {below.decided_by or 'formula'}."
    )


def _baseline_sentence(base: Candidate, targets: Targets, sim: dict[str, Any], cur: str) -> str:
    assert base.simulated is not None
    s = base.simulated
    parts = [f"{_interval(s['p_busy'], 'p_busy')} hear busy"]
    if base.pbx != "none":
        parts.append(f"{_interval(s['p_abandon'], 'p_abandon')} hang up on hold")
    parts.append(f"{_interval(s['p_caller_lost'], 'p_caller_lost')} of callers lost")
    verdict = "meets the target" if base.meets else "misses the target"
    return (
        f"The office as it is ({base.label}): "
        + ", ".join(parts)
        + f"; {money(s['monthly_total'][0], cur)} a month; it {verdict}."
    )


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
