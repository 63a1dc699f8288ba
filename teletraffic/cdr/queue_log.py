"""Asterisk's ``queue_log``: what happened to each caller in a queue, and to each member.

``ast_queue_log()`` (Asterisk's ``main/logger.c``) writes one line per event::

    time|callid|queuename|agent|event|data1|data2|...

*time* in seconds since 1970, *callid* the caller's channel uniqueid, *agent* the
member's name (``NONE`` for the caller's own events). ``apps/app_queue.c`` writes the
events read here, with these data:

======================  ==========================================================
``ENTERQUEUE``          url, caller id number, original position[, caller name]
``CONNECT``             hold time (s), the member channel's uniqueid, ring time (s)
``COMPLETECALLER``,     hold time, talk time (s), original position; the caller or
``COMPLETEAGENT``       the member hung up
``ABANDON``             position, original position, wait (s): hung up on hold
``EXITWITHTIMEOUT``     position, original position, wait: the queue's timeout
``EXITEMPTY``           position, original position, wait: no member left
``EXITWITHKEY``         key, position, original position, wait: left by a key
``RINGNOANSWER``        ring time (ms): a member rang and did not pick up
``BLINDTRANSFER``       extension, context, hold time, talk time, original position
``ATTENDEDTRANSFER``    how, hold time, talk time, original position
``TRANSFER``            (older versions) extension, context, hold time, talk time
======================  ==========================================================

Each caller's stay in a queue becomes one row of the call table
(:data:`~teletraffic.cdr.table.CDR_COLUMNS`; the queue is the ``number`` dialled):
answered (CONNECT; talk from the COMPLETE or TRANSFER that ends it), hung up on hold
(ABANDON: the caller's patience ran out, an observed patience), or left for another
reason (a timeout, an empty queue, a key: ``unanswered``, the patience only known to be
longer than the wait). Answered callers, too, only show that their patience was longer
than their wait: :func:`~teletraffic.cdr.fit_traffic` counts all of them as censored
observations, as survival analysis does. The members' table (``attrs["members"]``)
says per queue and member how many calls each answered, its share, and how often it
rang without an answer (RINGNOANSWER).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.source import FileFacts, read_text

__all__ = ["EVENTS", "looks_like_queue_log", "read_queue_log"]

EVENTS = (
    "ENTERQUEUE",
    "CONNECT",
    "COMPLETECALLER",
    "COMPLETEAGENT",
    "ABANDON",
    "EXITWITHTIMEOUT",
    "EXITEMPTY",
    "EXITWITHKEY",
    "RINGNOANSWER",
    "RINGCANCELED",
    "TRANSFER",
    "BLINDTRANSFER",
    "ATTENDEDTRANSFER",
)
"""The queue events read; others (``QUEUESTART``, ``ADDMEMBER``, ``PAUSE`` ...) are
counted and passed over."""

_EPOCH = re.compile(r"^\d{9,11}(\.\d+)?$")
_EVENT = re.compile(r"^[A-Z_]{3,}$")
_LEFT = {"EXITWITHTIMEOUT": 2, "EXITEMPTY": 2, "EXITWITHKEY": 3, "ABANDON": 2}
"""Events that end a wait without an answer, and which data field holds the wait."""
_TALK = {"COMPLETECALLER": 1, "COMPLETEAGENT": 1, "TRANSFER": 3, "BLINDTRANSFER": 3}
_TALK_ATTENDED = 2


def looks_like_queue_log(first: list[str]) -> bool:
    """True when the first record (split on ``|``) is a queue_log line."""
    return bool(
        len(first) >= 5 and _EPOCH.match(first[0].strip()) and _EVENT.match(first[4].strip())
    )


def _seconds(fields: list[str], index: int) -> float | None:
    try:
        value = float(fields[index])
    except (IndexError, ValueError):
        return None
    return value if 0 <= value < 7 * 86400 else None


class _Log:
    """What the queue_log's lines told so far: each caller's stay (by call id and
    queue), members' answers and rings without an answer, events passed over."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.calls: dict[tuple[str, str], dict[str, object]] = {}
        self.rna: dict[tuple[str, str], int] = {}
        self.answered_by: dict[tuple[str, str], int] = {}
        self.other = 0
        self.orphans = 0

    def read(self, number: int, raw: str) -> None:
        """Take in line *number* of the log."""
        fields = raw.split("|")
        if len(fields) < 5 or not _EPOCH.match(fields[0].strip()):
            self.problems.add(
                number,
                f"is not a queue_log line (time|callid|queue|agent|event|data...): it has "
                f"{len(fields)} fields split by '|'",
            )
            return
        when = float(fields[0])
        callid, queue, agent, event = (f.strip() for f in fields[1:5])
        data = fields[5:]
        if event not in EVENTS:
            self.other += 1
        elif event in ("RINGNOANSWER", "RINGCANCELED"):
            if event == "RINGNOANSWER":
                self.rna[(queue, agent)] = self.rna.get((queue, agent), 0) + 1
        elif event == "ENTERQUEUE":
            self.calls[(callid, queue)] = {
                "start": when,
                "caller": data[1].strip() if len(data) > 1 else "",
                "line": number,
                "outcome": "",
                "wait": 0.0,
                "talk": 0.0,
                "agent": "",
            }
        elif (call := self.calls.get((callid, queue))) is None:
            self.orphans += 1  # the caller entered before the log begins
        else:
            self._event(number, call, queue, agent, event, data)

    def _event(
        self,
        number: int,
        call: dict[str, object],
        queue: str,
        agent: str,
        event: str,
        data: list[str],
    ) -> None:
        """An event of a caller who entered a queue: answered, left, or done talking."""
        if event == "CONNECT":
            wait = _seconds(data, 0)
            if wait is None:
                self.problems.add(
                    number, f"CONNECT: hold time {data[:1]!r} is not a number of seconds"
                )
                return
            call.update(outcome="answered", wait=wait, agent=agent)
            self.answered_by[(queue, agent)] = self.answered_by.get((queue, agent), 0) + 1
        elif event in _LEFT:
            wait = _seconds(data, _LEFT[event])
            if wait is None:
                self.problems.add(number, f"{event}: the wait {data!r} is not a number of seconds")
                return
            call.update(outcome="abandoned" if event == "ABANDON" else "unanswered", wait=wait)
        else:  # the end of an answered call: its talk time
            at = _TALK_ATTENDED if event == "ATTENDEDTRANSFER" else _TALK[event]
            talk = _seconds(data, at)
            if talk is None:
                self.problems.add(
                    number, f"{event}: the talk time {data!r} is not a number of seconds"
                )
                return
            call["talk"] = talk

    def notes(self, notes: list[str]) -> None:
        """Say in *notes* what was left out or passed over, and how times were read."""
        open_ = sum(1 for c in self.calls.values() if not c["outcome"])
        if open_:
            notes.append(
                f"{open_:,} {'caller' if open_ == 1 else 'callers'} entered a queue and had not "
                "left it when the log ends: left out"
            )
        if self.orphans:
            notes.append(
                f"{self.orphans:,} events of callers who entered a queue before the log begins "
                "passed over"
            )
        if self.other:
            notes.append(
                f"{self.other:,} other queue events (QUEUESTART, ADDMEMBER, PAUSE ...) passed over"
            )
        notes.append(
            "times in the queue_log are seconds since 1970 (UTC); patience counts answered and "
            "timed-out callers as censored (their patience was longer than their wait)"
        )


