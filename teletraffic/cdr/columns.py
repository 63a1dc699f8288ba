"""Any CSV export of call records with a header line: a CRM's, a PBX web panel's, a
spreadsheet's.

Its columns are found by their names (:data:`CDR_FIELDS`: ``calldate``, ``billsec``,
``disposition``, ``src``, ``dst``, ...; case, spaces and punctuation aside) or named
by the user (``--columns start=Date,talk=Duration``, :func:`parse_columns`). Dates are
read in the format that reads the most cells; outcomes and directions in English or
Russian words. Whatever is missing (direction, outcome, wait) is assumed and said so
in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from teletraffic.cdr.asterisk import ASTERISK_DATE
from teletraffic.cdr.cells import cell_text, datetimes, durations
from teletraffic.cdr.chunks import concat_chunks
from teletraffic.cdr.problems import CdrError, Problems
from teletraffic.cdr.table import CDR_COLUMNS
from teletraffic.errors import InputError

__all__ = ["CDR_FIELDS", "parse_columns", "read_columns"]


def _norm(name: str) -> str:
    """A column name or word without case, spaces and punctuation: ``Call Date`` -> ``calldate``."""
    return re.sub(r"[\s_\-.()/]+", "", name.strip().lower())


CDR_FIELDS: dict[str, tuple[str, ...]] = {
    key: tuple(words.split())
    for key, words in (
        (
            "start",
            "start starttime startdate calldate calldatetime datetime timestamp callstart "
            "begin started dateandtime dateandtimeofcall",
        ),
        ("date", "date calldate day"),
        ("time", "time timeofday clock"),
        ("direction", "direction dir calldirection type calltype inout"),
        (
            "number",
            "number dst to destination dialled dialed diallednumber dialednumber "
            "callednumber called did dnis",
        ),
        ("caller", "caller src from callerid clid ani source callernumber callingnumber"),
        ("outcome", "outcome disposition status result callstatus callresult state"),
        (
            "wait",
            "wait waittime waiting hold holdtime queuetime ringtime timetoanswer speedofanswer asa",
        ),
        (
            "talk",
            "talk talktime billsec billableseconds billable conversation talkduration talkseconds",
        ),
        ("duration", "duration totalduration calllength length durationseconds"),
        ("line", "line trunk"),
    )
}
"""Fields of a generic CSV and the column names (lower case, without spaces, ``_``,
``-``, ``.``, ``/`` and brackets) each is found under by default. ``talk`` is the
conversation; ``duration`` the whole call, the wait and then the talk (Asterisk's
``duration`` and ``billsec``): with ``talk`` it gives the wait, with ``wait`` the
talk, and alone it is the talk of answered calls and the wait of the others. A file
whose "duration" is the talk only says so with ``columns={"talk": "Duration"}``."""

_OUTCOME_WORDS: dict[str, tuple[str, str]] = {}
for _words, _in, _out in (
    (
        "answered answer completed complete connected success successful ok talked accepted "
        "отвечен отвеченный принят принятый успешно",
        "answered",
        "placed",
    ),
    ("busy userbusy занято занят", "busy", "placed"),
    ("congestion", "busy", "blocked"),
    ("queuefull full", "queue_full", "placed"),
    (
        "abandoned abandon hungup hangup callerhangup cancel cancelled canceled сброшен брошенный",
        "abandoned",
        "placed",
    ),
    (
        "noanswer unanswered notanswered missed timeout rangout voicemail null пропущен "
        "пропущенный неотвечен безответа",
        "unanswered",
        "placed",
    ),
    ("failed failure error", "unanswered", "blocked"),
    ("nocoverage", "no_coverage", "no_coverage"),
    ("dropped", "dropped", "dropped"),
    # virtual hold (our calls.csv): called back talked; its wait ended when they hung up
    ("calledback", "answered", "placed"),
    ("callbackfailed", "unanswered", "blocked"),
    ("placed outgoing", "answered", "placed"),
    ("blocked", "busy", "blocked"),
):
    for _w in _words.split():
        _OUTCOME_WORDS[_w] = (_in, _out)

_DIRECTION_WORDS: dict[str, str] = {}
for _words, _d in (
    ("in inbound incoming inc i входящий входящие вход вх", "in"),
    ("out outbound outgoing o исходящий исходящие исход исх", "out"),
    ("internal local intern extension внутренний внутренние", "internal"),
):
    for _w in _words.split():
        _DIRECTION_WORDS[_w] = _d


def parse_columns(text: str | Sequence[str] | None) -> dict[str, str]:
    """``"start=Date,talk=Duration"`` (or several such texts) -> ``{"start": "Date", ...}``.

    Raises :class:`~teletraffic.errors.InputError` for a malformed pair or an unknown
    field.
    """
    if text is None:
        return {}
    parts = [text] if isinstance(text, str) else list(text)
    out: dict[str, str] = {}
    for part in parts:
        for pair in part.split(","):
            if not pair.strip():
                continue
            key, sep, value = pair.partition("=")
            key, value = key.strip().lower(), value.strip()
            if not sep or not key or not value:
                raise InputError(
                    f"columns: {pair.strip()!r} is not FIELD=COLUMN (e.g. start=Date,talk=Duration)"
                )
            if key not in CDR_FIELDS:
                raise InputError(
                    f"columns: {key!r} is not a field; the fields are {', '.join(CDR_FIELDS)}"
                )
            out[key] = value
    return out


def read_columns(
    chunks: Iterable[tuple[pd.DataFrame, np.ndarray]],
    names: list[str],
    header_line: int,
    problems: Problems,
    columns: dict[str, str],
    notes: list[str],
) -> pd.DataFrame:
    """The call table of a CSV with a header (*names*, its columns; its records in
    *chunks*); *columns* maps our fields to its columns.

    Each chunk is read as it comes but for its dates: their text is kept, and read at the
    end in the one format that reads the most of the file's dates."""
    where = problems.where
    chosen = _choose(names, columns, header_line, where)
    _require_start_and_talk(chosen, names, header_line, where)
    found = ", ".join(f"{k}={names[i]}" for k, i in chosen.items())
    notes.append(f"columns read: {found}")
    seen: list[str] = []
    pieces = [
        _columns_chunk(_Columns(raw, names, chosen, lines, problems), seen) for raw, lines in chunks
    ]
    if not pieces:
        return pd.DataFrame(columns=list(CDR_COLUMNS))
    frame = concat_chunks(pieces)
    del pieces
    cols = _Columns(frame, names, chosen, frame["file_line"].to_numpy(), problems)
    start, fmt = datetimes(
        frame.pop("when").to_numpy(), cols.label(_when(chosen)), cols.lines, problems
    )
    problems.check()
    notes.extend(seen)
    if fmt:
        notes.append(f"dates read as {fmt}")
    if "wait" not in chosen and not ("talk" in chosen and "duration" in chosen):
        notes.append("no wait times: patience cannot be estimated")
    frame.insert(0, "start", start)
    for name in ("direction", "number", "outcome", "line", "stream"):
        frame[name] = frame[name].astype(object)
    return frame


