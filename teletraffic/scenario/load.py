"""Reading a scenario file: the one guarded reader of scenario YAML.

:func:`load_scenario` reads a file, :func:`parse_scenario` text and
:func:`scenario_from_dict` a dictionary into a validated :class:`Scenario`. Every
problem of a file is reported at once as one :class:`~teletraffic.errors.ScenarioError`,
each with its field path, the bad value and the file line.

The file is read as YAML 1.2 (:mod:`teletraffic.scenario.yaml12`). Aliases are
expanded, but a document that grows beyond :data:`MAX_NODES` nodes (a "billion laughs"
alias bomb), nests deeper than :data:`MAX_DEPTH` or is longer than
:data:`MAX_FILE_BYTES` is refused.
"""

from __future__ import annotations

import difflib
import stat
import types
import typing
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from teletraffic.errors import ScenarioError
from teletraffic.scenario.departments import Conference, Department, Transfer
from teletraffic.scenario.lines import Codec, Line, LineTariff
from teletraffic.scenario.model import Scenario
from teletraffic.scenario.partial import _raw_view
from teletraffic.scenario.pbx import Hold, Pbx, PbxTariff
from teletraffic.scenario.period import Period
from teletraffic.scenario.queues import Announce, Callback, Overflow, StaffMember
from teletraffic.scenario.rules import _cross_problems
from teletraffic.scenario.traffic import Redial, Stream
from teletraffic.scenario.values import _HOUR_RE, Distribution
from teletraffic.scenario.words import _clean_loc, _CrossFieldError, _path, _short, _value_words
from teletraffic.scenario.yaml12 import _Dumper, _Loader

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A scenario file longer than this is refused before it is parsed."""
MAX_NODES = 1_100_000
"""Most YAML nodes a scenario may have once aliases are expanded (1,000,000 observed
durations of an empirical distribution fit; an alias bomb does not)."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings a scenario may have (a real one has about 6)."""


# --------------------------------------------------------------------------- reading YAML


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node) -> tuple[int, int, int | None]:
    """Size of the document with aliases expanded, its depth, and the line of a cycle.

    Linear in the number of distinct nodes (an alias bomb is measured, not expanded).
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    expanding: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        kids = _children(node)
        if done:
            size[nid] = min(1 + sum(size[id(k)] for k in kids), MAX_NODES + 1)
            depth[nid] = 1 + max((depth[id(k)] for k in kids), default=0)
            expanding.discard(nid)
            continue
        if nid in size:
            continue
        expanding.add(nid)
        stack.append((node, True))
        for kid in kids:
            if id(kid) in expanding:
                return 0, 0, node.start_mark.line + 1
            if id(kid) not in size:
                stack.append((kid, False))
    return size[id(root)], depth[id(root)], None


def _hour_of(key: str | int) -> int | None:
    if isinstance(key, int):
        return key
    m = _HOUR_RE.fullmatch(key)
    return int(m[1]) if m else None


def _key_matches(text: str, part: str | int) -> bool:
    """True when the key written *text* is the *part* of a field path.

    An hour of a profile matches however it is written: ``9``, ``"09"``, ``"9:00"``.
    """
    if text == part:
        return True
    hour = _hour_of(part)
    return hour is not None and _hour_of(text) == hour


class _LineIndex:
    """Finds the file line of a field path in a composed YAML document."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self._keys: dict[int, list[tuple[yaml.ScalarNode, yaml.Node]]] = {}
        self._exact: dict[int, dict[str, tuple[yaml.ScalarNode, yaml.Node]]] = {}

    def _lookup(
        self, node: yaml.MappingNode, part: str | int
    ) -> tuple[yaml.Node, yaml.Node] | None:
        """The key and value of *part* in *node*, the last one winning as in a dict.

        The keys of each mapping are indexed once, so locating thousands of problems in
        one mapping stays linear.
        """
        if id(node) not in self._keys:
            keys = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            self._keys[id(node)] = keys
            self._exact[id(node)] = {k.value: (k, v) for k, v in keys}
        found = self._exact[id(node)].get(part) if isinstance(part, str) else None
        if found is None:  # a number, or an hour written otherwise ("9" for "09")
            for key_node, value_node in self._keys[id(node)]:
                if key_node.value == part or _key_matches(key_node.value, part):
                    found = (key_node, value_node)
        return found

    def line_of(self, loc: Sequence[str | int]) -> int:
        node = self.root
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = self._lookup(node, part)
                if found is None:
                    break
                line, node = found[0].start_mark.line + 1, found[1]
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def duplicates(self) -> list[tuple[tuple[str | int, ...], int]]:
        """Keys given twice in one mapping: (path, line of the second one)."""
        out: list[tuple[tuple[str | int, ...], int]] = []
        visited: set[int] = set()
        stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(self.root, ())]
        while stack:
            node, path = stack.pop()
            if id(node) in visited:
                continue
            visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                keys: set[str] = set()
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        continue
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = key_node.value
                    if key in keys:
                        out.append(((*path, key), key_node.start_mark.line + 1))
                    keys.add(key)
                    stack.append((value_node, (*path, key)))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
        return sorted(out, key=lambda p: p[1])


