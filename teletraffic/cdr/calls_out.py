"""The simulated call attempts as a log a CRM can import: ``calls.csv``.

``teletraffic run FILE --out DIR --call-log`` writes one row per call attempt
(:func:`crm_call_log`), in the columns :data:`CRM_COLUMNS`:

``call_id`` (``R-NNNNNNN``: the replication and the attempt's place in it),
``replication``, ``caller_id`` (a made-up ten-digit number, the same for every attempt
of one caller in one replication), ``number_dialled``, ``start``, ``answered_at`` and
``end`` (ISO 8601 date and time with its offset; day 1 of a run is
:data:`~teletraffic.cdr.table.BASE_DATE`, a Monday, in UTC; ``answered_at`` is empty for
a call nobody answered; for a caller called back, when they answered the callback),
``outcome``, ``department`` and ``answered_by`` (who finished
the call), ``wait_s`` and ``talk_s`` (seconds), ``redial_of`` (the ``call_id`` of the
attempt this one redials); then ``direction``, ``stream`` and ``line``, and ``day`` for
a run over business days, which :func:`~teletraffic.cdr.read_cdr` reads the log back
with.

Rows are sorted by replication, then start; each replication is a run of its own, from
the same day 1. The header is written even when there is no row.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (a caller name ``=HYPERLINK(...)`` would run); every such
text is written with a leading apostrophe, which spreadsheets show as text
(:func:`spreadsheet_safe`, as the OWASP "CSV injection" guidance advises).
"""

from __future__ import annotations

import pandas as pd

from teletraffic.cdr.table import BASE_DATE

__all__ = ["CRM_COLUMNS", "FORMULA_STARTS", "crm_call_log", "spreadsheet_safe"]

CRM_COLUMNS: tuple[str, ...] = (
    "call_id",
    "replication",
    "caller_id",
    "number_dialled",
    "start",
    "answered_at",
    "end",
    "outcome",
    "department",
    "answered_by",
    "wait_s",
    "talk_s",
    "redial_of",
    "direction",
    "stream",
    "line",
)
"""The columns of the CRM-ready call log (``day`` follows for business-day runs)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""

_CALLER_BASE = 9_000_000_000


def spreadsheet_safe(values: pd.Series) -> pd.Series:
    """Text cells that a spreadsheet would read as a formula, made text with a leading
    apostrophe; other cells (and numbers) unchanged."""
    if values.dtype != object and not pd.api.types.is_string_dtype(values):
        return values
    text = values.astype(object)
    risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
    if not risky.any():
        return values
    return text.where(~risky, "'" + text.astype(str))


def _iso(stamps: pd.Series) -> pd.Series:
    """Datetimes as ISO 8601 with the UTC offset, to the second."""
    return stamps.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def crm_call_log(calls: pd.DataFrame | None, *, steady: bool = False) -> pd.DataFrame:
    """The CRM-ready call log of a simulation's call records (``result.calls``).

    *steady*: a steady-state run (no business days: no ``day`` column). An empty or
    missing log gives the header alone.
    """
    columns = list(CRM_COLUMNS) + ([] if steady else ["day"])
    if calls is None or calls.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = calls.sort_values(["replication", "start"], kind="stable").reset_index(drop=True)
    rep = frame["replication"].astype(int)
    order = frame.groupby(rep).cumcount() + 1
    call_id = rep.astype(str) + "-" + order.map("{:07d}".format)
    start = BASE_DATE + pd.to_timedelta(frame["start"].astype(float), unit="s")
    wait = frame["wait"].astype(float)
    talk = frame["talk"].astype(float)
    answered = frame["outcome"].isin(["answered", "placed", "dropped", "called_back"]) & (talk > 0)
    # a callback taken: the caller hung up after *wait* and answered the callback later
    later = frame["callback_wait"].astype(float) if "callback_wait" in frame else 0.0
    answered_at = (start + pd.to_timedelta(wait + later, unit="s")).where(answered)
    end = start + pd.to_timedelta(wait + later + talk, unit="s")
    caller = frame["caller"].astype(int)
    # a redial: the caller's previous attempt in the same replication
    previous = call_id.groupby([rep, caller]).shift(1)
    redial = previous.where(frame["attempt"].astype(int) > 1, "").fillna("")
    out = pd.DataFrame(
        {
            "call_id": call_id,
            "replication": rep,
            "caller_id": (caller + _CALLER_BASE).astype(str),
            "number_dialled": frame["number"].fillna("").astype(str),
            "start": _iso(start),
            "answered_at": _iso(answered_at).fillna(""),
            "end": _iso(end),
            "outcome": frame["outcome"].astype(str),
            "department": frame["department"].fillna("").astype(str),
            "answered_by": frame["staff"].fillna("").astype(str),
            "wait_s": wait.round(3),
            "talk_s": talk.round(3),
            "redial_of": redial,
            "direction": frame["direction"].astype(str),
            "stream": frame["stream"].astype(str),
            "line": frame["line"].fillna("").astype(str),
        }
    )
    if not steady:
        out["day"] = frame["day"].astype(int) if "day" in frame else 1
    for name in out.columns:
        out[name] = spreadsheet_safe(out[name])
    return out[columns]
