"""The Ask form read into a plan, with each problem next to its field.

The words of the form are those of ``teletraffic plan``'s flags, read by the same
function (:func:`teletraffic.experiments.planning.request.read_plan_words`), so a bad
value gets the command line's message: the page shows it beside the field, without
the flag's name in front (the field's label stands there). Where several fields are
wrong, each gets its message at once.

A call-record file fills the traffic fields from :func:`teletraffic.cdr.fit_traffic`
(as ``teletraffic fit`` reads it); a tariff menu is the shipped illustrative one or an
uploaded file read by :func:`teletraffic.tariffs.load_tariffs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teletraffic.errors import InputError, TeletrafficError
from teletraffic.experiments.planning.request import PLAN_FLAGS, FieldError, read_plan_words
from teletraffic.units import format_duration

if TYPE_CHECKING:
    from teletraffic.tariffs import TariffMenu

__all__ = ["ASK_FIELDS", "Asked", "fit_fields", "read_ask", "shown"]

ASK_FIELDS: dict[str, str] = {
    flag.removeprefix("--").replace("-", "_"): flag for flag in PLAN_FLAGS
}
"""The form's fields by name, and the flag of ``teletraffic plan`` each one is."""

DEFAULT_REPLICATIONS = 10
DEFAULT_SEED = 2026


@dataclass
class Asked:
    """A plan asked on the page: the arguments of :func:`plan`, or the problems found."""

    arguments: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


def shown(message: str, flag: str) -> str:
    """The command line's *message* as the page shows it beside the field of *flag*."""
    return message.removeprefix(f"{flag}: ")


def _text(form: Mapping[str, Any], name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def read_ask(form: Mapping[str, Any], tariff_file: Path | None = None) -> Asked:
    """The form's values as :func:`plan`'s arguments, or every field's problem.

    The answer target is two fields (share, time) read as the flag's ``80%/20s``.
    *tariff_file*: an uploaded tariff menu, read here so its problems come with the
    others (``tariffs`` in :attr:`Asked.errors`).
    """
    texts: dict[str, str | None] = {flag: _text(form, name) for name, flag in ASK_FIELDS.items()}
    share, within = _text(form, "answer_share"), _text(form, "answer_time")
    texts["--target-answer"] = None if share is None and within is None else f"{share}/{within}"
    asked = Asked(texts={k: v for k, v in texts.items() if v is not None})
    for _ in range(len(PLAN_FLAGS) + 1):  # each bad field in turn: set it aside, read again
        try:
            asked.arguments = read_plan_words(texts)
            break
        except FieldError as err:
            name = err.flag.removeprefix("--").replace("-", "_")
            if name in asked.errors:
                break
            asked.errors[name] = shown(str(err), err.flag)
            texts[err.flag] = None
    for name, low, high, default in (
        ("replications", 2, 1000, DEFAULT_REPLICATIONS),
        ("seed", 0, 2**32 - 1, DEFAULT_SEED),
    ):
        text = _text(form, name)
        try:
            value = default if text is None else int(text)
            if not low <= value <= high:
                raise ValueError
            asked.arguments[name] = value
        except ValueError:
            asked.errors[name] = f"{text!r} must be a whole number from {low} to {high}"
    if tariff_file is not None:
        try:
            asked.arguments["tariffs"] = _menu(tariff_file)
        except TeletrafficError as err:
            asked.errors["tariffs"] = str(err)
    if asked.errors:
        asked.arguments = {}
    return asked


def _menu(path: Path) -> TariffMenu:
    from teletraffic.tariffs import load_tariffs

    return load_tariffs(path)


def fit_fields(path: Path, cdr_format: str = "auto") -> tuple[dict[str, str], str]:
    """The traffic fields of the form from a file of call records, and the fit in words.

    The records are read and fitted as ``teletraffic fit`` does, every dialled number
    taken together (one stream). Where the hours differ, calls per hour is the busiest
    hour's, the hour a plan must carry.
    """
    from teletraffic.cdr import fit_traffic, read_cdr

    cdr = read_cdr(path, cdr_format)
    fit = fit_traffic(cdr, one_stream=True)
    inbound = fit.inbound
    if not inbound:
        raise InputError(f"{path.name}: the records hold no inbound calls to plan for")
    s = inbound[0]
    rate = max(s.profile.values()) if s.uses_profile else s.rate.value
    fields = {"calls_per_hour": f"{rate:.3g}"}
    if s.talk is not None:
        fields["talk"] = format_duration(s.talk.mean.value)
    fields["patience"] = format_duration(s.patience.value) if s.patience is not None else ""
    if s.redial is not None:
        fields["redial"] = f"{100 * s.redial.share.value:.3g}%"
    words = fit.describe()
    if s.uses_profile:
        words += f"\nCalls per hour: the busiest hour's ({rate:.3g}), the hour a plan must carry."
    return fields, words
