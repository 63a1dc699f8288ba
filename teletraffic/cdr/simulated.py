"""The simulated call log: the engine's columnar tables as a DataFrame and as calls.csv.

The engine keeps each replication's attempts as a :class:`~teletraffic.records.CallTable`
(numpy rows, in memory or in a file written a chunk at a time while the run goes on).
From the tables come the call log as a DataFrame (:func:`call_frame`, what
``SimulationResult.calls`` holds) and the CRM-ready ``calls.csv``, written
:data:`WRITE_ROWS` rows at a time (:func:`write_crm`) in the columns and order of
:func:`~teletraffic.cdr.calls_out.crm_call_log` on the whole log, or the same columns as
Parquet (the optional extra ``teletraffic-sim[parquet]``): the memory a million calls
take stays that of their numeric columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from teletraffic.cdr.calls_out import crm_call_log
from teletraffic.records import CallTable, Outcome

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = ["WRITE_ROWS", "call_frame", "write_crm"]

WRITE_ROWS = 25_000
"""Rows of calls.csv formatted at a time."""

_NEEDED = ("caller", "attempt", "stream", "line", "arrival", "wait", "talk", "outcome")


def _frame(
    scenario: Scenario, replication: int, cols: dict[str, np.ndarray], full: bool
) -> pd.DataFrame:
    """The call-log rows of *cols* (one replication) with names for the indices."""
    depts = scenario.effective_departments
    streams = scenario.traffic
    dept_names = np.array([d.name for d in depts] + [""], dtype=object)
    line_names = np.array([x.name for x in scenario.lines] + [""], dtype=object)
    directions = np.array(
        ["in" if s.inbound else ("internal" if s.to else "out") for s in streams], dtype=object
    )
    stream_names = np.array([s.name for s in streams], dtype=object)
    numbers = np.array([s.dial or "" for s in streams], dtype=object)
    labels = np.array([o.label for o in Outcome], dtype=object)

    def staff(dep: np.ndarray, member: np.ndarray) -> np.ndarray:
        out = np.full(len(dep), "", dtype=object)
        has = dep >= 0
        if has.any():
            pairs, inverse = np.unique(
                np.stack([dep[has], member[has]]).T, axis=0, return_inverse=True
            )
            names = np.array([f"{depts[d].name}/{m + 1}" for d, m in pairs.tolist()], dtype=object)
            out[has] = names[inverse.reshape(-1)]
        return out

    n = len(cols["caller"])
    stream = cols["stream"].astype(np.intp)
    data: dict[str, Any] = {
        "replication": np.full(n, replication, dtype=np.int64),
        "caller": cols["caller"].astype(np.int64),
        "attempt": cols["attempt"].astype(np.int64),
        "direction": directions[stream],
        "stream": stream_names[stream],
        "line": line_names[cols["line"].astype(np.intp)],  # -1: the last, ""
        "number": numbers[stream],
        "department": dept_names[cols["staff_department"].astype(np.intp)],
        "staff": staff(cols["staff_department"], cols["staff"]),
    }
    if full:
        data["first_department"] = dept_names[cols["first_department"].astype(np.intp)]
        data["first_staff"] = staff(cols["first_department"], cols["first_staff"])
    data["start"] = cols["arrival"]
    data["wait"] = cols["wait"]
    data["talk"] = cols["talk"]
    data["outcome"] = labels[cols["outcome"].astype(np.intp)]
    if "callback_wait" in cols:  # a department offers callbacks
        data["callback"] = cols["callback"]
        data["callback_wait"] = cols["callback_wait"]
    if full:
        data["measured"] = cols["measured"]
        data["outside_talk"] = cols["outside_talk"]
    frame = pd.DataFrame(data)
    whole = np.floor(cols["arrival"]).astype(np.int64)  # 17:59:59.7 is 17:59:59
    if scenario.period.days is not None:
        frame["day"] = whole // 86400 + 1
        whole = whole % 86400
    frame["time"] = [f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}" for t in whole.tolist()]
    return frame


def _callback_columns(scenario: Scenario) -> list[str]:
    """``callback`` (0 none offered, 1 declined, 2 taken) and ``callback_wait`` where a
    department offers callbacks (the columns are there only then)."""
    if any(d.callback is not None for d in scenario.effective_departments):
        return ["callback", "callback_wait"]
    return []


def call_frame(scenario: Scenario, logs: Sequence[CallTable | None]) -> pd.DataFrame:
    """The call attempts of every replication as one table, one row per attempt (the
    columns :func:`teletraffic.runner.simulate` documents for ``result.calls``)."""

    names = [*_NEEDED, "staff_department", "staff", "first_department", "first_staff"]
    names += ["measured", "outside_talk", *_callback_columns(scenario)]
    frames = [_frame(scenario, r, log.columns(names), True) for r, log in enumerate(logs) if log]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def write_crm(
    path: Path, scenario: Scenario, logs: Sequence[CallTable | None], fmt: str = "csv"
) -> None:
    """The CRM-ready call log of *logs* into *path* (``csv`` or ``parquet``), a chunk of
    :data:`WRITE_ROWS` rows at a time: the columns and rows of
    :func:`~teletraffic.cdr.calls_out.crm_call_log` on the whole log."""
    steady = scenario.period.days is None
    writer: Any = None
    wrote = False
    for r, log in enumerate(logs):
        if not log:
            continue
        cols = log.columns([*_NEEDED, "staff_department", "staff", *_callback_columns(scenario)])
        order = np.argsort(cols["arrival"], kind="stable")
        for name in cols:  # one column at a time: one column's copy at the peak
            cols[name] = cols[name][order]
        n = len(order)
        del order
        # a redial's previous attempt: the caller's row before, in start order
        by_caller = np.lexsort((np.arange(n), cols["caller"]))
        prev = np.full(n, -1, dtype=np.int64)
        same = cols["caller"][by_caller[1:]] == cols["caller"][by_caller[:-1]]
        prev[by_caller[1:][same]] = by_caller[:-1][same]
        prev[cols["attempt"] <= 1] = -1
        del by_caller, same
        for lo in range(0, n, WRITE_ROWS):
            hi = min(lo + WRITE_ROWS, n)
            part = {k: v[lo:hi] for k, v in cols.items()}
            crm = crm_call_log(_frame(scenario, r, part, False), steady=steady)
            crm["call_id"] = [f"{r}-{k + 1:07d}" for k in range(lo, hi)]
            crm["redial_of"] = [f"{r}-{p + 1:07d}" if p >= 0 else "" for p in prev[lo:hi].tolist()]
            if fmt == "parquet":
                writer = _parquet(path, crm, writer)
            else:
                crm.to_csv(path, index=False, header=not wrote, mode="a" if wrote else "w")
            wrote = True
    if writer is not None:
        writer.close()
    if not wrote:
        empty = crm_call_log(None, steady=steady)
        if fmt == "parquet":
            _parquet(path, empty, None).close()
        else:
            empty.to_csv(path, index=False)


def _parquet(path: Path, frame: pd.DataFrame, writer: Any) -> Any:
    """Append *frame* to the Parquet file at *path* (a new writer when *writer* is None)."""
    import pyarrow as pa  # type: ignore[import-not-found, import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-not-found, import-untyped, unused-ignore]

    table = pa.Table.from_pandas(frame.astype(str) if frame.empty else frame, preserve_index=False)
    if writer is None:
        writer = pq.ParquetWriter(path, table.schema)
    writer.write_table(table.cast(writer.schema))
    return writer
