"""Outside lines and their channels.

A line is like a petrol station with a fixed number of pumps: each conversation,
inbound or outbound, and each caller on hold takes one channel for as long as it
lasts; when all are taken, the next caller hears busy and a colleague cannot dial
out. A city (landline) or mobile number has one channel, a multichannel line N, an IP
tariff N bounded by what the office uplink carries. A mobile line may fail to connect
(*coverage*) and may cut a call during talk (*drop_rate* per minute).
"""

from __future__ import annotations

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
        "index",
        "kind",
        "name",
        "peak",
    )

    def __init__(self, line: Line, index: int) -> None:
        self.name = line.name
        self.index = index
        self.kind = line.kind
        self.capacity = line.call_capacity
        """Calls that fit at once: channels (and for IP, the uplink)."""
        self.coverage = line.coverage
        self.drop_per_second = line.drop_rate / 60.0
        self.busy = 0
        """Channels taken now."""
        self.busy_seconds = 0.0
        """Channel-seconds used by measured calls (for occupancy)."""
        self.peak = 0

    def seize(self) -> bool:
        """Take a channel if one is free; False when all are taken."""
        if self.busy >= self.capacity:
            return False
        self.busy += 1
        if self.busy > self.peak:
            self.peak = self.busy
        return True
