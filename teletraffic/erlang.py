"""Analytic teletraffic formulas: Erlang B, C and A, M/M/n/K, Engset, and sizing.

In business words: an office has a **trunk** of ``lines`` outside channels, and calls
arrive at random (a Poisson stream) with exponential talk times. The formulas here say
how often a caller hears busy (Erlang B), how often and how long a caller waits on hold
when the office has a PBX with a waiting line (Erlang C), how many callers hang up on
hold when their patience runs out (Erlang A), what happens when the hold queue itself
is bounded by the channels of the trunk (M/M/n/K), and how a small group of callers
(say, the 12 phones of a branch office) load a few lines (Engset). The sizing
inverses answer the planner's question: how many lines or people for a target.

Units
-----
* ``traffic`` is offered traffic in **erlangs**: calls per hour × mean talk time in
  hours (40 calls/h of 3 minutes = 2 erlangs).
* ``talk_time``, ``patience``, ``answer_time`` and every returned wait are in
  **seconds** (any unit works, as long as all of them use the same one).
* probabilities and shares are floats in [0, 1].

Every broadcasting function takes Python numbers or numpy arrays: numbers in give a
Python ``float`` out, arrays in give an ``ndarray`` (broadcast like numpy). Bad
arguments raise :class:`~teletraffic.errors.InputError` naming the argument and the
value. The module imports only math, numpy, scipy and :mod:`teletraffic.errors`.

Numerical method of Erlang B
----------------------------
:math:`B(N, A) = p(N; A) / P(X \\le N)` with :math:`X \\sim \\mathrm{Poisson}(A)`.
Where :math:`A \\le N + 1` the Poisson probability :math:`p(N; A)` is computed with
Loader's saddle-point form (``stirlerr`` and ``bd0``, as in R's ``dpois``), accurate to
a few ulps even for :math:`N = 10^5`, and the CDF is ``scipy.special.gammaincc``, which
is at least about 1/2 there. Where :math:`A > N + 1` the ratio
:math:`1/B = e^A A^{-N}\\Gamma(N+1, A)` is evaluated directly by Legendre's continued
fraction (modified Lentz), which never underflows and converges in :math:`O(\\sqrt N)`
steps at worst. Both hold for real (non-integer) ``lines``, the continuous extension of
Erlang B.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, overload

import numpy as np
import scipy.special as sc
from numpy.typing import ArrayLike, NDArray

from teletraffic.errors import InputError

__all__ = [
    "MAX_SIZING_TRAFFIC",
    "MAX_SOURCES",
    "ErlangAResult",
    "MMNKResult",
    "agents_for_abandonment",
    "agents_for_asa",
    "agents_for_service_level",
    "average_speed_of_answer",
    "engset",
    "engset_time_congestion",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "extended_erlang_b",
    "lines_for_blocking",
    "mean_queue_length",
    "mmnk",
    "occupancy",
    "retrial_traffic",
    "service_level",
    "traffic_for_blocking",
]

MAX_SIZING_TRAFFIC = 1e9
"""Largest offered traffic (erlangs) the sizing inverses answer for."""

MAX_SOURCES = 1e15
"""Largest group (sources, lines) Engset answers for: whole numbers are exact in floats
up to 2**53, and beyond a million sources Engset equals Erlang B to six digits."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_LOG_2PI = math.log(2.0 * math.pi)
_TINY = 1e-300
_CF_TOL = 3e-16
_CF_MAX_ITER = 100_000
# Largest queue the exact birth-death chain of Erlang A / M/M/n/K will enumerate.
_MAX_CHAIN = 10_000_000
# A state whose log-weight is this far below the largest carries < 1e-26 of the mass.
_LOG_NEGLIGIBLE = 60.0

# Stirling series coefficients of stirlerr (Loader 2000): 1/12, 1/360, 1/1260, ...
_S0 = 1.0 / 12.0
_S1 = 1.0 / 360.0
_S2 = 1.0 / 1260.0
_S3 = 1.0 / 1680.0
_S4 = 1.0 / 1188.0


# --------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------


def _is_number(x: object) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)


