"""Tests of teletraffic.erlang: high-precision references, identities, tables, properties.

The references are computed here with mpmath at 50 digits by series that share no code
(and no method) with the float implementation: Erlang B by the finite sum
:math:`1/B = \\sum_i \\prod_{j<i} (N-j)/A` where traffic exceeds the lines, and by
:math:`B = p(N)/(1 - p(N)\\sum_{i\\ge1}\\prod_{j\\le i} A/(N+j))` below. Queues with
hang-ups are checked against brute-force birth-death chains built in numpy here.
"""

from __future__ import annotations

import math
import subprocess
import sys

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm

from teletraffic import erlang as erl
from teletraffic.errors import InputError

# --------------------------------------------------------------------------------------
# references
# --------------------------------------------------------------------------------------


def ref_erlang_b(n: int, a: float, dps: int = 50) -> mp.mpf:
    """Erlang B at *dps* digits by convergent series (see the module docstring)."""
    with mp.workdps(dps):
        a_mp = mp.mpf(a)
        if n == 0:
            return mp.mpf(1)
        if a == 0:
            return mp.mpf(0)
        eps = mp.mpf(10) ** (-dps + 5)
        if a_mp > n:
            total = term = mp.mpf(1)
            for i in range(n):
                term = term * (n - i) / a_mp
                total += term
                if term < eps * total:
                    break
            return 1 / total
        p = mp.exp(n * mp.log(a_mp) - a_mp - mp.loggamma(n + 1))
        tail, term, j = mp.mpf(0), mp.mpf(1), 1
        while True:
            term = term * a_mp / (n + j)
            tail += term
            if term < eps * tail:
                break
            j += 1
        return p / (1 - p * tail)


def ref_erlang_b_real(n: float, a: float) -> mp.mpf:
    """Continuous Erlang B, 1/B = e^A A^-N Gamma(N+1, A), for moderate arguments."""
    with mp.workdps(40):
        nm, am = mp.mpf(n), mp.mpf(a)
        return 1 / (mp.exp(am) * am ** (-nm) * mp.gammainc(nm + 1, am, mp.inf))


def ref_engset_time(n: int, s: int, beta: float) -> mp.mpf:
    with mp.workdps(40):
        b = mp.mpf(beta)
        terms = [mp.binomial(s, k) * b**k for k in range(n + 1)]
        return terms[-1] / mp.fsum(terms)


def brute_chain(n: int, places: int, a: float, h: float, patience: float | None) -> dict:
    """M/M/n/K(+M) by explicit state probabilities (plain numpy, small systems)."""
    lam, mu = a / h, 1.0 / h
    theta = 0.0 if patience is None else 1.0 / patience
    w = [1.0]
    for k in range(1, places + 1):
        w.append(w[-1] * lam / (min(k, n) * mu + max(k - n, 0) * theta))
    pi = np.array(w) / sum(w)
    k = np.arange(places + 1)
    lq = float(np.dot(np.maximum(k - n, 0), pi))
    return {
        "pi": pi,
        "p_busy": float(pi[places]),
        "p_wait": float(pi[n:places].sum()),
        "lq": lq,
        "p_abandon": theta * lq / lam,
        "carried": float(np.dot(np.minimum(k, n), pi)),
    }


def brute_answered_within(
    n: int, places: int, a: float, h: float, patience: float | None, t: float
) -> float:
    """P(answered within t) over all offered, from the tagged caller's own Markov chain."""
    chain = brute_chain(n, places, a, h, patience)
    pi = chain["pi"]
    mu = 1.0 / h
    theta = 0.0 if patience is None else 1.0 / patience
    total = float(pi[:n].sum())
    for j in range(places - n):
        if pi[n + j] < 1e-18:
            continue
        size = j + 3  # j+1 "callers ahead" states, then answered, abandoned
        q = np.zeros((size, size))
        for idx in range(j + 1):
            ahead = j - idx
            if ahead > 0:
                q[idx, idx + 1] = n * mu + ahead * theta
            else:
                q[idx, j + 1] = n * mu
            q[idx, j + 2] += theta
            q[idx, idx] = -q[idx].sum()
        total += float(pi[n + j]) * float(expm(q * t)[0, j + 1])
    return total


# --------------------------------------------------------------------------------------
# Erlang B against mpmath
# --------------------------------------------------------------------------------------