_YAML_HINTS = {
    "found character '\\t' that cannot start any token": "YAML indents with spaces, not tabs",
    "mapping values are not allowed here": "put text that holds ': ' in quotes",
    "but found another document": "a scenario file holds one YAML document",
}


def _yaml_problem(err: yaml.YAMLError, text: str) -> tuple[str, str, int | None]:
    line: int | None = None
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        line = mark.line + 1
    if isinstance(err, yaml.reader.ReaderError):
        line = text.count("\n", 0, err.position) + 1
        char = err.character
        what = f"character U+{char:04X}" if isinstance(char, int) else f"byte {char!r}"
        return "", f"not valid YAML: the file holds a control {what}; is it a text file?", line
    problem = getattr(err, "problem", None) or str(err).split("\n", 1)[0]
    hint = _YAML_HINTS.get(problem)
    return "", f"not valid YAML: {problem}" + (f" ({hint})" if hint else ""), line


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _read_yaml(text: str, where: str) -> tuple[Any, _LineIndex | None, list[Any]]:
    """YAML text -> (data, line index, duplicate-key problems); ScenarioError if unreadable."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(
            [
                (
                    "",
                    f"the scenario is {len(text):,} characters long; the limit is "
                    f"{MAX_FILE_BYTES:,}",
                    None,
                )
            ],
            where,
        )
    try:
        try:
            node = _compose(text)
        except yaml.YAMLError:
            if not text.lstrip().startswith(("{", "[")) or "\t" not in text:
                raise
            # JSON indented with tabs: tabs are only whitespace there, lines stay put
            node = _compose(text.replace("\t", " "))
    except yaml.YAMLError as err:
        raise ScenarioError([_yaml_problem(err, text)], where) from None
    except RecursionError:
        raise ScenarioError(
            [("", f"the YAML nests too deeply (more than {MAX_DEPTH} levels)", None)], where
        ) from None
    if node is None:
        raise ScenarioError([("", "the file is empty: no scenario in it", None)], where)
    size, depth, cycle = _measure(node)
    if cycle is not None:
        raise ScenarioError([("", "a YAML alias refers to a node that holds it", cycle)], where)
    if depth > MAX_DEPTH:
        raise ScenarioError(
            [("", f"the YAML nests {depth} levels deep; the limit is {MAX_DEPTH}", 1)], where
        )
    if size > MAX_NODES:
        raise ScenarioError(
            [
                (
                    "",
                    f"the YAML expands to more than {MAX_NODES:,} values (aliases *like_this "
                    "repeat a part); a scenario is far smaller",
                    1,
                )
            ],
            where,
        )
    index = _LineIndex(node)
    dups = [(_path(p), "this field is given twice", line) for p, line in index.duplicates()]
    loader = _Loader("")
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as err:
        raise ScenarioError([_yaml_problem(err, text)], where) from None
    finally:
        loader.dispose()
    return data, index, dups


# --------------------------------------------------------------------------- error messages


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional; keep the one alternative that has fields or items."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _step(model: Any, part: str | int) -> Any:
    """The type found at *part* of a value of type *model* (None when unknown)."""
    tp = _unwrap(model)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
        for name, info in tp.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if typing.get_origin(tp) is list and isinstance(part, int):
        return typing.get_args(tp)[0]
    if typing.get_origin(tp) is dict:
        return typing.get_args(tp)[1]
    return None


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    model: Any = Scenario
    for part in loc:
        model = _step(model, part)
    tp = _unwrap(model)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_PLACES: dict[type[BaseModel], str] = {
    Scenario: "the top level of the file",
    Period: "period:",
    Line: "an entry of lines:",
    LineTariff: "a line's tariff:",
    Codec: "a line's codec: {name, ptime, link, ip, srtp}",
    Stream: "an entry of traffic:",
    Distribution: "a duration such as talk: {mean: 3m, dist: lognormal, cv: 0.8}",
    Redial: "a stream's redial:",
    Pbx: "pbx:",
    Hold: "pbx: hold: (the hold queue belongs under pbx:)",
    PbxTariff: "pbx: tariff:",
    Department: "an entry of departments:",
    Transfer: "an entry of transfers:",
    Conference: "conference:",
    StaffMember: "an entry of a department's members:",
    Overflow: "a department's overflow:",
    Callback: "a department's callback:",
    Announce: "a department's announce:",
}
"""Every block of the file by its model (a test walks the scenario's fields: none is
missing), with the words that say where it is."""


@cache
def _homes() -> dict[str, list[str]]:
    """Field name -> the places of the file where it is a field."""
    homes: dict[str, list[str]] = {}
    for model, place in _PLACES.items():
        for name in _field_names(model):
            homes.setdefault(name, []).append(place)
    return homes


_KEY_HINTS: dict[str, str] = {
    "hold": "the hold queue belongs under pbx: (pbx: {kind: virtual, hold: {max_callers: 6}})",
}


def _unknown_field(loc: Sequence[str | int], key: str | int) -> str:
    model = _model_at(loc[:-1])
    text = str(key)
    own = _field_names(model) if model is not None else []
    msg = f"unknown field {_short(key, 40)}"
    if model is Scenario and text in _KEY_HINTS:
        return f"{msg}; {_KEY_HINTS[text]}"
    close = difflib.get_close_matches(text, own, n=1, cutoff=0.7)
    if close:
        return f"{msg}; did you mean {close[0]!r}?"
    here = _PLACES.get(model) if model is not None else None
    places = [p for p in _homes().get(text, []) if p != here]
    if places:
        return f"{msg} here; it belongs in {' or '.join(places)}"
    if text in _KEY_HINTS:
        return f"{msg}; {_KEY_HINTS[text]}"
    close = difflib.get_close_matches(text, own, n=1, cutoff=0.6)
    if close:
        return f"{msg}; did you mean {close[0]!r}?"
    elsewhere = difflib.get_close_matches(text, list(_homes()), n=1, cutoff=0.75)
    if elsewhere:
        where = " or ".join(_homes()[elsewhere[0]])
        return f"{msg}; did you mean {elsewhere[0]!r}? (a field of {where})"
    if 0 < len(own) <= 8:
        return f"{msg}; the fields here are {', '.join(own)}"
    return msg


def _required(loc: Sequence[str | int]) -> str:
    model = _model_at(loc[:-1])
    if model is None or not loc or not isinstance(loc[-1], str):
        return "is required"
    tp = _step(model, loc[-1])
    tp = _unwrap(tp)
    if typing.get_origin(tp) is Literal:
        return "is required: one of " + ", ".join(str(a) for a in typing.get_args(tp))
    return "is required"


def _friendly(err: Mapping[str, Any], loc: Sequence[str | int]) -> str:
    """A pydantic error in words; *loc* is its field path in the file."""
    kind = str(err.get("type", ""))
    if kind == "extra_forbidden":
        return _unknown_field(loc, loc[-1] if loc else "?")
    if kind == "missing":
        return _required(loc)
    return _value_words(err)


_HINTED = 200
"""Problems beyond this many get pydantic's plain words, not a did-you-mean search."""


