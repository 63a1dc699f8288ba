"""Call legs of a PBX's headerless CDR file, read in chunks and grouped into callers.

A PBX writes one record per call *leg*: a call to a ring group of three phones is three
records (Asterisk: the same ``linkedid``, a ``uniqueid`` each; FreeSWITCH with
``legs=ab``: an A leg whose ``bleg_uuid`` names the B leg, B legs whose
``originating_leg_uuid`` names the A leg). :func:`read_legs` reads the records of a
:class:`~teletraffic.cdr.layouts.Layout` chunk by chunk (pandas' C reader, so a
million records fit in memory), checks each value, makes each record a row of the
call table (:data:`~teletraffic.cdr.table.CDR_COLUMNS`) with its dialect's rules
(:class:`Dialect`: Asterisk's dispositions and contexts, FreeSWITCH's hangup causes),
and groups the legs of one caller into one row (:func:`group_legs`).

Impossible values are problems naming the line, the field and the value: a date that
is not one or lies outside :data:`~teletraffic.cdr.cells.DATE_RANGE`, a call that ends
before it starts or is answered outside its span, a negative duration, ``billsec``
over ``duration``, a duration longer than the span from start to end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from teletraffic.cdr.cells import durations, stamps
from teletraffic.cdr.chunks import ColumnBuffer, Records, as_category
from teletraffic.cdr.layouts import Layout
from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.source import FileFacts, Repairs
from teletraffic.cdr.table import CDR_COLUMNS, per_distinct

__all__ = ["Dialect", "direction_of", "group_legs", "read_legs"]

_SLACK = 2.0
"""Seconds a duration may exceed the span from start to end (whole-second rounding)."""

_IN_CONTEXT = ("from-trunk", "from-pstn", "from-did", "ext-did", "from-external", "incoming")
_IN_WORDS = ("inbound", "incoming", "trunk", "pstn", "did", "external", "provider", "public")
_OUT_WORDS = ("outbound", "outgoing", "outrt")
_HOLD_APPS = ("queue", "wait", "playback", "background", "musiconhold", "read")
_RANK = {"answered": 0, "placed": 0, "abandoned": 1, "unanswered": 2, "busy": 3, "blocked": 4}


@dataclass(frozen=True)
class Dialect:
    """What one PBX's fields mean.

    *dispositions* turns the ``disposition`` column (text) and whether each leg was
    answered into Asterisk's dispositions (``ANSWERED``, ``NO ANSWER``, ``BUSY``,
    ``FAILED``, ``CONGESTION``) or ``CANCEL`` (the caller hung up before an answer),
    and a mask of values it does not know; *expected* names those values for a
    problem. *keys* gives each leg's caller: legs with the same key are one caller
    (the table's call-id columns, ``uniqueid``, ``linkedid``, ``bleg``, ``origin``, hold
    64-bit hashes of the ids, 0 for none).
    """

    name: str
    dispositions: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    expected: str
    keys: Callable[[pd.DataFrame], pd.Series | None]


def _is_extension(numbers: pd.Series) -> np.ndarray:
    return per_distinct(
        numbers, lambda u: u.str.fullmatch(r"\+?\d{1,5}").fillna(False).astype(bool)
    ).astype(bool)


def direction_of(src: pd.Series, dst: pd.Series, context: pd.Series) -> np.ndarray:
    """``in``, ``out`` or ``internal`` per leg: from the dialplan context (``from-trunk``,
    ``public`` ... in; ``outbound`` ... out) or, failing that, from the numbers (two
    extensions: internal; an extension calling six digits or more: out)."""

    def context_kind(u: pd.Series) -> pd.Series:
        low = u.str.lower()
        into = low.str.startswith(_IN_CONTEXT) | low.str.contains("|".join(_IN_WORDS))
        out = low.str.contains("|".join(_OUT_WORDS))
        inner = low.str.startswith("from-internal")
        return pd.Series(np.select([into, out, inner], [1, 2, 3], default=0))

    kind = per_distinct(context, context_kind)
    into, out, internal_ctx = kind == 1, kind == 2, kind == 3
    src_ext, dst_ext = _is_extension(src), _is_extension(dst)
    long_dst = per_distinct(dst, lambda u: u.str.count(r"\d") >= 6).astype(bool)
    dialled = ~dst.isin(["", "s"]).to_numpy()
    return np.select(
        [
            into,
            out,
            src_ext & dst_ext,
            src_ext & long_dst,
            internal_ctx & ~dst_ext & dialled,
            internal_ctx,
        ],
        ["in", "out", "internal", "out", "out", "internal"],
        default="in",
    ).astype(object)


def _trunks(channel: pd.Series) -> pd.Series:
    """``SIP/provider-00000a1b`` -> ``SIP/provider``."""
    return channel.str.replace(r"-[0-9a-fA-F]+(;\d+)?$", "", regex=True)


def _outcomes(
    direction: np.ndarray,
    disposition: np.ndarray,
    total: np.ndarray,
    bill: np.ndarray,
    app: pd.Series,
    bridged: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Outcome, wait and talk of each leg (Asterisk's rules; see :mod:`asterisk`)."""
    out = direction == "out"
    answered = disposition == "ANSWERED"
    held = app.isin(_HOLD_APPS).to_numpy() & ~bridged
    voicemail = (app == "voicemail").to_numpy()
    busy = np.isin(disposition, ["BUSY", "CONGESTION"])
    blocked = out & np.isin(disposition, ["FAILED", "CONGESTION"])
    outcome = np.select(
        [
            blocked,
            out,
            answered & held,
            answered & voicemail,
            answered,
            busy,
            disposition == "CANCEL",
        ],
        ["blocked", "placed", "abandoned", "unanswered", "answered", "busy", "abandoned"],
        default="unanswered",
    ).astype(object)
    talk = np.where(np.isin(outcome, ["answered", "placed"]), bill, 0.0)
    wait = np.select(
        [
            np.isin(outcome, ["blocked", "busy"]),
            np.isin(outcome, ["answered", "placed"]) | (answered & voicemail),
        ],
        [0.0, total - bill],
        default=total,
    )
    return outcome, wait, talk


