"""Every argument of every formula: refused just past its bound, with its name; taken at it.

Written against a mutation run on ``teletraffic.erlang`` (benchmarks/mutation_erlang.md):
a formula that checked the wrong name, or a bound moved by one (``>= 0`` read as
``>= 1``, ``> 0`` as ``>= 0``, a bound dropped), passed the few hand-picked cases of
test_erlang.py. Here each argument of each public formula is tried just past each of
its bounds (the message must name it, the bound and the value, word for word) and, for
a bound that includes its end, at the bound (no error).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

import teletraffic.erlang as erl
from teletraffic.errors import InputError

# name -> (the formula, a good call, {argument: [bounds]}); a bound is (">=", 0) etc.
Bounds = dict[str, list[tuple[str, float]]]

FORMULAS: dict[str, tuple[Callable[..., Any], dict[str, Any], Bounds]] = {
    "erlang_b": (
        erl.erlang_b,
        {"lines": 3, "traffic": 2.0},
        {"lines": [(">=", 0)], "traffic": [(">=", 0)]},
    ),
    "retrial_traffic": (
        erl.retrial_traffic,
        {"lines": 3, "traffic": 2.0, "recall": 0.5},
        {"lines": [(">=", 0)], "traffic": [(">=", 0)], "recall": [(">=", 0), ("<=", 1)]},
    ),
    "extended_erlang_b": (
        erl.extended_erlang_b,
        {"lines": 3, "traffic": 2.0, "recall": 0.5},
        {"lines": [(">=", 0)], "traffic": [(">=", 0)], "recall": [(">=", 0), ("<=", 1)]},
    ),
    "erlang_c": (
        erl.erlang_c,
        {"agents": 3, "traffic": 2.0},
        {"agents": [(">", 0)], "traffic": [(">=", 0)]},
    ),
    "occupancy": (
        erl.occupancy,
        {"agents": 3, "traffic": 2.0},
        {"agents": [(">", 0)], "traffic": [(">=", 0)]},
    ),
    "mean_queue_length": (
        erl.mean_queue_length,
        {"agents": 3, "traffic": 2.0},
        {"agents": [(">", 0)], "traffic": [(">=", 0)]},
    ),
    "service_level": (
        erl.service_level,
        {"agents": 3, "traffic": 2.0, "talk_time": 180.0, "answer_time": 20.0},
        {
            "agents": [(">", 0)],
            "traffic": [(">=", 0)],
            "talk_time": [(">", 0)],
            "answer_time": [(">=", 0)],
        },
    ),
    "average_speed_of_answer": (
        erl.average_speed_of_answer,
        {"agents": 3, "traffic": 2.0, "talk_time": 180.0},
        {"agents": [(">", 0)], "traffic": [(">=", 0)], "talk_time": [(">", 0)]},
    ),
    "erlang_a": (
        erl.erlang_a,
        {"agents": 3, "traffic": 2.0, "talk_time": 180.0, "patience": 60.0},
        {
            "agents": [(">=", 1), ("whole", 2.5)],
            "traffic": [(">=", 0)],
            "talk_time": [(">", 0)],
            "patience": [(">", 0)],
        },
    ),
    "mmnk": (
        erl.mmnk,
        {"agents": 3, "places": 5, "traffic": 2.0, "talk_time": 180.0, "patience": 60.0},
        {
            "agents": [(">=", 1), ("whole", 2.5)],
            "places": [("whole", 4.5)],
            "traffic": [(">=", 0)],
            "talk_time": [(">", 0)],
            "patience": [(">", 0)],
        },
    ),
    "engset": (
        erl.engset,
        {"lines": 3, "sources": 10, "offered": 0.5},
        {
            "lines": [(">=", 0), ("whole", 2.5), ("<=", erl.MAX_SOURCES)],
            "sources": [(">=", 1), ("whole", 9.5), ("<=", erl.MAX_SOURCES)],
            "offered": [(">=", 0)],
        },
    ),
    "engset idle": (
        erl.engset,
        {"lines": 3, "sources": 10, "idle_traffic": 0.5},
        {"idle_traffic": [(">=", 0)]},
    ),
    "engset_time_congestion": (
        erl.engset_time_congestion,
        {"lines": 3, "sources": 10, "offered": 0.5},
        {
            "lines": [(">=", 0), ("whole", 2.5)],
            "sources": [(">=", 1), ("whole", 9.5)],
            "offered": [(">=", 0)],
        },
    ),
    "lines_for_blocking": (
        erl.lines_for_blocking,
        {"traffic": 5.0, "blocking": 0.01},
        {
            "traffic": [(">=", 0), ("<=", erl.MAX_SIZING_TRAFFIC)],
            "blocking": [(">", 0), ("<=", 1)],
        },
    ),
    "traffic_for_blocking": (
        erl.traffic_for_blocking,
        {"lines": 5, "blocking": 0.01},
        {"lines": [(">", 0)], "blocking": [(">", 0), ("<", 1)]},
    ),
    "agents_for_service_level": (
        erl.agents_for_service_level,
        {
            "traffic": 5.0,
            "talk_time": 180.0,
            "target_share": 0.8,
            "answer_time": 20.0,
            "patience": 60.0,
        },
        {
            "traffic": [(">=", 0), ("<=", erl.MAX_SIZING_TRAFFIC)],
            "talk_time": [(">", 0)],
            "target_share": [(">", 0), ("<", 1)],
            "answer_time": [(">=", 0)],
            "patience": [(">", 0)],
        },
    ),
    "agents_for_asa": (
        erl.agents_for_asa,
        {"traffic": 5.0, "talk_time": 180.0, "target_seconds": 20.0, "patience": 60.0},
        {
            "traffic": [(">=", 0), ("<=", erl.MAX_SIZING_TRAFFIC)],
            "talk_time": [(">", 0)],
            "target_seconds": [(">", 0)],
            "patience": [(">", 0)],
        },
    ),
    "agents_for_abandonment": (
        erl.agents_for_abandonment,
        {"traffic": 5.0, "talk_time": 180.0, "patience": 60.0, "target_share": 0.05},
        {
            "traffic": [(">=", 0), ("<=", erl.MAX_SIZING_TRAFFIC)],
            "talk_time": [(">", 0)],
            "patience": [(">", 0)],
            "target_share": [(">", 0), ("<=", 1)],
        },
    ),
    "erlang_x": (
        erl.erlang_x,
        {"agents": 3, "traffic": 2.0, "talk_time": 180.0, "patience": 60.0, "places": 5},
        {
            "agents": [(">=", 1), ("whole", 2.5)],
            "traffic": [(">=", 0)],
            "talk_time": [(">", 0)],
            "patience": [(">", 0)],
            "places": [("whole", 4.5)],
            "redial": [(">=", 0), ("<=", 1)],
            "redial_after": [(">", 0)],
            "max_attempts": [(">=", 1), ("<=", 1000), ("whole", 2.5)],
        },
    ),
}


def _shown(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}" if float(x).is_integer() else repr(float(x))


def _past(op: str, bound: float) -> tuple[float, str]:
    """A value just past *bound* and the words the check must use."""
    if op == "whole":
        return bound, "must be a whole number"
    step = max(1.0, abs(bound)) * 0.5 if bound > 1e6 else (0.5 if bound >= 1 else 0.25)
    if op in (">=", ">"):
        value = bound - step if op == ">=" else bound
    else:
        value = bound + step if op == "<=" else bound
    return value, f"must be {op} {_shown(bound)}"


CASES = [
    pytest.param(name, arg, op, bound, id=f"{name}-{arg}-{op}{_shown(bound)}")
    for name, (_, _, bounds) in FORMULAS.items()
    for arg, checks in bounds.items()
    for op, bound in checks
]


@pytest.mark.parametrize(("name", "arg", "op", "bound"), CASES)
def test_an_argument_past_its_bound_is_refused_by_name(
    name: str, arg: str, op: str, bound: float
) -> None:
    func, good, _ = FORMULAS[name]
    value, words = _past(op, bound)
    with pytest.raises(InputError) as caught:
        func(**{**good, arg: value})
    assert str(caught.value) == f"{arg} {words}, got {_shown(value)}"


AT_BOUND = [
    pytest.param(name, arg, bound, id=f"{name}-{arg}={_shown(bound)}")
    for name, (_, _, bounds) in FORMULAS.items()
    for arg, checks in bounds.items()
    for op, bound in checks
    if op in (">=", "<=") and bound < 1e6
]


@pytest.mark.parametrize(("name", "arg", "bound"), AT_BOUND)
def test_an_argument_at_an_inclusive_bound_is_taken(name: str, arg: str, bound: float) -> None:
    func, good, _ = FORMULAS[name]
    func(**{**good, arg: bound})


def test_each_formula_is_in_the_table() -> None:
    """A new public formula gets rows here too."""
    called = {func.__name__ for func, _, _ in FORMULAS.values()}
    public = {n for n in erl.__all__ if n[0].islower() and callable(getattr(erl, n))}
    # the bandwidth of a call is not a traffic formula: tests/test_bandwidth.py checks
    # its arguments and their messages
    from teletraffic.erlang import bandwidth

    assert public - set(bandwidth.__all__) == called


@pytest.mark.parametrize(
    "result",
    [
        pytest.param(lambda: erl.erlang_a(3, 2.0, 180.0, 60.0), id="erlang_a"),
        pytest.param(lambda: erl.mmnk(3, 5, 2.0, 180.0, 60.0), id="mmnk"),
        pytest.param(lambda: erl.erlang_x(3, 2.0, 180.0, 60.0), id="erlang_x"),
    ],
)
def test_a_result_checks_its_answer_time(result: Callable[[], Any]) -> None:
    r = result()
    with pytest.raises(InputError, match=r"^answer_time must be >= 0, got -0.25$"):
        r.service_level(-0.25)
    assert r.service_level(0.0) >= 0.0
    assert r.service_level(math.inf) == pytest.approx(r.p_answered)


# --------------------------------------------------------------------------------------
# survivors of the mutation run that a value pins
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("traffic", "patience", "target"),
    [(5.0, 60.0, 0.05), (12.0, 120.0, 0.02), (2.0, 30.0, 0.2), (30.0, 90.0, 0.1)],
)
def test_agents_for_abandonment_is_the_smallest_that_meets_it(
    traffic: float, patience: float, target: float
) -> None:
    """The search's starting guess (a known-too-small count) never skips the answer."""
    n = erl.agents_for_abandonment(traffic, 180.0, patience, target)
    assert erl.erlang_a(n, traffic, 180.0, patience).p_abandon <= target
    assert n == 1 or erl.erlang_a(n - 1, traffic, 180.0, patience).p_abandon > target


