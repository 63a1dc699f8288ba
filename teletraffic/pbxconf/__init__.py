"""A PBX's queue configuration read into a scenario: "this is what *your* queues do".

:func:`import_pbx` reads an Asterisk ``queues.conf``
(:mod:`~teletraffic.pbxconf.queues_conf`) or a FreeSWITCH ``callcenter.conf.xml``
(:mod:`~teletraffic.pbxconf.callcenter_xml`): each queue becomes a department with its
strategy, members (with penalties or tiers), ring timeout, retry, wrap-up, queue
length, maximum wait and empty-queue rules. A PBX file says nothing of the calls, the
lines or the opening hours: those come from the arguments, or are placeholders that
:attr:`PbxImport.notes` names. What the file holds and the scenario does not carry is
listed in :attr:`PbxImport.unmapped`, by section and key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teletraffic.errors import TeletrafficError
from teletraffic.pbxconf.model import Member, PbxQueue, Unmapped

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = ["Member", "PbxImport", "PbxQueue", "Unmapped", "import_pbx"]

MAX_BYTES = 16 * 1024 * 1024
"""The largest configuration file read."""


@dataclass
class PbxImport:
    """A PBX's configuration as a scenario, and what the scenario could not take from it."""

    scenario: Scenario
    source: str
    """Which PBX the file is of: ``asterisk`` or ``freeswitch``."""
    queues: list[PbxQueue]
    notes: list[str] = field(default_factory=list)
    """What the file holds, and each placeholder the scenario had to make up."""
    unmapped: list[Unmapped] = field(default_factory=list)

    @property
    def described(self) -> str:
        """``an Asterisk configuration`` or ``a FreeSWITCH configuration``."""
        article = "an" if self.source == "Asterisk" else "a"
        return f"{article} {self.source} configuration"

    def to_yaml(self) -> str:
        """The scenario as YAML, headed by the notes and the unmapped settings as comments."""
        from teletraffic.scenario import dump_scenario

        head = [f"# Imported from {self.described}."]
        head += [f"# {line}" for line in self.notes]
        if self.unmapped:
            head.append("# Not mapped:")
            head += [f"#   {u}" for u in self.unmapped]
        return "\n".join(head) + "\n" + dump_scenario(self.scenario)


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TeletrafficError(f"{path}: longer than {MAX_BYTES:,} bytes")
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise TeletrafficError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TeletrafficError(f"{path}: is a folder, not a configuration file") from None
    except UnicodeDecodeError:
        raise TeletrafficError(f"{path}: is not UTF-8 text") from None
    except OSError as err:
        raise TeletrafficError(f"{path}: cannot be read: {err.strerror or err}") from None


def _department_name(name: str, taken: set[str]) -> str:
    clean = name.replace("/", "-").replace(":", "-").strip().lstrip("-") or "queue"
    clean = clean[:60]  # a number too: at most 64 characters
    out, k = clean, 2
    while out in taken:
        out, k = f"{clean}-{k}", k + 1
    taken.add(out)
    return out


def _members(q: PbxQueue) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in q.members:
        entry: dict[str, Any] = {"name": m.name[:200]}
        if m.level is not None or m.position is not None:
            entry["level"] = m.level if m.level is not None else 1
            entry["position"] = m.position if m.position is not None else 1
        elif m.penalty:
            entry["penalty"] = m.penalty
        out.append(entry)
    return out


def _department(q: PbxQueue, name: str) -> dict[str, Any]:
    dept: dict[str, Any] = {
        "name": name,
        "strategy": q.strategy,
        "members": _members(q),
        "ring_timeout": max(q.ring_timeout, 1.0),
        "wrap_up": q.wrap_up,
        "join_empty": q.join_empty,
        "leave_when_empty": q.leave_when_empty,
    }
    if q.retry is not None:
        dept["retry"] = q.retry
    if q.max_callers is not None:
        dept["max_callers"] = q.max_callers
    if q.max_wait is not None:
        dept["max_wait"] = q.max_wait
    if q.ring_progressively_delay is not None:
        dept["ring_progressively_delay"] = q.ring_progressively_delay
    if q.announce_every is not None:  # what callers do on hearing it is the user's to say
        dept["announce"] = {"every": q.announce_every}
    return dept


