"""Numbers, shares, money and durations as people read them: the one place that words them.

Every figure the package shows a person (a table, a report, a plan's sentences, the
plain-words description of a scenario) is turned into text by one of these functions,
so that a share, an amount or a wait reads the same wherever it appears. Each function
is one way of writing; which one a place uses is its choice:

=======================  ==========================================  ===================
what                     function                                    reads
=======================  ==========================================  ===================
a share, spoken          :func:`percent`                             18%, 4.5%, 0.4%
a share in a sentence    :func:`percent_precise`                     18%, 2.0%, 0.35%
a share as given         :func:`percent_exact`                       12.5%, 33.3%
a share in a table       :func:`percent_fixed`                       4.57%
a count                  :func:`count`                               1,234, 58, 4.5
a number                 :func:`number`                              1,500, 42.5, 0.125
traffic                  :func:`erlangs`, :func:`erlangs_exact`      2.0; 8.123 E
money, estimated         :func:`money_estimate`                      46,000 RUB
money, whole             :func:`money`                               12,345 RUB
money, to the cent       :func:`money_exact`                         1,500.5 RUB
a time, spoken           :func:`seconds`                             4.2 s, 2.5 min
a duration (reads back)  :func:`duration`                            3m 5s, 1h 30m
a table's figure         :func:`figure`                              by its kind
=======================  ==========================================  ===================

A leaf: the standard library only, nothing of the package, so every layer may use it.
"""

from __future__ import annotations

import math

__all__ = [
    "count",
    "duration",
    "erlangs",
    "erlangs_exact",
    "figure",
    "is_missing",
    "money",
    "money_estimate",
    "money_exact",
    "number",
    "percent",
    "percent_exact",
    "percent_fixed",
    "percent_precise",
    "plural",
    "seconds",
]


def is_missing(x: float | None) -> bool:
    """Whether *x* is no figure at all (``None`` or NaN).

    >>> is_missing(float("nan")), is_missing(None), is_missing(0.0)
    (True, True, False)
    """
    return x is None or (isinstance(x, float) and math.isnan(x))


def plural(n: float, word: str, many: str | None = None) -> str:
    """*word* for one, its plural (*many*, or *word* + s) for any other number.

    >>> plural(1, "day"), plural(5, "day"), plural(2, "person", "people")
    ('day', 'days', 'people')
    """
    return word if n == 1 else (many or word + "s")


# --------------------------------------------------------------------------- shares


