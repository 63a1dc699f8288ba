"""Costs: what a set-up costs a month, in the scenario's currency.

A month of a set-up has four parts, each a column of :func:`monthly_costs`:

* **fixed**: what is paid whatever the traffic. For each line its subscription
  (``monthly``), ``per_number`` x its numbers, ``per_channel`` x its channels and its
  ``installation`` spread over ``spread_months``; for the PBX its ``monthly``,
  ``per_user`` x the staff of all departments and its ``purchase`` spread over
  ``spread_months``.
* **usage**: per-minute charges of each line: ``per_minute_in`` x inbound minutes and
  ``per_minute_out`` x the outbound minutes beyond the line's ``included_minutes``
  (which are outbound minutes free each month, as the tariff field says). Minutes come
  from the simulation (``talk_minutes_in`` / ``talk_minutes_out`` of the streams that
  use the line).
* **lost_calls**: ``lost_call_value`` x the callers who never got through (their last
  attempt heard busy, found the queue full, hung up on hold, rang out or did not
  connect, and they did not call again: a caller who redials and is answered is not
  lost), plus the outbound calls blocked for want of a free channel. A mobile call cut
  mid-conversation (``dropped``) had its conversation and is not counted.
* **staff**: ``staff_cost`` x the staff of all departments (without departments, one
  person at each handset: one per channel).

The simulated period is scaled to a month explicitly, never silently:

* business days (``period: {days: D, open, close}``): a month is
  :data:`BUSINESS_DAYS_PER_MONTH` (21) business days with the same opening hours, so
  the counts of one replication are multiplied by 21 / D;
* steady state (``period: {hours: H}``): a month is :data:`HOURS_PER_MONTH` (730)
  hours of that traffic, round the clock, so counts are multiplied by 730 / H.

A caller that keeps a business open 9 hours a day should not be costed round the clock:
give *hours_per_month* (for example 21 x 9 = 189) to count only the open hours.

The tariff menu that :func:`teletraffic.experiments.plan` prices set-ups with is a
:class:`TariffMenu`, read by :func:`load_tariffs` from a YAML file
(``scenarios/tariffs.yaml`` ships an illustrative one).

This module reads the scenario model and a result's tables; it never runs a
simulation.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import ValidationError

from teletraffic.errors import InputError, ScenarioError
from teletraffic.scenario import Line, LineTariff, Pbx, PbxTariff, Scenario

if TYPE_CHECKING:
    from teletraffic.runner import SimulationResult

__all__ = [
    "BUSINESS_DAYS_PER_MONTH",
    "COST_ITEMS",
    "DEFAULT_TARIFFS",
    "HOURS_PER_MONTH",
    "TARIFF_ENTRIES",
    "TariffMenu",
    "cost_summary",
    "fixed_costs",
    "hours_per_month",
    "line_fixed_cost",
    "line_tariff_cost",
    "load_tariffs",
    "month_scale",
    "monthly_costs",
    "pbx_fixed_cost",
    "pbx_tariff_cost",
    "staff_count",
]

BUSINESS_DAYS_PER_MONTH = 21
"""Business days in a month: a run of *D* business days is scaled by 21 / D."""
HOURS_PER_MONTH = 730.0
"""Hours in a month (8,760 / 12): a steady-state run of *H* hours is scaled by 730 / H."""
COST_ITEMS: tuple[str, ...] = ("fixed", "usage", "lost_calls", "staff", "total")
"""The columns of :func:`monthly_costs`, in order."""


# --------------------------------------------------------------------------- scaling


def hours_per_month(scenario: Scenario) -> float:
    """Measured hours in a month for the scenario's kind of period.

    Business days: 21 days x the opening hours of a day. Steady state: 730 hours.
    """
    p = scenario.period
    if p.days is not None:
        return BUSINESS_DAYS_PER_MONTH * (p.close - p.open) / 3600.0
    return HOURS_PER_MONTH


def month_scale(scenario: Scenario, hours_per_month: float | None = None) -> float:
    """The factor that turns the counts of one replication into counts per month.

    ``hours_per_month / measured hours of the run``; *hours_per_month* defaults to
    :func:`hours_per_month` of the scenario (so 21 / days, or 730 / hours).
    """
    hpm = _hours_per_month(scenario, hours_per_month)
    return hpm * 3600.0 / scenario.period.measured_seconds


def _hours_per_month(scenario: Scenario, given: float | None) -> float:
    if given is None:
        return hours_per_month(scenario)
    if isinstance(given, bool) or not isinstance(given, int | float) or not math.isfinite(given):
        raise InputError(f"hours_per_month must be a number, got {given!r}")
    if not 0 < given <= 744:
        raise InputError(
            f"hours_per_month must be in (0, 744] (a month has 744 h at most), got {given:g}"
        )
    return float(given)


# --------------------------------------------------------------------------- fixed costs


def line_fixed_cost(line: Line) -> float:
    """Monthly fixed cost of one outside line.

    ``monthly + per_number x numbers + per_channel x channels + installation /
    spread_months``.
    """
    return line_tariff_cost(line.tariff, len(line.numbers), line.channels)


def line_tariff_cost(tariff: LineTariff, numbers: int, channels: int) -> float:
    """Monthly fixed cost of a line on *tariff* with *numbers* numbers and *channels* channels."""
    t = tariff
    return (
        t.monthly
        + t.per_number * numbers
        + t.per_channel * channels
        + t.installation / t.spread_months
    )


def pbx_fixed_cost(pbx: Pbx | None, staff: int) -> float:
    """Monthly fixed cost of a PBX serving *staff* users (0 without a PBX).

    ``monthly + per_user x staff + purchase / spread_months``.
    """
    if pbx is None:
        return 0.0
    return pbx_tariff_cost(pbx.tariff, staff)


def pbx_tariff_cost(tariff: PbxTariff, staff: int) -> float:
    """Monthly fixed cost of a PBX on *tariff* serving *staff* users."""
    t = tariff
    return t.monthly + t.per_user * staff + t.purchase / t.spread_months


def staff_count(scenario: Scenario) -> int:
    """Staff of all departments; without departments, one person per handset (channel)."""
    return sum(d.staff for d in scenario.effective_departments)


def fixed_costs(scenario: Scenario) -> dict[str, float]:
    """Monthly fixed cost by item: ``line:NAME`` for each line, and ``pbx`` if any."""
    out = {f"line:{line.name}": line_fixed_cost(line) for line in scenario.lines}
    if scenario.pbx is not None:
        out["pbx"] = pbx_fixed_cost(scenario.pbx, staff_count(scenario))
    return out


# --------------------------------------------------------------------------- per replication


def _stream_lines(scenario: Scenario) -> list[str]:
    """The line each stream's calls use (inbound: the dialled number's; outbound: its own).

    An outbound stream without a line of its own or of its department takes the first
    free line in the engine; its minutes are charged at the first line's rates.
    """
    dept_line = {d.name: d.line for d in scenario.departments or []}
    out = []
    for s in scenario.traffic:
        if s.dial is not None:
            out.append(scenario.line_of(s.dial).name)
        else:
            line = s.line or (dept_line.get(s.from_) if s.from_ is not None else None)
            out.append(line or scenario.lines[0].name)
    return out


def _column(reps: pd.DataFrame, metric: str, scope: str) -> pd.Series:
    if (metric, scope) in reps.columns:
        return reps[(metric, scope)].astype(float).fillna(0.0)
    return pd.Series(0.0, index=reps.index)


def monthly_costs(
    scenario: Scenario,
    result: SimulationResult,
    *,
    hours_per_month: float | None = None,
) -> pd.DataFrame:
    """What the set-up costs a month, one row per replication.

    Columns ``fixed, usage, lost_calls, staff, total`` in the scenario's currency
    (see the module text for what each holds). The counts of each replication are
    scaled to a month by :func:`month_scale`; *hours_per_month* overrides the month's
    measured hours (21 business days, or 730 hours round the clock). One row per
    replication, so that intervals and paired differences between set-ups can be
    computed from it.
    """
    reps = result.replications
    scale = month_scale(scenario, hours_per_month)
    index = reps.index

    fixed = sum(line_fixed_cost(line) for line in scenario.lines)
    staff = staff_count(scenario)
    fixed += pbx_fixed_cost(scenario.pbx, staff)

    minutes_in: dict[str, pd.Series] = {}
    minutes_out: dict[str, pd.Series] = {}
    for stream, line_name in zip(scenario.traffic, _stream_lines(scenario), strict=True):
        scope = f"stream:{stream.name}"
        inn = _column(reps, "talk_minutes_in", scope) * scale
        out = _column(reps, "talk_minutes_out", scope) * scale
        minutes_in[line_name] = minutes_in.get(line_name, 0.0) + inn
        minutes_out[line_name] = minutes_out.get(line_name, 0.0) + out
    usage = pd.Series(0.0, index=index)
    for line in scenario.lines:
        t = line.tariff
        if line.name in minutes_in:
            usage = usage + t.per_minute_in * minutes_in[line.name]
        if line.name in minutes_out:
            beyond = (minutes_out[line.name] - t.included_minutes).clip(lower=0.0)
            usage = usage + t.per_minute_out * beyond

    lost_count = _column(reps, "lost_callers", "all") + _column(reps, "blocked", "all")
    lost = scenario.lost_call_value * lost_count * scale
    staff_money = pd.Series(scenario.staff_cost * staff, index=index, dtype=float)
    fixed_money = pd.Series(fixed, index=index, dtype=float)
    frame = pd.DataFrame(
        {
            "fixed": fixed_money,
            "usage": usage.astype(float),
            "lost_calls": lost.astype(float),
            "staff": staff_money,
        },
        index=index,
    )
    frame["total"] = frame[["fixed", "usage", "lost_calls", "staff"]].sum(axis=1)
    return frame


def _interval(values: pd.Series, level: float) -> tuple[float, float, float]:
    """``(mean, low, high)``: Student-t interval of the mean (a point for one value)."""
    from scipy import stats

    x = values.dropna().to_numpy(dtype=float)
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size == 1:
        return mean, math.nan, math.nan
    sem = float(x.std(ddof=1)) / math.sqrt(x.size)
    if sem == 0.0:
        return mean, mean, mean
    low, high = stats.t.interval(level, x.size - 1, loc=mean, scale=sem)
    return mean, float(low), float(high)


def cost_summary(
    scenario: Scenario,
    result: SimulationResult,
    level: float = 0.95,
    *,
    hours_per_month: float | None = None,
) -> pd.DataFrame:
    """Monthly cost by item with confidence intervals: ``item, mean, ci_low, ci_high``.

    One row per item of :data:`COST_ITEMS` (fixed, usage, lost_calls, staff, total);
    the interval is a Student-t interval over replications at *level*. Fixed and staff
    costs do not vary, so their interval is the point itself.
    """
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InputError(f"level must be between 0 and 1, got {level!r}")
    frame = monthly_costs(scenario, result, hours_per_month=hours_per_month)
    rows = []
    for item in COST_ITEMS:
        mean, lo, hi = _interval(frame[item], level)
        rows.append({"item": item, "mean": mean, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=["item", "mean", "ci_low", "ci_high"])


# --------------------------------------------------------------------------- tariff menu

TARIFF_ENTRIES: dict[str, str] = {
    "city_number": "line",
    "mobile_number": "line",
    "multichannel": "line",
    "ip": "line",
    "virtual_pbx": "pbx",
    "office_pbx": "pbx",
}
"""The entries of a tariff menu and whether each is a line or a PBX tariff."""

DEFAULT_TARIFFS: dict[str, Any] = {
    "currency": "RUB",
    "city_number": {"monthly": 600, "per_minute_out": 1.2},
    "mobile_number": {"monthly": 450, "per_minute_out": 2.5, "included_minutes": 300},
    "multichannel": {"monthly": 1500, "per_number": 300, "per_channel": 400, "per_minute_out": 1.0},
    "ip": {"monthly": 300, "per_number": 200, "per_channel": 450, "per_minute_out": 0.9},
    "virtual_pbx": {"monthly": 900, "per_user": 300},
    "office_pbx": {"monthly": 500, "purchase": 90000, "spread_months": 36},
}
"""The illustrative menu of ``scenarios/tariffs.yaml``, used when that file is not at hand
(an installed package). Not real offers: give your own tariffs."""

_MAX_TARIFF_BYTES = 1_000_000


@dataclass(frozen=True)
class TariffMenu:
    """What each kind of line and PBX costs, for planning.

    An entry is ``None`` when that kind is not on offer; :func:`~teletraffic.experiments.plan`
    then leaves it out. *illustrative* names the entries taken from the built-in
    illustrative menu rather than from the user's file. *source* says where the menu
    came from.
    """

    currency: str = "RUB"
    city_number: LineTariff | None = None
    mobile_number: LineTariff | None = None
    multichannel: LineTariff | None = None
    ip: LineTariff | None = None
    virtual_pbx: PbxTariff | None = None
    office_pbx: PbxTariff | None = None
    source: str = "built-in illustrative tariffs"
    illustrative: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        source: str = "tariffs",
        lines_of: Mapping[tuple[str, ...], int] | None = None,
        fill_defaults: bool = True,
    ) -> TariffMenu:
        """Build a menu from a mapping like ``scenarios/tariffs.yaml``.

        Entries left out are taken from the illustrative menu (and listed in
        *illustrative*) when *fill_defaults*; an entry set to ``null`` is not on offer.
        Raises :class:`~teletraffic.errors.ScenarioError` naming each bad field.
        """
        where = source
        problems: list[tuple[str, str, int | None]] = []

        def line(path: tuple[str, ...]) -> int | None:
            if not lines_of:
                return None
            for cut in range(len(path), 0, -1):
                if path[:cut] in lines_of:
                    return lines_of[path[:cut]]
            return None

        if not isinstance(data, Mapping):
            raise ScenarioError(
                [("", f"a tariff menu is a mapping of entries, got {type(data).__name__}", 1)],
                where,
            )
        known = ["currency", "description", *TARIFF_ENTRIES]
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(
                    (
                        str(key),
                        f"unknown entry {str(key)!r}{hint} (entries: {', '.join(known)})",
                        line((str(key),)),
                    )
                )
        currency = data.get("currency", DEFAULT_TARIFFS["currency"])
        if not isinstance(currency, str) or not 1 <= len(currency.strip()) <= 10:
            problems.append(
                (
                    "currency",
                    f"should be a short text such as RUB, got {currency!r}",
                    line(("currency",)),
                )
            )
            currency = DEFAULT_TARIFFS["currency"]
        currency = currency.strip()
        entries: dict[str, LineTariff | PbxTariff | None] = {}
        illustrative: list[str] = []
        for name, kind in TARIFF_ENTRIES.items():
            model: type[LineTariff] | type[PbxTariff] = LineTariff if kind == "line" else PbxTariff
            if name not in data:
                if fill_defaults:
                    entries[name] = model.model_validate(DEFAULT_TARIFFS[name])
                    illustrative.append(name)
                else:
                    entries[name] = None
                continue
            raw = data[name]
            if raw is None:
                entries[name] = None
                continue
            try:
                entries[name] = model.model_validate(raw)
            except ValidationError as err:
                for e in err.errors(include_url=False):
                    loc = (name, *(str(p) for p in e["loc"]))
                    value = e.get("input")
                    msg = str(e["msg"]).split(" [type=")[0]
                    if e["type"] == "extra_forbidden":
                        fields = ", ".join(model.model_fields)
                        msg = f"unknown field {loc[-1]!r} (fields: {fields})"
                    elif not isinstance(value, Mapping):
                        msg += f", got {value!r}"
                    problems.append((".".join(loc), msg[:1].lower() + msg[1:], line(loc)))
        if illustrative and data and currency != DEFAULT_TARIFFS["currency"]:
            problems.append(
                (
                    "currency",
                    f"the menu is in {currency} but leaves out {', '.join(illustrative)}, whose "
                    f"illustrative prices are in {DEFAULT_TARIFFS['currency']}: give every entry "
                    "(null for a kind not on offer)",
                    line(("currency",)),
                )
            )
        if not problems and all(v is None for v in entries.values()):
            problems.append(("", "no entry is on offer (every entry is null)", None))
        if problems:
            problems.sort(key=lambda p: (p[2] is None, p[2] or 0))
            raise ScenarioError(problems, where)
        return cls(
            currency=currency,
            city_number=_as_line(entries["city_number"]),
            mobile_number=_as_line(entries["mobile_number"]),
            multichannel=_as_line(entries["multichannel"]),
            ip=_as_line(entries["ip"]),
            virtual_pbx=_as_pbx(entries["virtual_pbx"]),
            office_pbx=_as_pbx(entries["office_pbx"]),
            source=source,
            illustrative=tuple(illustrative),
        )


def _as_line(t: LineTariff | PbxTariff | None) -> LineTariff | None:
    assert t is None or isinstance(t, LineTariff)
    return t


def _as_pbx(t: LineTariff | PbxTariff | None) -> PbxTariff | None:
    assert t is None or isinstance(t, PbxTariff)
    return t


def _shipped_menu() -> Path:
    return Path(__file__).resolve().parents[1] / "scenarios" / "tariffs.yaml"


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """File line of each mapping key, by key path (two levels deep)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict[tuple[str, ...], int] = {}
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode) and len(path) < 3:
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    here = (*path, str(key.value))
                    out[here] = key.start_mark.line + 1
                    stack.append((value, here))
    return out


