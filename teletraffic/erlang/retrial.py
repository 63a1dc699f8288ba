"""Erlang X: a call centre whose callers hang up on hold and call again.

In business words: ``agents`` people answer a line of ``places`` channels (talking plus
holding). A caller who finds every channel taken hears busy; a caller on hold hangs up
when his patience ends. Either way he may **call again** a while later, up to a number of
attempts in all; a caller is *lost* only when his last attempt fails. The redials add to
the traffic exactly when the office is already full, so they hurt more than the same
number of fresh calls would: a formula that spreads them evenly over time (a fixed point
on the offered traffic) is optimistic.

Model (the semantics of the simulator's ``redial:``)
----------------------------------------------------
Fresh callers arrive as a Poisson stream of ``traffic`` erlangs; talk times are
exponential (mean ``talk_time``), patience on hold exponential (mean ``patience``), the
hold queue first come first served. An attempt that fails (busy: every place taken; or
abandoned on hold) is tried again with probability ``redial`` after an exponential delay
of mean ``redial_after``, if the caller has made fewer than ``max_attempts`` attempts; a
redial is a new attempt with its own talk time and patience.

Method
------
The state is (callers in the system, callers waiting to redial): a continuous-time
Markov chain with a *retrial orbit* (Falin & Templeton 1997; Artalejo & Gómez-Corral
2008, chapter 1), the model of Aguir et al. (2004) without balking. It is solved exactly
with ``scipy.sparse.linalg.spsolve``, truncated where the probability of the boundary
states is below ``1e-10`` (the result reports that probability as ``tail``). The chain
keeps the correlation between redials and congestion that a fixed point loses: callers
redial while the office is still full.

What the chain does not carry is each waiting caller's attempt number, which decides
whether a failure may redial once more when ``max_attempts`` is finite. The chain uses
the share of last attempts among redials and among hang-ups from the flows of each
attempt number (attempt *j* + 1 is fed by the failures of attempt *j*), solved as a
fixed point with the chain. This is exact without redials and with ``max_attempts`` 2 and
no hang-ups, and tends to exact as ``max_attempts`` grows; in between, the attempt mix is
an average, a small correction to a small flow.

Against long simulations of the engine over ten set-ups (loads 0.6 to 1.1 per agent,
with and without patience, finite and unlimited places, redial 0.3 to 0.8 after 20 s to
5 min, ``max_attempts`` 2 to 5; about a million attempts each), ``p_busy``,
``p_abandon`` and ``p_lost_caller`` agree within 2 % relative, where the fixed point on
the offered traffic is off by up to 50 % (``tests/test_erlang_x.py`` runs a shorter
version of that grid).

When the chain would exceed 60,000 states (a few hundred agents), the figures come from
the fixed point on the offered traffic instead (Cohen 1957; Aguir et al. 2004 show it is
accurate for large centres under heavy load), and ``method`` says so.

References
----------
J. W. Cohen, "Basic problems of telephone traffic theory and the influence of repeated
calls", Philips Telecommunication Review 18(2), 49-100 (1957).
G. I. Falin, J. G. C. Templeton, *Retrial Queues*, Chapman & Hall (1997).
J. R. Artalejo, A. Gómez-Corral, *Retrial Queueing Systems: A Computational Approach*,
Springer (2008).
S. Aguir, F. Karaesmen, O. Z. Akşin, F. Chauvet, "The impact of retrials on call center
performance", OR Spectrum 26(3), 353-376 (2004).
G. Koole, *Call Center Optimization*, MG Books (2013), chapter 4 (the Erlang X model of
abandonment and redials behind the Erlang X calculators).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from teletraffic.erlang.arguments import FloatArray, _check
from teletraffic.erlang.chain import _Chain
from teletraffic.erlang.loss import erlang_b
from teletraffic.erlang.queue import ErlangAResult, MMNKResult, erlang_a, mmnk
from teletraffic.errors import InputError

__all__ = ["ErlangXResult", "erlang_x"]

_MAX_STATES = 60_000
"""Largest chain solved exactly; beyond it the fixed point answers."""

_TAIL = 1e-10
"""Largest probability left in the truncation boundary of the chain."""

_MAX_ATTEMPTS = 1000


@dataclass(frozen=True)
class ErlangXResult:
    """Steady state of a call centre whose callers hang up and redial (Erlang X).

    Shares whose name speaks of attempts are over **all attempts**, redials included (as
    the simulator counts ``p_busy`` and ``service_level``); ``p_lost_caller`` and
    ``attempts_per_caller`` are per fresh caller. Waits are in seconds.

    Attributes
    ----------
    agents, places, traffic, talk_time, patience, redial, redial_after, max_attempts
        The inputs (``places`` None: unlimited hold queue; ``patience`` ``inf``: nobody
        hangs up; ``traffic``: fresh erlangs, first attempts only).
    p_busy
        Share of attempts that find every place taken (0 without a place limit).
    p_abandon
        Share of attempts that hang up on hold.
    p_answered
        Share of attempts answered, ``1 - p_busy - p_abandon``.
    p_wait
        Share of attempts put on hold (got a place, no free agent).
    mean_wait
        Mean time on hold of the attempts that got a place, answered or not (those
        answered at once count 0; blocked attempts are not counted), as the simulator's
        ``mean_wait``.
    mean_wait_answered
        Mean wait of the answered attempts.
    mean_queue_length
        Mean number of callers on hold.
    p_lost_caller
        Share of fresh callers never answered, after all their attempts:
        ``1 - carried / traffic``.
    attempts_per_caller
        Attempts per fresh caller, ``offered / traffic``.
    offered
        Erlangs of attempts (fresh and redials): attempts per second x ``talk_time``.
    carried
        Erlangs talked: mean number of busy agents.
    occupancy
        Share of time an agent is on a call, ``carried / agents``.
    mean_redialling
        Mean number of callers waiting to redial.
    method
        ``"formula"`` (no redials: exactly :func:`mmnk` or :func:`erlang_a`),
        ``"chain"`` (the Markov chain with a retrial orbit) or ``"fixed point"`` (the
        chain would be too large: redials spread evenly over time, optimistic).
    tail
        Probability of the chain's truncation boundary (0 for ``formula``).
    """

    agents: int
    places: int | None
    traffic: float
    talk_time: float
    patience: float
    redial: float
    redial_after: float
    max_attempts: int
    p_busy: float
    p_abandon: float
    p_answered: float
    p_wait: float
    mean_wait: float
    mean_wait_answered: float
    mean_queue_length: float
    p_lost_caller: float
    attempts_per_caller: float
    offered: float
    carried: float
    occupancy: float
    mean_redialling: float
    method: str
    tail: float
    _answered_within: Callable[[float], float] = field(repr=False, compare=False)

    def service_level(self, answer_time: float) -> float:
        """Share of **all attempts** answered within ``answer_time`` seconds.

        Busy and abandoned attempts count in the denominator and never as answered; a
        caller who gets through on the second attempt counts once as a failure and once
        as answered, as the simulator's ``service_level`` counts attempts.
        """
        t = float(_check("answer_time", answer_time, ge=0, allow_inf=True))
        if math.isinf(t):
            return self.p_answered
        return self._answered_within(t)


def _given(x: Any) -> dict[str, Any]:
    """The inputs of a result, as :class:`ErlangXResult` records them."""
    return {
        "agents": x.n,
        "places": x.places,
        "traffic": x.a,
        "talk_time": x.h,
        "patience": x.patience,
        "redial": x.redial,
        "redial_after": x.after,
        "max_attempts": x.attempts,
    }


# --------------------------------------------------------------------------------------
# arguments
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    n: int
    places: int | None
    a: float
    h: float
    patience: float
    redial: float
    after: float
    attempts: int

    @property
    def r(self) -> float:
        """Hang-up rate per caller on hold, in units of the talk rate."""
        return 0.0 if math.isinf(self.patience) else self.h / self.patience

    @property
    def nu(self) -> float:
        """Redial rate per waiting caller, in units of the talk rate."""
        return self.h / self.after


def _inputs(
    agents: int,
    traffic: float,
    talk_time: float,
    patience: float | None,
    places: int | None,
    redial: float,
    redial_after: float,
    max_attempts: int,
) -> _Inputs:
    n = int(_check("agents", agents, ge=1, integer=True))
    a = float(_check("traffic", traffic, ge=0))
    h = float(_check("talk_time", talk_time, gt=0))
    pat = math.inf
    if patience is not None:
        pat = float(_check("patience", patience, gt=0, allow_inf=True))
    k = None
    if places is not None:
        k = int(_check("places", places, ge=1, integer=True))
        if k < n:
            raise InputError(f"places must be >= agents ({n}), got {k}")
    p = float(_check("redial", redial, ge=0, le=1))
    after = float(_check("redial_after", redial_after, gt=0))
    m = int(_check("max_attempts", max_attempts, ge=1, le=_MAX_ATTEMPTS, integer=True))
    return _Inputs(n, k, a, h, pat, p, after, m)


# --------------------------------------------------------------------------------------
# without redials: the formulas themselves
# --------------------------------------------------------------------------------------


def _from_formula(x: _Inputs) -> ErlangXResult:
    """No redials: exactly :func:`mmnk` (finite places), :func:`erlang_a` (unlimited) or,
    without a hold place, :func:`erlang_b`."""
    res: MMNKResult | ErlangAResult
    if x.places is not None:
        res = mmnk(x.n, x.places, x.a, x.h, x.patience)
        p_busy = res.p_busy
    else:
        res = erlang_a(x.n, x.a, x.h, x.patience)
        p_busy = 0.0
    p_answered, carried = res.p_answered, res.carried
    answered_within: Callable[[float], float] = res.service_level
    if x.places == x.n:  # a pure loss system: Erlang B itself
        p_busy = erlang_b(x.n, x.a)
        p_answered, carried = 1.0 - p_busy, x.a * (1.0 - p_busy)
        answered_within = partial(_always, p_answered)
    return ErlangXResult(
        **_given(x),
        p_busy=p_busy,
        p_abandon=res.p_abandon,
        p_answered=p_answered,
        p_wait=res.p_wait,
        mean_wait=res.mean_wait,
        mean_wait_answered=res.mean_wait_answered,
        mean_queue_length=res.mean_queue_length,
        p_lost_caller=1.0 - p_answered,
        attempts_per_caller=1.0,
        offered=x.a,
        carried=carried,
        occupancy=min(1.0, carried / x.n),
        mean_redialling=0.0,
        method="formula",
        tail=0.0,
        _answered_within=answered_within,
    )


def _always(value: float, t: float) -> float:
    return value


# --------------------------------------------------------------------------------------
# the flows of each attempt number
# --------------------------------------------------------------------------------------


def _attempt_flows(x: _Inputs, fail_first: float, fail_redial: float) -> tuple[float, float]:
    """Attempt rates of redials, in all and of last attempts, per fresh erlang.

    Attempt 1 fails with probability *fail_first*, later attempts with *fail_redial*;
    each failure of attempt *j* < ``max_attempts`` becomes attempt *j* + 1 with
    probability ``redial``. Returns (sum of the rates of attempts 2..m, rate of
    attempt m), both per unit rate of fresh callers.
    """
    m = x.attempts
    if m < 2:
        return 0.0, 0.0
    second = x.redial * fail_first
    q = x.redial * fail_redial
    if q >= 1.0:
        return second * (m - 1), second
    total = second * (-math.expm1((m - 1) * math.log(q)) / (1.0 - q) if q > 0.0 else 1.0)
    return total, second * q ** (m - 2)


def _redial_shares(
    x: _Inputs, busy: tuple[float, float], hang_up: tuple[float, float]
) -> tuple[float, float]:
    """Probabilities that a failed redial, and a caller who hangs up, call again.

    *busy* and *hang_up* are the probabilities that a fresh attempt and a redial hear
    busy, and hang up on hold. A failed redial calls again unless it was the last
    attempt: the share of last attempts among redials comes from the flows of each
    attempt number. A caller who hangs up may be fresh or a redial, in the proportion
    of the hang-ups of each.
    """
    redials, last = _attempt_flows(x, busy[0] + hang_up[0], busy[1] + hang_up[1])
    if redials <= 0.0:
        return x.redial, x.redial
    retry = x.redial * (1.0 - last / redials)
    hang_ups = hang_up[0] + redials * hang_up[1]
    if hang_ups <= 0.0:
        return retry, x.redial
    return retry, x.redial * (1.0 - last * hang_up[1] / hang_ups)


# --------------------------------------------------------------------------------------
# the fixed point on the offered traffic (large centres)
# --------------------------------------------------------------------------------------


def _queue_at(x: _Inputs, offered: float) -> MMNKResult | ErlangAResult:
    if x.places is not None:
        return mmnk(x.n, x.places, offered, x.h, x.patience)
    return erlang_a(x.n, offered, x.h, x.patience)


def _fixed_point_offered(x: _Inputs) -> float:
    """Attempt traffic A' = A (1 + sum of redial flows) with Poisson attempts at A'."""
    from scipy.optimize import brentq

    def gap(offered: float) -> float:
        res = _queue_at(x, offered)
        fail = 1.0 - res.p_answered
        return x.a * (1.0 + _attempt_flows(x, fail, fail)[0]) - offered

    hi = x.a * (1.0 + _attempt_flows(x, 1.0, 1.0)[0])
    if gap(hi) >= 0.0:
        return hi
    return float(brentq(gap, x.a, hi, xtol=1e-12 * max(x.a, 1e-300), rtol=1e-13))


def _from_fixed_point(x: _Inputs) -> ErlangXResult:
    offered = _fixed_point_offered(x)
    res = _queue_at(x, offered)
    return _result(
        x,
        offered=offered,
        p_busy=res.p_busy if isinstance(res, MMNKResult) else 0.0,
        p_wait=res.p_wait,
        mean_queue=res.mean_queue_length,
        carried=res.carried,
        mean_wait_answered=res.mean_wait_answered,
        method="fixed point",
        tail=0.0,
        answered_within=res.service_level,
    )


def _result(
    x: _Inputs,
    *,
    offered: float,
    p_busy: float,
    p_wait: float,
    mean_queue: float,
    carried: float,
    mean_wait_answered: float,
    method: str,
    tail: float,
    answered_within: Callable[[float], float],
) -> ErlangXResult:
    """The figures of Erlang X from the attempt traffic and the state of the queue."""
    p_abandon = min(1.0, x.r * mean_queue / offered) if offered > 0 else 0.0
    admitted = offered * (1.0 - p_busy)
    return ErlangXResult(
        **_given(x),
        p_busy=p_busy,
        p_abandon=p_abandon,
        p_answered=carried / offered if offered > 0 else 1.0,
        p_wait=p_wait,
        mean_wait=mean_queue * x.h / admitted if admitted > 0 else math.inf,
        mean_wait_answered=mean_wait_answered,
        mean_queue_length=mean_queue,
        p_lost_caller=max(0.0, 1.0 - carried / x.a) if x.a > 0 else 0.0,
        attempts_per_caller=offered / x.a if x.a > 0 else 1.0,
        offered=offered,
        carried=carried,
        occupancy=min(1.0, carried / x.n),
        mean_redialling=(offered - x.a) * x.after / x.h,
        method=method,
        tail=tail,
        _answered_within=answered_within,
    )


# --------------------------------------------------------------------------------------
# the Markov chain with a retrial orbit
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Orbit:
    """The truncated chain: ``pi[k, o]`` = P(k callers in the system, o redialling).

    ``full`` says whether row ``k = K`` is "every place taken" (finite places) or only
    where the unlimited hold queue was cut.
    """

    pi: FloatArray
    full: bool


def _generator(x: _Inputs, kt: int, ot: int, full: bool, retry: float, again: float) -> Any:
    """Transposed generator of the chain (a scipy.sparse CSC matrix).

    Rates are in units of the talk rate: fresh arrivals ``A``, service ``min(k, n)``,
    hang-ups ``(k - n)^+ r``, redials ``o nu``. A fresh attempt that hears busy redials
    with probability ``redial``, a redial that hears busy with *retry*, a caller who
    hangs up with *again*. The orbit is cut at *ot*: a redial that would go beyond it is
    lost (its probability is in ``tail``).
    """
    import scipy.sparse as sp

    size = (kt + 1) * (ot + 1)
    k, o = np.divmod(np.arange(size), ot + 1)
    kf, of = k.astype(np.float64), o.astype(np.float64)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    rate: list[np.ndarray] = []

    def move(where: np.ndarray, dk: int, do: int, rates: np.ndarray | float) -> None:
        r = np.broadcast_to(rates, where.shape)[where]
        s = np.nonzero(where)[0]
        keep = r > 0.0
        src.append(s[keep])
        dst.append(s[keep] + dk * (ot + 1) + do)
        rate.append(r[keep])

    room = k < kt
    move(room, 1, 0, x.a)  # a fresh caller gets a place
    move(room & (o > 0), 1, -1, of * x.nu)  # a redial gets a place
    if full:
        move(~room & (o < ot), 0, 1, x.a * x.redial)  # busy; will redial
        move(~room & (o > 0), 0, -1, of * x.nu * (1.0 - retry))  # busy again; gives up
    else:
        move(~room & (o > 0), 0, -1, of * x.nu)  # beyond the cut: lost, in the tail
    held = np.maximum(kf - x.n, 0.0) * x.r
    move(k > 0, -1, 0, np.minimum(kf, x.n))  # a call ends
    move((k > x.n) & (o < ot), -1, 1, held * again)  # hangs up, will redial
    move(k > x.n, -1, 0, np.where(o < ot, held * (1.0 - again), held))  # hangs up for good
    rows = np.concatenate(src)
    cols = np.concatenate(dst)
    vals = np.concatenate(rate)
    out = np.bincount(rows, weights=vals, minlength=size)
    # pi Q = 0, transposed: column j of Q^T holds the rates into and out of state j
    q = sp.coo_matrix(
        (
            np.concatenate([vals, -out]),
            (np.concatenate([cols, np.arange(size)]), np.concatenate([rows, np.arange(size)])),
        ),
        shape=(size, size),
    )
    return q.tocsc()


class _Solver:
    """The chain's stationary distribution for successive redial shares.

    One probability, ``pi[ref]``, is fixed at 1 and its equation dropped, instead of
    adding the normalisation as an equation: the matrix stays banded and its sparse LU
    fills in little. *ref* is a likely state. The LU of the first matrix solved is kept:
    the next ones differ only in two redial shares, and iterative refinement with the
    old LU (``x += LU^-1 (b - A x)``) reaches them in a few triangular solves.
    """

    def __init__(self, x: _Inputs, kt: int, ot: int, full: bool, ref: int) -> None:
        self.x, self.kt, self.ot, self.full, self.ref = x, kt, ot, full, ref
        self.lu: Any = None
        self.last: FloatArray | None = None
        self.factorised = 0

    def solve(self, retry: float, again: float) -> _Orbit:
        """The distribution for these redial shares.

        When the reference state turns out to be far less likely than others (the
        solution overflows, or is above 1e200 somewhere), the most likely state found
        becomes the reference and the chain is solved again.
        """
        qt = _generator(self.x, self.kt, self.ot, self.full, retry, again)
        for _ in range(4):
            pi = self._solve_from(qt)
            if pi is not None:
                return _Orbit((pi / pi.sum()).reshape(self.kt + 1, self.ot + 1), self.full)
        raise InputError(  # pragma: no cover - not seen in any test or sweep
            "the redial chain could not be solved; try fewer max_attempts or a lower redial"
        )

    def _solve_from(self, qt: Any) -> FloatArray | None:
        """Solve with pi[ref] = 1; None (and a new ref) when the ref was a poor choice."""
        from scipy.sparse.linalg import splu

        size = qt.shape[0]
        rest = np.r_[0 : self.ref, self.ref + 1 : size]
        b = -qt[rest, :][:, [self.ref]].toarray().ravel()
        a = qt[rest, :][:, rest].tocsc()
        solved = self._refine(a, b) if self.lu is not None else None
        if solved is None:
            self.lu = splu(a, permc_spec="MMD_AT_PLUS_A")
            self.factorised += 1
            solved = self.lu.solve(b)
        pi = np.empty(size)
        pi[rest] = solved
        pi[self.ref] = 1.0
        finite = np.isfinite(pi)
        if finite.all() and float(pi.max()) <= 1e200:
            self.last = solved
            return np.clip(pi, 0.0, None)
        self.ref = int(np.argmax(np.where(finite, pi, -np.inf)))
        self.lu = self.last = None
        return None

    def _refine(self, a: Any, b: FloatArray) -> FloatArray | None:
        """Iterative refinement from the last solution; None if it does not contract."""
        assert self.last is not None
        x = self.last
        size = float(np.abs(x).sum())
        previous = math.inf
        for _ in range(16):
            dx = self.lu.solve(b - a @ x)
            x = x + dx
            change = float(np.abs(dx).sum())
            if change <= 1e-13 * size:
                return x
            if change > 0.5 * previous:
                return None
            previous = change
        return None


def _hang_up_given_place(x: _Inputs, kt: int) -> FloatArray:
    """P(hang up | an attempt gets a place with k callers in the system), k = 0..kt.

    With j = k - n callers ahead on hold, the caller is answered with probability
    m / (m + j + 1), m = n / r (those ahead leave at rate n + i r, he at rate r).
    """
    k = np.arange(kt + 1, dtype=np.float64)
    j = np.maximum(k - x.n, -1.0)
    if x.r == 0.0:
        return np.zeros(kt + 1)
    m = x.n / x.r
    out: FloatArray = (j + 1.0) / (m + j + 1.0)
    return out


def _seen(orbit: _Orbit) -> tuple[FloatArray, FloatArray, float]:
    """What attempts see: (fresh: P(k), redials: P(k) weighted by o, mean orbit)."""
    pi = orbit.pi
    fresh = pi.sum(axis=1)
    weighted = pi @ np.arange(pi.shape[1], dtype=np.float64)
    mean_orbit = float(weighted.sum())
    redials = weighted / mean_orbit if mean_orbit > 0 else fresh
    return fresh, redials, mean_orbit


def _failures(x: _Inputs, orbit: _Orbit) -> tuple[tuple[float, float], tuple[float, float]]:
    """P(busy) and P(hang up) of a fresh attempt and of a redial, from the chain."""
    fresh, redials, _ = _seen(orbit)
    kt = fresh.size - 1
    hang = _hang_up_given_place(x, kt)
    if orbit.full:
        busy = (float(fresh[-1]), float(redials[-1]))
        hang[-1] = 0.0
    else:
        busy = (0.0, 0.0)
    return busy, (float(fresh @ hang), float(redials @ hang))


def _queue_bound(x: _Inputs, offered: float) -> float:
    """Callers on hold where an M/M/n+M queue at *offered* erlangs has little mass left."""
    if x.r > 0.0:
        return max(0.0, (offered - x.n) / x.r) + 6.0 * math.sqrt((offered + 1.0) / x.r) + 16.0
    if offered < x.n:
        return 16.0 + 25.0 / math.log(x.n / offered)
    return math.inf


def _converged(
    x: _Inputs, kt: int, ot: int, full: bool, shares: tuple[float, float], guess: float
) -> tuple[_Orbit, tuple[float, float]]:
    """Solve the chain, with the redial shares of each attempt number as a fixed point.

    *guess* is the attempt traffic of the fixed point, to pick a likely reference state.
    """
    k_mode = guess if guess < x.n else (x.n + (guess - x.n) / x.r if x.r > 0 else kt)
    k_ref = min(kt, round(k_mode))
    o_ref = min(ot, round((guess - x.a) / x.nu))
    ref = k_ref * (ot + 1) + o_ref
    retry, again = shares
    solver = _Solver(x, kt, ot, full, ref)
    for step in range(60):
        orbit = solver.solve(retry, again)
        new = _redial_shares(x, *_failures(x, orbit))
        if abs(new[0] - retry) <= 1e-11 and abs(new[1] - again) <= 1e-11:
            break
        if step >= 8:  # near saturation the shares can swing: take half steps
            new = (0.5 * (retry + new[0]), 0.5 * (again + new[1]))
        retry, again = new
    return orbit, (retry, again)


def _wait_answered(x: _Inputs, queue: FloatArray, p_answered: float) -> float:
    """Mean wait of answered attempts; *queue*: arrival weights of j = 0, 1, ... ahead."""
    j = np.arange(queue.size, dtype=np.float64)
    if x.r > 0.0:
        m = x.n / x.r
        waited = float(
            np.dot(queue, m / (m + j + 1.0) * x.patience * np.cumsum(1.0 / (m + 1.0 + j)))
        )
    else:
        waited = float(np.dot(queue, (j + 1.0) * x.h / x.n))
    return waited / p_answered if p_answered > 0 else math.inf


def _from_chain(x: _Inputs) -> ErlangXResult | None:
    """Erlang X by the chain with a retrial orbit; None when it would be too large."""
    first_guess = _fixed_point_offered(x)
    bound = _queue_bound(x, 1.25 * first_guess + 1.0)
    full = x.places is not None and x.places - x.n <= bound
    if not full and math.isinf(bound):
        return None
    kt = x.places if full and x.places is not None else x.n + math.ceil(bound)
    orbit_mean = (first_guess - x.a) / x.nu
    ot = math.ceil(orbit_mean + 8.0 * math.sqrt(orbit_mean + 1.0) + 16.0)
    guess = _queue_at(x, first_guess)
    busy = guess.p_busy if isinstance(guess, MMNKResult) else 0.0
    shares = _redial_shares(x, (busy, busy), (guess.p_abandon, guess.p_abandon))
    while True:
        if (kt + 1) * (ot + 1) > _MAX_STATES:
            return None
        orbit, shares = _converged(x, kt, ot, full, shares, first_guess)
        tail_orbit = float(orbit.pi[:, -1].sum())
        tail_queue = 0.0 if full else float(orbit.pi[-1, :].sum())
        if tail_orbit > _TAIL:
            ot = math.ceil(1.5 * ot) + 10
        elif tail_queue > _TAIL:
            kt = x.n + math.ceil(1.5 * (kt - x.n)) + 10
        else:
            break
    fresh, redials, mean_orbit = _seen(orbit)
    offered = x.a + x.nu * mean_orbit
    seen = (x.a * fresh + x.nu * mean_orbit * redials) / offered
    k = np.arange(kt + 1, dtype=np.float64)
    queue = seen[x.n : kt] if full else seen[x.n :]
    below = float(seen[: x.n].sum())
    within = _Chain(x.n, offered, x.r, x.h, seen[x.n :], below, full)
    carried = float(fresh @ np.minimum(k, x.n))
    return _result(
        x,
        offered=offered,
        p_busy=float(seen[-1]) if full else 0.0,
        p_wait=float(queue.sum()),
        mean_queue=float(fresh @ np.maximum(k - x.n, 0.0)),
        carried=carried,
        mean_wait_answered=_wait_answered(x, queue, carried / offered),
        method="chain",
        tail=tail_orbit + tail_queue,
        answered_within=within.answered_within,
    )


def erlang_x(
    agents: int,
    traffic: float,
    talk_time: float,
    patience: float | None = None,
    *,
    places: int | None = None,
    redial: float = 0.0,
    redial_after: float = 120.0,
    max_attempts: int = 3,
) -> ErlangXResult:
    """Erlang X: hang-ups on hold and redials together, per attempt and per caller.

    ``agents`` answer a line of ``places`` channels (talking plus holding; ``None``: an
    unlimited hold queue; ``places == agents``: no queue, a pure loss system). Fresh
    callers bring ``traffic`` erlangs; a caller on hold hangs up after an exponential
    ``patience`` (``None``: never). A failed attempt (busy, or hung up on hold) is
    redialled with probability ``redial`` after an exponential delay of mean
    ``redial_after``, up to ``max_attempts`` attempts in all: the semantics of the
    simulator's ``redial: {probability, after, max_attempts}`` on busy and abandoned
    attempts. Solved as a Markov chain with a retrial orbit (see
    :mod:`teletraffic.erlang.retrial` for the method and its accuracy); without redials
    it is exactly :func:`mmnk` (or :func:`erlang_a` without ``places``).

    Parameters
    ----------
    agents : int
        Number of agents, >= 1.
    traffic : float
        Fresh offered traffic in erlangs (first attempts only), >= 0.
    talk_time : float
        Mean talk time, seconds (> 0); the unit of every time here.
    patience : float, optional
        Mean patience on hold, seconds; ``None`` or ``inf``: nobody hangs up.
    places : int, optional, keyword only
        Channels of the line, >= ``agents``; ``None``: unlimited waiting room.
    redial : float, keyword only
        Probability in [0, 1] that a failed attempt is tried again.
    redial_after : float, keyword only
        Mean delay before a redial, seconds (> 0).
    max_attempts : int, keyword only
        Attempts in all, the first included (1 = nobody redials), 1..1000.

    Returns
    -------
    ErlangXResult
        Shares per attempt (``p_busy``, ``p_abandon``, ``service_level(t)``), per
        caller (``p_lost_caller``, ``attempts_per_caller``), traffic (``offered``,
        ``carried``), waits in seconds, and ``method``.

    Raises
    ------
    InputError
        For a bad argument, naming it and the value.

    Examples
    --------
    >>> r = erlang_x(3, 2.4, 180.0, 120.0, places=5, redial=0.8, redial_after=60.0,
    ...              max_attempts=5)
    >>> round(r.p_busy, 3), round(r.p_lost_caller, 3), r.method
    (0.178, 0.107, 'chain')
    """
    x = _inputs(agents, traffic, talk_time, patience, places, redial, redial_after, max_attempts)
    if x.redial == 0.0 or x.attempts == 1 or x.a == 0.0:
        return _from_formula(x)
    if x.places is None and x.r == 0.0:
        return _from_formula(x)  # nobody fails, nobody redials: Erlang C
    found = _from_chain(x)
    return found if found is not None else _from_fixed_point(x)
