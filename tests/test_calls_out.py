"""The CRM-ready call log: calls.csv as a CRM imports it and a spreadsheet opens it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cdr.calls_out import CRM_COLUMNS, FORMULA_STARTS, crm_call_log, spreadsheet_safe
from teletraffic.cli import app

CDR = Path(__file__).parent / "cdr"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")

HOSTILE_NAMES = {
    "name": "hostile names",
    "period": {"days": 2, "open": "09:00", "close": "12:00"},
    "replications": 2,
    "seed": 7,
    "lines": [
        {"name": "-main", "kind": "multichannel", "numbers": ["+7 495 100-00-00"], "channels": 2}
    ],
    "traffic": [
        {
            "name": '=HYPERLINK("x")',
            "dial": "+7 495 100-00-00",
            "calls_per_hour": 30,
            "talk": "3m",
            "patience": "1m",
            "redial": {"probability": 0.5, "after": "2m"},
        }
    ],
    "pbx": {"kind": "virtual", "hold": {"max_callers": 1}},
    "departments": [{"name": "@desk", "staff": 1}],
}


def test_spreadsheet_safe() -> None:
    cells = pd.Series(["=1+1", "+7 495", "-x", "@a", "\tb", "\rc", "ok", "", 5], dtype=object)
    assert spreadsheet_safe(cells).tolist() == [
        "'=1+1",
        "'+7 495",
        "'-x",
        "'@a",
        "'\tb",
        "'\rc",
        "ok",
        "",
        5,
    ]
    numbers = pd.Series([-1.5, 2.0])
    assert spreadsheet_safe(numbers).tolist() == [-1.5, 2.0]


def test_empty_log_has_its_header(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    crm_call_log(None).to_csv(path, index=False)
    assert path.read_text().splitlines() == [",".join([*CRM_COLUMNS, "day"])]
    crm_call_log(pd.DataFrame(), steady=True).to_csv(path, index=False)
    assert path.read_text().splitlines() == [",".join(CRM_COLUMNS)]


@pytest.fixture(scope="module")
def hostile_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = tt.scenario_from_dict(HOSTILE_NAMES)
    path = tmp_path_factory.mktemp("crm") / "scenario.yaml"
    import yaml

    path.write_text(yaml.safe_dump(HOSTILE_NAMES, allow_unicode=True))
    out = path.parent / "out"
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--call-log"])
    assert result.exit_code == 0, result.output
    assert scenario.period.days == 2
    return out / "calls.csv"


def test_no_cell_opens_as_a_formula(hostile_log: Path) -> None:
    with hostile_log.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [*CRM_COLUMNS, "day"]
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) > 50
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert '\'=HYPERLINK("x")' in cells
    assert "'@desk" in cells
    assert "'+7 495 100-00-00" in cells


def test_crm_columns_ids_times_and_order(hostile_log: Path) -> None:
    log = pd.read_csv(hostile_log, dtype=str, keep_default_na=False)
    assert log["call_id"].is_unique
    reps = log["replication"].astype(int)
    assert reps.is_monotonic_increasing
    assert set(reps) == {0, 1}
    for _, part in log.groupby(reps):
        assert part["start"].is_monotonic_increasing  # ISO strings sort as times
    assert log["start"].str.match(ISO.pattern).all()
    assert log["end"].str.match(ISO.pattern).all()
    answered = log["outcome"] == "answered"
    assert log.loc[answered, "answered_at"].str.match(ISO.pattern).all()
    assert (log.loc[~answered, "answered_at"] == "").all()
    assert log["caller_id"].str.fullmatch(r"\d{10}").all()
    redials = log[log["redial_of"] != ""]
    assert len(redials) > 0
    by_id = log.set_index("call_id")
    for _, row in redials.iterrows():
        first = by_id.loc[row["redial_of"]]
        assert first["caller_id"] == row["caller_id"]
        assert first["replication"] == row["replication"]
        assert first["start"] < row["start"]
        assert first["outcome"] != "answered"


def test_fit_reads_the_crm_log_back_to_the_same_figures(tmp_path: Path) -> None:
    scenario = tt.load_scenario(CDR / "round_trip.yaml")
    result = tt.simulate(scenario, replications=2, call_log=True)
    raw, crm = tmp_path / "raw.csv", tmp_path / "calls.csv"
    result.calls.to_csv(raw, index=False)
    crm_call_log(result.calls).to_csv(crm, index=False)
    a = tt.fit_traffic(tt.read_cdr(crm)).summary
    b = tt.fit_traffic(tt.read_cdr(raw)).summary
    assert a["n"].tolist() == b["n"].tolist()
    # times in the CRM log are whole seconds: the figures agree to that rounding
    assert a["value"].to_numpy() == pytest.approx(b["value"].to_numpy(), rel=1e-3)


def test_compare_csv_output_writes_a_formula_as_text(tmp_path: Path) -> None:
    """A set-up named like a spreadsheet formula goes out as text in --format csv."""
    body = (
        "period: {days: 1}\n"
        "lines: [{name: t, kind: multichannel, numbers: ['1'], channels: 2}]\n"
        "traffic: [{name: c, dial: '1', calls_per_hour: 10, talk: 3m}]\n"
    )
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text('name: "=HYPERLINK(\\"http://x\\")"\n' + body)
    b.write_text("name: plain\n" + body)
    out = CliRunner().invoke(app, ["compare", str(a), str(b), "-r", "2", "--format", "csv"])
    assert out.exit_code == 0, out.output
    lines = [ln for ln in out.stdout.splitlines() if "HYPERLINK" in ln]
    assert lines
    for line in lines:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "@")), cell
