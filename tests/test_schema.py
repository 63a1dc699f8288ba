"""The JSON Schema of scenario files (``teletraffic schema``), checked with ``jsonschema``.

The schema is for editors: it must accept what people write in a scenario file (``3m``,
``90%``, ``"09:00"``, ``talk: 6m``), so every shipped scenario validates against it, and
it must still refuse what is clearly wrong (an unknown key, a negative channel count, a
text where a list belongs), so it is not empty either.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teletraffic.errors import ScenarioError
from teletraffic.scenario import (
    HOUR_PATTERN,
    MAX_SECONDS,
    _hhmm,
    _read_yaml,
    dump_scenario,
    load_scenario,
    scenario_from_dict,
    scenario_schema,
)
from teletraffic.units import (
    DURATION_PATTERN,
    SHARE_PATTERN,
    TIME_OF_DAY_PATTERN,
    format_duration,
    parse_duration,
    parse_share,
    parse_time_of_day,
)

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(
    p
    for p in (ROOT / "scenarios").rglob("*.yaml")
    if "\nlines:" in "\n" + p.read_text(encoding="utf-8")  # scenarios/tariffs.yaml is a menu
)
SCHEMA = json.loads(scenario_schema())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def as_editor_reads(text: str, name: str = "scenario.yaml") -> Any:
    """The file as an editor hands it to a JSON Schema: YAML 1.2, keys as text."""
    data, _index, _dups = _read_yaml(text, name)
    return json.loads(json.dumps(data))


def schema_errors(data: Any) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)
    ]


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["title"] == "teletraffic scenario"
    assert SCHEMA["$schema"].endswith("2020-12/schema")
    # pydantic's own names for bounds mean nothing to a JSON Schema validator
    text = json.dumps(SCHEMA)
    for word in ("ge", "gt", "le", "lt"):
        assert f'"{word}":' not in text


def test_there_are_scenarios_to_validate() -> None:
    assert len(SCENARIOS) >= 15
    assert ROOT / "scenarios" / "tariffs.yaml" not in SCENARIOS
    assert any("validation" in p.parts for p in SCENARIOS)  # subfolders are read too


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_every_shipped_scenario_validates(path: Path) -> None:
    data = as_editor_reads(path.read_text(encoding="utf-8"), str(path))
    assert schema_errors(data) == []
    # and what teletraffic writes back (dump) is in the schema's forms too
    assert schema_errors(as_editor_reads(dump_scenario(load_scenario(path)))) == []


def _defaults(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if "default" in node:
            out.append((path, node))
        for key, value in node.items():
            out += _defaults(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _defaults(value, f"{path}/{i}")
    return out


def test_every_default_is_valid_input() -> None:
    """An editor offers the defaults: each must be a value the schema itself accepts."""
    found = _defaults(SCHEMA)
    assert len(found) > 40
    for path, node in found:
        sub = {k: v for k, v in node.items() if k != "default"}
        errors = list(
            VALIDATOR.evolve(schema={**sub, "$defs": SCHEMA["$defs"]}).iter_errors(node["default"])
        )
        assert errors == [], (path, node["default"], [e.message for e in errors])


BASE = """\
name: base
period: {days: 5, open: "09:00", close: "18:00"}
lines:
  - {name: main, kind: multichannel, numbers: ["100"], channels: 4, tariff: {monthly: 1500}}
  - {name: cell, kind: mobile, numbers: ["200"], coverage: 90%}
traffic:
  - name: clients
    dial: "100"
    calls_per_hour: {"09": 20, "10": 45, "11:00": 30}
    talk: {mean: 3m, dist: lognormal, cv: 0.8}
    patience: 1m
    redial: {probability: 40%, after: 2m, on: [busy, abandoned]}
  - {name: mobile, dial: "200", calls_per_hour: 2, talk: 6m}
pbx: {kind: office, hold: {max_callers: 2, max_wait: 1.5h}}
departments:
  - {name: desk, staff: 3, wrap_up: 30s, shifts: {"09": 2, "10": 3}}
  - {name: support, staff: 1, answers: transferred}
