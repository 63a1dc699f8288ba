"""The call log in columns (:class:`teletraffic.records.CallTable`) and calls.csv written
a chunk at a time (:func:`teletraffic.cdr.simulated.write_crm`).

The chunked writer must give, byte for byte, what the whole-table CRM formatter gives
(call ids, redials across chunk boundaries, sort by start within each replication); the
columnar table must hand back the very records the engine emitted.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic import records
from teletraffic.cdr import simulated
from teletraffic.cdr.calls_out import crm_call_log
from teletraffic.cli import app
from teletraffic.engine import run_replication
from teletraffic.records import CALL_DTYPE, CallTable
from teletraffic.runner import layout_of
from teletraffic.tally import Tally

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _office() -> tt.Scenario:
    return tt.load_scenario(SCENARIOS / "office.yaml")


def test_an_attempt_takes_at_most_200_bytes() -> None:
    assert np.dtype(CALL_DTYPE).itemsize <= 200


@pytest.mark.parametrize("spill", [False, True])
def test_the_table_gives_back_the_records_the_engine_emitted(
    spill: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 100 (so a run has many, and a last part one): every record, in order,
    equal field by field to what the observer saw; spilled, nothing stays in memory."""
    monkeypatch.setattr(records, "CHUNK", 100)
    scenario = _office()
    seen: list[records.CallRecord] = []

    class Keep(Tally):
        def attempt(self, record: records.CallRecord) -> None:
            seen.append(record)
            super().attempt(record)

    keep = str(tmp_path) if spill else True
    rep = run_replication(
        scenario, 0, 3, Keep(layout_of(scenario), scenario.answer_time), keep_log=keep
    )
    table = rep.log
    assert isinstance(table, CallTable)
    assert len(table) == len(seen) > 1000
    assert list(table) == seen
    assert (table.path is not None) == spill
    assert (table.chunks == []) == spill


def _whole(result: tt.SimulationResult) -> str:
    steady = result.scenario.period.days is None
    return crm_call_log(result.calls, steady=steady).to_csv(index=False)


@pytest.mark.parametrize("name", ["office.yaml", "multichannel_hold.yaml"])
def test_calls_csv_in_small_chunks_is_the_whole_table_formatted_at_once(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """office.yaml has redials, transfers and outbound calls over business days;
    multichannel_hold.yaml is a steady state with redials. 97 rows a chunk puts many
    redials in another chunk than the attempt they redial."""
    scenario = tt.load_scenario(SCENARIOS / name)
    whole = tt.simulate(scenario, replications=2, seed=5, call_log=True)
    monkeypatch.setattr(records, "CHUNK", 50)
    monkeypatch.setattr(simulated, "WRITE_ROWS", 97)
    spill = tmp_path / "spill"
    spill.mkdir()
    streamed = tt.simulate(scenario, replications=2, seed=5, call_log=str(spill))
    assert streamed.calls is None
    assert len(streamed.call_tables) == 2
    out = tmp_path / "calls.csv"
    simulated.write_crm(out, scenario, streamed.call_tables)
    text = out.read_text(encoding="utf-8")
    assert text == _whole(whole)
    assert "redial_of" in text.splitlines()[0]
    assert any(line.split(",")[12] for line in text.splitlines()[1:])  # some redials


def test_the_call_log_frame_has_the_documented_columns() -> None:
    calls = tt.simulate(_office(), replications=1, seed=2, call_log=True).calls
    assert calls is not None
    assert list(calls.columns) == [
        "replication",
        "caller",
        "attempt",
        "direction",
        "stream",
        "line",
        "number",
        "department",
        "staff",
        "first_department",
        "first_staff",
        "start",
        "wait",
        "talk",
        "outcome",
        "measured",
        "outside_talk",
        "day",
        "time",
    ]
    assert calls["caller"].dtype == np.int64
    assert set(calls["outcome"]) <= {o.label for o in tt.Outcome}


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs pyarrow")
def test_parquet_call_log_has_the_columns_and_rows_of_calls_csv(tmp_path: Path) -> None:
    scenario = str(SCENARIOS / "office.yaml")
    runner = CliRunner()
    for out, extra in (("csv", []), ("pq", ["--call-log-format", "parquet"])):
        args = ["run", scenario, "-r", "2", "--out", str(tmp_path / out), "--call-log", *extra]
        assert runner.invoke(app, args).exit_code == 0
    csv = pd.read_csv(tmp_path / "csv" / "calls.csv", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(tmp_path / "pq" / "calls.parquet")
    assert list(parquet.columns) == list(csv.columns)
    assert (parquet.astype(str).to_numpy() == csv.to_numpy()).all()
    assert not (tmp_path / "pq" / "calls.csv").exists()


def test_parquet_without_pyarrow_is_a_clear_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == "pyarrow" else real(n, *a)
    )
    args = ["run", str(SCENARIOS / "office.yaml"), "-r", "1", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, [*args, "--call-log", "--call-log-format", "parquet"])
    assert result.exit_code == 2
    assert "teletraffic-sim[parquet]" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