def _describe(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{float(value):g}" if float(value).is_integer() else repr(float(value))


def _fail_check(
    name: str,
    x: FloatArray,
    bad: NDArray[np.bool_],
    what: str,
) -> None:
    if not bad.any():
        return
    if x.ndim == 0:
        raise InputError(f"{name} {what}, got {_describe(float(x))}")
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = index[0] if len(index) == 1 else index
    raise InputError(f"{name} {what}, got {_describe(float(x[index]))} (at index {where})")


def _check(
    name: str,
    value: ArrayLike,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    integer: bool = False,
    allow_inf: bool = False,
) -> FloatArray:
    """Return *value* as a float array after checking it; raise InputError naming it."""
    try:
        x = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    _fail_check(name, x, np.isnan(x), "must be a number")
    if not allow_inf:
        _fail_check(name, x, np.isinf(x), "must be finite")
    if ge is not None:
        _fail_check(name, x, x < ge, f"must be >= {_describe(ge)}")
    if gt is not None:
        _fail_check(name, x, x <= gt, f"must be > {_describe(gt)}")
    if le is not None:
        _fail_check(name, x, x > le, f"must be <= {_describe(le)}")
    if lt is not None:
        _fail_check(name, x, x >= lt, f"must be < {_describe(lt)}")
    if integer:
        _fail_check(name, x, np.isfinite(x) & (x != np.floor(x)), "must be a whole number")
    return x


def _all_scalar(*values: object) -> bool:
    return all(_is_number(v) or np.ndim(v) == 0 for v in values)  # type: ignore[arg-type]


def _result(x: NDArray[Any], scalar: bool) -> FloatArray | float:
    return float(x) if scalar else x


def _vectorize(func: Callable[..., float], *args: FloatArray, otype: type = float) -> NDArray[Any]:
    """Apply a scalar *func* element by element over broadcast arrays."""
    arrays = np.broadcast_arrays(*args)
    out = np.empty(arrays[0].shape, dtype=np.int64 if otype is int else np.float64)
    for index in np.ndindex(out.shape):
        out[index] = func(*(float(a[index]) for a in arrays))
    return out


# --------------------------------------------------------------------------------------
# Poisson probability (Loader's saddle point) and the continued fraction
# --------------------------------------------------------------------------------------


def _stirlerr(n: float) -> float:
    """``log(n!) - log(sqrt(2 pi n) (n/e)^n)`` for n > 15, by the Stirling series."""
    nn = n * n
    if n > 500:
        return (_S0 - _S1 / nn) / n
    if n > 80:
        return (_S0 - (_S1 - _S2 / nn) / nn) / n
    if n > 35:
        return (_S0 - (_S1 - (_S2 - _S3 / nn) / nn) / nn) / n
    return (_S0 - (_S1 - (_S2 - (_S3 - _S4 / nn) / nn) / nn) / nn) / n


def _bd0(x: float, m: float, d: float | None = None) -> float:
    """Deviance term ``x log(x/m) + m - x`` without cancellation (Loader 2000).

    *d* is ``x - m`` when the caller knows it more accurately than the subtraction of
    two large nearby numbers would give it.
    """
    if d is None:
        d = x - m
    v = d / (x + m)
    if abs(v) < 0.7:
        s = d * v
        ej = 2.0 * x * v
        v2 = v * v
        j = 3.0
        while True:
            ej *= v2
            s1 = s + ej / j
            if s1 == s:
                return s
            s = s1
            j += 2.0
    return x * math.log(x / m) + m - x


def _stirlerr_any(n: float) -> float:
    """stirlerr for any n > 0 (the lgamma form below 15 is accurate to ~1e-14 absolute)."""
    if n > 15.0:
        return _stirlerr(n)
    return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - 0.5 * _LOG_2PI


def _log_poisson_pmf(x: float, m: float) -> float:
    """log of ``m**x exp(-m) / Gamma(x + 1)`` for real x > 0, m > 0."""
    if x <= 15.0:
        return x * math.log(m) - m - math.lgamma(x + 1.0)
    return -_stirlerr(x) - _bd0(x, m) - 0.5 * (_LOG_2PI + math.log(x))


def _stirlerr_array(n: FloatArray) -> FloatArray:
    nn = n * n
    out: FloatArray = (_S0 - (_S1 - (_S2 - (_S3 - _S4 / nn) / nn) / nn) / nn) / n
    return out


def _bd0_array(x: FloatArray, m: FloatArray) -> FloatArray:
    d = x - m
    v = d / (x + m)
    out = np.empty_like(x)
    far = np.abs(v) >= 0.7
    if far.any():
        xf, mf = x[far], m[far]
        out[far] = xf * np.log(xf / mf) + mf - xf
    near = ~far
    if near.any():
        vn = v[near]
        s = d[near] * vn
        ej = 2.0 * x[near] * vn
        v2 = vn * vn
        j = 3.0
        while True:
            ej = ej * v2
            s1 = s + ej / j
            if np.array_equal(s1, s):
                break
            s = s1
            j += 2.0
        out[near] = s
    return out


def _log_poisson_pmf_array(x: FloatArray, m: FloatArray) -> FloatArray:
    out = np.empty_like(x)
    small = x <= 15.0
    if small.any():
        xs, ms = x[small], m[small]
        out[small] = xs * np.log(ms) - ms - sc.gammaln(xs + 1.0)
    big = ~small
    if big.any():
        xb, mb = x[big], m[big]
        out[big] = -_stirlerr_array(xb) - _bd0_array(xb, mb) - 0.5 * (_LOG_2PI + np.log(xb))
    return out


def _upper_gamma_cf(s: float, x: float) -> float:
    """``Gamma(s, x) e^x x^-s`` by Legendre's continued fraction (modified Lentz).

    Converges for every x > 0 and quickly for x > s - 1 (Numerical Recipes, 3rd ed.,
    section 6.2, ``gcf``).
    """
    b = x + 1.0 - s
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _CF_MAX_ITER):
        an = -i * (i - s)
        b += 2.0
        d = an * d + b
        if abs(d) < _TINY:
            d = _TINY
        c = b + an / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _CF_TOL:
            break
    return h


