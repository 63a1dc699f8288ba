"""The scenario: how a business is called and how it calls out, as one validated object.

A scenario file (YAML) describes the outside lines (city numbers, mobile numbers,
multichannel lines, IP telephony), the traffic (who calls which number, how often,
for how long, how patient they are), the PBX and its hold queue, the departments and
their staff, and the routes from numbers to departments. :func:`load_scenario` reads
such a file into a frozen :class:`Scenario`; that object is the only thing the engine
reads. Every problem in a file is reported at once, each with its field path, the bad
value and the file line; :func:`describe_scenario` says in plain words what a valid
file sets up.

Units: durations are seconds inside (``"3m"`` in a file), shares are fractions
(``"2%"`` in a file), times of day are seconds after midnight (``"09:00"``).

The file is read as YAML 1.2 (core schema): ``on``, ``off``, ``yes`` and ``no`` are
plain words, ``18:00`` is text and not the base-60 number 1080, ``1e3`` is a number,
and mapping keys are always the text as written. Aliases are expanded, but a document
that grows beyond :data:`MAX_NODES` nodes (a "billion laughs" alias bomb), nests deeper
than :data:`MAX_DEPTH` or is longer than :data:`MAX_FILE_BYTES` is refused.

The package, from the bottom up (each module imports only those above it):

- :mod:`~teletraffic.scenario.words`: field paths, and values and problems in words;
- :mod:`~teletraffic.scenario.values`: numbers, durations, shares, names, random
  durations and hourly profiles, with their limits;
- :mod:`~teletraffic.scenario.queues`: the hold queue's strategies, members and overflow,
  in Asterisk's and FreeSWITCH's words;
- the parts, each checking its own fields: :mod:`~teletraffic.scenario.lines` (outside
  lines, their tariffs and codecs), :mod:`~teletraffic.scenario.traffic` (call streams
  and redials), :mod:`~teletraffic.scenario.pbx` (the PBX and its hold queue),
  :mod:`~teletraffic.scenario.departments` (departments, transfers, conferences) and
  :mod:`~teletraffic.scenario.period` (the simulated time);
- :mod:`~teletraffic.scenario.rules`: the rules between parts, one function each;
- :mod:`~teletraffic.scenario.model`: :class:`Scenario` and its JSON Schema;
- :mod:`~teletraffic.scenario.partial`: what the rules can read of an invalid file;
- :mod:`~teletraffic.scenario.yaml12`: the YAML 1.2 loader and dumper;
- :mod:`~teletraffic.scenario.load`: reading a file, every problem with its line;
- :mod:`~teletraffic.scenario.describe`: a valid scenario in plain words, and warnings.
"""

from __future__ import annotations

from teletraffic.scenario.departments import Conference, Department, Transfer
from teletraffic.scenario.describe import describe_scenario, scenario_warnings
from teletraffic.scenario.lines import Line, LineTariff
from teletraffic.scenario.load import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    dump_scenario,
    load_scenario,
    parse_scenario,
    scenario_from_dict,
)
from teletraffic.scenario.load import _read_yaml as _read_yaml
from teletraffic.scenario.model import Scenario, scenario_schema
from teletraffic.scenario.pbx import Hold, Pbx, PbxTariff
from teletraffic.scenario.period import Period
from teletraffic.scenario.queues import Strategy as Strategy
from teletraffic.scenario.traffic import Redial, Stream
from teletraffic.scenario.values import HOUR_PATTERN as HOUR_PATTERN
from teletraffic.scenario.values import (
    MAX_CALLS_PER_RUN,
    MAX_CHANNELS,
    MAX_SECONDS,
    MAX_STAFF,
    Distribution,
)
from teletraffic.scenario.words import _clean_loc as _clean_loc
from teletraffic.scenario.words import _hhmm as _hhmm
from teletraffic.scenario.yaml12 import _Dumper as _Dumper

# Besides __all__, the tests and calllog.py import HOUR_PATTERN, _read_yaml, _clean_loc, _hhmm
# and _Dumper from here (the `X as X` imports above), as before the package was split.
__all__ = [
    "MAX_CALLS_PER_RUN",
    "MAX_CHANNELS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_SECONDS",
    "MAX_STAFF",
    "Conference",
    "Department",
    "Distribution",
    "Hold",
    "Line",
    "LineTariff",
    "Pbx",
    "PbxTariff",
    "Period",
    "Redial",
    "Scenario",
    "Stream",
    "Transfer",
    "describe_scenario",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
    "scenario_from_dict",
    "scenario_schema",
    "scenario_warnings",
]
