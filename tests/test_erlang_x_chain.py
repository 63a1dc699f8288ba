"""Erlang X against a chain written here again, state by state, and solved densely.

:func:`teletraffic.erlang.erlang_x` solves a Markov chain with a retrial orbit (sparse,
truncated where the boundary holds less than 1e-10, with the attempt mix as a fixed
point). Here the same model is written from its definition, with no code of the
package: the state is (callers in the system, callers waiting to redial), every
transition listed by hand, the stationary distribution found with a dense solve, and
every figure read from it the way the result's attributes define it (attempts see the
time averages, PASTA). Two cases are exact in the package's chain and so must agree to
rounding: ``max_attempts`` so large that nobody runs out of attempts, and
``max_attempts`` 2 without hang-ups (every caller waiting to redial is on his last
attempt). Both hold the chain's generator, solver, truncation and every figure of the
result to 1e-7, which the engine comparisons of ``test_erlang_x.py`` (a few per cent)
could not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

from teletraffic.erlang import ErlangXResult, erlang_a, erlang_x, mmnk


@dataclass
class Reference:
    p_busy: float
    p_abandon: float
    p_wait: float
    p_answered: float
    answered_at_once: float
    offered: float
    carried: float
    mean_queue: float
    mean_redialling: float
    mean_wait: float


def reference(
    n: int,
    places: int,
    a: float,
    h: float,
    patience: float,
    p: float,
    after: float,
    *,
    last_attempt_orbit: bool = False,
    orbit_max: int = 150,
) -> Reference:
    """The chain of the model, in units of the mean talk time.

    *last_attempt_orbit*: every caller waiting to redial is on his last attempt (the
    ``max_attempts`` 2 case): a redial that fails is lost, only first attempts join the
    orbit.
    """
    lam, r, nu = a, (0.0 if math.isinf(patience) else h / patience), h / after
    states = [(k, o) for k in range(places + 1) for o in range(orbit_max + 1)]
    index = {s: i for i, s in enumerate(states)}
    q = np.zeros((len(states), len(states)))

    def add(frm: tuple[int, int], to: tuple[int, int], rate: float) -> None:
        if rate > 0 and to != frm and to in index:
            q[index[frm], index[to]] += rate

    for k, o in states:
        s = (k, o)
        if k < places:
            add(s, (k + 1, o), lam)  # a fresh caller gets a place
            add(s, (k + 1, o - 1), o * nu)  # a redial gets a place
        else:
            add(s, (k, o + 1), lam * p)  # busy: the fresh caller will redial
            if not last_attempt_orbit:
                add(s, (k, o - 1), o * nu * (1 - p))  # busy redial gives up
            else:
                add(s, (k, o - 1), o * nu)  # busy on the last attempt: lost
        add(s, (k - 1, o), min(k, n) * 1.0)  # a call ends
        hold = max(k - n, 0) * r
        if not last_attempt_orbit:
            add(s, (k - 1, o + 1), hold * p)  # hangs up, will redial
            add(s, (k - 1, o), hold * (1 - p))  # hangs up for good
        else:
            add(s, (k - 1, o), hold)
    np.fill_diagonal(q, -q.sum(axis=1))
    m = q.T.copy()
    m[-1, :] = 1.0  # one balance equation is redundant: normalise instead
    rhs = np.zeros(len(states))
    rhs[-1] = 1.0
    pi = np.linalg.solve(m, rhs)
    ks = np.array([k for k, _ in states])
    os = np.array([o for _, o in states])
    assert pi[os == orbit_max].sum() < 1e-12, "the reference's orbit is cut too short"

    attempts_at = lam + nu * os  # attempt rate in each state
    attempts = float(pi @ attempts_at)
    full = ks == places
    on_hold = np.maximum(ks - n, 0)
    busy = float(pi[full] @ attempts_at[full]) / attempts
    waits = (ks >= n) & ~full
    queue = float(pi @ on_hold)
    carried = float(pi @ np.minimum(ks, n))
    return Reference(
        p_busy=busy,
        p_abandon=r * queue / attempts,
        p_wait=float(pi[waits] @ attempts_at[waits]) / attempts,
        p_answered=carried / attempts,
        answered_at_once=float(pi[ks < n] @ attempts_at[ks < n]) / attempts,
        offered=attempts,
        carried=carried,
        mean_queue=queue,
        mean_redialling=float(pi @ os),
        mean_wait=queue * h / (attempts * (1 - busy)),
    )


CASES = [
    # agents, places, traffic, talk, patience, redial, after
    (1, 1, 0.6, 180.0, math.inf, 0.5, 60.0),
    (2, 4, 1.5, 180.0, 120.0, 0.5, 60.0),
    (3, 5, 2.4, 180.0, 120.0, 0.8, 60.0),
    (2, 6, 2.2, 100.0, 40.0, 0.3, 300.0),
    (4, 4, 3.0, 60.0, math.inf, 0.7, 20.0),
    (2, 3, 1.0, 200.0, 500.0, 0.9, 30.0),
]


def _check(got: ErlangXResult, want: Reference, tol: float) -> None:
    assert got.p_busy == pytest.approx(want.p_busy, rel=tol, abs=1e-12)
    pairs = {
        "p_abandon": want.p_abandon,
        "p_wait": want.p_wait,
        "p_answered": want.p_answered,
        "offered": want.offered,
        "carried": want.carried,
        "mean_queue_length": want.mean_queue,
        "mean_redialling": want.mean_redialling,
        "mean_wait": want.mean_wait,
        "occupancy": want.carried / got.agents,
        "attempts_per_caller": want.offered / got.traffic,
        "p_lost_caller": 1 - want.carried / got.traffic,
    }
    for name, value in pairs.items():
        assert getattr(got, name) == pytest.approx(value, rel=tol, abs=1e-12), name
    assert got.service_level(0.0) == pytest.approx(want.answered_at_once, rel=tol)
    assert got.service_level(math.inf) == got.p_answered
    assert got.method == "chain"
    assert 0 <= got.tail < 1e-9


@pytest.mark.parametrize("case", CASES, ids=[f"n{c[0]}k{c[1]}a{c[2]}" for c in CASES])
def test_erlang_x_is_the_chain_of_its_model(case: tuple[float, ...]) -> None:
    """Nobody runs out of attempts (1000 of them, redial at most 0.9): exact."""
    n, k, a, h, pat, p, after = case
    got = erlang_x(
        int(n), a, h, pat, places=int(k), redial=p, redial_after=after, max_attempts=1000
    )
    _check(got, reference(int(n), int(k), a, h, pat, p, after), 1e-7)


@pytest.mark.parametrize(
    "case", [c for c in CASES if math.isinf(c[4])] + [(2, 4, 1.8, 180.0, math.inf, 0.6, 90.0)]
)
def test_erlang_x_with_two_attempts_and_no_hang_ups_is_exact(case: tuple[float, ...]) -> None:
    """Two attempts, nobody hangs up: a caller waiting to redial is on his last attempt."""
    n, k, a, h, pat, p, after = case
    got = erlang_x(int(n), a, h, None, places=int(k), redial=p, redial_after=after, max_attempts=2)
    want = reference(int(n), int(k), a, h, pat, p, after, last_attempt_orbit=True)
    _check(got, want, 1e-7)


@pytest.mark.parametrize(("n", "k", "a", "patience"), [(3, 6, 2.5, None), (2, 5, 2.4, 90.0)])
def test_without_redials_every_figure_is_mmnk_s(
    n: int, k: int, a: float, patience: float | None
) -> None:
    """No redials: each field the formula's, the traffic ones from its blocking."""
    x = erlang_x(n, a, 180.0, patience, places=k)
    m = mmnk(n, k, a, 180.0, patience)
    assert x.method == "formula"
    assert x.tail == 0.0
    assert x.p_answered == pytest.approx(1.0 - m.p_busy - m.p_abandon, rel=1e-12)
    assert x.carried == pytest.approx(a * (1.0 - m.p_busy - m.p_abandon), rel=1e-12)
    assert x.occupancy == pytest.approx(x.carried / n, rel=1e-12)
    assert x.mean_queue_length == m.mean_queue_length
    assert x.mean_wait_answered == m.mean_wait_answered
    assert x.service_level(math.inf) == x.p_answered


def test_the_fixed_point_says_it_has_no_truncation() -> None:
    """The fixed point on the offered traffic truncates nothing: ``tail`` 0, and its
    figures are those of the queue at that traffic."""
    x = erlang_x(600, 660.0, 180.0, 60.0, redial=0.7, redial_after=60.0)
    assert x.method == "fixed point"
    assert x.tail == 0.0
    q = erlang_a(600, x.offered, 180.0, 60.0)
    assert x.p_wait == pytest.approx(q.p_wait, rel=1e-9)
    assert x.mean_wait_answered == pytest.approx(q.mean_wait_answered, rel=1e-9)
    assert x.service_level(20.0) == pytest.approx(q.service_level(20.0), rel=1e-9)
    assert x.p_busy == 0.0
