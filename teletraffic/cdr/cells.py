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

__all__ = ["cell_text", "datetimes", "durations", "whole_numbers"]


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
) -> np.ndarray:
    """A column of durations as seconds (empty cells are 0); bad cells become problems."""
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
    values[~np.isfinite(values) | (values < 0)] = 0.0
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
    best = pd.Series(best).astype("datetime64[ns]")
    bad = best.isna().to_numpy()
    empty = np.asarray([str(t) == "" for t in text], dtype=bool)
    problems.rows(bad & empty, lines, text, f"column {column!r} is empty; every call needs it")
    problems.rows(
        bad & ~empty,
        lines,
        text,
        f"column {column!r}: {{value}} is not a date and time (e.g. 2024-03-01 09:15:00)",
    )
    return best.reset_index(drop=True), label
