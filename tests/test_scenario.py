"""The scenario file: what loads, and how every bad file is refused.

Every bad file must give one :class:`ScenarioError` (never another exception) that
names each problem's field path, the bad value and the file line, all problems at
once. The files in ``tests/hostile/`` are the hostile cases; :data:`HOSTILE` says what
each must report.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import teletraffic.scenario.load as scenario_load
from teletraffic.errors import ScenarioError
from teletraffic.scenario import (
    Distribution,
    Scenario,
    _clean_loc,
    describe_scenario,
    dump_scenario,
    load_scenario,
    parse_scenario,
    scenario_from_dict,
    scenario_schema,
    scenario_warnings,
)

HERE = Path(__file__).parent
HOSTILE_DIR = HERE / "hostile"
SHIPPED = [  # the shipped scenario files (scenarios/ also holds a tariff menu)
    p
    for p in sorted((HERE.parent / "scenarios").glob("**/*.yaml"))
    if "\nlines:" in "\n" + p.read_text(encoding="utf-8")
]

# The example of shared/DESIGN.md ("Scenario file: the intended shape"), as written there.
DESIGN_YAML = """\
name: Small office, multichannel trunk, virtual PBX
period: {days: 5, open: "09:00", close: "18:00"}    # or: {hours: 1000} for steady state
replications: 20
seed: 2026

lines:                       # outside access
  - name: main
    kind: multichannel       # landline | mobile | multichannel | ip
    numbers: ["+7 495 100-00-00", "+7 495 100-00-01"]
    channels: 4
    tariff: {monthly: 1500, per_channel: 400, per_minute_out: 1.5}
  # a mobile line adds its coverage (probability a call connects) and a drop rate per minute of talk

traffic:
  - name: clients
    dial: "+7 495 100-00-00"           # inbound: which number they dial
    calls_per_hour: 40                 # or an hourly profile: {"09": 20, "10": 45, ...}
    talk: {mean: 3m, dist: lognormal, cv: 0.8}
    patience: {mean: 1m}               # how long they hold before hanging up
    redial: {probability: 0.4, after: 2m}
  - name: sales-calls
    from: sales                        # outbound: placed by a department's staff
    calls_per_hour: 3                  # per person, while that person is free
    talk: {mean: 4m}

pbx:                          # omit for "one line = one handset"
  kind: virtual               # virtual | office
  hold: {max_callers: 6, max_wait: 3m, music: true}
  tariff: {monthly: 900, per_user: 300}

departments:
  - name: requests
    staff: 3
    answers: inbound          # inbound (direct and transferred) | transferred (only) | none
    strategy: ring_all        # ring_all | round_robin | linear | longest_idle | \
fewest_calls | random
    ring_timeout: 20s
    wrap_up: 30s
  - name: accounting
    staff: 1
    answers: inbound          # its own number, and transfers
  - name: support
    staff: 2
    answers: transferred      # never rung directly
    strategy: round_robin
  - name: sales
    staff: 4
    answers: none             # only dials out

routes: {"+7 495 100-00-00": requests, "+7 495 100-00-01": accounting}
transfers: [{from: requests, to: accounting, share: 10%}, {from: requests, to: support, share: 20%}]
conference: {share: 1%, people: 4}
lost_call_value: 800          # what an unanswered client costs; money in the scenario's currency
currency: RUB
"""

SMALL = """\
name: small
lines:
  - {name: main, kind: multichannel, numbers: ["100"], channels: 4}
traffic:
  - {name: clients, dial: "100", calls_per_hour: 40, talk: 3m}
