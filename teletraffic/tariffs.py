"""Tariffs: what each kind of line, PBX and person costs, for planning.

A tariff menu is a YAML file with a ``currency`` and one entry per kind of thing that can
be bought: the outside lines (``city_number``, ``mobile_number``, ``multichannel``,
``ip``, each with the fields of a scenario line's ``tariff``), the PBX kinds
(``virtual_pbx``, ``office_pbx``, with the fields of a scenario PBX's ``tariff``) and
``staff`` (``monthly``: what one person costs a month).
:func:`teletraffic.experiments.plan` prices every set-up it considers with it; the
money itself is computed in :mod:`teletraffic.costs`, nowhere else.

Illustrative menus ship for three markets (:data:`MARKETS`): ``ru``, the default
``scenarios/tariffs.yaml``, in roubles; ``us`` (``scenarios/tariffs/us.yaml``) in
dollars; ``eu`` (``scenarios/tariffs/eu.yaml``) in euros. A market is picked by name:
``load_tariffs("us")``, ``teletraffic plan ... --tariffs us``.

The file is read by :func:`load_tariffs` with the same guards as a scenario: size
limit, YAML errors and bad fields named with their line, unknown entries with a
did-you-mean.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from teletraffic.errors import ScenarioError
from teletraffic.scenario import LineTariff, PbxTariff
from teletraffic.scenario.load import _read_yaml, read_text_file

__all__ = [
    "DEFAULT_TARIFFS",
    "LINE_ENTRIES",
    "MARKETS",
    "TARIFF_ENTRIES",
    "StaffTariff",
    "TariffMenu",
    "load_tariffs",
    "market_menu",
]


TARIFF_ENTRIES: dict[str, str] = {
    "city_number": "line",
    "mobile_number": "line",
    "multichannel": "line",
    "ip": "line",
    "virtual_pbx": "pbx",
    "office_pbx": "pbx",
    "staff": "staff",
}
"""The entries of a tariff menu and whether each is a line, a PBX or a staff tariff."""

LINE_ENTRIES: tuple[str, ...] = ("city_number", "mobile_number", "multichannel", "ip")
"""The entries that are kinds of outside line."""

MARKETS: dict[str, str] = {"ru": "tariffs.yaml", "us": "tariffs/us.yaml", "eu": "tariffs/eu.yaml"}
"""The illustrative menus shipped, by market, as paths under ``scenarios/`` (the
package's ``examples``): ``load_tariffs("us")``, ``teletraffic plan ... --tariffs us``."""


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("should be an amount of money, not true/false")
    return value


class StaffTariff(BaseModel):
    """What one person costs the office a month (salary, taxes, desk), for planning.

    Plan weighs people against lines with it: a hold queue lets fewer people answer
    more channels, and whether that pays depends on this price.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    monthly: Annotated[
        float, BeforeValidator(_no_bool), Field(ge=0, le=1e12, allow_inf_nan=False)
    ] = Field(default=0, description="cost of one person a month")


DEFAULT_TARIFFS: dict[str, Any] = {
    "currency": "RUB",
    "city_number": {"monthly": 600, "per_minute_out": 1.2},
    "mobile_number": {"monthly": 450, "per_minute_out": 2.5, "included_minutes": 300},
    "multichannel": {"monthly": 1500, "per_number": 300, "per_channel": 400, "per_minute_out": 1.0},
    "ip": {"monthly": 300, "per_number": 200, "per_channel": 450, "per_minute_out": 0.9},
    "virtual_pbx": {"monthly": 900, "per_user": 300},
    "office_pbx": {"monthly": 500, "purchase": 90000, "spread_months": 36},
    "staff": {"monthly": 60000},
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
    staff: StaffTariff | None = None
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
        if not isinstance(data, Mapping):
            raise ScenarioError(
                [("", f"a tariff menu is a mapping of entries, got {type(data).__name__}", 1)],
                source,
            )
        where = _Lines(lines_of or {})
        problems = _unknown_entries(data, where)
        currency = _currency(data, problems, where)
        entries, illustrative = _entries(data, fill_defaults, problems, where)
        problems += _menu_rules(data, currency, entries, illustrative, where, problems)
        if problems:
            problems.sort(key=lambda p: (p[2] is None, p[2] or 0))
            raise ScenarioError(problems, source)
        return cls(
            currency=currency,
            city_number=_as_line(entries["city_number"]),
            mobile_number=_as_line(entries["mobile_number"]),
            multichannel=_as_line(entries["multichannel"]),
            ip=_as_line(entries["ip"]),
            virtual_pbx=_as_pbx(entries["virtual_pbx"]),
            office_pbx=_as_pbx(entries["office_pbx"]),
            staff=_as_staff(entries["staff"]),
            source=source,
            illustrative=tuple(illustrative),
        )


Problem = tuple[str, str, int | None]
"""A field path, what is wrong with it, and its line in the file (if known)."""


@dataclass(frozen=True)
class _Lines:
    """The file line of each key path of a menu (empty for a menu not read from a file)."""

    of: Mapping[tuple[str, ...], int]

    def __call__(self, path: tuple[str, ...]) -> int | None:
        """The line of *path*, or of its nearest parent with one."""
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.of:
                return self.of[path[:cut]]
        return None


def _unknown_entries(data: Mapping[str, Any], where: _Lines) -> list[Problem]:
    """An entry that is not a kind of line, PBX or staff, with a did-you-mean."""
    known = ["currency", "description", *TARIFF_ENTRIES]
    problems: list[Problem] = []
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"unknown entry {str(key)!r}{hint} (entries: {', '.join(known)})"
            problems.append((str(key), message, where((str(key),))))
    return problems


def _currency(data: Mapping[str, Any], problems: list[Problem], where: _Lines) -> str:
    """The menu's currency (a short text); a bad one is added to *problems*."""
    currency = data.get("currency", DEFAULT_TARIFFS["currency"])
    if not isinstance(currency, str) or not 1 <= len(currency.strip()) <= 10:
        problems.append(
            (
                "currency",
                f"should be a short text such as RUB, got {_short(currency)}",
                where(("currency",)),
            )
        )
        currency = DEFAULT_TARIFFS["currency"]
    return str(currency).strip()


def _entries(
    data: Mapping[str, Any], fill_defaults: bool, problems: list[Problem], where: _Lines
) -> tuple[dict[str, BaseModel | None], list[str]]:
    """Each entry's tariff (``None``: not on offer), and the entries filled in from the
    illustrative menu; bad fields are added to *problems*."""
    entries: dict[str, BaseModel | None] = {}
    illustrative: list[str] = []
    for name, kind in TARIFF_ENTRIES.items():
        model: type[BaseModel] = _ENTRY_MODELS[kind]
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
            problems += _field_problems(name, model, err, where)
    return entries, illustrative


def _field_problems(
    name: str, model: type[BaseModel], err: ValidationError, where: _Lines
) -> list[Problem]:
    """pydantic's errors of one entry, in the words of the scenario's errors."""
    problems: list[Problem] = []
    for e in err.errors(include_url=False):
        loc = (name, *(str(p) for p in e["loc"]))
        value = e.get("input")
        msg = str(e["msg"]).split(" [type=")[0].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            fields = ", ".join(model.model_fields)
            msg = f"unknown field {loc[-1]!r} (fields: {fields})"
        elif not isinstance(value, Mapping) and "got" not in msg:
            msg += f", got {_short(value)}"
        problems.append((".".join(loc), msg[:1].lower() + msg[1:], where(loc)))
    return problems


def _menu_rules(
    data: Mapping[str, Any],
    currency: str,
    entries: Mapping[str, BaseModel | None],
    illustrative: list[str],
    where: _Lines,
    found: list[Problem],
) -> list[Problem]:
    """Rules across entries: one currency for every price; something on offer."""
    problems: list[Problem] = []
    if illustrative and data and currency != DEFAULT_TARIFFS["currency"]:
        problems.append(
            (
                "currency",
                f"the menu is in {currency} but leaves out {', '.join(illustrative)}, whose "
                f"illustrative prices are in {DEFAULT_TARIFFS['currency']}: give every entry "
                "(null for a kind not on offer)",
                where(("currency",)),
            )
        )
    nothing = all(entries.get(name) is None for name in TARIFF_ENTRIES if name != "staff")
    if not found and not problems and nothing:
        problems.append(("", "no entry is on offer (every entry is null)", None))
    return problems


def _short(value: Any) -> str:
    """A value for an error message: its repr, cut to a line."""
    text = repr(value) if not isinstance(value, list | dict) else f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _as_line(t: BaseModel | None) -> LineTariff | None:
    assert t is None or isinstance(t, LineTariff)
    return t


def _as_pbx(t: BaseModel | None) -> PbxTariff | None:
    assert t is None or isinstance(t, PbxTariff)
    return t


def _as_staff(t: BaseModel | None) -> StaffTariff | None:
    assert t is None or isinstance(t, StaffTariff)
    return t


_ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "line": LineTariff,
    "pbx": PbxTariff,
    "staff": StaffTariff,
}