def _grid() -> list[tuple[int, float]]:
    lines = np.unique(np.round(np.logspace(0, 5, 21)).astype(int))
    traffic = np.logspace(-2, 5, 22)
    pts = [(int(n), float(a)) for n in lines for a in traffic]
    for n in lines:
        root = math.sqrt(n)
        pts += [(int(n), float(n * f)) for f in (0.9, 0.99, 1.0, 1.01, 1.1)]
        pts += [(int(n), float(n + z * root)) for z in (-3.0, -1.0, 0.5, 2.0, 10.0, 37.0)]
    pts += [(100_000, 100_000.0), (100_000, 1e-2), (1, 100_000.0), (0, 5.0), (7, 0.0)]
    return [(n, a) for n, a in pts if a >= 0]


GRID = _grid()
REFS = [ref_erlang_b(n, a) for n, a in GRID]


def test_erlang_b_matches_mpmath_to_1e12_on_grid_to_100000() -> None:
    """Worst relative error <= 1e-12 wherever the true value is >= 1e-300."""
    n = np.array([p[0] for p in GRID], dtype=float)
    a = np.array([p[1] for p in GRID])
    vec = erl.erlang_b(n, a)
    scalars = np.array([erl.erlang_b(ni, ai) for ni, ai in GRID])
    assert np.all(np.isfinite(vec))
    assert np.all(np.isfinite(scalars))
    assert np.all((vec >= 0) & (vec <= 1))
    worst = 0.0
    for got_v, got_s, ref in zip(vec, scalars, REFS, strict=True):
        if ref >= mp.mpf("1e-300"):
            for got in (got_v, got_s):
                worst = max(worst, float(abs((mp.mpf(float(got)) - ref) / ref)))
        else:
            assert got_v <= 1e-290
            assert got_s <= 1e-290
    assert worst <= 1e-12, worst


def test_erlang_b_scalar_and_array_paths_agree() -> None:
    n = np.array([p[0] for p in GRID], dtype=float)
    a = np.array([p[1] for p in GRID])
    vec = erl.erlang_b(n, a)
    scalars = np.array([erl.erlang_b(ni, ai) for ni, ai in GRID])
    np.testing.assert_allclose(vec, scalars, rtol=1e-14, atol=0)


@pytest.mark.parametrize(
    ("n", "a"),
    [(0.5, 0.2), (2.5, 3.0), (7.3, 2.0), (7.3, 20.0), (40.5, 39.0), (40.5, 45.0), (300.7, 310.0)],
)
def test_erlang_b_continuous_lines_match_incomplete_gamma(n: float, a: float) -> None:
    ref = ref_erlang_b_real(n, a)
    assert float(abs((mp.mpf(erl.erlang_b(n, a)) - ref) / ref)) <= 1e-12


def test_erlang_b_extremes_have_no_nan_or_inf() -> None:
    n = np.array([0, 1, 10, 1e3, 1e5, 1e5, 1e5, 1, 1e5])
    a = np.array([1e5, 1e5, 1e5, 1e5, 1e5, 1e-300, 0.0, 1e-300, 99_999.9])
    out = erl.erlang_b(n, a)
    assert np.all(np.isfinite(out))
    assert out[0] == 1.0
    assert out[5] == 0.0
    assert out[6] == 0.0
    assert 0.99 < out[1] < 1.0


def test_erlang_b_returns_python_float_for_numbers_and_arrays_for_arrays() -> None:
    assert type(erl.erlang_b(5, 3.0)) is float
    assert type(erl.erlang_b(np.int64(5), np.float64(3.0))) is float
    out = erl.erlang_b(np.arange(1, 4)[:, None], np.array([1.0, 2.0]))
    assert isinstance(out, np.ndarray)
    assert out.shape == (3, 2)
    assert isinstance(erl.erlang_c([3, 4], 2.0), np.ndarray)
    assert erl.engset([1, 2], [5, 5], 1.0).shape == (2,)
    assert type(erl.lines_for_blocking(3.0, 0.01)) is int


# --------------------------------------------------------------------------------------
# published values
# --------------------------------------------------------------------------------------


