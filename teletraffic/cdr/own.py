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

import numpy as np
import pandas as pd

from teletraffic.cdr.cells import cell_text, durations, whole_numbers
from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.source import header_rows
from teletraffic.cdr.table import BASE_DATE
from teletraffic.records import Outcome

__all__ = ["REQUIRED", "looks_like_call_log", "read_own"]

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
    col: dict[str, pd.Series], lines: np.ndarray, problems: Problems, where: str
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


def read_own(records: list[tuple[int, list[str]]], where: str) -> tuple[pd.DataFrame, bool]:
    """The call table of a teletraffic log, and whether it is of a steady-state run."""
    problems = Problems(where)
    header_line, header = records[0]
    names = [h.strip().lower() for h in header]
    crm = set(CRM_REQUIRED) <= set(names)
    wanted = CRM_REQUIRED if crm else REQUIRED
    missing = [c for c in wanted if c not in names]
    if missing:
        raise CdrError(
            where,
            [
                (
                    header_line,
                    f"a teletraffic call log needs the columns {', '.join(wanted)}; "
                    f"missing: {', '.join(missing)} (columns: {', '.join(names)})",
                )
            ],
        )
    raw, lines = header_rows(records[1:], names, problems)
    col = {name: raw[i] for i, name in reversed(list(enumerate(names)))}  # first wins
    if crm:
        col = _crm_columns(col, lines, problems, where)
    n = len(raw)

    def text(name: str, default: str = "") -> np.ndarray:
        return cell_text(col[name]) if name in col else np.full(n, default, dtype=object)

    start = durations(
        col["start"], "start", lines, problems, what="a number of seconds", maximum=3e9
    )  # seconds from the start of the run: up to about a century
    wait = durations(col["wait"], "wait", lines, problems)
    talk = durations(col["talk"], "talk", lines, problems)
    direction = text("direction")
    bad = ~np.isin(direction, ["in", "out", "internal"])
    problems.rows(bad, lines, direction, "column 'direction': {value} is not in, out or internal")
    outcome = text("outcome")
    bad = ~np.isin(outcome, sorted(_LABELS))
    problems.rows(
        bad,
        lines,
        outcome,
        f"column 'outcome': {{value}} is not a call outcome ({', '.join(sorted(_LABELS))})",
    )
    rep = (
        whole_numbers(col["replication"], "replication", lines, problems, 0)
        if "replication" in col
        else np.zeros(n, dtype=np.int64)
    )
    steady = "day" not in col
    if not steady:
        day = whole_numbers(col["day"], "day", lines, problems, 1)
        off = day != np.floor(start / 86400.0).astype(np.int64) + 1
        problems.rows(
            off, lines, text("day"), "column 'day': {value} is not the day of column 'start'"
        )
    problems.check()
    if steady:  # one continuous stretch per replication, laid end to end
        span_days = math.floor(float(start.max(initial=0.0)) / 86400.0) + 2
    else:
        span_days = int(day.max(initial=1))
    offset = pd.to_timedelta(rep * span_days, unit="D") + pd.to_timedelta(start, unit="s")
    caller = text("caller")
    caller = np.asarray(
        [f"{r}-{c}" if c else "" for r, c in zip(rep.tolist(), caller.tolist(), strict=True)],
        dtype=object,
    )
    frame = pd.DataFrame(
        {
            "start": (BASE_DATE + pd.Series(offset)).astype("datetime64[ns]"),
            "direction": direction,
            "number": text("number"),
            "caller": caller,
            "outcome": outcome,
            "wait": wait,
            "talk": talk,
            "line": text("line"),
            "stream": text("stream"),
            "window": rep,
            "file_line": lines,
        }
    )
    return frame, steady
