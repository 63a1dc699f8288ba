"""Sizing: the inverses of the formulas, the planner's questions.

How many lines for a busy-signal target (Erlang B), how much traffic lines carry at a
target, and how many agents for a service level, an average speed of answer or an
abandonment target. Each is a monotone search on the exact formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import overload

import numpy as np
import scipy.special as sc
from numpy.typing import ArrayLike

from teletraffic.erlang.arguments import (
    FloatArray,
    IntArray,
    _all_scalar,
    _check,
    _result,
    _vectorize,
)
from teletraffic.erlang.loss import _erlang_b_scalar, _log_erlang_b_scalar
from teletraffic.erlang.queue import _erlang_c_scalar, erlang_a

MAX_SIZING_TRAFFIC = 1e9
"""Largest offered traffic (erlangs) the sizing inverses answer for."""


# --------------------------------------------------------------------------------------
# sizing
# --------------------------------------------------------------------------------------


def _smallest(ok: Callable[[int], bool], known_bad: int, guess: int) -> int:
    """Smallest integer n > known_bad with ok(n), for ok monotone (False then True)."""
    guess = max(guess, known_bad + 1)
    step = 1
    if ok(guess):
        hi = guess
        lo = known_bad
        probe = guess - 1
        while probe > known_bad:
            if not ok(probe):
                lo = probe
                break
            hi = probe
            step *= 2
            probe = hi - step
    else:
        lo = guess
        probe = guess + 1
        while not ok(probe):
            lo = probe
            step *= 2
            probe = lo + step
        hi = probe
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _lines_for_blocking_scalar(a: float, target: float) -> int:
    if a == 0.0 or target >= 1.0:
        return 0
    z = -float(sc.ndtri(target))  # the upper quantile, accurate for tiny targets too
    guess = math.ceil(a + max(0.0, z) * math.sqrt(a))
    return _smallest(lambda k: _erlang_b_scalar(float(k), a) <= target, 0, guess)


@overload
def lines_for_blocking(traffic: float, blocking: float) -> int: ...
@overload
def lines_for_blocking(traffic: ArrayLike, blocking: ArrayLike) -> IntArray | int: ...
def lines_for_blocking(traffic: ArrayLike, blocking: ArrayLike) -> IntArray | int:
    """Fewest lines that keep Erlang B blocking at or below ``blocking``.

    Returns the smallest integer :math:`N` with :math:`B(N, A) \\le b`, so that
    :math:`B(N - 1, A) > b`. A normal-approximation first guess
    :math:`A + z_{1-b}\\sqrt{A}` is refined by exponential search and bisection on
    the exact :func:`erlang_b` (about 10-20 evaluations).

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in erlangs (0 needs 0 lines).
    blocking : float or array_like
        Target blocking probability in (0, 1] (e.g. 0.01 for 1 %).

    Returns
    -------
    int or ndarray of int
        Number of lines.

    References
    ----------
    Erlang (1917), op. cit.; Iversen (2015), section 4.3.
    """
    a = _check("traffic", traffic, ge=0, le=MAX_SIZING_TRAFFIC)
    b = _check("blocking", blocking, gt=0, le=1)
    out = _vectorize(_lines_for_blocking_scalar, a, b, otype=int)
    return int(out) if _all_scalar(traffic, blocking) else out


def _traffic_for_blocking_scalar(n: float, target: float) -> float:
    from scipy.optimize import brentq

    log_target = math.log(target)

    def gap(log_a: float) -> float:
        return _log_erlang_b_scalar(n, math.exp(log_a)) - log_target

    hi = math.log(n / (1.0 - target))  # B(n, A) > 1 - n/A, so B >= target there
    lo = hi - 1.0
    while gap(lo) > 0.0:
        lo = hi - 2.0 * (hi - lo)
    return float(math.exp(brentq(gap, lo, hi, xtol=1e-15, rtol=4.0 * np.finfo(float).eps)))


@overload
def traffic_for_blocking(lines: float, blocking: float) -> float: ...
@overload
def traffic_for_blocking(lines: ArrayLike, blocking: ArrayLike) -> FloatArray | float: ...
def traffic_for_blocking(lines: ArrayLike, blocking: ArrayLike) -> FloatArray | float:
    """Traffic that ``lines`` channels carry at a blocking of exactly ``blocking``.

    Solves :math:`B(N, A) = b` for :math:`A` with ``scipy.optimize.brentq`` on
    :math:`\\log B(N, e^x) - \\log b` (increasing in :math:`x`), bracketed above by
    :math:`A = N/(1-b)` because :math:`B(N, A) > 1 - N/A`.

    Parameters
    ----------
    lines : float or array_like
        Number of channels, > 0 (real values use the continuous extension).
    blocking : float or array_like
        Blocking probability in (0, 1).

    Returns
    -------
    float or ndarray
        Offered traffic in erlangs.

    References
    ----------
    Erlang (1917), op. cit.; Jagerman (1974), op. cit.
    """
    n = _check("lines", lines, gt=0)
    b = _check("blocking", blocking, gt=0, lt=1)
    return _result(_vectorize(_traffic_for_blocking_scalar, n, b), _all_scalar(lines, blocking))


def _patience(patience: ArrayLike | None) -> FloatArray:
    """Checked mean patience; ``None`` (nobody hangs up) becomes ``inf``."""
    if patience is None:
        return np.asarray(math.inf)
    return _check("patience", patience, gt=0, allow_inf=True)


def _agents_for_sl_scalar(a: float, h: float, target: float, t: float, patience: float) -> int:
    if a == 0.0:
        return 0
    if math.isinf(patience):

        def ok(k: int) -> bool:
            return k > a and 1.0 - _erlang_c_scalar(k, a) * math.exp(-(k - a) * t / h) >= target

        return _smallest(ok, math.floor(a), math.ceil(a + math.sqrt(a)))

    def ok_a(k: int) -> bool:
        return erlang_a(k, a, h, patience).service_level(t) >= target

    # SL(t) <= answered share <= agents / traffic: fewer than a * target agents fail
    return _smallest(ok_a, max(0, math.ceil(a * target) - 1), math.ceil(a))


@overload
def agents_for_service_level(
    traffic: float,
    talk_time: float,
    target_share: float,
    answer_time: float,
    patience: float | None = None,
) -> int: ...
@overload
def agents_for_service_level(
    traffic: ArrayLike,
    talk_time: ArrayLike,
    target_share: ArrayLike,
    answer_time: ArrayLike,
    patience: ArrayLike | None = None,
) -> IntArray | int: ...
def agents_for_service_level(
    traffic: ArrayLike,
    talk_time: ArrayLike,
    target_share: ArrayLike,
    answer_time: ArrayLike,
    patience: ArrayLike | None = None,
) -> IntArray | int:
    """Fewest agents so that ``target_share`` of callers are answered within ``answer_time``.

    Without ``patience`` (nobody hangs up): Erlang C, the smallest integer :math:`N > A`
    with :math:`1 - C(N, A)e^{-(N-A)t/h} \\ge` target. With ``patience``: Erlang A, the
    smallest :math:`n \\ge 1` with ``erlang_a(n, traffic, talk_time, patience)
    .service_level(answer_time) >= target_share``, the same model as :func:`erlang_a`.
    E.g. ``target_share=0.8, answer_time=20`` for "80/20".

    **Convention**: the service level is the share of **all** callers answered within
    ``answer_time``; callers who hang up count in the denominator and never as answered
    (as a simulator counts "answered within t / offered"). Under Erlang A fewer agents
    than traffic can meet a target, since callers who hang up leave the queue.

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in erlangs (0 needs 0 agents).
    talk_time : float or array_like
        Mean talk time in seconds.
    target_share : float or array_like
        Target service level in (0, 1).
    answer_time : float or array_like
        Answer time of the target, seconds.
    patience : float or array_like, optional
        Mean patience on hold, seconds (exponential); ``None`` or ``inf``: Erlang C.

    Returns
    -------
    int or ndarray of int
        Number of agents.

    References
    ----------
    Kleinrock (1975), eq. 3.40 (Erlang C); Garnett, Mandelbaum & Reiman (2002), op. cit.
    (Erlang A).
    """
    a = _check("traffic", traffic, ge=0, le=MAX_SIZING_TRAFFIC)
    h = _check("talk_time", talk_time, gt=0)
    s = _check("target_share", target_share, gt=0, lt=1)
    t = _check("answer_time", answer_time, ge=0)
    p = _patience(patience)
    out = _vectorize(_agents_for_sl_scalar, a, h, s, t, p, otype=int)
    scalar = _all_scalar(traffic, talk_time, target_share, answer_time, p)
    return int(out) if scalar else out


def _agents_for_asa_scalar(a: float, h: float, target: float, patience: float) -> int:
    if a == 0.0:
        return 0
    if math.isinf(patience):

        def ok(k: int) -> bool:
            return k > a and _erlang_c_scalar(k, a) * h / (k - a) <= target

        return _smallest(ok, math.floor(a), math.ceil(a + math.sqrt(a)))

    def ok_a(k: int) -> bool:
        return erlang_a(k, a, h, patience).mean_wait <= target

    return _smallest(ok_a, 0, math.ceil(a))


@overload
def agents_for_asa(
    traffic: float, talk_time: float, target_seconds: float, patience: float | None = None
) -> int: ...
@overload
def agents_for_asa(
    traffic: ArrayLike,
    talk_time: ArrayLike,
    target_seconds: ArrayLike,
    patience: ArrayLike | None = None,
) -> IntArray | int: ...
def agents_for_asa(
    traffic: ArrayLike,
    talk_time: ArrayLike,
    target_seconds: ArrayLike,
    patience: ArrayLike | None = None,
) -> IntArray | int:
    """Fewest agents whose average speed of answer is at most ``target_seconds``.

    Without ``patience``: Erlang C, the smallest integer :math:`N > A` with
    :math:`C(N, A)\\,h/(N - A) \\le` target (the mean over all callers). With
    ``patience``: Erlang A, the smallest :math:`n` whose ``erlang_a(...).mean_wait`` is
    at most the target: the mean time on hold over all callers, those who hang up
    counting their time until they hang up (the simulator's ``mean_wait``).

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in erlangs (0 needs 0 agents).
    talk_time : float or array_like
        Mean talk time in seconds.
    target_seconds : float or array_like
        Largest acceptable mean wait, seconds (> 0).
    patience : float or array_like, optional
        Mean patience on hold, seconds (exponential); ``None`` or ``inf``: Erlang C.

    Returns
    -------
    int or ndarray of int
        Number of agents.

    References
    ----------
    Kleinrock (1975), eq. 3.43 (Erlang C); Garnett, Mandelbaum & Reiman (2002), op. cit.
    (Erlang A).
    """
    a = _check("traffic", traffic, ge=0, le=MAX_SIZING_TRAFFIC)
    h = _check("talk_time", talk_time, gt=0)
    w = _check("target_seconds", target_seconds, gt=0)
    p = _patience(patience)
    out = _vectorize(_agents_for_asa_scalar, a, h, w, p, otype=int)
    return int(out) if _all_scalar(traffic, talk_time, target_seconds, p) else out


def _agents_for_abandonment_scalar(a: float, h: float, patience: float, target: float) -> int:
    if a == 0.0 or target >= 1.0:
        return 0 if a == 0.0 else 1

    def ok(k: int) -> bool:
        return erlang_a(k, a, h, patience).p_abandon <= target

    # carried <= agents, so p_abandon >= 1 - agents/traffic: below a(1 - target) fails
    known_bad = max(0, math.ceil(a * (1.0 - target)) - 1)
    return _smallest(ok, known_bad, math.ceil(a))


@overload
def agents_for_abandonment(
    traffic: float, talk_time: float, patience: float, target_share: float
) -> int: ...
@overload
def agents_for_abandonment(
    traffic: ArrayLike, talk_time: ArrayLike, patience: ArrayLike, target_share: ArrayLike
) -> IntArray | int: ...
def agents_for_abandonment(
    traffic: ArrayLike, talk_time: ArrayLike, patience: ArrayLike, target_share: ArrayLike
) -> IntArray | int:
    """Fewest agents keeping the share of callers who hang up at most ``target_share``.

    Smallest integer :math:`n \\ge 1` with Erlang A :math:`P_{\\mathrm{ab}}(n) \\le`
    target (see :func:`erlang_a`). The search starts at :math:`\\lceil A\\rceil` and
    never looks below :math:`A(1 - \\text{target})`, since
    :math:`P_{\\mathrm{ab}} \\ge 1 - n/A`.

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in erlangs (0 needs 0 agents).
    talk_time : float or array_like
        Mean talk time in seconds.
    patience : float or array_like
        Mean patience on hold in seconds.
    target_share : float or array_like
        Largest acceptable share of callers who hang up, in (0, 1].

    Returns
    -------
    int or ndarray of int
        Number of agents.

    References
    ----------
    Garnett, Mandelbaum & Reiman (2002), op. cit.
    """
    a = _check("traffic", traffic, ge=0, le=MAX_SIZING_TRAFFIC)
    h = _check("talk_time", talk_time, gt=0)
    p = _check("patience", patience, gt=0)
    s = _check("target_share", target_share, gt=0, le=1)
    out = _vectorize(_agents_for_abandonment_scalar, a, h, p, s, otype=int)
    return int(out) if _all_scalar(traffic, talk_time, patience, target_share) else out