def test_classic_erlang_b_table_values() -> None:
    """Standard Erlang B tables (e.g. V. B. Iversen, *Teletraffic Engineering and Network
    Planning*, DTU 2015, table of the Erlang B formula): at 1 % blocking, 10 lines carry
    4.461 E and 100 lines 84.06 E."""
    assert erl.traffic_for_blocking(10, 0.01) == pytest.approx(4.4612, abs=5e-5)
    assert erl.traffic_for_blocking(100, 0.01) == pytest.approx(84.064, abs=5e-4)
    assert erl.lines_for_blocking(4.46, 0.01) == 10
    assert erl.lines_for_blocking(4.4612, 0.01) == 11  # 4.4612 E is just over the 1 % point


def test_erlang_com_worked_examples() -> None:
    """erlang.com calculator manual ("How much traffic can a trunk group handle?"): 15
    lines at 1 % blocking carry 8.108 E. erlang.com forum, "Trunk Engineering" (2001):
    1200 calls/h of 2 minutes' average (33.33 E) at 1 % blocking need 45 lines."""
    assert erl.traffic_for_blocking(15, 0.01) == pytest.approx(8.108, abs=5e-4)
    assert erl.lines_for_blocking(1200 / 36, 0.01) == 45


def test_erlang_c_call_centre_example() -> None:
    """A textbook call-centre setting (360 calls per half hour, 4-minute calls, 55 agents,
    15 s answer target: 48 E). Expected values computed independently with mpmath
    (Erlang B recursion at 30 digits): C = 0.23870, ASA = 8.184 s, SL(15 s) = 84.59 %."""
    a = 360 / 1800 * 240
    assert a == pytest.approx(48.0)
    assert erl.erlang_c(55, a) == pytest.approx(0.2387009363780092, rel=1e-12)
    assert erl.average_speed_of_answer(55, a, 240) == pytest.approx(8.184032104388887, rel=1e-12)
    assert erl.service_level(55, a, 240, 15) == pytest.approx(0.8458830921705803, rel=1e-12)
    assert erl.occupancy(55, a) == pytest.approx(48 / 55)


# --------------------------------------------------------------------------------------
# Erlang C family
# --------------------------------------------------------------------------------------


def test_erlang_c_from_erlang_b_identity() -> None:
    for n, a in [(1, 0.5), (5, 3.0), (50, 45.0), (1000, 990.0), (10_000, 9_900.0)]:
        b = erl.erlang_b(n, a)
        assert erl.erlang_c(n, a) == pytest.approx(b / (1 - (a / n) * (1 - b)), rel=1e-13)


def test_erlang_c_overload_is_one_and_waits_are_infinite() -> None:
    assert erl.erlang_c(5, 5.0) == 1.0
    assert erl.erlang_c(5, 7.0) == 1.0
    assert erl.average_speed_of_answer(5, 7.0, 180) == math.inf
    assert erl.mean_queue_length(5, 5.0) == math.inf
    assert erl.service_level(5, 7.0, 180, 20) == 0.0
    assert erl.occupancy(5, 7.0) == 1.0


def test_erlang_c_business_functions_are_consistent() -> None:
    n, a, h = 12, 9.5, 200.0
    c = erl.erlang_c(n, a)
    assert erl.service_level(n, a, h, 0.0) == pytest.approx(1 - c)
    # Little: mean queue = arrival rate * mean wait
    assert erl.mean_queue_length(n, a) == pytest.approx(
        a / h * erl.average_speed_of_answer(n, a, h)
    )


# --------------------------------------------------------------------------------------
# M/M/n/K and Erlang A
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "a"), [(1, 0.3), (4, 3.0), (30, 25.0), (200, 230.0)])
def test_mmnk_without_hold_places_is_erlang_b(n: int, a: float) -> None:
    r = erl.mmnk(n, n, a, talk_time=180.0)
    assert r.p_busy == pytest.approx(erl.erlang_b(n, a), rel=1e-13)
    assert r.p_wait == 0.0
    assert r.carried == pytest.approx(a * (1 - erl.erlang_b(n, a)), rel=1e-13)


def test_mmnk_tends_to_erlang_c_as_places_grow() -> None:
    c = erl.erlang_c(10, 8.0)
    gaps = [abs(erl.mmnk(10, k, 8.0, 100.0).p_wait - c) for k in (12, 20, 60, 400)]
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-12
    big = erl.mmnk(10, 400, 8.0, 100.0)
    assert big.mean_wait == pytest.approx(erl.average_speed_of_answer(10, 8.0, 100.0), rel=1e-10)


