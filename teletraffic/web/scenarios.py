"""Scenario files on the page: check one as ``teletraffic check`` does, run it, and the
files to download (the figures as CSV, the HTML report, the scenario as edited).

Checking reads the text with :func:`teletraffic.scenario.parse_scenario` (the guarded
YAML 1.2 reader of every scenario file) and lists its problems with their lines, or says
in plain words what it describes (:func:`teletraffic.scenario.describe_scenario`), with
the notes ``check`` prints. Running is :func:`teletraffic.runner.simulate` with a call
log (for the report's chart of waits), priced by :func:`teletraffic.costs.cost_summary`
and written up by :func:`teletraffic.report.build_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from teletraffic.errors import ScenarioError

if TYPE_CHECKING:
    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario
    from teletraffic.web.jobs import Progress

__all__ = ["Checked", "Ran", "check_text", "run_scenario"]


@dataclass
class Checked:
    """A scenario text checked: *problems* ``(field, message, line)``, or its words."""

    name: str
    text: str
    scenario: Scenario | None = None
    problems: list[tuple[str, str, int | None]] = field(default_factory=list)
    description: str = ""
    notes: list[str] = field(default_factory=list)


def check_text(text: str, name: str) -> Checked:
    """Check *text* (a scenario file called *name*) as ``teletraffic check`` does."""
    from teletraffic.engine import unsupported_features
    from teletraffic.scenario import describe_scenario, parse_scenario, scenario_warnings

    checked = Checked(name=name, text=text)
    try:
        scenario = parse_scenario(text, file=name)
    except ScenarioError as err:
        checked.problems = list(err.problems)
        return checked
    checked.scenario = scenario
    checked.description = describe_scenario(scenario)
    checked.notes = [f"Warning: {w}" for w in scenario_warnings(scenario)]
    checked.notes += [
        f"Note: {f}: {reason}; `run` will refuse this file for now."
        for f, reason in unsupported_features(scenario)
    ]
    return checked


@dataclass
class Ran:
    """A scenario run: the result, and the files to download, made once."""

    scenario: Scenario
    result: SimulationResult
    files: dict[str, str]


def run_scenario(checked: Checked, replications: int | None, progress: Progress) -> Ran:
    """Simulate a checked scenario; its summary, costs and report, ready to download."""
    from teletraffic.costs import cost_summary
    from teletraffic.report import build_report
    from teletraffic.runner import simulate

    scenario = checked.scenario
    if scenario is None:
        raise ScenarioError(checked.problems, checked.name)
    result = simulate(scenario, replications=replications, call_log=True, progress=progress.steps)
    progress.text = "writing the report"
    progress.check()
    files = {
        "summary.csv": result.summary.to_csv(index=False),
        "costs.csv": cost_summary(scenario, result, result.level).to_csv(index=False),
        "report.html": build_report(scenario, result),
        "scenario.yaml": checked.text,
    }
    return Ran(scenario, result, files)