def _problems_from(
    err: ValidationError, index: _LineIndex | None
) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for e in err.errors(include_url=False):
        loc = _clean_loc(e["loc"])
        inner = (e.get("ctx") or {}).get("error")
        if isinstance(inner, _CrossFieldError):
            problems.extend((loc + tuple(sub), msg) for sub, msg in inner.problems)
        elif len(problems) >= _HINTED:  # far past what a message shows: no did-you-mean
            problems.append((loc, str(e["msg"]).lower()))
        else:
            problems.append((loc, _friendly(e, loc)))
    return problems


def _locate(
    problems: Sequence[tuple[tuple[str | int, ...], str]], index: _LineIndex | None
) -> list[tuple[str, str, int | None]]:
    out: list[tuple[str, str, int | None]] = []
    seen: set[tuple[str, str]] = set()
    for loc, msg in problems:
        key = (_path(loc), msg)
        if key not in seen:
            seen.add(key)
            out.append((key[0], msg, index.line_of(loc) if index is not None else None))
    return out


# --------------------------------------------------------------------------- reading a scenario


def scenario_from_dict(data: Mapping[str, Any], *, file: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from a dictionary (as read from YAML or JSON).

    Raises :class:`~teletraffic.errors.ScenarioError` listing every problem.

    Examples
    --------
    >>> import teletraffic as tt
    >>> office = tt.scenario_from_dict({
    ...     "name": "front desk",
    ...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["100"], "channels": 4}],
    ...     "traffic": [{"name": "clients", "dial": "100", "calls_per_hour": 40, "talk": "3m"}],
    ... })
    >>> office.lines[0].channels, office.traffic[0].talk.mean  # durations in seconds
    (4, 180.0)
    >>> tt.scenario_from_dict({**office.model_dump(), "lines": []})
    Traceback (most recent call last):
    ...
    teletraffic.errors.ScenarioError: lines: ...
    """
    return _validate(data, file, None, [])


def _validate(
    data: Any,
    file: str | None,
    index: _LineIndex | None,
    early: list[tuple[str, str, int | None]],
) -> Scenario:
    if not isinstance(data, Mapping):
        kind = {list: "a list", str: "a single text", type(None): "nothing"}.get(
            type(data), f"a {type(data).__name__}"
        )
        raise ScenarioError(
            [
                (
                    "",
                    "a scenario is a mapping of fields (name: ..., lines: ..., traffic: ...), "
                    f"got {kind}" + (f": {_short(data)}" if file is None else ""),
                    1 if index is not None else None,
                )
            ],
            file,
        )
    fields = _field_names(Scenario)
    if file is not None and data and not set(map(str, data)) & set(fields):
        # not a scenario at all (.env, /etc/shadow...): its content is not repeated
        known = ", ".join(fields[:4])
        raise ScenarioError(
            [
                (
                    "",
                    "is not a scenario file: none of its keys is a scenario field "
                    f"({known}, ...); its content is not shown",
                    1 if index is not None else None,
                )
            ],
            file,
        )
    problems: list[tuple[tuple[str | int, ...], str]] = []
    try:
        scenario = Scenario.model_validate(dict(data))
    except ValidationError as err:
        problems = _problems_from(err, index)
        crossed = any(
            isinstance((e.get("ctx") or {}).get("error"), _CrossFieldError) and not e["loc"]
            for e in err.errors(include_url=False)
        )
        if not crossed:  # field errors stopped the cross-field rules: run them on the rest
            problems += _cross_problems(_raw_view(data))
    located = early + _locate(problems, index)
    if not located:
        return scenario
    if index is not None:
        located.sort(key=lambda p: p[2] if p[2] is not None else 0)
    raise ScenarioError(located, file)


def parse_scenario(text: str, *, file: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from YAML (or JSON) text; errors carry file lines.

    Examples
    --------
    >>> import teletraffic as tt
    >>> text = '''
    ... name: front desk
    ... lines:
    ...   - {name: main, kind: multichannel, numbers: ["100"], channels: 0}
    ... traffic:
    ...   - {name: clients, dial: "100", calls_per_hour: 40, talk: 3m}
    ... '''
    >>> tt.parse_scenario(text, file="office.yaml")
    Traceback (most recent call last):
    ...
    teletraffic.errors.ScenarioError: lines[0].channels: ... got 0 (office.yaml, line 4)
    >>> tt.parse_scenario(text.replace("channels: 0", "channels: 4")).lines[0].channels
    4
    """
    where = file or "scenario"
    data, index, dups = _read_yaml(text, where)
    return _validate(data, where, index, dups)