def _when(chosen: dict[str, int]) -> str:
    return "start" if "start" in chosen else "date"


def _columns_chunk(cols: _Columns, notes: list[str]) -> pd.DataFrame:
    """One chunk of the file as columns of the call table, with ``when`` (the text of
    each start) in place of ``start``; *notes* gains what was assumed, once."""
    chunk_notes: list[str] = []
    when = _start_text(cols)
    direction = _directions(cols, chunk_notes)
    talk, duration, wait = cols.seconds("talk"), cols.seconds("duration"), cols.seconds("wait")
    outcome = _outcomes(cols, direction, talk if talk is not None else duration, chunk_notes)
    wait_s, talk_s = _wait_and_talk(outcome, talk, duration, wait, len(cols.raw))
    notes.extend(n for n in chunk_notes if n not in notes)
    frame = pd.DataFrame(
        {
            "when": when,
            "direction": direction,
            "number": cols.text("number"),
            "caller": cols.text("caller"),
            "outcome": outcome,
            "wait": wait_s.astype(float),
            "talk": talk_s.astype(float),
            "line": cols.text("line"),
            "stream": "",
            "window": 0,
            "file_line": cols.lines,
        }
    )
    for name in ("direction", "number", "outcome", "line", "stream"):
        frame[name] = frame[name].astype("category")
    return frame


