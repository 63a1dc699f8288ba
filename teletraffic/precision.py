"""Precision on demand: run until a figure is known well enough.

``--precision 0.2%`` (or ``simulate(..., precision=0.002)``) asks for the headline
figure's interval half-width to be at most 0.2 percentage points: replications are
added in batches until it is, or until ``--max-replications``. ``p_wait=1%`` names
another figure; ``mean_wait=5s`` asks for an absolute half-width in seconds,
``mean_wait=5%`` for one relative to the figure (for a share, ``%`` means percentage
points: ``p_busy=5%`` is +-5 points, and there is no relative form).

Light on purpose (standard library and the figure registry): the command line parses
its flag with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teletraffic.errors import InputError
from teletraffic.metrics import FIGURES

__all__ = ["Precision", "PrecisionReached", "parse_precision"]

_NUMBER = r"(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"
_TARGET = re.compile(_NUMBER + r"\s*(?P<unit>%|s|m|min)?\Z", re.ASCII)
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z", re.ASCII)


@dataclass(frozen=True)
class Precision:
    """A wanted half-width of one figure's interval."""

    half_width: float
    """In the figure's own unit (a share as a fraction: 0.002 is 0.2 points), or a
    fraction of the figure when *relative*."""
    metric: str | None = None
    """The figure; None: the headline (the busy share, or the share of callers not
    answered where the office has a hold queue)."""
    scope: str = "all"
    relative: bool = False

    def describe(self, metric: str) -> str:
        """The wish in words: ``+-0.2 points of heard busy``."""
        from teletraffic.metrics import label

        return f"±{self.format(self.half_width, metric)} of {label(metric)}"

    def format(self, value: float, metric: str) -> str:
        """*value* as a half-width of *metric* in this wish's terms."""
        m = FIGURES.get(metric)
        if self.relative:
            return f"{100 * value:.3g}%"
        if m is not None and m.is_share:
            return f"{100 * value:.3g} points"
        unit = m.unit if m is not None else ""
        return f"{value:.3g}{' ' + unit if unit else ''}"


@dataclass(frozen=True)
class PrecisionReached:
    """What a run with a precision wish found."""

    wish: Precision
    metric: str
    half_width: float
    """Achieved, in the wish's terms (relative when it was)."""
    replications: int
    met: bool
    cap: int

    def sentence(self) -> str:
        """``Stopped at 140 replications: ...`` in words."""
        got = self.wish.format(self.half_width, self.metric)
        asked = self.wish.describe(self.metric)
        if self.met:
            return (
                f"Stopped at {self.replications} replications: the interval's half-width is "
                f"±{got}, as asked ({asked})."
            )
        return (
            f"Stopped at the cap of {self.cap} replications without the precision asked "
            f"({asked}): the half-width is ±{got}. Raise --max-replications or run longer."
        )


def parse_precision(text: str | float, *, field: str = "--precision") -> Precision:
    """A precision wish from ``0.2%``, ``p_wait=1%``, ``mean_wait=5s``, ``mean_wait=5%``
    or a number (a share's half-width as a fraction, or a figure's in its own unit).

    Raises :class:`~teletraffic.errors.InputError` naming *field* and the value.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if not 0 < float(text) < float("inf"):
            raise InputError(f"{field}: must be a positive number, got {text!r}")
        return Precision(float(text))
    raw = str(text).strip()
    metric: str | None = None
    target = raw
    if "=" in raw:
        metric, _, target = (part.strip() for part in raw.partition("="))
        if not _NAME.match(metric) or metric not in FIGURES:
            known = ", ".join(sorted(m for m in FIGURES if FIGURES[m].kind != "money")[:12])
            raise InputError(f"{field}: no figure {metric[:40]!r} (figures such as: {known}, ...)")
    m = _TARGET.match(target)
    if m is None:
        raise InputError(
            f"{field}: cannot read {raw[:40]!r}: give a half-width such as 0.2%, "
            "p_wait=1%, mean_wait=5s or mean_wait=5%"
        )
    value = float(m.group("num"))
    unit = m.group("unit")
    share = metric is None or FIGURES[metric].is_share
    relative = False
    if unit == "%":
        value /= 100.0
        relative = not share
    elif unit in ("s", "m", "min"):
        if share or FIGURES[metric or ""].unit != "s":
            raise InputError(f"{field}: {raw[:40]!r}: a time is a half-width for a time figure")
        value *= 60.0 if unit != "s" else 1.0
    if not value > 0 or value == float("inf"):
        raise InputError(f"{field}: the half-width must be above 0, got {raw[:40]!r}")
    if share and value >= 0.5:
        raise InputError(f"{field}: a share's half-width must be under 50 points, got {raw!r}")
    return Precision(value, metric, relative=relative)