def test_agents_for_abandonment_edges() -> None:
    assert erl.agents_for_abandonment(0.0, 180.0, 60.0, 0.05) == 0
    assert erl.agents_for_abandonment(0.0, 180.0, 60.0, 1.0) == 0
    assert erl.agents_for_abandonment(5.0, 180.0, 60.0, 1.0) == 1


@pytest.mark.parametrize(
    "formula",
    [erl.erlang_c, erl.occupancy, erl.mean_queue_length, erl.erlang_b],
    ids=lambda f: f.__name__,
)
def test_numbers_in_give_a_float_and_arrays_an_array(formula: Callable[..., Any]) -> None:
    import numpy as np

    assert type(formula(3, 2.0)) is float
    out = formula(np.array([3, 4]), 2.0)
    assert isinstance(out, np.ndarray)
    assert out.shape == (2,)
    out = formula(3, np.array([1.0, 2.0]))
    assert isinstance(out, np.ndarray)
    assert out[1] == pytest.approx(formula(3, 2.0))


@pytest.mark.parametrize(("n", "a"), [(3, 2.0), (10, 8.0), (1, 0.5)])
def test_erlang_a_without_hang_ups_is_erlang_c(n: int, a: float) -> None:
    """Patience ``inf`` takes Erlang C's closed forms, field by field."""
    r = erl.erlang_a(n, a, 180.0, math.inf)
    c = erl.erlang_c(n, a)
    asa = erl.average_speed_of_answer(n, a, 180.0)
    assert (r.agents, r.traffic, r.talk_time, r.patience) == (n, a, 180.0, math.inf)
    assert r.p_wait == pytest.approx(c, rel=1e-12)
    assert (r.p_abandon, r.p_answered) == (0.0, 1.0)
    assert r.mean_wait == pytest.approx(asa, rel=1e-12)
    assert r.mean_wait_answered == pytest.approx(asa, rel=1e-12)
    assert r.mean_queue_length == pytest.approx(erl.mean_queue_length(n, a), rel=1e-12)
    assert r.occupancy == pytest.approx(a / n, rel=1e-12)
    assert r.carried == pytest.approx(a, rel=1e-12)
    for t in (0.0, 20.0, 300.0):
        assert r.service_level(t) == pytest.approx(erl.service_level(n, a, 180.0, t), rel=1e-12)


