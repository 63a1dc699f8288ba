"""Random durations and random streams: talk times, patience, wrap-up, redial delays.

Each sampler draws from a numpy :class:`~numpy.random.Generator` in batches and hands
out one float at a time, which is what a discrete-event engine needs at low cost.

Random streams are named: :func:`stream_rng` gives the generator for one purpose
(``"arrivals"``, ``"talk"``, ...) of one named thing (a traffic stream, a line, a
department) in one replication. The same name gets the same numbers in every set-up,
so comparing two set-ups puts the same callers through both (common random numbers).
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Callable, Iterator

import numpy as np

from teletraffic.scenario import Distribution

__all__ = ["BATCH", "Sampler", "distribution_moments", "make_sampler", "stream_rng", "uniforms"]

BATCH = 2048
"""How many values a sampler draws from numpy at once."""

Sampler = Callable[[], float]
"""A function of no arguments that returns the next random duration in seconds."""


def stream_rng(seed: int, replication: int, owner: str, purpose: str) -> np.random.Generator:
    """The generator for *purpose* of *owner* in *replication* of a run seeded *seed*.

    The key uses a stable hash of the names (not Python's salted ``hash``), so the
    same numbers come out on every machine, in every process, in every set-up.
    """
    key = zlib.crc32(f"{owner}\x00{purpose}".encode())
    ss = np.random.SeedSequence(entropy=seed, spawn_key=(replication, key))
    return np.random.Generator(np.random.PCG64(ss))


def lognormal_params(mean: float, cv: float) -> tuple[float, float]:
    """``(mu, sigma)`` of the normal underlying a lognormal with this mean and cv."""
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def _batches(draw: Callable[[int], np.ndarray]) -> Iterator[float]:
    """``draw(BATCH)``, then the next batch when that one is used up, as one stream of
    floats. Iterated in C (no generator to resume per value: a sampler runs a few times
    per call)."""
    return itertools.chain.from_iterable(map(np.ndarray.tolist, map(draw, itertools.repeat(BATCH))))


def uniforms(rng: np.random.Generator) -> Sampler:
    """Uniform draws on [0, 1) from *rng*: the same values, in the same order, as one
    ``rng.random()`` call each (a scalar draw costs 0.3 us; these are drawn
    :data:`BATCH` at a time). Every draw of *rng* must then come from here."""
    return _batches(rng.random).__next__


def make_sampler(dist: Distribution, rng: np.random.Generator) -> Sampler:
    """A :data:`Sampler` for *dist* drawing from *rng*."""
    kind = dist.dist
    if kind == "deterministic" or (dist.mean == 0.0 and kind != "empirical"):
        return itertools.repeat(float(dist.expected)).__next__
    draw: Callable[[int], np.ndarray]
    if kind == "exponential":
        mean = float(dist.expected)
        draw = lambda n: rng.exponential(mean, n)  # noqa: E731
    elif kind == "lognormal":
        assert dist.cv is not None
        mu, sigma = lognormal_params(dist.expected, dist.cv)
        draw = lambda n: rng.lognormal(mu, sigma, n)  # noqa: E731
    elif kind == "gamma":
        assert dist.cv is not None
        shape = 1.0 / (dist.cv * dist.cv)
        scale = dist.expected / shape
        draw = lambda n: rng.gamma(shape, scale, n)  # noqa: E731
    elif kind == "uniform":
        assert dist.min is not None
        assert dist.max is not None
        lo, hi = dist.min, dist.max
        draw = lambda n: rng.uniform(lo, hi, n)  # noqa: E731
    elif kind == "empirical":
        assert dist.values is not None
        values = np.asarray(dist.values, dtype=float)
        draw = lambda n: rng.choice(values, n)  # noqa: E731
    else:  # pragma: no cover - the scenario model admits no other kind
        raise ValueError(f"unknown distribution {kind!r}")
    return _batches(draw).__next__


def distribution_moments(dist: Distribution) -> tuple[float, float]:
    """``(mean, variance)`` of *dist* in seconds and seconds squared."""
    m = dist.expected
    kind = dist.dist
    if kind == "deterministic":
        return m, 0.0
    if kind == "exponential":
        return m, m * m
    if kind in ("lognormal", "gamma"):
        assert dist.cv is not None
        return m, (dist.cv * m) ** 2
    if kind == "uniform":
        assert dist.min is not None
        assert dist.max is not None
        return m, (dist.max - dist.min) ** 2 / 12.0
    assert dist.values is not None
    v = np.asarray(dist.values, dtype=float)
    return float(v.mean()), float(v.var())