def _check_spans(chunk: pd.DataFrame, rows: np.ndarray, problems: Problems) -> None:
    """Problems for legs whose times contradict each other."""
    start = chunk["start"]
    if "end" in chunk:
        end = chunk["end"]
        bad = (end < start).to_numpy()
        problems.rows(
            bad,
            rows,
            chunk["end_text"].to_numpy(),
            "field 'end': {value} is before the start of the call; a call cannot end "
            "before it starts",
        )
        span = (end - start).dt.total_seconds().to_numpy()
        long = np.isfinite(span) & (chunk["duration"].to_numpy() > span + _SLACK) & ~bad
        problems.rows(
            long,
            rows,
            chunk["duration"].to_numpy(dtype=float).tolist(),
            "field 'duration': {value} s is longer than the record's span from start to end",
        )
    if "answer" in chunk:
        answer = chunk["answer"]
        early = (answer < start).to_numpy()
        late = np.zeros(len(chunk), dtype=bool)
        if "end" in chunk:
            late = ((answer > chunk["end"]) & (chunk["end"] >= start)).to_numpy()
        problems.rows(
            early | late,
            rows,
            chunk["answer_text"].to_numpy(),
            "field 'answer': {value} is not between the call's start and end",
        )
    over = chunk["billsec"].to_numpy() > chunk["duration"].to_numpy() + _SLACK
    problems.rows(
        over,
        rows,
        chunk["billsec"].to_numpy(dtype=float).tolist(),
        "field 'billsec': {value} s of talk is longer than the call's duration",
    )


_TEXT = ("src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp")
_KEYS = ("uniqueid", "linkedid", "bleg", "origin")


