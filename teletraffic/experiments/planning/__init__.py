"""Plan the cheapest set-up on a tariff menu that meets service targets.

The plan is a pipeline, one module a step: :mod:`.targets` (what must be achieved),
:mod:`.menu` (the set-ups on the tariffs, sized for the traffic), :mod:`.screen` (each
set-up's formula and cost), :mod:`.confirm` (simulation and verdicts by interval),
:mod:`.office` (an office planned as it is organised), :mod:`.explain` (the answer in
plain words), and :mod:`.decide`, which runs them (:func:`plan`).
"""

from teletraffic.experiments.planning.decide import (
    DEFAULT_OPEN_HOURS_PER_MONTH,
    formula_what_if,
    plan,
)
from teletraffic.experiments.planning.explain import Plan
from teletraffic.experiments.planning.menu import PLAN_KINDS, Candidate
from teletraffic.experiments.planning.targets import Targets

__all__ = [
    "DEFAULT_OPEN_HOURS_PER_MONTH",
    "PLAN_KINDS",
    "Candidate",
    "Plan",
    "Targets",
    "formula_what_if",
    "plan",
]
