"""Loss systems: a caller who finds every line busy hears busy and is gone.

Erlang B (a trunk offered Poisson calls), extended Erlang B (a share of the blocked
callers redial) and Engset (a finite group of callers shares the lines).

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
from typing import overload

import numpy as np
import scipy.special as sc
from numpy.typing import ArrayLike

from teletraffic.erlang.arguments import (
    FloatArray,
    _all_scalar,
    _check,
    _describe,
    _is_number,
    _result,
    _vectorize,
)
from teletraffic.erlang.special import (
    _log_binom_pmf,
    _log_poisson_pmf,
    _log_poisson_pmf_array,
    _upper_gamma_cf,
    _upper_gamma_cf_array,
)
from teletraffic.errors import InputError

MAX_SOURCES = 1e15
"""Largest group (sources, lines) Engset answers for: whole numbers are exact in floats
up to 2**53, and beyond a million sources Engset equals Erlang B to six digits."""


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
# Engset
# --------------------------------------------------------------------------------------


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


def _engset_call_scalar(n: float, s: float, beta: float) -> float:
    """Call congestion: the time congestion seen by one of the other s - 1 sources."""
    return 0.0 if n >= s else _engset_time_scalar(n, s - 1.0, beta)


def _engset_offered_scalar(n: float, s: float, beta: float) -> float:
    """Traffic actually offered by s sources of idle traffic beta: s beta / (1 + beta (1 - B)).

    Attempts come from idle sources only: offered = beta (s - carried), carried =
    offered (1 - B) with B the call congestion; eliminating carried gives the form above.
    """
    return s * beta / (1.0 + beta * (1.0 - _engset_call_scalar(n, s, beta)))


def _engset_beta_for_offered(n: float, s: float, offered: float) -> float:
    """The idle-source traffic beta whose sources actually offer ``offered`` erlangs.

    The offered traffic s beta / (1 + beta (1 - B(beta))) increases with beta from 0, and
    lies between s beta / (1 + beta) (B = 0) and s beta (B = 1); so the root is bracketed
    by offered / s and offered / (s - offered), and found by brentq on log beta.
    """
    if offered == 0.0:
        return 0.0
    from scipy.optimize import brentq

    lo, hi = offered / s, offered / (s - offered)
    log_offered = math.log(offered)

    def gap(log_beta: float) -> float:
        return math.log(_engset_offered_scalar(n, s, math.exp(log_beta))) - log_offered

    x_lo, x_hi = math.log(lo), math.log(hi)
    if gap(x_lo) >= 0.0:  # every attempt blocked (no lines) or rounding at the edge
        return lo
    if gap(x_hi) <= 0.0:  # nobody blocked (a line per source)
        return hi
    return float(math.exp(brentq(gap, x_lo, x_hi, xtol=1e-15, rtol=4.0 * np.finfo(float).eps)))


def _engset_arguments(
    lines: ArrayLike,
    sources: ArrayLike,
    traffic: ArrayLike | None,
    offered: ArrayLike | None,
    idle_traffic: ArrayLike | None,
) -> tuple[FloatArray, FloatArray, FloatArray, bool]:
    """Check the arguments of Engset; return lines, sources, beta per idle source, scalar."""
    given = [
        (name, value)
        for name, value in (
            ("offered", offered),
            ("idle_traffic", idle_traffic),
            ("traffic", traffic),
        )
        if value is not None
    ]
    if len(given) != 1:
        names = ", ".join(name for name, _ in given) or "none"
        raise InputError(
            "give the traffic of Engset once: offered= (erlangs the sources actually offer, as "
            "the erlang.com and Westbay calculators take it) or idle_traffic= (erlangs the "
            f"sources would offer if all were idle); got {names}"
        )
    name, value = given[0]
    n = _check("lines", lines, ge=0, le=MAX_SOURCES, integer=True)
    s = _check("sources", sources, ge=1, le=MAX_SOURCES, integer=True)
    a = _check(name, value, ge=0)
    scalar = _all_scalar(lines, sources, value)
    if name != "offered":
        return n, s, a / s, scalar
    n, s, a = np.broadcast_arrays(n, s, a)
    if (a >= s).any():
        index = tuple(int(i) for i in np.argwhere(a >= s)[0])
        where = "" if a.ndim == 0 else f" (at index {index[0] if len(index) == 1 else index})"
        raise InputError(
            f"offered must be below sources ({_describe(float(s[index]))}): a source offers "
            f"less than one erlang, got {_describe(float(a[index]))}{where}"
        )
    return n, s, _vectorize(_engset_beta_for_offered, n, s, a), scalar


@overload
def engset(
    lines: float,
    sources: float,
    traffic: float | None = None,
    *,
    offered: float | None = None,
    idle_traffic: float | None = None,
) -> float: ...
@overload
def engset(
    lines: ArrayLike,
    sources: ArrayLike,
    traffic: ArrayLike | None = None,
    *,
    offered: ArrayLike | None = None,
    idle_traffic: ArrayLike | None = None,
) -> FloatArray | float: ...
def engset(
    lines: ArrayLike,
    sources: ArrayLike,
    traffic: ArrayLike | None = None,
    *,
    offered: ArrayLike | None = None,
    idle_traffic: ArrayLike | None = None,
) -> FloatArray | float:
    """Engset call congestion: share of call attempts that find every line busy.

    ``sources`` callers (a finite group, e.g. the phones of a branch office) share
    ``lines`` channels. An idle source calls at rate :math:`\\gamma`, a busy one does
    not, a blocked attempt is lost. With :math:`\\beta = \\gamma h`, call congestion is
    the time congestion of the other :math:`S - 1` sources:

    .. math::

        B(N, S, \\beta) = E(N, S - 1, \\beta),\\qquad
        E(N, S, \\beta) = \\frac{\\binom{S}{N}\\beta^N}{\\sum_{k=0}^{N}\\binom{S}{k}\\beta^k}.

    **Two conventions for the traffic; give exactly one:**

    ``offered=A`` (keyword)
        Erlangs the sources **actually offer**, :math:`A = \\lambda h` with
        :math:`\\lambda` the rate of attempts, blocked ones included: what the erlang.com
        and Westbay calculators and the textbook tables take, and what a call log
        measures. Only idle sources call, so :math:`A = \\beta(S - A(1 - B))`; the fixed
        point :math:`\\beta = A / (S - A(1 - B(N, S, \\beta)))` is solved by ``brentq`` on
        :math:`\\log\\beta` (the offered traffic increases with :math:`\\beta`). ``A`` must
        be below ``sources``. ``engset(5, 20, offered=8.0)`` = 0.4715, the calculators'
        figure.
    ``idle_traffic=S*beta`` (keyword), or the positional ``traffic``
        Erlangs the sources would offer **if all were idle**: :math:`\\beta` =
        ``idle_traffic / sources``. The only convention before ``offered``; positional
        calls ``engset(5, 20, 8.0)`` keep it (0.3765 for the same group).

    Zero when ``lines >= sources``; tends to Erlang B as ``sources`` grows.

    Parameters
    ----------
    lines : int or array_like
        Number of channels :math:`N \\ge 0`.
    sources : int or array_like
        Number of callers :math:`S \\ge 1`.
    traffic : float or array_like, optional
        :math:`S\\beta`, erlangs offered by all sources when idle (same as
        ``idle_traffic``; kept positional for backwards compatibility).
    offered : float or array_like, keyword only
        Erlangs actually offered, :math:`0 \\le A < S`.
    idle_traffic : float or array_like, keyword only
        :math:`S\\beta`, erlangs offered by all sources when idle.

    Returns
    -------
    float or ndarray
        Call congestion in [0, 1] (the share of **attempts** blocked, which the published
        calculators report as "blocking"). See :func:`engset_time_congestion` for the
        share of time all lines are busy; call congestion <= time congestion.

    Raises
    ------
    InputError
        If not exactly one traffic is given, an argument is out of range, or ``offered``
        is at or above ``sources``.

    References
    ----------
    T. O. Engset, "Die Wahrscheinlichkeitsrechnung zur Bestimmung der Wählerzahl in
    automatischen Fernsprechämtern", Elektrotechnische Zeitschrift 39(31), 304-306
    (1918); V. B. Iversen, *Teletraffic Engineering and Network Planning*, DTU (2015),
    chapter 8; P. Azimzadeh, T. Carpenter, "Fast Engset computation", Operations
    Research Letters 44(3), 313-318 (2016) (the offered-traffic fixed point);
    erlang.com, "Engset calculator" (Westbay Engineers).
    """
    n, s, beta, scalar = _engset_arguments(lines, sources, traffic, offered, idle_traffic)
    return _result(_vectorize(_engset_call_scalar, n, s, beta), scalar)


@overload
def engset_time_congestion(
    lines: float,
    sources: float,
    traffic: float | None = None,
    *,
    offered: float | None = None,
    idle_traffic: float | None = None,
) -> float: ...
@overload
def engset_time_congestion(
    lines: ArrayLike,
    sources: ArrayLike,
    traffic: ArrayLike | None = None,
    *,
    offered: ArrayLike | None = None,
    idle_traffic: ArrayLike | None = None,
) -> FloatArray | float: ...
def engset_time_congestion(
    lines: ArrayLike,
    sources: ArrayLike,
    traffic: ArrayLike | None = None,
    *,
    offered: ArrayLike | None = None,
    idle_traffic: ArrayLike | None = None,
) -> FloatArray | float:
    """Engset time congestion: share of time every line is busy.

    .. math::

        E(N, S, \\beta) = \\frac{\\binom{S}{N}\\beta^N}{\\sum_{k=0}^{N}\\binom{S}{k}\\beta^k}
        = \\frac{P(X = N)}{P(X \\le N)},\\quad X \\sim \\mathrm{Bin}(S, \\tfrac{\\beta}{1+\\beta}),

    with the same two conventions as :func:`engset`: ``offered=`` (erlangs actually
    offered; :math:`\\beta` from the fixed point) or ``idle_traffic=`` / the positional
    ``traffic`` (:math:`\\beta` = ``idle_traffic / sources``). Zero when
    ``lines > sources``.

    Parameters
    ----------
    lines : int or array_like
        Number of channels :math:`N \\ge 0`.
    sources : int or array_like
        Number of callers :math:`S \\ge 1`.
    traffic, offered, idle_traffic : float or array_like
        The traffic, in exactly one of the conventions of :func:`engset`.

    Returns
    -------
    float or ndarray
        Time congestion in [0, 1].

    References
    ----------
    Engset (1918), op. cit.; Iversen (2015), section 8.4.
    """
    n, s, beta, scalar = _engset_arguments(lines, sources, traffic, offered, idle_traffic)
    return _result(_vectorize(_engset_time_scalar, n, s, beta), scalar)
