"""Checking and broadcasting the arguments of the formulas.

Every public formula checks its arguments here first, so that a bad value raises
:class:`~teletraffic.errors.InputError` naming the argument and the value, and numbers
in give a Python ``float`` out while arrays in give an ``ndarray`` (broadcast like numpy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from teletraffic.errors import InputError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


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
