"""The file of call records as text and CSV records, each with the line it starts on.

The file is checked before it is read (a folder, a device, over :data:`MAX_CDR_BYTES`,
missing or unreadable) and decoded as UTF-8 (with or without a byte-order mark) or, when
it starts with one, as the UTF-16 of Excel's "Unicode text"; a zero byte means a binary
file. The delimiter is the commonest of ``, ; tab |`` on the first line. Blank records
are skipped; every record keeps its 1-based file line so that problems can name it.
"""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import CdrError, Problems

__all__ = ["MAX_CDR_BYTES", "csv_records", "delimiter_of", "header_rows", "read_text"]

MAX_CDR_BYTES = 1 << 30
"""A CDR file longer than this (1 GiB) is refused before it is read."""


def read_text(path: Path, where: str) -> str:
    """The text of the file at *path* (*where* names it in problems); :class:`CdrError` if not."""

    def refuse(message: str, line: int | None = None) -> CdrError:
        return CdrError(where, [(line, message)])

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise refuse("is a folder, not a file of call records; give the CSV file itself")
        if not stat.S_ISREG(info.st_mode):
            raise refuse("is not a regular file (a device or a pipe?)")
        if info.st_size > MAX_CDR_BYTES:
            raise refuse(f"is {info.st_size:,} bytes long; the limit is {MAX_CDR_BYTES:,}")
        raw = path.read_bytes()
    except CdrError:
        raise
    except FileNotFoundError:
        raise refuse("no such file") from None
    except PermissionError:
        raise refuse("cannot be read: permission denied") from None
    except OSError as err:
        raise refuse(f"cannot be read: {err.strerror or err}") from None
    except ValueError:  # an embedded NUL in the path
        raise refuse("is not a valid file name") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse("starts like UTF-16 text but cannot be read as such") from None
    if not raw.strip():
        raise refuse("is empty: there are no call records in it")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise refuse(
            "is not a text file (a zero byte at this line); give a CSV export of the call records",
            line,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise refuse(
            f"is not UTF-8 text: byte {raw[err.start]:#04x} cannot be read; save the file as "
            "UTF-8 (CSV UTF-8 in a spreadsheet)",
            line,
        ) from None


def delimiter_of(text: str) -> str:
    """The commonest of ``, ; tab |`` on the first non-blank line (``,`` if none)."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_records(text: str, where: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The CSV records of *text* with the file line each starts on; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for fields in reader:
            line = previous + 1
            previous = reader.line_num
            if any(f.strip() for f in fields):
                out.append((line, fields))
    except csv.Error as err:
        raise CdrError(where, [(previous + 1, f"cannot be read as CSV: {err}")]) from None
    return out


def header_rows(
    records: list[tuple[int, list[str]]], header: list[str], problems: Problems
) -> tuple[pd.DataFrame, np.ndarray]:
    """Records of the header's width as a frame of text, and their file lines."""
    width = len(header)
    keep: list[list[str]] = []
    lines: list[int] = []
    for line, fields in records:
        if len(fields) != width:
            problems.add(
                line, f"has {len(fields)} fields, the header has {width}; is a comma missing?"
            )
            continue
        keep.append(fields)
        lines.append(line)
    frame = pd.DataFrame(keep, columns=range(width), dtype=object)
    return frame, np.asarray(lines, dtype=np.int64)
