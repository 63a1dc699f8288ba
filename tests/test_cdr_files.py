"""Call-record files read in chunks, as Parquet, and refused without repeating them.

A CSV export with a header (a CRM's, our own ``calls.csv``) is read in chunks like a
PBX's file: the table must not depend on where the chunks fall, lines stay exact across
quoted line breaks, and a record of the wrong width is named wherever it is. Our call
log as Parquet reads to the same table as the CSV. A file that is not a call log at all
(a ``.env``, ``/etc/shadow``) is refused without a word of its content. And the issue's
"done when": ``fit`` on a simulated ``calls.csv`` recovers the scenario's calls per
hour, talk mean and patience within their intervals.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cdr import CdrError, read_cdr
from teletraffic.cdr import chunks as cdr_chunks
from teletraffic.cdr.calls_out import crm_call_log
from teletraffic.cli import app

CDR = Path(__file__).parent / "cdr"


@pytest.fixture(scope="module")
def call_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    """A small simulated call log (the CRM-ready frame) and its calls.csv."""
    scenario = tt.load_scenario(CDR / "round_trip.yaml")
    result = tt.simulate(scenario, replications=1, call_log=True)
    frame = crm_call_log(result.calls)
    path = tmp_path_factory.mktemp("log") / "calls.csv"
    frame.to_csv(path, index=False)
    return frame, path


def _same(a: pd.DataFrame, b: pd.DataFrame, *, lines: bool = True) -> None:
    if not lines:  # a Parquet file has rows, not lines
        a, b = a.drop(columns="file_line"), b.drop(columns="file_line")
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert a.attrs["legs"] == b.attrs["legs"]


# --------------------------------------------------------------------------- chunks


@pytest.mark.parametrize("rows", [1, 2, 7])
def test_a_crm_export_reads_the_same_in_any_chunks(
    monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    whole = read_cdr(CDR / "crm_export.csv")
    monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", rows)
    _same(whole, read_cdr(CDR / "crm_export.csv"))


def test_our_call_log_reads_the_same_in_chunks(
    monkeypatch: pytest.MonkeyPatch, call_log: tuple[pd.DataFrame, Path]
) -> None:
    _, path = call_log
    whole = read_cdr(path)
    monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", 97)
    _same(whole, read_cdr(path))
    assert len(whole) > 97 * 3


def test_lines_stay_exact_across_quoted_line_breaks_and_chunks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "start,caller,talk,outcome\n"
        '2024-03-04 09:00:00,"Anna\nSmith",60,answered\n'
        "\n"
        '2024-03-04 09:05:00,"B ""the boss""\n\nJones",30,answered\n'
        "2024-03-04 09:07:00,Carl,abc,answered\n"
    )
    for rows in (1, 2, 50):
        monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", rows)
        with pytest.raises(CdrError) as err:
            read_cdr(path)
        assert str(err.value).endswith("line 8: column 'talk': 'abc' is not a number of seconds")


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_a_record_of_the_wrong_width_is_named_in_any_chunk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: int
) -> None:
    good = "2024-03-04 09:{:02d}:00,100,200,answered,60\n"
    body = [good.format(i) for i in range(8)]
    body[4] = "2024-03-04 09:30:00,100,answered,60\n"  # a comma missing
    body[6] = "2024-03-04 09:40:00,100,200,answered,60,7\n"  # one too many
    body[2] = "2024-03-04 09:50:00,100,200,answered,\n"  # the last one empty: fine
    path = tmp_path / "export.csv"
    path.write_text("start,number,caller,outcome,talk\n" + "".join(body))
    monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", rows)
    with pytest.raises(CdrError) as err:
        read_cdr(path)
    assert str(err.value).splitlines()[1:] == [
        "  - line 6: has 4 fields, the header has 5; is a comma missing?",
        "  - line 8: has 6 fields, the header has 5; is a quote or a comma out of place?",
    ]


def test_progress_is_told_for_a_file_with_a_header(
    monkeypatch: pytest.MonkeyPatch, call_log: tuple[pd.DataFrame, Path]
) -> None:
    frame, path = call_log
    monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", 200)
    seen: list[tuple[int, int]] = []
    read_cdr(path, progress=lambda done, total: seen.append((done, total)))
    lines = len(frame) + 1
    assert seen[-1] == (lines, lines)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) == -(-lines // 200)


# --------------------------------------------------------------------------- Parquet


def test_the_call_log_as_parquet_reads_as_the_csv(
    call_log: tuple[pd.DataFrame, Path], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    frame, path = call_log
    parquet = tmp_path / "calls.parquet"
    frame.to_parquet(parquet, index=False)
    from_csv, from_parquet = read_cdr(path), read_cdr(parquet)
    _same(from_csv, from_parquet, lines=False)
    assert from_parquet["file_line"].tolist() == list(range(1, len(frame) + 1))
    assert from_parquet.attrs["format"] == "teletraffic"
    # typed columns (dates and times with their offset, whole numbers) read the same
    typed = frame.copy()
    for name in ("start", "end"):
        typed[name] = pd.to_datetime(typed[name])
    typed["replication"] = typed["replication"].astype("int32")
    typed.to_parquet(parquet, index=False)
    _same(from_csv, read_cdr(parquet), lines=False)


def test_fit_reads_a_parquet_call_log(call_log: tuple[pd.DataFrame, Path], tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    frame, path = call_log
    parquet = tmp_path / "calls.parquet"
    frame.to_parquet(parquet, index=False)
    runner = CliRunner()
    a = runner.invoke(app, ["fit", str(parquet), "-f", "json"])
    b = runner.invoke(app, ["fit", str(path), "-f", "json"])
    assert a.exit_code == 0, a.output
    assert json.loads(a.stdout)["figures"] == json.loads(b.stdout)["figures"]
    refused = runner.invoke(app, ["fit", str(parquet), "-i", "asterisk"])
    assert refused.exit_code == 2
    assert "is a Parquet file" in refused.output


def test_parquet_without_pyarrow_is_refused_with_advice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    parquet = tmp_path / "calls.parquet"
    parquet.write_bytes(b"PAR1" + b"\x00" * 16 + b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = CliRunner().invoke(app, ["fit", str(parquet)])
    assert result.exit_code == 2
    assert "reading it needs pyarrow, which is not installed (pip install pyarrow)" in " ".join(
        result.output.split()
    )
    assert "Traceback" not in result.output


def test_a_damaged_parquet_file_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    parquet = tmp_path / "calls.parquet"
    parquet.write_bytes(b"PAR1" + b"\x00" * 16 + b"PAR1")
    result = CliRunner().invoke(app, ["fit", str(parquet)])
    assert result.exit_code == 2
    assert "cannot be read as Parquet" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- not echoed

SECRETS = {
    ".env": "DB_PASSWORD=hunter2-secret\nAPI_KEY=sk-live-0123456789\n",
    "shadow": "root:$6$saltsalt$hunter2hashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
    "semicolons": "user;password;token\nadmin;hunter2-secret;sk-live-0123456789\n",
}


@pytest.mark.parametrize("name", sorted(SECRETS))
@pytest.mark.parametrize(
    "args",
    [
        [],
        ["-i", "csv"],
        ["-i", "teletraffic"],
        ["-i", "asterisk"],
        ["-i", "freeswitch"],
        ["-i", "asterisk-custom"],
        ["-i", "queue-log"],
        ["--columns", "start=password"],
        ["--columns", "start=Datum,talk=Dauer"],
    ],
)
def test_a_file_that_is_no_call_log_is_refused_without_its_content(
    tmp_path: Path, name: str, args: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(SECRETS[name])
    for command in ("fit", "busy-hour"):
        result = CliRunner().invoke(app, [command, str(path), *args])
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        for secret in ("hunter2", "sk-live", "saltsalt", "daemon", "DB_PASSWORD", "admin"):
            assert secret not in text, text
        assert "Traceback" not in result.output


def test_the_refusal_says_what_is_missing() -> None:
    result = CliRunner().invoke(app, ["fit", str(CDR / "hostile" / "no_time_column.csv")])
    text = " ".join(result.output.split())
    assert "the first line, taken as a header, has 3 columns; none is named for when" in text


# --------------------------------------------------------------------------- done when


@pytest.mark.slow
def test_fit_on_a_simulated_calls_csv_recovers_the_scenario(tmp_path: Path) -> None:
    """Issue 13's check, as a user runs it: ``run --call-log`` writes calls.csv, ``fit``
    reads it; calls per hour (40), talk mean (3 min) and patience (1 min) of
    tests/cdr/round_trip.yaml each lie within their 99 % intervals."""
    runner = CliRunner()
    out = tmp_path / "out"
    ran = runner.invoke(app, ["run", str(CDR / "round_trip.yaml"), "--out", str(out), "--call-log"])
    assert ran.exit_code == 0, ran.output
    fitted = runner.invoke(app, ["fit", str(out / "calls.csv"), "--level", "0.99", "-f", "json"])
    assert fitted.exit_code == 0, fitted.output
    figures = {f["figure"]: f for f in json.loads(fitted.stdout)["figures"]}
    for figure, truth in (("calls_per_hour", 40.0), ("talk_mean", 180.0), ("patience_mean", 60.0)):
        row = figures[figure]
        assert row["ci_low"] <= truth <= row["ci_high"], (figure, row)
        assert row["ci_high"] - row["ci_low"] < truth / 2, (figure, row)  # a real interval


def test_a_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from teletraffic.cli import calllog

    with calllog._reading("Master.csv") as progress:
        assert progress is None  # not a terminal: no bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    with calllog._reading("Master.csv") as progress:
        assert progress is not None
        progress(20, 45)
        progress(45, 45)
