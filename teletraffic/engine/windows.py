"""The measured time: open hours, shifts, the run after warm-up, as windows.

Occupancy is busy time inside the measured time over the measured time, so busy
spells of people and channels are clipped to windows: disjoint ``[start, end)``
stretches in time order (lists of starts and ends, for :func:`bisect.bisect_right`).
What runs past them is not in the occupancy (for staff on business days it is
overtime).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from typing import Any

from teletraffic.scenario import Scenario

__all__ = ["channel_busy", "gap_around", "seconds_inside", "shift_windows"]


def seconds_inside(
    starts: list[float], ends: list[float], start: float, end: float
) -> tuple[float, int]:
    """Seconds of ``[start, end]`` inside the windows ``[starts[i], ends[i])``, and the
    index of the window holding *end* (or the next one): where the next use likely falls."""
    n = len(starts)
    j = bisect_right(ends, start)  # the first window ending after *start*
    inside = 0.0
    while j < n and starts[j] < end:
        lo, hi = starts[j], ends[j]
        inside += (end if end < hi else hi) - (start if start > lo else lo)
        j += 1
    return inside, bisect_right(ends, end)


def gap_around(starts: list[float], ends: list[float], t: float) -> tuple[float, float]:
    """The stretch between windows that holds *t* (not inside any window)."""
    j = bisect_right(ends, t)
    return (ends[j - 1] if j else -math.inf), (starts[j] if j < len(starts) else math.inf)


def shift_windows(
    scenario: Scenario, shifts: dict[int, float] | None, index: int
) -> list[tuple[float, float]]:
    """The measured time member *index* is on shift, as disjoint ``(start, end)`` windows.

    Steady state: the run after warm-up. Business days: the open hours of each day, or
    with *shifts* the open hours in which they work (the first ``shifts[hour]`` members
    of the department are on shift in that hour). Their total is the member's time on
    shift; busy time outside them is not part of the occupancy.
    """
    p = scenario.period
    if p.days is None:
        assert p.hours is not None
        return [(p.warmup_seconds, p.warmup_seconds + p.hours * 3600.0)]
    day: list[tuple[float, float]] = []
    for h in range(24):
        if shifts is not None and index >= int(shifts.get(h, 0)):
            continue
        lo, hi = max(h * 3600.0, p.open), min((h + 1) * 3600.0, p.close)
        if hi <= lo:
            continue
        if day and day[-1][1] == lo:
            day[-1] = (day[-1][0], hi)
        else:
            day.append((lo, hi))
    return [(d * 86400.0 + lo, d * 86400.0 + hi) for d in range(p.days) for lo, hi in day]


def channel_busy(trunk: Any, start: float, end: float, channels: int) -> None:
    """*channels* of *trunk* (a :class:`~teletraffic.engine.lines.Trunk`) were taken from
    *start* to *end*: count the measured part.

    Like staff time, channel time is clipped to the measured windows (open hours, or
    the run after warm-up), so channel occupancy never exceeds 1.
    """
    if start >= trunk.gap_lo and end <= trunk.gap_hi:
        return  # all of it outside the measured time
    starts, ends = trunk.win_starts, trunk.win_ends
    inside, k = seconds_inside(starts, ends, start, end)
    trunk.busy_seconds += inside * channels
    if k < len(starts):
        trunk.win_lo, trunk.win_hi = starts[k], ends[k]
    if inside == 0.0:
        trunk.gap_lo, trunk.gap_hi = gap_around(starts, ends, start)
