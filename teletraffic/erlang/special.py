"""Poisson and binomial probabilities, and the continued fraction of the incomplete gamma.

The building blocks of Erlang B and Engset, accurate to a few ulps far into the tails:
Loader's saddle-point form of the Poisson and binomial probabilities (``stirlerr`` and
``bd0``, as in R's ``dpois`` and ``dbinom``), and Legendre's continued fraction for the
upper incomplete gamma function (modified Lentz).

References
----------
C. Loader, "Fast and accurate computation of binomial probabilities" (2000).
W. H. Press et al., *Numerical Recipes*, 3rd ed., Cambridge (2007), section 6.2.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.special as sc

from teletraffic.erlang.arguments import FloatArray

_LOG_2PI = math.log(2.0 * math.pi)
_TINY = 1e-300
_CF_TOL = 3e-16
_CF_MAX_ITER = 100_000

# Stirling series coefficients of stirlerr (Loader 2000): 1/12, 1/360, 1/1260, ...
_S0 = 1.0 / 12.0
_S1 = 1.0 / 360.0
_S2 = 1.0 / 1260.0
_S3 = 1.0 / 1680.0
_S4 = 1.0 / 1188.0


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