routes: {"100": desk, "200": desk}
transfers: [{from: desk, to: support, share: 0.1}]
conference: {share: 1%, people: 2}
"""


def test_the_base_is_valid_for_both() -> None:
    data = as_editor_reads(BASE)
    assert schema_errors(data) == []
    scenario_from_dict(data)


def _leaves(errors: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    out: list[jsonschema.ValidationError] = []
    for e in errors:
        out += _leaves(list(e.context)) if e.context else [e]
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("chanels",), 4, ""),  # unknown key
        (("lines", 0, "chanels"), 4, "lines.0"),  # unknown key in a line
        (("lines", 0, "channels"), -1, "lines.0.channels"),
        (("lines", 0, "channels"), 2.5, "lines.0.channels"),
        (("lines", 0, "numbers"), "100", "lines.0.numbers"),  # text where a list belongs
        (("lines", 0, "kind"), "fibre", "lines.0.kind"),
        (("lines", 1, "coverage"), "most", "lines.1.coverage"),
        (("lines", 1, "coverage"), 1.5, "lines.1.coverage"),
        (("period", "open"), "9 o'clock", "period.open"),
        (("period", "close"), "25:00", "period.close"),
        (("traffic", 0, "talk"), "3 minutes and a bit", "traffic.0.talk"),
        (("traffic", 0, "talk", "mean"), "-3m", "traffic.0.talk.mean"),
        (("traffic", 0, "calls_per_hour"), [40, 50], "traffic.0.calls_per_hour"),
        (("traffic", 0, "calls_per_hour"), {"25": 3}, "traffic.0.calls_per_hour"),
        (("traffic", 0, "calls_per_hour"), -40, "traffic.0.calls_per_hour"),
        (("traffic", 0, "redial", "on"), "busy", "traffic.0.redial.on"),
        (("traffic", 1, "talk"), True, "traffic.1.talk"),
        (("departments", 0, "staff"), "three", "departments.0.staff"),
        (("departments", 0, "shifts"), {"09": 1.5}, "departments.0.shifts.09"),
        (("departments", 0, "strategy"), "ring_al", "departments.0.strategy"),
        (("pbx", "hold"), 6, "pbx.hold"),
        (("transfers",), {"from": "desk", "to": "support"}, "transfers"),
        (("conference", "people"), 1, "conference.people"),
        (("lines",), [], "lines"),
    ],
)
def test_clearly_wrong_files_are_refused_by_schema_and_loader(
    path: tuple[Any, ...], value: Any, where: str
) -> None:
    data = _set(as_editor_reads(BASE), path, value)
    errors = list(VALIDATOR.iter_errors(data))
    assert errors, f"the schema accepts {path} = {value!r}"
    # where the schema finds the fault (inside "not valid under any of the given schemas")
    paths = {".".join(map(str, e.absolute_path)) for e in _leaves(errors)}
    assert where in paths, paths
    with pytest.raises(ScenarioError):
        scenario_from_dict(data)


def test_a_missing_required_field_is_refused() -> None:
    data = as_editor_reads(BASE)
    del data["traffic"][0]["talk"]
    del data["lines"]
    assert {e.message for e in VALIDATOR.iter_errors(data)} == {
        "'lines' is a required property",
        "'talk' is a required property",
    }


# ------------------------------------------------------------- the text forms vs the parsers


def _reads(parser: Any, text: str) -> bool:
    try:
        parser(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("pattern", "parser", "texts"),
    [
        (
            DURATION_PATTERN,
            parse_duration,
            [
                "90s", "3m", "1.5h", "2d", "250ms", ".5m", "3M", " 3 min ", "2 hours",
                "1h 30m", "2m30s", "+2m", "1e3s", "180", "0", "7 Days", "10 Seconds",
                "abc", "", "1h 30", "1.2.3", "3 x", "-3m", "3m-", "m", "1h30", "3 weeks",
            ],
        ),
        (
            SHARE_PATTERN,
            parse_share,
            ["2%", "0.02", " 40 % ", "100%", "1", "0", ".5", "+3%", "1e-2", "two", "%", "5%%", ""],
        ),
        (
            TIME_OF_DAY_PATTERN,
            parse_time_of_day,
            [
                "09:00", "9:00", "17:30", "17:30:15", "24:00", "00:00", " 08:15 ", "23:59:59",
                "25:00", "24:30", "9", "09:60", "9h", "", "12:00:60", "1:2",
            ],
        ),
    ],
    ids=["duration", "share", "time_of_day"],
)  # fmt: skip
def test_each_pattern_takes_what_its_parser_reads(
    pattern: str, parser: Any, texts: list[str]
) -> None:
    accepted = [t for t in texts if re.search(pattern, t)]
    read = [t for t in texts if _reads(parser, t)]
    assert accepted == read


@given(st.floats(min_value=0, max_value=MAX_SECONDS))
def test_every_written_duration_matches_the_pattern(seconds: float) -> None:
    text = format_duration(seconds)
    assert re.search(DURATION_PATTERN, text), text
    assert math.isclose(parse_duration(text), seconds, rel_tol=0.05, abs_tol=31)


@given(st.integers(0, 86400))
def test_every_written_time_of_day_matches_the_pattern(seconds: int) -> None:
    assert re.search(TIME_OF_DAY_PATTERN, _hhmm(seconds)), _hhmm(seconds)


@pytest.mark.parametrize(
    ("key", "ok"),
    [("09", True), ("9", True), ("9:00", True), ("23", True), ("00", True), (" 7 ", True),
     ("24", False), ("25", False), ("9:30", False), ("abc", False), ("-1", False)],
)  # fmt: skip
def test_hour_keys(key: str, ok: bool) -> None:
    assert bool(re.search(HOUR_PATTERN, key)) == ok
