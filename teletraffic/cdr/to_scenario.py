"""A fit turned into a scenario: as a dictionary, and as the text of a scenario file.

Without a base scenario the fitted traffic gets a minimal set-up (one multichannel line
sized by Erlang B); with one, the base's lines, PBX, departments, routes and internal
calls are kept and only its inbound and outbound traffic (and opening hours) replaced.
Outbound rates are per person while free, as the scenario file counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from teletraffic.cdr.describe import hhmm
from teletraffic.cdr.figures import StreamFit
from teletraffic.cdr.phone import digits_of
from teletraffic.errors import InputError
from teletraffic.units import format_duration

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = ["FittedTraffic", "scenario_dict", "scenario_yaml"]


class FittedTraffic(Protocol):
    """What a scenario is written from (a :class:`~teletraffic.cdr.TrafficFit`): the
    fitted streams, when the office is open, and where the records came from."""

    @property
    def inbound(self) -> list[StreamFit]: ...

    @property
    def outbound(self) -> StreamFit | None: ...

    @property
    def steady(self) -> bool: ...

    @property
    def open(self) -> float | None: ...

    @property
    def close(self) -> float | None: ...

    @property
    def source(self) -> str: ...

    @property
    def records(self) -> int: ...


def scenario_yaml(fit: FittedTraffic, base: Scenario | None, name: str | None) -> str:
    """The scenario of *fit* as the text of a scenario file, checked by the loader."""
    import yaml

    from teletraffic.scenario import _Dumper, parse_scenario

    data = scenario_dict(fit, base, name)
    source = " ".join(str(fit.source or "call records").split())  # a comment ends at a newline
    lines = [
        f"# Fitted by teletraffic fit from {source}"
        + (f" ({fit.records:,} records)" if fit.records else ""),
        "# Durations are written 3m 5s; calls_per_hour counts new callers (redials are",
        "# made by the redial rule). Check the figures with `teletraffic fit` before use.",
    ]
    if base is not None:
        lines.append(f"# Lines, PBX and departments kept from: {' '.join(base.name.split())}")
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=None,
    )
    text = "\n".join(lines) + "\n" + body
    parse_scenario(text, file="the fitted scenario")
    return text


def _stream_entry(s: StreamFit, *, constant: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": s.name}
    if s.uses_profile and not constant:
        entry["calls_per_hour"] = {f"{h:02d}": round(r, 2) for h, r in s.profile.items()}
    else:
        rate = s.busy_rate if s.busy_rate is not None else s.rate.value
        entry["calls_per_hour"] = round(rate, 2)
    if s.talk is not None:
        entry["talk"] = s.talk.spec()
    else:
        entry["talk"] = "3m"
    return entry


def _match_number(number: str, numbers: Sequence[str]) -> str | None:
    if number in numbers:
        return number
    digits = digits_of(number)
    if len(digits) >= 5:
        hits = [
            n for n in numbers if digits_of(n).endswith(digits) or digits.endswith(digits_of(n))
        ]
        hits = [n for n in hits if len(digits_of(n)) >= 5]
        if len(hits) == 1:
            return hits[0]
    return None


def scenario_dict(fit: FittedTraffic, base: Scenario | None, name: str | None) -> dict[str, Any]:
    """The scenario of *fit* as a dictionary (see :meth:`TrafficFit.to_scenario`)."""
    inbound = fit.inbound
    if base is None:
        dials = [s.number or "main" for s in inbound]
        entries = _inbound_entries(inbound, dials, None, steady=fit.steady)
        return _minimal_scenario(fit, name, dials, entries)
    dials = _dials_on_base(inbound, base)
    entries = _inbound_entries(inbound, dials, base, steady=base.period.steady)
    return _scenario_on_base(fit, base, name, dials, entries)


def _dials_on_base(inbound: Sequence[StreamFit], base: Scenario) -> list[str]:
    """The number of *base* each inbound stream dials: the one its number matches, or,
    for a single stream, the base's first; InputError when a number matches none."""
    all_numbers = [n for line in base.lines for n in line.numbers]
    base_dials = [s.dial for s in base.traffic if s.dial is not None]
    unmatched: list[str] = []
    dials: list[str] = []
    for s in inbound:
        hit = _match_number(s.number, all_numbers) if s.number else None
        if hit is None and len(inbound) == 1:
            hit = base_dials[0] if base_dials else all_numbers[0]
        if hit is None:
            unmatched.append(s.number or "(no number)")
            hit = ""
        dials.append(hit)
    if unmatched:
        raise InputError(
            f"the records' numbers {', '.join(map(repr, unmatched))} are not numbers of the "
            f"lines of {base.name!r} (numbers: {', '.join(all_numbers)}); add them to a "
            "line, or fit all inbound calls as one stream (--one-stream)"
        )
    return dials