def percent(x: float) -> str:
    """A share in percent, as a person says it: 18%, 4.5%, 0.4%, 0%.

    >>> [percent(x) for x in (0.183, 0.045, 0.004, 0.0, float("nan"))]
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


def percent_precise(x: float) -> str:
    """A share in a sentence that compares it with a bound: 18%, 2.0%, 0.35%.

    Whole percent from 10% on, one decimal from 1%, two significant digits below, so
    that a figure just under a target of 2% does not read as the target itself.

    >>> [percent_precise(x) for x in (0.183, 0.02, 0.0035, 0.0, float("inf"))]
    ['18%', '2.0%', '0.35%', '0%', '-']
    """
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


def percent_exact(x: float) -> str:
    """A share as a file gave it, to three significant digits: 12.5%, 33.3%, 2%.

    >>> percent_exact(0.125), percent_exact(1 / 3), percent_exact(0.02)
    ('12.5%', '33.3%', '2%')
    """
    return f"{x * 100:.3g}%"


def percent_fixed(x: float) -> str:
    """A share in a table's column, two decimals so the column lines up: 4.57%, 80.00%.

    >>> percent_fixed(0.0457), percent_fixed(0.8)
    ('4.57%', '80.00%')
    """
    return f"{100 * x:.2f}%"


# --------------------------------------------------------------------------- numbers


def count(x: float) -> str:
    """A count (a day, an hour): 1,234, 58, 4.5, 0.3.

    >>> [count(x) for x in (1234.4, 58.2, 4.5, 0.3, 0.0)]
    ['1,234', '58', '4.5', '0.3', '0']
    """
    if is_missing(x):
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.1f}".rstrip("0").rstrip(".") if x else "0"


def number(x: float, *, grouped_from: float = 1000) -> str:
    """A number of three significant digits, whole and grouped from *grouped_from* on.

    >>> number(1500.0), number(42.5), number(0.125), number(250.0, grouped_from=100)
    ('1,500', '42.5', '0.125', '250')
    """
    return f"{x:,.0f}" if abs(x) >= grouped_from else f"{x:.3g}"


def erlangs(x: float) -> str:
    """A traffic in erlangs in a description: one decimal, two digits below 0.1.

    >>> erlangs(2.0), erlangs(0.045)
    ('2.0', '0.045')
    """
    return f"{x:.1f}" if x >= 0.1 else f"{x:.2g}"


def erlangs_exact(x: float) -> str:
    """A traffic in erlangs with its unit, to four significant digits: 8.123 E.

    >>> erlangs_exact(8.12345)
    '8.123 E'
    """
    return f"{x:.4g} E"


# --------------------------------------------------------------------------- money


def money_estimate(x: float, currency: str) -> str:
    """Money rounded as an estimate (two significant digits): 46,000 RUB, 950 RUB.

    >>> money_estimate(45_870.0, "RUB"), money_estimate(3_712.0, "RUB")
    ('46,000 RUB', '3,700 RUB')
    >>> money_estimate(948.0, "RUB"), money_estimate(float("nan"), "RUB")
    ('950 RUB', '-')
    """
    if is_missing(x):
        return "-"
    if abs(x) >= 1000:
        digits = math.floor(math.log10(abs(x))) - 1
        x = round(x, -digits)
    elif abs(x) >= 100:
        x = round(x, -1)
    return f"{x:,.0f} {currency}"


def money(x: float, currency: str) -> str:
    """An amount in whole units: 12,345 RUB.

    >>> money(12_345.4, "RUB")
    '12,345 RUB'
    """
    return f"{x:,.0f} {currency}"


def money_exact(x: float, currency: str) -> str:
    """An amount as a tariff states it, to the cent and no trailing zeros: 1,500.5 RUB.

    >>> money_exact(1500.5, "RUB"), money_exact(400.0, "RUB")
    ('1,500.5 RUB', '400 RUB')
    """
    return f"{x:,.2f}".rstrip("0").rstrip(".") + f" {currency}"


# --------------------------------------------------------------------------- time


def seconds(x: float) -> str:
    """A time as a report says it: 4.2 s, 35 s; from two minutes on, minutes: 2.5 min.

    >>> seconds(4.2), seconds(35.0), seconds(150.0), seconds(float("nan"))
    ('4.2 s', '35 s', '2.5 min', '-')
    """
    if is_missing(x):
        return "-"
    if x >= 120:
        return f"{x / 60:.1f} min"
    return f"{x:.0f} s" if x >= 10 else f"{x:.1f} s"


def duration(seconds: float) -> str:
    """A duration in the scenario file's own words: ``185.0`` -> ``"3m 5s"``.

    It reads back with :func:`teletraffic.units.parse_duration` (to the shown precision).

    Examples
    --------
    >>> duration(185.0), duration(5400.0), duration(4.25)
    ('3m 5s', '1h 30m', '4.25s')
    """
    if not math.isfinite(seconds):
        return "inf" if seconds > 0 else "-inf" if seconds < 0 else "nan"
    if seconds < 0:
        return "-" + duration(-seconds)
    if seconds < 10:
        return f"{seconds:.3g}s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        m, s = divmod(whole, 60)
        return f"{m}m {s}s" if s else f"{m}m"
    if whole < 86400 * 10:
        h, rest = divmod(whole, 3600)
        m = round(rest / 60)
        if m == 60:
            h, m = h + 1, 0
        return f"{h}h {m}m" if m else f"{h}h"
    return f"{seconds / 86400:.4g}d"


# --------------------------------------------------------------------------- tables


def figure(value: float | None, kind: str, currency: str = "") -> str:
    """A figure in a table's cell, by its *kind* (:data:`teletraffic.metrics.KINDS`).

    A share in percent with two decimals, seconds with one decimal and ``s``, money in
    whole units (with *currency* when given); any other number grouped from 100 on,
    three significant digits below; no figure ``-``.

    >>> figure(0.0457, "share"), figure(12.34, "seconds"), figure(1234.5, "money", "RUB")
    ('4.57%', '12.3 s', '1,234 RUB')
    >>> figure(1234.5, "count"), figure(4.567, "erlangs"), figure(float("nan"), "share")
    ('1,234', '4.57', '-')
    """
    if value is None or is_missing(value):
        return "-"
    if kind == "share":
        return percent_fixed(value)
    if kind == "seconds":
        return f"{value:.1f} s"
    if kind == "money":
        return f"{value:,.0f}" + (f" {currency}" if currency else "")
    return number(value, grouped_from=100)


def figure_range(low: float, high: float, kind: str) -> str:
    """An interval of a figure of *kind* (:func:`figure`): ``4.10% .. 5.02%``; ``-`` when
    it has none.

    >>> figure_range(0.041, 0.0502, "share"), figure_range(float("nan"), 1.0, "count")
    ('4.10% .. 5.02%', '-')
    """
    if is_missing(low) or is_missing(high):
        return "-"
    return f"{figure(low, kind)} .. {figure(high, kind)}"
