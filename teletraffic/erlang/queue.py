"""Queues: callers who find every agent busy wait on hold.

Erlang C and its business figures (service level, average speed of answer, occupancy,
queue length), Erlang A (callers hang up when their patience ends) and M/M/n/K (the
hold queue is bounded by the trunk's channels).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from teletraffic.erlang.arguments import (
    FloatArray,
    _all_scalar,
    _check,
    _result,
)
from teletraffic.erlang.chain import _build_chain, _metrics
from teletraffic.erlang.loss import _erlang_b_array, _erlang_b_scalar
from teletraffic.errors import InputError

# --------------------------------------------------------------------------------------
# Erlang C and its business functions
# --------------------------------------------------------------------------------------


def _erlang_c_array(n: FloatArray, a: FloatArray) -> FloatArray:
    b = _erlang_b_array(n, a)
    n, a = np.broadcast_arrays(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(a < n, n * b / (n - a + a * b), 1.0)
    return np.minimum(c, 1.0)


def _agents_traffic(agents: ArrayLike, traffic: ArrayLike) -> tuple[FloatArray, FloatArray]:
    return _check("agents", agents, gt=0), _check("traffic", traffic, ge=0)


@overload
def erlang_c(agents: float, traffic: float) -> float: ...
@overload
def erlang_c(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float: ...
def erlang_c(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Probability that a caller has to wait on hold (M/M/n queue, no hang-ups).

    ``agents`` people answer ``traffic`` erlangs of Poisson calls; callers who find all
    agents busy wait (first come, first served) as long as it takes.

    .. math::

        C(N, A) = \\frac{B(N, A)}{1 - \\frac{A}{N}\\,(1 - B(N, A))}
                = \\frac{N B}{N - A + A B},\\qquad A < N.

    When :math:`A \\ge N` the queue grows without bound: the result is 1 (and the
    waits of :func:`average_speed_of_answer` are infinite).

    Parameters
    ----------
    agents : float or array_like
        Number of agents :math:`N > 0` (non-integer values use the continuous extension).
    traffic : float or array_like
        Offered traffic :math:`A \\ge 0` in erlangs.

    Returns
    -------
    float or ndarray
        Probability of waiting, in [0, 1].

    References
    ----------
    A. K. Erlang (1917), op. cit.; L. Kleinrock, *Queueing Systems, Vol. 1: Theory*,
    Wiley (1975), section 3.5; R. B. Cooper, *Introduction to Queueing Theory*, 2nd
    ed. (1981), section 3.4.
    """
    n, a = _agents_traffic(agents, traffic)
    return _result(_erlang_c_array(n, a), _all_scalar(agents, traffic))


@overload
def service_level(agents: float, traffic: float, talk_time: float, answer_time: float) -> float: ...
@overload
def service_level(
    agents: ArrayLike, traffic: ArrayLike, talk_time: ArrayLike, answer_time: ArrayLike
) -> FloatArray | float: ...
def service_level(
    agents: ArrayLike, traffic: ArrayLike, talk_time: ArrayLike, answer_time: ArrayLike
) -> FloatArray | float:
    """Share of callers answered within ``answer_time`` (Erlang C, no hang-ups).

    .. math::

        SL(t) = 1 - C(N, A)\\, e^{-(N - A)\\, t / h}

    with :math:`h` the mean talk time. Zero when :math:`A \\ge N` (overload).

    Parameters
    ----------
    agents : float or array_like
        Number of agents :math:`N > 0`.
    traffic : float or array_like
        Offered traffic :math:`A` in erlangs.
    talk_time : float or array_like
        Mean talk (handling) time :math:`h > 0`, in seconds.
    answer_time : float or array_like
        Target answer time :math:`t \\ge 0`, in seconds (e.g. 20 for "80 % in 20 s").

    Returns
    -------
    float or ndarray
        Service level in [0, 1].

    References
    ----------
    Kleinrock (1975), eq. 3.40 (waiting-time distribution of M/M/m).
    """
    n, a = _agents_traffic(agents, traffic)
    h = _check("talk_time", talk_time, gt=0)
    t = _check("answer_time", answer_time, ge=0)
    c = _erlang_c_array(n, a)
    n, a, h, t = np.broadcast_arrays(n, a, h, t)
    with np.errstate(over="ignore", invalid="ignore"):
        sl = np.where(a < n, 1.0 - c * np.exp(-(n - a) * t / h), 0.0)
    return _result(np.clip(sl, 0.0, 1.0), _all_scalar(agents, traffic, talk_time, answer_time))