@pytest.mark.parametrize(
    ("n", "k", "a", "h", "patience"),
    [
        (3, 8, 2.5, 180.0, 60.0),
        (5, 12, 6.0, 120.0, 300.0),
        (10, 30, 9.0, 200.0, None),
        (2, 9, 3.0, 60.0, 30.0),
        (6, 6, 4.0, 60.0, 30.0),
    ],
)
def test_mmnk_against_brute_force_chain(
    n: int, k: int, a: float, h: float, patience: float | None
) -> None:
    r = erl.mmnk(n, k, a, h, patience)
    b = brute_chain(n, k, a, h, patience)
    assert r.p_busy == pytest.approx(b["p_busy"], rel=1e-12, abs=1e-15)
    assert r.p_wait == pytest.approx(b["p_wait"], rel=1e-12, abs=1e-15)
    assert r.mean_queue_length == pytest.approx(b["lq"], rel=1e-12, abs=1e-15)
    assert r.p_abandon == pytest.approx(b["p_abandon"], rel=1e-12, abs=1e-15)
    assert r.carried == pytest.approx(b["carried"], rel=1e-12)
    assert r.p_busy + r.p_abandon + r.p_answered == pytest.approx(1.0, rel=1e-13)
    for t in (0.0, 10.0, 60.0):
        assert r.service_level(t) == pytest.approx(
            brute_answered_within(n, k, a, h, patience, t), rel=1e-10
        )


@pytest.mark.parametrize(
    ("n", "a", "h", "patience"),
    [(3, 2.0, 180.0, 60.0), (10, 8.0, 180.0, 60.0), (8, 11.0, 120.0, 90.0), (1, 0.7, 60.0, 5.0)],
)
def test_erlang_a_against_brute_force_chain(n: int, a: float, h: float, patience: float) -> None:
    r = erl.erlang_a(n, a, h, patience)
    b = brute_chain(n, n + 600, a, h, patience)  # tail beyond 600 on hold is negligible
    assert b["p_busy"] < 1e-30
    assert r.p_wait == pytest.approx(b["p_wait"], rel=1e-11)
    assert r.p_abandon == pytest.approx(b["p_abandon"], rel=1e-11)
    assert r.mean_queue_length == pytest.approx(b["lq"], rel=1e-11)
    assert r.mean_wait == pytest.approx(b["lq"] / (a / h), rel=1e-11)
    assert r.carried == pytest.approx(b["carried"], rel=1e-11)
    assert r.p_answered == pytest.approx(r.carried / a, rel=1e-12)
    for t in (0.0, 20.0):
        expected = brute_answered_within(n, n + 60, a, h, patience, t)
        assert r.service_level(t) == pytest.approx(expected, rel=1e-8)
    assert r.service_level(math.inf) == pytest.approx(r.p_answered)
    assert r.service_level_answered(1e6) == pytest.approx(1.0)


def test_erlang_a_mean_wait_answered_by_simulation_of_the_tagged_caller() -> None:
    """E[wait | answered] from the state probabilities and exact hypoexponential means."""
    n, a, h, pat = 4, 3.5, 100.0, 50.0
    r = erl.erlang_a(n, a, h, pat)
    b = brute_chain(n, n + 300, a, h, pat)
    mu, theta = 1 / h, 1 / pat
    num = 0.0
    for j in range(300):
        rates = n * mu + theta * np.arange(j + 1)
        p_ans = np.prod(rates / (rates + theta))
        # mean of the sum of Exp(rate + theta) (the wait, given it ends before patience)
        num += b["pi"][n + j] * p_ans * np.sum(1 / (rates + theta))
    assert r.mean_wait_answered == pytest.approx(num / r.p_answered, rel=1e-10)


def test_erlang_a_with_long_patience_approaches_erlang_c() -> None:
    c = erl.erlang_c(10, 8.0)
    r = erl.erlang_a(10, 8.0, 180.0, 1e9)
    assert r.p_wait == pytest.approx(c, rel=1e-5)
    assert r.p_abandon < 1e-6
    exact = erl.erlang_a(10, 8.0, 180.0, math.inf)
    assert exact.p_wait == c
    assert exact.mean_wait == pytest.approx(erl.average_speed_of_answer(10, 8.0, 180.0))
    assert exact.service_level(20) == pytest.approx(erl.service_level(10, 8.0, 180.0, 20))


