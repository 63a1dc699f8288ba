"""``teletraffic run --format json`` says how its figures were made (issue 9)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cli import app
from teletraffic.metrics import PARTITION

ROOT = Path(__file__).resolve().parent.parent
MOBILE = ROOT / "scenarios" / "mobile.yaml"


def run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["run", str(MOBILE), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_carries_its_metadata() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    data = run_json("-r", "3", "--seed", "17", "--level", "0.9")
    meta = data["metadata"]
    assert meta["teletraffic_version"] == tt.__version__
    assert meta["scenario_file"] == str(MOBILE)
    assert meta["scenario_sha256"] == hashlib.sha256(MOBILE.read_bytes()).hexdigest()
    assert meta["seed"] == 17
    assert meta["replications"] == 3
    assert meta["currency"] == "RUB"
    assert meta["confidence_level"] == 0.9
    assert meta["created_at"].endswith("Z")
    created = datetime.fromisoformat(meta["created_at"].replace("Z", "+00:00"))
    assert before <= created <= datetime.now(UTC) + timedelta(seconds=1)
    assert {r["metric"] for r in data["figures"]} >= {"offered", "p_busy", "service_level"}


def test_the_files_seed_and_replications_when_not_given() -> None:
    meta = run_json()["metadata"]
    scenario = tt.load_scenario(MOBILE)
    assert (meta["seed"], meta["replications"]) == (scenario.seed, scenario.replications)
    assert meta["confidence_level"] == 0.95


def test_shares_in_all_figures_sum_to_one() -> None:
    figures = run_json("--all", "-r", "3")["figures"]
    means = {r["metric"]: r["mean"] for r in figures if r["scope"] == "all"}
    assert abs(sum(means[s] for s in PARTITION) - 1.0) < 1e-9
    assert means["p_dropped"] > 0  # the mobile line cuts calls: not 'answered in time'
