"""Asterisk's ``Master.csv`` (``cdr_csv``) read as call records.

One record per call leg, no header, 16 fields (``accountcode, src, dst, dcontext, clid,
channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
disposition, amaflags``) and up to five more when configured (``uniqueid, userfield,
peeraccount, linkedid, sequence``); see Asterisk's ``cdr_csv`` documentation. The
direction comes from the dialplan context (``from-trunk`` ... in, ``outbound`` ...
out) or, failing that, from the shape of the numbers; ``billsec`` is the talk and
``duration - billsec`` the wait. Records with the same ``uniqueid`` are one call: the
one that got furthest is kept. What Master.csv cannot say (who hung up a call nobody
answered, hold times in a queue) goes into the notes.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from teletraffic.cdr.cells import cell_text, datetimes, durations
from teletraffic.cdr.phone import digits_of, is_extension
from teletraffic.cdr.problems import Problems

__all__ = ["ASTERISK_DATE", "DISPOSITIONS", "looks_like_master_csv", "read_asterisk"]

DISPOSITIONS = ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION", "NULL")
"""The values of Master.csv's ``disposition``."""
ASTERISK_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
"""A date and time as Master.csv writes it: ``2024-03-04 09:02:11``."""


_FIELDS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
    "peeraccount",
    "linkedid",
    "sequence",
)
_IN_CONTEXT = ("from-trunk", "from-pstn", "from-did", "ext-did", "from-external", "incoming")
_IN_CONTEXT_WORDS = ("inbound", "incoming", "trunk", "pstn", "did", "external", "provider")
_OUT_CONTEXT_WORDS = ("outbound", "outgoing", "outrt")
_HOLD_APPS = frozenset({"queue", "wait", "playback", "background", "musiconhold", "read"})


def looks_like_master_csv(first: list[str]) -> bool:
    """True when the first record is a Master.csv record: 16 to 21 fields, a start date
    in the 10th and a disposition in the 15th."""
    return bool(
        16 <= len(first) <= 21
        and ASTERISK_DATE.match(first[9].strip())
        and first[14].strip().upper() in DISPOSITIONS
    )


def _trunk(channel: str) -> str:
    """``SIP/provider-00000a1b`` -> ``SIP/provider``."""
    return re.sub(r"-[0-9a-fA-F]+(;\d+)?$", "", channel.strip())


def _direction(src: str, dst: str, context: str) -> str:
    ctx = context.strip().lower()
    if ctx.startswith(_IN_CONTEXT) or any(w in ctx for w in _IN_CONTEXT_WORDS):
        return "in"
    if any(w in ctx for w in _OUT_CONTEXT_WORDS):
        return "out"
    src_ext, dst_ext = is_extension(src), is_extension(dst)
    if src_ext and dst_ext:
        return "internal"
    if src_ext and len(digits_of(dst)) >= 6:
        return "out"
    if ctx.startswith("from-internal") and not dst_ext and dst.strip() not in ("", "s"):
        return "out"
    if ctx.startswith("from-internal"):
        return "internal"
    return "in"


def read_asterisk(
    records: list[tuple[int, list[str]]], where: str, notes: list[str]
) -> pd.DataFrame:
    """The call table of a Master.csv; what was assumed is appended to *notes*."""
    problems = Problems(where)
    raw, lines = _fields(records, problems)
    start, _ = datetimes(cell_text(raw["start"]), "start", lines, problems)
    duration = durations(raw["duration"], "duration", lines, problems)
    billsec = durations(raw["billsec"], "billsec", lines, problems)
    disposition = np.asarray([d.upper() for d in raw["disposition"].tolist()], dtype=object)
    unknown = ~np.isin(disposition, list(DISPOSITIONS))
    problems.rows(
        unknown,
        lines,
        raw["disposition"].tolist(),
        "column 'disposition': {value} is not ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION",
    )
    problems.check()
    frame, queue_abandons, queue_answers = _calls(raw, lines, start, duration, billsec, disposition)
    frame = _merge_legs(frame, raw["uniqueid"].to_numpy(dtype=object), notes)
    _note_what_is_assumed(frame, queue_abandons, queue_answers, notes)
    return frame


def _fields(
    records: list[tuple[int, list[str]]], problems: Problems
) -> tuple[pd.DataFrame, np.ndarray]:
    """The records of 16 to 21 fields as a frame of 21 named text columns, and their lines."""
    if records and records[0][1] and records[0][1][0].strip().lower() == "accountcode":
        records = records[1:]  # a header some exports add
    rows: list[list[str]] = []
    lines_list: list[int] = []
    for line, fields in records:
        if not 16 <= len(fields) <= 21:
            problems.add(
                line,
                f"has {len(fields)} fields; an Asterisk Master.csv record has 16 to 21 "
                "(accountcode, src, dst, ..., billsec, disposition, amaflags, [uniqueid, ...])",
            )
            continue
        rows.append([f.strip() for f in fields] + [""] * (21 - len(fields)))
        lines_list.append(line)
    raw = pd.DataFrame(rows, columns=list(_FIELDS), dtype=object)
    return raw, np.asarray(lines_list, dtype=np.int64)


