"""Ctrl-C, SIGTERM and a killed parent during ``run --workers 2 --out d``.

Each test starts a real ``teletraffic run`` in its own process group, waits until its two
worker processes exist, interrupts it, and then checks what a user would see: the exit
status (130 for Ctrl-C, 143 for SIGTERM), one line on stderr and no traceback, no
worker left running, no ``d`` and no hidden temporary folder beside it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "office.yaml"
RUN = ("--replications", "5000", "--workers", "2", "--out")

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads worker processes from /proc (Linux)"
)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _wait_for(condition, what: str, limit: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {limit:g} s")
        time.sleep(0.05)


def _start(folder: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """A long parallel run writing into ``folder/d``, once its two workers are up."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "teletraffic", "run", str(SCENARIO), *RUN, str(folder / "d")],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    try:
        _wait_for(lambda: len(_children(proc.pid)) >= 2, "two worker processes")
    except AssertionError:
        proc.kill()
        raise
    return proc, _children(proc.pid)


def _nothing_left(folder: Path, workers: set[int]) -> None:
    _wait_for(lambda: not any(_alive(w) for w in workers), "the workers to end", limit=10)
    assert sorted(p.name for p in folder.iterdir()) == []  # no d, no .d.* folder


def _clean_up(proc: subprocess.Popen[str]) -> None:
    """Whatever the test found, leave no process of its group behind."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=10)


@pytest.mark.parametrize(
    ("how", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["sigterm", "ctrl-c"]
)
def test_an_interrupted_parallel_run_stops_its_workers_and_writes_nothing(
    tmp_path: Path, how: signal.Signals, status: int
) -> None:
    proc, workers = _start(tmp_path)
    try:
        if how is signal.SIGINT:
            os.killpg(proc.pid, how)  # Ctrl-C reaches the whole group, workers too
        else:
            proc.send_signal(how)  # `kill -TERM <pid>` reaches the parent alone
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == status, err
        assert "Interrupted; nothing was written." in err
        assert "Traceback" not in err, err
        assert "Error" not in err, err
        _nothing_left(tmp_path, workers)
    finally:
        _clean_up(proc)


def test_the_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    proc, workers = _start(tmp_path)
    try:
        proc.kill()  # SIGKILL: no clean-up runs in the parent
        proc.communicate(timeout=30)
        _wait_for(lambda: not any(_alive(w) for w in workers), "the orphaned workers to end", 10)
    finally:
        _clean_up(proc)