def read_queue_log(facts: FileFacts, notes: list[str]) -> pd.DataFrame:
    """The callers of a queue_log as rows of the call table (``attrs["members"]``: the
    members' table).

    Raises :class:`CdrError` naming the line of a record that is not a queue_log line
    or whose time or data cannot be read.
    """
    log = _Log(Problems(facts.where))
    text = read_text(facts.path, facts.where)
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            log.read(number, raw)
    log.problems.check()
    rows = [c for c in log.calls.values() if c["outcome"]]
    if not rows:
        raise CdrError(facts.where, [(None, "has no caller that entered a queue and left it")])
    table = pd.DataFrame(
        {
            "start": pd.to_datetime([float(str(r["start"])) for r in rows], unit="s"),
            "direction": "in",
            "number": [k[1] for k, c in log.calls.items() if c["outcome"]],
            "caller": [str(r["caller"]) for r in rows],
            "outcome": [str(r["outcome"]) for r in rows],
            "wait": [float(str(r["wait"])) for r in rows],
            "talk": [float(str(r["talk"])) for r in rows],
            "line": "",
            "stream": "",
            "window": 0,
            "file_line": [int(str(r["line"])) for r in rows],
        }
    )
    table = table.sort_values("file_line", kind="stable").reset_index(drop=True)
    table.attrs["members"] = _members(log.answered_by, log.rna)
    log.notes(notes)
    return table


def _members(answered: dict[tuple[str, str], int], rna: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Per queue and member: calls answered, share of the queue's answers, rings without
    an answer and their share of the member's rings."""
    keys = sorted(set(answered) | set(rna))
    frame = pd.DataFrame(
        {
            "queue": [k[0] for k in keys],
            "member": [k[1] for k in keys],
            "answered": [answered.get(k, 0) for k in keys],
            "ring_no_answer": [rna.get(k, 0) for k in keys],
        }
    )
    if frame.empty:
        return frame.assign(answered_share=[], ring_no_answer_share=[])
    total = frame.groupby("queue")["answered"].transform("sum")
    frame["answered_share"] = np.where(
        total > 0, frame["answered"] / total.where(total > 0, 1), 0.0
    )
    rings = frame["answered"] + frame["ring_no_answer"]
    frame["ring_no_answer_share"] = np.where(
        rings > 0, frame["ring_no_answer"] / rings.where(rings > 0, 1), 0.0
    )
    return frame