def _times(
    text: Callable[[str], pd.Series], names: set[str], rows: np.ndarray, problems: Problems, n: int
) -> tuple[dict[str, object], np.ndarray, np.ndarray, np.ndarray]:
    """A chunk's times: the stamps (and their text, for problems), the duration and the
    billed seconds (each from the others when the layout lacks it), and whether each
    leg has an answer stamp."""
    frame: dict[str, object] = {}
    frame["start"] = stamps(text("start"), "start", rows, problems, required=True)
    for name in ("answer", "end"):
        if name in names:
            raw = text(name)
            frame[name] = stamps(raw, name, rows, problems, required=False)
            frame[f"{name}_text"] = pd.Series(raw.to_numpy(), dtype=object)
    total = durations(text("duration"), "duration", rows, problems) if "duration" in names else None
    bill = durations(text("billsec"), "billsec", rows, problems) if "billsec" in names else None
    answered_at = frame.get("answer")
    has_answer = (
        pd.Series(answered_at).notna().to_numpy() if answered_at is not None else np.zeros(n, bool)
    )
    if total is None:
        if "end" in frame:
            span = (pd.Series(frame["end"]) - pd.Series(frame["start"])).dt.total_seconds()
            total = np.nan_to_num(span.to_numpy(dtype=float), nan=0.0).clip(min=0.0)
        else:
            total = bill if bill is not None else np.zeros(n)
    if bill is None:
        bill = np.zeros(n)
    frame["duration"], frame["billsec"] = total, bill
    return frame, total, bill, has_answer


def _chunk_calls(
    cells: pd.DataFrame,
    rows: np.ndarray,
    layout: Layout,
    dialect: Dialect,
    problems: Problems,
    repairs: Repairs,
    utf8: bool,
) -> dict[str, Any]:
    """The legs of one chunk as columns of the call table (plus ``key`` columns; no
    ``stream`` and ``window``, the same for every leg); *utf8*: the file is all UTF-8,
    no cell needs repairing."""
    col = {name: cells[layout.names.index(name)] for name in layout.names if name}
    n = len(cells)

    def text(name: str) -> pd.Series:
        if name not in col:
            return pd.Series([""] * n, dtype=object)
        return col[name] if utf8 else repairs.cells(col[name], name, rows)

    frame, total, bill, has_answer = _times(text, set(col), rows, problems, n)
    raw_disp = per_distinct(text("disposition"), lambda u: u.str.strip().str.upper())
    disposition, unknown = dialect.dispositions(raw_disp, (bill > 0) | has_answer)
    problems.rows(
        unknown, rows, raw_disp, f"field 'disposition': {{value}} is not {dialect.expected}"
    )
    checks = pd.DataFrame(frame)
    _check_spans(checks, rows, problems)
    src, dst, context = text("src"), text("dst"), text("dcontext")
    text("clid")  # read for its encoding only
    direction = direction_of(src, dst, context)
    bridged = (text("dstchannel") != "").to_numpy()
    outcome, wait, talk = _outcomes(
        direction,
        disposition,
        total,
        np.minimum(bill, total),
        pd.Series(per_distinct(text("lastapp"), lambda u: u.str.strip().str.lower()), dtype=object),
        bridged,
    )
    trunk_in = _trunks(text("channel")).to_numpy()
    trunk_out = _trunks(text("dstchannel")).to_numpy()
    out = direction == "out"
    line = np.where(out, trunk_out, trunk_in)
    number = np.where(out, trunk_out, np.where(dst.isin(["s"]).to_numpy(), "", dst.to_numpy()))
    codes, callers = pd.factorize(src.to_numpy(dtype=object))  # one string per caller id
    table: dict[str, Any] = {
        "start": pd.Series(frame["start"]).to_numpy(),
        "direction": as_category(direction),
        "number": as_category(number),
        "caller": callers[codes],
        "outcome": as_category(outcome),
        "wait": wait.astype(float),
        "talk": talk.astype(float),
        "line": as_category(line),
        "file_line": rows,
    }
    for key in _KEYS:
        if key in col:  # a call id as a 64-bit hash (8 bytes, not a string); empty: 0
            ids = text(key).to_numpy(dtype=object)
            hashed = pd.util.hash_array(ids)
            hashed[ids == ""] = 0
            table[key] = hashed
    return table


