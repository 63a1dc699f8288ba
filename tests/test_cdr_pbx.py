"""Call records as PBXs write them: Asterisk cdr_csv and cdr_custom, FreeSWITCH mod_cdr_csv.

The files in ``tests/cdr/`` are small, made up and anonymised, written in the exact
shapes of the modules that write them (Asterisk ``cdr/cdr_csv.c`` and
``configs/samples/cdr_custom.conf.sample``; FreeSWITCH ``mod_cdr_csv.c`` and
``conf/vanilla/autoload_configs/cdr_csv.conf.xml``): no header, strings quoted with
nothing escaped (a caller name in Windows-1251 passes byte for byte), an unset answer
time an empty field, FreeSWITCH's default template with its space before the last field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cdr import CdrError, read_cdr
from teletraffic.cdr import chunks as cdr_chunks
from teletraffic.cdr.layouts import (
    CDR_CUSTOM_SAMPLE,
    cdr_csv_layout,
    cdr_custom_layout,
    freeswitch_layout,
)
from teletraffic.cdr.source import _one_cell
from teletraffic.cli import app

CDR = Path(__file__).parent / "cdr"
HOSTILE = CDR / "hostile"


def _outcomes(table) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {str(k): int(v) for k, v in table["outcome"].value_counts().items()}


# --------------------------------------------------------------------------- encodings


def test_a_windows_1251_caller_name_is_read_not_refused() -> None:
    cdr = read_cdr(CDR / "asterisk_cp1251.csv")
    assert cdr.attrs["format"] == "asterisk"
    assert len(cdr) == 10
    [note] = [n for n in cdr.attrs["notes"] if "not UTF-8" in n]
    # names 1 and 3 of every 5 are Windows-1251, name 4 Latin-1, name 5 UTF-8 already
    assert "4 in 'clid' as Windows-1251 (the first on line 1)" in note
    assert "2 in 'clid' as Latin-1 (the first on line 4)" in note
    assert note.startswith("6 fields were not UTF-8")


@pytest.mark.parametrize(
    ("raw", "text", "encoding"),
    [
        ('"Иванов" <101>'.encode("cp1251"), '"Иванов" <101>', "Windows-1251"),
        ("Сидорова А.".encode("cp1251"), "Сидорова А.", "Windows-1251"),
        ("José Müller".encode("latin-1"), "José Müller", "Latin-1"),
        ("café".encode("latin-1"), "café", "Latin-1"),  # not 'cafй'
        (b"\x98x", "\x98x", "Latin-1"),  # 0x98 is no Windows-1251 character
    ],
)
def test_one_field_is_read_in_the_encoding_that_makes_words(
    raw: bytes, text: str, encoding: str
) -> None:
    cell = raw.decode("utf-8", errors="surrogateescape")
    assert _one_cell(cell) == (text, encoding)


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ([], ()),
        (["1709532131.17"], ("uniqueid",)),
        (["vip"], ("userfield",)),
        (["1709532131.17", "vip"], ("uniqueid", "userfield")),
        (["", "1709532131.17", "4"], ("peeraccount", "linkedid", "sequence")),
        (
            ["1709532131.17", "", "1709532131.17", "4"],
            ("uniqueid", "peeraccount", "linkedid", "sequence"),
        ),
        (
            ["x.1", "vip", "", "1709532131.17", "4"],
            ("uniqueid", "userfield", "peeraccount", "linkedid", "sequence"),
        ),
    ],
)
def test_cdr_csv_columns_by_width(extra: list[str], expected: tuple[str, ...]) -> None:
    """cdr_csv.c: uniqueid if loguniqueid, userfield if loguserfield, then peeraccount,
    linkedid, sequence if newcdrcolumns; 19 fields are the new columns alone."""
    layout = cdr_csv_layout(["x"] * 16 + extra)
    assert layout.names[16:] == expected


SAMPLE_MAPPING = (
    "[mappings]\n"
    "Master.csv => ${CSV_QUOTE(${CDR(clid)})},${CSV_QUOTE(${CDR(src)})},${CSV_QUOTE(${CDR(dst)})},"
    "${CSV_QUOTE(${CDR(dcontext)})},${CSV_QUOTE(${CDR(channel)})},${CSV_QUOTE(${CDR(dstchannel)})},"
    "${CSV_QUOTE(${CDR(lastapp)})},${CSV_QUOTE(${CDR(lastdata)})},${CSV_QUOTE(${CDR(start)})},"
    "${CSV_QUOTE(${CDR(answer)})},${CSV_QUOTE(${CDR(end)})},${CSV_QUOTE(${CDR(duration)})},"
    "${CSV_QUOTE(${CDR(billsec)})},${CSV_QUOTE(${CDR(disposition)})},${CSV_QUOTE(${CDR(amaflags)})},"
    "${CSV_QUOTE(${CDR(accountcode)})},${CSV_QUOTE(${CDR(uniqueid)})},${CSV_QUOTE(${CDR(userfield)})},"
    "${CDR(sequence)}\n"
)


def test_cdr_custom_legacy_mapping_of_the_sample() -> None:
    """configs/basic-pbx/cdr_custom.conf's mapping: the 19 fields of the sample."""
    layout = cdr_custom_layout(SAMPLE_MAPPING, "cdr_custom.conf")
    assert layout.names == CDR_CUSTOM_SAMPLE
    assert layout.width == 19
    high_res = SAMPLE_MAPPING.replace("CDR(duration)", "CDR(duration,f)")
    assert cdr_custom_layout(high_res, "x").names == CDR_CUSTOM_SAMPLE


