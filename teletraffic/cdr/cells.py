"""Cells of a call record read as values: text, durations, whole numbers, dates and times.

Each reader takes a column of text cells and gets an array of values; a cell that
cannot be read becomes a problem naming the line, the column and the cell (see
:class:`~teletraffic.cdr.problems.Problems`) and a harmless value in the array, so
that every bad cell of a file is reported at once.
"""

from __future__ import annotations

import re
import warnings
from typing import Literal

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import Problems
from teletraffic.units import parse_duration

__all__ = [
    "DATE_RANGE",
    "MAX_DURATION",
    "cell_text",
    "datetimes",
    "durations",
    "stamps",
    "whole_numbers",
]

MAX_DURATION = 7 * 86400.0
"""The longest duration of one call we believe (a week); longer is a broken record."""
DATE_RANGE = (pd.Timestamp("1970-01-01"), pd.Timestamp("2100-01-01"))
"""Dates a call record may hold: from the Unix epoch to 2100."""


def cell_text(values: pd.Series) -> np.ndarray:
    """The cells as stripped text."""
    return np.asarray([str(v).strip() for v in values.tolist()], dtype=object)


_CLOCK = re.compile(r"^(\d+):([0-5]?\d)(?::([0-5]?\d(?:\.\d*)?))?$")


def _one_duration(text: str) -> float:
    """Seconds from ``"95"``, ``"01:35"``, ``"0:01:35"`` or ``"1m 35s"``; ValueError if not."""
    match = _CLOCK.match(text)
    if match:
        a, b, c = match.groups()
        if c is None:  # MM:SS
            return int(a) * 60.0 + int(b)
        return int(a) * 3600.0 + int(b) * 60.0 + float(c)
    return parse_duration(text)


def durations(
    raw: pd.Series,
    column: str,
    lines: np.ndarray,
    problems: Problems,
    *,
    what: str = "a number of seconds",
    maximum: float = MAX_DURATION,
) -> np.ndarray:
    """A column of durations as seconds (empty cells are 0); bad cells (not a duration,
    negative, over *maximum*) become problems."""
    text = cell_text(raw)
    values = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan, copy=True
    )
    empty = text == ""
    values[empty] = 0.0
    negative = np.zeros(len(text), dtype=bool)
    unreadable = np.zeros(len(text), dtype=bool)
    for i in np.flatnonzero(np.isnan(values)):
        cell = str(text[i])
        if cell.startswith("-"):
            negative[i] = True
            continue
        try:
            values[i] = _one_duration(cell)
        except ValueError:
            unreadable[i] = True
    finite = np.isfinite(values)
    unreadable |= ~finite & ~negative
    negative |= finite & (values < 0)
    problems.rows(unreadable, lines, text, f"column {column!r}: {{value}} is not {what}")
    problems.rows(
        negative, lines, text, f"column {column!r}: {{value}} is negative; a duration is >= 0"
    )
    absurd = finite & (values > maximum)
    problems.rows(
        absurd,
        lines,
        text,
        f"column {column!r}: {{value}} s is more than {maximum / 86400:g} days; not one call",
    )
    values[~np.isfinite(values) | (values < 0) | absurd] = 0.0
    return values


def whole_numbers(
    raw: pd.Series, column: str, lines: np.ndarray, problems: Problems, minimum: int
) -> np.ndarray:
    """A column of whole numbers >= *minimum*; bad cells become problems (and *minimum*)."""
    text = cell_text(raw)
    values = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan, copy=True
    )
    bad = ~np.isfinite(values) | (values < minimum) | (values != np.floor(values))
    problems.rows(
        bad, lines, text, f"column {column!r}: {{value}} is not a whole number >= {minimum}"
    )
    values[bad] = minimum
    return values.astype(np.int64)


_TZ = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:Z|UTC|[+-]\d{2}:?\d{2})$")
_DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("ISO8601", "year-month-day"),
    ("%d.%m.%Y %H:%M:%S", "day.month.year"),
    ("%d.%m.%Y %H:%M", "day.month.year"),
    ("%d.%m.%Y", "day.month.year"),
    ("%d/%m/%Y %H:%M:%S", "day/month/year"),
    ("%d/%m/%Y %H:%M", "day/month/year"),
    ("%d/%m/%Y", "day/month/year"),
    ("%m/%d/%Y %H:%M:%S", "month/day/year"),
    ("%m/%d/%Y %H:%M", "month/day/year"),
    ("%m/%d/%Y %I:%M:%S %p", "month/day/year"),
    ("%m/%d/%Y %I:%M %p", "month/day/year"),
    ("%m/%d/%Y", "month/day/year"),
    ("%Y/%m/%d %H:%M:%S", "year/month/day"),
    ("%d-%m-%Y %H:%M:%S", "day-month-year"),
    ("%d.%m.%y %H:%M:%S", "day.month.year"),
    ("%d.%m.%y %H:%M", "day.month.year"),
)


