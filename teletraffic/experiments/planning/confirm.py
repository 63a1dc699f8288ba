"""Confirming set-ups by simulation: figures with intervals, and verdicts from them.

Where an exact formula describes a set-up, the formula decides and the simulation only
shows the intervals. Elsewhere a set-up meets a target only when its interval does: the
upper end of an "at most" figure and the lower end of an "at least" figure must be
within the bound (:meth:`~teletraffic.experiments.planning.targets.Targets.misses_interval`),
so a point estimate that happens to fall inside on a few replications is not enough.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from teletraffic.costs import monthly_costs
from teletraffic.experiments.figures import COST_FIGURES, figure_intervals
from teletraffic.experiments.planning.menu import Candidate
from teletraffic.experiments.planning.targets import Targets
from teletraffic.runner import simulate

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from teletraffic.runner import SimulationResult

__all__ = ["PLAN_FIGURES", "Confirmer"]

PLAN_FIGURES: tuple[str, ...] = (
    "offered",
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "p_caller_lost",
    "service_level",
    "mean_wait",
    "staff_occupancy",
    *COST_FIGURES,
)
"""What a simulated candidate records (scope ``all``)."""


@dataclass
class Confirmer:
    """Simulates candidates with one seed, replications and month, and judges them."""

    targets: Targets
    replications: int
    seed: int
    workers: int
    level: float
    hours_per_month: float
    progress: Callable[[str], None] | None = None
    executor: Executor | None = None
    """Where the replications run (see :func:`~teletraffic.runner.simulate`)."""
    force: bool = False
    """Run a candidate estimated to exhaust the machine (else it is refused)."""
    runs: int = 0
    results: dict[int, SimulationResult] = field(default_factory=dict)
    """The last candidate simulated (by ``id``) and its result; earlier results are let
    go once their figures are kept, so that a long search does not hold every
    simulation's per-replication tables."""
    _by_key: dict[Hashable, SimulationResult] = field(default_factory=dict)

    def simulate(self, cand: Candidate) -> None:
        """Simulate *cand* (once) and record its figures with intervals.

        Candidates with the same :attr:`~Candidate.sim_key` behave the same (they differ
        only in price): they share one simulation and are priced each on its own tariffs.
        """
        if cand.simulated is not None:
            return
        sc = cand.scenario
        key = cand.sim_key
        result = self._by_key.get(key) if key is not None else None
        if result is None:
            if self.progress is not None:
                self.progress(cand.label)
            result = simulate(
                sc,
                replications=self.replications,
                seed=self.seed,
                workers=self.workers,
                level=self.level,
                executor=self.executor,
                force=self.force,
            )
            if key is not None:  # priced again for another kind of the same size
                self._by_key[key] = result
            self.runs += 1
        self.results.clear()
        self.results[id(cand)] = result
        costs = monthly_costs(sc, result, hours_per_month=self.hours_per_month)
        cand.simulated = figure_intervals(result, costs, PLAN_FIGURES, self.level)

    def judge(self, cand: Candidate) -> bool:
        """Simulate *cand* and decide by its intervals (unless a formula decided)."""
        self.simulate(cand)
        if not cand.exact:
            assert cand.simulated is not None
            cand.misses = self.targets.misses_interval(cand.simulated)
            cand.decided_by = "simulation"
        return cand.meets