def test_erlang_a_without_hang_ups_overloaded() -> None:
    r = erl.erlang_a(3, 3.0, 180.0, math.inf)
    assert (r.p_wait, r.p_abandon, r.p_answered) == (1.0, 0.0, 1.0)
    assert r.mean_wait == r.mean_wait_answered == r.mean_queue_length == math.inf
    assert (r.occupancy, r.carried) == (1.0, 3.0)
    assert r.service_level(20.0) == 0.0


ARRAY_FORMULAS = [
    name
    for name, (func, _, _) in FORMULAS.items()
    if name not in ("erlang_x", "erlang_a", "mmnk") and not name.startswith("engset")
]


@pytest.mark.parametrize("name", ARRAY_FORMULAS)
def test_an_array_in_any_one_argument_gives_an_array(name: str) -> None:
    """Each argument in turn an array of two equal values, the others numbers: the answer
    is an array of the number's own answer twice (int for a count; the array path may
    differ in the last digit).
    A formula that asks whether all its arguments are numbers and forgets one would
    return a number here."""
    import numpy as np

    func, good, _ = FORMULAS[name]
    one = func(**good)
    for arg in good:
        out = func(**{**good, arg: np.array([good[arg], good[arg]])})
        assert isinstance(out, np.ndarray), arg
        assert out.shape == (2,), arg
        assert out.tolist() == pytest.approx([one, one], rel=1e-12), arg
        if isinstance(one, int):
            assert out.dtype.kind == "i", arg


