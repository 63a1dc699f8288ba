"""Engset in the convention of the calculators: the traffic actually offered.

The erlang.com / Westbay Engset calculators and the textbook tables take the traffic the
sources actually offer (blocked attempts included) and report call congestion, the share
of attempts blocked: 5 lines, 20 sources, 8 E offered -> 0.4715. The reference here solves
the same fixed point, beta = A / (S - A (1 - B)), with B = E(N, S - 1, beta), in mpmath.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from teletraffic import erlang as erl
from teletraffic.errors import InputError


def ref_time(n: int, s: int, beta: mp.mpf) -> mp.mpf:
    """Engset time congestion E(n, s, beta) summed term by term."""
    terms = [mp.binomial(s, k) * beta**k for k in range(n + 1)]
    return terms[-1] / mp.fsum(terms)


def ref_beta(n: int, s: int, offered: float) -> mp.mpf:
    """beta per idle source whose group actually offers ``offered`` erlangs (mpmath)."""
    a = mp.mpf(offered)

    def gap(beta: mp.mpf) -> mp.mpf:
        b = ref_time(n, s - 1, beta) if n < s else mp.mpf(0)
        return s * beta / (1 + beta * (1 - b)) - a

    return mp.findroot(gap, (a / s, a / (s - a)), solver="anderson")


def test_the_calculators_example() -> None:
    """5 lines, 20 sources, 8 E offered: 0.4715 blocked (erlang.com, Westbay)."""
    assert round(erl.engset(5, 20, offered=8.0), 4) == 0.4715
    # the idle-source convention stays what it was for the same "8"
    assert round(erl.engset(5, 20, idle_traffic=8.0), 4) == 0.3765
    assert erl.engset(5, 20, 8.0) == erl.engset(5, 20, idle_traffic=8.0)
    assert erl.engset(5, 20, traffic=8.0) == erl.engset(5, 20, idle_traffic=8.0)


@pytest.mark.parametrize(
    ("n", "s", "a"),
    [
        (5, 20, 8.0),
        (1, 2, 0.5),
        (3, 12, 1.0),
        (10, 20, 8.0),
        (10, 20, 19.0),
        (10, 40, 30.0),
        (50, 400, 45.0),
        (2, 3, 2.9),
        (30, 10_000, 25.0),
    ],
)
def test_offered_against_mpmath(n: int, s: int, a: float) -> None:
    with mp.workdps(40):
        beta = ref_beta(n, s, a)
        want_call = ref_time(n, s - 1, beta)
        want_time = ref_time(n, s, beta)
    got_call = erl.engset(n, s, offered=a)
    got_time = erl.engset_time_congestion(n, s, offered=a)
    assert abs(got_call / float(want_call) - 1) < 1e-10
    assert abs(got_time / float(want_time) - 1) < 1e-10


def test_both_conventions_describe_the_same_group() -> None:
    """The traffic a group of idle traffic S beta actually offers gives back its blocking."""
    for n, s, idle in [(5, 20, 8.0), (2, 12, 1.0), (10, 30, 25.0), (1, 4, 0.3)]:
        b = erl.engset(n, s, idle_traffic=idle)
        beta = idle / s
        offered = s * beta / (1 + beta * (1 - b))
        assert erl.engset(n, s, offered=offered) == pytest.approx(b, rel=1e-12)
        assert erl.engset_time_congestion(n, s, offered=offered) == pytest.approx(
            erl.engset_time_congestion(n, s, idle_traffic=idle), rel=1e-12
        )


def test_offered_edges_and_arrays() -> None:
    assert erl.engset(5, 20, offered=0.0) == 0.0
    assert erl.engset(0, 20, offered=3.0) == 1.0  # no line: every attempt is blocked
    assert erl.engset(20, 20, offered=19.5) == 0.0  # a line per source
    got = erl.engset(np.array([4, 5, 6]), 20, offered=8.0)
    assert isinstance(got, np.ndarray)
    assert got == pytest.approx([erl.engset(k, 20, offered=8.0) for k in (4, 5, 6)])
    # more offered traffic, more blocking
    loads = [erl.engset(5, 20, offered=a) for a in (1.0, 4.0, 8.0, 12.0, 19.9)]
    assert loads == sorted(loads)


def test_offered_tends_to_erlang_b_with_many_sources() -> None:
    gaps = [abs(erl.engset(10, s, offered=8.0) - erl.erlang_b(10, 8.0)) for s in (20, 200, 20_000)]
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-4


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"offered": 20.0}, r"offered must be below sources \(20\).*got 20"),
        ({"offered": [1.0, 25.0]}, r"offered must be below sources \(20\).*got 25 \(at index 1\)"),
        ({"offered": -1.0}, "offered must be >= 0, got -1"),
        ({}, "give the traffic of Engset once.*got none"),
        ({"offered": 8.0, "traffic": 8.0}, "got offered, traffic"),
        ({"offered": 8.0, "idle_traffic": 8.0}, "got offered, idle_traffic"),
        ({"idle_traffic": -2.0}, "idle_traffic must be >= 0, got -2"),
    ],
)
def test_bad_traffic_names_the_argument(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        erl.engset(5, 20, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=needle):
        erl.engset_time_congestion(5, 20, **kwargs)  # type: ignore[arg-type]
