"""Fuzzing, the suite's small share: whatever a user writes ends in exit 0 or 2.

Hypothesis draws inputs of the campaign in benchmarks/fuzz.py (mutated shipped scenarios,
some run for an hour of simulated time; mutated tariff menus; command lines of
``erlang``, ``size`` and ``plan`` with awkward values). They run in one child process
under an address-space limit (``resource.setrlimit``), each input with a time limit; a
traceback, an exit other than 0 or 2, a hang, a MemoryError or a conservation failure
on a finished run fails the test with the input that caused it. A fixed seed
(``derandomize=True``) keeps the suite repeatable; the long campaign is
``python benchmarks/fuzz.py``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource and SIGALRM")


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "benchmarks" / "fuzz.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz()
DRAWN: list[tuple[str, int]] = []


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.sampled_from(FUZZ.KINDS), st.integers(0, 10**9))
def _draw(kind: str, seed: int) -> None:
    DRAWN.append((kind, seed))


_draw()


def _child(inputs: list[tuple[str, int]]) -> str:
    """Code for the child process: run *inputs* under the limits, print the findings."""
    return f"""
import random, resource, signal, sys, tempfile
from pathlib import Path
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
import fuzz
resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
signal.signal(signal.SIGALRM, fuzz._alarm)
import teletraffic.work
teletraffic.work.MAX_SEARCH_SECONDS = 10.0  # a plan admitted ends well within 30 s
with tempfile.TemporaryDirectory() as tmp:
    for kind, seed in {inputs!r}:
        kind, payload = fuzz.make_input(random.Random(seed), kind)
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        try:
            outcome = fuzz.run_input(kind, payload, Path(tmp))
        except fuzz.TimeLimitError:
            outcome = "hang"
        except MemoryError:
            outcome = "memory"
        signal.setitimer(signal.ITIMER_REAL, 0)
        if outcome not in ("ok", "refused"):
            print(kind, seed, outcome, repr(payload)[:300])
        print("done", kind, outcome, file=sys.stderr)
"""


def test_generated_inputs_end_in_exit_0_or_2_and_conserve_calls() -> None:
    assert {kind for kind, _ in DRAWN} == set(FUZZ.KINDS)
    child = subprocess.run(
        [sys.executable, "-c", _child(DRAWN)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout == "", child.stdout
    outcomes = [line.split()[2] for line in child.stderr.splitlines() if line.startswith("done")]
    assert len(outcomes) == len(DRAWN)
    assert "ok" in outcomes  # some inputs are accepted (and runs checked for conservation)
    assert "refused" in outcomes


def test_a_traceback_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness can fail: a command that raises is reported, not passed."""
    from teletraffic.cli import erlang

    def broken(*_args: object, **_kwargs: object) -> float:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(erlang.erlang, "erlang_b", broken)
    outcome = FUZZ.run_input("args", ["erlang", "b", "--lines", "2", "--traffic", "1"], tmp_path)
    assert outcome.startswith("traceback")
    assert "boom" in outcome


def test_a_conservation_failure_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from teletraffic.runner import SimulationResult

    monkeypatch.setattr(SimulationResult, "conservation_errors", lambda _self: ["all"])
    text = (ROOT / "scenarios" / "city_line.yaml").read_text(encoding="utf-8")
    text = text.replace("days: 5", "days: 1").replace("replications: 20", "replications: 1")
    assert FUZZ.run_input("run", text, tmp_path) == "conservation: ['all']"
