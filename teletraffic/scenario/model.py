"""The scenario: how a business is called and how it calls out, as one validated object.

:class:`Scenario` holds the parts (:mod:`~teletraffic.scenario.lines`,
:mod:`~teletraffic.scenario.traffic`, :mod:`~teletraffic.scenario.pbx`,
:mod:`~teletraffic.scenario.departments`, :mod:`~teletraffic.scenario.period`) and checks
the rules between them (:mod:`teletraffic.scenario.rules`) when it is built; it is the only
thing the engine reads. :func:`scenario_schema` is its JSON Schema, for editors.
"""

from __future__ import annotations

import json
from typing import Any, Self

from pydantic import Field, model_validator

from teletraffic.scenario.departments import Conference, Department, Transfer, _handsets
from teletraffic.scenario.lines import Line
from teletraffic.scenario.pbx import Pbx
from teletraffic.scenario.period import Period, _expected_calls
from teletraffic.scenario.rules import _cross_problems, _View
from teletraffic.scenario.traffic import Stream
from teletraffic.scenario.values import Int, Money, Name, Number, Seconds, _Model
from teletraffic.scenario.words import _CrossFieldError


class Scenario(_Model):
    """A whole set-up: lines, traffic, PBX, departments, routes, period and costs."""

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    period: Period = Period(days=5)
    replications: Int = Field(default=20, ge=1, le=10_000)
    seed: Int = Field(default=2026, ge=0, le=2**63 - 1)
    answer_time: Seconds = Field(default=20.0, description="service level: answered within this")
    lines: list[Line] = Field(min_length=1, max_length=1000)
    traffic: list[Stream] = Field(min_length=1, max_length=1000)
    pbx: Pbx | None = None
    departments: list[Department] | None = Field(default=None, min_length=1, max_length=1000)
    routes: dict[Number, Name] | None = None
    transfers: list[Transfer] = Field(default=[], max_length=1000)
    conference: Conference | None = None
    lost_call_value: Money = Field(default=0, description="what a lost caller costs")
    staff_cost: Money = Field(default=0, description="monthly cost of one staff member")
    currency: str = Field(default="RUB", min_length=1, max_length=10)

    @model_validator(mode="after")
    def _cross_fields(self) -> Self:
        problems = _cross_problems(_view(self))
        if problems:
            raise _CrossFieldError(problems)
        return self

    # ---- derived views the engine reads

    @property
    def effective_departments(self) -> list[Department]:
        """The departments; with none given, one per line: one handset per channel."""
        if self.departments is not None:
            return list(self.departments)
        return _handsets(self.lines)

    @property
    def effective_routes(self) -> dict[str, str]:
        """Number -> department, for every number dialled by an inbound stream."""
        depts = self.effective_departments
        if self.departments is None:
            return {num: line.name for line in self.lines for num in line.numbers}
        inbound = [d.name for d in depts if d.answers == "inbound"]
        routes = dict(self.routes or {})
        if len(inbound) == 1:
            for line in self.lines:
                for num in line.numbers:
                    routes.setdefault(num, inbound[0])
        return routes

    def line_of(self, number: str) -> Line:
        """The line a number belongs to."""
        for line in self.lines:
            if number in line.numbers:
                return line
        raise KeyError(number)

    def expected_calls_per_replication(self, stream: Stream) -> float:
        """Roughly how many attempts of *stream* one replication simulates (first attempts)."""
        staff = {d.name: d.staff for d in self.effective_departments}
        return _expected_calls(self.period, stream, staff)


def _view(s: Scenario) -> _View:
    """The parts of a valid scenario the cross-field rules read."""
    depts = s.effective_departments
    return _View(
        lines=list(enumerate(s.lines)),
        lines_complete=True,
        line_refs=[(i, x.name, list(x.numbers)) for i, x in enumerate(s.lines)],
        line_refs_complete=True,
        traffic=list(enumerate(s.traffic)),
        traffic_complete=True,
        departments_given=s.departments is not None,
        dept_refs=[(i, d.name, d.answers) for i, d in enumerate(depts)],
        dept_refs_complete=True,
        dept_lines=[(i, d.line) for i, d in enumerate(s.departments or []) if d.line],
        dept_redirects=[
            (i, d.name, d.redirect) for i, d in enumerate(s.departments or []) if d.redirect
        ],
        depts=list(enumerate(s.departments or [])),
        staff={d.name: d.staff for d in depts},
        routes=s.routes,
        routes_known=True,
        transfers=list(enumerate(s.transfers)),
        pbx=s.pbx,
        pbx_known=True,
        conference_given=s.conference is not None,
        conference=s.conference,
        period=s.period,
        replications=s.replications,
    )


# --------------------------------------------------------------------------- JSON Schema

_JSON_BOUNDS = {
    "ge": "minimum",
    "gt": "exclusiveMinimum",
    "le": "maximum",
    "lt": "exclusiveMaximum",
}


def _json_schema_keywords(node: Any) -> Any:
    """Fix what pydantic writes into a JSON Schema that JSON Schema does not know.

    A bound on a type that has its own validator (``Annotated[Float, Field(ge=0)]``) comes
    out as ``"ge": 0``, which a JSON Schema validator ignores: it becomes ``"minimum": 0``.
    Keys that must match a pattern (hours of a profile) come out as ``patternProperties``
    alone, which lets any other key pass: other keys are refused.
    """
    if isinstance(node, list):
        return [_json_schema_keywords(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {_JSON_BOUNDS.get(k, k): _json_schema_keywords(v) for k, v in node.items()}
    if "patternProperties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def scenario_schema() -> str:
    """The JSON Schema of a scenario file, for editor completion.

    It describes what a file may hold: ``"3m"`` as well as ``180`` for a duration,
    ``"2%"`` for a share, ``"09:00"`` for a time of day, ``talk: 3m`` as well as
    ``talk: {mean: 3m}``. Rules between fields (a dialled number must belong to a line)
    are the loader's: a file the schema accepts may still be refused, with a reason.
    """
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema = _json_schema_keywords(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "teletraffic scenario"
    return json.dumps(schema, indent=2)
