"""Call records: CRM columns out, CDR files in, traffic fitted from them.

The round trip simulates ``tests/cdr/round_trip.yaml`` (known traffic), writes its
CRM-ready call log, reads it back as a CDR file and fits it: each fitted figure's 99 % interval
must hold the true value. The intervals are the fit's own (exact Poisson for the rate,
Student t for the talk mean, the Poisson interval of hang-ups in the total waiting
time for the patience, Clopper-Pearson for the redial share), so the test checks
the estimators and their intervals together; the seed is fixed, so it is
deterministic.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cdr import CdrError, fit_traffic, parse_columns, read_cdr
from teletraffic.cdr.calls_out import crm_call_log
from teletraffic.cli import app
from teletraffic.errors import InputError, TeletrafficError

CDR = Path(__file__).parent / "cdr"
HOSTILE = CDR / "hostile"
LEVEL = 0.99

# the truth of tests/cdr/round_trip.yaml
RATE, TALK, PATIENCE, REDIAL, REDIAL_AFTER = 40.0, 180.0, 60.0, 0.40, 120.0


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, tt.TrafficFit]:
    scenario = tt.load_scenario(CDR / "round_trip.yaml")
    result = tt.simulate(scenario, call_log=True)  # 4 replications of 5 days, seed 2026
    assert result.calls is not None
    path = tmp_path_factory.mktemp("round_trip") / "calls.csv"
    crm_call_log(result.calls).to_csv(path, index=False)  # as `run --call-log` writes it
    return result.calls, tt.fit_traffic(tt.read_cdr(path), level=LEVEL)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --------------------------------------------------------------------------- CRM records out


def test_call_log_has_day_and_time_of_day() -> None:
    scenario = tt.load_scenario(CDR / "round_trip.yaml")
    calls = tt.simulate(scenario, replications=1, call_log=True).calls
    assert calls is not None
    assert list(calls.columns[:16]) == [
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
    ]
    assert set(calls["day"]) == {1, 2, 3, 4, 5}
    assert calls["time"].str.fullmatch(r"\d\d:\d\d:\d\d").all()
    clock = calls["time"].str.split(":", expand=True).astype(int)
    seconds = clock[0] * 3600 + clock[1] * 60 + clock[2]
    assert ((calls["day"] - 1) * 86400 + seconds == calls["start"].astype(int)).all()
    # the engine lays business days end to end: every inbound call in opening hours
    inbound = calls[calls["direction"] == "in"]
    assert inbound["time"].between("09:00:00", "17:59:59").all()
    answered = inbound[inbound["outcome"] == "answered"]
    assert len(answered) > 100
    assert answered["time"].between("09:00:00", "17:59:59").all()


def test_steady_state_call_log_has_time_since_start_and_no_day() -> None:
    scenario = tt.scenario_from_dict(
        {
            "name": "steady",
            "period": {"hours": 30, "warmup": "1h"},
            "replications": 1,
            "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 20, "talk": "3m"}],
        }
    )
    calls = tt.simulate(scenario, call_log=True).calls
    assert calls is not None
    assert "day" not in calls.columns
    assert calls["time"].max() > "24:00:00"  # hours since the start of the run, past 24


# --------------------------------------------------------------------------- round trip


@pytest.mark.slow
def test_round_trip_finds_the_opening_hours_and_days(round_trip: tuple) -> None:
    _, fit = round_trip
    assert fit.format == "teletraffic"
    assert (fit.open, fit.close) == (9 * 3600.0, 18 * 3600.0)
    assert fit.days == 20  # 4 replications x 5 business days, laid end to end
    [stream] = fit.streams
    assert stream.name == "clients"
    assert stream.number == "+7 495 100-00-00"
    assert stream.hours == 20 * 9


def test_round_trip_rate_is_within_its_poisson_interval(round_trip: tuple) -> None:
    calls, fit = round_trip
    rate = fit.streams[0].rate
    # redials are told from new callers by caller id alone, exactly as the engine made them
    assert rate.n == (calls["attempt"] == 1).sum()
    # the exact (Garwood) interval, recomputed here from the count
    low = stats.chi2.ppf((1 - LEVEL) / 2, 2 * rate.n) / 2 / 180
    high = stats.chi2.ppf(1 - (1 - LEVEL) / 2, 2 * rate.n + 2) / 2 / 180
    assert (rate.low, rate.high) == pytest.approx((low, high))
    assert rate.low <= RATE <= rate.high
    assert not fit.streams[0].uses_profile  # a constant rate shows no hourly profile


def test_round_trip_talk_time(round_trip: tuple) -> None:
    _, fit = round_trip
    talk = fit.streams[0].talk
    assert talk.mean.low <= TALK <= talk.mean.high
    assert talk.dist == "lognormal"
    assert talk.mean.n == 6490  # answered calls: pinned by the seed
    assert 0.7 < talk.cv < 0.9


def test_round_trip_patience_from_censored_waits(round_trip: tuple) -> None:
    calls, fit = round_trip
    patience = fit.streams[0].patience
    assert patience is not None
    assert patience.low <= PATIENCE <= patience.high
    # the estimator: all waiting time over the number who hung up
    waited = calls[calls["outcome"].isin(["answered", "abandoned", "unanswered"])]
    hung_up = (calls["outcome"] == "abandoned").sum()
    assert patience.value == pytest.approx(waited["wait"].sum() / hung_up)
    # the naive mean wait of those who hung up is far too short
    assert calls.loc[calls["outcome"] == "abandoned", "wait"].mean() < patience.low


def test_round_trip_redials(round_trip: tuple) -> None:
    calls, fit = round_trip
    redial = fit.streams[0].redial
    assert redial is not None
    assert redial.max_attempts == 3
    assert redial.share.low <= REDIAL <= redial.share.high
    assert redial.delay.low <= REDIAL_AFTER <= redial.delay.high
    assert redial.delay.n == (calls["attempt"] > 1).sum()


def test_round_trip_summary_has_sample_sizes(round_trip: tuple) -> None:
    _, fit = round_trip
    summary = fit.summary
    assert list(summary.columns) == ["stream", "figure", "value", "ci_low", "ci_high", "n", "note"]
    assert set(summary["figure"]) == {
        "calls",
        "calls_per_hour",
        "talk_mean",
        "talk_cv",
        "patience_mean",
        "redial_share",
        "redial_delay",
    }
    assert (summary["n"] > 0).all()
    words = fit.describe()
    assert "09:00-18:00" in words
    assert "new callers an hour" in words


def test_round_trip_scenario_loads_and_runs(round_trip: tuple) -> None:
    _, fit = round_trip
    scenario = tt.parse_scenario(fit.to_scenario_yaml())
    [stream] = scenario.traffic
    assert stream.calls_per_hour == pytest.approx(fit.streams[0].rate.value, abs=0.01)
    assert stream.talk.dist == "lognormal"
    assert stream.redial is not None
    assert scenario.period.open == 9 * 3600.0
    assert scenario.lines[0].channels >= 8  # 0.1 % busy at 40 calls/h x 3 min = 2 erlangs
    result = tt.simulate(scenario, replications=2)
    assert result.conservation_errors() == []


def test_steady_state_round_trip() -> None:
    scenario = tt.scenario_from_dict(
        {
            "name": "steady",
            "period": {"hours": 200, "warmup": "1h"},
            "replications": 2,
            "seed": 5,
            "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
            "traffic": [
                {"name": "c", "dial": "1", "calls_per_hour": 30, "talk": "3m", "patience": "2m"}
            ],
            "pbx": {"kind": "virtual", "hold": {"max_callers": 2}},
            "departments": [{"name": "d", "staff": 2}],
        }
    )
    calls = tt.simulate(scenario, call_log=True).calls
    assert calls is not None
    calls.attrs["steady"] = True
    frame = calls.assign(
        start=pd.Timestamp("2001-01-01")
        + pd.to_timedelta(calls["start"] + calls["replication"] * 20 * 86400, unit="s"),
        caller=calls["replication"].astype(str) + "-" + calls["caller"].astype(str),
        window=calls["replication"],
    )
    fit = fit_traffic(frame, level=LEVEL)
    assert fit.steady
    [stream] = fit.streams
    assert not stream.profile
    assert stream.rate.low <= 30 <= stream.rate.high
    assert stream.patience is not None
    assert stream.patience.low <= 120 <= stream.patience.high
    assert tt.parse_scenario(fit.to_scenario_yaml()).period.hours is not None


# --------------------------------------------------------------------------- Asterisk

ASTERISK_OUTCOMES = {
    1: ("in", "answered", 8.0, 201.0),
    2: ("in", "unanswered", 20.0, 0.0),  # NO ANSWER: rang out
    3: ("in", "answered", 6.0, 180.0),  # the redial of line 2
    4: ("in", "busy", 0.0, 0.0),
    5: ("in", "answered", 5.0, 120.0),  # the redial of line 4
    6: ("in", "abandoned", 65.0, 0.0),  # answered by Queue(), nobody connected: hung up on hold
    7: ("in", "unanswered", 20.0, 0.0),  # voicemail
    8: ("in", "unanswered", 0.0, 0.0),  # FAILED
    9: ("in", "busy", 0.0, 0.0),  # CONGESTION
    10: ("out", "placed", 12.0, 180.0),
    11: ("out", "blocked", 0.0, 0.0),  # CONGESTION: no free channel out
    12: ("out", "placed", 30.0, 0.0),  # NO ANSWER at the far end: placed all the same
    13: ("internal", "answered", 4.0, 60.0),
    15: ("in", "answered", 7.0, 240.0),  # lines 14-15: one call, two records (uniqueid)
    16: ("in", "unanswered", 20.0, 0.0),
}


def test_asterisk_master_csv_outcomes() -> None:
    cdr = read_cdr(CDR / "asterisk_master.csv")
    assert cdr.attrs["format"] == "asterisk"
    by_line = cdr.set_index("file_line")
    for line, (direction, outcome, wait, talk) in ASTERISK_OUTCOMES.items():
        row = by_line.loc[line]
        assert (row["direction"], row["outcome"], row["wait"], row["talk"]) == (
            direction,
            outcome,
            wait,
            talk,
        ), line
    assert 14 not in by_line.index  # merged into line 15: same uniqueid, the answered one kept
    assert by_line.loc[1, "start"] == pd.Timestamp("2024-03-04 09:02:11")
    assert by_line.loc[1, "number"] == "4950001"
    assert by_line.loc[1, "caller"] == "74957770001"
    assert by_line.loc[10, "number"] == "SIP/provider"  # outbound: the trunk
    assert by_line.loc[9, "line"] == "DAHDI/1"
    assert any("uniqueid" in note for note in cdr.attrs["notes"])


def test_asterisk_fit_counts_redials_by_caller_id() -> None:
    fit = fit_traffic(read_cdr(CDR / "asterisk_master.csv"))
    main = next(s for s in fit.inbound if s.number == "4950001")
    assert {s.number for s in fit.inbound} == {"4950001", "4950002"}
    assert main.redial is not None
    # failed: 4 rang out (one anonymous), 2 busy, 2 hung up; 3 redialled within 30 min
    assert (main.redial.share.n, round(main.redial.share.value * 8)) == (8, 3)
    assert main.attempts == 20
    assert main.rate.n == 17  # 20 attempts less 3 redials; the anonymous caller's 2nd call is new
    assert main.patience is not None
    assert main.patience.n == 2
    out = fit.outbound
    assert out is not None
    assert out.attempts == 4
    assert out.outcomes == {"placed": 3, "blocked": 1}
    # 12 talk times are too few to choose a shape: said, not dressed up as a best fit
    words = fit.describe()
    assert "12 calls; too few calls to choose a distribution: exponential assumed" in words
    assert "exponential fits best" not in words


@pytest.mark.parametrize("extra", [0, 1, 4])
def test_asterisk_records_of_16_to_21_fields(tmp_path: Path, extra: int) -> None:
    lines = (CDR / "asterisk_master.csv").read_text().splitlines()
    if extra == 0:  # no uniqueid
        text = "\n".join(line.rsplit(",", 1)[0] for line in lines)
    else:  # userfield, peeraccount, linkedid, sequence
        text = "\n".join(line + ',""' * min(extra, 3) + ",0" * (extra == 4) for line in lines)
    path = tmp_path / "Master.csv"
    path.write_text(text + "\n")
    cdr = read_cdr(path)
    assert cdr.attrs["format"] == "asterisk"
    assert len(cdr) == (28 if extra == 0 else 27)  # without uniqueid nothing is merged
    assert cdr.set_index("file_line").loc[6, "outcome"] == "abandoned"


# --------------------------------------------------------------------------- generic CSV


def test_generic_csv_with_default_column_names() -> None:
    cdr = read_cdr(CDR / "crm_export.csv")
    assert cdr.attrs["format"] == "csv"
    assert "dates read as day.month.year" in cdr.attrs["notes"]
    by_line = cdr.set_index("file_line")
    assert by_line.loc[2, "start"] == pd.Timestamp("2024-03-04 09:01:12")
    assert tuple(by_line.loc[2, ["outcome", "wait", "talk"]]) == ("answered", 12.0, 188.0)
    assert tuple(by_line.loc[3, ["outcome", "wait", "talk"]]) == ("unanswered", 25.0, 0.0)
    assert tuple(by_line.loc[5, ["direction", "outcome", "talk"]]) == ("out", "placed", 300.0)
    assert tuple(by_line.loc[7, ["outcome", "wait"]]) == ("abandoned", 65.0)
    assert by_line.loc[11, "outcome"] == "blocked"  # an outgoing call that failed


def test_generic_csv_with_named_columns(runner: CliRunner, tmp_path: Path) -> None:
    columns = "start=Начало звонка,caller=Номер клиента,number=Линия,outcome=Итог"
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(
        app,
        [
            "fit",
            str(CDR / "crm_named_columns.csv"),
            "--columns",
            columns,
            "-c",
            "talk=Разговор (сек)",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "calls to 4950001" in result.output
    scenario = tt.load_scenario(out)
    assert scenario.traffic[0].dial == "4950001"


def test_parse_columns() -> None:
    assert parse_columns(["start=Date, talk=Duration", "caller=From"]) == {
        "start": "Date",
        "talk": "Duration",
        "caller": "From",
    }
    with pytest.raises(InputError, match="'when' is not a field"):
        parse_columns("when=Date")
    with pytest.raises(InputError, match="is not FIELD=COLUMN"):
        parse_columns("start")


# --------------------------------------------------------------------------- CLI end to end


@pytest.mark.slow
def test_cli_run_fit_run(runner: CliRunner, tmp_path: Path) -> None:
    logs = tmp_path / "out"
    result = runner.invoke(
        app,
        ["run", str(CDR / "round_trip.yaml"), "-r", "2", "--out", str(logs), "--call-log"],
    )
    assert result.exit_code == 0, result.output
    fitted = tmp_path / "fitted.yaml"
    result = runner.invoke(app, ["fit", str(logs / "calls.csv"), "--out", str(fitted)])
    assert result.exit_code == 0, result.output
    assert "Fitted traffic" in result.output
    assert "the office seems open 09:00-18:00" in result.output
    assert tt.load_scenario(fitted).traffic[0].name == "clients"
    result = runner.invoke(app, ["run", str(fitted), "-r", "2"])
    assert result.exit_code == 0, result.output
    assert "incoming call attempts" in result.output


def test_cli_fit_on_a_base_scenario_keeps_its_set_up(runner: CliRunner, tmp_path: Path) -> None:
    fitted = tmp_path / "fitted.yaml"
    base = Path(__file__).parents[1] / "scenarios" / "multichannel_pbx.yaml"
    result = runner.invoke(
        app,
        [
            "fit",
            str(CDR / "crm_export.csv"),
            "--one-stream",
            "--scenario",
            str(base),
            "--out",
            str(fitted),
        ],
    )
    assert result.exit_code == 0, result.output
    scenario = tt.load_scenario(fitted)
    original = tt.load_scenario(base)
    assert scenario.lines == original.lines
    assert scenario.pbx == original.pbx
    assert scenario.departments == original.departments
    assert [s.name for s in scenario.traffic] == ["clients", "outbound"]
    assert scenario.traffic[0].dial == "+7 495 100-00-00"
    assert scenario.traffic[1].from_ == "managers"
    assert tt.simulate(scenario, replications=1).conservation_errors() == []
    assert "passes calls on" not in result.output  # no transfers in that base


def test_cli_fit_warns_that_a_base_with_transfers_counts_their_talk_twice(
    runner: CliRunner, tmp_path: Path
) -> None:
    fitted = tmp_path / "fitted.yaml"
    base = Path(__file__).parents[1] / "scenarios" / "office.yaml"
    args = ["fit", str(CDR / "crm_export.csv"), "--one-stream", "--scenario", str(base)]
    result = runner.invoke(app, [*args, "--out", str(fitted)])
    assert result.exit_code == 0, result.output
    assert "passes calls on (transfers or conferences)" in result.output
    assert tt.load_scenario(fitted).transfers == tt.load_scenario(base).transfers


def test_base_scenario_without_the_records_numbers_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    fitted = tmp_path / "fitted.yaml"
    base = Path(__file__).parents[1] / "scenarios" / "multichannel_pbx.yaml"
    args = ["fit", str(CDR / "asterisk_master.csv"), "--scenario", str(base), "-o", str(fitted)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "'4950001', '4950002' are not numbers of the lines" in result.output
    assert "--one-stream" in result.output
    assert not fitted.exists()


# --------------------------------------------------------------------------- hostile files

HOSTILE_CASES = [
    ("bad_billsec.csv", [], ["bad_billsec.csv, line 17: column 'billsec': 'abc' is not a number"]),
    ("negative_talk.csv", [], ["line 4: column 'talk': '-30' is negative"]),
    (
        "bad_date.csv",
        [],
        [
            "line 3: column 'start': '2024-02-30 09:05:00' is not a date",
            "line 5: column 'start': 'yesterday' is not a date",
        ],
    ),
    ("unknown_outcome.csv", [], ["line 3: column 'outcome': 'perhaps' is not a call outcome"]),
    ("ragged.csv", [], ["line 3: has 4 fields, the header has 5"]),
    ("header_only.csv", [], ["has a header but no call records"]),
    ("empty.csv", [], ["is empty"]),
    ("many_problems.csv", [], ["14 problems", "line 2: column 'talk': 'x'", "and 4 more"]),
    ("no_time_column.csv", [], ["none is named for when each call started", "--columns start="]),
    ("only_internal.csv", [], ["no inbound or outbound calls"]),
    ("asterisk_short.csv", [], ["line 1: the first line looks like a call record"]),
    ("asterisk_short.csv", ["--input-format", "asterisk"], ["line 1: has 11 fields", "16 to 21"]),
    (
        "bad_call_log.csv",
        [],
        ["line 3: column 'start': 'abc' is not a number", "line 4: column 'outcome': 'won'"],
    ),
    ("crm_export.csv", ["--columns", "start=Datum"], ["'Datum' (for start) is not a column"]),
    ("crm_export.csv", ["--columns", "when=Date"], ["'when' is not a field"]),
    ("crm_export.csv", ["--input-format", "excel"], ["'excel' is not one of"]),
    ("crm_export.csv", ["--redial-window", "soon"], ["--redial-window: 'soon' is not a duration"]),
]


@pytest.mark.parametrize(("name", "args", "expected"), HOSTILE_CASES)
def test_hostile_cdr_files(
    runner: CliRunner, tmp_path: Path, name: str, args: list[str], expected: list[str]
) -> None:
    path = HOSTILE / name if (HOSTILE / name).exists() else CDR / name
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(app, ["fit", str(path), *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert text.startswith("Error:")
    for words in expected:
        assert words in text
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"start,talk\n2024-03-04 09:00:00,6\x00\x01\x02", "line 2: is not a text file"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "line 1: is not a text file"),
        (
            "start,talk\n2024-03-04 09:00:00,Пять\n".encode("cp1251"),
            "line 2: column 'talk': 'Пять' is not a number of seconds",  # read as cp1251
        ),
        (b"  \n\n ", "is empty"),
    ],
)
def test_binary_and_foreign_files(
    runner: CliRunner, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(content)
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(app, ["fit", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert expected in result.output
    assert not out.exists()


def test_folder_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fit", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.output
    result = runner.invoke(app, ["fit", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "nope.csv: no such file" in result.output


def test_out_and_scenario_mistakes_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    cdr = str(CDR / "crm_export.csv")
    result = runner.invoke(app, ["fit", cdr, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.output
    result = runner.invoke(app, ["fit", cdr, "--scenario", str(CDR / "round_trip.yaml")])
    assert result.exit_code == 2
    assert "--scenario needs --out" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nlines: []\ntraffic: []\n")
    out = tmp_path / "fitted.yaml"
    result = runner.invoke(app, ["fit", cdr, "--scenario", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_errors_are_teletraffic_errors_with_the_line() -> None:
    with pytest.raises(CdrError) as caught:
        read_cdr(HOSTILE / "bad_billsec.csv")
    assert isinstance(caught.value, TeletrafficError)
    assert caught.value.line == 17
    message = str(caught.value)
    assert re.search(r"bad_billsec\.csv, line 17: column 'billsec': 'abc'", message)
    with pytest.raises(CdrError, match="lacks the columns"):
        fit_traffic(pd.DataFrame({"start": []}))


def test_talk_distribution_choice() -> None:
    from teletraffic.cdr.fit import _fit_duration

    rng = np.random.default_rng(1)
    assert _fit_duration(rng.exponential(100, 2000), LEVEL).dist == "exponential"
    assert _fit_duration(rng.gamma(4.0, 25, 2000), LEVEL).dist == "gamma"
    assert _fit_duration(rng.lognormal(4, 0.8, 2000), LEVEL).dist == "lognormal"
    two_humps = np.concatenate([rng.normal(30, 2, 1000), rng.normal(600, 5, 1000)])
    fit = _fit_duration(two_humps, LEVEL)
    assert fit is not None
    assert fit.dist == "empirical"
    assert math.isclose(sum(fit.values) / len(fit.values), two_humps.mean(), rel_tol=0.01)


@pytest.mark.slow
def test_hourly_profile_of_a_shipped_scenario(tmp_path: Path) -> None:
    """multichannel_pbx.yaml: clients call by an hourly profile, suppliers at a constant rate."""
    base = Path(__file__).parents[1] / "scenarios" / "multichannel_pbx.yaml"
    scenario = tt.load_scenario(base)
    calls = tt.simulate(scenario, replications=4, call_log=True).calls
    assert calls is not None
    path = tmp_path / "calls.csv"
    calls.to_csv(path, index=False)
    fit = fit_traffic(read_cdr(path))
    clients, suppliers = fit.inbound
    assert clients.uses_profile
    assert not suppliers.uses_profile
    # each hour's rate within its exact Poisson interval (99.9 % each, 9 hours)
    days = fit.days
    for hour, rate in clients.profile.items():
        count = round(rate * days)
        low = stats.chi2.ppf(0.0005, 2 * count) / 2 / days
        high = stats.chi2.ppf(0.9995, 2 * count + 2) / 2 / days
        assert low <= scenario.traffic[0].rate_at_hour(hour) <= high, hour
    fitted = tt.parse_scenario(fit.to_scenario_yaml(scenario))
    assert isinstance(fitted.traffic[0].calls_per_hour, dict)
    assert sorted(fitted.traffic[0].calls_per_hour) == list(range(9, 18))


def test_outbound_only_records_give_a_scenario(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text(
        "start,direction,caller,number,outcome,talk\n"
        "2024-03-04 09:01:00,out,101,84951112233,answered,120\n"
        "2024-03-04 10:01:00,out,101,84951112234,answered,60\n"
        "2024-03-04 11:01:00,out,102,84951112235,failed,0\n"
    )
    fit = fit_traffic(read_cdr(path))
    assert fit.inbound == []
    assert fit.outbound is not None
    assert fit.outbound.outcomes == {"placed": 2, "blocked": 1}
    scenario = tt.parse_scenario(fit.to_scenario_yaml())
    assert [s.from_ for s in scenario.traffic] == ["main"]


def test_the_call_log_keeps_who_answered_a_transferred_call_first() -> None:
    import teletraffic as tt

    office = tt.load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml")
    calls = tt.simulate(office, replications=1, seed=4, call_log=True).calls
    assert calls is not None
    answered = calls[calls["outcome"] == "answered"]
    passed_on = answered[answered["first_department"] != answered["department"]]
    # office.yaml transfers from requests only, to support and accounting
    assert len(passed_on) > 50
    assert set(passed_on["first_department"]) == {"requests"}
    assert set(passed_on["department"]) == {"support", "accounting"}
    assert passed_on["first_staff"].str.startswith("requests/").all()
    # a call nobody passed on was answered first by whoever finished it
    direct = answered[answered["first_department"] == answered["department"]]
    assert (direct["first_staff"] == direct["staff"]).all()
    # nobody answered a lost call
    lost = calls[calls["outcome"].isin(["busy", "queue_full"]) & (calls["direction"] == "in")]
    assert (lost["first_staff"] == "").all()
