"""Sizing agents uses what the user said: Erlang A with a patience, Erlang C without.

The reference is a plain scan n = 1, 2, ... over the formula itself, independent of the
exponential search and bisection the sizing functions use.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from teletraffic import erlang as erl
from teletraffic.errors import InputError


def first(ok: object) -> int:
    """Smallest n >= 1 with ok(n), by a plain scan."""
    for n in itertools.count(1):
        if ok(n):  # type: ignore[operator]
            return n
    raise AssertionError("unreachable")


# traffic (erlangs), talk (s), patience (s), target share, answer time (s)
GRID = [
    (a, h, pat, share, t)
    for a, h in [(0.4, 120.0), (2.0, 180.0), (8.0, 240.0), (20.0, 240.0), (45.0, 300.0)]
    for pat in (20.0, 60.0, 300.0)
    for share, t in [(0.5, 10.0), (0.8, 20.0), (0.95, 60.0)]
]


@pytest.mark.parametrize(("a", "h", "pat", "share", "t"), GRID)
def test_service_level_with_patience_is_the_smallest_erlang_a_n(
    a: float, h: float, pat: float, share: float, t: float
) -> None:
    n = erl.agents_for_service_level(a, h, share, t, patience=pat)
    assert n == first(lambda k: erl.erlang_a(k, a, h, pat).service_level(t) >= share)
    assert erl.erlang_a(n, a, h, pat).service_level(t) >= share
    if n > 1:
        assert erl.erlang_a(n - 1, a, h, pat).service_level(t) < share


def test_the_example_of_the_issue() -> None:
    """300 calls/h of 4 minutes, patience 1 minute, 80 % within 20 s: 21, not Erlang C's 25."""
    a = 300 * 240 / 3600
    assert erl.agents_for_service_level(a, 240.0, 0.8, 20.0, patience=60.0) == 21
    assert erl.agents_for_service_level(a, 240.0, 0.8, 20.0) == 25
    assert erl.agents_for_service_level(a, 240.0, 0.8, 20.0, patience=math.inf) == 25
    assert erl.agents_for_service_level(a, 240.0, 0.8, 20.0, patience=None) == 25


@pytest.mark.parametrize(
    ("a", "h", "pat"), [(2.0, 180.0, 60.0), (8.0, 240.0, 30.0), (20.0, 240.0, 600.0)]
)
@pytest.mark.parametrize("target", [2.0, 15.0, 60.0])
def test_asa_with_patience_is_the_smallest_erlang_a_n(
    a: float, h: float, pat: float, target: float
) -> None:
    n = erl.agents_for_asa(a, h, target, patience=pat)
    assert n == first(lambda k: erl.erlang_a(k, a, h, pat).mean_wait <= target)


@pytest.mark.parametrize(
    ("a", "h", "share", "t"), [(2.0, 180.0, 0.8, 20.0), (20.0, 240.0, 0.9, 15.0)]
)
def test_without_patience_nothing_changes(a: float, h: float, share: float, t: float) -> None:
    n = erl.agents_for_service_level(a, h, share, t)
    assert n == first(lambda k: k > a and erl.service_level(k, a, h, t) >= share)
    w = erl.agents_for_asa(a, h, 10.0)
    assert w == first(lambda k: k > a and erl.average_speed_of_answer(k, a, h) <= 10)


def test_patience_broadcasts_and_is_checked() -> None:
    got = erl.agents_for_service_level([20.0, 20.0], 240.0, 0.8, 20.0, patience=[60.0, math.inf])
    assert isinstance(got, np.ndarray)
    assert got.tolist() == [21, 25]
    assert erl.agents_for_service_level(0.0, 240.0, 0.8, 20.0, patience=60.0) == 0
    with pytest.raises(InputError, match="patience must be > 0, got 0"):
        erl.agents_for_service_level(2.0, 240.0, 0.8, 20.0, patience=0.0)
    with pytest.raises(InputError, match="patience must be a number"):
        erl.agents_for_asa(2.0, 240.0, 20.0, patience=math.nan)
