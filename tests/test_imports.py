"""Import boundaries: quick paths stay light; the public API resolves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_the_engine_package_loads_simpy_only_when_run() -> None:
    """``unsupported_features`` is asked without SimPy; ``run_replication`` loads it."""
    assert "simpy" not in _loaded_after("from teletraffic.engine import unsupported_features")
    code = (
        "from teletraffic.engine import Replication, run_replication\n"
        "import teletraffic.engine.model as m\n"
        "assert run_replication is m.run_replication and Replication is m.Replication"
    )
    assert "simpy" in _loaded_after(code)


def test_every_public_name_resolves() -> None:
    for name in teletraffic.__all__:
        assert getattr(teletraffic, name) is not None, name


@pytest.mark.slow
def test_submodules_resolve_as_attributes_in_a_fresh_interpreter() -> None:
    """``tt.tally.METRICS`` and ``tt.plots`` work right after ``import teletraffic``."""
    code = (
        "import teletraffic as tt, pathlib\n"
        "assert 'p_busy' in tt.tally.METRICS\n"
        "assert callable(tt.plots.busy_by_lines)\n"
        "names = {p.stem for p in pathlib.Path(tt.__file__).parent.glob('*.py')}\n"
        "names |= {'engine', 'cli'}\n"
        "missing = sorted(n for n in names - {'__init__', '__main__', 'cli'} "
        "if getattr(tt, n, None) is None)\n"
        "assert not missing, missing\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


HEAVY = ("scipy.stats", "pandas", "simpy", "matplotlib")
"""What the quick commands must not load (DESIGN.md: start light)."""

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "office.yaml"


def _heavy_after_command(*argv: str) -> list[str]:
    """The heavy modules loaded by running ``teletraffic ARGV`` in a fresh interpreter."""
    probe = (
        "import sys\n"
        f"sys.argv = ['teletraffic', *{list(argv)!r}]\n"
        "from teletraffic.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print('\\n' + ','.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    mods = out.stdout.strip().splitlines()[-1].split(",")
    return sorted(m for m in mods if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("--version",),
        ("erlang", "b", "--lines", "10", "--traffic", "8"),
        ("erlang", "c", "--agents", "10", "--traffic", "8", "--talk", "3m"),
        ("size", "lines", "--traffic", "8", "--target-busy", "1%"),
        ("run", "--help"),
    ],
    ids=lambda a: " ".join(a),
)
def test_quick_commands_load_nothing_heavy(argv: tuple[str, ...]) -> None:
    assert _heavy_after_command(*argv) == []


def test_help_loads_neither_numpy_nor_scipy() -> None:
    """``teletraffic --help`` formats plain text: no numpy, scipy or rich's markdown."""
    probe = (
        "import sys\nsys.argv = ['teletraffic', '--help']\nfrom teletraffic.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n' + ','.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    mods = set(out.stdout.strip().splitlines()[-1].split(","))
    assert not {"numpy", "scipy", "rich.markdown", "importlib.metadata"} & mods


def test_check_loads_nothing_heavy() -> None:
    assert _heavy_after_command("check", str(SCENARIO)) == []
