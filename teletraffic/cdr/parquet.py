"""teletraffic's call log as a Parquet file, read back in batches.

``calls.parquet`` holds the columns of ``calls.csv`` (:data:`~teletraffic.cdr.CRM_COLUMNS`)
with their types: whole numbers, seconds, dates and times (or their ISO 8601 text).
Reading it needs pyarrow (``pip install pyarrow``); without it the file is refused
with that advice. It is read a row group batch at a time
(``pyarrow.parquet.ParquetFile.iter_batches``), each batch turned into the text cells
``calls.csv`` would hold, so that the same checks read both
(:mod:`~teletraffic.cdr.own`). A problem names the row (1-based) as its line.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import CdrError
from teletraffic.cdr.source import MAX_CDR_BYTES

__all__ = ["MAGIC", "looks_like_parquet", "parquet_chunks"]

MAGIC = b"PAR1"
"""The four bytes a Parquet file begins (and ends) with."""


def looks_like_parquet(path: Path) -> bool:
    """True when the regular file at *path* begins as a Parquet file does."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as f:
            return f.read(4) == MAGIC
    except (OSError, ValueError):
        return False


def _cells(column: pd.Series) -> pd.Series:
    """A typed column as the text cells of ``calls.csv``: dates and times as ISO 8601
    (the wall clock), numbers as written, nothing as empty."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.strftime("%Y-%m-%dT%H:%M:%S").fillna("").astype(object)
    return column.astype(object).where(column.notna(), "").astype(str)


def parquet_chunks(
    path: Path, where: str, rows: int
) -> tuple[list[str], Iterator[tuple[pd.DataFrame, np.ndarray]]]:
    """The column names of the Parquet file at *path* and its rows in batches of at
    most *rows*: text cells (columns numbered as the names) and their row numbers.

    Raises :class:`CdrError` when the file is too large or pyarrow cannot read it, and
    when pyarrow is not installed.
    """
    size = path.stat()
    if not stat.S_ISREG(size.st_mode) or size.st_size > MAX_CDR_BYTES:
        raise CdrError(where, [(None, f"is not a regular file of at most {MAX_CDR_BYTES:,} bytes")])
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise CdrError(
            where,
            [
                (
                    None,
                    "is a Parquet file; reading it needs pyarrow, which is not installed "
                    "(pip install pyarrow), or give the call log as CSV",
                )
            ],
        ) from None
    try:
        book = pq.ParquetFile(path)
        names = [str(n) for n in book.schema_arrow.names]
    except Exception as err:  # pyarrow raises its own kinds for a damaged file
        raise CdrError(
            where, [(None, f"cannot be read as Parquet: {type(err).__name__}")]
        ) from None

    def batches() -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
        done = 0
        try:
            for batch in book.iter_batches(batch_size=rows):
                frame = batch.to_pandas()
                cells = pd.DataFrame({i: _cells(frame[n]) for i, n in enumerate(names)})
                lines = np.arange(done + 1, done + 1 + len(cells), dtype=np.int64)
                done += len(cells)
                yield cells, lines
        except CdrError:
            raise
        except Exception as err:
            raise CdrError(
                where, [(done + 1, f"cannot be read as Parquet: {type(err).__name__}")]
            ) from None

    return names, batches()
