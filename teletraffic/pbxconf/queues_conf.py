"""Asterisk ``queues.conf``: each queue as a department.

The file is Asterisk's config format (``main/config.c``): ``[section]`` heads, ``key =
value`` and ``key => value`` lines, ``;`` comments (``\\;`` is a literal semicolon),
``;-- ... --;`` block comments, templates ``[name](!)`` and inheritance
``[name](tpl1,tpl2)``. ``[general]`` holds global settings; every other section that is
not a template is a queue. What app_queue reads of a queue (``queue_set_param`` in
``apps/app_queue.c``) and what we make of it:

======================== ===================================================
``strategy``             ``strategy`` (``roundrobin`` is app_queue's old name
                         for ``rrmemory``); default ``ringall``
``member =>``            a member: ``interface[,penalty[,name[,...]]]``
``timeout``              ``ring_timeout`` (default 15 s, ``DEFAULT_TIMEOUT``)
``retry``                ``retry`` (default 5 s, ``DEFAULT_RETRY``)
``wrapuptime``           ``wrap_up``
``maxlen``               ``max_callers`` (0: no limit)
``joinempty``            ``join_empty`` (``yes``: join with nobody logged in)
``leavewhenempty``       ``leave_when_empty`` (anything but ``no``)
``servicelevel``         the scenario's ``answer_time`` (of the first queue)
``announce-frequency``   ``announce: {every: N}`` (0: none): what callers do on
                         hearing their place and wait is left for the scenario
                         to say (``leave_if_longer``, ``patience_extra``)
======================== ===================================================

The maximum wait is not in ``queues.conf``: it is the *timeout* argument of
``Queue()`` in the dialplan, so callers wait until they hang up. Any other key is
listed as not mapped, by section and key.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from teletraffic.errors import TeletrafficError
from teletraffic.pbxconf.model import Member, PbxQueue, Unmapped
from teletraffic.scenario.queues import ASTERISK_STRATEGIES

__all__ = ["read_queues_conf"]

_STRATEGY = {"roundrobin": "rrmemory"}
_KNOWN_STRATEGIES = frozenset(ASTERISK_STRATEGIES) | set(_STRATEGY)  # and its old name
_HEAD = re.compile(r"^\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$")


def _strip_comment(line: str) -> str:
    out = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] == ";":
            out.append(";")
            i += 2
            continue
        if ch == ";":
            break
        out.append(ch)
        i += 1
    return "".join(out).strip()


def _sections(text: str, file: str) -> tuple[dict[str, list[tuple[str, str, int]]], list[Unmapped]]:
    """Section name -> its ``(key, value, line)`` entries, inheritance applied; templates
    dropped; ``#include`` and ``#exec`` listed as not followed."""
    raw: dict[str, list[tuple[str, str, int]]] = {}
    templates: set[str] = set()
    unmapped: list[Unmapped] = []
    current: str | None = None
    in_block = False
    for n, line in enumerate(text.splitlines(), start=1):
        if in_block:
            if "--;" in line:
                in_block = False
                line = line.split("--;", 1)[1]
            else:
                continue
        if ";--" in line:
            before, after = line.split(";--", 1)
            if "--;" in after:
                line = before + after.split("--;", 1)[1]
            else:
                line, in_block = before, True
        stripped = line.strip()
        if stripped.startswith(("#include", "#tryinclude", "#exec")):
            unmapped.append(Unmapped(current or "(top)", stripped.split()[0], stripped, n))
            continue
        body = _strip_comment(line)
        if not body:
            continue
        head = _HEAD.match(body)
        if head:
            current = head.group(1).strip()
            opts = [o.strip() for o in (head.group(2) or "").split(",") if o.strip()]
            entries = raw.setdefault(current, [])  # (+) adds to it; a repeat does too
            for opt in opts:
                if opt in ("!", "+"):
                    if opt == "!":
                        templates.add(current)
                elif opt in raw:
                    entries[:0] = list(raw[opt])
                else:
                    raise TeletrafficError(
                        f"{file}, line {n}: section [{current}] inherits from [{opt}], which "
                        "is not defined above it"
                    )
            continue
        if current is None:
            raise TeletrafficError(f"{file}, line {n}: {body!r} comes before any [section]")
        key, sep, value = body.partition("=>") if "=>" in body else body.partition("=")
        if not sep:
            raise TeletrafficError(f"{file}, line {n}: {body!r} is not 'key = value'")
        raw[current].append((key.strip().lower(), value.strip(), n))
    return {k: v for k, v in raw.items() if k not in templates}, unmapped


