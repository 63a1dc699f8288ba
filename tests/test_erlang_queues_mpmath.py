"""Erlang C, Erlang A and M/M/n/K(+M) against 50-digit mpmath references.

The references are built here from the definitions, with no code shared with
:mod:`teletraffic.erlang`: Erlang C from its closed form over the Poisson sum, and the
queues with a bounded trunk or with hang-ups from their birth-death chains, summed term by
term in mpmath until the tail is below 1e-60 of the total. The grid reaches 100,000 agents
for Erlang C and 2,000 for the chains, with loads below, at and above the agents.
"""

from __future__ import annotations

import math

import mpmath as mp
import pytest

from teletraffic import erlang as erl

DPS = 50
H = 180.0  # talk time, seconds


def ref_erlang_c(n: int, a: float) -> mp.mpf:
    """C(n, A) = P_n n/(n-A) / (sum_{k<n} A^k/k! + A^n/n! n/(n-A)), in logs for big n."""
    with mp.workdps(DPS):
        am = mp.mpf(a)
        # terms relative to the largest one keep everything in range for n up to 1e5
        logs = [k * mp.log(am) - mp.loggamma(k + 1) for k in range(n + 1)]
        top = max(logs)
        below = mp.fsum(mp.exp(x - top) for x in logs[:n])
        last = mp.exp(logs[n] - top) * n / (n - am)
        return last / (below + last)


def ref_chain(n: int, places: int | None, a: float, patience: float | None) -> dict[str, mp.mpf]:
    """M/M/n/K(+M) by its birth-death chain in mpmath; ``places=None`` is an unbounded queue."""
    with mp.workdps(DPS):
        am = mp.mpf(a)
        lam = am / H
        mu = 1 / mp.mpf(H)
        theta = mp.mpf(0) if patience is None else 1 / mp.mpf(patience)
        logw = [mp.mpf(0)]
        k = 0
        while True:
            k += 1
            if places is not None and k > places:
                break
            rate_down = min(k, n) * mu + max(k - n, 0) * theta
            logw.append(logw[-1] + mp.log(lam / rate_down))
            if places is None and k > n and logw[-1] < max(logw) - 140:  # e^-140 ~ 1e-61
                break
        top = max(logw)
        w = [mp.exp(x - top) for x in logw]
        total = mp.fsum(w)
        pi = [x / total for x in w]
        size = len(pi) - 1
        lq = mp.fsum(max(j - n, 0) * p for j, p in enumerate(pi))
        p_busy = pi[size] if places is not None else mp.mpf(0)
        return {
            "p_busy": p_busy,
            "p_wait": mp.fsum(pi[n : size if places is not None else size + 1]),
            "lq": lq,
            "p_abandon": theta * lq / lam,
            "carried": mp.fsum(min(j, n) * p for j, p in enumerate(pi)),
        }


def rel(got: float, ref: mp.mpf) -> float:
    with mp.workdps(DPS):
        if ref == 0:
            return abs(got)
        return float(abs((mp.mpf(got) - ref) / ref))


C_GRID = [
    (n, n * f)
    for n in (1, 2, 5, 10, 30, 100, 300, 1000, 3000, 10_000)
    for f in (0.01, 0.3, 0.7, 0.9, 0.99, 0.999)
] + [(100_000, 99_000.0), (100_000, 99_900.0)]
C_CASES = [pytest.param(n, a, marks=pytest.mark.slow) if n >= 10_000 else (n, a) for n, a in C_GRID]
"""The grid; the reference for 10,000 agents and more takes seconds: those are slow."""


@pytest.mark.parametrize(("n", "a"), C_CASES)
def test_erlang_c_matches_mpmath(n: int, a: float) -> None:
    ref = ref_erlang_c(n, a)
    got = erl.erlang_c(n, a)
    if ref >= mp.mpf("1e-300"):
        assert rel(got, ref) <= 1e-12, (n, a, got, ref)
    else:
        assert got <= 1e-290
    # the waits follow from C exactly: ASA = C h / (n - A)
    asa = erl.average_speed_of_answer(n, a, H)
    with mp.workdps(DPS):
        want = ref * H / (n - mp.mpf(a))
    if want >= mp.mpf("1e-300"):
        assert rel(asa, want) <= 1e-12


ERLANG_A_GRID = [
    (1, 0.5, 60.0),
    (3, 2.0, 60.0),
    (10, 8.0, 120.0),
    (10, 15.0, 30.0),  # overload: only hang-ups keep it stable
    (50, 48.0, 600.0),
    (200, 190.0, 90.0),
    (500, 520.0, 240.0),
    pytest.param(2000, 1990.0, 180.0, marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("n", "a", "patience"), ERLANG_A_GRID)
def test_erlang_a_matches_mpmath_chain(n: int, a: float, patience: float) -> None:
    r = erl.erlang_a(n, a, H, patience)
    ref = ref_chain(n, None, a, patience)
    assert rel(r.p_wait, ref["p_wait"]) <= 1e-11
    assert rel(r.p_abandon, ref["p_abandon"]) <= 1e-11
    assert rel(r.mean_queue_length, ref["lq"]) <= 1e-11
    with mp.workdps(DPS):
        mean_wait = ref["lq"] / (mp.mpf(a) / H)
    assert rel(r.mean_wait, mean_wait) <= 1e-11
    assert rel(r.carried, ref["carried"]) <= 1e-11


MMNK_GRID = [
    (1, 3, 0.8, None),
    (3, 6, 2.5, None),
    (5, 5, 4.0, None),  # no hold places: Erlang B
    (10, 40, 9.5, None),
    (10, 40, 14.0, None),  # overload: the trunk bounds the queue
    (4, 10, 3.0, 45.0),
    (100, 130, 98.0, 120.0),
    (2000, 2100, 2050.0, None),
    (2000, 2100, 2050.0, 300.0),
]


@pytest.mark.parametrize(("n", "k", "a", "patience"), MMNK_GRID)
def test_mmnk_matches_mpmath_chain(n: int, k: int, a: float, patience: float | None) -> None:
    r = erl.mmnk(n, k, a, H, patience)
    ref = ref_chain(n, k, a, patience)
    assert rel(r.p_busy, ref["p_busy"]) <= 1e-11
    assert rel(r.p_wait, ref["p_wait"]) <= 1e-11
    assert rel(r.mean_queue_length, ref["lq"]) <= 1e-11
    if patience is not None:
        assert rel(r.p_abandon, ref["p_abandon"]) <= 1e-11
    assert rel(r.carried, ref["carried"]) <= 1e-11
    assert math.isclose(r.p_busy + r.p_abandon + r.p_answered, 1.0, rel_tol=1e-13)