def test_erlang_a_overload_and_large_systems_are_finite() -> None:
    r = erl.erlang_a(3000, 3100.0, 180.0, 90.0)
    assert 0 < r.p_abandon < 0.1
    assert 0 < r.service_level(20) <= r.p_answered
    assert r.p_answered + r.p_abandon == pytest.approx(1.0)
    # flow balance: offered = carried + abandoned
    assert r.carried + r.p_abandon * r.traffic == pytest.approx(r.traffic, rel=1e-12)
    over = erl.erlang_a(5, 20.0, 60.0, 30.0)
    assert over.p_abandon > 0.7
    assert over.occupancy <= 1.0
    inf = erl.erlang_a(5, 6.0, 60.0, math.inf)
    assert inf.p_wait == 1.0
    assert inf.mean_wait == math.inf
    assert inf.service_level(20) == 0.0


def test_mmnk_abandonment_with_many_places_matches_erlang_a() -> None:
    a_res = erl.erlang_a(6, 5.5, 180.0, 45.0)
    k_res = erl.mmnk(6, 2000, 5.5, 180.0, patience=45.0)
    assert k_res.p_busy < 1e-300
    assert k_res.p_abandon == pytest.approx(a_res.p_abandon, rel=1e-12)
    assert k_res.service_level(20) == pytest.approx(a_res.service_level(20), rel=1e-12)


# --------------------------------------------------------------------------------------
# extended Erlang B and Engset
# --------------------------------------------------------------------------------------


def test_extended_erlang_b_fixed_point() -> None:
    n, a, r = 10, 8.0, 0.5
    total = erl.retrial_traffic(n, a, r)
    b = erl.extended_erlang_b(n, a, r)
    assert total == pytest.approx(a + r * b * total, rel=1e-13)
    assert b == pytest.approx(erl.erlang_b(n, total), rel=1e-14)
    assert erl.extended_erlang_b(n, a, 0.0) == erl.erlang_b(n, a)
    assert b > erl.erlang_b(n, a)
    assert erl.extended_erlang_b(4, 6.0, 1.0) == 1.0
    assert erl.extended_erlang_b(4, 3.0, 1.0) < 1.0


@pytest.mark.parametrize(
    ("n", "s", "a"),
    [
        (1, 2, 0.5),
        (3, 12, 1.0),
        (10, 20, 8.0),
        (10, 20, 30.0),
        (50, 400, 45.0),
        (90, 1000, 60.0),
        # huge groups: the binomial's big side is computed from its small difference
        (3, 10**8, 1.0),
        (3, 10**14, 1.0),
        (30, 10**12, 25.0),
        (200, 10**9, 190.0),
    ],
)
def test_engset_against_mpmath(n: int, s: int, a: float) -> None:
    beta = a / s
    ref_time = ref_engset_time(n, s, beta)
    ref_call = ref_engset_time(n, s - 1, beta)
    assert float(abs(mp.mpf(erl.engset_time_congestion(n, s, a)) / ref_time - 1)) < 1e-12
    assert float(abs(mp.mpf(erl.engset(n, s, a)) / ref_call - 1)) < 1e-12


def test_engset_refuses_groups_beyond_exact_whole_numbers() -> None:
    with pytest.raises(InputError, match=r"sources must be <= 1e\+15"):
        erl.engset(3, 1e20, 1.0)
    with pytest.raises(InputError, match=r"lines must be <= 1e\+15"):
        erl.engset_time_congestion(1e16, 1e15, 1.0)


def test_engset_tends_to_erlang_b_with_many_sources() -> None:
    gaps = [abs(erl.engset(10, s, 8.0) - erl.erlang_b(10, 8.0)) for s in (20, 200, 2000, 200_000)]
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 5e-5  # the gap shrinks like 1/sources
    assert erl.engset(12, 12, 5.0) == 0.0  # a line for every caller: nobody hears busy


# --------------------------------------------------------------------------------------
# sizing
# --------------------------------------------------------------------------------------


def test_lines_for_blocking_is_the_smallest_and_large_loads_work() -> None:
    for a, b in [(0.5, 0.01), (2.0, 0.02), (9000.0, 0.01), (50_000.0, 0.001), (3.0, 1e-9)]:
        n = erl.lines_for_blocking(a, b)
        assert erl.erlang_b(n, a) <= b < erl.erlang_b(n - 1, a)
    assert erl.lines_for_blocking(0.0, 0.01) == 0
    out = erl.lines_for_blocking(np.array([1.0, 10.0]), 0.01)
    assert out.dtype.kind == "i"
    assert out.tolist() == [5, 18]