"""

# Pydantic's names for parts of its schemas; none may show in a field path.
INTERNAL = re.compile(
    r"function-|tagged-union|json-or-python|nullable\[|lax-or-strict|union\[|constrained-"
    r"|literal\[|dict\[|list\[|\[key\]|is-instance|from_"
    r"|\['~(?:rate|profile|codec-name|codec-kbps|codec-spec)'\]"
)


def check_error(err: ScenarioError) -> None:
    """What holds for every ScenarioError: located, clean paths, short values."""
    assert err.problems
    text = str(err)
    for path, message, line in err.problems:
        assert not INTERNAL.search(path), path
        assert message, path
        assert not message.startswith("Value error"), message
        assert len(message) < 300, message
        assert not re.search(r"\[type=\w+, input_value=", message), message
        assert line is None or line >= 1
        assert path in text
        assert message in text
        # a value is shown in at most 60 characters
        assert max(len(word) for word in f"{path} {message}".split()) <= 80, message


def problems_of(exc: pytest.ExceptionInfo[ScenarioError]) -> list[tuple[str, str, int | None]]:
    check_error(exc.value)
    return exc.value.problems


# ----------------------------------------------------------------------------- loading


def test_design_example_loads() -> None:
    s = parse_scenario(DESIGN_YAML, file="design.yaml")
    assert s.period.days == 5
    assert s.period.open == 9 * 3600
    assert s.period.close == 18 * 3600
    (main,) = s.lines
    assert main.channels == 4
    assert main.numbers == ["+7 495 100-00-00", "+7 495 100-00-01"]
    assert main.tariff.per_minute_out == 1.5
    clients, sales = s.traffic
    assert clients.dial == "+7 495 100-00-00"
    assert clients.inbound
    assert clients.talk == Distribution(dist="lognormal", mean=180.0, cv=0.8)
    assert clients.patience is not None
    assert clients.patience.expected == 60.0
    assert clients.redial is not None
    assert clients.redial.probability == 0.4
    assert sales.from_ == "sales"
    assert not sales.inbound
    assert sales.talk.expected == 240.0
    assert s.pbx is not None
    assert s.pbx.hold is not None
    assert s.pbx.hold.max_callers == 6
    assert [d.name for d in s.effective_departments] == [
        "requests",
        "accounting",
        "support",
        "sales",
    ]
    assert s.departments is not None
    assert s.departments[0].wrap_up.expected == 30.0
    assert s.effective_routes == {"+7 495 100-00-00": "requests", "+7 495 100-00-01": "accounting"}
    assert [t.share for t in s.transfers] == [0.1, 0.2]
    assert s.conference is not None
    assert s.conference.share == 0.01
    assert s.lost_call_value == 800
    assert s.currency == "RUB"


def test_load_scenario_reads_a_file(write_scenario: Callable[..., Path]) -> None:
    path = write_scenario(DESIGN_YAML, "office.yaml")
    assert load_scenario(path) == parse_scenario(DESIGN_YAML)


def test_yaml_1_2_words_and_times(write_scenario: Callable[..., Path]) -> None:
    """on/yes/no are words, 18:00 is a time, 1e3 is a number, keys are their text."""
    path = write_scenario(
        """\
        name: no
        period: {days: 1, open: 10:00, close: 18:00}
        lines:
          - {name: yes, kind: multichannel, numbers: ["100"], channels: 4}
        traffic:
          - name: on
            dial: "100"
            calls_per_hour: {9: 1e1, "10": 2, "11:00": 3}
            talk: 3m
            redial: {probability: 40%, after: 2m, on: [busy]}
        description: 2026-01-05
        """
    )
    s = load_scenario(path)
    assert s.name == "no"
    assert s.lines[0].name == "yes"
    assert s.traffic[0].name == "on"
    assert s.period.open == 10 * 3600
    assert s.period.close == 18 * 3600
    assert s.traffic[0].calls_per_hour == {9: 10.0, 10: 2.0, 11: 3.0}
    assert s.traffic[0].redial is not None
    assert s.traffic[0].redial.on == ["busy"]
    assert s.description == "2026-01-05"


def test_anchors_and_merge_keys_load() -> None:
    text = SMALL.replace(
        'traffic:\n  - {name: clients, dial: "100", calls_per_hour: 40, talk: 3m}',
        'traffic:\n  - &c {name: clients, dial: "100", calls_per_hour: 40, talk: 3m}\n'
        "  - {<<: *c, name: others, calls_per_hour: 4}",
    )
    s = parse_scenario(text)
    assert [(x.name, x.calls_per_hour) for x in s.traffic] == [("clients", 40), ("others", 4)]


def test_json_with_tabs_loads_with_lines() -> None:
    text = (
        '{\n\t"name": "json",\n\t"lines": [{"name": "main", "kind": "multichannel",'
        ' "numbers": ["100"], "channels": 4}],\n\t"traffic": [{"name": "c", "dial": "100",'
        ' "calls_per_hour": 40, "talk": "3m"}]\n}\n'
    )
    assert parse_scenario(text).name == "json"
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text.replace('"channels": 4', '"channels": 0'), file="s.json")
    assert problems_of(exc) == [
        ("lines[0].channels", "input should be greater than or equal to 1, got 0", 3)
    ]


def test_a_line_without_departments_may_exceed_max_staff() -> None:
    s = parse_scenario(SMALL.replace("channels: 4", "channels: 20000"))
    assert s.effective_departments[0].staff == 20000


def test_legal_but_odd_set_ups_load() -> None:
    """Kept legal on purpose; describe_scenario warns about them."""
    text = (
        SMALL
        + "pbx: {kind: virtual, hold: {max_callers: 50}}\ndepartments: [{name: d, staff: 0}]\n"
    )
    s = parse_scenario(text)
    assert s.pbx is not None
    assert s.pbx.hold is not None
    assert s.pbx.hold.max_callers == 50
    assert s.effective_routes == {"100": "d"}
    words = describe_scenario(s)
    assert "Warning: department 'd' has no staff, but calls to 100 go to it" in words
    assert "Warning: the hold queue allows 50 callers, but at most 4 can ever wait" in words


def test_describe_warns_when_the_trunk_bounds_the_hold_queue() -> None:
    """M/M/K/N: with K staff and N channels at most N - K callers can wait."""
    text = (
        SMALL + "pbx: {kind: office, hold: {max_callers: 5}}\ndepartments: [{name: d, staff: 3}]\n"
    )
    warnings = [x for x in describe_scenario(parse_scenario(text)).splitlines() if "Warn" in x]
    assert warnings == [
        "Warning: the hold queue allows 5 callers, but at most 1 can ever wait: a caller on "
        "hold keeps one of the 4 channels, and 3 are in use while all staff of 'd' talk"
    ]
    text = text.replace("max_callers: 5", "max_callers: 1")
    assert "Warning" not in describe_scenario(parse_scenario(text))


# ----------------------------------------------------------------------------- hostile files

# file -> the problems it must report, exactly: (field path, text in the message, line)
HOSTILE: dict[str, list[tuple[str, str, int | None]]] = {
    "wrong_types.yaml": [
        ("name", "should be text, got ['Small', 'office']", 2),
        ("lines[0].kind", "should be one of landline, mobile, multichannel, ip, got 5", 5),
        ("lines[0].numbers", "should be a list [...], got '+7 495 100-00-00'", 6),
        ("lines[0].channels", "should be a whole number, got 'four'", 7),
        ("lines[0].tariff", "should be a mapping of fields (key: value), got 1500", 8),
        ("traffic[0].dial", "should be text, got 1000 (write it in quotes, as text)", 11),
        (
            "traffic[0].calls_per_hour",
            "or an hourly profile such as {'09': 20, '10': 45}, got [40, 50]",
            12,
        ),
        ("traffic[0].talk", "should be a duration such as 3m, or a mapping such as", 13),
        ("traffic[0].patience.mean", "{'minutes': 1} is not a duration", 14),
    ],
    "booleans.yaml": [
        ("replications", "should be a number, got true", 3),
        ("seed", "should be a number, got false", 4),
        ("lines[0].channels", "should be a number, got true", 6),
        ("traffic[0].calls_per_hour", "should be a number, got true", 8),
        ("traffic[0].talk.cv", "should be a number, got true", 8),
        ("departments[0].staff", "should be a number, got true", 11),
    ],
    "unknown_keys.yaml": [
        (
            "chanels",
            "unknown field 'chanels'; did you mean 'channels'? (a field of an entry of lines:)",
            3,
        ),
        ("period.dayz", "unknown field 'dayz'; did you mean 'days'?", 4),
        ("lines[0].chanels", "unknown field 'chanels'; did you mean 'channels'?", 9),
        ("lines[0].tariff.montly", "unknown field 'montly'; did you mean 'monthly'?", 10),
        ("traffic[0].calls_per_hour", "is required", 12),
        (
            "traffic[0].calls_per_hr",
            "unknown field 'calls_per_hr'; did you mean 'calls_per_hour'?",
            14,
        ),
        (
            "traffic[0].talk.sd",
            "unknown field 'sd'; the fields here are dist, mean, cv, min, max, values",
            15,
        ),
        ("traffic[0].redial.probability", "is required", 16),
        ("traffic[0].redial.probabilty", "did you mean 'probability'?", 16),
        ("pbx.hold.max_caller", "did you mean 'max_callers'?", 19),
        ("departments[0].stratgy", "did you mean 'strategy'?", 21),
        ("transfers[0].share", "is required", 22),
        ("transfers[0].shar", "did you mean 'share'?", 22),
        ("conference.peple", "did you mean 'people'?", 23),
    ],
    "misplaced_keys.yaml": [
        ("hold", "unknown field 'hold'; the hold queue belongs under pbx:", 3),
        (
            "lines[0].monthly",
            "unknown field 'monthly' here; it belongs in a line's tariff: or pbx: tariff:",
            5,
        ),
        ("traffic[0].dist", "unknown field 'dist' here; it belongs in a duration such as talk:", 7),
        ("pbx.departments", "unknown field 'departments' here; it belongs in the top level", 8),
    ],
    "negative_values.yaml": [
        ("lines[0].drop_rate", "input should be greater than or equal to 0, got -0.1", 7),
        ("lines[0].tariff.monthly", "input should be greater than or equal to 0, got -1500", 8),
        ("traffic[0].calls_per_hour", "input should be greater than or equal to 0, got -40", 10),
        ("traffic[0].talk.mean", "'-3m' is negative; a duration must be >= 0", 10),
        ("traffic[1].calls_per_hour['10']", "greater than or equal to 0, got -5", 11),
        ("traffic[2].redial.probability", "'-10%' is outside 0..100%", 16),
    ],
    "empty_lists.yaml": [
        ("lines", "should have at least 1 entry, got []", 3),
        ("traffic", "should have at least 1 entry, got []", 4),
    ],
    "empty_parts.yaml": [
        ("name", "should not be empty, got ''", 2),
        ("lines[0].numbers", "should have at least 1 entry, got []", 4),
        ("traffic[0].dial", "number '100' is not a number of any line (numbers: none)", 6),
        ("departments", "should have at least 1 entry, got []", 7),
    ],
    "routes_to_nowhere.yaml": [
        ("routes['100']", "no department named 'reqests'; did you mean 'requests'?", 14),
        ("routes['102']", "'102' is not a number of any line (numbers: 100, 101)", 15),
        ("routes['101']", "department 'sales' answers none, so it cannot take calls routed", 16),
    ],
    "dial_unknown_number.yaml": [
        (
            "traffic[0].dial",
            "number '+7 495 100-00-01' is not a number of any line "
            "(numbers: +7 495 100-00-00); did you mean '+7 495 100-00-00'?",
            6,
        ),
    ],
    "number_on_two_lines.yaml": [
        ("lines[1].numbers[1]", "number '100' already belongs to line 'city'", 5),
        ("lines[2].numbers[1]", "number '102' is listed twice", 6),
        ("lines[2].name", "line name 'city' is used twice", 6),
    ],
    "duplicate_keys.yaml": [
        ("lines[0].channels", "this field is given twice", 8),
        ("name", "this field is given twice", 11),
        ("seed", "input should be greater than or equal to 0, got -1", 12),
    ],
    "huge_numbers.yaml": [
        ("period.hours", "less than or equal to 10000000, got 1e+308", 3),
        ("replications", "less than or equal to 10000, got 1000000000", 4),
        ("seed", "less than or equal to 9223372036854775807, got 1180591620717411303424", 5),
        ("lines[0].channels", "less than or equal to 100000, got 1000000000000", 7),
        ("traffic[0].calls_per_hour", "less than or equal to 1000000, got 1e+300", 9),
    ],
    "nan_inf.yaml": [
        ("period.hours", "should be a finite number, got inf", 3),
        ("lines[0].uplink_kbps", "should be a finite number, got nan", 9),
        ("lines[0].tariff.monthly", "should be a finite number, got inf", 10),
        ("traffic[0].calls_per_hour", "should be a finite number, got nan", 12),
        ("traffic[0].talk.mean", "inf is not a finite number", 12),
        ("traffic[1].talk.cv", "should be a finite number, got -inf", 13),
    ],
    "not_a_mapping_list.yaml": [
        (
            "",
            "a scenario is a mapping of fields (name: ..., lines: ..., traffic: ...), got a list",
            1,
        ),
    ],
    "not_a_mapping_scalar.yaml": [
        ("", "got a single text", 1),
    ],
    "empty.yaml": [("", "the file is empty", None)],
    "comments_only.yaml": [("", "the file is empty", None)],
    "tabs.yaml": [
        (
            "",
            "not valid YAML: found character '\\t' that cannot start any token "
            "(YAML indents with spaces, not tabs)",
            3,
        )
    ],
    "broken_syntax.yaml": [("", "not valid YAML: expected ',' or '}'", 4)],
    "two_documents.yaml": [("", "a scenario file holds one YAML document", 2)],
    "close_before_open.yaml": [("period.close", "close (09:00) must be after open (18:00)", 6)],
    "steady_with_hours.yaml": [
        ("period.open", "open is for business days ({days: ...}), not {hours: ...}", 3),
    ],
    "bad_hourly_profile.yaml": [
        (
            "traffic[0].calls_per_hour['25']",
            "'25' is not an hour of the day; write hours as '00' to '23'",
            10,
        ),
        ("traffic[0].calls_per_hour.abc", "'abc' is not an hour of the day", 11),
        ("traffic[1].calls_per_hour['09:00']", "hour 9 is given twice ('9' and '09:00')", 15),
    ],
    "profile_all_problems.yaml": [
        ("traffic[0].calls_per_hour['9']", "hour 9 is given twice ('09' and '9')", 10),
        ("traffic[0].calls_per_hour['25']", "'25' is not an hour of the day", 11),
        ("traffic[0].calls_per_hour['10']", "greater than or equal to 0, got -1", 12),
    ],
    "profile_outside_hours.yaml": [
        (
            "traffic[0].calls_per_hour",
            "the profile has calls only at 07:00-08:00, 20:00-21:00, outside the opening "
            "hours 09:30-18:00: no call would be simulated",
            8,
        ),
        (
            "traffic[1].calls_per_hour",
            "the profile has calls only at 06:00-08:00, 23:00-24:00, outside the opening",
            9,
        ),
    ],
    "transfers_over_100.yaml": [
        (
            "transfers[2].share",
            "transfers from 'requests' add up to 140% (70% to support + 60% to accounting + "
            "10% to support); a department can pass on at most 100% of its calls",
            17,
        ),
    ],
    "answers_none.yaml": [
        ("routes['100']", "department 'sales' answers none, so it cannot take calls routed", 12),
        (
            "transfers[0].to",
            "department 'sales' answers none, so it cannot take transferred calls",
            14,
        ),
        (
            "transfers[1].from",
            "department 'sales' answers none, so it has no calls to transfer",
            15,
        ),
    ],
    "shifts_not_people.yaml": [
        ("departments[0].strategy", "got 'ring_al'; did you mean 'ring_all'?", 13),
        ("departments[0].shifts['09']", "0.5 is not a whole number of people", 15),
        (
            "departments[0].shifts['10']",
            "7 people on shift at 10:00, but department 'desk' has 2 staff",
            16,
        ),
        ("departments[0].shifts['12']", "-1 is negative; a number of people is >= 0", 18),
    ],
    "conference_impossible.yaml": [
        (
            "conference.people",
            "a conference of 6 extensions can never happen: the office has 5 staff in all",
            14,
        ),
        (
            "conference.outside",
            "4 outside participants can never join: each takes a channel of the caller's line "
            "besides the caller's own, and the lines called carry at most 4 calls at once",
            14,
        ),
    ],
    "not_simulated.yaml": [
        (
            "traffic[0].redial",
            "redials of finite-source callers (sources) are not simulated; remove redial or "
            "sources",
            13,
        ),
        ("traffic[1].redial", "redials of outbound calls are not simulated; remove redial", 14),
        (
            "departments[1].shifts",
            "shifts need a business-day period ({days: ...}), not a steady-state one",
            18,
        ),
    ],
    "sources_over_days.yaml": [
        (
            "traffic[0].sources",
            "finite sources (Engset) are simulated in a steady-state period only ({hours: ...}), "
            "not over business days",
            7,
        ),
    ],
    "zero_talk.yaml": [
        ("traffic[0].talk", "a mean talk time of 0s is no conversation at all; give it above 0", 7),
        ("traffic[1].talk", "a mean talk time of 0s is no conversation at all", 8),
        ("traffic[2].talk", "every observed talk time is 0s; a call needs a talk time above 0", 9),
        ("traffic[3].talk", "a mean talk time of 0s is no conversation at all", 10),
        ("transfers[0].talk", "a mean talk time of 0s is no conversation at all", 16),
        ("conference.duration", "a mean duration of 0s is no conversation at all", 17),
    ],
    "bad_distributions.yaml": [
        ("traffic[0].talk", "dist gamma needs a mean (e.g. mean: 3m)", 6),
        ("traffic[1].talk", "dist lognormal needs cv", 7),
        ("traffic[2].talk", "dist uniform needs min and max", 8),
        ("traffic[3].talk.values", "should have at least 1 entry, got []", 9),
        ("traffic[4].talk.max", "max (1m) is below min (5m)", 10),
        (
            "traffic[5].talk.dist",
            "should be one of exponential, deterministic, lognormal, gamma, "
            "uniform, empirical, got 'weibull'",
            11,
        ),
        ("traffic[6].talk.mean", "'3 minutes and a bit' is not a duration", 12),
    ],
    "transfer_to_itself.yaml": [
        ("transfers[0].to", "a department cannot transfer to itself, got 'requests'", 12),
        ("transfers[1].to", "no department named 'acounting'; did you mean 'accounting'?", 13),
    ],
    "no_pbx.yaml": [
        ("departments[1].answers", "answering transferred calls needs a PBX", 9),
        ("transfers", "transfers need a PBX (pbx: {kind: office})", 10),
        ("conference", "conferences need a PBX", 12),
    ],
    "alias_bomb.yaml": [("", "the YAML expands to more than 1,100,000 values", 1)],
    "alias_cycle.yaml": [("", "a YAML alias refers to a node that holds it", 4)],
    "deep_nesting.yaml": [("", "the YAML nests 61 levels deep; the limit is 40", 1)],
    "long_values.yaml": [
        ("lines[0].kind", "got 'multichannelmultichannelmultichannelmultichannelmulticha...", 5),
        ("traffic[0].talk.mean", "mmm... has an unknown unit 'mmmmmmmm", 12),
        (
            "traffic[0]['a_key_that_is_far_too_long_to_be_any...]",
            "unknown field 'a_key_that_is_far_too_long_to_be_any...",
            13,
        ),
    ],
    "line_kind_rules.yaml": [
        (
            "lines[0].channels",
            "a landline line carries one conversation at a time, got 4 channels",
            4,
        ),
        ("lines[0].coverage", "coverage is for kind mobile, not landline", 4),
        ("lines[1].uplink_kbps", "uplink_kbps is for kind ip, not multichannel", 5),
        ("lines[2].uplink_kbps", "an uplink of 50 kbit/s does not fit one call of 87.2 kbit/s", 6),
    ],
    "python_tag.yaml": [("", "not valid YAML: could not determine a constructor for the tag", 2)],
    "non_scalar_key.yaml": [("", "a key must be a plain name, not a list or a mapping", 2)],
    "call_volume.yaml": [
        ("period", "this run would simulate about 3.28e+14 calls (over 2e+09)", 3)
    ],
    "three_problems.yaml": [
        ("lines[0].channels", "input should be greater than or equal to 1, got 0", 4),
        ("traffic[0].dial", "number '101' is not a number of any line", 6),
        ("traffic[1].patiense", "unknown field 'patiense'; did you mean 'patience'?", 7),
    ],
    "bad_names.yaml": [
        (
            "lines[0].name",
            "a name must not be empty, start with a space, or hold '/' or ':', got 'a/b'",
            4,
        ),
        ("lines[1].name", "should not be empty, got ''", 5),
        ("traffic[1].name", "stream name 'clients' is used twice", 8),
        ("traffic[2]", "a stream needs exactly one of dial (inbound", 9),
        ("traffic[3]", "a stream needs exactly one of dial (inbound", 10),
    ],
}


def test_every_hostile_file_has_expectations() -> None:
    assert sorted(p.name for p in HOSTILE_DIR.glob("*.yaml")) == sorted(HOSTILE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file(name: str) -> None:
    path = HOSTILE_DIR / name
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    got = problems_of(exc)
    expected = HOSTILE[name]
    assert [(p, line) for p, _m, line in got] == [(p, line) for p, _t, line in expected], got
    for (_p, message, _l), (_q, text, _k) in zip(got, expected, strict=True):
        assert text in message
    rendered = str(exc.value)
    assert str(path) in rendered
    for path_, _m, line in got:
        assert (f"line {line}" in rendered) == (line is not None)
        assert path_ in rendered
    if len(got) > 1:
        assert rendered.startswith(f"{len(got)} problems in {path}:")


def test_three_problems_are_reported_at_once() -> None:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(HOSTILE_DIR / "three_problems.yaml")
    assert len(exc.value.problems) == 3
    assert exc.value.field == "lines[0].channels"
    assert exc.value.line == 4


def test_cross_field_rules_see_lines_with_other_problems() -> None:
    """A bad tariff on a line does not hide that a stream dials a number nobody has."""
    text = SMALL.replace("channels: 4", "channels: 4, tariff: {monthly: -1}").replace(
        'dial: "100"', 'dial: "101"'
    )
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, file="x.yaml")
    assert [(p, line) for p, _m, line in problems_of(exc)] == [
        ("lines[0].tariff.monthly", 3),
        ("traffic[0].dial", 5),
    ]


def test_rules_on_the_period_run_beside_field_problems() -> None:
    """A bad field elsewhere does not hide a rule that reads the period."""
    text = (
        SMALL.replace("name: small", "name: small\nperiod: {hours: 10}")
        .replace("channels: 4", "channels: 0")
        .replace("calls_per_hour: 40", 'calls_per_hour: {"09": 5}')
    )
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, file="x.yaml")
    assert [(p, line) for p, _m, line in problems_of(exc)] == [
        ("lines[0].channels", 4),
        ("traffic[0].calls_per_hour", 6),
    ]
    assert "an hourly profile needs a business-day period" in exc.value.problems[1][1]


@pytest.mark.parametrize(
    "name", ["not_simulated.yaml", "sources_over_days.yaml", "answers_none.yaml"]
)
def test_check_and_run_refuse_alike(name: str) -> None:
    """`check` does not pass a file that `run` refuses: both exit 2 naming the lines."""
    from typer.testing import CliRunner

    from teletraffic.cli import app

    path = str(HOSTILE_DIR / name)
    runner = CliRunner()
    check = runner.invoke(app, ["check", path])
    run = runner.invoke(app, ["run", path, "-r", "2"])
    assert check.exit_code == run.exit_code == 2, check.output
    assert check.output == run.output
    assert f"({path}, line " in check.output
    assert "Traceback" not in check.output
    assert "Note:" not in check.output


# ----------------------------------------------------------------------------- bytes and files


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: office\ndescription: caf\xe9\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert problems_of(exc) == [
        ("", "is not UTF-8 text: byte 0xe9 cannot be read; save the file as UTF-8", 2)
    ]


def test_utf16_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(SMALL.encode("utf-16"))
    with pytest.raises(ScenarioError, match="is not UTF-8 text"):
        load_scenario(path)


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(b"name: x\n\x00\x01\x02\x03binary")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert problems_of(exc) == [
        ("", "not valid YAML: the file holds a control character U+0000; is it a text file?", 2)
    ]


def test_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode())
    assert load_scenario(path).name == "small"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"no such file \(.*nope\.yaml\)$"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="is a folder, not a scenario file"):
        load_scenario(tmp_path)
    with pytest.raises(ScenarioError, match="is not a valid file name"):
        load_scenario("bad\x00name.yaml")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_read() -> None:
    with pytest.raises(ScenarioError, match=r"is not a regular file \(a device or a pipe\?\)"):
        load_scenario("/dev/zero")


def test_very_large_file_is_refused_unread(
    write_scenario: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario_load, "MAX_FILE_BYTES", 1000)  # the reader's limit
    path = write_scenario(SMALL + "#" * 2000 + "\n")
    with pytest.raises(ScenarioError, match=r"the file is 2,\d{3} bytes long; the limit is 1,000"):
        load_scenario(path)
    with pytest.raises(ScenarioError, match="characters long; the limit is 1,000"):
        parse_scenario(path.read_text())


@pytest.mark.slow
def test_a_large_legitimate_file_loads() -> None:
    values = ", ".join(f"{60 + i % 300}s" for i in range(20_000))
    text = SMALL.replace("talk: 3m}", f"talk: {{dist: empirical, values: [{values}]}}}}")
    s = parse_scenario(text)
    assert s.traffic[0].talk.values is not None
    assert len(s.traffic[0].talk.values) == 20_000


@pytest.mark.slow
def test_deep_nesting_beyond_the_parser_is_refused() -> None:
    with pytest.raises(ScenarioError, match="nests too deeply"):
        parse_scenario("name: " + "[" * 3000 + "]" * 3000)


def test_huge_integer_literal_is_refused() -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(SMALL.replace("channels: 4", "channels: " + "9" * 5000))
    ((path, message, line),) = problems_of(exc)
    assert (path, line) == ("", 3)
    assert "is too long" in message


def test_scenario_from_dict_has_no_lines() -> None:
    data = yaml.safe_load(SMALL)
    data["lines"][0]["channels"] = 0
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(data)
    assert problems_of(exc) == [
        ("lines[0].channels", "input should be greater than or equal to 1, got 0", None)
    ]
    assert str(exc.value) == (
        "lines[0].channels: input should be greater than or equal to 1, got 0 (scenario)"
    )
    with pytest.raises(ScenarioError, match="got a list"):
        scenario_from_dict([1, 2])  # type: ignore[arg-type]


def test_python_dict_with_int_keys() -> None:
    data = yaml.safe_load(SMALL)
    data["traffic"][0]["calls_per_hour"] = {9: 10, 10: 20}
    assert scenario_from_dict(data).traffic[0].rate_at_hour(10) == 20
    data["routes"] = {100: "main"}
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(data)
    assert problems_of(exc) == [
        ("routes[100]", "keys should be text, got 100 (write it in quotes, as text)", None)
    ]


@pytest.mark.parametrize(
    ("loc", "clean"),
    [
        (
            ("traffic", 0, "calls_per_hour", "~profile", "25", "[key]"),
            ("traffic", 0, "calls_per_hour", "25"),
        ),
        (("traffic", 0, "calls_per_hour", "~rate"), ("traffic", 0, "calls_per_hour")),
        (("lines", 0, "codec", "~codec-kbps"), ("lines", 0, "codec")),
        (
            ("traffic", 0, "talk", "function-before[convert(), Distribution]", "mean"),
            ("traffic", 0, "talk", "mean"),
        ),
        (("x", "function-after[_check(), Distribution]"), ("x",)),
        (("x", "tagged-union[float,dict[int,float]]", "float"), ("x", "float")),
        (("x", "constrained-float", "dict[int,float]", "json-or-python[json=x,python=y]"), ("x",)),
        (("traffic", 0, "from_"), ("traffic", 0, "from")),
    ],
)
def test_clean_loc(loc: tuple[Any, ...], clean: tuple[Any, ...]) -> None:
    assert _clean_loc(loc) == clean


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """*model* and every model its fields hold, however deeply (lists, unions, Annotated)."""
    if model in seen:
        return seen
    seen.add(model)
    stack: list[Any] = [info.annotation for info in model.model_fields.values()]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            _models(tp, seen)
        stack.extend(typing.get_args(tp))
    return seen


def test_clean_loc_drops_no_field() -> None:
    # _clean_loc drops the parts of a location that name pydantic's schema; it may do so
    # without asking which model the path is in only while no field is named like one
    names = {
        name
        for model in _models(Scenario, set())
        for key, info in model.model_fields.items()
        for name in (key, info.alias)
        if name is not None
    }
    assert {"channels", "from", "talk", "max_callers"} <= names
    assert [n for n in names if _clean_loc((n,)) != (n,) and n != "from_"] == []


# ----------------------------------------------------------------------------- dump, schema


ROUND_TRIP = [
    DESIGN_YAML,
    SMALL,
    """\
    name: everything else
    description: a bit of each
    period: {days: 3, open: "08:30", close: "20:15:30"}
    answer_time: 30s
    lines:
      - {name: cell, kind: mobile, numbers: ["+7 900 000-00-00"], coverage: 90%, drop_rate: 0.01}
      - name: voip
        kind: ip
        numbers: ["200", "201"]
        channels: 10
        uplink_kbps: 512
        codec: 48.5
        tariff: {installation: 5000, spread_months: 12, included_minutes: 300}
    traffic:
      - name: day
        dial: "200"
        calls_per_hour: {"08": 5, "12": 30.5, "19": 2}
        talk: {dist: empirical, values: [1m, 95s, 2m30s]}
        patience: {dist: uniform, min: 10s, max: 2m}
        redial: {probability: 25%, after: {mean: 5m, dist: gamma, cv: 1.5}, max_attempts: 5,
                 on: [busy, abandoned]}
      - {name: mobile, dial: "+7 900 000-00-00", calls_per_hour: 2,
         talk: {dist: deterministic, mean: 1m}}
      - {name: out, from: sales, line: voip, calls_per_hour: 1, talk: 4m}
    pbx: {kind: office, hold: {max_callers: 0}, tariff: {purchase: 90000}}
    departments:
      - {name: desk, staff: 2, strategy: longest_idle, pickup: 90%, pickup_delay: 5s,
         wrap_up: {mean: 30s, dist: lognormal, cv: 0.3}, shifts: {"08": 1, "09": 2}}
      - {name: sales, staff: 3, answers: none, line: voip}
      - {name: support, staff: 1, answers: transferred}
    routes: {"200": desk, "201": desk}
    transfers: [{from: desk, to: support, share: 0%, mode: attended, consult: 45s, talk: 1m}]
    conference: {share: 2.5%, people: 3, duration: 10m}
    staff_cost: 60000
    currency: EUR
    """,
]


@pytest.mark.parametrize("text", ROUND_TRIP, ids=["design", "small", "everything"])
def test_dump_and_parse_round_trip(text: str) -> None:
    import textwrap

    s = parse_scenario(textwrap.dedent(text))
    assert parse_scenario(dump_scenario(s)) == s


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_round_trip_and_describe(path: Path) -> None:
    s = load_scenario(path)
    assert parse_scenario(dump_scenario(s)) == s
    assert describe_scenario(s).startswith(s.name)


def test_a_time_of_day_is_kept_to_the_second_so_a_dump_reads_back() -> None:
    """0.03125 hours is 112.5 s: kept as 112 s (00:01:52), the time a dump writes; kept as
    112.5, the dump read back as 112 s and the scenario differed from itself."""
    data = yaml.safe_load(SMALL)
    data["period"] = {"days": 5, "open": 0.03125, "close": "18:00"}
    s = scenario_from_dict(data)
    assert s.period.open == 112.0
    assert "00:01:52" in dump_scenario(s)
    assert parse_scenario(dump_scenario(s)) == s


def test_dump_quotes_text_that_would_read_as_something_else() -> None:
    s = parse_scenario(
        SMALL.replace("name: small", "name: '1e3'").replace("name: main", "name: 'true'")
    )
    assert parse_scenario(dump_scenario(s)) == s


def test_scenario_schema() -> None:
    schema = json.loads(scenario_schema())
    assert schema["title"] == "teletraffic scenario"
    assert {
        "name",
        "period",
        "lines",
        "traffic",
        "pbx",
        "departments",
        "routes",
        "transfers",
    } <= set(schema["properties"])
    assert set(schema["required"]) == {"name", "lines", "traffic"}
    assert "from" in json.dumps(schema["$defs"]["Stream"]["properties"])


# ----------------------------------------------------------------------------- plain words


def test_describe_design_example() -> None:
    text = describe_scenario(parse_scenario(DESIGN_YAML))
    lines = text.splitlines()
    assert lines[0] == "Small office, multichannel trunk, virtual PBX"
    assert lines[1].startswith(
        "- Line 'main': multichannel, 4 channels, numbers +7 495 100-00-00, +7 495 100-00-01"
    )
    assert (
        "- Calls: 'clients' dial +7 495 100-00-00, 40 per hour (about 2.0 erlangs), "
        "talk lognormal, mean 3m, cv 0.8, patience exponential, mean 1m, 40% redial after 2m"
    ) in text
    assert "'sales-calls' placed by sales, 3 per hour per person while free" in text
    assert "- PBX: virtual, hold queue up to 6 callers, at most 3m, with music" in text
    assert (
        "- Departments: requests (3 staff, answers inbound, ring_all, rings 20s, wrap-up 30s)"
        in text
    )
    assert "- Routes: +7 495 100-00-00 -> requests, +7 495 100-00-01 -> accounting" in text
    assert (
        "- Transfers: requests -> accounting 10% (blind), requests -> support 20% (blind)" in text
    )
    assert "- Simulated: 5 business days 09:00-18:00, 20 replications, seed 2026" in text
    # callers dial requests only: 4 channels, 3 of them taken while its 3 staff talk
    assert lines[-1] == (
        "Warning: the hold queue allows 6 callers, but at most 1 can ever wait: a caller on "
        "hold keeps one of the 4 channels, and 3 are in use while all staff of 'requests' talk"
    )


def test_describe_warns_about_overload_and_empty_departments() -> None:
    text = SMALL.replace("calls_per_hour: 40", 'calls_per_hour: {"09": 10, "11": 200}')
    text += "pbx: {kind: virtual}\ndepartments: [{name: desk, staff: 0}]\n"
    words = describe_scenario(parse_scenario(text))
    assert "200 per hour at peak (11:00, about 10.0 erlangs)" in words
    warnings = [x for x in words.splitlines() if x.startswith("Warning: ")]
    assert warnings == [
        "Warning: line 'main' is offered about 10.0 erlangs but carries 4 calls at once: "
        "many callers will hear busy",
        "Warning: department 'desk' has no staff, but calls to 100 go to it: nobody will "
        "answer them",
    ]


OPENING = SMALL.replace(
    "name: small", 'name: small\nperiod: {days: 1, open: "09:00", close: "13:00"}'
).replace("calls_per_hour: 40", 'calls_per_hour: {"08": 5, "09": 20, "10": 20, "19": 3}')


def test_warnings_name_profile_hours_and_shifts_outside_the_opening_hours() -> None:
    text = OPENING + (
        "pbx: {kind: virtual}\n"
        'departments: [{name: desk, staff: 3, shifts: {"07": 1, "09": 2, "10": 3}}]\n'
    )
    s = parse_scenario(text)
    assert scenario_warnings(s) == [
        "calls 'clients' have profile hours outside the opening hours 09:00-13:00 "
        "(08:00-09:00, 19:00-20:00): no calls are simulated then",
        "department 'desk' has no shift at 11:00-13:00: nobody of it is on shift then "
        "(an open hour left out of shifts has nobody)",
        "department 'desk' has shifts at 07:00-08:00, outside the opening hours 09:00-13:00: "
        "they are not simulated",
    ]
    words = describe_scenario(s)
    assert [x for x in words.splitlines() if x.startswith("Warning: ")] == [
        f"Warning: {w}" for w in scenario_warnings(s)
    ]
    # an hour written 0 is meant: no warning for it
    full = text.replace('"10": 3}', '"10": 3, "11": 0, "12": 0}')
    assert not any("no shift at" in w for w in scenario_warnings(parse_scenario(full)))


def test_describe_gives_the_peak_within_the_opening_hours() -> None:
    """A busier hour outside the opening hours is not the peak: it has no calls."""
    text = OPENING.replace('{"08": 5, "09": 20, "10": 20, "19": 3}', '{"07": 500, "10": 20}')
    words = describe_scenario(parse_scenario(text))
    assert "'clients' dial 100, 20 per hour at peak (10:00, about 1.0 erlangs)" in words
    assert "many callers will hear busy" not in words  # 500 x 3m would be 25 erlangs


def test_warning_when_shifts_are_all_outside_the_opening_hours() -> None:
    text = (
        OPENING + "pbx: {kind: virtual}\ndepartments: [{name: desk, staff: 3, shifts: {20: 2}}]\n"
    )
    warnings = scenario_warnings(parse_scenario(text))
    assert warnings[1:] == [
        "department 'desk' works in shifts, but none is in the opening hours 09:00-13:00: "
        "nobody of it is ever on shift",
        "department 'desk' has shifts at 20:00-21:00, outside the opening hours 09:00-13:00: "
        "they are not simulated",
    ]


def test_warnings_for_conferences_larger_than_can_meet() -> None:
    text = """\
