"""The file of call records as text and CSV records, each with the line it starts on.

The file is checked before it is read (:func:`inspect_file`: a folder, a device, over
:data:`MAX_CDR_BYTES`, missing or unreadable, a zero byte: a binary file), in blocks,
never whole. It is read as UTF-8 (with or without a byte-order mark) or, when it starts
with one, as the UTF-16 of Excel's "Unicode text". Bytes that are not UTF-8 are kept
and each field that holds some is read again on its own (:func:`repair_cells`): a PBX
writes caller names as the telephone sent them (Asterisk's ``cdr_csv`` copies them
byte for byte), so one Windows-1251 name must not spoil a file; every such field is
counted and reported.

Large headerless files (a PBX's) are read in chunks by pandas' C reader
(:class:`Records`); small files with a header (CRM exports, our own log) by the
:mod:`csv` module (:func:`csv_records`). The delimiter is the commonest of
``, ; tab |`` on the first line. Blank records are skipped; every record keeps its
1-based file line so that problems can name it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import CdrError, Problems

__all__ = [
    "MAX_CDR_BYTES",
    "FileFacts",
    "Repairs",
    "csv_records",
    "delimiter_of",
    "header_rows",
    "inspect_file",
    "read_text",
    "readable",
]

MAX_CDR_BYTES = 1 << 30
"""A CDR file longer than this (1 GiB) is refused before it is read."""


@dataclass
class FileFacts:
    """What a first look at a file of call records found (:func:`inspect_file`)."""

    path: Path
    where: str
    size: int
    lines: int
    """Physical lines (newlines, plus one for a last line without)."""
    utf16: bool
    head: str
    utf8: bool = True
    """Every byte of the file is UTF-8 (no field needs reading in another encoding)."""
    """The first 64 KiB as text (bytes that are not UTF-8 kept as surrogates)."""


_BLOCK = 1 << 22


def _refuse(where: str, message: str, line: int | None = None) -> CdrError:
    return CdrError(where, [(line, message)])


def inspect_file(path: Path, where: str) -> FileFacts:
    """Check the file at *path* without holding it in memory: a regular file, at most
    :data:`MAX_CDR_BYTES`, not empty, no zero byte (a binary file); count its lines.

    Raises :class:`CdrError` naming *where* (and the line of a zero byte).
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(
                where, "is a folder, not a file of call records; give the CSV file itself"
            )
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(where, "is not a regular file (a device or a pipe?)")
        if info.st_size > MAX_CDR_BYTES:
            raise _refuse(where, f"is {info.st_size:,} bytes long; the limit is {MAX_CDR_BYTES:,}")
        with path.open("rb") as f:
            head = f.read(1 << 16)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
                return FileFacts(path, where, info.st_size, 0, True, "")
            newlines, seen, blank, last, utf8 = 0, 0, True, b"", True
            decoder = codecs.getincrementaldecoder("utf-8")()
            f.seek(0)
            while block := f.read(_BLOCK):
                if utf8:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError:
                        utf8 = False
                nul = block.find(b"\x00")
                if nul >= 0:
                    line = newlines + block.count(b"\n", 0, nul) + 1
                    raise _refuse(
                        where,
                        "is not a text file (a zero byte at this line); give a CSV export "
                        "of the call records",
                        line,
                    )
                newlines += block.count(b"\n")
                blank = blank and not block.strip()
                seen += len(block)
                last = block[-1:]
    except CdrError:
        raise
    except FileNotFoundError:
        raise _refuse(where, "no such file") from None
    except PermissionError:
        raise _refuse(where, "cannot be read: permission denied") from None
    except OSError as err:
        raise _refuse(where, f"cannot be read: {err.strerror or err}") from None
    except ValueError:  # an embedded NUL in the path
        raise _refuse(where, "is not a valid file name") from None
    if blank:
        raise _refuse(where, "is empty: there are no call records in it")
    lines = newlines + (1 if seen and last != b"\n" else 0)
    text = head.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    return FileFacts(path, where, info.st_size, lines, False, text, utf8)


