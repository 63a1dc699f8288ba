"""Reading a file of call records in any format we know into the normalised table.

The format is told by the file's content (see :func:`detect`) or given; each format
has its reader: :mod:`~teletraffic.cdr.own` (teletraffic's ``calls.csv``),
:mod:`~teletraffic.cdr.asterisk` (Asterisk's ``Master.csv`` of ``cdr_csv``, and the
files of ``cdr_custom``), :mod:`~teletraffic.cdr.freeswitch` (FreeSWITCH's
``mod_cdr_csv``) and :mod:`~teletraffic.cdr.columns` (any CSV with a header). A PBX's
own configuration (``cdr_custom.conf``, ``cdr_csv.conf.xml``) or a list of fields
gives the column order of a headerless file (:mod:`~teletraffic.cdr.layouts`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from teletraffic.cdr.asterisk import looks_like_cdr_custom, looks_like_master_csv, read_asterisk
from teletraffic.cdr.chunks import header_chunks
from teletraffic.cdr.columns import read_columns
from teletraffic.cdr.freeswitch import looks_like_freeswitch, read_freeswitch
from teletraffic.cdr.layouts import CDR_CUSTOM_SAMPLE, Layout, layout_from_names, read_template
from teletraffic.cdr.own import looks_like_call_log, read_own
from teletraffic.cdr.parquet import looks_like_parquet, parquet_chunks
from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.queue_log import looks_like_queue_log, read_queue_log
from teletraffic.cdr.source import (
    FileFacts,
    Repairs,
    delimiter_of,
    inspect_file,
    read_text,
    readable,
)
from teletraffic.errors import InputError

__all__ = ["FORMATS", "CdrFormat", "detect", "read_cdr"]

CdrFormat = Literal[
    "auto", "teletraffic", "asterisk", "asterisk-custom", "freeswitch", "queue-log", "csv"
]
FORMATS: tuple[str, ...] = (
    "auto",
    "teletraffic",
    "asterisk",
    "asterisk-custom",
    "freeswitch",
    "queue-log",
    "csv",
)
"""The formats :func:`read_cdr` reads; ``auto`` tells them by the content."""
_POSITIONAL = ("asterisk", "asterisk-custom", "freeswitch")


def _first_record(facts: FileFacts) -> list[str]:
    """The first non-blank record of the file (from its first 64 KiB)."""
    head = read_text(facts.path, facts.where)[: 1 << 16] if facts.utf16 else facts.head
    lines = head.splitlines()
    if len(lines) > 1 and len(head) >= (1 << 16) - 1:
        lines = lines[:-1]  # the last may be cut
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter_of(head))
    try:
        return next((r for r in reader if any(f.strip() for f in r)), [])
    except csv.Error:
        return []


def detect(first: list[str]) -> str:
    """The format whose records look like *first* (a file's first record); ``csv``
    (a file with a header) when none does."""
    if looks_like_call_log(first):
        return "teletraffic"
    if looks_like_queue_log(first):
        return "queue-log"
    if looks_like_master_csv(first):
        return "asterisk"
    if looks_like_cdr_custom(first):
        return "asterisk-custom"
    if looks_like_freeswitch(first):
        return "freeswitch"
    return "csv"


def _layout(
    kind: str, template: Path | None, columns: Sequence[str] | None, first: list[str]
) -> Layout | None:
    """The column order a template or a list of fields gives (``None``: the reader's
    default)."""
    if template is not None:
        layout = read_template(template)
        if kind not in ("auto", layout.format):
            raise InputError(f"--template {template} is a {layout.format} template, not {kind}'s")
        return layout
    if columns:
        return layout_from_names(kind, list(columns), f"--columns ({len(columns)} fields)")
    if kind == "asterisk-custom":
        return Layout("asterisk-custom", CDR_CUSTOM_SAMPLE, "cdr_custom.conf.sample's mapping")
    return None


def _read_with_header(
    facts: FileFacts,
    kind: str,
    first: list[str],
    mapping: dict[str, str],
    notes: list[str],
    progress: Callable[[int, int], None] | None,
) -> tuple[pd.DataFrame, bool]:
    """A CSV export with a header (a CRM's, or our own ``calls.csv``), read in chunks;
    whether it is a log of a steady-state run."""
    problems, repairs = Problems(facts.where), Repairs()
    names = [readable(n) for n in first]
    head = read_text(facts.path, facts.where)[: 1 << 16] if facts.utf16 else facts.head
    header_line = 1 + head[: len(head) - len(head.lstrip())].count("\n")
    chunks = header_chunks(facts, names, problems, repairs, delimiter_of(head))
    if progress is not None:
        chunks = _told(chunks, progress, facts.lines)
    if kind == "teletraffic":
        lower = [n.lower() for n in names]
        table, steady = read_own(chunks, lower, header_line, problems)
    else:
        table, steady = read_columns(chunks, names, header_line, problems, mapping, notes), False
    if (note := repairs.note()) is not None:
        notes.append(note)
    table.attrs["legs"] = len(table)
    return table, steady


def _told(
    chunks: Iterator[tuple[pd.DataFrame, np.ndarray]],
    progress: Callable[[int, int], None],
    total: int,
) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    """*chunks*, telling *progress* the last line of each as it is read."""
    for cells, rows in chunks:
        yield cells, rows
        progress(int(rows[-1]), total)


def read_cdr(
    path: str | Path,
    format: CdrFormat | str = "auto",
    columns: Mapping[str, str] | Sequence[str] | None = None,
    *,
    template: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Read a file of call records into a table with the columns :data:`CDR_COLUMNS`.

    *format* is ``"teletraffic"`` (our ``calls.csv``), ``"asterisk"`` (``Master.csv``
    of ``cdr_csv``), ``"asterisk-custom"`` (a ``cdr_custom`` file), ``"freeswitch"``
    (``mod_cdr_csv``), ``"queue-log"`` (Asterisk's ``queue_log``: one row per caller in
    a queue, ``attrs["members"]`` the members' table), ``"csv"`` (a CSV export with a
    header) or ``"auto"`` (told by the content). For ``csv``, *columns* maps our fields
    (:data:`CDR_FIELDS`) to the file's column names; for a PBX's headerless file it
    lists the fields in order (``["clid", "src", "dst", ...]`` or FreeSWITCH
    variables). *template* is the PBX's ``cdr_custom.conf`` or ``cdr_csv.conf.xml``,
    read for the column order. *progress*, if given, is told the records read so far
    and the file's lines as a PBX's file is read in chunks.

    Each leg of a PBX's file is read; legs of one caller (same ``linkedid``,
    FreeSWITCH's ``bleg_uuid``/``originating_leg_uuid``) become one row.
    ``table.attrs`` holds ``file``, ``format``, ``legs`` (records read), ``steady`` (a
    teletraffic log of a steady-state run) and ``notes`` (what was assumed or
    repaired, in words).

    Raises :class:`CdrError` for a missing, empty, binary or unreadable file and for
    bad records, naming the line, the field and the value (up to
    :data:`MAX_PROBLEMS` at once).
    """
    where = str(path)
    if format not in FORMATS:
        raise InputError(f"format {format!r} is not one of {', '.join(FORMATS)}")
    notes: list[str] = []
    steady = False
    if looks_like_parquet(Path(path)):
        if format not in ("auto", "teletraffic") or columns or template is not None:
            raise InputError(
                f"{where} is a Parquet file: teletraffic's own call log, read as it is "
                "(no --input-format other than teletraffic, no --columns or --template)"
            )
        kind = "teletraffic"
        table, steady = _read_parquet(Path(path), where, progress)
    else:
        facts = inspect_file(Path(path), where)
        first = _first_record(facts)
        kind = _kind(format, first, columns, template)
        if kind in _POSITIONAL or kind == "queue-log":
            table = _read_pbx_file(facts, kind, first, columns, template, notes, progress)
        else:
            if template is not None:
                raise InputError(f"--template is for a PBX's headerless file, not {kind}")
            mapping = dict(columns) if isinstance(columns, Mapping) else {}
            table, steady = _read_with_header(facts, kind, first, mapping, notes, progress)
    if table.empty:
        raise CdrError(where, [(None, "has a header but no call records")])
    legs = int(table.attrs.get("legs", len(table)))
    members = table.attrs.get("members")
    table = table.reset_index(drop=True)
    if members is not None:
        table.attrs["members"] = members
    table.attrs.update(
        {"file": where, "format": kind, "steady": steady, "notes": notes, "legs": legs}
    )
    return table


def _kind(
    format: str,
    first: list[str],
    columns: Mapping[str, str] | Sequence[str] | None,
    template: str | Path | None,
) -> str:
    """The format to read: *format*, or the one the content, a template or a
    FIELD=COLUMN mapping tells; refuse *columns* of the wrong kind for it."""
    kind = format
    pairs = isinstance(columns, Mapping)
    if kind == "auto":
        if template is not None:
            kind = read_template(Path(template)).format
        elif columns and pairs:
            kind = "csv"
        else:
            kind = detect(first)
    if columns and pairs and kind != "csv":
        raise InputError(
            f"FIELD=COLUMN pairs are for CSV files with a header (format csv), not {kind}; "
            "for a PBX's file list its fields in order"
        )
    if columns and not pairs and kind not in _POSITIONAL:
        raise InputError(f"a list of fields is for a PBX's headerless file, not {kind}")
    return kind


def _read_pbx_file(
    facts: FileFacts,
    kind: str,
    first: list[str],
    columns: Mapping[str, str] | Sequence[str] | None,
    template: str | Path | None,
    notes: list[str],
    progress: Callable[[int, int], None] | None,
) -> pd.DataFrame:
    """The call table of a PBX's own file: a queue_log or a headerless CDR file."""
    if kind == "queue-log":
        if template is not None or columns:
            raise InputError("a queue_log has its own shape: no --template or --columns")
        return read_queue_log(facts, notes)
    seq = None if isinstance(columns, Mapping) else list(columns or [])
    layout = _layout(kind, Path(template) if template else None, seq, first)
    if kind == "freeswitch":
        return read_freeswitch(facts, layout, first, notes, progress)
    return read_asterisk(facts, layout, first, notes, progress)


def _read_parquet(
    path: Path, where: str, progress: Callable[[int, int], None] | None
) -> tuple[pd.DataFrame, bool]:
    """teletraffic's call log as a Parquet file (:mod:`~teletraffic.cdr.parquet`)."""
    from teletraffic.cdr import chunks

    names, batches = parquet_chunks(path, where, chunks.CHUNK_ROWS)
    if progress is not None:
        batches = _told(batches, progress, 0)
    problems = Problems(where)
    table, steady = read_own(batches, [n.strip().lower() for n in names], 1, problems)
    table.attrs["legs"] = len(table)
    return table, steady
