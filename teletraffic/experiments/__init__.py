"""Experiments: compare set-ups, sweep a parameter, plan the cheapest set-up for a target.

* :func:`compare` simulates several set-ups with the **same seed**. Replication *r* of
  every set-up then sees the same callers (common random numbers: the random numbers
  are keyed by seed, replication, stream name and purpose), so a difference between
  two set-ups is measured replication by replication. The paired interval of that
  difference is much narrower than the interval two independent runs would give
  (both are reported, so the gain is visible).
* :func:`sweep` runs one scenario over a list of values of one parameter (or a grid of
  several), named by a dotted path such as ``lines.main.channels`` or
  ``departments.requests.staff``.
* :func:`plan` answers the business question "what is the cheapest way to take these
  calls with at most 2% busy?": it screens a menu of set-ups (separate single-line
  numbers, a multichannel or IP line with a phone per channel, a trunk with a PBX hold
  queue) with the analytic formulas, then simulates the few near the target to
  confirm, with intervals.

Money is per month, in the scenario's currency (see :mod:`teletraffic.costs` for how a
run is scaled to a month).
"""

from teletraffic.experiments.comparison import Comparison, compare
from teletraffic.experiments.figures import COST_FIGURES, KEY_FIGURES
from teletraffic.experiments.planning import PLAN_KINDS, Candidate, Plan, plan
from teletraffic.experiments.sweeping import parse_values, sweep

__all__ = [
    "COST_FIGURES",
    "KEY_FIGURES",
    "PLAN_KINDS",
    "Candidate",
    "Comparison",
    "Plan",
    "compare",
    "parse_values",
    "plan",
    "sweep",
]