def test_traffic_for_blocking_inverts_erlang_b() -> None:
    for n, b in [(1, 0.5), (10, 0.01), (1000, 0.001), (50, 1e-12)]:
        a = erl.traffic_for_blocking(n, b)
        assert erl.erlang_b(n, a) == pytest.approx(b, rel=1e-10)


def test_agents_for_targets_are_minimal() -> None:
    a, h = 48.0, 240.0
    n = erl.agents_for_service_level(a, h, 0.8, 15.0)
    assert erl.service_level(n, a, h, 15.0) >= 0.8 > erl.service_level(n - 1, a, h, 15.0)
    n = erl.agents_for_asa(a, h, 10.0)
    assert erl.average_speed_of_answer(n, a, h) <= 10.0 < erl.average_speed_of_answer(n - 1, a, h)
    n = erl.agents_for_abandonment(a, h, 60.0, 0.03)
    assert erl.erlang_a(n, a, h, 60.0).p_abandon <= 0.03 < erl.erlang_a(n - 1, a, h, 60.0).p_abandon
    assert erl.agents_for_service_level(0.0, h, 0.8, 20.0) == 0


# --------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: erl.erlang_b(-1, 2.0), "lines must be >= 0, got -1"),
        (lambda: erl.erlang_b(3, float("nan")), "traffic must be a number, got nan"),
        (lambda: erl.erlang_b([1, 2, -3], 2.0), r"lines must be >= 0, got -3 \(at index 2\)"),
        (lambda: erl.erlang_b(3, math.inf), "traffic must be finite, got inf"),
        (lambda: erl.erlang_c(0, 2.0), "agents must be > 0, got 0"),
        (lambda: erl.service_level(3, 2.0, 0.0, 20), "talk_time must be > 0, got 0"),
        (lambda: erl.extended_erlang_b(3, 2.0, 1.5), "recall must be <= 1, got 1.5"),
        (lambda: erl.erlang_a(2.5, 2.0, 180, 60), "agents must be a whole number, got 2.5"),
        (lambda: erl.erlang_a(3, 2.0, 180, 0), "patience must be > 0, got 0"),
        (lambda: erl.mmnk(5, 3, 2.0, 180), "places must be >= agents"),
        (lambda: erl.engset(3, 0, 1.0), "sources must be >= 1, got 0"),
        (lambda: erl.lines_for_blocking(5.0, 0.0), "blocking must be > 0, got 0"),
        (lambda: erl.traffic_for_blocking(5, 1.0), "blocking must be < 1, got 1"),
        (lambda: erl.erlang_b("x", 2.0), "lines must be a number"),
    ],
)
def test_bad_arguments_raise_input_error_naming_them(call: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        call()  # type: ignore[operator]


def test_input_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="traffic"):
        erl.erlang_b(3, -2.0)


# --------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------

lines_st = st.integers(min_value=0, max_value=3000)
agents_st = st.integers(min_value=1, max_value=3000)
traffic_st = st.floats(min_value=0.0, max_value=5000.0, allow_nan=False)
share_st = st.floats(min_value=1e-9, max_value=0.999)


@settings(max_examples=200, deadline=None)
@given(lines_st, traffic_st)
def test_erlang_b_is_a_probability_decreasing_in_lines(n: int, a: float) -> None:
    b0, b1 = erl.erlang_b(n, a), erl.erlang_b(n + 1, a)
    assert 0.0 <= b1 <= b0 <= 1.0


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(lines_st, traffic_st, st.floats(min_value=1.0, max_value=1.5))
def test_erlang_b_increases_with_traffic(n: int, a: float, factor: float) -> None:
    assert erl.erlang_b(n, a) <= erl.erlang_b(n, a * factor) * (1 + 1e-13) + 1e-300