def _upper_gamma_cf_array(s: FloatArray, x: FloatArray) -> FloatArray:
    out = np.empty_like(x)
    idx = np.arange(x.size)
    s = s.ravel().copy()
    x = x.ravel()
    b = x + 1.0 - s
    c = np.full_like(x, 1.0 / _TINY)
    d = 1.0 / b
    h = d.copy()
    i = 0
    while idx.size and i < _CF_MAX_ITER:
        i += 1
        an = -i * (i - s)
        b = b + 2.0
        d = an * d + b
        d[np.abs(d) < _TINY] = _TINY
        c = b + an / c
        c[np.abs(c) < _TINY] = _TINY
        d = 1.0 / d
        delta = d * c
        h = h * delta
        done = np.abs(delta - 1.0) < _CF_TOL
        if done.any():
            out.flat[idx[done]] = h[done]
            keep = ~done
            idx, s, b, c, d, h = idx[keep], s[keep], b[keep], c[keep], d[keep], h[keep]
    out.flat[idx] = h
    return out


# --------------------------------------------------------------------------------------
# Erlang B
# --------------------------------------------------------------------------------------


def _erlang_b_scalar(n: float, a: float) -> float:
    if n == 0.0:
        return 1.0
    if a == 0.0:
        return 0.0
    if a <= n + 1.0:  # the continued fraction needs a - n well above rounding
        log_p = _log_poisson_pmf(n, a)
        if log_p < -746.0:
            return 0.0
        return float(math.exp(log_p) / sc.gammaincc(n + 1.0, a))
    return min(1.0, 1.0 / (a * _upper_gamma_cf(n + 1.0, a)))


def _log_erlang_b_scalar(n: float, a: float) -> float:
    """log B(n, a), finite even where B itself underflows."""
    if n == 0.0:
        return 0.0
    if a == 0.0:
        return -math.inf
    if a <= n + 1.0:  # the continued fraction needs a - n well above rounding
        return _log_poisson_pmf(n, a) - math.log(float(sc.gammaincc(n + 1.0, a)))
    return -math.log(a * _upper_gamma_cf(n + 1.0, a))


def _erlang_b_array(n: FloatArray, a: FloatArray) -> FloatArray:
    n, a = np.broadcast_arrays(n, a)
    if n.size == 1:
        return np.full(n.shape, _erlang_b_scalar(float(n.flat[0]), float(a.flat[0])))
    out = np.empty(n.shape)
    no_lines = n == 0.0
    out[no_lines] = 1.0
    idle = (a == 0.0) & ~no_lines
    out[idle] = 0.0
    low = (a <= n + 1.0) & ~no_lines & ~idle
    if low.any():
        nl, al = n[low], a[low]
        out[low] = np.exp(_log_poisson_pmf_array(nl, al)) / sc.gammaincc(nl + 1.0, al)
    high = (a > n + 1.0) & ~no_lines
    if high.any():
        nh, ah = n[high], a[high]
        out[high] = np.minimum(1.0, 1.0 / (ah * _upper_gamma_cf_array(nh + 1.0, ah)))
    return out


