"""The registry of figures (teletraffic.metrics): one entry per figure a result may hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

import teletraffic as tt
from teletraffic import metrics
from teletraffic.metrics import FIGURES, KINDS, PARTITION, Kind, ShareOf
from teletraffic.summary import _SHARES
from teletraffic.tally import COUNTS, METRICS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def office_figures() -> set[str]:
    """Every figure name a busy office's result holds (transfers, outbound, shifts...)."""
    result = tt.simulate(tt.load_scenario(ROOT / "scenarios" / "office.yaml"), replications=2)
    return set(result.summary["metric"])


def test_every_figure_of_a_result_is_registered(office_figures: set[str]) -> None:
    mobile = tt.simulate(tt.load_scenario(ROOT / "scenarios" / "mobile.yaml"), replications=2)
    callbacks = tt.simulate(
        tt.load_scenario(ROOT / "scenarios" / "virtual_hold.yaml"), replications=2
    )
    held = office_figures | set(mobile.summary["metric"]) | set(callbacks.summary["metric"])
    assert held <= set(FIGURES)
    simulated = {m.name for m in FIGURES.values() if m.kind != "money"}
    assert simulated - held <= {"overtime_minutes"}  # overtime: only when someone works late


def test_stats_and_runner_read_the_registry() -> None:
    assert {m.name: m.counts for m in FIGURES.values() if m.kind != "money"} == METRICS
    assert set(_SHARES) == {m.name for m in FIGURES.values() if m.kind == "share"}
    assert {m.name for m in FIGURES.values() if m.kind in ("count", "minutes")} == COUNTS
    result_metrics = tt.simulate(
        tt.load_scenario(ROOT / "scenarios" / "city_line.yaml"), replications=1
    ).metrics
    assert result_metrics == METRICS


def test_entries_say_what_they_are() -> None:
    assert set(KINDS) == set(get_args(Kind))
    for m in FIGURES.values():
        assert m.counts, m.name
        assert m.label, m.name
        assert m.kind in KINDS, m.name
        assert (m.share_of is not None) == (m.kind == "share"), m.name
        assert m.share_of is None or m.share_of in get_args(ShareOf), m.name
        assert (m.unit == "") == (m.kind in ("share", "index")), m.name
        assert m.alias_of is None or FIGURES[m.alias_of].kind == m.kind
    labels = [m.label for m in FIGURES.values()]
    assert len(labels) == len(set(labels)), "two figures read the same to people"
    # 'lost' is only for callers who never got through
    lossy = {m.name for m in FIGURES.values() if "lost" in m.label}
    assert lossy == {"lost_callers", "monthly_lost_calls"}


def test_the_partition_is_of_the_inbound_attempts() -> None:
    assert len(set(PARTITION)) == len(PARTITION)
    for name in PARTITION:
        assert FIGURES[name].share_of == "inbound attempts"
    assert "p_not_answered" not in PARTITION
    assert "p_wait" not in PARTITION


def test_helpers() -> None:
    assert metrics.label("p_busy") == "heard busy"
    assert metrics.label("no_such_figure") == "no_such_figure"
    assert metrics.is_share("service_level")
    assert not metrics.is_share("mean_wait")
    assert not metrics.is_share("no_such_figure")


def test_the_registry_is_light() -> None:
    """It imports nothing heavy: quick commands read it."""
    code = (
        "import sys, teletraffic.metrics; "
        "print(sorted(m for m in ('numpy', 'pandas', 'scipy', 'simpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
