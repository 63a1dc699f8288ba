"""The engine's event loop (:meth:`teletraffic.engine.simpy_adapter.Clock.run`): the
order SimPy's own loop gives, SimPy's own events included."""

from __future__ import annotations

import random

import simpy

from teletraffic.engine.simpy_adapter import Clock, Due


def _schedule(env: Clock, seen: list[tuple[float, int]]) -> None:
    rng = random.Random(4)
    for k in range(300):
        delay = rng.choice([0.0, 1.0, 2.5, rng.random() * 10])

        def note(due: Due | simpy.Event, k: int = k) -> None:
            seen.append((env.now, k))
            if k % 7 == 0 and k < 280:  # events scheduled from inside callbacks too
                env.later(rng.choice([0.0, 1.0]), lambda d, k=k: seen.append((env.now, -k)), None)

        if k % 5 == 0:
            env.timeout(delay).callbacks.append(note)  # SimPy's own event
        else:
            env.later(delay, note, None)


def test_the_loop_runs_events_in_simpys_order() -> None:
    ours: list[tuple[float, int]] = []
    env = Clock()
    _schedule(env, ours)
    env.run()
    theirs: list[tuple[float, int]] = []
    ref = Clock()
    _schedule(ref, theirs)
    simpy.Environment.run(ref)
    assert ours == theirs
    assert len(ours) > 300
    assert ours == sorted(ours, key=lambda e: e[0])  # in time (sorted is stable)