@overload
def average_speed_of_answer(agents: float, traffic: float, talk_time: float) -> float: ...
@overload
def average_speed_of_answer(
    agents: ArrayLike, traffic: ArrayLike, talk_time: ArrayLike
) -> FloatArray | float: ...
def average_speed_of_answer(
    agents: ArrayLike, traffic: ArrayLike, talk_time: ArrayLike
) -> FloatArray | float:
    """Mean wait on hold over **all** callers (ASA), in seconds (Erlang C).

    .. math::

        \\mathrm{ASA} = C(N, A)\\,\\frac{h}{N - A}

    Callers answered at once count with a wait of 0. ``inf`` when :math:`A \\ge N`.

    Parameters
    ----------
    agents : float or array_like
        Number of agents :math:`N > 0`.
    traffic : float or array_like
        Offered traffic :math:`A` in erlangs.
    talk_time : float or array_like
        Mean talk time :math:`h > 0` in seconds.

    Returns
    -------
    float or ndarray
        Mean wait in seconds, >= 0 or ``inf``.

    References
    ----------
    Kleinrock (1975), eq. 3.43.
    """
    n, a = _agents_traffic(agents, traffic)
    h = _check("talk_time", talk_time, gt=0)
    c = _erlang_c_array(n, a)
    n, a, h = np.broadcast_arrays(n, a, h)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(a < n, c * h / (n - a), np.inf)
    return _result(w, _all_scalar(agents, traffic, talk_time))