def read_legs(
    facts: FileFacts,
    layout: Layout,
    dialect: Dialect,
    notes: list[str],
    *,
    skip_first: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The call table of a headerless PBX file, one row per caller (legs grouped).

    *skip_first* drops a header line some exports add. *progress* is told after each
    chunk the records read so far and the file's lines. Raises :class:`CdrError` listing
    every problem found.
    """
    problems = Problems(facts.where)
    repairs = Repairs()
    wanted = [i for i, name in enumerate(layout.names) if name]
    records = Records(
        facts,
        layout.width,
        problems,
        delimiter=layout.delimiter,
        quote=layout.quote,
        usecols=wanted,
    )
    legs = ColumnBuffer(facts.lines)
    for cells, rows in records:
        if skip_first:  # the header some exports add
            cells, rows = cells.iloc[1:].reset_index(drop=True), rows[1:]
            skip_first = False
        legs.append(_chunk_calls(cells, rows, layout, dialect, problems, repairs, facts.utf8))
        if progress is not None:
            progress(records.lines_read, facts.lines)
    problems.check()
    if not legs.rows:
        raise CdrError(facts.where, [(None, "has no call records")])
    table = legs.frame()
    del legs
    if (note := repairs.note()) is not None:
        notes.append(note)
    notes.append(f"columns: {layout.source}")
    table = group_legs(table, dialect.keys(table), notes)
    for name in ("direction", "number", "outcome", "line"):
        # shared strings: an object column of them costs a pointer a row
        table[name] = table[name].astype(object)
    stream = pd.Series(np.full(len(table), "", dtype=object), index=table.index, dtype=object)
    table.insert(CDR_COLUMNS.index("stream"), "stream", stream)
    table.insert(CDR_COLUMNS.index("window"), "window", np.zeros(len(table), dtype=np.int64))
    return table


def group_legs(frame: pd.DataFrame, key: pd.Series | None, notes: list[str]) -> pd.DataFrame:
    """One row per caller: the legs with the same *key* joined.

    The caller's row is the leg that got furthest (answered, then hung up on hold, rung
    out, busy: its outcome, talk and file line) with the first leg's direction, number,
    caller id and line, and the start of the earliest leg; its wait runs from that start
    to the chosen leg's answer (or end). ``attrs["legs"]`` keeps how many legs
    there were.
    """
    legs = len(frame)
    frame = frame.drop(columns=[k for k in _KEYS if k in frame])
    if key is None or not len(frame):
        frame.attrs["legs"] = legs
        return frame
    ids = key.to_numpy()
    lines = frame["file_line"].to_numpy()
    rank = per_distinct(frame["outcome"], lambda u: u.map(_RANK)).astype(float)
    order = np.lexsort((lines, rank, ids))  # by caller, the furthest leg first
    ordered = ids[order]
    heads = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])  # each caller's first
    del ordered
    if len(heads) == legs:
        frame.attrs["legs"] = legs
        return frame
    best = order[heads]
    first = np.lexsort((lines, ids))[heads]  # by caller, the first leg first
    starts = frame["start"].to_numpy()
    earliest = _earliest(starts[order], heads)
    del order, rank
    keep = np.argsort(lines[best], kind="stable")  # callers in file order
    best, first, earliest = best[keep], first[keep], earliest[keep]
    joined = frame.take(best).reset_index(drop=True)
    leads = ["direction", "number", "caller", "line"]
    joined[leads] = frame[leads].take(first).reset_index(drop=True)  # dtypes kept
    lead = (starts[best] - earliest) / np.timedelta64(1, "s")
    waits = joined["wait"].to_numpy()
    lost_at_once = joined["outcome"].isin(["busy", "blocked"]).to_numpy()
    joined["wait"] = np.where(lost_at_once, waits, waits + lead)
    joined["start"] = earliest
    notes.append(
        f"{legs:,} call legs make {len(joined):,} calls: the legs of one caller (a ring "
        "group, a transfer, a queue) were joined by their call id"
    )
    joined.attrs["legs"] = legs
    return joined


def _earliest(starts: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """The earliest of each run of *starts* (datetimes) beginning at *heads*, a missing
    start (NaT) left out as long as the run has another."""
    ticks = starts.view(np.int64).copy()
    missing = np.isnat(starts)
    top = np.iinfo(np.int64).max
    ticks[missing] = top
    least = np.minimum.reduceat(ticks, heads)
    least[least == top] = np.datetime64("NaT").astype(starts.dtype).view(np.int64)
    return least.view(starts.dtype)