def read_text_file(
    path: str | Path, where: str, limit: int | None = None, what: str = "scenario file"
) -> str:
    """The UTF-8 text of the file at *path*, read with the guards every input file gets.

    A folder, a device (``/dev/zero``) or a pipe (a FIFO that would block) is refused
    before it is opened; a file over *limit* bytes is refused, and at most *limit* + 1
    bytes are ever read (a file growing meanwhile); *limit* defaults to
    :data:`MAX_FILE_BYTES`. Errors are
    :class:`~teletraffic.errors.ScenarioError` naming *where*, and the line of a byte
    that is not UTF-8.
    """
    p = Path(path)
    limit = MAX_FILE_BYTES if limit is None else limit  # read now: tests lower it

    def refuse(message: str) -> ScenarioError:
        return ScenarioError([("", message, None)], where)

    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise refuse(f"is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise refuse("is not a regular file (a device or a pipe?)")
        if info.st_size > limit:
            raise refuse(f"the file is {info.st_size:,} bytes long; the limit is {limit:,}")
        with p.open("rb") as f:
            raw = f.read(limit + 1)
    except FileNotFoundError:
        raise refuse("no such file") from None
    except OSError as err:
        raise refuse(f"cannot be read: {err.strerror or err}") from None
    except ValueError:  # an embedded NUL character in the path
        raise refuse("is not a valid file name") from None
    if len(raw) > limit:  # it grew since stat
        raise refuse(f"the file is longer than the limit of {limit:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ScenarioError(
            [
                (
                    "",
                    f"is not UTF-8 text: byte {raw[err.start]:#04x} cannot be read; "
                    "save the file as UTF-8",
                    line,
                )
            ],
            where,
        ) from None
    return text


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (YAML, or JSON) into a validated :class:`Scenario`.

    Raises :class:`~teletraffic.errors.ScenarioError` naming each bad field, its value
    and its file line.

    Examples
    --------
    >>> from pathlib import Path
    >>> import teletraffic as tt
    >>> shipped = Path(tt.__file__).parent / "examples"  # the repository's scenarios/
    >>> office = tt.load_scenario(shipped / "multichannel_pbx.yaml")
    >>> office.name, office.lines[0].channels, office.period.days
    ('Small office, multichannel trunk, virtual PBX', 4, 5)
    >>> tt.load_scenario(shipped / "no_such_office.yaml")
    Traceback (most recent call last):
    ...
    teletraffic.errors.ScenarioError: no such file (.../no_such_office.yaml)
    """
    where = str(path)
    text = read_text_file(path, where)
    return parse_scenario(text, file=where)


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that :func:`parse_scenario` reads back to an equal object.

    Examples
    --------
    >>> import teletraffic as tt
    >>> office = tt.scenario_from_dict({
    ...     "name": "front desk",
    ...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["100"], "channels": 4}],
    ...     "traffic": [{"name": "clients", "dial": "100", "calls_per_hour": 40, "talk": "3m"}],
    ... })
    >>> text = tt.dump_scenario(office)
    >>> print(text[: text.index("traffic:")].rstrip())
    name: front desk
    lines:
    - name: main
      kind: multichannel
      numbers:
      - '100'
      channels: 4
    >>> tt.parse_scenario(text) == office
    True
    """
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.setdefault("name", scenario.name)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