def test_agents_for_asa_edges() -> None:
    """No traffic needs nobody; one erlang needs the smallest count whose Erlang C wait
    meets the target (with hang-ups: Erlang A's)."""
    assert erl.agents_for_asa(0.0, 180.0, 20.0) == 0
    assert erl.agents_for_asa(0.0, 180.0, 20.0, 60.0) == 0
    n = erl.agents_for_asa(1.0, 180.0, 20.0)
    assert erl.average_speed_of_answer(n, 1.0, 180.0) <= 20.0
    assert erl.average_speed_of_answer(n - 1, 1.0, 180.0) > 20.0


def test_erlang_x_checks_the_answer_time_of_a_chain_result() -> None:
    """A result of the chain checks the answer time itself (the formula's result passes
    it on to Erlang A, which checks it too)."""
    r = erl.erlang_x(3, 2.4, 180.0, 120.0, places=5, redial=0.8, redial_after=60.0)
    assert r.method == "chain"
    with pytest.raises(InputError, match=r"^answer_time must be >= 0, got -0.25$"):
        r.service_level(-0.25)


def test_erlang_x_without_a_hold_place_is_erlang_b() -> None:
    """places == agents, no redials: Erlang B; an attempt is answered at once or never."""
    b = erl.erlang_b(4, 3.0)
    x = erl.erlang_x(4, 3.0, 180.0, 60.0, places=4)
    assert (x.p_busy, x.p_answered) == (b, 1.0 - b)
    assert x.carried == pytest.approx(3.0 * (1.0 - b), rel=1e-12)
    assert x.occupancy == pytest.approx(3.0 * (1.0 - b) / 4, rel=1e-12)
    assert x.service_level(0.0) == x.service_level(20.0) == 1.0 - b


