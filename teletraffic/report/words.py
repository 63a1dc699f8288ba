"""Numbers and set-ups in the words of the report: 18%, 4.5 calls, 46,000 RUB, 2.5 min.

Every figure the report writes for people passes through one of these, so a share,
a count, a sum of money and a wait read the same in the summary, the tables and the
plan.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = [
    "as_count",
    "as_money",
    "as_percent",
    "as_seconds",
    "is_missing",
    "plural",
    "setup_words",
]


def is_missing(x: float | None) -> bool:
    """Whether *x* is no figure at all (``None`` or NaN).

    >>> is_missing(float("nan")), is_missing(None), is_missing(0.0)
    (True, True, False)
    """
    return x is None or (isinstance(x, float) and math.isnan(x))


def as_percent(x: float) -> str:
    """A share in percent, as a person says it: 18%, 4.5%, 0.4%, 0%.

    >>> [as_percent(x) for x in (0.183, 0.045, 0.004, 0.0, float("nan"))]
    ['18%', '4.5%', '0.4%', '0%', '-']
    """
    if is_missing(x):
        return "-"
    p = 100 * x
    if p == 0:
        return "0%"
    if abs(p) < 0.1:
        return f"{p:.2g}%"
    if abs(p) < 10:
        return f"{p:.1f}".removesuffix(".0") + "%"
    return f"{p:.0f}%"


def as_count(x: float) -> str:
    """A count a day: 58, 4.5, 0.3.

    >>> [as_count(x) for x in (1234.4, 58.2, 4.5, 0.3, 0.0)]
    ['1,234', '58', '4.5', '0.3', '0']
    """
    if is_missing(x):
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.1f}".rstrip("0").rstrip(".") if x else "0"


def as_money(x: float, currency: str) -> str:
    """Money rounded as an estimate: 46,000 RUB, 3,700 RUB, 950 RUB.

    >>> as_money(45_870.0, "RUB"), as_money(3_712.0, "RUB"), as_money(948.0, "RUB")
    ('46,000 RUB', '3,700 RUB', '950 RUB')
    """
    if is_missing(x):
        return "-"
    if abs(x) >= 1000:
        digits = math.floor(math.log10(abs(x))) - 1
        x = round(x, -digits)
    elif abs(x) >= 100:
        x = round(x, -1)
    return f"{x:,.0f} {currency}"


def as_seconds(x: float) -> str:
    """A wait: 4.2 s, 35 s, 2.5 min.

    >>> as_seconds(4.2), as_seconds(35.0), as_seconds(150.0)
    ('4.2 s', '35 s', '2.5 min')
    """
    if is_missing(x):
        return "-"
    if x >= 120:
        return f"{x / 60:.1f} min"
    return f"{x:.0f} s" if x >= 10 else f"{x:.1f} s"


def plural(n: float, word: str, many: str | None = None) -> str:
    """*word* for one, its plural (*many*, or *word* + s) for any other number.

    >>> plural(1, "day"), plural(5, "day"), plural(2, "person", "people")
    ('day', 'days', 'people')
    """
    return word if n == 1 else (many or word + "s")


def setup_words(scenario: Scenario) -> str:
    """The set-up in a few words: "a 4-channel line, a virtual PBX with a hold queue ..."."""
    parts: list[str] = []
    kinds: dict[str, int] = {}
    for line in scenario.lines:
        kinds[line.kind] = kinds.get(line.kind, 0) + 1
    singles = kinds.get("landline", 0)
    if singles == 1:
        parts.append("one city number")
    elif singles > 1:
        parts.append(f"{singles} single-line city numbers")
    mobiles = kinds.get("mobile", 0)
    if mobiles:
        parts.append("a mobile number" if mobiles == 1 else f"{mobiles} mobile numbers")
    for line in scenario.lines:
        if line.kind == "multichannel":
            parts.append(f"a {line.channels}-channel line")
        elif line.kind == "ip":
            parts.append(f"IP telephony with {line.call_capacity} channels")
    pbx = scenario.pbx
    if pbx is None:
        parts.append("no PBX (one phone per line)")
    else:
        words = f"a{'n' if pbx.kind == 'office' else ''} {pbx.kind} PBX"
        words += " with a hold queue" if pbx.hold is not None else " without a hold queue"
        parts.append(words)
    if scenario.departments is not None:
        answering = sum(d.staff for d in scenario.departments if d.answers != "none")
        parts.append(f"{answering} {plural(answering, 'person', 'people')} answering")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
