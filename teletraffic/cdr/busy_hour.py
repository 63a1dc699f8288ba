"""The busy hour of call records: traffic per quarter hour, the hours to size lines for.

A line is sized for its busiest hour, not for the mean over the day. The traffic a call
puts on the lines is the time it holds a channel: from when it reaches the office (or
is dialled out) until it ends, its wait on hold and its talk (a caller on hold holds a
channel). :func:`busy_hour` measures it per quarter hour of each day with calls, in
erlangs (the mean number of channels busy), and reads out the busy hour as ITU-T
Recommendation E.500 ("Traffic intensity measurement principles") and E.600 (terms)
define it:

* the **time-consistent busy hour** (TCBH): the hour, starting at the same quarter hour
  every day, whose traffic averaged over the days is highest;
* the **average daily peak hour** (ADPH): each day's own busiest hour (four
  consecutive quarter hours), its traffic averaged over the days; never below the TCBH;
* the **busiest day**: the day with the highest peak hour;
* the **traffic to size for**: E.500's normal load, the mean of the daily peak hours of
  the 30 busiest days (of all days, when the records hold fewer), and its high load,
  the mean of the 5 busiest.

The traffic is found exactly, without sampling: the busy seconds up to time *t* are
:math:`F(t) = \\sum_{s_i < t} (t - s_i) - \\sum_{e_i < t} (t - e_i)` over the calls'
starts *s* and ends *e*, and a quarter hour's traffic is :math:`(F(b_{k+1}) -
F(b_k)) / 900`; sorting the starts and ends once gives *F* at every boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from teletraffic.cdr.problems import CdrError

__all__ = ["QUARTER", "BusyHour", "busy_hour"]

QUARTER = 900.0
"""Seconds in a quarter hour: the reading interval."""
_NORMAL_DAYS, _HIGH_DAYS = 30, 5


@dataclass
class BusyHour:
    """The busy hour of a set of call records (see :func:`busy_hour`).

    *quarters* has a row per day with calls and a column per quarter hour (``"09:15"``)
    of traffic in erlangs; *daily_peaks* per day the start of its busiest hour and its
    traffic. Times are clock times of the records.
    """

    quarters: pd.DataFrame
    daily_peaks: pd.DataFrame
    tcbh_start: str
    tcbh: float
    adph: float
    busiest_day: str
    busiest_day_peak: float
    normal_load: float
    high_load: float
    tcbh_rates: dict[str, float]
    """Inbound attempts per hour in the TCBH, averaged over the days, per dialled number."""

    @property
    def days(self) -> int:
        return len(self.quarters)

    @property
    def to_size_for(self) -> float:
        """The traffic (erlangs) to size the lines for: E.500's normal load."""
        return self.normal_load

    def summary(self) -> list[dict[str, object]]:
        """The read-outs as rows: ``figure, value, unit, note``."""
        n = self.days
        return [
            {
                "figure": "time-consistent busy hour",
                "value": round(self.tcbh, 3),
                "unit": "erlang",
                "note": f"{self.tcbh_start} to {_plus_hour(self.tcbh_start)} every day, "
                f"averaged over {n} day{'s' if n != 1 else ''}",
            },
            {
                "figure": "average daily peak hour",
                "value": round(self.adph, 3),
                "unit": "erlang",
                "note": "each day's own busiest hour, averaged",
            },
            {
                "figure": "busiest day",
                "value": round(self.busiest_day_peak, 3),
                "unit": "erlang",
                "note": f"{self.busiest_day}, its peak hour",
            },
            {
                "figure": "traffic to size for",
                "value": round(self.normal_load, 3),
                "unit": "erlang",
                "note": f"E.500 normal load: mean peak hour of the {min(n, _NORMAL_DAYS)} "
                "busiest days",
            },
            {
                "figure": "high load",
                "value": round(self.high_load, 3),
                "unit": "erlang",
                "note": f"E.500 high load: mean peak hour of the {min(n, _HIGH_DAYS)} busiest days",
            },
        ]

    def describe(self) -> str:
        """The busy hour in one sentence."""
        days = f"{self.days} day{'s' if self.days != 1 else ''}"
        return (
            f"Busy hour: {self.tcbh_start}-{_plus_hour(self.tcbh_start)} every day "
            f"({self.tcbh:.2f} erlangs on the lines, averaged over {days}); each "
            f"day's own peak hour averages {self.adph:.2f} erlangs, the busiest day "
            f"{self.busiest_day} reaches {self.busiest_day_peak:.2f}; size the lines for "
            f"{self.normal_load:.2f} erlangs (E.500 normal load)."
        )


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600 % 24:02d}:{whole % 3600 // 60:02d}"


def _plus_hour(clock: str) -> str:
    h, m = (int(x) for x in clock.split(":"))
    return f"{(h + 1) % 24:02d}:{m:02d}"


def _busy_seconds(starts: np.ndarray, ends: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Busy channel-seconds before each time of *at* (all in seconds, *at* sorted)."""
    s = np.sort(starts)
    e = np.sort(ends)
    cs = np.concatenate([[0.0], np.cumsum(s)])
    ce = np.concatenate([[0.0], np.cumsum(e)])
    ns = np.searchsorted(s, at, side="left")
    ne = np.searchsorted(e, at, side="left")
    return (at * ns - cs[ns]) - (at * ne - ce[ne])


def busy_hour(cdr: pd.DataFrame) -> BusyHour:
    """The busy hour of a call table (from :func:`~teletraffic.cdr.read_cdr`).

    Inbound and outbound calls count (both hold the lines); internal calls do not.
    Raises :class:`CdrError` when there are no such calls.
    """
    where = str(cdr.attrs.get("file", "the call records"))
    calls = cdr[cdr["direction"].isin(["in", "out"])]
    if calls.empty:
        raise CdrError(where, [(None, "has no inbound or outbound calls to measure")])
    start = pd.to_datetime(calls["start"])
    origin = start.min().normalize()
    s = ((start - origin) / pd.Timedelta(seconds=1)).to_numpy(dtype=float)
    hold = (calls["wait"].to_numpy(dtype=float) + calls["talk"].to_numpy(dtype=float)).clip(0)
    e = s + hold
    days_all = int(np.floor(e.max() / 86400.0)) + 1
    edges = np.arange(days_all * 96 + 1, dtype=float) * QUARTER
    busy = _busy_seconds(s, e, edges)
    per_quarter = np.diff(busy).reshape(days_all, 96) / QUARTER
    day_of = np.floor(s / 86400.0).astype(int)
    with_calls = np.unique(day_of)
    table = per_quarter[with_calls]
    dates = [(origin + pd.Timedelta(days=int(d))).strftime("%Y-%m-%d") for d in with_calls]
    labels = [_clock(q * QUARTER) for q in range(96)]
    quarters = pd.DataFrame(table, index=pd.Index(dates, name="day"), columns=labels)
    # an hour is four consecutive quarters within the day
    hours = np.lib.stride_tricks.sliding_window_view(table, 4, axis=1).mean(axis=2)
    tcbh_q = int(np.argmax(hours.mean(axis=0)))
    peaks_q = hours.argmax(axis=1)
    peaks = hours[np.arange(len(hours)), peaks_q]
    daily = pd.DataFrame(
        {"start": [labels[q] for q in peaks_q], "erlangs": peaks},
        index=pd.Index(dates, name="day"),
    )
    ranked = np.sort(peaks)[::-1]
    busiest = int(np.argmax(peaks))
    window = (s % 86400.0 >= tcbh_q * QUARTER) & (s % 86400.0 < tcbh_q * QUARTER + 3600.0)
    inbound = (calls["direction"] == "in").to_numpy()
    numbers = calls["number"].astype(str).to_numpy()
    rates = {
        str(n): float(np.sum(window & inbound & (numbers == n))) / len(with_calls)
        for n in sorted(set(numbers[inbound]))
    }
    return BusyHour(
        quarters=quarters,
        daily_peaks=daily,
        tcbh_start=labels[tcbh_q],
        tcbh=float(hours.mean(axis=0)[tcbh_q]),
        adph=float(peaks.mean()),
        busiest_day=dates[busiest],
        busiest_day_peak=float(peaks[busiest]),
        normal_load=float(ranked[:_NORMAL_DAYS].mean()),
        high_load=float(ranked[:_HIGH_DAYS].mean()),
        tcbh_rates=rates,
    )