def _choose(
    names: list[str], columns: dict[str, str], header_line: int, where: str
) -> dict[str, int]:
    """Field -> column index: the columns the user named, then the first unused column
    whose name is one of a field's aliases (:data:`CDR_FIELDS`)."""
    unknown = [k for k in columns if k not in CDR_FIELDS]
    if unknown:
        raise CdrError(
            where,
            [
                (
                    None,
                    f"columns: {', '.join(map(repr, unknown))} is not a field; the fields are "
                    f"{', '.join(CDR_FIELDS)}",
                )
            ],
        )
    chosen: dict[str, int] = {}
    used: set[int] = set()
    bad_names: list[tuple[int | None, str]] = []
    for key, name in columns.items():
        hits = [i for i, n in enumerate(names) if n == name] or [
            i for i, n in enumerate(names) if _norm(n) == _norm(name)
        ]
        if not hits:
            bad_names.append(
                (
                    header_line,
                    f"columns: {name!r} (for {key}) is not a column of the file (its header "
                    f"has {len(names)} columns, none named so)",
                )
            )
            continue
        chosen[key] = hits[0]
        used.add(hits[0])
    if bad_names:
        raise CdrError(where, bad_names)
    normed = [_norm(n) for n in names]
    for key, aliases in CDR_FIELDS.items():
        if key in chosen:
            continue
        for alias in aliases:
            hit = next((i for i, n in enumerate(normed) if n == alias and i not in used), None)
            if hit is not None:
                chosen[key] = hit
                used.add(hit)
                break
    return chosen


def _header_words(names: list[str]) -> str:
    """What the first line is, in words that quote none of it (the file may be anything:
    its content is not repeated)."""
    return f"the first line, taken as a header, has {len(names)} columns;"


def _require_start_and_talk(
    chosen: dict[str, int], names: list[str], header_line: int, where: str
) -> None:
    """Refuse a file without a column for when calls started or for how long they talked."""
    if "start" not in chosen and "date" not in chosen:
        if any(ASTERISK_DATE.match(n) for n in names):
            message = (
                f"the first line looks like a call record, not a header ({len(names)} "
                "fields); a CSV export needs a header line naming its columns, and an "
                "Asterisk Master.csv record has 16 to 21 fields"
            )
        else:
            message = (
                f"{_header_words(names)} none is named for when each call started (looked "
                "for start, calldate, date, datetime, ...); if this is a call record export, "
                "name that column with --columns start=COLUMN"
            )
        raise CdrError(where, [(header_line, message)])
    if "talk" not in chosen and "duration" not in chosen:
        raise CdrError(
            where,
            [
                (
                    header_line,
                    f"{_header_words(names)} none is named for the talk time (looked for "
                    "talk, billsec, duration, ...); name that column with --columns "
                    "talk=COLUMN",
                )
            ],
        )


class _Columns:
    """The file's rows (text) with the column chosen for each field."""

    def __init__(
        self,
        raw: pd.DataFrame,
        names: list[str],
        chosen: dict[str, int],
        lines: np.ndarray,
        problems: Problems,
    ) -> None:
        self.raw = raw
        self.names = names
        self.chosen = chosen
        self.lines = lines
        self.problems = problems

    def text(self, key: str) -> np.ndarray:
        """The cells of field *key* as text (empty when the file lacks it)."""
        if key in self.chosen:
            return cell_text(self.raw[self.chosen[key]])
        return np.full(len(self.raw), "", dtype=object)

    def label(self, key: str) -> str:
        """The file's name of the column of field *key*."""
        return self.names[self.chosen[key]]

    def seconds(self, key: str) -> np.ndarray | None:
        """The durations of field *key* in seconds, ``None`` when the file lacks it."""
        if key not in self.chosen:
            return None
        return durations(self.raw[self.chosen[key]], self.label(key), self.lines, self.problems)


