"""The YAML a scenario file is written in: YAML 1.2 (core schema), read safely.

``on``, ``off``, ``yes`` and ``no`` are plain words, ``18:00`` is text and not the
base-60 number 1080, ``1e3`` is a number, ``0100`` is 100, and mapping keys are always
the text as written. :class:`_Dumper` writes YAML that :class:`_Loader` reads back as
written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from teletraffic.scenario.words import _short


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: what plain scalars mean.

    PyYAML implements YAML 1.1, where ``on``/``off``/``yes``/``no`` are booleans (so a
    redial's ``on:`` key became ``True``), ``18:00`` is the base-60 integer 1080, ``1e3``
    is text and ``2026-01-05`` a date. A scenario file means none of that.
    """


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    _Resolver,
):
    """A safe loader with the YAML 1.2 core schema whose mapping keys are their text."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        try:
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text, 10)  # "0100" is 100, not octal 64 as in YAML 1.1
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise yaml.constructor.ConstructorError(
                None, None, f"the number {_short(text, 30)} is too long", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "expected a mapping", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a key must be a plain name, not a list or a mapping",
                    key_node.start_mark,
                )
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)  # type: ignore[type-var]


class _Dumper(
    yaml.emitter.Emitter,
    yaml.serializer.Serializer,
    yaml.representer.SafeRepresenter,
    _Resolver,
):
    """Writes YAML that :class:`_Loader` reads back as written (quotes ``'1e3'``)."""

    def __init__(self, stream: Any, **kwds: Any) -> None:
        yaml.emitter.Emitter.__init__(
            self,
            stream,
            canonical=kwds.get("canonical"),
            indent=kwds.get("indent"),
            width=kwds.get("width"),
            allow_unicode=kwds.get("allow_unicode"),
            line_break=kwds.get("line_break"),
        )
        yaml.serializer.Serializer.__init__(
            self,
            encoding=kwds.get("encoding"),
            explicit_start=kwds.get("explicit_start"),
            explicit_end=kwds.get("explicit_end"),
            version=kwds.get("version"),
            tags=kwds.get("tags"),
        )
        yaml.representer.SafeRepresenter.__init__(
            self,
            default_style=kwds.get("default_style"),
            default_flow_style=kwds.get("default_flow_style", False),
            sort_keys=kwds.get("sort_keys", True),
        )
        _Resolver.__init__(self)
