"""The fitted figures of one stream of calls: estimates with their intervals, the talk
time's distribution, the redials.

:func:`~teletraffic.cdr.fit_traffic` makes them; :class:`~teletraffic.cdr.TrafficFit`
holds one :class:`StreamFit` per dialled number (and one for outbound calls), and a
scenario is written from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from teletraffic.units import format_duration

__all__ = ["FEW_FOR_A_SHAPE", "DurationFit", "Estimate", "RedialFit", "StreamFit"]

FEW_FOR_A_SHAPE = 30
"""Below this many durations no distribution is chosen: exponential is assumed."""


@dataclass(frozen=True)
class Estimate:
    """A figure with its confidence interval and the sample size behind it."""

    value: float
    low: float
    high: float
    n: int


@dataclass(frozen=True)
class DurationFit:
    """Talk times (or other durations) of one stream: moments and the best distribution.

    *mean* and *cv* are the sample's; *dist* is the family with the lowest AIC among
    exponential, lognormal and gamma (maximum likelihood, located at 0), or
    ``empirical`` (the sample's quantiles) when even that family fails the
    Kolmogorov-Smirnov test at 0.1 % on 200 values or more, or ``deterministic`` when
    every value is the same. *ks_pvalue* is the test's p-value for the chosen family.
    """

    mean: Estimate
    cv: float
    dist: str
    ks_pvalue: float
    aic: dict[str, float]
    values: tuple[float, ...] = ()

    def spec(self) -> dict[str, Any]:
        """The distribution as a scenario file writes it."""
        mean = format_duration(self.mean.value)
        if self.dist == "empirical":
            return {"dist": "empirical", "values": [round(v, 1) for v in self.values]}
        if self.dist == "deterministic":
            return {"dist": "deterministic", "mean": mean}
        if self.dist in ("lognormal", "gamma"):
            return {"dist": self.dist, "mean": mean, "cv": max(round(self.cv, 2), 0.01)}
        return {"mean": mean}


@dataclass(frozen=True)
class RedialFit:
    """Redials of one stream: the same caller id calling the same number again soon after
    a failed attempt.

    *share* is redialled failed attempts / failed attempts that could be redialled (those
    below *max_attempts*, the longest chain of attempts seen); *delay* is the mean time
    from the end of the failed attempt to the redial.
    """

    share: Estimate
    delay: Estimate
    max_attempts: int


@dataclass(frozen=True)
class StreamFit:
    """What the records say about one stream of calls (one dialled number, or outbound)."""

    name: str
    direction: Literal["in", "out"]
    number: str
    attempts: int
    """Every attempt, redials included."""
    rate: Estimate
    """New callers (first attempts) per open hour; outbound: calls per hour, all staff."""
    profile: dict[int, float]
    """Hour of day -> new callers per hour in that hour (business days only)."""
    profile_pvalue: float
    """Chi-square test of "the same rate every hour"; small: the hours differ."""
    outside_hours: int
    """First attempts outside the opening hours or on days left out (not in the rate)."""
    hours: float
    """Open hours observed (the rate's exposure)."""
    outcomes: dict[str, int]
    talk: DurationFit | None
    patience: Estimate | None
    waited: int
    """Callers who waited (answered, hung up, rang out): the patience sample."""
    redial: RedialFit | None
    busy_rate: float | None = None
    """New callers per hour in the busy hour (see :mod:`~teletraffic.cdr.busy_hour`);
    when set, a scenario written with a constant rate uses it instead of :attr:`rate`."""

    @property
    def uses_profile(self) -> bool:
        """True when the hourly rates differ more than chance allows (p < 1 %)."""
        return bool(self.profile) and self.profile_pvalue < 0.01
