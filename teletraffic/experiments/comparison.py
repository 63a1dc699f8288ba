"""Compare set-ups side by side with common random numbers.

:func:`compare` simulates several set-ups with the **same seed**. Replication *r* of
every set-up then sees the same callers (common random numbers: the random numbers are
keyed by seed, replication, stream name and purpose), so a difference between two
set-ups is measured replication by replication. The paired interval of that difference
is much narrower than the interval two independent runs would give (both are reported,
so the gain is visible).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from teletraffic.costs import (
    monthly_costs,
)
from teletraffic.errors import InputError
from teletraffic.experiments.figures import (
    COST_FIGURES,
    KEY_FIGURES,
    _check_level,
    _vectors,
    figure_intervals,
)
from teletraffic.precision import Precision
from teletraffic.runner import SimulationResult, check_work, estimate_work, simulate
from teletraffic.scenario import Scenario
from teletraffic.stats import t_interval

__all__ = ["Comparison", "compare"]

# --------------------------------------------------------------------------- compare

if TYPE_CHECKING:
    from concurrent.futures import Executor


def _welch(a: np.ndarray, b: np.ndarray, level: float) -> tuple[float, float]:
    """Welch interval of mean(b) - mean(a), as if the two runs were independent."""
    from scipy import stats

    a = a[~np.isnan(a)]
    b = b[~np.isnan(b)]
    if a.size < 2 or b.size < 2:
        return math.nan, math.nan
    diff = float(b.mean() - a.mean())
    va, vb = float(a.var(ddof=1)) / a.size, float(b.var(ddof=1)) / b.size
    se = math.sqrt(va + vb)
    if se == 0.0:
        return diff, diff
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    q = float(stats.t.ppf((1 + level) / 2, df))
    return diff - q * se, diff + q * se


def _unique_names(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        candidate, k = name, 2
        while candidate in seen:
            candidate = f"{name} #{k}"
            k += 1
        seen.add(candidate)
        out.append(candidate)
    return out


def _decimals(half: float) -> int:
    """Decimals that show a half-width with one or two significant digits."""
    if not math.isfinite(half) or half <= 0:
        return 1
    return max(0, min(4, 1 - math.floor(math.log10(half))))


def _pm(value: float, half: float, *, money: bool = False) -> str:
    """``value ± half`` (no ± when the half-width is 0 or unknown)."""
    exact = not math.isfinite(half) or half == 0
    if money:
        return f"{value:,.0f}" if exact else f"{value:,.0f} ± {half:,.0f}"
    d = _decimals(half)
    return f"{value:.{d}f}" if exact else f"{value:.{d}f} ± {half:.{d}f}"


_PHRASES: dict[str, tuple[str, str, str]] = {
    # metric: (unit, wording when lower, wording when higher)
    "p_busy": ("points", "fewer busy signals", "more busy signals"),
    "p_queue_full": (
        "points",
        "fewer callers finding the queue full",
        "more callers finding the queue full",
    ),
    "p_abandon": ("points", "fewer callers hanging up on hold", "more callers hanging up on hold"),
    "service_level": ("points", "fewer answered in time", "more answered in time"),
    "mean_wait": ("s", "shorter mean wait", "longer mean wait"),
    "monthly_total": ("money", "a month cheaper", "a month dearer"),
}


@dataclass
class Comparison:
    """Several set-ups simulated with the same seed, and how each differs from the first.

    *summary*: ``setup, metric, mean, ci_low, ci_high`` for the key figures
    (:data:`KEY_FIGURES`) and the monthly cost items (:data:`COST_FIGURES`).
    *differences*: each set-up against the first (*baseline*): ``setup, baseline,
    metric, diff, ci_low, ci_high`` from the paired per-replication differences
    (Student t), and ``unpaired_ci_low, unpaired_ci_high`` from a Welch interval that
    ignores the pairing, for contrast. *results* and *costs* hold each set-up's
    :class:`~teletraffic.runner.SimulationResult` and per-replication monthly costs.
    """

    setups: list[str]
    scenarios: list[Scenario]
    results: list[SimulationResult]
    costs: list[pd.DataFrame]
    summary: pd.DataFrame
    differences: pd.DataFrame
    level: float
    replications: int
    seed: int
    currency: str
    notes: list[str] = field(default_factory=list)
    """Warnings about the comparison itself, e.g. set-ups whose callers differ."""

    def table(self) -> pd.DataFrame:
        """The summary side by side: one row per figure, one column of means per set-up."""
        wide = self.summary.pivot(index="metric", columns="setup", values="mean")
        order = [m for m in (*KEY_FIGURES, *COST_FIGURES) if m in wide.index]
        return wide.loc[order, self.setups]

    def sentences(self) -> list[str]:
        """Each set-up against the first, in plain words with paired ± half-widths.

        For example ``"B: 3.1 ± 0.4 points fewer busy signals than A, 2,300 ± 150 RUB a
        month cheaper."``. A difference whose interval holds zero is called "about the
        same". Shares are in percentage points, waits in seconds.
        """
        base = self.setups[0]
        means = {(r["setup"], r["metric"]): r["mean"] for _, r in self.summary.iterrows()}
        out = []
        for name in self.setups[1:]:
            parts: list[str] = []
            for metric, (unit, lower, higher) in _PHRASES.items():
                a, b = means.get((base, metric), math.nan), means.get((name, metric), math.nan)
                if not (math.isfinite(a) and math.isfinite(b)) or (a == 0 and b == 0):
                    continue
                if metric == "service_level" and not (
                    means.get((base, "mean_wait"), 0) or means.get((name, "mean_wait"), 0)
                ):
                    continue  # without a queue it is 1 - p_busy, said already
                row = self.differences[
                    (self.differences["setup"] == name) & (self.differences["metric"] == metric)
                ].iloc[0]
                diff, lo, hi = float(row["diff"]), float(row["ci_low"]), float(row["ci_high"])
                half = (hi - lo) / 2 if math.isfinite(lo) and math.isfinite(hi) else math.nan
                if diff == 0 and not half:
                    continue  # the same in every replication
                scale = 100.0 if unit == "points" else 1.0
                money = unit == "money"
                unit_text = f" {self.currency}" if money else f" {unit}"
                if math.isfinite(lo) and lo <= 0 <= hi:
                    what = {
                        "p_busy": "busy signals",
                        "p_queue_full": "callers finding the queue full",
                        "p_abandon": "callers hanging up",
                        "service_level": "answered in time",
                        "mean_wait": "mean wait",
                        "monthly_total": "monthly cost",
                    }[metric]
                    sign = "+" if diff >= 0 else "-"
                    parts.append(
                        f"about the same {what} ({sign}"
                        f"{_pm(abs(diff) * scale, half * scale, money=money)}{unit_text})"
                    )
                    continue
                words = lower if diff < 0 else higher
                text = f"{_pm(abs(diff) * scale, half * scale, money=money)}{unit_text} {words}"
                parts.append(text)
            if not parts:
                out.append(f"{name}: the same figures as {base}.")
                continue
            first, *rest = parts
            sentence = (
                f"{name}: {first} than {base}"
                if "about the same" not in first
                else (f"{name}: {first} against {base}")
            )
            out.append(", ".join([sentence, *rest]) + ".")
        return out


def compare(
    scenarios: Sequence[Scenario],
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    level: float = 0.95,
    *,
    names: Sequence[str] | None = None,
    hours_per_month: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    precision: Precision | str | float | None = None,
    max_replications: int = 1000,
    executor: Executor | None = None,
    force: bool = False,
) -> Comparison:
    """Simulate *scenarios* with common random numbers and compare each with the first.

    Every set-up runs with the same *seed* and number of *replications* (default: the
    first scenario's), so replication *r* of each sees the same callers as long as the
    traffic streams have the same names. Set-ups are named by their scenario names
    (made unique with ``#2``, ``#3``) unless *names* are given. *hours_per_month* is
    passed to :func:`~teletraffic.costs.monthly_costs`. *progress* is called with
    ``(set-ups done, set-ups)`` after each.

    *executor* runs the replications of each set-up (see
    :func:`~teletraffic.runner.simulate`). The work of all set-ups together is estimated
    before the first runs: too much is refused unless *force*, a long run warns.

    Raises :class:`~teletraffic.errors.InputError` for fewer than two set-ups, set-ups
    counting money in different currencies, or bad arguments.
    """
    items = list(scenarios)
    labels, currency = _setups(items, names)
    level = _check_level(level)
    n = items[0].replications if replications is None else replications
    s = items[0].seed if seed is None else seed
    if not force:
        check_work(estimate_work(items, n, workers=workers))
    results = []
    for i, sc in enumerate(items):
        results.append(
            simulate(
                sc,
                replications=n,
                seed=s,
                workers=workers,
                level=level,
                precision=precision,
                max_replications=max_replications,
                executor=executor,
                force=True,  # estimated above, all set-ups together
            )
        )
        if progress is not None:
            progress(i + 1, len(items))
    costs = [
        monthly_costs(sc, r, hours_per_month=hours_per_month)
        for sc, r in zip(items, results, strict=True)
    ]
    figures = (*KEY_FIGURES, *COST_FIGURES)
    summary = _summary(labels, results, costs, figures, level)
    vectors = [_vectors(r, c, figures) for r, c in zip(results, costs, strict=True)]
    return Comparison(
        setups=labels,
        scenarios=items,
        results=results,
        costs=costs,
        summary=summary,
        differences=_differences(labels, vectors, figures, level),
        level=level,
        replications=n,
        seed=s,
        currency=currency,
        notes=_notes(items, labels, results),
    )


def _summary(
    labels: list[str],
    results: list[SimulationResult],
    costs: list[pd.DataFrame],
    figures: Sequence[str],
    level: float,
) -> pd.DataFrame:
    """Each set-up's figures with their intervals: ``setup, metric, mean, ci_low, ci_high``."""
    rows = []
    for label, result, cost in zip(labels, results, costs, strict=True):
        for metric, (mean, lo, hi) in figure_intervals(result, cost, figures, level).items():
            rows.append(
                {"setup": label, "metric": metric, "mean": mean, "ci_low": lo, "ci_high": hi}
            )
    return pd.DataFrame(rows, columns=["setup", "metric", "mean", "ci_low", "ci_high"])


def _setups(items: list[Scenario], names: Sequence[str] | None) -> tuple[list[str], str]:
    """The set-ups' names and their one currency; an error for what cannot be compared."""
    if len(items) < 2:
        raise InputError(f"compare needs at least two set-ups, got {len(items)}")
    for i, sc in enumerate(items):
        if not isinstance(sc, Scenario):
            raise InputError(f"set-up {i + 1} is a {type(sc).__name__}, not a Scenario")
    currencies = sorted({sc.currency for sc in items})
    if len(currencies) > 1:
        raise InputError(
            f"the set-ups count money in different currencies ({', '.join(currencies)}); "
            "give them all in one"
        )
    if names is None:
        return _unique_names([sc.name for sc in items]), currencies[0]
    labels = [str(n) for n in names]
    if len(labels) != len(items) or len(set(labels)) != len(labels):
        raise InputError(f"names must be {len(items)} different texts, got {labels!r}")
    return labels, currencies[0]


_DIFF_COLUMNS = (
    "setup",
    "baseline",
    "metric",
    "diff",
    "ci_low",
    "ci_high",
    "unpaired_ci_low",
    "unpaired_ci_high",
    "n",
)


def _differences(
    labels: list[str],
    vectors: list[dict[str, np.ndarray]],
    figures: Sequence[str],
    level: float,
) -> pd.DataFrame:
    """Each set-up against the first, replication by replication (paired) and unpaired."""
    diff_rows = []
    base = vectors[0]
    for label, vec in zip(labels[1:], vectors[1:], strict=True):
        for metric in figures:
            common = min(base[metric].size, vec[metric].size)  # runs to a precision differ
            a, b = base[metric][:common], vec[metric][:common]
            both = ~(np.isnan(a) | np.isnan(b))
            mean, lo, hi = t_interval(b[both] - a[both], level)
            ulo, uhi = _welch(a, b, level)
            diff_rows.append(
                dict(
                    zip(
                        _DIFF_COLUMNS,
                        (label, labels[0], metric, mean, lo, hi, ulo, uhi, int(both.sum())),
                        strict=True,
                    )
                )
            )
    return pd.DataFrame(diff_rows, columns=list(_DIFF_COLUMNS))


_DEMAND_FIELDS = ("calls_per_hour", "talk", "patience", "redial", "sources")


def _demand(sc: Scenario, patience: bool) -> tuple[Any, ...]:
    """What the callers of a set-up are: its period and its streams without their routing."""
    fields = _DEMAND_FIELDS if patience else tuple(f for f in _DEMAND_FIELDS if f != "patience")
    streams = sorted(
        (t.name, t.dial is not None, tuple(repr(getattr(t, f)) for f in fields)) for t in sc.traffic
    )
    return repr(sc.period), tuple(streams)


def _same_callers(a: Scenario, b: Scenario) -> bool:
    """Patience counts only when both have a PBX: without one nobody waits to hang up."""
    patience = a.pbx is not None and b.pbx is not None
    return _demand(a, patience) == _demand(b, patience)


def _notes(
    items: Sequence[Scenario], labels: Sequence[str], results: Sequence[SimulationResult]
) -> list[str]:
    """What a reader of the comparison should know: callers that differ, and each
    set-up's precision when one was asked for."""
    return _demand_notes(items, labels) + [
        f"{label}: {r.precision.sentence()}"
        for label, r in zip(labels, results, strict=True)
        if r.precision is not None
    ]


def _demand_notes(items: Sequence[Scenario], labels: Sequence[str]) -> list[str]:
    """Set-ups whose callers differ from the first's: their differences are not paired."""
    other = [
        lab
        for sc, lab in zip(items[1:], labels[1:], strict=True)
        if not _same_callers(items[0], sc)
    ]
    if not other:
        return []
    return [
        f"Not the same callers: {', '.join(other)} "
        f"{'has' if len(other) == 1 else 'have'} other traffic or another period than "
        f"{labels[0]}, so the differences mix the set-up with the demand, and pairing "
        "does not narrow them; give every set-up the same traffic and period to compare "
        "set-ups alone."
    ]