def test_cdr_custom_advanced_mapping() -> None:
    layout = cdr_custom_layout((CDR / "cdr_custom.conf").read_text(), "cdr_custom.conf")
    assert layout.delimiter == "|"
    assert layout.width == 21
    assert layout.names[:3] == ("clid", "", "src")  # a literal column is skipped
    assert layout.names[17] == "uniqueid"  # uniqueid(noquote)
    assert layout.names[20] == ""  # ds_type(uservar)


def test_freeswitch_template_chosen_by_default_template() -> None:
    layout = freeswitch_layout((CDR / "cdr_csv.conf.xml").read_text(), "cdr_csv.conf.xml")
    assert layout.names[:3] == ("uniqueid", "origin", "bleg")
    assert layout.names[6] == "start"
    assert layout.names[11] == "disposition"
    stock = (CDR / "cdr_csv.conf.xml").read_text().replace('value="office"', 'value="example"')
    assert freeswitch_layout(stock, "x").width == 15
    none = stock.replace('value="example"', 'value="gone"')
    with pytest.raises(tt.TeletrafficError, match="'gone' is not among its templates"):
        freeswitch_layout(none, "x")


# --------------------------------------------------------------------------- the shapes


def test_cdr_custom_19_fields_recognised_and_read() -> None:
    cdr = read_cdr(CDR / "asterisk_cdr_custom.csv")
    assert cdr.attrs["format"] == "asterisk-custom"
    assert len(cdr) == 12
    assert _outcomes(cdr) == {"answered": 6, "unanswered": 3, "busy": 3}
    answered = cdr[cdr["outcome"] == "answered"]
    assert answered["talk"].tolist() == [90.0, 120.0, 150.0, 180.0, 210.0, 240.0]
    assert (answered["wait"] == answered["file_line"] + 4.0).all()  # wait = 5 + k


def test_cdr_custom_advanced_with_its_template() -> None:
    cdr = read_cdr(CDR / "asterisk_cdr_custom_advanced.csv", template=CDR / "cdr_custom.conf")
    assert cdr.attrs["format"] == "asterisk-custom"
    assert _outcomes(cdr) == {"answered": 3, "unanswered": 3}
    assert set(cdr["number"]) == {"4950002"}
    assert (cdr.loc[cdr["outcome"] == "answered", "talk"] == 120.0).all()


def test_freeswitch_default_template_without_header() -> None:
    cdr = read_cdr(CDR / "freeswitch_default.csv")
    assert cdr.attrs["format"] == "freeswitch"
    inbound = cdr[cdr["direction"] == "in"]
    assert len(inbound) == 10
    # NORMAL_CLEARING answered, ORIGINATOR_CANCEL hung up, USER_BUSY, NO_ANSWER
    assert _outcomes(inbound) == {"answered": 5, "abandoned": 2, "busy": 2, "unanswered": 1}
    out = cdr[cdr["direction"] == "out"]
    assert _outcomes(out) == {"placed": 2}
    cancelled = inbound[inbound["outcome"] == "abandoned"]
    assert cancelled["wait"].tolist() == [5.0, 11.0]  # the caller hung up after 4 + k s


