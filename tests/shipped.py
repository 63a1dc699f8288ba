"""The scenarios shipped in scenarios/, as tests run them (long steady runs shortened)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import teletraffic as tt

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(
    p for p in SCENARIOS.rglob("*.yaml") if p.name != "tariffs.yaml" and p.parent.name != "tariffs"
)
"""Every shipped scenario file, the tariff menus left out."""


def shipped(path: Path) -> Any:
    """A shipped scenario; a steady-state run shortened to 20 hours (for speed)."""
    scenario = tt.load_scenario(path)
    if scenario.period.hours is not None:
        short = scenario.period.model_copy(update={"hours": 20.0, "warmup": 3600.0})
        scenario = scenario.model_copy(update={"period": short})
    return scenario


def scenario_id(path: Path) -> str:
    """A test id: the file's path under scenarios/."""
    return str(path.relative_to(SCENARIOS))
