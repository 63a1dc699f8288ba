"""Import boundaries: quick paths stay light; the public API resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import teletraffic


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.strip().split(","))


def test_import_teletraffic_loads_nothing_heavy() -> None:
    mods = _loaded_after("import teletraffic")
    assert not {"pandas", "matplotlib", "simpy", "scipy", "pydantic"} & mods


def test_erlang_does_not_load_the_engine() -> None:
    mods = _loaded_after("import teletraffic.erlang")
    assert not {"pandas", "matplotlib", "simpy"} & mods


def test_the_engine_does_not_load_plots_or_pandas() -> None:
    mods = _loaded_after("import teletraffic.engine")
    assert "matplotlib" not in mods
    assert "pandas" not in mods


def test_every_public_name_resolves() -> None:
    for name in teletraffic.__all__:
        assert getattr(teletraffic, name) is not None, name


@pytest.mark.slow
def test_submodules_resolve_as_attributes_in_a_fresh_interpreter() -> None:
    """``tt.stats.METRICS`` and ``tt.plots`` work right after ``import teletraffic``."""
    code = (
        "import teletraffic as tt, pathlib\n"
        "assert 'p_busy' in tt.stats.METRICS\n"
        "assert callable(tt.plots.busy_by_lines)\n"
        "names = {p.stem for p in pathlib.Path(tt.__file__).parent.glob('*.py')}\n"
        "names |= {'engine', 'cli'}\n"
        "missing = sorted(n for n in names - {'__init__', '__main__', 'cli'} "
        "if getattr(tt, n, None) is None)\n"
        "assert not missing, missing\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
