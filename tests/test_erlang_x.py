"""Erlang X (hang-ups and redials together) against the formulas it extends, an
independent dense chain, and the simulation engine.

Run ``python tests/test_erlang_x.py`` to print the grid of the engine test: formula,
simulation with its 99 % interval, and the fixed point on the offered traffic that the
chain replaces.
"""

from __future__ import annotations

import itertools
import math
import pickle
from typing import Any

import numpy as np
import pytest

from teletraffic import erlang as erl
from teletraffic.erlang import retrial
from teletraffic.errors import InputError

# --------------------------------------------------------------------------------------
# without redials: exactly the formulas it extends
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "a", "patience"), [(3, 2.0, 60.0), (5, 6.5, 200.0), (1, 0.4, 30.0)])
@pytest.mark.parametrize("off", [{"redial": 0.0}, {"redial": 0.7, "max_attempts": 1}])
def test_without_redials_it_is_erlang_a(
    n: int, a: float, patience: float, off: dict[str, Any]
) -> None:
    x = erl.erlang_x(n, a, 180.0, patience, **off)
    ea = erl.erlang_a(n, a, 180.0, patience)
    assert x.method == "formula"
    assert (x.p_abandon, x.p_wait, x.mean_wait, x.carried) == (
        ea.p_abandon,
        ea.p_wait,
        ea.mean_wait,
        ea.carried,
    )
    assert x.p_busy == 0.0
    assert x.p_lost_caller == 1.0 - ea.p_answered
    assert x.service_level(20.0) == ea.service_level(20.0)
    assert (x.attempts_per_caller, x.offered, x.mean_redialling) == (1.0, a, 0.0)


@pytest.mark.parametrize(("n", "k", "a", "patience"), [(3, 6, 2.5, None), (2, 5, 2.4, 90.0)])
def test_without_redials_it_is_mmnk(n: int, k: int, a: float, patience: float | None) -> None:
    x = erl.erlang_x(n, a, 180.0, patience, places=k)
    m = erl.mmnk(n, k, a, 180.0, patience)
    assert (x.p_busy, x.p_abandon, x.p_wait, x.mean_wait) == (
        m.p_busy,
        m.p_abandon,
        m.p_wait,
        m.mean_wait,
    )
    assert x.p_lost_caller == 1.0 - m.p_answered
    assert x.service_level(15.0) == m.service_level(15.0)


def test_without_redials_and_without_a_queue_it_is_erlang_b() -> None:
    for n, a in [(1, 0.5), (4, 3.0), (10, 8.0)]:
        x = erl.erlang_x(n, a, 180.0, places=n)
        assert x.p_busy == erl.erlang_b(n, a)
        assert x.p_lost_caller == pytest.approx(erl.erlang_b(n, a), rel=1e-12)
        assert x.p_wait == 0.0


def test_nobody_fails_without_a_place_limit_or_patience() -> None:
    """Unlimited hold and no hang-ups: nobody fails, so nobody redials: Erlang C."""
    x = erl.erlang_x(4, 3.0, 180.0, redial=0.9)
    assert x.method == "formula"
    assert x.p_wait == erl.erlang_c(4, 3.0)
    assert x.mean_wait == erl.average_speed_of_answer(4, 3.0, 180.0)
    assert x.p_lost_caller == 0.0


# --------------------------------------------------------------------------------------
# an independent dense chain, for tiny systems where the chain is exact
# --------------------------------------------------------------------------------------


def dense_chain(
    n: int, k: int, a: float, r: float, p: float, nu: float, attempts: int, orbit: int
) -> dict[str, float]:
    """(callers in the system, callers redialling), written state by state.

    Exact when a failed redial never redials again (``attempts`` 2, nobody hangs up) or
    when every failure may redial (``attempts`` 0 here: unlimited). Rates in units of
    the talk rate.
    """
    states = list(itertools.product(range(k + 1), range(orbit + 1)))
    index = {s: i for i, s in enumerate(states)}
    q = np.zeros((len(states), len(states)))

    def add(s: tuple[int, int], t: tuple[int, int], rate: float) -> None:
        if rate > 0 and t in index:
            q[index[s], index[t]] += rate
        elif rate > 0:  # beyond the orbit cut: the redial is lost
            q[index[s], index[(t[0], s[1])]] += rate

    again = p if attempts != 2 else 0.0  # may a failed redial redial?
    for c, o in states:
        if c < k:
            add((c, o), (c + 1, o), a)
            add((c, o), (c + 1, o - 1), o * nu)
        else:
            add((c, o), (c, o + 1), a * p)
            add((c, o), (c, o - 1), o * nu * (1 - again))
        add((c, o), (c - 1, o), min(c, n))
        held = max(c - n, 0) * r
        add((c, o), (c - 1, o + 1), held * p)
        add((c, o), (c - 1, o), held * (1 - p))
    for i in range(len(states)):
        q[i, i] = -q[i].sum() + q[i, i]
    m = np.vstack([q.T, np.ones(len(states))])
    rhs = np.zeros(len(states) + 1)
    rhs[-1] = 1.0
    pi = np.linalg.lstsq(m, rhs, rcond=None)[0].reshape(k + 1, orbit + 1)
    carried = sum(pi[c].sum() * min(c, n) for c in range(k + 1))
    mean_orbit = sum(pi[:, o].sum() * o for o in range(orbit + 1))
    offered = a + nu * mean_orbit
    busy = (a * pi[k].sum() + nu * float(pi[k] @ np.arange(orbit + 1))) / offered
    return {"p_busy": busy, "p_lost_caller": 1 - carried / a, "offered": offered}