def datetimes(
    text: np.ndarray, column: str, lines: np.ndarray, problems: Problems
) -> tuple[pd.Series, str]:
    """Parse dates and times; the format that reads the most cells wins (ties: listed order)."""
    cells = pd.Series([_TZ.sub(r"\1", str(t)) for t in text], dtype=object)
    best: pd.Series | None = None
    label = ""
    numbers = pd.to_numeric(cells, errors="coerce")
    if len(cells) and numbers.notna().all():  # seconds (or milliseconds) since 1970
        unit: Literal["s", "ms"] = "ms" if float(numbers.abs().max()) > 1e11 else "s"
        best = pd.to_datetime(numbers.where(numbers > 1e8), unit=unit, errors="coerce")
        label = f"{'milli' if unit == 'ms' else ''}seconds since 1970"
    else:
        for fmt, name in _DATE_FORMATS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = pd.to_datetime(cells, format=fmt, errors="coerce")
            if best is None or parsed.notna().sum() > best.notna().sum():
                best, label = parsed, name
            if best.notna().all():
                break
    assert best is not None
    best, outside = _in_range(pd.Series(best))
    problems.rows(
        outside,
        lines,
        text,
        f"column {column!r}: {{value}} is out of range; a call record's date lies between "
        f"{DATE_RANGE[0].year} and {DATE_RANGE[1].year}",
    )
    bad = best.isna().to_numpy() & ~outside
    empty = np.asarray([str(t) == "" for t in text], dtype=bool)
    problems.rows(bad & empty, lines, text, f"column {column!r} is empty; every call needs it")
    problems.rows(
        bad & ~empty,
        lines,
        text,
        f"column {column!r}: {{value}} is not a date and time (e.g. 2024-03-01 09:15:00)",
    )
    return best.reset_index(drop=True), label


def _in_range(parsed: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """*parsed* dates in nanoseconds with those outside :data:`DATE_RANGE` made NaT, and
    where they were."""
    seconds = parsed.astype("datetime64[s]")
    outside = (
        (seconds < DATE_RANGE[0].as_unit("s")) | (seconds >= DATE_RANGE[1].as_unit("s"))
    ).to_numpy(dtype=bool, na_value=False)
    seconds = seconds.mask(outside)
    return seconds.astype("datetime64[ns]").reset_index(drop=True), outside


def stamps(
    text: pd.Series, column: str, lines: np.ndarray, problems: Problems, *, required: bool
) -> pd.Series:
    """A PBX's date and time field: ``%Y-%m-%d %H:%M:%S`` as Asterisk's ``cdr_csv``
    (``DATE_FORMAT``) and FreeSWITCH's ``*_stamp`` variables write it, seconds since
    1970 (``start(int64)``, ``start_epoch``) or an ISO 8601 date (``start(%FT%T%z)``).

    An empty cell is NaT (a problem when *required*); one that is no date, or lies
    outside :data:`DATE_RANGE`, is a problem naming it.
    """
    text = text.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    empty = (text == "").to_numpy()
    parsed = parsed.astype("datetime64[s]")
    missing = parsed.isna().to_numpy() & ~empty
    if missing.any():  # seconds since 1970, or ISO 8601 with an offset
        rest = text[missing]
        numbers = pd.to_numeric(rest, errors="coerce")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            epoch = pd.to_datetime(numbers.where(numbers.abs() < 1e11), unit="s", errors="coerce")
            local = rest.str.replace(r"(?<=\d)(Z|[+-]\d{2}:?\d{2})$", "", regex=True)
            iso = pd.to_datetime(local, format="ISO8601", errors="coerce")  # the wall clock
        fill = epoch.astype("datetime64[s]").where(epoch.notna(), iso.astype("datetime64[s]"))
        parsed[missing] = fill.to_numpy()
    parsed, outside = _in_range(parsed)
    problems.rows(
        outside,
        lines,
        text.to_numpy(),
        f"field {column!r}: {{value}} is out of range; a call record's date lies between "
        f"{DATE_RANGE[0].year} and {DATE_RANGE[1].year}",
    )
    unread = parsed.isna().to_numpy() & ~empty & ~outside
    problems.rows(
        unread,
        lines,
        text.to_numpy(),
        f"field {column!r}: {{value}} is not a date and time (e.g. 2024-03-04 09:15:00)",
    )
    if required:
        problems.rows(
            empty, lines, text.to_numpy(), f"field {column!r} is empty; every call needs it"
        )
    return parsed