def import_pbx(
    path: str | Path,
    *,
    calls_per_hour: float | None = None,
    talk: str | float | None = None,
    patience: str | float | None = None,
    channels: int | None = None,
) -> PbxImport:
    """Read a PBX's queue configuration into a scenario.

    *path*: an Asterisk ``queues.conf`` or a FreeSWITCH ``callcenter.conf.xml`` (told
    apart by an XML ``<configuration>``). *calls_per_hour*, *talk* and *patience* are
    the calls of each queue, *channels* the outside line's; any not given is a
    placeholder, named in :attr:`PbxImport.notes`. A file with no queue gives a
    placeholder department (one person), also named.

    Examples
    --------
    >>> import teletraffic as tt
    >>> from pathlib import Path
    >>> import tempfile
    >>> conf = Path(tempfile.mkdtemp()) / "queues.conf"
    >>> _ = conf.write_text("[sales]\\nstrategy = rrmemory\\nmember => PJSIP/101\\n"
    ...                     "member => PJSIP/102,5\\n")
    >>> imported = tt.import_pbx(conf, calls_per_hour=30, talk="4m")
    >>> d = imported.scenario.departments[0]
    >>> d.strategy, d.staff, [m.penalty for m in d.members], d.ring_timeout, d.retry
    ('rrmemory', 2, [0, 5], 15.0, 5.0)
    """
    from teletraffic.pbxconf.callcenter_xml import read_callcenter_xml
    from teletraffic.pbxconf.queues_conf import read_queues_conf
    from teletraffic.scenario import scenario_from_dict

    p = Path(path)
    text = _read(p)
    if p.suffix.lower() == ".xml" or "<configuration" in text:
        source = "FreeSWITCH"
        queues, unmapped = read_callcenter_xml(text, str(p))
    else:
        source = "Asterisk"
        queues, unmapped = read_queues_conf(text, str(p))
    notes = _what_it_holds(source, queues)
    placeholder_queue = not queues
    if placeholder_queue:
        queues = [
            PbxQueue(name="queue", strategy="ringall" if source == "Asterisk" else "ring-all")
        ]
        queues[0].members.append(Member(name="placeholder"))
        notes.append("PLACEHOLDER: department 'queue' with one person stands in for a queue")
    spec = _spec(p, queues, calls_per_hour, talk, patience, channels, notes)
    return PbxImport(scenario_from_dict(spec), source, queues, notes, unmapped)


def _what_it_holds(source: str, queues: list[PbxQueue]) -> list[str]:
    if not queues:
        return [f"The file defines no queue (global settings only, as in the {source} sample)."]
    notes = []
    for q in queues:
        who = f"{len(q.members)} member{'s' if len(q.members) != 1 else ''}"
        if not q.members:
            who += " (no one answers until members are added)"
        notes.append(f"Queue {q.name}: strategy {q.strategy}, {who}.")
    return notes


def _spec(
    path: Path,
    queues: list[PbxQueue],
    calls_per_hour: float | None,
    talk: str | float | None,
    patience: str | float | None,
    channels: int | None,
    notes: list[str],
) -> dict[str, Any]:
    taken: set[str] = set()
    names = [_department_name(q.name, taken) for q in queues]
    staff = sum(len(q.members) for q in queues)
    if channels is None:
        channels = max(2, 2 * staff, len(queues))
        notes.append(f"PLACEHOLDER: one multichannel line of {channels} channels (--channels)")
    if calls_per_hour is None:
        calls_per_hour = 10.0
        notes.append("PLACEHOLDER: 10 calls per hour to each queue (--calls-per-hour, or fit)")
    if talk is None:
        talk = "3m"
        notes.append("PLACEHOLDER: talk time 3 minutes on average (--talk)")
    if patience is None:
        patience = "2m"
        notes.append("PLACEHOLDER: callers hold 2 minutes on average (--patience)")
    notes.append("PLACEHOLDER: 5 business days, 09:00-18:00; each queue's number is its name")
    spec: dict[str, Any] = {
        "name": f"{path.name} (imported)",
        "period": {"days": 5},
        "replications": 10,
        "lines": [
            {
                "name": "trunk",
                "kind": "multichannel",
                "numbers": [n[:64] for n in names],
                "channels": channels,
            }
        ],
        "traffic": [
            {
                "name": f"calls to {n}"[:100],
                "dial": n[:64],
                "calls_per_hour": calls_per_hour,
                "talk": talk,
                "patience": patience,
            }
            for n in names
        ],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [_department(q, n) for q, n in zip(queues, names, strict=True)],
        "routes": {n[:64]: n for n in names},
    }
    level = next((q.service_level for q in queues if q.service_level), None)
    if level is not None:
        spec["answer_time"] = level
    return spec