def test_freeswitch_a_and_b_legs_grouped_with_its_template() -> None:
    cdr = read_cdr(CDR / "freeswitch_ab.csv", template=CDR / "cdr_csv.conf.xml")
    assert cdr.attrs["legs"] == 20
    assert len(cdr) == 5  # one A leg and three B legs (a group_call) per caller
    assert _outcomes(cdr) == {"answered": 4, "abandoned": 1}
    assert (cdr["direction"] == "in").all()
    assert set(cdr["number"]) == {"4950004"}
    assert (cdr.loc[cdr["outcome"] == "answered", "wait"] == 7.0).all()


def test_a_ring_group_is_one_caller(tmp_path: Path) -> None:
    """45 legs, 36 callers: the legs of a ring group share a linkedid."""
    cdr = read_cdr(CDR / "asterisk_ring_group.csv")
    assert (cdr.attrs["legs"], len(cdr)) == (45, 36)
    assert _outcomes(cdr) == {"answered": 28, "unanswered": 8}
    fit = tt.fit_traffic(cdr)
    assert sum(s.attempts for s in fit.inbound) == 36
    result = CliRunner().invoke(app, ["fit", str(CDR / "asterisk_ring_group.csv"), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["metadata"]["legs"], data["metadata"]["calls"]) == (45, 36)
    calls = [r["value"] for r in data["figures"] if r["figure"] == "calls"]
    assert sum(calls) == 36
    table = CliRunner().invoke(app, ["fit", str(CDR / "asterisk_ring_group.csv")])
    assert "Read 45 call records" in table.stdout
    assert "36 calls once the legs of each caller are joined" in table.stdout


def test_input_format_forces_and_output_format_is_separate() -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "fit",
            str(CDR / "asterisk_cdr_custom.csv"),
            "--input-format",
            "asterisk-custom",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("stream,figure,value,ci_low,ci_high,n,note")
    wrong = runner.invoke(
        app, ["fit", str(CDR / "asterisk_cdr_custom.csv"), "--input-format", "asterisk"]
    )
    assert wrong.exit_code == 2
    assert "line 1: is not a cdr_csv record" in wrong.output
    assert "try --input-format asterisk-custom" in wrong.output
    assert "Traceback" not in wrong.output


def test_columns_list_gives_the_order() -> None:
    names = ",".join(CDR_CUSTOM_SAMPLE)
    result = CliRunner().invoke(
        app,
        [
            "fit",
            str(CDR / "asterisk_cdr_custom.csv"),
            "-i",
            "asterisk-custom",
            "--columns",
            names,
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metadata"]["calls"] == 12


def test_chunks_give_the_same_table(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = read_cdr(CDR / "asterisk_ring_group.csv")
    monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", 7)
    chunked = read_cdr(CDR / "asterisk_ring_group.csv")
    assert whole.equals(chunked)


# --------------------------------------------------------------------------- impossible values


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "asterisk_year_1600.csv",
            "line 2: field 'start': '1600-03-04 09:00:00' is out of range; a call record's "
            "date lies between 1970 and 2100",
        ),
        (
            "asterisk_end_before_start.csv",
            "line 3: field 'end': '2024-03-04 08:01:05' is before the start of the call",
        ),
        (
            "asterisk_huge_talk.csv",
            "line 2: column 'billsec': '100000000000000000000000' s is more than 7 days",
        ),
    ],
)
def test_impossible_values_are_named(name: str, expected: str) -> None:
    result = CliRunner().invoke(app, ["fit", str(HOSTILE / name)])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def _master(start: str, end: str, duration: int, billsec: int, clid: str = "x") -> str:
    return (
        f'"","74957770001","4950001","from-trunk","{clid}","SIP/p-1","SIP/101-2","Dial","",'
        f'"{start}","","{end}",{duration},{billsec},"ANSWERED","DOCUMENTATION"\n'
    )


def test_talk_longer_than_the_span_and_a_date_after_2262(tmp_path: Path) -> None:
    path = tmp_path / "Master.csv"
    path.write_text(
        _master("2024-03-04 09:00:00", "2024-03-04 09:01:00", 60, 50)
        + _master("2024-03-04 09:00:00", "2024-03-04 09:01:00", 600, 500)
        + _master("2024-03-04 09:00:00", "2024-03-04 09:01:00", 60, 70)
        + _master("2300-01-01 09:00:00", "2300-01-01 09:01:00", 60, 50)
    )
    with pytest.raises(CdrError) as err:
        read_cdr(path)
    text = str(err.value)
    assert "line 2: field 'duration': 600.0 s is longer than the record's span" in text
    assert "line 3: field 'billsec': 70.0 s of talk is longer than the call's duration" in text
    assert "line 4: field 'start': '2300-01-01 09:00:00' is out of range" in text


def test_a_quoted_newline_keeps_the_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "Master.csv"
    path.write_text(
        _master("2024-03-04 09:00:00", "2024-03-04 09:01:00", 60, 50, clid="two\nlines")
        + _master("2024-03-04 09:00:00", "2024-03-04 09:01:00", 60, 50)
        + _master("2024-13-04 09:00:00", "2024-03-04 09:01:00", 60, 50)
    )
    with pytest.raises(
        CdrError, match=r"line 4: field 'start': '2024-13-04 09:00:00' is not a date"
    ):
        read_cdr(path)


# --------------------------------------------------------------------------- queue_log


def test_queue_log_recognised_and_fitted_per_queue() -> None:
    """tests/cdr/queue_log: support has 12 answered (Boris 8, Anna 4; Anna rang 3 times
    unanswered), 5 hung up on hold, 2 timed out; sales 4 answered and one left by a key;
    one caller still waits when the log ends."""
    cdr = read_cdr(CDR / "queue_log")
    assert cdr.attrs["format"] == "queue-log"
    support = cdr[cdr["number"] == "support"]
    assert _outcomes(support) == {"answered": 12, "abandoned": 5, "unanswered": 2}
    assert _outcomes(cdr[cdr["number"] == "sales"]) == {"answered": 4, "unanswered": 1}
    assert any("1 caller entered a queue and had not left it" in n for n in cdr.attrs["notes"])
    late = read_cdr_lines((CDR / "queue_log").read_text().splitlines()[4:])
    assert any("2 events of callers who entered a queue before" in n for n in late.attrs["notes"])
    fit = tt.fit_traffic(cdr)
    stream = next(s for s in fit.inbound if s.number == "support")
    # exponential patience, censored by the answered and the timed out: total wait / hang-ups
    waits = 148 + 197 + 240
    assert stream.patience is not None
    assert stream.patience.value == pytest.approx(waits / 5)
    assert stream.talk is not None
    assert stream.talk.mean.value == pytest.approx(2245 / 12)  # COMPLETE*, BLIND/ATTENDEDTRANSFER
    members = fit.members
    assert members is not None
    rows = {(r.queue, r.member): r for r in members.itertuples()}
    assert (rows[("support", "Boris")].answered, rows[("support", "Anna")].answered) == (8, 4)
    assert rows[("support", "Anna")].ring_no_answer == 3
    assert rows[("support", "Anna")].ring_no_answer_share == pytest.approx(3 / 7)
    assert rows[("support", "Boris")].answered_share == pytest.approx(8 / 12)
    result = CliRunner().invoke(app, ["fit", str(CDR / "queue_log")])
    assert result.exit_code == 0, result.output
    assert "Queue members" in result.stdout


def read_cdr_lines(lines: list[str]):  # type: ignore[no-untyped-def]
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / "queue_log"
    path.write_text("\n".join(lines) + "\n")
    return read_cdr(path)


def test_queue_log_bad_lines_are_named(tmp_path: Path) -> None:
    good = (CDR / "queue_log").read_text().splitlines()
    bad = [*good[:4], "this is not a queue event", *good[4:]]
    bad[7] = bad[7].replace("|CONNECT|8|", "|CONNECT|eight|")
    path = tmp_path / "queue_log"
    path.write_text("\n".join(bad) + "\n")
    result = CliRunner().invoke(app, ["fit", str(path), "--input-format", "queue-log"])
    assert result.exit_code == 2
    assert "line 5: is not a queue_log line" in result.output
    assert "line 8: CONNECT: hold time ['eight'] is not a number of seconds" in result.output


# --------------------------------------------------------------------------- busy hour


def _table(rows: list[tuple[str, float, float, str]]):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame(
        {
            "start": pd.to_datetime([r[0] for r in rows]),
            "direction": [r[3] for r in rows],
            "number": "1",
            "caller": "",
            "outcome": "answered",
            "wait": [r[1] for r in rows],
            "talk": [r[2] for r in rows],
        }
    )


def test_busy_hour_by_hand() -> None:
    """Day 1: one channel busy 09:00-10:00 and another 09:30-10:00 (1, 1, 2, 2 erlangs a
    quarter); day 2: two channels busy 10:00-11:00. Hours averaged over the days: 09:00
    0.75, 09:15 0.875, 09:30 1.0 (the first of the highest), 10:00 1.0; daily peaks 1.5
    and 2.0."""
    from teletraffic.cdr.busy_hour import busy_hour

    cdr = _table(
        [
            ("2024-03-04 09:00:00", 60.0, 3540.0, "in"),
            ("2024-03-04 09:30:00", 0.0, 1800.0, "out"),
            ("2024-03-05 10:00:00", 0.0, 3600.0, "in"),
            ("2024-03-05 10:00:00", 30.0, 3570.0, "in"),
            ("2024-03-05 10:00:00", 0.0, 600.0, "internal"),  # holds no line
        ]
    )
    busy = busy_hour(cdr)
    assert busy.days == 2
    assert busy.quarters.loc[
        "2024-03-04", ["09:00", "09:15", "09:30", "09:45", "10:00"]
    ].tolist() == [
        1.0,
        1.0,
        2.0,
        2.0,
        0.0,
    ]
    assert busy.quarters.loc["2024-03-05", "10:45"] == 2.0
    assert busy.tcbh_start == "09:30"
    assert busy.tcbh == pytest.approx(1.0)
    assert busy.adph == pytest.approx(1.75)
    assert (busy.busiest_day, busy.busiest_day_peak) == ("2024-03-05", pytest.approx(2.0))
    assert busy.normal_load == pytest.approx(1.75)
    assert busy.daily_peaks["start"].tolist() == ["09:00", "10:00"]
    # inbound attempts starting 09:30-10:30: the two of day 2 at 10:00, over two days
    assert busy.tcbh_rates == {"1": pytest.approx(1.0)}


def test_busy_hour_command_and_fit_out_uses_it(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["busy-hour", str(CDR / "asterisk_master.csv"), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metadata"]["tcbh_start"] == "09:00"
    figures = {r["figure"]: r["value"] for r in data["figures"]}
    assert figures["average daily peak hour"] >= figures["time-consistent busy hour"] > 0
    out, mean = tmp_path / "busy.yaml", tmp_path / "mean.yaml"
    assert (
        runner.invoke(app, ["fit", str(CDR / "asterisk_master.csv"), "-o", str(out)]).exit_code == 0
    )
    args = ["fit", str(CDR / "asterisk_master.csv"), "-o", str(mean), "--day-mean"]
    assert runner.invoke(app, args).exit_code == 0
    busy_rate = tt.load_scenario(out).traffic[0].calls_per_hour
    mean_rate = tt.load_scenario(mean).traffic[0].calls_per_hour
    assert mean_rate == pytest.approx(0.94)
    assert busy_rate == pytest.approx(5.1)  # 09:00-10:00: 11 attempts in 2 days, 17 of 20 new


def test_fit_out_comment_cannot_be_escaped(tmp_path: Path) -> None:
    odd = tmp_path / "calls\nlines: []\n#.csv"
    odd.write_bytes((CDR / "asterisk_master.csv").read_bytes())
    out = tmp_path / "fitted.yaml"
    result = CliRunner().invoke(app, ["fit", str(odd), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert tt.load_scenario(out).lines[0].channels >= 1
    assert "\nlines: []" not in out.read_text()


def test_progress_is_told_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cdr_chunks, "CHUNK_ROWS", 20)
    seen: list[tuple[int, int]] = []
    read_cdr(
        CDR / "asterisk_ring_group.csv", progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(20, 45), (40, 45), (45, 45)]


def test_a_record_with_a_field_too_many_is_named(tmp_path: Path) -> None:
    good = _master("2024-03-04 09:00:00", "2024-03-04 09:01:00", 60, 50)
    long = good.rstrip("\n") + ',"extra"\n'
    bad = good.replace('"ANSWERED"', '"ANSWERD"')
    path = tmp_path / "Master.csv"
    path.write_text(good + long + "\n" + bad)
    with pytest.raises(CdrError) as err:
        read_cdr(path)
    assert str(err.value).splitlines()[1:] == [
        "  - line 2: has 17 fields, the first record 16; is a quote or a comma out of place?",
        "  - line 4: field 'disposition': 'ANSWERD' is not ANSWERED, NO ANSWER, BUSY, FAILED "
        "or CONGESTION",
    ]


def test_a_crm_export_with_a_windows_1251_field(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"Date;Time;Direction;From;To;Status;Wait;Duration\n"
        + "04.03.2024;09:01:12;Incoming;Иванов;+7 495 100-00-00;Answered;0:12;0:03:20\n".encode(
            "cp1251"
        )
        + b"04.03.2024;09:07:40;Incoming;+7 916 000-00-02;+7 495 100-00-00;Missed;0:25;0:00:25\n"
    )
    cdr = read_cdr(path)
    assert cdr["caller"].tolist() == ["Иванов", "+7 916 000-00-02"]
    assert any("1 in 'From' as Windows-1251 (the first on line 2)" in n for n in cdr.attrs["notes"])


def test_a_crm_export_with_impossible_dates_and_talk(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "start,talk,outcome\n1600-01-01 09:00:00,60,answered\n2024-01-01 09:00:00,1e23,answered\n"
    )
    with pytest.raises(CdrError) as err:
        read_cdr(path)
    text = str(err.value)
    assert "line 2: column 'start': '1600-01-01 09:00:00' is out of range" in text
    assert "line 3: column 'talk': '1e23' s is more than 7 days; not one call" in text


def test_joined_legs_wait_from_the_first_leg(tmp_path: Path) -> None:
    """A caller's first leg rings out 20 s; a second leg (same linkedid) starts then and
    is answered after 5 s more: one call, from 09:00:00, answered after 25 s."""

    def leg(src: str, start: str, end: str, duration: int, billsec: int, disp: str, n: int) -> str:
        return (
            f'"","{src}","4950001","from-trunk","x","SIP/p-{n}","SIP/10{n}-{n}","Dial","",'
            f'"{start}","","{end}",{duration},{billsec},"{disp}","DOCUMENTATION",'
            f'"1709550000.{n}","","","1709550000.0",{n}\n'
        )

    path = tmp_path / "Master.csv"
    path.write_text(
        leg("79160000001", "2024-03-04 09:00:00", "2024-03-04 09:00:20", 20, 0, "NO ANSWER", 0)
        + leg("101", "2024-03-04 09:00:20", "2024-03-04 09:02:05", 105, 100, "ANSWERED", 1)
    )
    cdr = read_cdr(path)
    assert len(cdr) == 1
    [row] = cdr.to_dict("records")
    assert str(row["start"]) == "2024-03-04 09:00:00"
    assert (row["outcome"], row["wait"], row["talk"]) == ("answered", 25.0, 100.0)
    assert (row["caller"], row["direction"], row["file_line"]) == ("79160000001", "in", 2)


def test_one_of_a_kind_is_said_in_the_singular() -> None:
    """tests/cdr/queue_log has one sales call outside the opening hours, and one day of
    calls: "1 call", "1 day", not "1 calls", "1 days"."""
    from teletraffic.cdr.busy_hour import busy_hour

    cdr = read_cdr(CDR / "queue_log")
    words = tt.fit_traffic(cdr).describe()
    assert "; 1 call outside those hours" in words
    assert "1 calls" not in words
    told = busy_hour(cdr).describe()
    assert "averaged over 1 day)" in told
