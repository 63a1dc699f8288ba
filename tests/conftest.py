"""Shared fixtures: scenario files written to a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """A function ``write(text, name="scenario.yaml") -> Path``.

    It writes *text* (dedented, so it may be an indented triple-quoted string) as UTF-8
    to *name* in a fresh temporary folder and returns the path.
    """

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