def test_erlang_x_fixed_point_with_places_keeps_its_blocking() -> None:
    """At the fixed point with a place limit, the busy share is the queue's (M/M/n/K)."""
    x = erl.erlang_x(600, 660.0, 180.0, 60.0, places=620, redial=0.7, redial_after=60.0)
    assert x.method == "fixed point"
    assert x.p_busy == pytest.approx(erl.mmnk(600, 620, x.offered, 180.0, 60.0).p_busy, rel=1e-9)
    assert x.p_busy > 0.01


def _excess(n: float, x: float, a: float, recall: float) -> float:
    """How far *x* is from the retrial fixed point x = a + recall * x * B(n, x)."""
    return x - a - recall * x * erl.erlang_b(n, x)


def test_retrial_traffic_edges() -> None:
    """Nobody redials, or nothing is offered: the traffic itself. No lines: every attempt
    fails, so a / (1 - recall), or without end when everybody redials; everybody
    redialling to at most as many lines as erlangs: without end."""
    assert erl.retrial_traffic(3, 2.0, 0.0) == 2.0
    assert erl.retrial_traffic(3, 0.0, 0.7) == 0.0
    assert erl.retrial_traffic(0, 2.0, 0.5) == 4.0
    assert erl.retrial_traffic(0, 2.0, 1.0) == math.inf
    assert erl.retrial_traffic(3, 3.0, 1.0) == math.inf
    assert erl.retrial_traffic(3, 4.0, 1.0) == math.inf


@pytest.mark.parametrize(
    ("n", "a", "recall"),
    [(1, 0.5, 0.5), (3, 1.0, 0.6), (5, 2.0, 1.0), (10, 9.5, 1.0), (2, 1.5, 0.9), (8, 7.0, 0.3)],
)
def test_retrial_traffic_is_the_fixed_point(n: int, a: float, recall: float) -> None:
    """The answer solves x = a + recall * x * B(n, x) to rounding, and is above a."""
    x = erl.retrial_traffic(n, a, recall)
    assert a < x < math.inf
    assert abs(_excess(n, x, a, recall)) <= 1e-12 * x


def test_call_kbps_bounds_and_defaults() -> None:
    """G.711 by default; bitrate 1..10000 and ptime 2.5..120 inclusive; the messages
    list the known codecs and links; the figure is rounded to the sixth decimal."""
    from teletraffic.erlang.bandwidth import call_kbps

    assert call_kbps() == call_kbps("g711") == 87.2
    for ok in ({"bitrate": 1.0}, {"bitrate": 10_000.0}, {"ptime": 2.5}, {"ptime": 120.0}):
        assert call_kbps(**ok) > 0  # type: ignore[arg-type]
    for bad, words in (
        ({"bitrate": 0.5}, "bitrate must be 1..10000 kbit/s, got 0.5"),
        ({"bitrate": 10_000.5}, "bitrate must be 1..10000 kbit/s, got 10000.5"),
        ({"bitrate": True}, "bitrate must be 1..10000 kbit/s, got True"),
        ({"ptime": 2.0}, "ptime must be 2.5..120 ms, got 2.0"),
        ({"ptime": 120.5}, "ptime must be 2.5..120 ms, got 120.5"),
        ({"ptime": True}, "ptime must be 2.5..120 ms, got True"),
        ({"codec": "gsm"}, "codec must be one of g711, g722, g729, opus (or give a bitrate)"),
        ({"link": "atm"}, "link must be one of ethernet, ethernet_vlan, pppoe, wifi, got"),
    ):
        with pytest.raises(InputError) as caught:
            call_kbps(**bad)  # type: ignore[arg-type]
        assert str(caught.value).startswith(words), bad
    # 8 kbit/s at 30 ms on Ethernet, IPv4: (30 + 40 + 18) bytes x 8 / 30 ms = 23.4666...
    assert call_kbps(bitrate=8.0, ptime=30.0) == 23.466667
