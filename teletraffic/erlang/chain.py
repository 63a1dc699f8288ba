"""The birth-death chain behind Erlang A and M/M/n/K(+M).

The number of callers in the system (talking plus on hold) of an M/M/n/K+M queue is a
birth-death chain; its stationary distribution gives every figure of :func:`erlang_a`
and :func:`mmnk`. States 0..n are summed in closed form through Erlang B; the hold
queue is enumerated in log space until its tail is negligible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.special as sc

from teletraffic.erlang.arguments import FloatArray
from teletraffic.erlang.loss import _log_erlang_b_scalar
from teletraffic.errors import InputError

# Largest queue the exact birth-death chain of Erlang A / M/M/n/K will enumerate.
_MAX_CHAIN = 10_000_000
# A state whose log-weight is this far below the largest carries < 1e-26 of the mass.
_LOG_NEGLIGIBLE = 60.0


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