@overload
def occupancy(agents: float, traffic: float) -> float: ...
@overload
def occupancy(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float: ...
def occupancy(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Share of time an agent is on a call (Erlang C, no hang-ups).

    .. math::

        \\rho = \\min(A / N, 1)

    Parameters
    ----------
    agents : float or array_like
        Number of agents :math:`N > 0`.
    traffic : float or array_like
        Offered traffic :math:`A` in erlangs.

    Returns
    -------
    float or ndarray
        Occupancy in [0, 1]; 1 in overload.

    References
    ----------
    Kleinrock (1975), section 3.5.
    """
    n, a = _agents_traffic(agents, traffic)
    return _result(np.minimum(a / n, 1.0), _all_scalar(agents, traffic))


@overload
def mean_queue_length(agents: float, traffic: float) -> float: ...
@overload
def mean_queue_length(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float: ...
def mean_queue_length(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Mean number of callers on hold (Erlang C, no hang-ups).

    .. math::

        L_q = C(N, A)\\,\\frac{A}{N - A}

    ``inf`` when :math:`A \\ge N`.

    Parameters
    ----------
    agents : float or array_like
        Number of agents :math:`N > 0`.
    traffic : float or array_like
        Offered traffic :math:`A` in erlangs.

    Returns
    -------
    float or ndarray
        Mean queue length (callers), >= 0 or ``inf``.

    References
    ----------
    Kleinrock (1975), eq. 3.41.
    """
    n, a = _agents_traffic(agents, traffic)
    c = _erlang_c_array(n, a)
    n, a = np.broadcast_arrays(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(a < n, c * a / (n - a), np.inf)
    return _result(q, _all_scalar(agents, traffic))


def _erlang_c_scalar(n: float, a: float) -> float:
    if a >= n:
        return 1.0
    b = _erlang_b_scalar(n, a)
    return min(1.0, n * b / (n - a + a * b))


# --------------------------------------------------------------------------------------
# Erlang A
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErlangAResult:
    """Steady state of a call centre whose callers hang up when their patience ends.

    All shares are over **all** offered callers; all waits are in the unit of
    ``talk_time`` (seconds). Every caller is admitted (the hold queue is unbounded).

    Attributes
    ----------
    agents, traffic, talk_time, patience
        The inputs (patience ``inf`` means nobody hangs up: Erlang C).
    p_wait
        Share of callers who find every agent busy and are put on hold.
    p_abandon
        Share of callers who hang up on hold before being answered.
    p_answered
        Share of callers answered, ``1 - p_abandon``.
    mean_wait
        Mean time on hold over all callers, answered or not (abandoners count their
        time until they hang up; callers answered at once count 0): ``L_q / lambda``.
    mean_wait_answered
        Mean wait of the callers who are answered (0 for those answered at once).
    mean_queue_length
        Mean number of callers on hold.
    occupancy
        Share of time an agent is on a call, ``carried / agents``.
    carried
        Carried traffic, erlangs: mean number of busy agents.
    """

    agents: int
    traffic: float
    talk_time: float
    patience: float
    p_wait: float
    p_abandon: float
    p_answered: float
    mean_wait: float
    mean_wait_answered: float
    mean_queue_length: float
    occupancy: float
    carried: float
    _answered_within: Callable[[float], float] = field(repr=False, compare=False)

    def service_level(self, answer_time: float) -> float:
        """Share of **all** offered callers answered within ``answer_time`` seconds.

        Callers who hang up count in the denominator and never as answered, which is
        what a simulator measures as "answered within t / offered":

        .. math::

            SL(t) = P(W < N\\text{-free}) + \\sum_{j \\ge 0} \\pi_{n+j}
            \\frac{m}{m+j+1}\\, I_{1-e^{-\\theta t}}(j+1,\\, m+1),\\quad m = n\\mu/\\theta,

        where :math:`I` is the regularised incomplete beta function: a caller who
        finds :math:`j` callers ahead waits the sum of exponentials of rates
        :math:`n\\mu + i\\theta`, :math:`i = 0..j`, and is answered if that ends
        before his own patience.
        """
        t = float(_check("answer_time", answer_time, ge=0, allow_inf=True))
        if math.isinf(t):
            return self.p_answered
        return self._answered_within(t)

    def service_level_answered(self, answer_time: float) -> float:
        """Share of the **answered** callers answered within ``answer_time`` seconds."""
        if self.p_answered == 0.0:
            return 0.0
        return min(1.0, self.service_level(answer_time) / self.p_answered)


def _check_agents_int(name: str, value: float, minimum: int = 1) -> int:
    return int(_check(name, value, ge=minimum, integer=True))


def erlang_a(agents: int, traffic: float, talk_time: float, patience: float) -> ErlangAResult:
    """Erlang A: an M/M/n+M call centre where callers on hold hang up.

    Poisson arrivals of ``traffic`` erlangs, ``agents`` agents with exponential talk
    times of mean :math:`h` = ``talk_time``, an unbounded hold queue served first come
    first served, and exponential patience of mean ``patience``: a caller on hold hangs
    up at rate :math:`\\theta = 1/\\text{patience}`. The number of callers in the system
    is a birth-death chain with birth rate :math:`\\lambda` and death rate
    :math:`\\min(k, n)\\mu + (k - n)^+\\theta`, so with :math:`r = \\theta/\\mu`

    .. math::

        \\pi_{n+j} = \\pi_n \\prod_{i=1}^{j} \\frac{A}{n + i r},\\qquad
        \\sum_{k=0}^{n} \\pi_k = \\pi_n / B(n, A),

    :math:`P_{\\mathrm{ab}} = \\theta L_q/\\lambda = r L_q / A`, mean wait
    :math:`L_q/\\lambda` (Little). The chain is summed exactly in log space until its
    tail is below 1e-26 of its mass, which is quick for agents up to several thousand.

    Parameters
    ----------
    agents : int
        Number of agents, >= 1.
    traffic : float
        Offered traffic in erlangs (may exceed ``agents``: the queue stays finite).
    talk_time : float
        Mean talk time, seconds (> 0).
    patience : float
        Mean patience on hold, seconds (> 0); ``math.inf`` gives Erlang C.

    Returns
    -------
    ErlangAResult
        Shares, waits (seconds) and a ``service_level(answer_time)`` method.

    Raises
    ------
    InputError
        For a bad argument, or when the patience is so long against an overload that
        the chain would exceed 10 million states.

    References
    ----------
    C. Palm, "Methods of judging the annoyance caused by congestion", Tele 4, 189-208
    (1953); O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with
    impatient customers", Manufacturing & Service Operations Management 4(3), 208-227
    (2002); A. Mandelbaum, S. Zeltyn, "The M/M/n+G queue: summary of performance
    measures", Technion (2005).
    """
    n = _check_agents_int("agents", agents)
    a = float(_check("traffic", traffic, ge=0))
    h = float(_check("talk_time", talk_time, gt=0))
    pat = float(_check("patience", patience, gt=0, allow_inf=True))
    if math.isinf(pat):
        return _erlang_a_without_abandonment(n, a, h)
    if a == 0.0:
        return ErlangAResult(n, a, h, pat, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, _always_one)
    chain = _build_chain(n, a, h, h / pat, math.inf)
    m = _metrics(chain, pat)
    return ErlangAResult(
        agents=n,
        traffic=a,
        talk_time=h,
        patience=pat,
        p_wait=m.p_wait,
        p_abandon=m.p_abandon,
        p_answered=1.0 - m.p_abandon,
        mean_wait=m.mean_queue_length * h / a,
        mean_wait_answered=m.mean_wait_answered,
        mean_queue_length=m.mean_queue_length,
        occupancy=min(1.0, m.carried / n),
        carried=m.carried,
        _answered_within=chain.answered_within,
    )


def _erlang_a_without_abandonment(n: int, a: float, h: float) -> ErlangAResult:
    if a >= n:
        inf = math.inf
        return ErlangAResult(
            n, a, h, inf, 1.0, 0.0, 1.0, inf, inf, inf, 1.0, float(n), _always_zero
        )
    c = _erlang_c_scalar(float(n), a)
    asa = c * h / (n - a)
    within = partial(_erlang_c_within, c, float(n), a, h)
    return ErlangAResult(
        n, a, h, math.inf, c, 0.0, 1.0, asa, asa, c * a / (n - a), a / n, a, within
    )


def _erlang_c_within(c: float, n: float, a: float, h: float, t: float) -> float:
    return 1.0 - c * math.exp(-(n - a) * t / h)


def _always_one(t: float) -> float:
    return 1.0


def _always_zero(t: float) -> float:
    return 0.0


# --------------------------------------------------------------------------------------
# M/M/n/K (+M)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MMNKResult:
    """Steady state of a PBX with ``agents`` staff and a trunk of ``places`` channels.

    A caller on hold occupies a channel, so at most ``places - agents`` callers wait;
    caller ``places + 1`` hears busy. Shares are over **all offered** callers unless the
    name says ``admitted``; waits are in seconds.

    Attributes
    ----------
    agents, places, traffic, talk_time, patience
        The inputs (``patience`` is ``inf`` when callers never hang up).
    p_busy
        Share of callers who hear busy (every channel taken), by PASTA
        :math:`\\pi_K`. Equals Erlang B when ``places == agents``.
    p_wait
        Share of offered callers who get a channel but must wait on hold.
    p_wait_admitted
        The same among callers who got a channel, ``p_wait / (1 - p_busy)``.
    p_abandon
        Share of offered callers who hang up on hold.
    p_answered
        Share of offered callers answered, ``1 - p_busy - p_abandon``.
    mean_wait
        Mean time on hold of the callers who got a channel (answered or hung up; 0 for
        those answered at once): :math:`L_q / (\\lambda (1 - p_{busy}))`. Blocked callers
        are not counted.
    mean_wait_answered
        Mean wait of the answered callers.
    mean_queue_length
        Mean number of callers on hold.
    channels_in_use
        Mean number of busy trunk channels (talking + holding).
    carried
        Carried traffic in erlangs (mean busy agents).
    occupancy
        Share of time an agent is on a call, ``carried / agents``.
    """

    agents: int
    places: int
    traffic: float
    talk_time: float
    patience: float
    p_busy: float
    p_wait: float
    p_wait_admitted: float
    p_abandon: float
    p_answered: float
    mean_wait: float
    mean_wait_answered: float
    mean_queue_length: float
    channels_in_use: float
    carried: float
    occupancy: float
    _answered_within: Callable[[float], float] = field(repr=False, compare=False)

    def service_level(self, answer_time: float) -> float:
        """Share of **all** offered callers answered within ``answer_time`` seconds.

        Blocked and abandoning callers count in the denominator, never as answered.
        """
        t = float(_check("answer_time", answer_time, ge=0, allow_inf=True))
        if math.isinf(t):
            return self.p_answered
        return self._answered_within(t)


def mmnk(
    agents: int,
    places: int,
    traffic: float,
    talk_time: float,
    patience: float | None = None,
) -> MMNKResult:
    """M/M/n/K: ``agents`` staff behind a trunk of ``places`` channels, with hold queue.

    Poisson arrivals of ``traffic`` erlangs; ``agents`` = :math:`n` servers with
    exponential talk times of mean :math:`h`; at most :math:`K` = ``places`` callers in
    the system (talking or holding), so :math:`K - n` can hold; an arrival finding
    :math:`K` callers is blocked. With ``patience``, callers on hold hang up at rate
    :math:`\\theta` = 1/patience (M/M/n/K+M). Birth-death chain:

    .. math::

        \\pi_k = \\pi_0 \\frac{A^k}{k!}\\ (k \\le n),\\qquad
        \\pi_{n+j} = \\pi_n \\prod_{i=1}^{j} \\frac{A}{n + i\\,\\theta h},\\ j \\le K - n,

    :math:`p_{busy} = \\pi_K`; :math:`L_q = \\sum_j j\\,\\pi_{n+j}`. Reduces to Erlang B
    when :math:`K = n` and tends to Erlang C (or Erlang A, with patience) as
    :math:`K \\to \\infty`.

    Parameters
    ----------
    agents : int
        Number of agents :math:`n \\ge 1`.
    places : int
        Trunk channels :math:`K \\ge n`: callers talking plus callers on hold.
    traffic : float
        Offered traffic in erlangs.
    talk_time : float
        Mean talk time in seconds (> 0); the unit of every returned wait.
    patience : float, optional
        Mean patience on hold in seconds; ``None`` (or ``inf``) = callers never hang up.

    Returns
    -------
    MMNKResult
        Shares, waits (seconds) and a ``service_level(answer_time)`` method.

    References
    ----------
    L. Kleinrock, *Queueing Systems, Vol. 1: Theory*, Wiley (1975), section 3.7
    (M/M/m/K); D. Gross, C. M. Harris, *Fundamentals of Queueing Theory*, 3rd ed.,
    Wiley (1998), section 2.5.
    """
    n = _check_agents_int("agents", agents)
    k = _check_agents_int("places", places)
    if k < n:
        raise InputError(f"places must be >= agents ({n}), got {k}")
    a = float(_check("traffic", traffic, ge=0))
    h = float(_check("talk_time", talk_time, gt=0))
    pat = math.inf
    if patience is not None:
        pat = float(_check("patience", patience, gt=0, allow_inf=True))
    return _mmnk_result(n, k, a, h, pat)


def _mmnk_result(n: int, k: int, a: float, h: float, pat: float) -> MMNKResult:
    """M/M/n/K(+M) from checked arguments (``pat`` is ``inf`` without hang-ups)."""
    r = 0.0 if math.isinf(pat) else h / pat
    if a == 0.0:
        return MMNKResult(
            n, k, a, h, pat, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, _always_one
        )
    chain = _build_chain(n, a, h, r, float(k - n))
    m = _metrics(chain, pat)
    admitted = 1.0 - m.p_busy
    p_answered = m.carried / a
    return MMNKResult(
        agents=n,
        places=k,
        traffic=a,
        talk_time=h,
        patience=pat,
        p_busy=m.p_busy,
        p_wait=m.p_wait,
        p_wait_admitted=m.p_wait / admitted if admitted > 0 else 1.0,
        p_abandon=m.p_abandon,
        p_answered=p_answered,
        mean_wait=m.mean_queue_length * h / (a * admitted) if admitted > 0 else math.inf,
        mean_wait_answered=m.mean_wait_answered,
        mean_queue_length=m.mean_queue_length,
        channels_in_use=m.carried + m.mean_queue_length,
        carried=m.carried,
        occupancy=min(1.0, m.carried / n),
        _answered_within=chain.answered_within,
    )