def read_text(path: Path, where: str) -> str:
    """The whole text of the file at *path*; bytes that are not UTF-8 are kept as
    surrogates for :func:`repair_cells` to read per field."""
    facts = inspect_file(path, where)
    raw = path.read_bytes()
    if facts.utf16:
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _refuse(where, "starts like UTF-16 text but cannot be read as such") from None
    return raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")


_SURROGATE = "[\udc80-\udcff]"
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _one_cell(cell: str) -> tuple[str, str]:
    """A cell whose bytes were not UTF-8, read as Windows-1251 when each word with a
    letter beyond ASCII is then mostly Cyrillic (``Иванов``), else as Latin-1
    (``café``, not ``cafй``); and the encoding used."""
    raw = cell.encode("utf-8", errors="surrogateescape")
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:  # 0x98 is not a Windows-1251 character
        return raw.decode("latin-1"), "Latin-1"
    words = [w for w in text.split() if any(ord(ch) > 127 for ch in w)]
    letters = [[ch for ch in w if ch.isalpha()] for w in words]
    if words and all(sum(1 for ch in w if _CYRILLIC.match(ch)) * 2 > len(w) for w in letters if w):
        return text, "Windows-1251"
    return raw.decode("latin-1"), "Latin-1"


def readable(cell: str) -> str:
    """*cell* as text: a cell holding bytes that are not UTF-8 read again on its own
    (:func:`_one_cell`), any other as it is, stripped."""
    return _one_cell(cell)[0].strip() if re.search(_SURROGATE, cell) else cell.strip()


class Repairs:
    """Fields that were not UTF-8 and were read as another encoding: counted per column
    and encoding, with the first line of each."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.first: dict[tuple[str, str], int] = {}

    def __bool__(self) -> bool:
        return bool(self.counts)

    def cells(self, values: pd.Series, column: str, lines: np.ndarray) -> pd.Series:
        """*values* with each cell that holds bytes which are not UTF-8 read again on its
        own (:func:`_one_cell`) and counted.

        The cells are joined into one text and searched once (a regular expression at C
        speed), so a clean column costs little."""
        cells = values.to_numpy(dtype=object)
        joined = "\n".join(cells)
        if not re.search(_SURROGATE, joined):
            return values
        ends = np.cumsum(np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) + 1)
        hits = sorted(
            {
                int(np.searchsorted(ends, m.start(), side="right"))
                for m in re.finditer(_SURROGATE, joined)
            }
        )
        fixed_cells = cells.copy()
        for i in hits:
            fixed, encoding = _one_cell(str(cells[i]))
            fixed_cells[i] = fixed
            self.counts[(column, encoding)] += 1
            self.first.setdefault((column, encoding), int(lines[i]))
        return pd.Series(fixed_cells, index=values.index, dtype=object)

    def records(self, records: list[tuple[int, list[str]]]) -> None:
        """Each field of *records* (the first one a header naming the columns) that holds
        bytes which are not UTF-8 read again on its own, in place."""
        header = [h.strip() for h in records[0][1]] if records else []
        for line, fields in records:
            for i, field in enumerate(fields):
                if re.search(_SURROGATE, field):
                    column = header[i] if i < len(header) else f"column {i + 1}"
                    fixed, encoding = _one_cell(field)
                    fields[i] = fixed
                    self.counts[(column, encoding)] += 1
                    self.first.setdefault((column, encoding), line)

    def note(self) -> str | None:
        """The repairs in words, ``None`` when there were none."""
        if not self.counts:
            return None
        parts = [
            f"{n:,} in {col!r} as {enc} (the first on line {self.first[(col, enc)]})"
            for (col, enc), n in sorted(self.counts.items())
        ]
        total = sum(self.counts.values())
        return f"{total:,} fields were not UTF-8 and were read as another encoding: " + (
            ", ".join(parts)
        )


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