@overload
def erlang_b(lines: float, traffic: float) -> float: ...
@overload
def erlang_b(lines: ArrayLike, traffic: ArrayLike) -> FloatArray | float: ...
def erlang_b(lines: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Blocking probability of a trunk: the share of callers who hear busy.

    ``lines`` channels are offered ``traffic`` erlangs of Poisson calls; a caller who
    finds every channel busy is lost (no hold queue). By PASTA this is also the share
    of time all channels are busy.

    .. math::

        B(N, A) = \\frac{A^N / N!}{\\sum_{k=0}^{N} A^k / k!}
                = \\frac{p(N; A)}{P(X \\le N)},\\quad X \\sim \\mathrm{Poisson}(A),

    and for real :math:`N` the continuous extension
    :math:`1/B = e^{A} A^{-N}\\,\\Gamma(N+1, A) = A\\int_0^\\infty e^{-Ay}(1+y)^N\\,dy`
    (Jagerman 1974). The result is insensitive to the talk-time distribution.

    Parameters
    ----------
    lines : float or array_like
        Number of channels :math:`N \\ge 0`; non-integer values use the continuous
        extension. ``lines = 0`` blocks every call.
    traffic : float or array_like
        Offered traffic :math:`A \\ge 0`, in erlangs.

    Returns
    -------
    float or ndarray
        Blocking probability in [0, 1]; 0 where it is below the float range
        (about 1e-308). Relative error below 1e-12 up to 100,000 lines and erlangs.

    Raises
    ------
    InputError
        If an argument is negative, NaN or infinite.

    References
    ----------
    A. K. Erlang, "Solution of some problems in the theory of probabilities of
    significance in automatic telephone exchanges", Elektroteknikeren 13 (1917).
    D. L. Jagerman, "Some properties of the Erlang loss function", Bell System Technical
    Journal 53(3), 525-551 (1974).
    C. Loader, "Fast and accurate computation of binomial probabilities" (2000).

    Examples
    --------
    >>> round(erlang_b(10, 4.4612), 4)
    0.01
    """
    if _is_number(lines) and _is_number(traffic):
        n0, a0 = float(lines), float(traffic)  # type: ignore[arg-type]
        if n0 >= 0.0 and a0 >= 0.0 and math.isfinite(n0) and math.isfinite(a0):
            return _erlang_b_scalar(n0, a0)
    n = _check("lines", lines, ge=0)
    a = _check("traffic", traffic, ge=0)
    return _result(_erlang_b_array(n, a), _all_scalar(lines, traffic))


# --------------------------------------------------------------------------------------
# Extended Erlang B (redials)
# --------------------------------------------------------------------------------------


def _retrial_traffic_scalar(n: float, a: float, recall: float) -> float:
    if recall == 0.0 or a == 0.0:
        return a
    if n == 0.0:
        return math.inf if recall >= 1.0 else a / (1.0 - recall)
    if recall >= 1.0 and a >= n:
        return math.inf

    def excess(x: float) -> float:
        return x - a - recall * x * _erlang_b_scalar(n, x)

    if recall < 1.0:
        hi = a / (1.0 - recall)
    else:
        hi = 2.0 * a
        while excess(hi) < 0.0:
            hi *= 2.0
    if excess(hi) <= 0.0:
        return hi
    from scipy.optimize import brentq

    root = brentq(excess, a, hi, xtol=1e-300, rtol=4.0 * np.finfo(float).eps)
    return float(root)


@overload
def retrial_traffic(lines: float, traffic: float, recall: float) -> float: ...
@overload
def retrial_traffic(
    lines: ArrayLike, traffic: ArrayLike, recall: ArrayLike
) -> FloatArray | float: ...
def retrial_traffic(lines: ArrayLike, traffic: ArrayLike, recall: ArrayLike) -> FloatArray | float:
    """Traffic a trunk sees when a share of blocked callers redials (first tries + redials).

    The fixed point :math:`A'` of

    .. math::

        A' = A + r\\,B(N, A')\\,A',

    solved with ``scipy.optimize.brentq``: :math:`A' - A - rB(N,A')A'` increases in
    :math:`A'` (the lost traffic :math:`A'B` grows slower than :math:`A'`), so the root is
    unique. Redials are assumed to arrive as Poisson attempts, as in the Extended Erlang
    B model.

    Parameters
    ----------
    lines : float or array_like
        Number of channels :math:`N \\ge 0`.
    traffic : float or array_like
        Fresh offered traffic :math:`A`, in erlangs (first attempts only).
    recall : float or array_like
        Share :math:`r \\in [0, 1]` of blocked attempts that are redialled.

    Returns
    -------
    float or ndarray
        Offered traffic :math:`A' \\ge A` including redials, in erlangs; ``inf`` when
        every blocked caller redials (``recall = 1``) and ``traffic >= lines``.

    References
    ----------
    J. E. Jewett, J. Shrago, B. Yomtov, *Designing Optimal Voice Networks for
    Businesses, Government and Telephone Companies*, Telephony Publishing (1980).
    """
    n = _check("lines", lines, ge=0)
    a = _check("traffic", traffic, ge=0)
    r = _check("recall", recall, ge=0, le=1)
    return _result(
        _vectorize(_retrial_traffic_scalar, n, a, r), _all_scalar(lines, traffic, recall)
    )


def _extended_erlang_b_scalar(n: float, a: float, recall: float) -> float:
    total = _retrial_traffic_scalar(n, a, recall)
    if math.isinf(total):
        return 1.0
    return _erlang_b_scalar(n, total)


@overload
def extended_erlang_b(lines: float, traffic: float, recall: float) -> float: ...
@overload
def extended_erlang_b(
    lines: ArrayLike, traffic: ArrayLike, recall: ArrayLike
) -> FloatArray | float: ...
def extended_erlang_b(
    lines: ArrayLike, traffic: ArrayLike, recall: ArrayLike
) -> FloatArray | float:
    """Blocking per call attempt when a share ``recall`` of blocked callers redials.

    The offered traffic grows by the redials until it settles at the fixed point
    :math:`A'` of :math:`A' = A + r B(N, A') A'` (see :func:`retrial_traffic`); the
    blocking every attempt sees is then

    .. math::

        B_{\\mathrm{ext}} = B(N, A').

    Derived shares: attempts per fresh caller :math:`A'/A = 1/(1 - rB_{\\mathrm{ext}})`;
    callers who finally give up :math:`(1 - r)B_{\\mathrm{ext}}/(1 - rB_{\\mathrm{ext}})`.
    With ``recall = 0`` this is :func:`erlang_b`.

    Parameters
    ----------
    lines : float or array_like
        Number of channels :math:`N \\ge 0`.
    traffic : float or array_like
        Fresh offered traffic :math:`A` in erlangs.
    recall : float or array_like
        Share :math:`r \\in [0, 1]` of blocked callers who redial.

    Returns
    -------
    float or ndarray
        Blocking probability per attempt, in [0, 1]; 1 when ``recall = 1`` and
        ``traffic >= lines`` (the redials never stop).

    References
    ----------
    J. E. Jewett, J. Shrago, B. Yomtov, *Designing Optimal Voice Networks for
    Businesses, Government and Telephone Companies*, Telephony Publishing (1980).
    """
    n = _check("lines", lines, ge=0)
    a = _check("traffic", traffic, ge=0)
    r = _check("recall", recall, ge=0, le=1)
    scalar = _all_scalar(lines, traffic, recall)
    return _result(_vectorize(_extended_erlang_b_scalar, n, a, r), scalar)


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


# --------------------------------------------------------------------------------------
# the birth-death chain behind Erlang A and M/M/n/K(+M)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chain:
    """Stationary distribution of an M/M/n/K+M queue, in the queue part only.

    ``pi[j]`` is the probability of ``n + j`` callers in the system (``j`` on hold);
    ``p_below`` the probability of fewer than ``n``. Abandonment rate per caller on
    hold is ``r`` times the service rate (``r = talk_time / patience``).
    """

    n: int
    a: float
    r: float
    talk_time: float
    pi: FloatArray
    p_below: float
    full: bool  # whether the last state of pi is "every place taken" (finite K)

    @property
    def admitted(self) -> FloatArray:
        """Probabilities of the states in which an arriving caller gets a channel."""
        return self.pi[:-1] if self.full else self.pi

    def answered_within(self, t: float) -> float:
        """P(answered and wait <= t) over all offered callers."""
        pi = self.admitted
        j = np.nonzero(pi > 1e-300)[0]
        if j.size == 0 or t == 0.0:
            return self.p_below
        w = pi[j]
        jj = j.astype(np.float64)
        if self.r > 0.0:
            m = self.n / self.r
            p = -math.expm1(-t * self.r / self.talk_time)  # 1 - exp(-theta t)
            inside = m / (m + jj + 1.0) * sc.betainc(jj + 1.0, m + 1.0, p)
        else:
            inside = sc.gammainc(jj + 1.0, self.n * t / self.talk_time)
        return float(min(1.0, self.p_below + float(np.dot(w, inside))))


def _log_ratios(n: int, a: float, r: float, start: int, stop: int) -> FloatArray:
    """log of the birth/death ratio a / (n + i r) for i = start..stop-1."""
    i = np.arange(start, stop, dtype=np.float64)
    out: FloatArray = np.log(a / (n + i * r))
    return out


def _build_chain(n: int, a: float, talk_time: float, r: float, max_queue: float) -> _Chain:
    """State probabilities of M/M/n/(n + max_queue) with abandonment ratio r.

    States 0..n are summarised by Erlang B: their weights relative to state n sum to
    1/B(n, a). States n + j, j >= 1, have log-weights cumsum(log(a / (n + i r))). When
    the weights fall (r > 0, or a < n) the chain is cut where its tail is below e^-60
    of its largest weight, else it is enumerated up to max_queue.
    """
    log_low = -_log_erlang_b_scalar(float(n), a)  # log of sum_{k<=n} pi_k / pi_n
    if r > 0.0 or a < n:
        if r > 0.0:
            guess = max(0.0, (a - n) / r) + 12.0 * math.sqrt((a + 1.0) / r) + 64.0
        else:
            guess = 64.0 + _LOG_NEGLIGIBLE / math.log(n / a)
        length = int(min(max_queue, _MAX_CHAIN, guess))
        while length < max_queue:
            logs = np.cumsum(_log_ratios(n, a, r, 1, length + 1))
            top = max(log_low, float(logs.max()) if logs.size else 0.0, 0.0)
            decreasing = a < n + (length + 1) * r
            if decreasing and (logs.size == 0 or logs[-1] < top - _LOG_NEGLIGIBLE):
                break
            if length >= _MAX_CHAIN:
                raise InputError(
                    f"patience is too long for this load (traffic={a:g}, agents={n}): "
                    f"the hold queue would need more than {_MAX_CHAIN} states"
                )
            length = int(min(max_queue, _MAX_CHAIN, 2 * length))
    elif max_queue > _MAX_CHAIN:
        raise InputError(
            f"places - agents must be <= {_MAX_CHAIN} when traffic >= agents and callers "
            f"never hang up, got {max_queue:g}"
        )
    else:
        length = int(max_queue)
    logs = np.concatenate(([0.0], np.cumsum(_log_ratios(n, a, r, 1, length + 1))))
    log_z = float(np.logaddexp(log_low, sc.logsumexp(logs[1:]) if length else -np.inf))
    pi = np.exp(logs - log_z)
    log_b = -log_low
    p_below = 0.0 if log_b == 0.0 else math.exp(math.log(-math.expm1(log_b)) - log_b - log_z)
    return _Chain(n, a, r, talk_time, pi, p_below, full=length == max_queue)


@dataclass(frozen=True)
class _ChainMetrics:
    p_busy: float
    p_wait: float
    mean_queue_length: float
    p_abandon: float
    carried: float
    mean_wait_answered: float


def _metrics(chain: _Chain, patience: float) -> _ChainMetrics:
    n, a, r, pi = chain.n, chain.a, chain.r, chain.pi
    j = np.arange(pi.size, dtype=np.float64)
    p_busy = float(pi[-1]) if chain.full else 0.0
    p_wait = min(1.0, float(chain.admitted.sum()))
    mean_q = float(np.dot(j, pi))
    p_abandon = r * mean_q / a if a > 0 else 0.0
    carried = min(float(n), a, a * chain.p_below + n * float(pi[1:].sum()))
    # Mean wait of answered callers: a caller with j ahead is answered with probability
    # m/(m+j+1) and then waited sum_{i<=j} 1/((m+1+i) theta) on average.
    adm = chain.admitted
    ja = j[: adm.size]
    if r > 0.0:
        m = n / r
        answered = m / (m + ja + 1.0)
        waited = patience * np.cumsum(1.0 / (m + 1.0 + ja))
    else:
        answered = np.ones_like(ja)
        waited = (ja + 1.0) * chain.talk_time / n
    p_answered = carried / a if a > 0 else 1.0
    w_ans = float(np.dot(adm, answered * waited)) / p_answered if p_answered > 0 else math.inf
    return _ChainMetrics(p_busy, p_wait, mean_q, min(p_abandon, 1.0), carried, w_ans)


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


# --------------------------------------------------------------------------------------
# Engset
# --------------------------------------------------------------------------------------


def _log_binom_pmf(x: float, size: float, p: float, q: float) -> float:
    """log P(X = x) for X ~ Binomial(size, p), 0 < x < size, by Loader's method."""
    lc = (
        _stirlerr_any(size)
        - _stirlerr_any(x)
        - _stirlerr_any(size - x)
        - _bd0(x, size * p)
        # (size - x) - size q = size p - x exactly: the small difference, not two big terms
        - _bd0(size - x, size * q, size * p - x)
    )
    lf = _LOG_2PI + math.log(x) + math.log1p(-x / size)
    return lc - 0.5 * lf


def _engset_time_scalar(n: float, s: float, beta: float) -> float:
    """Time congestion E(n, s, beta) = C(s,n) beta^n / sum_{k<=n} C(s,k) beta^k."""
    if n > s:
        return 0.0
    if beta == 0.0:
        return 1.0 if n == 0.0 else 0.0
    if n == 0.0:
        return 1.0
    p = beta / (1.0 + beta)
    q = 1.0 / (1.0 + beta)
    if n == s:
        return math.exp(s * math.log(p))
    if n >= s * p:
        # P(X = n) / P(X <= n) with P(X <= n) >= about 1/2
        log_pmf = _log_binom_pmf(n, s, p, q)
        if log_pmf < -746.0:
            return 0.0
        # P(X <= n) = 1 - I_p(n + 1, s - n), in floats (bdtr's C long overflows past 2**63)
        return float(math.exp(log_pmf) / sc.betaincc(n + 1.0, s - n, p))
    # 1/E = sum_{i=0}^{n} prod_{j<i} (n - j) / ((s - n + j + 1) beta): terms decrease
    total = 1.0
    term = 1.0
    for i in range(int(n)):
        term *= (n - i) / ((s - n + i + 1.0) * beta)
        total += term
        if term < 1e-17 * total:
            break
    return 1.0 / total


def _check_engset(
    lines: ArrayLike, sources: ArrayLike, traffic: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = _check("lines", lines, ge=0, le=MAX_SOURCES, integer=True)
    s = _check("sources", sources, ge=1, le=MAX_SOURCES, integer=True)
    a = _check("traffic", traffic, ge=0)
    return n, s, a


@overload
def engset(lines: float, sources: float, traffic: float) -> float: ...
@overload
def engset(lines: ArrayLike, sources: ArrayLike, traffic: ArrayLike) -> FloatArray | float: ...
def engset(lines: ArrayLike, sources: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Engset call congestion: share of call attempts that find every line busy.

    ``sources`` callers (a finite group, e.g. the phones of a branch office) share
    ``lines`` channels. An idle source calls at rate :math:`\\gamma`; a busy one does
    not. **Convention**: ``traffic`` is the total traffic the sources would offer if
    they were all idle, :math:`S\\beta` with :math:`\\beta = \\gamma h` the offered
    traffic per idle source; so :math:`\\beta` = ``traffic / sources``. Call congestion
    is the time congestion of a group with one source fewer:

    .. math::

        B_{\\mathrm{call}}(N, S, \\beta) = E(N, S - 1, \\beta),\\qquad
        E(N, S, \\beta) = \\frac{\\binom{S}{N}\\beta^N}{\\sum_{k=0}^{N}\\binom{S}{k}\\beta^k}.

    Zero when ``lines >= sources``. Tends to Erlang B as ``sources`` grows with
    ``traffic`` fixed.

    Parameters
    ----------
    lines : int or array_like
        Number of channels :math:`N \\ge 0`.
    sources : int or array_like
        Number of callers :math:`S \\ge 1`.
    traffic : float or array_like
        :math:`S\\beta`, erlangs offered by all sources when idle.

    Returns
    -------
    float or ndarray
        Call congestion in [0, 1]. See :func:`engset_time_congestion` for the share of
        time all lines are busy; call congestion <= time congestion.

    References
    ----------
    T. O. Engset, "Die Wahrscheinlichkeitsrechnung zur Bestimmung der Wählerzahl in
    automatischen Fernsprechämtern", Elektrotechnische Zeitschrift 39(31), 304-306
    (1918); V. B. Iversen, *Teletraffic Engineering and Network Planning*, DTU (2015),
    chapter 8.
    """
    n, s, a = _check_engset(lines, sources, traffic)
    beta = a / s

    def call(nn: float, ss: float, b: float) -> float:
        return 0.0 if nn >= ss else _engset_time_scalar(nn, ss - 1.0, b)

    return _result(_vectorize(call, n, s, beta), _all_scalar(lines, sources, traffic))


@overload
def engset_time_congestion(lines: float, sources: float, traffic: float) -> float: ...
@overload
def engset_time_congestion(
    lines: ArrayLike, sources: ArrayLike, traffic: ArrayLike
) -> FloatArray | float: ...
def engset_time_congestion(
    lines: ArrayLike, sources: ArrayLike, traffic: ArrayLike
) -> FloatArray | float:
    """Engset time congestion: share of time every line is busy.

    .. math::

        E(N, S, \\beta) = \\frac{\\binom{S}{N}\\beta^N}{\\sum_{k=0}^{N}\\binom{S}{k}\\beta^k}
        = \\frac{P(X = N)}{P(X \\le N)},\\quad X \\sim \\mathrm{Bin}(S, \\tfrac{\\beta}{1+\\beta}),

    with the same convention as :func:`engset`: :math:`\\beta` = ``traffic / sources``.
    Zero when ``lines > sources``.

    Parameters
    ----------
    lines : int or array_like
        Number of channels :math:`N \\ge 0`.
    sources : int or array_like
        Number of callers :math:`S \\ge 1`.
    traffic : float or array_like
        :math:`S\\beta`, erlangs offered by all sources when idle.

    Returns
    -------
    float or ndarray
        Time congestion in [0, 1].

    References
    ----------
    Engset (1918), op. cit.; Iversen (2015), section 8.4.
    """
    n, s, a = _check_engset(lines, sources, traffic)
    scalar = _all_scalar(lines, sources, traffic)
    return _result(_vectorize(_engset_time_scalar, n, s, a / s), scalar)


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


def _erlang_c_scalar(n: float, a: float) -> float:
    if a >= n:
        return 1.0
    b = _erlang_b_scalar(n, a)
    return min(1.0, n * b / (n - a + a * b))


def _agents_for_sl_scalar(a: float, h: float, target: float, t: float) -> int:
    if a == 0.0:
        return 0

    def ok(k: int) -> bool:
        return k > a and 1.0 - _erlang_c_scalar(k, a) * math.exp(-(k - a) * t / h) >= target

    return _smallest(ok, math.floor(a), math.ceil(a + math.sqrt(a)))


@overload
def agents_for_service_level(
    traffic: float, talk_time: float, target_share: float, answer_time: float
) -> int: ...
@overload
def agents_for_service_level(
    traffic: ArrayLike, talk_time: ArrayLike, target_share: ArrayLike, answer_time: ArrayLike
) -> IntArray | int: ...
def agents_for_service_level(
    traffic: ArrayLike, talk_time: ArrayLike, target_share: ArrayLike, answer_time: ArrayLike
) -> IntArray | int:
    """Fewest agents so that ``target_share`` of callers are answered within ``answer_time``.

    Smallest integer :math:`N > A` with :math:`1 - C(N, A)e^{-(N-A)t/h} \\ge` target
    (Erlang C, no hang-ups); e.g. ``target_share=0.8, answer_time=20`` for "80/20".

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

    Returns
    -------
    int or ndarray of int
        Number of agents.

    References
    ----------
    Kleinrock (1975), eq. 3.40.
    """
    a = _check("traffic", traffic, ge=0, le=MAX_SIZING_TRAFFIC)
    h = _check("talk_time", talk_time, gt=0)
    s = _check("target_share", target_share, gt=0, lt=1)
    t = _check("answer_time", answer_time, ge=0)
    out = _vectorize(_agents_for_sl_scalar, a, h, s, t, otype=int)
    return int(out) if _all_scalar(traffic, talk_time, target_share, answer_time) else out


def _agents_for_asa_scalar(a: float, h: float, target: float) -> int:
    if a == 0.0:
        return 0

    def ok(k: int) -> bool:
        return k > a and _erlang_c_scalar(k, a) * h / (k - a) <= target

    return _smallest(ok, math.floor(a), math.ceil(a + math.sqrt(a)))


@overload
def agents_for_asa(traffic: float, talk_time: float, target_seconds: float) -> int: ...
@overload
def agents_for_asa(
    traffic: ArrayLike, talk_time: ArrayLike, target_seconds: ArrayLike
) -> IntArray | int: ...
def agents_for_asa(
    traffic: ArrayLike, talk_time: ArrayLike, target_seconds: ArrayLike
) -> IntArray | int:
    """Fewest agents whose average speed of answer is at most ``target_seconds``.

    Smallest integer :math:`N > A` with :math:`C(N, A)\\,h/(N - A) \\le` target
    (Erlang C; the mean is over all callers).

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in erlangs (0 needs 0 agents).
    talk_time : float or array_like
        Mean talk time in seconds.
    target_seconds : float or array_like
        Largest acceptable mean wait, seconds (> 0).

    Returns
    -------
    int or ndarray of int
        Number of agents.

    References
    ----------
    Kleinrock (1975), eq. 3.43.
    """
    a = _check("traffic", traffic, ge=0, le=MAX_SIZING_TRAFFIC)
    h = _check("talk_time", talk_time, gt=0)
    w = _check("target_seconds", target_seconds, gt=0)
    out = _vectorize(_agents_for_asa_scalar, a, h, w, otype=int)
    return int(out) if _all_scalar(traffic, talk_time, target_seconds) else out


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