def _inbound_entries(
    inbound: Sequence[StreamFit], dials: Sequence[str], base: Scenario | None, *, steady: bool
) -> list[dict[str, Any]]:
    """The ``traffic:`` entries of the inbound streams (named as the base's stream that
    dials the same number, if any)."""
    entries: list[dict[str, Any]] = []
    for s, dial in zip(inbound, dials, strict=True):
        entry = _stream_entry(s, constant=steady)
        if base is not None:
            same = next((b.name for b in base.traffic if b.dial == dial), None)
            if same is not None:
                entry["name"] = same
        entry = {
            "name": entry["name"],
            "dial": dial,
            **{k: v for k, v in entry.items() if k != "name"},
        }
        if s.patience is not None:
            entry["patience"] = {"mean": format_duration(s.patience.value)}
        if s.redial is not None:
            entry["redial"] = {
                "probability": round(s.redial.share.value, 3),
                "after": format_duration(s.redial.delay.value),
                "max_attempts": min(s.redial.max_attempts, 100),
            }
        entries.append(entry)
    return entries


def _answered_erlangs(s: StreamFit) -> float:
    """The load of the stream's answered calls on the handsets or staff, in erlangs (for
    outbound rates "per person while free")."""
    mean_talk = s.talk.mean.value if s.talk is not None else 0.0
    return s.outcomes.get("answered", 0) / s.hours * mean_talk / 3600.0 if s.hours else 0.0


def _outbound_load(outbound: StreamFit | None) -> tuple[float, float]:
    """Outbound calls per hour (all staff) and their load in erlangs (talk 3m if unknown)."""
    out_total = outbound.rate.value if outbound is not None else 0.0
    out_talk = outbound.talk.mean.value if outbound is not None and outbound.talk else 180.0
    return out_total, out_total * out_talk / 3600.0


def _minimal_scenario(
    fit: FittedTraffic,
    name: str | None,
    dials: list[str],
    entries: list[dict[str, Any]],
) -> dict[str, Any]:
    """One multichannel line with every number dialled, channels for at most 0.1 % busy
    (Erlang B) in the busiest hour, outbound calls from that line."""
    from teletraffic.erlang import lines_for_blocking

    inbound = fit.inbound
    outbound = fit.outbound
    used_names = {e["name"] for e in entries}
    out_total, out_erlangs = _outbound_load(outbound)
    peak = 0.0
    for s in inbound:
        tries = s.attempts / max(s.rate.n, 1)
        constant = s.busy_rate if s.busy_rate is not None else s.rate.value
        top = max(s.profile.values()) if s.uses_profile else constant
        peak += top * tries * (s.talk.mean.value if s.talk else 180.0) / 3600.0
    peak += out_erlangs
    channels = max(2, int(lines_for_blocking(peak, 0.001)))
    data: dict[str, Any] = {
        "name": name or f"Fitted from {Path(fit.source).name or 'call records'}",
        "description": (
            "Traffic fitted from call records; one multichannel line sized for at most "
            "0.1% busy in the busiest hour, a phone on every channel. Replace the line, "
            "add a PBX and departments, or fit again with --scenario BASE.yaml."
        ),
    }
    if fit.steady:
        data["period"] = {"hours": 500}
    else:
        data["period"] = {"days": 5, "open": hhmm(fit.open or 0.0), "close": _close(fit)}
    data["replications"] = 20
    data["seed"] = 2026
    data["lines"] = [
        {
            "name": "main",
            "kind": "multichannel",
            "numbers": list(dict.fromkeys(dials)) or ["main"],
            "channels": channels,
        }
    ]
    if outbound is not None:
        load = (sum(_answered_erlangs(s) for s in inbound) + out_erlangs) / channels
        per_person = out_total / channels / (1.0 - min(load, 0.9))
        entries.append(
            {
                "name": _unique("outbound", used_names),
                "from": "main",
                "calls_per_hour": round(per_person, 3),
                "talk": outbound.talk.spec() if outbound.talk else "3m",
            }
        )
    data["traffic"] = entries
    return data


