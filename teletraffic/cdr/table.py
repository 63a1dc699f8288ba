"""The normalised table of calls: what every reader produces and the fit reads.

One row per call attempt, whatever the file's format; :data:`CDR_COLUMNS` names its
columns and says what each holds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["BASE_DATE", "CDR_COLUMNS", "per_distinct"]

CDR_COLUMNS: tuple[str, ...] = (
    "start",
    "direction",
    "number",
    "caller",
    "outcome",
    "wait",
    "talk",
    "line",
    "stream",
    "window",
    "file_line",
)
"""Columns of the table :func:`~teletraffic.cdr.read_cdr` returns.

``start`` (datetime: when the call reached the office, or was dialled out),
``direction`` (``in``, ``out`` or ``internal``), ``number`` (inbound: the number
dialled; outbound: the line or trunk), ``caller`` (the caller id; outbound: the
extension), ``outcome`` (an :class:`~teletraffic.records.Outcome` label), ``wait``
(seconds on hold or ringing before the outcome), ``talk`` (seconds of conversation),
``line`` (the line or trunk, when known), ``stream`` (teletraffic logs: the stream),
``window`` (a stretch of continuous observation: the replication of a teletraffic log,
0 otherwise) and ``file_line`` (the record's line in the file).
"""


BASE_DATE = pd.Timestamp("2001-01-01")
"""A Monday: day 1 of a teletraffic log, and the origin the fit measures times from."""


def per_distinct(
    values: pd.Series | np.ndarray, fn: Callable[[pd.Series], pd.Series]
) -> np.ndarray:
    """*fn* of each distinct value of *values*, spread back over them.

    Numbers, contexts, caller ids and outcomes repeat: one look at each, and text
    results shared between the rows instead of a new Python string a row. A missing
    value (``None``, NaN) is passed to *fn* as NaN once.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    return np.asarray(fn(pd.Series(uniques, dtype=object)))[codes]
