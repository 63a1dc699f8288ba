"""Column orders of the headerless CDR files PBXs write, and the templates that set them.

A PBX's CSV call record has no header: which field is where comes from the module
that wrote it and from its configuration. A :class:`Layout` names the fields in order
in one vocabulary (Asterisk's CDR variable names: ``src``, ``dst``, ``dcontext``,
``start``, ``answer``, ``end``, ``duration``, ``billsec``, ``disposition``,
``uniqueid``, ``linkedid`` ...), whatever wrote the file:

* **Asterisk cdr_csv** (``Master.csv``): ``build_csv_record()`` in Asterisk's
  ``cdr/cdr_csv.c`` writes ``accountcode, src, dst, dcontext, clid, channel,
  dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
  amaflags``, then ``uniqueid`` if ``loguniqueid``, ``userfield`` if ``loguserfield``,
  and ``peeraccount, linkedid, sequence`` if ``newcdrcolumns`` (``cdr.conf``,
  ``[csv]``): 16 to 21 fields. Strings are written between double quotes with a quote
  doubled and nothing else escaped (``append_string``), so a caller name passes to the
  file as the bytes the telephone sent; a date is ``%Y-%m-%d %T`` (``DATE_FORMAT``,
  local time or GMT with ``usegmtime``) and an unset one (no answer) an empty field.
  :func:`cdr_csv_layout` tells the optional columns apart by their width and content.
* **Asterisk cdr_custom**: the columns of ``cdr_custom.conf``; either a legacy
  ``[mappings]`` line (``Master.csv => ${CSV_QUOTE(${CDR(clid)})},...``) or an
  advanced section with ``fields = clid, src, ...``, ``separator_character`` and
  ``quote_character`` (``configs/samples/cdr_custom.conf.sample``; parsed by
  ``res/cdrel_custom/config.c``). Without a template the sample's legacy mapping is
  assumed (:data:`CDR_CUSTOM_SAMPLE`: ``clid, src, dst, dcontext, channel,
  dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
  amaflags, accountcode, uniqueid, userfield, sequence``, 19 fields, the one
  ``configs/basic-pbx/cdr_custom.conf`` ships). :func:`cdr_custom_layout` reads a
  ``cdr_custom.conf``.
* **FreeSWITCH mod_cdr_csv**: the template named by ``default-template`` in
  ``cdr_csv.conf.xml`` (``<template name="example">"${caller_id_name}",...``), its
  channel variables expanded as they are (``switch_channel_expand_variables`` in
  ``src/mod/event_handlers/mod_cdr_csv/mod_cdr_csv.c``: nothing escaped). The module's
  built-in ``default`` template (13 fields, a space before the last) and the stock
  ``example``, ``snom``, ``linksys``, ``asterisk`` and ``opencdrrate`` templates of
  ``conf/vanilla/autoload_configs/cdr_csv.conf.xml`` are known
  (:data:`FREESWITCH_TEMPLATES`); :func:`freeswitch_layout` reads a
  ``cdr_csv.conf.xml``. FreeSWITCH variables map onto the vocabulary
  (:data:`FREESWITCH_VARIABLES`: ``caller_id_number`` is ``src``, ``start_stamp``
  ``start``, ``hangup_cause`` ``disposition``, ``uuid`` ``uniqueid``, ``bleg_uuid``
  the other leg ...).

Sources read: asterisk/asterisk at ``f0c1c1a7`` (2026-08), signalwire/freeswitch at
``cc93a683`` (2026-08).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from teletraffic.errors import InputError

__all__ = [
    "CDR_CSV_BASE",
    "CDR_CUSTOM_SAMPLE",
    "FREESWITCH_TEMPLATES",
    "FREESWITCH_VARIABLES",
    "Layout",
    "cdr_csv_layout",
    "cdr_custom_layout",
    "freeswitch_layout",
    "layout_from_names",
    "read_template",
]


@dataclass(frozen=True)
class Layout:
    """Which field is in which column of a headerless CDR file.

    *names* are the fields in order (``""`` for a column we do not read: a literal, a
    codec); *format* is ``asterisk``, ``asterisk-custom`` or ``freeswitch``;
    *delimiter* and *quote* are the file's separator and quote characters; *source*
    says where the order came from, in words.
    """

    format: str
    names: tuple[str, ...]
    source: str
    delimiter: str = ","
    quote: str = '"'

    @property
    def width(self) -> int:
        return len(self.names)

    def index(self, name: str) -> int | None:
        """The column of field *name*, ``None`` when the layout lacks it."""
        return self.names.index(name) if name in self.names else None


CDR_CSV_BASE: tuple[str, ...] = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
)
"""The 16 fields ``cdr_csv`` always writes, in its order (``cdr/cdr_csv.c``)."""

_UNIQUEID = re.compile(r"^[\w.-]*\d+\.\d+$")
"""An Asterisk ``uniqueid`` / ``linkedid``: ``[systemname-]1709532131.17``."""


def cdr_csv_layout(first: list[str]) -> Layout:
    """The layout of a ``Master.csv`` whose first record is *first* (16 to 21 fields).

    17 and 20 fields hold either ``uniqueid`` or ``userfield``: a value shaped like a
    uniqueid (``1709532131.17``) says which.
    """
    width = len(first)
    extra: tuple[str, ...]
    if width == 16:
        extra = ()
    elif width == 17:
        extra = ("uniqueid",) if _UNIQUEID.match(first[16].strip()) else ("userfield",)
    elif width == 18:
        extra = ("uniqueid", "userfield")
    elif width == 19:
        extra = ("peeraccount", "linkedid", "sequence")
    elif width == 20:
        one = "uniqueid" if _UNIQUEID.match(first[16].strip()) else "userfield"
        extra = (one, "peeraccount", "linkedid", "sequence")
    elif width == 21:
        extra = ("uniqueid", "userfield", "peeraccount", "linkedid", "sequence")
    else:
        raise ValueError(f"a Master.csv record has 16 to 21 fields, not {width}")
    words = f" with {', '.join(extra)}" if extra else ""
    return Layout("asterisk", CDR_CSV_BASE + extra, f"cdr_csv, {width} fields{words}")


CDR_CUSTOM_SAMPLE: tuple[str, ...] = (
    "clid",
    "src",
    "dst",
    "dcontext",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "accountcode",
    "uniqueid",
    "userfield",
    "sequence",
)
"""The legacy mapping of ``configs/samples/cdr_custom.conf.sample`` (and of
``configs/basic-pbx/cdr_custom.conf``): 19 fields."""

_KNOWN_CDR = frozenset(
    (*CDR_CSV_BASE, "uniqueid", "userfield", "peeraccount", "linkedid", "sequence")
)

FREESWITCH_VARIABLES: dict[str, str] = {
    "caller_id_number": "src",
    "ani": "src",
    "destination_number": "dst",
    "context": "dcontext",
    "caller_id_name": "clid",
    "caller_id": "clid",
    "channel_name": "channel",
    "bridge_channel": "dstchannel",
    "last_app": "lastapp",
    "last_arg": "lastdata",
    "start_stamp": "start",
    "start_epoch": "start",
    "answer_stamp": "answer",
    "answer_epoch": "answer",
    "end_stamp": "end",
    "end_epoch": "end",
    "duration": "duration",
    "billsec": "billsec",
    "hangup_cause": "disposition",
    "uuid": "uniqueid",
    "bleg_uuid": "bleg",
    "originating_leg_uuid": "origin",
    "accountcode": "accountcode",
    "amaflags": "amaflags",
    "userfield": "userfield",
    "direction": "legdirection",
}
"""FreeSWITCH channel variables and the field each one is in our vocabulary.
``bleg``: the uuid of the leg this one bridged to; ``origin``: the uuid of the leg
that originated this one (set on B legs); ``legdirection``: FreeSWITCH's
``inbound``/``outbound`` of the leg, seen from the switch."""


def _template(text: str) -> tuple[str, ...]:
    return tuple(FREESWITCH_VARIABLES.get(v, "") for v in re.findall(r'"\$\{([^}]*)\}"', text))


FREESWITCH_TEMPLATES: dict[str, tuple[str, ...]] = {
    "default": _template(
        '"${caller_id_name}","${caller_id_number}","${destination_number}","${context}",'
        '"${start_stamp}","${answer_stamp}","${end_stamp}","${duration}","${billsec}",'
        '"${hangup_cause}","${uuid}","${bleg_uuid}", "${accountcode}"'
    ),
    "example": _template(
        '"${caller_id_name}","${caller_id_number}","${destination_number}","${context}",'
        '"${start_stamp}","${answer_stamp}","${end_stamp}","${duration}","${billsec}",'
        '"${hangup_cause}","${uuid}","${bleg_uuid}","${accountcode}","${read_codec}",'
        '"${write_codec}"'
    ),
    "snom": _template(
        '"${caller_id_name}","${caller_id_number}","${destination_number}","${context}",'
        '"${start_stamp}","${answer_stamp}","${end_stamp}","${duration}","${billsec}",'
        '"${hangup_cause}","${uuid}","${bleg_uuid}", "${accountcode}","${read_codec}",'
        '"${write_codec}","${sip_user_agent}","${call_clientcode}","${sip_rtp_rxstat}",'
        '"${sip_rtp_txstat}","${sofia_record_file}"'
    ),
    "linksys": _template(
        '"${caller_id_name}","${caller_id_number}","${destination_number}","${context}",'
        '"${start_stamp}","${answer_stamp}","${end_stamp}","${duration}","${billsec}",'
        '"${hangup_cause}","${uuid}","${bleg_uuid}","${accountcode}","${read_codec}",'
        '"${write_codec}","${sip_user_agent}","${sip_p_rtp_stat}"'
    ),
    "asterisk": _template(
        '"${accountcode}","${caller_id_number}","${destination_number}","${context}",'
        '"${caller_id}","${channel_name}","${bridge_channel}","${last_app}","${last_arg}",'
        '"${start_stamp}","${answer_stamp}","${end_stamp}","${duration}","${billsec}",'
        '"${hangup_cause}","${amaflags}","${uuid}","${userfield}"'
    ),
}
"""The templates of FreeSWITCH's ``mod_cdr_csv``: ``default`` built into the module,
the others from ``conf/vanilla/autoload_configs/cdr_csv.conf.xml``."""


def layout_from_names(format: str, names: list[str] | tuple[str, ...], source: str) -> Layout:
    """A layout from field names in order (``--columns clid,src,dst,...``).

    FreeSWITCH variable names are mapped (:data:`FREESWITCH_VARIABLES`); ``-`` or an
    empty name skips a column. Raises :class:`InputError` when ``start`` or
    ``disposition``/``billsec`` is missing.
    """
    out: list[str] = []
    for raw in names:
        name = raw.strip().strip('"').lower()
        name = re.sub(r"\(.*\)$", "", name)  # cdr_custom qualifiers: start(int64^noquote)
        name = FREESWITCH_VARIABLES.get(name, name) if format == "freeswitch" else name
        out.append(name if name in _KNOWN_CDR or name in FREESWITCH_VARIABLES.values() else "")
    if "start" not in out:
        raise InputError(
            f"{source}: the columns name no start time (start, start_stamp); columns: "
            f"{', '.join(n.strip() for n in names)}"
        )
    if "billsec" not in out and "disposition" not in out:
        raise InputError(
            f"{source}: the columns name neither billsec nor the disposition "
            "(hangup_cause), so no call can be told answered"
        )
    return Layout(format, tuple(out), source)


def _split_top(text: str) -> list[str]:
    """Split *text* on commas outside brackets and quotes."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "({":
            depth += 1
        elif not quoted and ch in ")}":
            depth -= 1
        elif ch == "," and depth == 0 and not quoted:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _legacy_field(item: str) -> str:
    """``${CSV_QUOTE(${CDR(src)})}`` -> ``src``; a literal or another function -> ``""``."""
    found = re.search(r"CDR\(\s*([A-Za-z_]+)", item)
    return found.group(1).lower() if found else ""


def _unescape(value: str, default: str) -> str:
    value = value.strip()
    if not value:
        return default
    return "\t" if value == "\\t" else value[0]


def cdr_custom_layout(text: str, source: str) -> Layout:
    """The layout of the first mapping in a ``cdr_custom.conf`` (*text*).

    An advanced section (``[file.csv]`` with ``fields = ...``) gives its fields,
    ``separator_character`` and ``quote_character``; a legacy ``[mappings]`` line its
    ``${CDR(name)}`` items (literals and other functions are columns we skip).
    """
    section = ""
    advanced: dict[str, dict[str, str]] = {}
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].strip() if not raw.lstrip().startswith("fields") else raw
        line = line.strip()
        if not line:
            continue
        head = re.fullmatch(r"\[([^\]]+)\]", line)
        if head:
            section = head.group(1).strip()
            continue
        if section.lower() == "mappings" and "=>" in line:
            _, _, template = line.partition("=>")
            names = [_legacy_field(p) for p in _split_top(template.strip())]
            return layout_from_names(
                "asterisk-custom", names, f"{source}, [mappings] ({len(names)} fields)"
            )
        if section and "=" in line:
            key, _, value = line.partition("=")
            value = value.split(";", 1)[0] if key.strip().lower() != "fields" else value
            advanced.setdefault(section, {})[key.strip().lower()] = value.strip()
    for name, keys in advanced.items():
        if "fields" in keys and keys.get("format", "dsv").lower() == "dsv":
            fields = [f for f in _split_top(keys["fields"]) if f.strip()]
            layout = layout_from_names(
                "asterisk-custom", fields, f"{source}, [{name}] ({len(fields)} fields)"
            )
            return Layout(
                layout.format,
                layout.names,
                layout.source,
                _unescape(keys.get("separator_character", ","), ","),
                _unescape(keys.get("quote_character", '"'), '"'),
            )
    raise InputError(
        f"{source}: no mapping found; a cdr_custom.conf has a [mappings] line "
        "(Master.csv => ${CSV_QUOTE(${CDR(clid)})},...) or a section with fields = ..."
    )


def freeswitch_layout(text: str, source: str) -> Layout:
    """The layout of the default template of a ``cdr_csv.conf.xml`` (*text*).

    The template named by ``<param name="default-template" value="..."/>`` (the
    module's own ``default`` when the file names none, as ``mod_cdr_csv.c`` does).
    """
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        raise InputError(f"{source}: not a readable XML file: {err}") from None
    chosen = "default"
    for param in root.iter("param"):
        if param.get("name") == "default-template" and param.get("value"):
            chosen = str(param.get("value"))
    templates = {t.get("name"): t.text or "" for t in root.iter("template")}
    if chosen in templates:
        variables = re.findall(r"\$\{([^}]*)\}", templates[chosen])
        return layout_from_names(
            "freeswitch",
            variables,
            f"{source}, template {chosen!r} ({len(variables)} fields)",
        )
    if chosen in FREESWITCH_TEMPLATES:
        names = FREESWITCH_TEMPLATES[chosen]
        return Layout("freeswitch", names, f"mod_cdr_csv template {chosen!r}")
    raise InputError(
        f"{source}: default-template {chosen!r} is not among its templates "
        f"({', '.join(str(t) for t in templates) or 'none'})"
    )


def read_template(path: Path) -> Layout:
    """The layout a PBX's own configuration file gives: ``cdr_custom.conf`` or
    ``cdr_csv.conf.xml`` (told apart by their content)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise InputError(f"--template: {path} cannot be read: {err.strerror or err}") from None
    if text.lstrip().startswith("<"):
        return freeswitch_layout(text, str(path))
    return cdr_custom_layout(text, str(path))
