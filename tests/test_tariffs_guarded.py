"""The tariffs file goes through the scenario's guarded reader.

Each case was a way to hang or exhaust ``plan --tariffs``: a FIFO (open blocks), a
device such as ``/dev/zero`` (read never ends), an alias bomb of a few hundred bytes,
nesting deep enough for RecursionError, a huge file. And YAML 1.1 would have read
``no`` as false. Each is now a one-paragraph error naming the file (and the line where
there is one), from the CLI with exit 2.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app
from teletraffic.errors import ScenarioError
from teletraffic.tariffs import load_tariffs

OFFICE = Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml"

BOMB = """\
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
currency: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def _refused(path: Path | str, *words: str) -> str:
    with pytest.raises(ScenarioError) as exc:
        load_tariffs(path)
    message = str(exc.value)
    assert str(path) in message
    for word in words:
        assert word in message, message
    return message


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    _refused(path, "expands to more than")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read() -> None:
    _refused("/dev/zero", "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "menu.yaml"
    os.mkfifo(path)  # opening it for reading would block until a writer comes
    _refused(path, "not a regular file")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("currency: " + "[" * 5000 + "]" * 5000 + "\n")
    _refused(path, "nests")


def test_a_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("currency: RUB\n" + "# padding\n" * 200_000)
    _refused(path, "bytes")


def test_bytes_that_are_not_utf8_are_named_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"currency: RUB\ncity_number: {monthly: 600}\n# caf\xe9\n")
    _refused(path, "not UTF-8", "line 3")


def test_no_stays_a_word(tmp_path: Path) -> None:
    """YAML 1.2: ``no`` is text (YAML 1.1 would read false)."""
    path = tmp_path / "no.yaml"
    path.write_text("currency: RUB\ncity_number: {monthly: no}\n")
    message = _refused(path, "city_number", "line 2")
    assert "false" not in message.lower()


def test_a_bad_field_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "menu.yaml"
    path.write_text("currency: RUB\n\ncity_number: {monthly: -5}\n")
    _refused(path, "city_number", "line 3")


def test_plan_says_so_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    result = CliRunner().invoke(
        app,
        ["plan", str(OFFICE), "--target-busy", "1%", "--tariffs", str(path)],
    )
    assert result.exit_code == 2, result.output
    assert "expands to more than" in result.output
    assert "Traceback" not in result.output