def load_tariffs(path: str | Path | None = None) -> TariffMenu:
    """Read a tariff menu (YAML); without *path*, the illustrative one shipped.

    The file is a mapping with ``currency`` and the entries of :data:`TARIFF_ENTRIES`
    (``city_number``, ``mobile_number``, ``multichannel``, ``ip``: line tariffs with the
    fields of a scenario line's ``tariff``; ``virtual_pbx``, ``office_pbx``: PBX tariffs).
    An entry left out keeps its illustrative price (and is listed in
    :attr:`TariffMenu.illustrative`); ``null`` takes it off the menu. Raises
    :class:`~teletraffic.errors.ScenarioError` naming the file, field and line.
    """
    import yaml

    if path is None:
        shipped = _shipped_menu()
        if not shipped.is_file():
            return TariffMenu.from_dict(DEFAULT_TARIFFS, source="built-in illustrative tariffs")
        path = shipped
        is_default = True
    else:
        is_default = False
    p = Path(path)
    where = str(path)
    try:
        if p.stat().st_size > _MAX_TARIFF_BYTES:
            raise ScenarioError(
                [
                    (
                        "",
                        f"the file is over {_MAX_TARIFF_BYTES:,} bytes; a tariff menu is short",
                        None,
                    )
                ],
                where,
            )
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError([("", "no such file", None)], where) from None
    except IsADirectoryError:
        raise ScenarioError([("", "is a folder, not a tariffs file", None)], where) from None
    except UnicodeDecodeError:
        raise ScenarioError([("", "is not UTF-8 text", None)], where) from None
    except OSError as err:
        raise ScenarioError([("", f"cannot be read: {err.strerror}", None)], where) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).split("\n", 1)[0]
        raise ScenarioError(
            [("", f"not valid YAML: {problem}", mark.line + 1 if mark is not None else None)],
            where,
        ) from None
    if data is None:
        raise ScenarioError(
            [("", "the file is empty; a tariff menu maps entries to tariffs", None)], where
        )
    menu = TariffMenu.from_dict(data, source=where, lines_of=_key_lines(text))
    if is_default:
        entries = tuple(name for name in TARIFF_ENTRIES if getattr(menu, name) is not None)
        menu = TariffMenu(
            **{k: getattr(menu, k) for k in ("currency", *TARIFF_ENTRIES)},
            source=where,
            illustrative=entries,
        )
    return menu
