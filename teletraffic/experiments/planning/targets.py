"""What a plan must achieve: bounds on busy signals, waits, hang-ups and lost callers.

Every plan bounds loss. The user names any of the targets; the ones left out are
implied, and the plan says so:

* a busy target without an abandonment target also bounds hang-ups on hold (a caller
  who hangs up on hold is lost as surely as one who hears busy), and an abandonment
  target alone also bounds busy signals;
* without a busy target, the share of **callers lost** (who never got through, after all
  their redials) is bounded by :data:`DEFAULT_LOST` (5%);
* when callers hold forever (no patience) and no answer-time target is given, the mean
  wait on hold is bounded by :data:`DEFAULT_WAIT` (60 s), so that no queue "meets" a
  busy target by keeping callers on hold for many minutes.

Each target reads one figure of the simulation's ``all`` scope (and of the formulas):
``p_busy``, ``service_level``, ``p_abandon``, ``p_caller_lost``, ``mean_wait``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from teletraffic.text import duration, percent_precise

__all__ = ["DEFAULT_LOST", "DEFAULT_WAIT", "TARGET_FIGURES", "Targets"]

DEFAULT_LOST = 0.05
"""Share of callers lost that a plan without a busy target allows."""
DEFAULT_WAIT = 60.0
"""Mean wait on hold (seconds) a plan allows when callers hold forever and no answer-time
target is given."""

TARGET_FIGURES: dict[str, str] = {
    "busy": "p_busy",
    "answer": "service_level",
    "abandon": "p_abandon",
    "lost": "p_caller_lost",
    "wait": "mean_wait",
}
"""Each target and the figure it bounds."""

_EPS = 1e-12


@dataclass(frozen=True)
class Targets:
    """The bounds a set-up must meet. ``None``: no such bound.

    *answer* is ``(share, seconds)``: at least *share* of the calls answered within
    *seconds* (of all inbound attempts, abandoned included). *implied* names the bounds
    the plan added (see the module text), so that sentences can say so.
    """

    busy: float | None = None
    answer: tuple[float, float] | None = None
    abandon: float | None = None
    lost: float | None = None
    wait: float | None = None
    implied: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(
        cls,
        *,
        busy: float | None,
        answer: tuple[float, float] | None,
        abandon: float | None,
        lost: float | None,
        wait: float | None,
        callers_hold_forever: bool,
    ) -> Targets:
        """The user's targets with the implied ones added (see the module text)."""
        implied: set[str] = set()
        if busy is not None and abandon is None:
            abandon = busy
            implied.add("abandon")
        elif abandon is not None and busy is None and abandon > 0:
            busy = abandon
            implied.add("busy")
        if lost is None and busy is None:
            lost = DEFAULT_LOST
            implied.add("lost")
        if wait is None and answer is None and callers_hold_forever:
            wait = DEFAULT_WAIT
            implied.add("wait")
        return cls(busy, answer, abandon, lost, wait, frozenset(implied))

    def loss(self) -> float:
        """The share of callers a set-up may lose at most, by any target.

        A lost caller is one never served: bounded by *lost*, or by *busy* and *abandon*
        together (a caller who hears busy or hangs up on hold is not served; with redials
        each attempt is one of these or served, and there are at least as many attempts
        as callers). Every plan bounds loss (see the module text); 1.0 when none is set.
        """
        out = 1.0
        if self.lost is not None:
            out = self.lost
        if self.busy is not None and self.abandon is not None:
            out = min(out, self.busy + self.abandon)
        return out

    def items(self) -> list[tuple[str, float]]:
        """``(name, bound)`` of each target set, in a fixed order (answer: its share)."""
        out: list[tuple[str, float]] = []
        for name in TARGET_FIGURES:
            value = getattr(self, name)
            if value is not None:
                out.append((name, value[0] if name == "answer" else value))
        return out

    def misses(self, fig: Mapping[str, float]) -> list[str]:
        """The targets that figures *fig* (point values) miss; ``[]`` when all are met."""
        out = []
        for name, bound in self.items():
            value = fig.get(TARGET_FIGURES[name], math.nan)
            if not _within(name, value, bound):
                out.append(name)
        return out

    def misses_interval(self, sim: Mapping[str, tuple[float, float, float]]) -> list[str]:
        """The targets not met with confidence: the interval's far end must be within.

        For an "at most" target the interval's upper end must be at most the bound; for
        "at least", its lower end at least the bound. An undefined interval (one
        replication) counts its mean.
        """
        out = []
        for name, bound in self.items():
            mean, low, high = sim.get(TARGET_FIGURES[name], (math.nan,) * 3)
            far = low if name == "answer" else high
            if not math.isfinite(far):
                far = mean
            if not _within(name, far, bound):
                out.append(name)
        return out

    def phrase(self, name: str) -> str:
        """One target in words: ``at most 2% hear busy``."""
        if name == "busy":
            return f"at most {percent_precise(self.busy or 0.0)} hear busy"
        if name == "answer":
            assert self.answer is not None
            share, secs = self.answer
            return f"at least {percent_precise(share)} answered within {duration(secs)}"
        if name == "abandon":
            return f"at most {percent_precise(self.abandon or 0.0)} hang up on hold"
        if name == "lost":
            return (
                f"at most {percent_precise(self.lost or 0.0)} of callers lost (never got through)"
            )
        return f"a mean wait on hold of at most {duration(self.wait or 0.0)}"

    def describe(self) -> str:
        """Every target in words; the implied ones marked as such."""
        given = [self.phrase(n) for n, _ in self.items() if n not in self.implied]
        implied = [self.phrase(n) for n, _ in self.items() if n in self.implied]
        text = ", ".join(given)
        if implied:
            text += ("; and, implied, " if text else "implied: ") + ", ".join(implied)
        return text

    def as_dict(self) -> dict[str, object]:
        """Plain data (for JSON and the report)."""
        return {
            "busy": self.busy,
            "answer": self.answer,
            "abandon": self.abandon,
            "lost": self.lost,
            "wait": self.wait,
            "implied": sorted(self.implied),
        }


def _within(name: str, value: float, bound: float) -> bool:
    if not math.isfinite(value):
        return name == "wait" and math.isnan(value)  # no wait measured: nobody waited
    if name == "answer":
        return value >= bound - _EPS
    return value <= bound + _EPS
