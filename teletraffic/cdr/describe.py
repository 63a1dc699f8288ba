"""The fitted traffic in plain sentences: what ``teletraffic fit`` says before its table.

One paragraph per stream: new callers an hour with their interval and whether the
hours differ, talk time and the distribution chosen, patience, redials.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from teletraffic.cdr.figures import FEW_FOR_A_SHAPE, StreamFit
from teletraffic.units import format_duration

__all__ = ["FORMAT_WORDS", "describe_stream", "hhmm", "listed"]

FORMAT_WORDS: dict[str, str] = {
    "teletraffic": "a teletraffic call log",
    "asterisk": "Asterisk Master.csv",
    "asterisk-custom": "Asterisk cdr_custom",
    "freeswitch": "FreeSWITCH mod_cdr_csv",
    "queue-log": "Asterisk queue_log",
    "csv": "CSV with a header",
}
"""Each format of call records, as a sentence names it."""


def hhmm(seconds: float) -> str:
    """Seconds since midnight as a clock time: ``32400`` -> ``09:00``."""
    whole = round(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}"


def listed(items: Sequence[str], limit: int = 4) -> str:
    """The first *limit* items, comma-separated, and how many more there are."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def describe_stream(s: StreamFit, pct: float) -> str:
    """What the records say about stream *s*; *pct* is the intervals' level in percent."""
    r = s.rate
    interval = f"{pct:g}% interval {r.low:.1f} to {r.high:.1f}"
    if s.direction == "out":
        text = f"Outbound: {r.value:.1f} calls an hour ({interval}), {s.attempts:,} in all"
    else:
        to = f" (calls to {s.number})" if s.number and s.number not in s.name else ""
        text = f"{s.name}{to}: {r.value:.1f} new callers an hour ({interval})"
        if s.uses_profile:
            peak = max(s.profile, key=lambda h: s.profile[h])
            text += (
                f", busiest {peak:02d}:00-{peak + 1:02d}:00 with {s.profile[peak]:.1f} an hour "
                f"(the hours differ: chi-square p={s.profile_pvalue:.2g}; "
                "an hourly profile is used)"
            )
        elif s.profile and not math.isnan(s.profile_pvalue):
            text += f", about the same every hour (chi-square p={s.profile_pvalue:.2g})"
        elif s.profile:
            text += ", too few calls to tell the hours apart (a constant rate is used)"
        text += f"; {s.attempts:,} attempts with redials"
    if s.outside_hours:
        calls = "call" if s.outside_hours == 1 else "calls"
        text += f"; {s.outside_hours:,} {calls} outside those hours left out of the rate"
    text += "."
    if s.talk is not None:
        t = s.talk
        shape = {
            "exponential": "exponential fits best",
            "lognormal": "lognormal fits best",
            "gamma": "gamma fits best",
            "empirical": "no usual distribution fits, the observed values are used",
            "deterministic": "always the same",
        }[t.dist]
        if t.dist == "exponential" and t.mean.n < FEW_FOR_A_SHAPE:
            shape = "too few calls to choose a distribution: exponential assumed"
        cv = "" if math.isnan(t.cv) else f"cv {t.cv:.2f}, "
        calls = "1 call" if t.mean.n == 1 else f"{t.mean.n:,} calls"
        text += f" Talk {format_duration(t.mean.value)} on average ({cv}{calls}; {shape})."
    if s.direction == "in":
        if s.patience is not None:
            p = s.patience
            text += (
                f" Callers hang up after {format_duration(p.value)} of waiting on average "
                f"({format_duration(p.low)} to {format_duration(p.high)}; {p.n:,} hung up, "
                f"{s.waited:,} waited)."
            )
        elif s.waited:
            text += " Nobody hung up while waiting: patience cannot be estimated (left out)."
        if s.redial is not None:
            rd = s.redial
            text += (
                f" {100 * rd.share.value:.0f}% of failed attempts are redialled "
                f"({100 * rd.share.low:.0f}% to {100 * rd.share.high:.0f}%), "
                f"{format_duration(rd.delay.value)} later on average."
            )
    return text
