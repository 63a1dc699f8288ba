"""Outside lines and their channels.

A line is like a petrol station with a fixed number of pumps: each conversation,
inbound or outbound, and each caller on hold takes one channel for as long as it
lasts; when all are taken, the next caller hears busy and a colleague cannot dial
out. A city (landline) or mobile number has one channel, a multichannel line N, an IP
tariff N bounded by what the office uplink and downlink each carry (the calls of the
line's codec that fit, :attr:`teletraffic.scenario.Line.call_capacity`). A mobile line
may fail to connect (*coverage*) and may cut a call during talk (*drop_rate* per minute).
"""

from __future__ import annotations

import math

from teletraffic.scenario import Line

__all__ = ["Trunk"]


class Trunk:
    """The channels of one outside line during a simulation."""

    __slots__ = (
        "busy",
        "busy_seconds",
        "capacity",
        "coverage",
        "drop_per_second",
        "gap_hi",
        "gap_lo",
        "index",
        "name",
        "peak",
        "win_ends",
        "win_hi",
        "win_lo",
        "win_starts",
    )

    def __init__(self, line: Line, index: int) -> None:
        self.name = line.name
        self.index = index
        self.capacity = line.call_capacity
        """Calls that fit at once: channels (and for IP, the uplink and the downlink)."""
        self.coverage = line.coverage
        self.drop_per_second = line.drop_rate / 60.0
        self.busy = 0
        """Channels taken now."""
        self.busy_seconds = 0.0
        """Channel-seconds used inside the measured windows (for occupancy)."""
        self.win_starts: list[float] = [-math.inf]
        self.win_ends: list[float] = [math.inf]
        """The measured time: disjoint windows ``[start, end)`` in time order (open hours
        of each business day, or the run after warm-up; set by the model)."""
        self.win_lo = -math.inf
        self.win_hi = math.inf
        """One of those windows: a use inside it needs no clipping (the fast path)."""
        self.gap_lo = math.inf
        self.gap_hi = -math.inf
        """A stretch between windows, once one was met: a use inside it is not measured."""
        self.peak = 0