name: conference
period: {days: 1, open: "09:00", close: "11:00"}
lines:
  - {name: main, kind: multichannel, numbers: ["100"], channels: 4}
  - {name: cell, kind: mobile, numbers: ["200"]}
traffic:
  - {name: clients, dial: "100", calls_per_hour: 10, talk: 3m}
  - {name: mobile, dial: "200", calls_per_hour: 2, talk: 3m}
pbx: {kind: office}
departments:
  - {name: desk, staff: 3, shifts: {"09": 1, "10": 1}}
  - {name: support, staff: 1, answers: transferred}
routes: {"100": desk, "200": desk}
conference: {share: 10%, people: 3, outside: 2}
"""
    assert scenario_warnings(parse_scenario(text)) == [
        "a conference takes 3 extensions, but at most 2 staff are on shift at once: "
        "conferences are smaller",
        "a conference dials in 2 outside participants, but line 'cell' carries 1 call at "
        "once, the caller's included: at most 0 join there",
    ]
    # without shifts all 4 can meet, and main (4 channels) takes 3 outside participants
    plain = text.replace(', shifts: {"09": 1, "10": 1}', "").replace("outside: 2", "outside: 3")
    assert scenario_warnings(parse_scenario(plain)) == [
        "a conference dials in 3 outside participants, but line 'cell' carries 1 call at "
        "once, the caller's included: at most 0 join there",
    ]


def test_describe_steady_state_without_pbx() -> None:
    text = SMALL.replace("name: small", "name: steady\nperiod: {hours: 100, warmup: 2h}")
    words = describe_scenario(parse_scenario(text))
    assert "- PBX: none (no hold queue, no transfers)" in words
    assert "- Staff: one handset per channel of each line, no departments" in words
    assert "- Simulated: steady state, 100 hours after a 2h warm-up, 20 replications" in words
    assert "Warning" not in words


# ----------------------------------------------------------------------------- fuzzing

_BASE = yaml.safe_load(DESIGN_YAML)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["3m", "10%", "09:00", "", "main", "requests", "+7 495 100-00-00"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


_BASE_PATHS = _paths(_BASE)[1:]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(_BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_BASE_PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this part
    return data


def _load_or_refuse(load: Callable[[], Scenario]) -> None:
    try:
        s = load()
    except ScenarioError as err:
        check_error(err)
    else:
        describe_scenario(s)
        assert parse_scenario(dump_scenario(s)) == s


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_scenarios_load_or_raise_scenario_error(data: Any) -> None:
    _load_or_refuse(lambda: scenario_from_dict(data))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _load_or_refuse(lambda: parse_scenario(text, file="fuzz.yaml"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_raises_scenario_error(text: str) -> None:
    _load_or_refuse(lambda: parse_scenario(SMALL + text))
    _load_or_refuse(lambda: parse_scenario(text))


def test_every_block_of_a_scenario_has_a_place_for_unknown_field_messages() -> None:
    """An unknown key in any block (a member, a callback, an announcement ...) is named
    with where it belongs, never a traceback: every model the scenario holds is placed."""
    from pydantic import BaseModel

    from teletraffic.scenario.load import _PLACES

    seen: set[type[BaseModel]] = set()

    def models(tp: object) -> list[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return [tp]
        return [m for arg in typing.get_args(tp) for m in models(arg)]

    todo: list[type[BaseModel]] = [Scenario]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            todo += models(info.annotation)
    assert seen <= set(_PLACES), sorted(m.__name__ for m in seen - set(_PLACES))


@pytest.mark.parametrize(
    ("block", "where"),
    [
        ({"callback": {"offer_ovr": "1m"}}, "departments[0].callback.offer_ovr"),
        ({"announce": {"every": 30, "evry": 1}}, "departments[0].announce.evry"),
        ({"members": [{"name": "a", "penalti": 1}]}, "departments[0].members[0].penalti"),
        ({"overflow": {"to": "d", "after": 5, "x": 1}}, "departments[0].overflow.x"),
    ],
)
def test_an_unknown_key_in_a_department_block_is_named(block: dict[str, Any], where: str) -> None:
    spec = {
        "name": "u",
        "lines": [{"name": "t", "kind": "multichannel", "channels": 4, "numbers": ["1"]}],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "d", "staff": 1, **block}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 5, "talk": "3m"}],
        "period": {"hours": 2},
    }
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(spec)
    assert where in str(err.value)
    assert "unknown field" in str(err.value)