@pytest.mark.parametrize(
    ("n", "k", "a", "patience", "p", "after", "attempts"),
    [
        (1, 1, 0.8, None, 0.6, 60.0, 2),  # Erlang B with one redial
        (2, 3, 1.8, None, 0.5, 90.0, 2),  # a hold place, one redial
        (2, 2, 1.5, None, 0.7, 30.0, 1000),  # redials without end (almost)
        (1, 3, 1.1, 120.0, 0.8, 45.0, 1000),  # hang-ups redialled without end
    ],
)
def test_chain_against_a_dense_chain(
    n: int, k: int, a: float, patience: float | None, p: float, after: float, attempts: int
) -> None:
    got = erl.erlang_x(
        n, a, 180.0, patience, places=k, redial=p, redial_after=after, max_attempts=attempts
    )
    r = 0.0 if patience is None else 180.0 / patience
    want = dense_chain(n, k, a, r, p, 180.0 / after, 0 if attempts > 2 else 2, 70)
    assert got.method == "chain"
    for name, value in want.items():
        assert getattr(got, name) == pytest.approx(value, rel=1e-9), name


# --------------------------------------------------------------------------------------
# what every result must satisfy
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "k", "a", "patience", "p", "m"),
    [(3, 5, 2.4, 120.0, 0.8, 5), (4, None, 4.4, 60.0, 0.7, 3), (2, 2, 1.2, None, 0.8, 5)],
)
def test_figures_add_up(
    n: int, k: int | None, a: float, patience: float | None, p: float, m: int
) -> None:
    x = erl.erlang_x(n, a, 180.0, patience, places=k, redial=p, redial_after=60.0, max_attempts=m)
    assert x.p_busy + x.p_abandon + x.p_answered == pytest.approx(1.0, abs=1e-12)
    assert x.carried == pytest.approx(x.offered * x.p_answered, rel=1e-12)
    assert x.p_lost_caller == pytest.approx(1.0 - x.carried / a, rel=1e-12)
    assert x.attempts_per_caller == pytest.approx(x.offered / a, rel=1e-12)
    assert 1.0 < x.attempts_per_caller < m
    # a caller is lost when his last attempt fails: fewer lost than failed attempts
    assert x.p_lost_caller < (x.p_busy + x.p_abandon) * x.attempts_per_caller
    sl = [x.service_level(t) for t in (0.0, 10.0, 60.0, math.inf)]
    assert sl == sorted(sl)
    assert sl[-1] == x.p_answered
    assert x.tail < 1e-10


def test_more_redials_more_attempts_and_more_agents_fewer_lost() -> None:
    base: dict[str, Any] = {"places": 6, "redial_after": 60.0, "max_attempts": 4}
    att = [
        erl.erlang_x(3, 3.0, 180.0, 90.0, redial=p, **base).attempts_per_caller
        for p in (0.2, 0.5, 0.8)
    ]
    assert att == sorted(att)
    lost = [
        erl.erlang_x(n, 3.0, 180.0, 90.0, redial=0.5, **base).p_lost_caller for n in (2, 3, 4, 5)
    ]
    assert lost == sorted(lost, reverse=True)


def test_large_centres_fall_back_to_the_fixed_point_and_say_so() -> None:
    x = erl.erlang_x(600, 660.0, 180.0, 60.0, redial=0.7, redial_after=60.0)
    assert x.method == "fixed point"
    assert x.p_busy + x.p_abandon + x.p_answered == pytest.approx(1.0, abs=1e-9)
    assert x.attempts_per_caller > 1.0


def test_results_pickle() -> None:
    x = erl.erlang_x(3, 2.4, 180.0, 120.0, places=5, redial=0.8, redial_after=60.0)
    copy = pickle.loads(pickle.dumps(x))
    assert copy == x
    assert copy.service_level(20.0) == x.service_level(20.0)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"agents": 0}, "agents must be >= 1, got 0"),
        ({"traffic": -1.0}, "traffic must be >= 0, got -1"),
        ({"patience": 0.0}, "patience must be > 0, got 0"),
        ({"places": 2}, r"places must be >= agents \(3\), got 2"),
        ({"redial": 1.5}, "redial must be <= 1, got 1.5"),
        ({"redial_after": 0.0}, "redial_after must be > 0, got 0"),
        ({"max_attempts": 0}, "max_attempts must be >= 1, got 0"),
        ({"max_attempts": 2.5}, "max_attempts must be a whole number, got 2.5"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, Any], needle: str) -> None:
    args: dict[str, Any] = {"agents": 3, "traffic": 2.0, "talk_time": 180.0, "redial": 0.5}
    with pytest.raises(InputError, match=needle):
        erl.erlang_x(**(args | kwargs))


