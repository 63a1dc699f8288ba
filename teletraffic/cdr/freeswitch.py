"""FreeSWITCH's call records: the ``Master.csv`` of ``mod_cdr_csv``.

``mod_cdr_csv`` (``src/mod/event_handlers/mod_cdr_csv/mod_cdr_csv.c``) writes one line
per call leg when the leg is reported, no header: the template named by
``default-template`` in ``cdr_csv.conf.xml`` with its channel variables expanded
(:mod:`~teletraffic.cdr.layouts` knows the stock templates and reads a given
``cdr_csv.conf.xml``). With ``legs=a`` (the stock setting) only A legs are written;
with ``legs=ab`` B legs too, each A leg naming its B leg in ``bleg_uuid`` and each B
leg its A leg in ``originating_leg_uuid``: legs are grouped into callers by them.

There is no disposition: the call was answered when ``answer_stamp`` is set (or
``billsec`` > 0), and otherwise its ``hangup_cause`` (Q.850 names, as FreeSWITCH's
hangup cause table lists them) says why not: ``USER_BUSY`` and ``CALL_REJECTED`` are
busy, the congestion and network causes congestion, the number causes a failure,
``ORIGINATOR_CANCEL`` a caller who hung up before an answer, the rest (``NO_ANSWER``,
``NO_USER_RESPONSE``, ``ALLOTTED_TIMEOUT``, ...) rung out. The context ``public`` is
FreeSWITCH's inbound context (``conf/vanilla/dialplan/public.xml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from teletraffic.cdr.asterisk import ASTERISK_DATE
from teletraffic.cdr.layouts import FREESWITCH_TEMPLATES, Layout
from teletraffic.cdr.legs import Dialect, read_legs
from teletraffic.cdr.source import FileFacts

__all__ = ["FREESWITCH", "looks_like_freeswitch", "read_freeswitch", "stock_layout"]

_CAUSE = re.compile(r"^[A-Z][A-Z0-9_]+$")
_BUSY = ("USER_BUSY", "CALL_REJECTED")
_CONGESTION = (
    "NORMAL_CIRCUIT_CONGESTION",
    "SWITCH_CONGESTION",
    "NORMAL_TEMPORARY_FAILURE",
    "NETWORK_OUT_OF_ORDER",
    "DESTINATION_OUT_OF_ORDER",
    "RECOVERY_ON_TIMER_EXPIRE",
    "GATEWAY_DOWN",
)
_FAILED = (
    "UNALLOCATED_NUMBER",
    "NO_ROUTE_DESTINATION",
    "NO_ROUTE_TRANSIT_NET",
    "INVALID_NUMBER_FORMAT",
    "INCOMPATIBLE_DESTINATION",
    "NUMBER_CHANGED",
    "SUBSCRIBER_ABSENT",
    "INVALID_GATEWAY",
)


def _dispositions(text: np.ndarray, answered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    cause = pd.Series(text, dtype=object)
    known = cause.str.match(_CAUSE.pattern).to_numpy(dtype=bool, na_value=False)
    disposition = np.select(
        [
            answered,
            np.isin(text, _BUSY),
            np.isin(text, _CONGESTION),
            np.isin(text, _FAILED),
            text == "ORIGINATOR_CANCEL",
        ],
        ["ANSWERED", "BUSY", "CONGESTION", "FAILED", "CANCEL"],
        default="NO ANSWER",
    )
    return disposition.astype(object), ~known


def _keys(table: pd.DataFrame) -> pd.Series | None:
    """Each leg's caller: its A leg's uuid (from ``originating_leg_uuid`` or from the A
    leg whose ``bleg_uuid`` names it), else its own."""
    if "uniqueid" not in table:
        return None
    uid = table["uniqueid"].to_numpy(dtype=np.uint64)
    key = uid.copy()
    if "bleg" in table:  # a B leg named by an A leg's bleg_uuid: that A leg's caller
        bleg = table["bleg"].to_numpy(dtype=np.uint64)
        has_b = bleg != 0
        order = np.argsort(bleg[has_b], kind="stable")
        named, by = bleg[has_b][order], uid[has_b][order]
        if len(named):
            at = np.minimum(np.searchsorted(named, uid), len(named) - 1)
            found = named[at] == uid
            key[found] = by[at][found]
    if "origin" in table:
        origin = table["origin"].to_numpy(dtype=np.uint64)
        key = np.where(origin != 0, origin, key)
    return pd.Series(key) if (key != 0).all() else None


FREESWITCH = Dialect(
    "freeswitch",
    _dispositions,
    "a FreeSWITCH hangup cause (NORMAL_CLEARING, USER_BUSY, NO_ANSWER, ...)",
    _keys,
)
"""How FreeSWITCH's CDR fields read."""


def stock_layout(first: list[str]) -> Layout | None:
    """The stock template whose shape *first* has (a start stamp and a hangup cause in
    their places, as many fields), ``None`` if none."""
    for name, names in FREESWITCH_TEMPLATES.items():
        if len(first) != len(names):
            continue
        at_start, at_cause = names.index("start"), names.index("disposition")
        if ASTERISK_DATE.match(first[at_start].strip()) and _CAUSE.match(first[at_cause].strip()):
            return Layout(
                "freeswitch", names, f"mod_cdr_csv template {name!r}, {len(names)} fields"
            )
    return None


def looks_like_freeswitch(first: list[str]) -> bool:
    """True when the first record has the shape of a stock ``mod_cdr_csv`` template."""
    return stock_layout(first) is not None


def read_freeswitch(
    facts: FileFacts,
    layout: Layout | None,
    first: list[str],
    notes: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The call table of a FreeSWITCH ``Master.csv``; *layout* from a template
    (``None``: the stock template of *first*, the first record)."""
    if layout is None:
        layout = stock_layout(first)
    if layout is None:
        from teletraffic.cdr.problems import CdrError

        raise CdrError(
            facts.where,
            [
                (
                    1,
                    f"has {len(first)} fields and matches no stock mod_cdr_csv template "
                    "(default: 13, example: 15, ...); give the PBX's cdr_csv.conf.xml with "
                    "--template, or the variables in order with --columns",
                )
            ],
        )
    table = read_legs(facts, layout, FREESWITCH, notes, progress=progress)
    cancelled = int(((table["direction"] == "in") & (table["outcome"] == "abandoned")).sum())
    if cancelled:
        notes.append(
            f"{cancelled:,} inbound calls ended ORIGINATOR_CANCEL (or hung up in a queue) "
            "before an answer: callers who hung up"
        )
    return table
