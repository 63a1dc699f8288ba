"""A department's uniform draws, taken ahead in blocks, are its stream's draws."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from teletraffic.distributions import BATCH, stream_rng, uniforms
from teletraffic.engine import pbx
from teletraffic.runner import replicate
from teletraffic.scenario import scenario_from_dict


def test_uniforms_drawn_ahead_are_the_streams_own_draws_in_order() -> None:
    """Across block edges: the same values, in the same order, as one scalar draw each
    (what keeps the figures of every department the same when its draws are batched)."""
    one_at_a_time = stream_rng(7, 2, "department:sales", "ring")
    ahead = uniforms(stream_rng(7, 2, "department:sales", "ring"))
    n = 2 * BATCH + 3
    assert [ahead() for _ in range(n)] == [one_at_a_time.random() for _ in range(n)]


def test_uniforms_read_the_generator_they_are_given() -> None:
    a, b = np.random.default_rng(1), np.random.default_rng(2)
    assert uniforms(a)() != uniforms(b)()


def _spec(strategy: str, members: list[dict[str, int]]) -> dict[str, Any]:
    return {
        "name": "draws",
        "period": {"hours": 30, "warmup": 0},
        "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 8}],
        "pbx": {"kind": "virtual", "hold": {"max_callers": 2}},
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 90, "talk": "3m"}],
        "departments": [
            {
                "name": "d",
                "strategy": strategy,
                "members": members,
                "pickup": 0.7,
                "ring_timeout": "10s",
            }
        ],
    }


PLAIN = [{}] * 5
PENALTIES = [{"penalty": p % 2} for p in range(5)]
TIERS = [{"level": 1 + p % 3} for p in range(5)]


@pytest.mark.parametrize(
    ("strategy", "members"),
    [
        ("random", PLAIN),
        ("wrandom", PLAIN),
        ("linear", PLAIN),
        ("random", PENALTIES),
        ("random", TIERS),
        ("round-robin", TIERS),
    ],
)
def test_a_run_draws_the_same_as_with_one_scalar_draw_each(
    strategy: str, members: list[dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who picks up (70%) and who is rung at random share the department's stream. The
    call log of a run is the same when every draw is a scalar draw of the generator:
    with penalties, with tiers, and where the strategy's own order function ranks the
    members (round robin with tiers: nothing is drawn ahead for it)."""
    scenario = scenario_from_dict(_spec(strategy, members))
    _, ahead = replicate(scenario, 0, 11, keep_log=True)
    monkeypatch.setattr(pbx, "uniforms", lambda rng: rng.random)
    _, scalar = replicate(scenario, 0, 11, keep_log=True)
    assert ahead is not None
    assert scalar is not None
    assert len(ahead) > 2000
    assert list(ahead) == list(scalar)