def _number(value: str, file: str, line: int, key: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise TeletrafficError(f"{file}, line {line}: {key} = {value!r} is not a number") from None


def _member(value: str, file: str, line: int) -> Member:
    parts = [p.strip() for p in value.split(",")]
    interface = parts[0]
    penalty = 0
    if len(parts) > 1 and parts[1]:
        penalty = int(_number(parts[1], file, line, "member penalty"))
    name = parts[2] if len(parts) > 2 and parts[2] else interface
    return Member(name=name, penalty=max(penalty, 0))


def read_queues_conf(text: str, file: str = "queues.conf") -> tuple[list[PbxQueue], list[Unmapped]]:
    """The queues of an Asterisk ``queues.conf`` and what could not be mapped."""
    sections, unmapped = _sections(text, file)
    queues: list[PbxQueue] = []
    for name, entries in sections.items():
        if name.lower() == "general":
            unmapped += [Unmapped("general", k, v, n, "a global setting") for k, v, n in entries]
            continue
        q = PbxQueue(name=name, strategy="ringall", ring_timeout=15.0, retry=5.0)
        q.join_empty, q.leave_when_empty = True, False  # app_queue's defaults
        for key, value, n in entries:
            problem = _KEYS.get(key, _not_mapped)(q, key, value, n, file)
            if problem is not None:
                unmapped.append(problem)
        queues.append(q)
    return queues, unmapped


_Reader = Callable[[PbxQueue, str, str, int, str], "Unmapped | None"]
"""Reads one key of a queue into it: ``(queue, key, value, line, file)``; returns what of
the value could not be mapped (None: all of it)."""

_STATES = ("yes", "no", "true", "false", "1", "0")
"""The values of a yes/no key; ``joinempty`` and ``leavewhenempty`` also take lists of
member states, which we do not tell apart."""


def _not_mapped(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    return Unmapped(q.name, key, value, n)


def _read_member(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    q.members.append(_member(value, file, n))
    return None


def _read_strategy(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    low = value.lower()
    if low not in _KNOWN_STRATEGIES:
        raise TeletrafficError(
            f"{file}, line {n}: [{q.name}] strategy = {value!r} is not an Asterisk "
            f"strategy ({', '.join(sorted(_KNOWN_STRATEGIES))})"
        )
    q.strategy = _STRATEGY.get(low, low)
    return None


def _read_timeout(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    q.ring_timeout = _number(value, file, n, key) or 15.0
    return None


def _read_retry(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    q.retry = _number(value, file, n, key)
    if q.retry <= 0:  # app_queue: "retry <= 0" falls back to DEFAULT_RETRY
        q.retry = 5.0
    return None


def _read_wrapuptime(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    q.wrap_up = _number(value, file, n, key)
    return None


def _read_maxlen(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    length = int(_number(value, file, n, key))
    q.max_callers = length if length > 0 else None
    return None


def _read_joinempty(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    low = value.lower()
    q.join_empty = low in ("yes", "true", "1")
    if low not in _STATES:
        return Unmapped(q.name, key, value, n, "read as no (states differ)")
    return None


def _read_leavewhenempty(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    low = value.lower()
    q.leave_when_empty = low not in ("no", "false", "0")
    if low not in _STATES:
        return Unmapped(q.name, key, value, n, "read as yes (states differ)")
    return None


def _read_servicelevel(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    q.service_level = _number(value, file, n, key) or None
    return None


def _read_announce(q: PbxQueue, key: str, value: str, n: int, file: str) -> Unmapped | None:
    every = _number(value, file, n, key)
    q.announce_every = every if every >= 10 else None
    if 0 < every < 10:
        return Unmapped(q.name, key, value, n, "shorter than 10 s")
    return None


_KEYS: dict[str, _Reader] = {
    "member": _read_member,
    "strategy": _read_strategy,
    "timeout": _read_timeout,
    "retry": _read_retry,
    "wrapuptime": _read_wrapuptime,
    "maxlen": _read_maxlen,
    "joinempty": _read_joinempty,
    "leavewhenempty": _read_leavewhenempty,
    "servicelevel": _read_servicelevel,
    "announce-frequency": _read_announce,
}
"""Each key of a queue we map (the module's table), and the function that reads it; any
other key is listed as not mapped."""
