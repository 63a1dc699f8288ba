"""The engine's event loop (:meth:`teletraffic.engine.simpy_adapter.Clock.run`): the
order SimPy's own loop gives, SimPy's own events included."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import simpy

from teletraffic.engine.simpy_adapter import Clock


class SimpyClock(Clock):
    """The reference: :meth:`Clock.later` as SimPy's own timeout with a callback."""

    def later(self, delay: float, callback: Callable[[Any], None], value: Any) -> None:
        self.timeout(delay, value).callbacks.append(lambda event: callback(event.value))

    def each(
        self, times: Iterator[float], callback: Callable[[Any, float], None], value: Any
    ) -> None:
        def fire(event: simpy.Event) -> None:
            now = self._now
            callback(value, now)
            for t in times:
                self.timeout(t - now).callbacks.append(fire)
                return

        for t in times:
            self.timeout(t).callbacks.append(fire)
            return

    @property  # type: ignore[override]
    def now(self) -> float:
        return self._now  # SimPy's own loop keeps only this

    @now.setter
    def now(self, value: float) -> None:
        pass


def _schedule(env: Clock, seen: list[tuple[float, int]]) -> None:
    rng = random.Random(4)
    for k in range(300):
        delay = rng.choice([0.0, 1.0, 2.5, rng.random() * 10])

        def note(value: Any, k: int = k) -> None:
            seen.append((env.now, k))
            if k % 7 == 0 and k < 280:  # events scheduled from inside callbacks too
                env.later(rng.choice([0.0, 1.0]), lambda d, k=k: seen.append((env.now, -k)), None)

        if k % 5 == 0:
            env.timeout(delay).callbacks.append(note)  # SimPy's own event
        else:
            env.later(delay, note, None)
    for s in range(3):  # streams of times (arrivals), some at the times above
        times = sorted(rng.choice([1.0, 2.5, rng.random() * 10]) for _ in range(40))
        env.each(iter(times), lambda value, now: seen.append((now, 1000 + value)), s)


def test_the_loop_runs_events_in_simpys_order() -> None:
    ours: list[tuple[float, int]] = []
    env = Clock()
    _schedule(env, ours)
    env.run()
    theirs: list[tuple[float, int]] = []
    ref = SimpyClock()
    _schedule(ref, theirs)
    simpy.Environment.run(ref)  # SimPy's own loop, SimPy's own events only
    assert ours == theirs
    assert len(ours) > 300
    assert ours == sorted(ours, key=lambda e: e[0])  # in time (sorted is stable)


def test_the_run_keeps_the_garbage_collector_mostly_asleep_and_restores_it() -> None:
    """During a run the youngest generation is collected seldom (calls in flight are
    freed by reference counting; the collector's passes over thousands of them cost a
    third of a 10,000-channel run), and nothing is frozen; after the run the collector
    is as it was."""
    import gc

    from teletraffic.engine.model import run_replication
    from teletraffic.runner import layout_of
    from teletraffic.scenario import scenario_from_dict
    from teletraffic.tally import Tally

    scenario = scenario_from_dict(
        {
            "name": "gc",
            "period": {"hours": 1, "warmup": 0},
            "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 60, "talk": "1m"}],
        }
    )
    seen: list[tuple[int, int]] = []

    class Watching(Tally):
        def attempt(self, record: object) -> None:
            seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
            super().attempt(record)  # type: ignore[arg-type]

    before = gc.get_threshold(), gc.get_freeze_count()
    run_replication(scenario, 0, 1, Watching(layout_of(scenario), scenario.answer_time))
    assert seen
    assert all(t >= 100_000 and frozen == before[1] for t, frozen in seen)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_runs_that_overlap_in_threads_leave_the_collector_as_they_found_it() -> None:
    """Replications run in threads enter and leave in any order: the first in saves the
    collector's thresholds, the last out restores them (were each run to save and
    restore its own, the run that entered second would restore the raised threshold)."""
    import gc

    from teletraffic.engine.model import _few_collections

    before = gc.get_threshold(), gc.get_freeze_count()
    first, second = _few_collections(), _few_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == 100_000  # the second run is still going
    second.__exit__(None, None, None)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_many_runs_in_one_process_do_not_pile_up_garbage() -> None:
    """Garbage left by one run is collected as usual after it: nothing a run leaves
    behind is frozen into the oldest generation. Ten more runs leave the old generation
    as it was (freezing at each start, it grew by about 2,200 objects)."""
    import gc

    from teletraffic.runner import simulate
    from teletraffic.scenario import scenario_from_dict

    scenario = scenario_from_dict(
        {
            "name": "many",
            "period": {"hours": 2, "warmup": 0},
            "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 60, "talk": "1m"}],
        }
    )

    def old_objects_after(runs: int) -> int:
        for seed in range(runs):
            simulate(scenario, replications=2, seed=seed, workers=1)
        gc.collect(0)
        gc.collect(1)  # the young generations only: a pile-up stays in the oldest
        return len(gc.get_objects(generation=2)) + gc.get_freeze_count()

    settled = old_objects_after(5)
    assert old_objects_after(10) - settled < 1000


def test_the_time_read_by_the_engine_follows_simpys_own_events_too() -> None:
    """``now`` is a plain attribute (cheap to read): it is SimPy's time after an event
    of either kind, and the loop refuses SimPy's *until*, which its own loop cannot
    honour with the engine's entries in the heap."""
    env = Clock(5.0)
    assert env.now == 5.0
    seen: list[tuple[float, float]] = []
    env.timeout(2.0).callbacks.append(lambda event: seen.append((env.now, env._now)))
    env.later(3.0, lambda value: seen.append((env.now, env._now)), None)
    env.timeout(4.0)  # a SimPy event without a callback: the time still moves
    env.run()
    assert seen == [(7.0, 7.0), (8.0, 8.0)]
    assert env.now == 9.0
    with pytest.raises(ValueError, match="until"):
        env.run(until=20.0)
