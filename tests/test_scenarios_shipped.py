"""Every scenario shipped in scenarios/ loads, runs briefly and conserves calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from teletraffic.engine import unsupported_features
from teletraffic.runner import simulate
from teletraffic.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for p in (ROOT / "scenarios").rglob("*.yaml") if "\nlines:" in p.read_text())


def test_there_are_scenarios() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_scenario_runs_and_conserves_calls(path: Path) -> None:
    scenario = load_scenario(path)
    assert path.read_text().startswith("#"), "each file opens with a comment in plain words"
    if unsupported_features(scenario):
        pytest.xfail("uses parts the engine does not simulate yet")
    if scenario.period.hours is not None:
        short = scenario.model_copy(
            update={"period": scenario.period.model_copy(update={"hours": 20.0, "warmup": 3600.0})}
        )
    else:
        short = scenario.model_copy(
            update={"period": scenario.period.model_copy(update={"days": 1})}
        )
    result = simulate(short, replications=2)
    assert result.conservation_errors() == []
    assert result.value("offered") > 0


def test_the_shipped_scenarios_run_without_warnings_but_the_one_whose_lesson_it_is() -> None:
    """A new user's first runs print no warning about the file they were given; ip.yaml
    warns on purpose (its hold queue can never hold anyone: the uplink is the limit)."""
    from pathlib import Path

    from teletraffic.scenario import load_scenario
    from teletraffic.scenario.describe import scenario_warnings

    folder = Path(__file__).resolve().parent.parent / "scenarios"
    warned = {
        p.name: scenario_warnings(load_scenario(p))
        for p in sorted(folder.rglob("*.yaml"))
        if "tariffs" not in p.parts and p.name != "tariffs.yaml"
    }
    assert len(warned) >= 20
    assert {name for name, w in warned.items() if w} == {"ip.yaml"}
    assert "at most 0 can ever wait" in warned["ip.yaml"][0]