def _with_clock(when: np.ndarray, clock: np.ndarray) -> np.ndarray:
    """Dates joined with their times of day (a cell that has a time already is kept)."""
    return np.asarray(
        [w if ":" in w else f"{w} {c}".strip() for w, c in zip(when, clock, strict=True)],
        dtype=object,
    )


def _start_text(cols: _Columns) -> np.ndarray:
    """When each call started, as text: the start column, or the date (and time)
    columns joined."""
    key = _when(cols.chosen)
    when = cols.text(key)
    if "time" in cols.chosen and (key == "date" or "date" not in cols.chosen):
        when = _with_clock(when, cols.text("time"))
    return when


def _directions(cols: _Columns, notes: list[str]) -> np.ndarray:
    """``in``, ``out`` or ``internal`` per call (all ``in`` without a direction column)."""
    if "direction" not in cols.chosen:
        notes.append("no direction column: every call is taken as inbound")
        return np.full(len(cols.raw), "in", dtype=object)
    words = cols.text("direction")
    direction = np.asarray([_DIRECTION_WORDS.get(_norm(w), "?") for w in words], dtype=object)
    cols.problems.rows(
        direction == "?",
        cols.lines,
        words,
        f"column {cols.label('direction')!r}: {{value}} is not a direction (in, out, internal)",
    )
    return direction


def _outcomes(
    cols: _Columns, direction: np.ndarray, spoken: np.ndarray | None, notes: list[str]
) -> np.ndarray:
    """The outcome label of each call, from the outcome column's words or, without one,
    from whether the call has talk time (*spoken*: the talk, else the duration)."""
    if "outcome" in cols.chosen:
        words = cols.text("outcome")
        keys = [_norm(w) for w in words]
        pairs = [_OUTCOME_WORDS.get(k) for k in keys]
        known = np.asarray([p is not None for p in pairs], dtype=bool)
        cols.problems.rows(
            ~known,
            cols.lines,
            words,
            f"column {cols.label('outcome')!r}: {{value}} is not a call outcome we know "
            "(answered, busy, no answer, abandoned, failed, ...)",
        )
        return np.asarray(
            [
                (p[1] if d == "out" else p[0]) if p is not None else "unanswered"
                for p, d in zip(pairs, direction, strict=True)
            ],
            dtype=object,
        )
    spoke = spoken > 0  # type: ignore[operator]
    outcome = np.where(direction == "out", "placed", np.where(spoke, "answered", "unanswered"))
    notes.append("no outcome column: calls with talk time count as answered")
    return outcome.astype(object)


def _wait_and_talk(
    outcome: np.ndarray,
    talk: np.ndarray | None,
    duration: np.ndarray | None,
    wait: np.ndarray | None,
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Seconds of wait and of talk per call from the columns the file has: *duration* is
    the whole call, the wait and then the talk; only connected calls talk, and calls
    lost at once (busy, blocked, ...) do not wait."""
    connected = np.isin(outcome, ["answered", "placed", "dropped"])
    zeros = np.zeros(n)
    if talk is None:  # duration is the whole call: the wait, then the talk
        assert duration is not None
        if wait is not None:
            talk_s = np.where(connected, np.maximum(duration - wait, 0.0), 0.0)
            wait_s = wait
        else:
            talk_s = np.where(connected, duration, 0.0)
            wait_s = np.where(connected, 0.0, duration)
    else:
        talk_s = np.where(connected, talk, 0.0)
        if wait is not None:
            wait_s = wait
        elif duration is not None:
            wait_s = np.maximum(duration - talk_s, 0.0)
        else:
            wait_s = zeros
    lost = np.isin(outcome, ["busy", "queue_full", "no_coverage", "blocked"])
    wait_s = np.where(lost, 0.0, wait_s)
    return wait_s, talk_s
