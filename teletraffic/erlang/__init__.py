"""Analytic teletraffic formulas: Erlang B, C, A and X, M/M/n/K, Engset, and sizing.

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
value. The package imports only math, numpy, scipy and :mod:`teletraffic.errors`.

Where things are
----------------
* :mod:`~teletraffic.erlang.loss`: Erlang B, extended Erlang B, Engset (callers who find
  every line busy are lost).
* :mod:`~teletraffic.erlang.queue`: Erlang C and its service level, ASA, occupancy and
  queue length; Erlang A; M/M/n/K (callers wait on hold).
* :mod:`~teletraffic.erlang.retrial`: Erlang X (hang-ups and redials together).
* :mod:`~teletraffic.erlang.sizing`: the inverses (lines, traffic, agents for a target).
* :mod:`~teletraffic.erlang.bandwidth`: the bandwidth of a VoIP call each way (codec,
  packet time, link) and how many calls an uplink fits.
* :mod:`~teletraffic.erlang.chain`, :mod:`~teletraffic.erlang.special` and
  :mod:`~teletraffic.erlang.arguments`: the birth-death chain, the special functions and
  the argument checks the formulas share.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teletraffic.erlang.bandwidth import (
        CODEC_BITRATE_KBPS,
        LINK_OVERHEAD_BYTES,
        call_kbps,
        calls_that_fit,
    )
    from teletraffic.erlang.loss import (
        MAX_SOURCES,
        engset,
        engset_time_congestion,
        erlang_b,
        extended_erlang_b,
        retrial_traffic,
    )
    from teletraffic.erlang.queue import (
        ErlangAResult,
        MMNKResult,
        average_speed_of_answer,
        erlang_a,
        erlang_c,
        mean_queue_length,
        mmnk,
        occupancy,
        service_level,
    )
    from teletraffic.erlang.retrial import ErlangXResult, erlang_x
    from teletraffic.erlang.sizing import (
        MAX_SIZING_TRAFFIC,
        agents_for_abandonment,
        agents_for_asa,
        agents_for_service_level,
        lines_for_blocking,
        traffic_for_blocking,
    )

_LAZY: dict[str, str] = {
    "CODEC_BITRATE_KBPS": "bandwidth",
    "LINK_OVERHEAD_BYTES": "bandwidth",
    "call_kbps": "bandwidth",
    "calls_that_fit": "bandwidth",
    "MAX_SOURCES": "loss",
    "engset": "loss",
    "engset_time_congestion": "loss",
    "erlang_b": "loss",
    "extended_erlang_b": "loss",
    "retrial_traffic": "loss",
    "ErlangAResult": "queue",
    "MMNKResult": "queue",
    "average_speed_of_answer": "queue",
    "erlang_a": "queue",
    "erlang_c": "queue",
    "mean_queue_length": "queue",
    "mmnk": "queue",
    "occupancy": "queue",
    "service_level": "queue",
    "ErlangXResult": "retrial",
    "erlang_x": "retrial",
    "MAX_SIZING_TRAFFIC": "sizing",
    "agents_for_abandonment": "sizing",
    "agents_for_asa": "sizing",
    "agents_for_service_level": "sizing",
    "lines_for_blocking": "sizing",
    "traffic_for_blocking": "sizing",
}
"""Each public name and the module that defines it, imported when first used: numpy and
scipy load with the first formula that needs them, not with ``import teletraffic.erlang``
(so the command line's ``--help`` starts without them)."""

__all__ = [
    "CODEC_BITRATE_KBPS",
    "LINK_OVERHEAD_BYTES",
    "MAX_SIZING_TRAFFIC",
    "MAX_SOURCES",
    "ErlangAResult",
    "ErlangXResult",
    "MMNKResult",
    "agents_for_abandonment",
    "agents_for_asa",
    "agents_for_service_level",
    "average_speed_of_answer",
    "call_kbps",
    "calls_that_fit",
    "engset",
    "engset_time_congestion",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "erlang_x",
    "extended_erlang_b",
    "lines_for_blocking",
    "mean_queue_length",
    "mmnk",
    "occupancy",
    "retrial_traffic",
    "service_level",
    "traffic_for_blocking",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'teletraffic.erlang' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"teletraffic.erlang.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
