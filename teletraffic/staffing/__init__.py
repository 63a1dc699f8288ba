"""Staff per interval of a day, shifts that cover it, days that differ.

* :mod:`.forecast`: the day's calls per interval, read from CSV (or a scenario's
  hourly profile);
* :mod:`.intervals`: a lag-aware start from Erlang A / C, then a simulation pass;
* :mod:`.day`: the day simulated by the engine with a staffing per interval;
* :mod:`.roster`: the shifts that cover it, by :func:`scipy.optimize.milp`;
* :mod:`.table`: :func:`staff`, the whole of it as one table.
"""

from __future__ import annotations

from teletraffic.staffing.forecast import Forecast, forecast_from_calls, read_forecast
from teletraffic.staffing.intervals import Targets, offered_load, sipp, size_day
from teletraffic.staffing.roster import Roster, ShiftRules, load_shift_rules, roster
from teletraffic.staffing.table import COLUMNS, staff, volume_factor

__all__ = [
    "COLUMNS",
    "Forecast",
    "Roster",
    "ShiftRules",
    "Targets",
    "forecast_from_calls",
    "load_shift_rules",
    "offered_load",
    "read_forecast",
    "roster",
    "sipp",
    "size_day",
    "staff",
    "volume_factor",
]
