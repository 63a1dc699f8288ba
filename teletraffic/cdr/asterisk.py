"""Asterisk's call records: ``Master.csv`` of ``cdr_csv`` and the files of ``cdr_custom``.

``cdr_csv`` (Asterisk's ``cdr/cdr_csv.c``) writes one record per call leg, no header,
16 fields (``accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp,
lastdata, start, answer, end, duration, billsec, disposition, amaflags``) and up to
five more as ``cdr.conf`` asks (``uniqueid, userfield, peeraccount, linkedid,
sequence``); ``cdr_custom`` writes the fields its ``cdr_custom.conf`` lists, in that
order (:mod:`~teletraffic.cdr.layouts` reads both). The direction comes from the
dialplan context (``from-trunk`` ... in, ``outbound`` ... out) or, failing that,
from the shape of the numbers; ``billsec`` is the talk and ``duration - billsec`` the
wait. Legs with the same ``linkedid`` (else ``uniqueid``) are one caller
(:func:`~teletraffic.cdr.legs.group_legs`): a ring group's three phones ringing are one
caller, not three. What a CDR cannot say (who hung up a call nobody answered, hold times
in a queue: the ``queue_log`` has them) goes into the notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from teletraffic.cdr.layouts import CDR_CUSTOM_SAMPLE, Layout, cdr_csv_layout
from teletraffic.cdr.legs import Dialect, read_legs
from teletraffic.cdr.problems import CdrError
from teletraffic.cdr.source import FileFacts

__all__ = [
    "ASTERISK",
    "ASTERISK_DATE",
    "DISPOSITIONS",
    "looks_like_cdr_custom",
    "looks_like_master_csv",
    "read_asterisk",
]

DISPOSITIONS = ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION", "NULL")
"""The values of an Asterisk CDR's ``disposition`` (``ast_cdr_disp2str`` in
``main/cdr.c``)."""
ASTERISK_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
"""A date and time as Master.csv writes it: ``2024-03-04 09:02:11``."""


def _dispositions(text: np.ndarray, answered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    known = np.isin(text, DISPOSITIONS)
    return np.where(known, text, "NO ANSWER"), ~known


def _keys(table: pd.DataFrame) -> pd.Series | None:
    for key in ("linkedid", "uniqueid"):
        if key in table and (table[key] != 0).all():
            return table[key]
    return None


ASTERISK = Dialect(
    "asterisk",
    _dispositions,
    "ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION",
    _keys,
)
"""How Asterisk's CDR fields read."""


def looks_like_master_csv(first: list[str]) -> bool:
    """True when the first record is a Master.csv record: 16 to 21 fields, a start date
    in the 10th and a disposition in the 15th."""
    return bool(
        16 <= len(first) <= 21
        and ASTERISK_DATE.match(first[9].strip())
        and first[14].strip().upper() in DISPOSITIONS
    )


def looks_like_cdr_custom(first: list[str]) -> bool:
    """True when the first record has the shape of ``cdr_custom.conf.sample``'s mapping
    (:data:`~teletraffic.cdr.layouts.CDR_CUSTOM_SAMPLE`): a start date in the 9th field
    and a disposition in the 14th."""
    return bool(
        len(first) == len(CDR_CUSTOM_SAMPLE)
        and ASTERISK_DATE.match(first[8].strip())
        and first[13].strip().upper() in DISPOSITIONS
    )


def read_asterisk(
    facts: FileFacts,
    layout: Layout | None,
    first: list[str],
    notes: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The call table of an Asterisk CDR file; *layout* from a template (``None``: the
    ``cdr_csv`` layout of *first*, the first record). What was assumed is appended to
    *notes*."""
    header = bool(first) and first[0].strip().lower() in ("accountcode", "clid")
    if layout is None:
        if 16 <= len(first) <= 21 and not header and not looks_like_master_csv(first):
            custom = " (it has the shape of a cdr_custom file: try --input-format "
            custom += "asterisk-custom)" if looks_like_cdr_custom(first) else ")"
            raise CdrError(
                facts.where,
                [
                    (
                        1,
                        "is not a cdr_csv record: Master.csv has the start date in field 10 "
                        f"and the disposition in field 15{custom}; give the PBX's "
                        "cdr_custom.conf with --template, or the fields in order with --columns",
                    )
                ],
            )
        if not 16 <= len(first) <= 21:
            raise CdrError(
                facts.where,
                [
                    (
                        1,
                        f"has {len(first)} fields; an Asterisk Master.csv record has 16 to 21 "
                        "(accountcode, src, dst, ..., billsec, disposition, amaflags, "
                        "[uniqueid, ...]); for a cdr_custom file give its cdr_custom.conf "
                        "with --template",
                    )
                ],
            )
        layout = cdr_csv_layout(first)
    table = read_legs(facts, layout, ASTERISK, notes, skip_first=header, progress=progress)
    _note_what_is_assumed(table, notes)
    return table


def _note_what_is_assumed(frame: pd.DataFrame, notes: list[str]) -> None:
    """Say in *notes* what a CDR cannot tell and how it was read instead."""
    inbound = frame["direction"] == "in"
    held = int((inbound & (frame["outcome"] == "abandoned")).sum())
    if held:
        notes.append(
            f"{held:,} calls answered by the PBX itself (Queue, Playback, ...) with nobody "
            "connected are counted as callers who hung up on hold"
        )
    rang_out = int((inbound & (frame["outcome"] == "unanswered")).sum())
    if rang_out:
        notes.append(
            f"an Asterisk CDR does not say who hung up a call nobody answered: {rang_out:,} "
            "such calls count as rung out (unanswered, a lower bound on patience), so "
            "patience is estimated from queue hang-ups only (the queue_log says more)"
        )