def _outcome(
    direction: str, disp: str, total: float, bill: float, app: str, dstchannel: str
) -> tuple[str, float, float]:
    """The outcome, wait and talk of one record: *total* is its ``duration``, *bill* its
    ``billsec`` (at most *total*), *app* its ``lastapp`` in lower case."""
    wait, talk = total - bill, bill
    if direction == "out":
        outcome = "blocked" if disp in ("FAILED", "CONGESTION") else "placed"
        if outcome == "blocked":
            wait, talk = 0.0, 0.0
    elif disp == "ANSWERED" and not dstchannel and app in _HOLD_APPS:
        outcome, wait, talk = "abandoned", total, 0.0  # answered by the PBX, not a person
    elif disp == "ANSWERED" and app == "voicemail":
        outcome, talk = "unanswered", 0.0
    elif disp == "ANSWERED":
        outcome = "answered"
    elif disp in ("BUSY", "CONGESTION"):
        outcome, wait, talk = "busy", 0.0, 0.0
    else:  # NO ANSWER, FAILED, NULL
        outcome, wait, talk = "unanswered", total, 0.0
    return outcome, wait, talk


def _calls(
    raw: pd.DataFrame,
    lines: np.ndarray,
    start: pd.Series,
    duration: np.ndarray,
    billsec: np.ndarray,
    disposition: np.ndarray,
) -> tuple[pd.DataFrame, int, int]:
    """One row of the call table per record, and how many calls the PBX answered itself
    with nobody connected (Queue, Playback, ...) and how many were answered through a
    queue."""
    directions: list[str] = []
    outcomes: list[str] = []
    waits: list[float] = []
    talks: list[float] = []
    numbers: list[str] = []
    callers: list[str] = []
    trunks: list[str] = []
    queue_abandons = 0
    queue_answers = 0
    for i, rec in enumerate(raw.itertuples(index=False)):
        src, dst, ctx = str(rec.src), str(rec.dst), str(rec.dcontext)
        direction = _direction(src, dst, ctx)
        total, bill = float(duration[i]), min(float(billsec[i]), float(duration[i]))
        app = str(rec.lastapp).strip().lower()
        outcome, wait, talk = _outcome(
            direction, str(disposition[i]), total, bill, app, str(rec.dstchannel)
        )
        queue_abandons += outcome == "abandoned"
        queue_answers += outcome == "answered" and app == "queue"
        directions.append(direction)
        outcomes.append(outcome)
        waits.append(wait)
        talks.append(talk)
        trunk = _trunk(str(rec.channel) if direction == "in" else str(rec.dstchannel))
        if direction == "out":
            numbers.append(trunk)
            callers.append(src)
        else:
            numbers.append("" if dst in ("s", "") else dst)
            callers.append(src)
        trunks.append(trunk)
    frame = pd.DataFrame(
        {
            "start": start,
            "direction": directions,
            "number": numbers,
            "caller": callers,
            "outcome": outcomes,
            "wait": waits,
            "talk": talks,
            "line": trunks,
            "stream": "",
            "window": 0,
            "file_line": lines,
        }
    )
    return frame, queue_abandons, queue_answers


def _merge_legs(frame: pd.DataFrame, uid: np.ndarray, notes: list[str]) -> pd.DataFrame:
    """Several records of one call (the same ``uniqueid``): keep the one that got furthest."""
    if len(frame) and all(uid):
        rank = frame["outcome"].map(
            {"answered": 0, "placed": 0, "abandoned": 1, "unanswered": 2, "busy": 3}
        )
        frame = frame.assign(_uid=uid, _rank=rank.fillna(4))
        before = len(frame)
        frame = frame.sort_values(["_uid", "_rank", "file_line"]).drop_duplicates("_uid")
        frame = frame.sort_values("file_line").drop(columns=["_uid", "_rank"])
        if len(frame) < before:
            notes.append(
                f"{before - len(frame)} further records of calls already seen (same uniqueid) "
                "were merged"
            )
    return frame


def _note_what_is_assumed(
    frame: pd.DataFrame, queue_abandons: int, queue_answers: int, notes: list[str]
) -> None:
    """Say in *notes* what Master.csv cannot tell and how it was read instead."""
    if queue_abandons:
        notes.append(
            f"{queue_abandons} calls answered by the PBX itself (Queue, Playback, ...) with "
            "nobody connected are counted as callers who hung up on hold"
        )
    if queue_answers:
        notes.append(
            f"{queue_answers} calls were answered through Queue(); when the queue answers "
            "first, Master.csv counts the time on hold as talk (billsec), so their waits read "
            "short and their talk long (the queue_log has the hold times)"
        )
    rang_out = int(((frame["direction"] == "in") & (frame["outcome"] == "unanswered")).sum())
    if rang_out:
        notes.append(
            f"Master.csv does not say who hung up a call nobody answered: {rang_out} such calls "
            "count as rung out (unanswered, a lower bound on patience), so patience is "
            "estimated from queue hang-ups only"
        )
