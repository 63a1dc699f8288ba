"""Call records: CDR files in, traffic fitted from them, a scenario written from the fit.

Every simulated call attempt is a record a CRM could import (``simulate(...,
call_log=True)`` and ``teletraffic run FILE --out DIR --call-log`` write them). This
package reads the other way: the call detail records (CDRs) of a real telephone system,
so that a scenario can start from how a business is actually called.

:func:`read_cdr` (:mod:`~teletraffic.cdr.read`) reads these files into one normalised
table (:data:`CDR_COLUMNS`, :mod:`~teletraffic.cdr.table`), the format told by the
content or given, one reader per format:

* ``teletraffic`` (:mod:`~teletraffic.cdr.own`): our own ``calls.csv`` (a round trip,
  for checking the fit), as :mod:`~teletraffic.cdr.calls_out` writes it for a CRM;
* ``asterisk`` and ``asterisk-custom`` (:mod:`~teletraffic.cdr.asterisk`): Asterisk's
  ``Master.csv`` (``cdr_csv``; no header, 16 to 21 fields) and ``cdr_custom`` files (the
  column order of their ``cdr_custom.conf``);
* ``freeswitch`` (:mod:`~teletraffic.cdr.freeswitch`): FreeSWITCH's ``mod_cdr_csv``
  (the column order of its template, :mod:`~teletraffic.cdr.layouts`);
* ``queue-log`` (:mod:`~teletraffic.cdr.queue_log`): Asterisk's ``queue_log``, one row
  per caller in a queue, and the queue members' table;
* ``csv`` (:mod:`~teletraffic.cdr.columns`): any CSV export with a header; columns are
  found by common names (``calldate``, ``billsec``, ``disposition``, ``src``, ``dst``,
  ...) or named by the user (``columns={"start": "Date", "talk": "Duration"}``).

A PBX's file is read in chunks (:mod:`~teletraffic.cdr.source`, pandas' C reader) and
its legs grouped into callers (:mod:`~teletraffic.cdr.legs`). The readers share the
reading of cells (:mod:`~teletraffic.cdr.cells`) and the list of problems found
(:mod:`~teletraffic.cdr.problems`): bad input raises :class:`CdrError` naming the
file, the line, the column and the bad value, up to :data:`MAX_PROBLEMS` problems at
once. :func:`busy_hour` (:mod:`~teletraffic.cdr.busy_hour`) measures the traffic per
quarter hour and reads out the busy hour (ITU-T E.500).

:func:`fit_traffic` (:mod:`~teletraffic.cdr.fit`) turns the records into the traffic of
a scenario: per dialled number, new callers per hour (constant, or an hourly profile
when the hours differ more than chance allows), the opening hours, talk time (mean, cv
and the distribution that fits best), patience (from the waits of callers who hung up
and of those who were answered first), the share of failed attempts that are
redialled and after how long, and the outbound calls per hour
(:mod:`~teletraffic.cdr.figures`; in words, :mod:`~teletraffic.cdr.describe`).
:meth:`TrafficFit.to_scenario_yaml` writes a scenario file from it
(:mod:`~teletraffic.cdr.to_scenario`).

The modules import one way, with no cycle: ``problems``, ``table`` and ``phone`` import
no other; ``source``, ``cells`` and ``layouts`` build on ``problems``; ``legs`` on
those; the readers (``own``, ``asterisk``, ``freeswitch``, ``queue_log`` and
``columns``, which borrows Asterisk's date pattern) on those; ``read`` on the readers;
``busy_hour`` and ``calls_out`` on ``problems`` and ``table``.
``figures`` <- ``describe`` <- ``to_scenario`` <- ``fit``:
``to_scenario`` reads a fit through a protocol (``FittedTraffic``), not by importing
``fit``.
"""

from __future__ import annotations

from teletraffic.cdr.busy_hour import BusyHour, busy_hour
from teletraffic.cdr.calls_out import CRM_COLUMNS, crm_call_log
from teletraffic.cdr.columns import CDR_FIELDS, parse_columns
from teletraffic.cdr.figures import DurationFit, Estimate, RedialFit, StreamFit
from teletraffic.cdr.fit import TrafficFit, fit_traffic
from teletraffic.cdr.problems import MAX_PROBLEMS, CdrError
from teletraffic.cdr.read import FORMATS, read_cdr
from teletraffic.cdr.table import CDR_COLUMNS

__all__ = [
    "CDR_COLUMNS",
    "CDR_FIELDS",
    "CRM_COLUMNS",
    "FORMATS",
    "MAX_PROBLEMS",
    "BusyHour",
    "CdrError",
    "DurationFit",
    "Estimate",
    "RedialFit",
    "StreamFit",
    "TrafficFit",
    "busy_hour",
    "crm_call_log",
    "fit_traffic",
    "parse_columns",
    "read_cdr",
]
