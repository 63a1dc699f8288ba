"""How the scenario package words a value and a problem.

A problem is a field path (``traffic[0].talk``) and a sentence; these functions make
both, for the models' own checks and for the errors of pydantic that reach a user:
:func:`_value_words` says in plain words what is wrong with a value, without knowing
which model the value belongs to, so that a validator may word the errors of the values
it holds. The words for a missing or unknown field, which need the model, are
:mod:`teletraffic.scenario.load`'s.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError

_VALUE_CHARS = 60


def _short(value: object, limit: int = _VALUE_CHARS) -> str:
    """``repr(value)``, cut to *limit* characters so a message stays one line."""
    try:
        text = repr(value)
    except Exception:  # a hostile object from Python; never from YAML
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _path(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENT.match(part) and len(part) <= 40:
            out += ("." if out else "") + part
        else:
            out += f"[{_short(part, 40)}]"
    return out


def _fail(message: str) -> PydanticCustomError:
    """A validation error whose *message* is final (it already shows the value)."""
    return PydanticCustomError("scenario", message)  # no context: braces stay as they are


class _CrossFieldError(ValueError):
    """Carries several located problems out of a model validator.

    Each problem is ``(loc, message)``; *loc* is relative to the model that raises it.
    """

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{_path(loc)}: {m}" for loc, m in problems))


# --------------------------------------------------------------------------- numbers and lists


def _hhmm(seconds: float) -> str:
    whole = round(seconds)
    h, m, s = whole // 3600, whole % 3600 // 60, whole % 60
    return f"{h:02d}:{m:02d}:{s:02d}" if s else f"{h:02d}:{m:02d}"


def _list(items: Sequence[str], limit: int = 6) -> str:
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(f"... ({len(items)} in all)")
    return ", ".join(shown)


def _hours_text(hours: Sequence[int], limit: int = 8) -> str:
    """``07:00-09:00, 20:00-21:00``: hours of the day, runs of them joined."""
    runs: list[list[int]] = []
    for h in sorted(set(hours)):
        if runs and runs[-1][1] == h:
            runs[-1][1] = h + 1
        else:
            runs.append([h, h + 1])
    return _list([f"{a:02d}:00-{b:02d}:00" for a, b in runs], limit=limit)


def _did_you_mean(word: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {_short(close[0])}?" if close else ""


# --------------------------------------------------------------------------- errors in words


_INTERNAL = re.compile(
    r"^(?:(?:function-(?:after|before|wrap|plain)|tagged-union|json-or-python|nullable"
    r"|lax-or-strict|union|literal|dict|list|tuple|is-instance|chain|default|model)\[.*\]"
    r"|constrained-(?:int|float|str|list|dict)|\[key\]|~rate|~profile|~codec-name|~codec-kbps|~codec-spec)$"
)
"""Parts of a pydantic error location that name its schema, not a field of the file."""


def _clean_loc(loc: Sequence[Any]) -> tuple[str | int, ...]:
    """A pydantic error location as a field path of the file.

    The parts that name pydantic's schema (:data:`_INTERNAL`) are dropped. No field of a
    scenario model is named like one (a test checks it), so no field is ever dropped.
    """
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str):
            if _INTERNAL.match(part):
                continue
            if part == "from_":
                part = "from"
        elif not isinstance(part, int):
            part = str(part)
        out.append(part)
    return tuple(out)


_EXPECTED = {
    "Distribution": "a duration such as 3m, or a mapping such as {mean: 3m, dist: lognormal, "
    "cv: 0.8}",
}


def _lower(msg: str) -> str:
    return msg[:1].lower() + msg[1:]


@dataclass(frozen=True)
class _ErrorFacts:
    """What a pydantic error says about a value: its type, message, context and the value."""

    kind: str
    msg: str
    ctx: Mapping[str, Any]
    value: Any
    raw_loc: list[str]

    @classmethod
    def of(cls, err: Mapping[str, Any]) -> _ErrorFacts:
        return cls(
            kind=str(err.get("type", "")),
            msg=str(err.get("msg", "invalid")),
            ctx=err.get("ctx") or {},
            value=err.get("input"),
            raw_loc=[str(p) for p in err.get("loc", ())],
        )

    @property
    def got(self) -> str:
        return f", got {_short(self.value)}"


def _value_words(err: Mapping[str, Any]) -> str:
    """What is wrong with a value, in words (any pydantic error but a missing or unknown field).

    It needs no model, so that a validator may word the errors of the values it holds.
    """
    e = _ErrorFacts.of(err)
    for words in (_own_words, _form_words, _size_words, _number_words, _choice_words):
        text = words(e)
        if text is not None:
            return text
    msg = _lower(e.msg.split(" [type=")[0])
    if isinstance(e.value, Mapping) and not e.value:
        return msg
    return msg + e.got


def _own_words(e: _ErrorFacts) -> str | None:
    """A message of ours: final as it is."""
    if e.kind == "scenario":
        return e.msg
    if e.kind in ("value_error", "assertion_error"):
        return e.msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return None


def _form_words(e: _ErrorFacts) -> str | None:
    """The value has the wrong form: not a mapping, a list, text, or calls per hour."""
    if "~rate" in e.raw_loc and e.kind in ("float_type", "float_parsing"):
        return (
            "should be calls per hour (a number) or an hourly profile such as "
            f"{{'09': 20, '10': 45}}{e.got}"
        )
    if e.kind in ("model_type", "model_attributes_type", "dict_type"):
        what = _EXPECTED.get(str(e.ctx.get("class_name", "")), "a mapping of fields (key: value)")
        return f"should be {what}{e.got}"
    if e.kind in ("list_type", "iterable_type"):
        return f"should be a list [...]{e.got}"
    if e.kind in ("string_type", "string_sub_type"):
        hint = (
            " (write it in quotes, as text)"
            if isinstance(e.value, int | float) and not isinstance(e.value, bool)
            else ""
        )
        if e.raw_loc[-1:] == ["[key]"]:
            return f"keys should be text{e.got}{hint}"
        return f"should be text{e.got}{hint}"
    if e.kind == "string_pattern_mismatch":
        return "a name must not be empty, start with a space, or hold '/' or ':'" + e.got
    return None


def _size_words(e: _ErrorFacts) -> str | None:
    """A list or a text is too short or too long."""
    if e.kind in ("too_short", "too_long"):
        bound = e.ctx.get("min_length") if e.kind == "too_short" else e.ctx.get("max_length")
        word = "at least" if e.kind == "too_short" else "at most"
        size = e.ctx.get("actual_length")
        shown = e.got if e.kind == "too_short" else f", got {size}"
        unit = "characters" if isinstance(e.value, str) else "entries" if bound != 1 else "entry"
        return f"should have {word} {bound} {unit}{shown}"
    if e.kind == "string_too_short":
        return f"should not be empty{e.got}"
    if e.kind == "string_too_long":
        return f"should have at most {e.ctx.get('max_length')} characters{e.got}"
    return None


def _number_words(e: _ErrorFacts) -> str | None:
    """The value is not a (whole, finite) number or not true or false."""
    if e.kind in ("int_parsing", "int_type", "int_from_float"):
        return f"should be a whole number{e.got}"
    if e.kind in ("float_parsing", "float_type"):
        return f"should be a number{e.got}"
    if e.kind == "finite_number":
        return f"should be a finite number{e.got}"
    if e.kind in ("bool_type", "bool_parsing"):
        return f"should be true or false{e.got}"
    return None


def _choice_words(e: _ErrorFacts) -> str | None:
    """The value is none of the words allowed, or of none of the forms allowed."""
    if e.kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(e.ctx.get("expected", "")))
        hint = _did_you_mean(str(e.value), options) if isinstance(e.value, str) else ""
        if len(options) > 8:  # e.g. strategies: the first few, and how many in all
            some = ", ".join(options[:6])
            return f"should be one of {some}, ... ({len(options)} in all){e.got}{hint}"
        return f"should be one of {', '.join(options)}{e.got}{hint}"
    if e.kind == "union_tag_invalid":
        return f"has the wrong form{e.got}"
    return None
