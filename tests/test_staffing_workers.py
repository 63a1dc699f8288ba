"""The days of a staffing run in processes or in an executor of the user's: the same
figures, bit for bit, whatever runs them (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cli import app
from teletraffic.errors import InputError
from teletraffic.staffing import forecast_from_calls
from teletraffic.staffing.day import simulate_day

DAY = pd.DataFrame({"start": ["09:00", "09:15", "09:30", "09:45"], "calls": [20, 60, 10, 30]})
OPTIONS: dict[str, Any] = {"talk": "3m", "patience": "2m", "replications": 4, "seed": 7}


class Recording(ThreadPoolExecutor):
    """A thread pool that counts the tasks it is given."""

    def __init__(self) -> None:
        super().__init__(max_workers=3)
        self.tasks = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.tasks += 1
        return super().submit(fn, *args, **kwargs)


class Backwards:
    """An executor that runs nothing until asked, then the last task given first: the
    days come back in another order than they were sent."""

    def __init__(self) -> None:
        self.pending: list[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.add_done_callback(lambda _: None)
        self.pending.append((future, fn, args))
        original = future.result

        def result(timeout: float | None = None) -> Any:
            while self.pending:
                f, g, a = self.pending.pop()
                f.set_result(g(*a))
            return original(timeout)

        future.result = result  # type: ignore[method-assign]
        return future


def test_the_table_is_the_same_in_any_number_of_processes() -> None:
    serial = tt.staff(DAY, volume_cv="10%", **OPTIONS)
    pooled = tt.staff(DAY, volume_cv="10%", workers=2, **OPTIONS)
    pd.testing.assert_frame_equal(serial, pooled)
    assert serial.attrs["passes"] == pooled.attrs["passes"]
    assert "service_level_mean_day" in pooled


def test_an_executor_of_ones_own_runs_every_day_and_is_left_open() -> None:
    serial = tt.staff(DAY, **OPTIONS)
    with Recording() as pool:
        given = tt.staff(DAY, executor=pool, **OPTIONS)
        passes = len(given.attrs["passes"]) - 1  # the first is the formulas' start
        # every pass simulates its days there, and so does the table's own check
        assert pool.tasks >= (passes + 1) * OPTIONS["replications"]
        assert pool.submit(sum, [1, 2]).result() == 3  # not shut down
    pd.testing.assert_frame_equal(serial, given)


def test_days_that_come_back_out_of_order_are_put_back_in_order() -> None:
    fc = forecast_from_calls(["09:00", "09:15", "09:30"], [30, 50, 10], talk=180.0, patience=120.0)
    serial = simulate_day(fc, [4, 9, 3], answer_time=20.0, days=5, seed=3)
    backwards = simulate_day(fc, [4, 9, 3], answer_time=20.0, days=5, seed=3, executor=Backwards())  # type: ignore[arg-type]
    for name in ("calls", "in_time", "abandoned", "wait", "busy"):
        assert np.array_equal(getattr(serial, name), getattr(backwards, name)), name
    assert not np.array_equal(serial.calls[0], serial.calls[-1])  # the days differ


def test_workers_and_an_executor_are_checked() -> None:
    with pytest.raises(InputError, match="workers: 0"):
        tt.staff(DAY, workers=0, **OPTIONS)
    with ThreadPoolExecutor(1) as pool, pytest.raises(InputError, match="one or the other"):
        tt.staff(DAY, workers=2, executor=pool, **OPTIONS)


def test_the_command_prints_the_same_table_with_workers(tmp_path: Path) -> None:
    day = tmp_path / "day.csv"
    DAY.to_csv(day, index=False)
    runner = CliRunner()
    args = ["staff", str(day), "--talk", "3m", "-r", "3", "-f", "csv"]
    one = runner.invoke(app, args)
    two = runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert one.output == two.output
    assert one.output.startswith("start,calls,traffic,staff,")