# --------------------------------------------------------------------------------------
# against the simulation engine
# --------------------------------------------------------------------------------------

# agents, places (None: unlimited hold), load per agent, patience (s, None: never),
# redial probability, redial delay (s), max_attempts; talk is 3 minutes. Last: thousands
# of attempts simulated, more where redials come in long bursts (a high redial share and a
# short delay), so that the 99 % interval is within about 3 % everywhere.
GRID: list[tuple[int, int | None, float, float | None, float, float, int, int]] = [
    (3, 5, 0.7, None, 0.5, 60.0, 3, 450),
    (3, 5, 0.8, 120.0, 0.8, 60.0, 5, 900),
    (4, 6, 1.1, 90.0, 0.6, 120.0, 3, 250),
    (4, 4, 0.9, None, 0.7, 30.0, 4, 250),
    (2, 4, 1.1, None, 0.3, 300.0, 2, 200),
    (3, 6, 1.0, 240.0, 0.8, 45.0, 3, 500),
    (4, None, 1.1, 60.0, 0.7, 60.0, 3, 200),
    (2, 2, 0.6, None, 0.8, 20.0, 5, 250),
]
TALK = 180.0
REPLICATIONS = 8


def grid_scenario(case: tuple[Any, ...]) -> Any:
    from teletraffic import scenario_from_dict

    n, k, load, patience, p, after, m, thousands = case
    cph = n * load * 3600.0 / TALK
    guess = erl.erlang_x(
        n, n * load, TALK, patience, places=k, redial=p, redial_after=after, max_attempts=m
    )
    hours = 1000 * thousands / (cph * guess.attempts_per_caller * REPLICATIONS)
    stream: dict[str, Any] = {
        "name": "callers",
        "dial": "100",
        "calls_per_hour": cph,
        "talk": TALK,
        "redial": {"probability": p, "after": after, "max_attempts": m},
    }
    if patience is not None:
        stream["patience"] = patience
    pbx: dict[str, Any] = {"kind": "virtual"}
    if k is None or k > n:
        pbx["hold"] = {}
    return scenario_from_dict(
        {
            "name": "Erlang X check",
            "period": {"hours": round(hours, 1), "warmup": "2h"},
            "lines": [
                {
                    "name": "line",
                    "kind": "multichannel",
                    "numbers": ["100"],
                    "channels": 10_000 if k is None else k,
                }
            ],
            "traffic": [stream],
            "pbx": pbx,
            "departments": [{"name": "staff", "staff": n, "strategy": "linear"}],
        }
    )


FIGURES = {"p_busy": "p_busy", "p_lost_caller": "p_caller_lost", "p_abandon": "p_abandon"}


def compare(i: int, case: tuple[Any, ...]) -> list[dict[str, Any]]:
    from teletraffic import simulate

    n, k, load, patience, p, after, m, _ = case
    x = erl.erlang_x(
        n, n * load, TALK, patience, places=k, redial=p, redial_after=after, max_attempts=m
    )
    inputs = retrial._inputs(n, n * load, TALK, patience, k, p, after, m)
    fixed = retrial._from_fixed_point(inputs)
    sim = simulate(grid_scenario(case), replications=REPLICATIONS, seed=2026 + i, level=0.99)
    rows = []
    for ours, theirs in FIGURES.items():
        lo, hi = sim.ci(theirs)
        rows.append(
            {
                "case": i,
                "figure": ours,
                "formula": getattr(x, ours),
                "simulated": sim.value(theirs),
                "low": lo,
                "high": hi,
                "fixed point": getattr(fixed, ours),
            }
        )
    return rows


@pytest.mark.slow
@pytest.mark.parametrize(("i", "case"), list(enumerate(GRID)))
def test_erlang_x_against_the_engine(i: int, case: tuple[Any, ...]) -> None:
    """Inside the simulation's 99 % interval, and within 3 % of it where it is over 1 %."""
    for row in compare(i, case):
        if row["simulated"] == 0.0:
            assert row["formula"] == 0.0
            continue
        assert row["low"] <= row["formula"] <= row["high"], row
        if row["figure"] in ("p_busy", "p_lost_caller") and row["simulated"] > 0.01:
            assert abs(row["formula"] / row["simulated"] - 1) <= 0.03, row


if __name__ == "__main__":
    print(
        f"{'':2} {'case (agents, places, load, patience, redial, after, attempts, 1000s)':64}"
        f" {'figure':13} {'formula':>8} {'simulated [99% interval]':>27} {'fixed pt':>8}"
    )
    for i, case in enumerate(GRID):
        for row in compare(i, case):
            if row["simulated"] == 0.0 and row["formula"] == 0.0:
                continue
            print(
                f"{i:2} {case!s:64} {row['figure']:13} {row['formula']:8.4f} "
                f"{row['simulated']:8.4f} [{row['low']:.4f}, {row['high']:.4f}] "
                f"{row['fixed point']:8.4f}"
            )
