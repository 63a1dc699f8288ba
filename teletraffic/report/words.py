"""A set-up in the words of the report: "a 4-channel line and a virtual PBX ...".

The report's numbers (18%, 4.5 calls, 46,000 RUB, 2.5 min) are worded by
:mod:`teletraffic.text`, like every figure the package shows people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teletraffic.text import plural

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = ["setup_words"]


def setup_words(scenario: Scenario) -> str:
    """The set-up in a few words: "a 4-channel line, a virtual PBX with a hold queue ..."."""
    parts: list[str] = []
    kinds: dict[str, int] = {}
    for line in scenario.lines:
        kinds[line.kind] = kinds.get(line.kind, 0) + 1
    singles = kinds.get("landline", 0)
    if singles == 1:
        parts.append("one city number")
    elif singles > 1:
        parts.append(f"{singles} single-line city numbers")
    mobiles = kinds.get("mobile", 0)
    if mobiles:
        parts.append("a mobile number" if mobiles == 1 else f"{mobiles} mobile numbers")
    for line in scenario.lines:
        if line.kind == "multichannel":
            parts.append(f"a {line.channels}-channel line")
        elif line.kind == "ip":
            parts.append(f"IP telephony with {line.call_capacity} channels")
    pbx = scenario.pbx
    if pbx is None:
        parts.append("no PBX (one phone per line)")
    else:
        words = f"a{'n' if pbx.kind == 'office' else ''} {pbx.kind} PBX"
        words += " with a hold queue" if pbx.hold is not None else " without a hold queue"
        parts.append(words)
    if scenario.departments is not None:
        answering = sum(d.staff for d in scenario.departments if d.answers != "none")
        parts.append(f"{answering} {plural(answering, 'person', 'people')} answering")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
