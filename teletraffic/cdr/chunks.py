"""The records of a CSV file in chunks, each record with the file line it starts on.

A file of call records may hold millions of records, so it is never held whole: it is
read :data:`CHUNK_ROWS` lines at a time, each block extended to the end of a record
(a quoted field may span lines: the block ends where its quotes are balanced), and
each block is parsed by pandas' C reader (``pandas.read_csv``). Holding the block's
text beside its cells gives each record its exact file line, at once and without a
second pass, and tells a record with too few fields from one whose last fields are
empty (the C reader pads both alike).

A record with more fields than the file's first record (or its header) is left out and
named as a problem by its line; so is one with fewer, when *strict* (a file with a
header: its columns must line up). Blank records are dropped.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from collections.abc import Iterator
from typing import IO, Any

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.source import FileFacts, Repairs, read_text

__all__ = ["CHUNK_ROWS", "ColumnBuffer", "Records", "as_category", "concat_chunks", "header_chunks"]

CHUNK_ROWS = 20_000
"""Lines read at a time from a file of call records."""
_MAX_BLOCK = 1 << 26
"""A block whose quotes never balance stops growing here (64 MiB): a stray quote."""
_SKIPPED = re.compile(r"Skipping line (\d+): expected \d+ fields, saw (\d+)")


class Records:
    """The records of a file of *width* fields, read in chunks.

    Iterating gives chunks of text cells (columns named by their position in the
    record, only *usecols*) and the 1-based file line each row starts on. *against*
    names what the width comes from in a problem (``"the first record"``, ``"the
    header has"``); with *strict*, a record with fewer fields than *width* is a problem
    too (else its missing fields are empty). After each chunk, :attr:`lines_read` is
    the file's last line read.
    """

    def __init__(
        self,
        facts: FileFacts,
        width: int,
        problems: Problems,
        *,
        delimiter: str = ",",
        quote: str = '"',
        usecols: list[int] | None = None,
        against: str = "the first record",
        strict: bool = False,
    ) -> None:
        self.facts = facts
        self.width = width
        self.problems = problems
        self.delimiter = delimiter
        self.quote = quote
        self.usecols = usecols if usecols is not None else list(range(width))
        self.against = against
        self.strict = strict
        self.lines_read = 0
        self._lead = (delimiter * (width - 1) + "\n").encode()
        """An empty record of the full width put before each block: the C reader takes
        the width of a block from its first record, and would cut a longer one short."""

    def _blocks(self, f: IO[bytes]) -> Iterator[tuple[int, bytes]]:
        """Blocks of whole records, each with its first line's number."""
        quote = self.quote.encode()
        line = 1
        while lines := list(itertools.islice(f, CHUNK_ROWS)):
            block = b"".join(lines)
            while block.count(quote) % 2 and len(block) < _MAX_BLOCK:
                more = list(itertools.islice(f, CHUNK_ROWS))
                if not more:
                    break
                block += b"".join(more)
            yield line, block
            line += block.count(b"\n")

    def __iter__(self) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
        facts = self.facts
        if facts.utf16:  # Excel's "Unicode text": small; read whole, then in blocks
            data = read_text(facts.path, facts.where).encode("utf-8", errors="surrogateescape")
            source: IO[bytes] = io.BytesIO(data)
        else:
            source = facts.path.open("rb")
        with source as f:
            first = True
            for line, block in self._blocks(f):
                if first:
                    block = block.removeprefix(b"\xef\xbb\xbf")
                    first = False
                cells, rows = self._parse(line, block)
                self.lines_read = line + block.count(b"\n") - 1 + (not block.endswith(b"\n"))
                if len(rows):
                    yield cells, rows

    def _parse(self, line: int, block: bytes) -> tuple[pd.DataFrame, np.ndarray]:
        """The rows of one block and their file lines."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            try:
                chunk = pd.read_csv(
                    io.BytesIO(self._lead + block),
                    header=None,
                    names=list(range(self.width)),
                    dtype=object,
                    keep_default_na=False,
                    na_filter=False,
                    skip_blank_lines=False,
                    skipinitialspace=True,
                    sep=self.delimiter,
                    quotechar=self.quote,
                    encoding="utf-8",
                    encoding_errors="surrogateescape",
                    on_bad_lines="warn",
                    engine="c",
                ).iloc[1:]
            except pd.errors.EmptyDataError:
                return pd.DataFrame(columns=self.usecols), np.zeros(0, dtype=np.int64)
            except (pd.errors.ParserError, csv.Error, ValueError) as err:
                problem = (line, f"cannot be read as CSV: {err}")
                raise CdrError(self.facts.where, [problem]) from None
        skipped = sorted(  # (the record's index in the block, its fields)
            (int(m.group(1)) - 2, int(m.group(2)))
            for w in caught
            for m in _SKIPPED.finditer(str(w.message))
        )
        starts = self._starts(line, block, len(chunk) + len(skipped))
        keep = np.ones(len(starts), dtype=bool)
        for i, fields in skipped:  # a record pandas left out: a problem on its line
            at = min(i, len(starts) - 1)
            keep[at] = False
            self.problems.add(int(starts[at]), self._wrong_width(fields))
        rows = starts[keep][: len(chunk)]
        used = chunk[self.usecols]
        blank = (chunk == "").all(axis=1).to_numpy().copy()
        if self.strict:
            self._short_records(chunk, block, blank, rows, line)
        if blank.any():
            used, rows = used[~blank], rows[~blank]
        return used.reset_index(drop=True), rows

    def _wrong_width(self, fields: int) -> str:
        fix = "a comma missing" if fields < self.width else "a quote or a comma out of place"
        return f"has {fields} fields, {self.against} {self.width}; is {fix}?"

    def _starts(self, line: int, block: bytes, records: int) -> np.ndarray:
        """The file line each record of *block* starts on: one a line, unless a quoted
        field spans lines (then the csv module finds the starts)."""
        newlines = block.count(b"\n") + (not block.endswith(b"\n"))
        if records == newlines:
            return np.arange(line, line + records, dtype=np.int64)
        reader = self._reader(block)
        starts, previous = [], 0
        try:
            for _ in reader:
                starts.append(line + previous)
                previous = reader.line_num
        except csv.Error:
            pass
        while len(starts) < records:
            starts.append(line + previous)
        return np.asarray(starts[:records], dtype=np.int64)

    def _reader(self, block: bytes) -> Any:
        """A :func:`csv.reader` over *block* (it counts lines in ``line_num``)."""
        text = block.decode("utf-8", errors="surrogateescape")
        return csv.reader(
            io.StringIO(text, newline=""),
            delimiter=self.delimiter,
            quotechar=self.quote,
            skipinitialspace=True,
        )

    def _short_records(
        self, chunk: pd.DataFrame, block: bytes, blank: np.ndarray, rows: np.ndarray, line: int
    ) -> None:
        """Problems for the records of *chunk* with fewer fields than the width: only
        rows whose last field is empty can be such, and the csv module counts their
        fields."""
        maybe = (chunk[self.width - 1] == "").to_numpy() & ~blank
        if not maybe.any():
            return
        counts: dict[int, int] = {}
        reader = self._reader(block)
        previous = 0
        try:
            for fields in reader:
                if fields and any(f.strip() for f in fields):
                    counts[line + previous] = len(fields)
                previous = reader.line_num
        except csv.Error:
            return
        for i in np.flatnonzero(maybe):
            found = counts.get(int(rows[i]), self.width)
            if found < self.width:
                self.problems.add(int(rows[i]), self._wrong_width(found))
                blank[i] = True  # left out, as a record with too many fields is


def header_chunks(
    facts: FileFacts,
    names: list[str],
    problems: Problems,
    repairs: Repairs,
    delimiter: str,
) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    """The records under the header of a CSV export (*names*, its columns), in chunks of
    text cells (columns numbered as in the header) with their file lines; a record of
    another width is a problem. Cells that were not UTF-8 are read again and counted
    in *repairs* under their column's name."""
    records = Records(
        facts, len(names), problems, delimiter=delimiter, against="the header has", strict=True
    )
    header = True
    for cells, rows in records:
        if header:  # the first record is the header itself
            cells, rows = cells.iloc[1:].reset_index(drop=True), rows[1:]
            header = False
        if not facts.utf8:
            for i, name in enumerate(names):
                cells[i] = repairs.cells(cells[i], name, rows)
        if len(rows):
            yield cells, rows


def as_category(values: np.ndarray | pd.Series) -> pd.Categorical[Any]:
    """*values* (text) as a categorical whose categories stay Python strings (``object``):
    a code a row, each distinct text held once. pandas would otherwise keep the
    categories as its ``str`` dtype (pyarrow's buffers when pyarrow is installed), and
    every turn back to Python text would make a new string a row."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return pd.Categorical.from_codes(
        codes, dtype=pd.CategoricalDtype(pd.Index(uniques, dtype=object))
    )


def _union(columns: list[pd.Categorical[Any]]) -> pd.Categorical[Any]:
    """Categorical *columns* joined, the categories (``object``) in order of appearance."""
    categories = [c.categories.to_numpy(dtype=object) for c in columns]
    union = pd.Index(np.concatenate(categories), dtype=object).unique()
    codes = [
        np.append(union.get_indexer(cats), -1)[c.codes]  # a code -1 (missing) stays -1
        for c, cats in zip(columns, categories, strict=True)
    ]
    return pd.Categorical.from_codes(np.concatenate(codes), dtype=pd.CategoricalDtype(union))


def concat_chunks(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """Chunks joined, their categorical columns kept categorical and their text columns
    ``object`` (Python strings, shared where the chunks shared them)."""
    if len(pieces) == 1:
        return pieces[0]
    joined = {}
    for name in pieces[0].columns:
        if isinstance(pieces[0][name].dtype, pd.CategoricalDtype):
            joined[name] = pd.Series(_union([p[name].array for p in pieces]))
        else:
            values = np.concatenate([p[name].to_numpy() for p in pieces])
            joined[name] = pd.Series(values, dtype=object if values.dtype == object else None)
    return pd.DataFrame(joined)


class ColumnBuffer:
    """The columns of a table filled chunk by chunk, each in one array sized once.

    Joining a file's chunks at the end would hold every column twice, the chunks and the
    joined copy; here each chunk is copied into place as it comes and let go. *rows* is
    the size to expect (a file's lines: no more records than that); an array grows by
    half again if it is passed. A :class:`pandas.Categorical` column is kept as codes,
    its categories (``object``) gathered over the chunks in order of appearance.
    """

    def __init__(self, rows: int) -> None:
        self.rows = 0
        self._capacity = max(rows, 1)
        self._arrays: dict[str, np.ndarray] = {}
        self._categories: dict[str, dict[object, int]] = {}

    def append(self, chunk: dict[str, Any]) -> None:
        """Add *chunk* (column name -> an array or a categorical, all of one length)."""
        n = len(next(iter(chunk.values())))
        if self.rows + n > self._capacity:
            self._capacity = max(self.rows + n, self._capacity + self._capacity // 2)
            for name, array in self._arrays.items():
                grown = np.empty(self._capacity, dtype=array.dtype)
                grown[: self.rows] = array[: self.rows]
                self._arrays[name] = grown
        for name, values in chunk.items():
            if isinstance(values, pd.Categorical):
                known = self._categories.setdefault(name, {})
                local = [known.setdefault(c, len(known)) for c in values.categories]
                values = np.append(np.asarray(local, dtype=np.int64), -1)[values.codes]
                dtype = np.dtype(np.int32)
            else:
                values = np.asarray(values)
                dtype = values.dtype
            if name not in self._arrays:
                self._arrays[name] = np.empty(self._capacity, dtype=dtype)
            self._arrays[name][self.rows : self.rows + n] = values
        self.rows += n

    def frame(self) -> pd.DataFrame:
        """The table (its columns views of the arrays, not copies)."""
        columns: dict[str, pd.Series] = {}
        for name, array in self._arrays.items():
            values = array[: self.rows]
            if name in self._categories:
                categories = pd.Index(list(self._categories[name]), dtype=object)
                cat = pd.Categorical.from_codes(values, dtype=pd.CategoricalDtype(categories))
                columns[name] = pd.Series(cat, copy=False)
            else:
                kind = object if values.dtype == object else None
                columns[name] = pd.Series(values, dtype=kind, copy=False)
        return pd.DataFrame(columns, copy=False)
