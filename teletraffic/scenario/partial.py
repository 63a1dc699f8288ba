"""What can be read of an invalid scenario: the parts that are valid on their own.

When some fields of a file are invalid, pydantic does not run :class:`Scenario`'s
cross-field rules. :func:`_raw_view` gathers the entries and fields that validate on
their own (and the names and numbers of every entry that has them), so that the rules
still run on the rest and a file's every problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from teletraffic.scenario.departments import Department, Transfer, _handsets
from teletraffic.scenario.lines import Line
from teletraffic.scenario.model import Scenario
from teletraffic.scenario.rules import _View
from teletraffic.scenario.traffic import Stream
from teletraffic.scenario.values import _ModelT


def _raw_view(data: Mapping[str, Any]) -> _View:
    """The parts of an invalid file that can be read on their own, for the cross-field rules."""
    raw_lines = data.get("lines")
    lines, lines_ok = _valid_items(raw_lines, Line)
    line_refs, line_refs_ok = _refs(raw_lines, _line_ref)
    traffic, traffic_ok = _valid_items(data.get("traffic"), Stream)
    raw_depts = data.get("departments")
    staff: dict[str, int] | None = None
    depts: list[tuple[int, Department]] = []
    if raw_depts is None:
        dept_refs: list[tuple[int, str, str | None]] = [
            (i, name, "inbound") for i, name, _ in line_refs
        ]
        dept_refs_ok = line_refs_ok
        if lines_ok and lines:
            staff = {d.name: d.staff for d in _handsets([x for _, x in lines])}
    else:
        depts, depts_ok = _valid_items(raw_depts, Department)
        dept_refs, dept_refs_ok = _refs(raw_depts, _dept_ref)
        if depts_ok and depts:
            staff = {d.name: d.staff for _, d in depts}
    transfers, _ = _valid_items(data.get("transfers", []), Transfer)
    routes, routes_ok = _valid_field(data, "routes")
    pbx, pbx_ok = _valid_field(data, "pbx")
    conference, conference_ok = _valid_field(data, "conference")
    period, period_ok = _valid_field(data, "period")
    replications, repl_ok = _valid_field(data, "replications")
    return _View(
        lines=lines,
        lines_complete=lines_ok,
        line_refs=line_refs,
        line_refs_complete=line_refs_ok,
        traffic=traffic,
        traffic_complete=traffic_ok,
        departments_given=raw_depts is not None,
        dept_refs=dept_refs,
        dept_refs_complete=dept_refs_ok,
        dept_lines=[
            (i, line)
            for i, item in enumerate(raw_depts if isinstance(raw_depts, list) else [])
            if isinstance(item, Mapping) and (line := _text(item.get("line")))
        ],
        dept_redirects=[
            (i, name, target)
            for i, item in enumerate(raw_depts if isinstance(raw_depts, list) else [])
            if isinstance(item, Mapping)
            and (target := _text(item.get("redirect")))
            and (name := _text(item.get("name")) or "")
        ],
        depts=depts,
        staff=staff,
        routes=routes if routes_ok else None,
        routes_known=routes_ok,
        transfers=transfers,
        pbx=pbx,
        pbx_known=pbx_ok,
        conference_given=data.get("conference") is not None,
        conference=conference if conference_ok else None,
        period=period if period_ok else None,
        replications=replications if repl_ok else None,
    )


def _text(raw: Any) -> str | None:
    return raw.strip() or None if isinstance(raw, str) else None


def _line_ref(item: Mapping[str, Any]) -> tuple[str, list[str]] | None:
    name, numbers = _text(item.get("name")), item.get("numbers")
    if name is None or not isinstance(numbers, list):
        return None
    texts = [_text(n) for n in numbers]
    return None if any(t is None for t in texts) else (name, [t for t in texts if t])


def _dept_ref(item: Mapping[str, Any]) -> tuple[str, str | None] | None:
    name, answers = _text(item.get("name")), item.get("answers", "inbound")
    if name is None:
        return None
    return name, answers if answers in ("inbound", "transferred", "none") else None


_RefT = TypeVar("_RefT", bound=tuple[Any, ...])


def _refs(raw: Any, read: Callable[[Mapping[str, Any]], _RefT | None]) -> tuple[list[Any], bool]:
    """``(index, *read(item))`` for each entry of a raw list that has what *read* needs."""
    if not isinstance(raw, list) or not raw:
        return [], False
    out: list[Any] = []
    for i, item in enumerate(raw):
        ref = read(item) if isinstance(item, Mapping) else None
        if ref is not None:
            out.append((i, *ref))
    return out, len(out) == len(raw)


def _valid_items(raw: Any, model: type[_ModelT]) -> tuple[list[tuple[int, _ModelT]], bool]:
    if not isinstance(raw, list):
        return [], False
    out: list[tuple[int, _ModelT]] = []
    complete = True
    for i, item in enumerate(raw):
        try:
            out.append((i, model.model_validate(item)))
        except (ValidationError, ValueError, TypeError):
            complete = False
    return out, complete


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    info = Scenario.model_fields[name]
    tp: Any = info.annotation
    if not info.metadata:  # Annotated[X] alone is a TypeError: period, pbx, conference
        return TypeAdapter(tp)
    annotated: Any = Annotated
    return TypeAdapter(annotated[(tp, *info.metadata)])


def _valid_field(data: Mapping[str, Any], name: str) -> tuple[Any, bool]:
    if name not in data:
        return Scenario.model_fields[name].get_default(call_default_factory=True), True
    try:
        return _field_adapter(name).validate_python(data[name]), True
    except (ValidationError, ValueError, TypeError):
        return None, False
