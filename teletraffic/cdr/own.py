"""teletraffic's own call log (``calls.csv``) read back as call records.

``teletraffic run FILE --out DIR --call-log`` writes one row per call attempt, with
the start in seconds from the beginning of day 1 (or of the run, in steady state), the
replication, and the outcome, wait and talk as the simulation saw them. Read back, it
checks the fit: the figures fitted from it must hold the scenario's own.

Replications are laid end to end (each starting on a day of its own) so that the fit
sees one long record; a caller id is made unique per replication.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from teletraffic.cdr.cells import cell_text, durations, whole_numbers
from teletraffic.cdr.chunks import concat_chunks
from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.table import BASE_DATE, CDR_COLUMNS
from teletraffic.records import Outcome

__all__ = ["REQUIRED", "check_header", "looks_like_call_log", "read_own"]

_LABELS = frozenset(o.label for o in Outcome)
REQUIRED = ("start", "direction", "outcome", "wait", "talk")
"""The columns a teletraffic call log has (its header names them)."""
CRM_REQUIRED = ("call_id", "start", "direction", "outcome", "wait_s", "talk_s")
"""The columns of the CRM-ready call log (:mod:`~teletraffic.cdr.calls_out`) read back."""
_RENAMED = {"wait_s": "wait", "talk_s": "talk", "caller_id": "caller", "number_dialled": "number"}


def looks_like_call_log(first: list[str]) -> bool:
    """True when the first record is the header of a teletraffic call log (the
    simulation's records or the CRM-ready ``calls.csv``)."""
    names = {f.strip().lower() for f in first}
    return set(REQUIRED) <= names or set(CRM_REQUIRED) <= names


def _crm_columns(
    col: dict[str, pd.Series], lines: np.ndarray, problems: Problems
) -> dict[str, pd.Series]:
    """The CRM-ready log's columns as the simulation's: ISO starts as seconds from day 1,
    ``wait_s`` as ``wait`` ...; the apostrophe that kept a spreadsheet from reading a
    cell as a formula taken off."""
    out: dict[str, pd.Series] = {}
    for name, values in col.items():
        text = values.astype(str)
        quoted = text.str.match(r"^'[=+\-@\t\r]")
        out[_RENAMED.get(name, name)] = text.where(~quoted, text.str[1:])
    raw = cell_text(out["start"])
    local = pd.Series(raw, dtype=object).str.replace(r"(Z|[+-]\d\d:?\d\d)$", "", regex=True)
    when = pd.to_datetime(local, format="ISO8601", errors="coerce")
    bad = when.isna().to_numpy()
    problems.rows(bad, lines, raw, "column 'start': {value} is not an ISO 8601 date and time")
    seconds = ((when - BASE_DATE) / pd.Timedelta(seconds=1)).fillna(0.0)
    out["start"] = seconds.map(repr)
    return out


def check_header(names: list[str], header_line: int, where: str) -> bool:
    """Refuse a header that lacks a teletraffic log's columns (naming those missing, not
    echoing the file's); whether it is the CRM-ready log's."""
    crm = set(CRM_REQUIRED) <= set(names)
    wanted = CRM_REQUIRED if crm else REQUIRED
    missing = [c for c in wanted if c not in names]
    if missing:
        raise CdrError(
            where,
            [
                (
                    header_line,
                    f"a teletraffic call log needs the columns {', '.join(wanted)}; its "
                    f"header has {len(names)} columns, and none is named "
                    f"{', '.join(missing)}",
                )
            ],
        )
    return crm


def _texts(col: dict[str, pd.Series], n: int) -> dict[str, np.ndarray]:
    """The text columns of the call table (empty where the log lacks one)."""
    return {
        name: cell_text(col[name]) if name in col else np.full(n, "", dtype=object)
        for name in ("direction", "outcome", "number", "caller", "line", "stream")
    }


def _own_chunk(
    raw: pd.DataFrame, lines: np.ndarray, names: list[str], crm: bool, problems: Problems
) -> pd.DataFrame:
    """One chunk of the log as columns of the call table, ``start`` in seconds from the
    start of the run and ``day`` (0: none) beside it."""
    col = {name: raw[i] for i, name in reversed(list(enumerate(names)))}  # first wins
    if crm:
        col = _crm_columns(col, lines, problems)
    n = len(raw)
    start = durations(
        col["start"], "start", lines, problems, what="a number of seconds", maximum=3e9
    )  # seconds from the start of the run: up to about a century
    wait = durations(col["wait"], "wait", lines, problems)
    talk = durations(col["talk"], "talk", lines, problems)
    text = _texts(col, n)
    direction, outcome = text["direction"], text["outcome"]
    bad = ~np.isin(direction, ["in", "out", "internal"])
    problems.rows(bad, lines, direction, "column 'direction': {value} is not in, out or internal")
    problems.rows(
        ~np.isin(outcome, sorted(_LABELS)),
        lines,
        outcome,
        f"column 'outcome': {{value}} is not a call outcome ({', '.join(sorted(_LABELS))})",
    )
    rep = (
        whole_numbers(col["replication"], "replication", lines, problems, 0)
        if "replication" in col
        else np.zeros(n, dtype=np.int64)
    )
    day = np.zeros(n, dtype=np.int64)
    if "day" in col:
        day = whole_numbers(col["day"], "day", lines, problems, 1)
        off = day != np.floor(start / 86400.0).astype(np.int64) + 1
        problems.rows(
            off,
            lines,
            cell_text(col["day"]),
            "column 'day': {value} is not the day of column 'start'",
        )
    frame = pd.DataFrame({"seconds": start, **text, "wait": wait, "talk": talk})
    frame["window"], frame["day"], frame["file_line"] = rep, day, lines
    for name in ("direction", "number", "outcome", "line", "stream"):
        frame[name] = frame[name].astype("category")
    return frame


def read_own(
    chunks: Iterable[tuple[pd.DataFrame, np.ndarray]],
    names: list[str],
    header_line: int,
    problems: Problems,
) -> tuple[pd.DataFrame, bool]:
    """The call table of a teletraffic log (its header *names*, its records in
    *chunks*), and whether it is of a steady-state run."""
    crm = check_header(names, header_line, problems.where)
    pieces = [_own_chunk(raw, lines, names, crm, problems) for raw, lines in chunks]
    problems.check()
    if not pieces:
        return pd.DataFrame(columns=list(CDR_COLUMNS)), False
    frame = concat_chunks(pieces)
    del pieces
    start, rep = frame.pop("seconds").to_numpy(), frame["window"].to_numpy()
    steady = "day" not in names
    if steady:  # one continuous stretch per replication, laid end to end
        span_days = math.floor(float(start.max(initial=0.0)) / 86400.0) + 2
    else:
        span_days = int(frame["day"].max())
    frame.pop("day")
    offset = pd.to_timedelta(rep * span_days, unit="D") + pd.to_timedelta(start, unit="s")
    frame["start"] = (BASE_DATE + pd.Series(offset)).astype("datetime64[ns]")
    caller = frame["caller"].astype(object)
    frame["caller"] = (frame["window"].astype(str) + "-" + caller).where(caller != "", "")
    for name in ("direction", "number", "outcome", "line", "stream"):
        frame[name] = frame[name].astype(object)
    return frame[list(CDR_COLUMNS)], steady
