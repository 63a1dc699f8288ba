"""FreeSWITCH ``callcenter.conf.xml``: each queue as a department, its tiers as members.

What mod_callcenter reads (``src/mod/applications/mod_callcenter/mod_callcenter.c``:
``load_queue`` for a queue's ``<param>``, ``load_agent`` for ``<agent>``,
``load_tier`` for ``<tier>``, ``load_config`` for ``<settings>``) and what we make of it:

================================== ==========================================================
``strategy``                       ``strategy`` (default ``longest-idle-agent``)
``max-wait-time``                  ``max_wait`` (0: none)
``max-wait-time-with-no-agent``    0: ``join_empty`` and stay when empty; more: neither
``ring-progressively-delay``       ``ring_progressively_delay`` (default 10 s)
``<tier agent queue level          a member with that level and position (default 1, 1)
position>``
``<agent wrap-up-time>``           ``wrap_up`` (the department's: the agents' mean)
``<agent status>``                 ``Logged Out`` and ``On Break`` agents take no calls: left out
``agent-originate-timeout``        ``ring_timeout`` (default 60 s); an agent contact's
(settings)                         ``[leg_timeout=N]`` wins
================================== ==========================================================

Anything else (``moh-sound``, ``tier-rules-apply``, ``discard-abandoned-after``, an
agent's ``max-no-answer`` ...) is listed as not mapped, by section and key.
"""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET

from teletraffic.errors import TeletrafficError
from teletraffic.pbxconf.model import Member, PbxQueue, Unmapped
from teletraffic.scenario.queues import FREESWITCH_STRATEGIES

__all__ = ["read_callcenter_xml"]

_STRATEGIES = frozenset(FREESWITCH_STRATEGIES)
_OFF = ("logged out", "on break")
_AGENT_KEYS = {"name", "wrap-up-time", "status", "contact", "type"}
_LEG_TIMEOUT = re.compile(r"leg_timeout=(\d+)")


def _int(value: str, where: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        raise TeletrafficError(f"{where}: {value!r} is not a number") from None


def _root(text: str, file: str) -> ET.Element:
    if re.search(r"<!(DOCTYPE|ENTITY)", text):
        raise TeletrafficError(f"{file}: a DOCTYPE or ENTITY declaration is not read")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        raise TeletrafficError(f"{file}: not well-formed XML ({err})") from None
    conf = root if root.tag == "configuration" else root.find(".//configuration")
    if conf is None or conf.get("name", "callcenter.conf") != "callcenter.conf":
        raise TeletrafficError(f'{file}: no <configuration name="callcenter.conf"> in it')
    return conf


def _agents(conf: ET.Element, file: str, unmapped: list[Unmapped]) -> dict[str, ET.Element]:
    agents: dict[str, ET.Element] = {}
    for agent in conf.iterfind("agents/agent"):
        name = agent.get("name", "")
        if (agent.get("status") or "").lower() in _OFF:
            unmapped.append(
                Unmapped("agents", name, agent.get("status", ""), None, "takes no calls")
            )
            continue
        agents[name] = agent
        for key, value in agent.attrib.items():
            if key not in _AGENT_KEYS:
                unmapped.append(Unmapped(f"agent {name}", key, value))
    return agents


def read_callcenter_xml(
    text: str, file: str = "callcenter.conf.xml"
) -> tuple[list[PbxQueue], list[Unmapped]]:
    """The queues of a FreeSWITCH ``callcenter.conf.xml`` and what could not be mapped."""
    conf = _root(text, file)
    unmapped: list[Unmapped] = []
    ring_timeout = 60.0
    for param in conf.iterfind("settings/param"):
        key, value = param.get("name", ""), param.get("value", "")
        if key == "agent-originate-timeout":
            ring_timeout = float(_int(value, f"{file}: settings {key}")) or 60.0
        else:
            unmapped.append(Unmapped("settings", key, value))
    agents = _agents(conf, file, unmapped)
    queues: dict[str, PbxQueue] = {}
    for queue in conf.iterfind("queues/queue"):
        name = queue.get("name", "")
        q = PbxQueue(name=name, strategy="longest-idle-agent", ring_timeout=ring_timeout)
        q.join_empty, q.leave_when_empty = True, False  # max-wait-time-with-no-agent 0
        for param in queue.iterfind("param"):
            key, value = param.get("name", ""), param.get("value", "")
            where = f"{file}: queue {name} {key}"
            if key == "strategy":
                if value not in _STRATEGIES:
                    raise TeletrafficError(
                        f"{where} = {value!r} is not a mod_callcenter strategy "
                        f"({', '.join(sorted(_STRATEGIES))})"
                    )
                q.strategy = value
            elif key == "max-wait-time":
                q.max_wait = float(_int(value, where)) or None
            elif key == "max-wait-time-with-no-agent":
                empty_ok = _int(value, where) == 0
                q.join_empty, q.leave_when_empty = empty_ok, not empty_ok
            elif key == "tier-rules-apply" and value.lower() in ("false", "no", "0"):
                pass  # the default, as simulated: every level may ring, lower levels first
            elif key == "ring-progressively-delay":
                q.ring_progressively_delay = float(_int(value, where)) or None
            else:
                unmapped.append(Unmapped(f"queue {name}", key, value))
        queues[name] = q
    _tiers(conf, file, queues, agents, unmapped)
    return list(queues.values()), unmapped


def _tiers(
    conf: ET.Element,
    file: str,
    queues: dict[str, PbxQueue],
    agents: dict[str, ET.Element],
    unmapped: list[Unmapped],
) -> None:
    """Each ``<tier>`` adds its agent to its queue with a level and position; the
    queue's wrap-up and ring timeout come from its agents."""
    for tier in conf.iterfind("tiers/tier"):
        agent, queue = tier.get("agent", ""), tier.get("queue", "")
        if queue not in queues:
            unmapped.append(Unmapped("tiers", f"{agent} -> {queue}", "", None, "no such queue"))
            continue
        if agent not in agents:
            unmapped.append(
                Unmapped("tiers", f"{agent} -> {queue}", "", None, "no such agent taking calls")
            )
            continue
        where = f"{file}: tier {agent} {queue}"
        wrap = agents[agent].get("wrap-up-time")
        queues[queue].members.append(
            Member(
                name=agent,
                level=_int(tier.get("level", "1"), where),
                position=_int(tier.get("position", "1"), where),
                wrap_up=float(_int(wrap, where)) if wrap is not None else None,
            )
        )
    for q in queues.values():
        wraps = [m.wrap_up for m in q.members if m.wrap_up is not None]
        if wraps:
            q.wrap_up = statistics.fmean(wraps)
            if len(set(wraps)) > 1:
                unmapped.append(
                    Unmapped(
                        f"queue {q.name}",
                        "wrap-up-time",
                        ", ".join(f"{w:g}" for w in wraps),
                        None,
                        f"agents differ; the department takes their mean, {q.wrap_up:g}s",
                    )
                )
        legs = {
            int(m.group(1))
            for member in q.members
            if (m := _LEG_TIMEOUT.search(agents[member.name].get("contact", "")))
        }
        if len(legs) == 1:
            q.ring_timeout = float(legs.pop())