def _shipped_menu() -> Path:
    """The illustrative menu shipped with the package (``teletraffic/examples``, which is
    the repository's ``scenarios`` folder)."""
    return (Path(__file__).resolve().parent / "examples" / "tariffs.yaml").resolve()


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


def market_menu(name: str) -> Path | None:
    """The shipped illustrative menu of market *name* (``ru``, ``us``, ``eu``), or ``None``."""
    relative = MARKETS.get(name.strip().lower())
    if relative is None:
        return None
    return (Path(__file__).resolve().parent / "examples" / relative).resolve()


def load_tariffs(path: str | Path | None = None) -> TariffMenu:
    """Read a tariff menu (YAML); without *path*, the illustrative one shipped.

    *path* is a file, or the name of a market whose illustrative menu ships with the
    package (:data:`MARKETS`: ``ru``, ``us``, ``eu``; a file of that name in the working
    folder comes first). The file is a mapping with ``currency`` and the entries of
    :data:`TARIFF_ENTRIES` (``city_number``, ``mobile_number``, ``multichannel``,
    ``ip``: line tariffs with the fields of a scenario line's ``tariff``;
    ``virtual_pbx``, ``office_pbx``: PBX tariffs). An entry left out keeps its
    illustrative price (and is listed in :attr:`TariffMenu.illustrative`); ``null``
    takes it off the menu. Raises :class:`~teletraffic.errors.ScenarioError` naming the
    file, field and line.
    """
    shipped: Path | None
    if path is None:
        shipped = _shipped_menu()
        if not shipped.is_file():
            return TariffMenu.from_dict(DEFAULT_TARIFFS, source="built-in illustrative tariffs")
    else:
        shipped = None if Path(path).exists() else market_menu(str(path))
    where = str(shipped or path)
    text = _menu_text(Path(where), where)
    # the scenario's guarded reader: YAML 1.2, a bound on nesting and on what aliases
    # expand to, duplicate keys named
    data, _, duplicates = _read_yaml(text, where)
    if duplicates:
        raise ScenarioError(duplicates, where)
    menu = TariffMenu.from_dict(data, source=where, lines_of=_key_lines(text))
    if shipped is not None:  # every price of a shipped menu is illustrative
        entries = tuple(name for name in TARIFF_ENTRIES if getattr(menu, name) is not None)
        menu = TariffMenu(
            **{k: getattr(menu, k) for k in ("currency", *TARIFF_ENTRIES)},
            source=where,
            illustrative=entries,
        )
    return menu


def _menu_text(p: Path, where: str) -> str:
    """The text of a menu file, or a :class:`ScenarioError` saying why there is none."""
    if not p.exists() and not p.is_symlink():
        markets = ", ".join(MARKETS)
        raise ScenarioError([("", f"no such file (nor a market's menu: {markets})", None)], where)
    # the scenario's guarded reader: a regular file only (no FIFO, no /dev/zero), a
    # bounded read, bytes that are not UTF-8 named with their line
    text = read_text_file(p, where, _MAX_TARIFF_BYTES, what="tariffs file")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ScenarioError(
            [("", "the file is empty; a tariff menu maps entries to tariffs", None)], where
        )
    return text
