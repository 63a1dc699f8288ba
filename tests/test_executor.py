"""Replications on any executor: batched, taken as they finish, the serial figures.

A run with the same seed gives the same figures byte for byte whether it runs here, in a
process pool or on a Dask cluster, in batches of any size, and when a Dask worker is lost
mid-run (the scheduler runs its batch again elsewhere).
"""

from __future__ import annotations

import math
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

import pytest

import teletraffic.runner
from teletraffic.runner import SimulationResult, estimate_work, simulate
from teletraffic.scenario import Scenario, scenario_from_dict

SPEC: dict[str, Any] = {
    "name": "executor check",
    "period": {"days": 1, "open": "09:00", "close": "12:00"},
    "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 6}],
    "traffic": [
        {
            "name": "clients",
            "dial": "1",
            "calls_per_hour": {"09": 30, "10": 60, "11": 40},
            "talk": {"mean": "3m", "dist": "lognormal", "cv": 0.8},
            "patience": "1m",
            "redial": {"probability": 0.5, "after": "2m"},
        }
    ],
    "pbx": {"kind": "virtual", "hold": {"max_callers": 2}},
    "departments": [{"name": "desk", "staff": 3, "strategy": "random"}],
}


def _scenario() -> Scenario:
    return scenario_from_dict(SPEC)


def _same(a: SimulationResult, b: SimulationResult) -> None:
    """Byte-identical tables: the summary and every replication, written out in full."""
    assert a.summary.to_csv(float_format=repr) == b.summary.to_csv(float_format=repr)
    assert a.replications.to_csv(float_format=repr) == b.replications.to_csv(float_format=repr)


class _Backwards(Executor):
    """Runs nothing until *expected* tasks are in, then finishes them last first."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.tasks: list[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.tasks.append((future, fn, args))
        if len(self.tasks) == self.expected:
            for task, call, task_args in reversed(self.tasks):
                task.set_result(call(*task_args))
        return future


@pytest.fixture
def batches_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every replication its own task (tasks of the real run last a second or more)."""
    monkeypatch.setattr(teletraffic.runner, "MIN_TASK_SECONDS", 0.0)


@pytest.mark.usefixtures("batches_of_one")
def test_batches_finishing_in_any_order_give_the_serial_figures() -> None:
    scenario = _scenario()
    serial = simulate(scenario, replications=5, seed=3)
    seen: list[int] = []
    backwards = simulate(
        scenario,
        replications=5,
        seed=3,
        executor=_Backwards(5),
        progress=lambda done, total: seen.append(done),
    )
    _same(serial, backwards)
    assert seen == [1, 2, 3, 4, 5]  # counted as each batch came in


def test_tasks_batch_replications_to_last_a_second() -> None:
    """A short replication is batched with others; a long one is a task of its own."""
    short = estimate_work(_scenario(), 40)
    assert short.seconds_per_replication < 0.5
    assert short.batch(1.0) == math.ceil(1.0 / short.seconds_per_replication)
    long_spec = {**SPEC, "period": {"days": 1000, "open": "09:00", "close": "12:00"}}
    assert estimate_work(scenario_from_dict(long_spec), 40).batch(1.0) == 1

    submitted: list[tuple[int, int]] = []

    class Counting(_Backwards):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
            submitted.append((args[1], args[2]))
            return super().submit(fn, *args)

    batch = estimate_work(_scenario(), 7).batch(teletraffic.runner.MIN_TASK_SECONDS)
    tasks = math.ceil(7 / batch)
    simulate(_scenario(), replications=7, seed=1, executor=Counting(tasks))
    assert submitted == [(a, min(a + batch, 7)) for a in range(0, 7, batch)]


@pytest.mark.slow
@pytest.mark.usefixtures("batches_of_one")
def test_a_process_pool_executor_gives_the_serial_figures() -> None:
    scenario = _scenario()
    serial = simulate(scenario, replications=4, seed=8)
    with ProcessPoolExecutor(2) as pool:
        pooled = simulate(scenario, replications=4, seed=8, executor=pool)
    _same(serial, pooled)


def test_an_executor_and_workers_are_not_both_taken() -> None:
    from teletraffic.errors import InputError

    with ProcessPoolExecutor(1) as pool, pytest.raises(InputError, match="not both"):
        simulate(_scenario(), replications=2, executor=pool, workers=2)


# --- Dask -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A Dask cluster of two worker processes on this machine."""
    distributed = pytest.importorskip(
        "dask.distributed",
        reason="Dask is not installed (pip install 'teletraffic-sim[dask]'; the dev extra has it)",
    )
    import logging

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.mark.slow
@pytest.mark.usefixtures("batches_of_one")
def test_a_dask_cluster_gives_the_serial_figures(dask_client: Any) -> None:
    scenario = _scenario()
    serial = simulate(scenario, replications=6, seed=21, workers=1)
    from dask.distributed import get_task_stream

    with get_task_stream(dask_client) as stream:
        on_dask = simulate(
            scenario, replications=6, seed=21, executor=dask_client.get_executor(pure=False)
        )
    _same(serial, on_dask)
    assert len(stream.data) == 6  # six tasks of one replication, on both workers
    assert len({task["worker"] for task in stream.data}) == 2


@pytest.mark.slow
@pytest.mark.usefixtures("batches_of_one")
def _gone_or_zombie(pid: int) -> bool:
    """The process no longer runs: gone, or dead and not yet reaped by its parent."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.split()[1:2] == ["Z"] for line in status if line.startswith("State:"))
    except OSError:
        return True


def test_a_worker_lost_mid_run_still_gives_the_serial_figures(
    dask_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL to a worker that holds a batch when the first batch comes back: the
    scheduler gives its batches to the other worker, and the summary is unchanged.
    One replication a task (the scenario is small enough for one task otherwise), so
    that tasks are still running when the first comes back."""
    import teletraffic.runner

    monkeypatch.setattr(teletraffic.runner, "MIN_TASK_SECONDS", 1e-9)
    scenario = _scenario()
    serial = simulate(scenario, replications=8, seed=34)
    killed: list[int] = []

    def kill_a_busy_worker(done: int, total: int) -> None:
        if killed:
            return
        busy = [w for w, keys in dask_client.processing().items() if keys]
        if not busy:
            return
        pid = dask_client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    on_dask = simulate(
        scenario,
        replications=8,
        seed=34,
        executor=dask_client.get_executor(pure=False),
        progress=kill_a_busy_worker,
    )
    assert killed, "no worker was busy when the first batch came back: nothing was lost"
    assert _gone_or_zombie(killed[0])
    _same(serial, on_dask)