def _scenario_on_base(
    fit: FittedTraffic,
    base: Scenario,
    name: str | None,
    dials: list[str],
    entries: list[dict[str, Any]],
) -> dict[str, Any]:
    """*base* with the fitted inbound and outbound traffic instead of its own, its
    internal calls kept, and the opening hours found."""
    dumped = base.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    period = base.period.model_dump(mode="json")
    if not base.period.steady and fit.open is not None and not fit.steady:
        period = {"days": base.period.days, "open": hhmm(fit.open), "close": _close(fit)}
    data: dict[str, Any] = {"name": name or base.name}
    if base.description:
        data["description"] = base.description
    data["period"] = period
    data.update({k: v for k, v in dumped.items() if k not in data})
    internal = [
        s.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for s in base.traffic
        if s.to is not None
    ]
    if fit.outbound is not None:
        entries = entries + _outbound_on_base(fit, base, dials, entries)
    data["traffic"] = entries + internal
    return data


def _outbound_on_base(
    fit: FittedTraffic, base: Scenario, dials: list[str], entries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The outbound entries on *base*: shared among its outbound streams as they call
    (or from its first department that answers nothing), per person while free."""
    inbound = fit.inbound
    outbound = fit.outbound
    assert outbound is not None
    used_names = {e["name"] for e in entries}
    out_total, out_erlangs = _outbound_load(outbound)
    base_out = [s for s in base.traffic if s.from_ is not None and s.to is None]
    depts = {d.name: d for d in base.effective_departments}
    routes = base.effective_routes
    if not base_out:
        dept = next((d for d in depts.values() if d.answers == "none"), None) or next(
            iter(depts.values())
        )
        line = base.line_of(dials[0]).name if dials else base.lines[0].name
        spec: list[tuple[str, float, str | None]] = [(dept.name, 1.0, dept.line or line)]
    else:
        weights = [s.peak_rate * max(depts[s.from_].staff, 1) for s in base_out if s.from_]
        total_w = sum(weights) or 1.0
        spec = [(str(s.from_), w / total_w, s.line) for s, w in zip(base_out, weights, strict=True)]
    out: list[dict[str, Any]] = []
    for k, (dept_name, share, line_name) in enumerate(spec):
        staff = max(depts[dept_name].staff, 1)
        inbound_load = sum(
            _answered_erlangs(s)
            for s, dial in zip(inbound, dials, strict=True)
            if routes.get(dial) == dept_name
        )
        load = (inbound_load + out_erlangs * share) / staff
        per_person = out_total * share / staff / (1.0 - min(load, 0.9))
        base_name = base_out[k].name if base_out else "outbound"
        entry = {
            "name": _unique(base_name, used_names),
            "from": dept_name,
            "calls_per_hour": round(per_person, 3),
            "talk": outbound.talk.spec() if outbound.talk else "3m",
        }
        if line_name and len(base.lines) > 1:
            entry["line"] = line_name
        used_names.add(entry["name"])
        out.append(entry)
    return out


def _close(fit: FittedTraffic) -> str:
    return hhmm(fit.close) if fit.close is not None else "18:00"


def _unique(name: str, used: set[str]) -> str:
    out = name
    k = 2
    while out in used:
        out = f"{name} {k}"
        k += 1
    return out
