"""teletraffic: telephony capacity planning, simulated and checked against Erlang theory.

How many lines, channels and people does an office need, and what will it cost?
teletraffic reads a scenario (lines, traffic, PBX, departments), simulates the calls
with a discrete-event engine (SimPy), and reports busy signals, waits, abandonment,
staff load and cost, with confidence intervals; the analytic formulas (Erlang B, C, A,
M/M/n/K, Engset) are here too.

The public API, by topic:

* scenarios: :func:`load_scenario`, :func:`parse_scenario`, :func:`scenario_from_dict`,
  :class:`Scenario`
* simulation: :func:`simulate`, :class:`SimulationResult`, :func:`validate`
* decisions: :func:`compare`, :func:`sweep`, :func:`plan`, :func:`monthly_costs`,
  :func:`build_report`
* call records: :func:`read_cdr`, :func:`fit_traffic`, :class:`TrafficFit`
* formulas: :func:`erlang_b`, :func:`erlang_c`, :func:`erlang_a`, :func:`mmnk`,
  :func:`engset`, ... (all of :mod:`teletraffic.erlang`)
* vocabulary: :class:`Outcome`, :class:`CallRecord`, :class:`TeletrafficError`,
  :class:`ScenarioError`

Names are loaded on first use, so that ``import teletraffic`` (and the quick
``teletraffic erlang`` commands) stay instant; pandas, simpy and matplotlib load only
when a simulation or a plot needs them.

Examples
--------
>>> import teletraffic as tt
>>> round(tt.erlang_b(10, 8.0), 4)  # 10 lines, 8 erlangs offered: share of callers lost
0.1217
>>> office = tt.scenario_from_dict({
...     "name": "front desk",
...     "period": {"hours": 20},
...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
...     "traffic": [{"name": "clients", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
... })
>>> result = tt.simulate(office, replications=3, seed=1)
>>> low, high = result.ci("p_busy")
>>> low <= result.value("p_busy") <= high
True
>>> result.headline()  # doctest: +ELLIPSIS
'In 20 hours: ... incoming call attempts; ... heard busy (...%); ... answered...'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from teletraffic.errors import InputError, ScenarioError, StatisticalWarning, TeletrafficError

_LAZY: dict[str, str] = {
    # read from the installed metadata when asked for (importlib.metadata is slow to load)
    "__version__": "teletraffic._version",
    # scenarios
    "Scenario": "teletraffic.scenario",
    "load_scenario": "teletraffic.scenario",
    "parse_scenario": "teletraffic.scenario",
    "scenario_from_dict": "teletraffic.scenario",
    "dump_scenario": "teletraffic.scenario",
    "scenario_schema": "teletraffic.scenario",
    # simulation
    "simulate": "teletraffic.runner",
    "SimulationResult": "teletraffic.runner",
    "validate": "teletraffic.validate",
    "describe_scenario": "teletraffic.scenario",
    # set-ups side by side, sweeps, plans, costs
    "compare": "teletraffic.experiments",
    "sweep": "teletraffic.experiments",
    "plan": "teletraffic.experiments",
    "parse_values": "teletraffic.experiments",
    "Comparison": "teletraffic.experiments",
    "Plan": "teletraffic.experiments",
    "Candidate": "teletraffic.experiments",
    "staff": "teletraffic.staffing",
    "monthly_costs": "teletraffic.costs",
    "cost_summary": "teletraffic.costs",
    "load_tariffs": "teletraffic.tariffs",
    "TariffMenu": "teletraffic.tariffs",
    # reports
    "build_report": "teletraffic.report",
    "write_report": "teletraffic.report",
    "plain_summary": "teletraffic.report",
    # call records: CDR files in, traffic fitted from them
    "read_cdr": "teletraffic.cdr",
    "fit_traffic": "teletraffic.cdr",
    "TrafficFit": "teletraffic.cdr",
    # a PBX's queue configuration in
    "import_pbx": "teletraffic.pbxconf",
    "PbxImport": "teletraffic.pbxconf",
    # vocabulary
    "Outcome": "teletraffic.records",
    "CallRecord": "teletraffic.records",
    # formulas
    "erlang_b": "teletraffic.erlang",
    "extended_erlang_b": "teletraffic.erlang",
    "erlang_c": "teletraffic.erlang",
    "erlang_a": "teletraffic.erlang",
    "erlang_x": "teletraffic.erlang",
    "mmnk": "teletraffic.erlang",
    "engset": "teletraffic.erlang",
    "service_level": "teletraffic.erlang",
    "average_speed_of_answer": "teletraffic.erlang",
    "occupancy": "teletraffic.erlang",
    "mean_queue_length": "teletraffic.erlang",
    "lines_for_blocking": "teletraffic.erlang",
    "traffic_for_blocking": "teletraffic.erlang",
    "agents_for_service_level": "teletraffic.erlang",
    "agents_for_asa": "teletraffic.erlang",
    "agents_for_abandonment": "teletraffic.erlang",
}

__all__ = [
    "CallRecord",
    "Candidate",
    "Comparison",
    "InputError",
    "Outcome",
    "PbxImport",
    "Plan",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "StatisticalWarning",
    "TariffMenu",
    "TeletrafficError",
    "TrafficFit",
    "__version__",
    "agents_for_abandonment",
    "agents_for_asa",
    "agents_for_service_level",
    "average_speed_of_answer",
    "build_report",
    "compare",
    "cost_summary",
    "describe_scenario",
    "dump_scenario",
    "engset",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "erlang_x",
    "extended_erlang_b",
    "fit_traffic",
    "import_pbx",
    "lines_for_blocking",
    "load_scenario",
    "load_tariffs",
    "mean_queue_length",
    "mmnk",
    "monthly_costs",
    "occupancy",
    "parse_scenario",
    "parse_values",
    "plain_summary",
    "plan",
    "read_cdr",
    "scenario_from_dict",
    "scenario_schema",
    "service_level",
    "simulate",
    "staff",
    "sweep",
    "traffic_for_blocking",
    "validate",
    "write_report",
]

if TYPE_CHECKING:
    from teletraffic._version import __version__
    from teletraffic.cdr import TrafficFit, fit_traffic, read_cdr
    from teletraffic.costs import cost_summary, monthly_costs
    from teletraffic.erlang import (
        agents_for_abandonment,
        agents_for_asa,
        agents_for_service_level,
        average_speed_of_answer,
        engset,
        erlang_a,
        erlang_b,
        erlang_c,
        erlang_x,
        extended_erlang_b,
        lines_for_blocking,
        mean_queue_length,
        mmnk,
        occupancy,
        service_level,
        traffic_for_blocking,
    )
    from teletraffic.experiments import (
        Candidate,
        Comparison,
        Plan,
        compare,
        parse_values,
        plan,
        sweep,
    )
    from teletraffic.pbxconf import PbxImport, import_pbx
    from teletraffic.records import CallRecord, Outcome
    from teletraffic.report import build_report, plain_summary, write_report
    from teletraffic.runner import SimulationResult, simulate
    from teletraffic.scenario import (
        Scenario,
        describe_scenario,
        dump_scenario,
        load_scenario,
        parse_scenario,
        scenario_from_dict,
        scenario_schema,
    )
    from teletraffic.staffing import staff
    from teletraffic.tariffs import TariffMenu, load_tariffs
    from teletraffic.validate import validate


_SUBMODULES = frozenset(
    {
        "_version",
        "cdr",
        "costs",
        "distributions",
        "engine",
        "erlang",
        "errors",
        "experiments",
        "plots",
        "precision",
        "records",
        "report",
        "runner",
        "scenario",
        "staffing",
        "stats",
        "summary",
        "tally",
        "tariffs",
        "text",
        "units",
        "validate",
        "warmup",
        "work",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:  # tt.tally.METRICS, tt.plots.busy_curve(...) without an import
        return importlib.import_module(f"teletraffic.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'teletraffic' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