@settings(max_examples=200, deadline=None)
@given(agents_st, traffic_st, st.floats(min_value=1.0, max_value=1.5))
def test_erlang_c_bounds_and_monotonicity(n: int, a: float, factor: float) -> None:
    c = erl.erlang_c(n, a)
    assert 0.0 <= erl.erlang_b(n, a) <= c <= 1.0
    assert erl.erlang_c(n + 1, a) <= c * (1 + 1e-13) + 1e-300
    assert c <= erl.erlang_c(n, a * factor) * (1 + 1e-13) + 1e-300
    asa = erl.average_speed_of_answer(n, a, 180.0)
    assert asa >= 0.0
    assert 0.0 <= erl.service_level(n, a, 180.0, 20.0) <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=1e-3, max_value=20_000.0), share_st)
def test_lines_for_blocking_is_the_inverse(a: float, b: float) -> None:
    n = erl.lines_for_blocking(a, b)
    assert erl.erlang_b(n, a) <= b
    assert n == 0 or erl.erlang_b(n - 1, a) > b


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 2000), st.floats(min_value=1e-6, max_value=0.9))
def test_traffic_for_blocking_is_the_inverse(n: int, b: float) -> None:
    a = erl.traffic_for_blocking(n, b)
    assert erl.erlang_b(n, a) == pytest.approx(b, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 400), st.integers(0, 420), st.floats(min_value=0.0, max_value=500.0))
def test_engset_call_congestion_below_time_congestion_below_erlang_b(
    s: int, n: int, a: float
) -> None:
    call, time = erl.engset(n, s, a), erl.engset_time_congestion(n, s, a)
    assert 0.0 <= call <= time * (1 + 1e-12) + 1e-300
    assert time <= erl.erlang_b(n, a) * (1 + 1e-12) + 1e-300
    assert time <= 1.0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 60),
    st.floats(min_value=0.01, max_value=80.0),
    st.floats(min_value=5.0, max_value=600.0),
)
def test_erlang_a_shares_are_consistent(n: int, a: float, patience: float) -> None:
    r = erl.erlang_a(n, a, 180.0, patience)
    for p in (r.p_wait, r.p_abandon, r.p_answered, r.occupancy):
        assert 0.0 <= p <= 1.0
    assert r.p_answered + r.p_abandon == pytest.approx(1.0)
    assert r.carried == pytest.approx(a * r.p_answered, rel=1e-9)
    sl = [r.service_level(t) for t in (0.0, 10.0, 60.0, 600.0)]
    assert sl == sorted(sl)
    assert sl[-1] <= r.p_answered + 1e-12
    assert r.mean_wait_answered <= r.mean_wait / max(r.p_answered, 1e-300) + 1e-9


# --------------------------------------------------------------------------------------
# imports
# --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_erlang_imports_nothing_heavy() -> None:
    code = (
        "import sys, teletraffic.erlang; "
        "bad = {'simpy', 'pandas', 'matplotlib'} & set(sys.modules); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_results_pickle_and_keep_their_service_level() -> None:
    """Result objects cross process boundaries (parallel runners pickle them)."""
    import pickle

    for result in (
        erl.erlang_a(4, 3.0, 180.0, 60.0),
        erl.erlang_a(4, 3.0, 180.0, math.inf),
        erl.erlang_a(4, 0.0, 180.0, 60.0),
        erl.mmnk(4, 7, 3.0, 180.0, 60.0),
    ):
        copy = pickle.loads(pickle.dumps(result))
        assert copy == result
        assert copy.service_level(20.0) == result.service_level(20.0)


def test_mmnk_with_a_huge_trunk_is_cut_where_the_tail_vanishes() -> None:
    r = erl.mmnk(10, 50_000_000, 8.0, 100.0)
    assert r.p_busy == 0.0
    assert r.p_wait == pytest.approx(erl.erlang_c(10, 8.0), rel=1e-12)
    with pytest.raises(InputError, match="places - agents must be <="):
        erl.mmnk(10, 50_000_000, 12.0, 100.0)


def test_traffic_a_hair_above_the_lines_does_not_divide_by_zero() -> None:
    """Regression: a - n below rounding once made the continued fraction start at 1/0."""
    for n, a in [(0.5, 0.5000000000000001), (3.0, 3.0000000000000004), (1.0, 1.0 + 2**-52)]:
        got = erl.erlang_b(n, a)
        with mp.workdps(40):
            mn, ma = mp.mpf(n), mp.mpf(a)
            want = ma**mn * mp.exp(-ma) / mp.gammainc(mn + 1, ma)
        assert abs(got - float(want)) <= 1e-13 * float(want)
        assert 0 < erl.erlang_c(max(n, 1.0), a) <= 1
