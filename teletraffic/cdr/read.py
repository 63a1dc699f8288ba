"""Reading a file of call records in any format we know into the normalised table.

The format is told by the first record (see :func:`read_cdr`) or given; each format
has its reader: :mod:`~teletraffic.cdr.own` (teletraffic's ``calls.csv``),
:mod:`~teletraffic.cdr.asterisk` (``Master.csv``) and :mod:`~teletraffic.cdr.columns`
(any CSV with a header).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from teletraffic.cdr.asterisk import looks_like_master_csv, read_asterisk
from teletraffic.cdr.columns import read_columns
from teletraffic.cdr.own import looks_like_call_log, read_own
from teletraffic.cdr.problems import CdrError
from teletraffic.cdr.source import csv_records, delimiter_of, read_text
from teletraffic.errors import InputError

__all__ = ["FORMATS", "CdrFormat", "read_cdr"]

CdrFormat = Literal["auto", "teletraffic", "asterisk", "csv"]
FORMATS: tuple[str, ...] = ("auto", "teletraffic", "asterisk", "csv")
"""The formats :func:`read_cdr` reads; ``auto`` tells them by the first record."""


def _detect(first: list[str]) -> str:
    """The format whose records look like *first*; ``csv`` when none does."""
    if looks_like_call_log(first):
        return "teletraffic"
    if looks_like_master_csv(first):
        return "asterisk"
    return "csv"


def read_cdr(
    path: str | Path,
    format: CdrFormat | str = "auto",
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read a file of call records into a table with the columns :data:`CDR_COLUMNS`.

    *format* is ``"teletraffic"`` (our ``calls.csv``), ``"asterisk"`` (``Master.csv``),
    ``"csv"`` (a CSV export with a header) or ``"auto"`` (decided from the first
    record; with *columns* given, ``csv``). *columns* maps our fields (:data:`CDR_FIELDS`)
    to the file's column names, for the ones the defaults do not find.

    ``table.attrs`` holds ``file``, ``format``, ``steady`` (a teletraffic log of a
    steady-state run: one continuous stretch per replication) and ``notes`` (what was
    assumed, in words).

    Raises :class:`CdrError` for a missing, empty, binary or unreadable file and for
    bad records, naming the line, the column and the value (up to
    :data:`MAX_PROBLEMS` at once).
    """
    where = str(path)
    if format not in FORMATS:
        raise InputError(f"format {format!r} is not one of {', '.join(FORMATS)}")
    text = read_text(Path(path), where)
    records = csv_records(text, where, delimiter_of(text))
    if not records:
        raise CdrError(where, [(None, "is empty: there are no call records in it")])
    kind = format
    if kind == "auto":
        kind = "csv" if columns else _detect(records[0][1])
    if columns and kind != "csv":
        raise InputError(f"columns are for generic CSV files (format csv), not {kind}")
    notes: list[str] = []
    steady = False
    if kind == "teletraffic":
        table, steady = read_own(records, where)
    elif kind == "asterisk":
        table = read_asterisk(records, where, notes)
    else:
        table = read_columns(records, where, dict(columns or {}), notes)
    if table.empty:
        raise CdrError(where, [(None, "has a header but no call records")])
    table = table.reset_index(drop=True)
    table.attrs.update({"file": where, "format": kind, "steady": steady, "notes": notes})
    return table
