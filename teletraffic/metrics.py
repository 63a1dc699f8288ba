"""The registry of figures: every figure a result may hold, defined once.

Each :class:`Metric` says what the figure counts, its *kind* (a count, a share, seconds,
minutes, erlangs, an index, money), its unit, a plain label for people, and for a share
what it is a share of. Tables, JSON, reports, charts and plan sentences read names,
labels and kinds from here rather than keeping lists of their own;
:data:`teletraffic.tally.METRICS` (what a simulation's figures mean) and the runner's
shares are derived from it.

Shares of the inbound attempts named in :data:`PARTITION` split them by outcome (with
answered split by the answer time): every inbound attempt is in exactly one, so they add
up to 1 in every scope.

Light on purpose: the standard library only, so that quick commands can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CALLBACK_PARTITION",
    "FIGURES",
    "KINDS",
    "PARTITION",
    "Kind",
    "Metric",
    "ShareOf",
    "counted_share_of",
    "is_share",
    "kind_of",
    "label",
]

Kind = Literal["count", "share", "seconds", "minutes", "erlangs", "index", "money"]
KINDS: tuple[Kind, ...] = ("count", "share", "seconds", "minutes", "erlangs", "index", "money")
"""What a figure is: a count (of calls, callers, channels, people), a share (from 0 to 1),
a time in seconds or minutes, a traffic in erlangs (mean channels in use), an index
without unit, or an amount of money a month (in the scenario's currency)."""

ShareOf = Literal[
    "inbound attempts",
    "outbound attempts",
    "callers",
    "callbacks offered",
    "time on shift",
    "channels' time",
]


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure: its name in tables and files, and how to read it."""

    name: str
    kind: Kind
    unit: str
    """Unit of its values ("calls", "s", "min", ...); "" for shares and indices (a share
    is shown as a percentage), "a month" for money (in the scenario's currency)."""
    label: str
    """A few plain words for people, as a table heading or in a sentence."""
    counts: str
    """What it counts, in full (scope by scope where they differ)."""
    share_of: ShareOf | None = None
    """For a share: the whole it is a share of."""
    alias_of: str | None = None
    """An old name kept for readers that still use it: the figure it equals."""

    @property
    def is_share(self) -> bool:
        """A share: its values lie between 0 and 1."""
        return self.kind == "share"


_ALL: tuple[Metric, ...] = (
    Metric(
        "offered",
        kind="count",
        unit="calls",
        label="calls",
        counts=(
            "call attempts, inbound and outbound, redials included, counted as they enter; for a "
            "department: every call that reached it (routed to it, transferred or redirected to "
            "it), once, with the outcome it had there (a call it answered and transferred is "
            "answered)"
        ),
    ),
    Metric(
        "inbound",
        kind="count",
        unit="calls",
        label="incoming calls",
        counts="inbound call attempts",
    ),
    Metric(
        "outbound",
        kind="count",
        unit="calls",
        label="outgoing calls",
        counts="outbound call attempts",
    ),
    Metric(
        "internal",
        kind="count",
        unit="calls",
        label="internal calls",
        counts="internal calls between departments",
    ),
    Metric(
        "talk_minutes_in",
        kind="minutes",
        unit="min",
        label="incoming minutes",
        counts=(
            "minutes of inbound conversation on outside lines (a caller passed on counts all their"
            " talk, also when they hung up on hold afterwards)"
        ),
    ),
    Metric(
        "talk_minutes_out",
        kind="minutes",
        unit="min",
        label="outgoing minutes",
        counts=(
            "minutes of outbound conversation on outside lines: calls staff placed, and outside "
            "participants dialled into conferences (each on its own channel); internal calls take "
            "no outside minutes"
        ),
    ),
    Metric(
        "answered",
        kind="count",
        unit="calls",
        label="answered calls",
        counts="attempts answered",
    ),
    Metric(
        "busy",
        kind="count",
        unit="calls",
        label="calls that heard busy",
        counts="attempts that heard busy",
    ),
    Metric(
        "queue_full",
        kind="count",
        unit="calls",
        label="calls that found the queue full",
        counts="attempts turned away by a full hold queue",
    ),
    Metric(
        "abandoned",
        kind="count",
        unit="calls",
        label="calls hung up on hold",
        counts="callers who hung up on hold",
    ),
    Metric(
        "unanswered",
        kind="count",
        unit="calls",
        label="calls not picked up",
        counts="attempts that rang out or waited the maximum",
    ),
    Metric(
        "voicemail",
        kind="count",
        unit="calls",
        label="calls sent to voicemail",
        counts="attempts the PBX let go to voicemail (after a department's maximum wait, or "
        "with nobody on shift)",
    ),
    Metric(
        "called_back",
        kind="count",
        unit="calls",
        label="callers called back",
        counts="attempts that took a callback and were called back and talked to (virtual hold)",
    ),
    Metric(
        "callback_failed",
        kind="count",
        unit="calls",
        label="callbacks that failed",
        counts="attempts that took a callback the PBX never got through with",
    ),
    Metric(
        "callbacks_offered",
        kind="count",
        unit="calls",
        label="callbacks offered",
        counts="attempts offered a callback on joining the queue (the estimated wait was long)",
    ),
    Metric(
        "callbacks_taken",
        kind="count",
        unit="calls",
        label="callbacks taken",
        counts="attempts that took the callback offered: they hung up and kept their place",
    ),
    Metric(
        "p_callback_taken",
        kind="share",
        unit="",
        label="took the callback",
        counts="share of the callbacks offered that callers took",
        share_of="callbacks offered",
    ),
    Metric(
        "mean_callback_wait",
        kind="seconds",
        unit="s",
        label="mean wait for a callback",
        counts="mean time from taking a callback to answering it, of the callbacks that got "
        "through, s",
    ),
    Metric(
        "no_coverage",
        kind="count",
        unit="calls",
        label="calls that did not connect",
        counts="mobile attempts that did not connect",
    ),
    Metric(
        "dropped",
        kind="count",
        unit="calls",
        label="calls cut off",
        counts="mobile calls cut during talk",
    ),
    Metric(
        "placed",
        kind="count",
        unit="calls",
        label="calls placed",
        counts="outbound calls placed",
    ),
    Metric(
        "blocked",
        kind="count",
        unit="calls",
        label="calls with no free line",
        counts="outbound calls blocked (no free channel)",
    ),
    Metric(
        "callers",
        kind="count",
        unit="callers",
        label="callers",
        counts=(
            "distinct inbound callers (first attempts); for a department: callers of its numbers"
        ),
    ),
    Metric(
        "lost_callers",
        kind="count",
        unit="callers",
        label="callers lost",
        counts=(
            "callers who never got through (their last attempt was lost, in whichever department "
            "it ended); counted where they called"
        ),
    ),
    Metric(
        "p_caller_lost",
        kind="share",
        unit="",
        label="callers who never got through",
        counts="share of callers who never got through, redials included",
        share_of="callers",
    ),
    Metric(
        "p_busy",
        kind="share",
        unit="",
        label="heard busy",
        counts="share of inbound attempts that heard busy",
        share_of="inbound attempts",
    ),
    Metric(
        "p_queue_full",
        kind="share",
        unit="",
        label="queue full",
        counts="share of inbound attempts turned away by a full queue",
        share_of="inbound attempts",
    ),
    Metric(
        "p_abandon",
        kind="share",
        unit="",
        label="hung up on hold",
        counts="share of inbound attempts abandoned on hold",
        share_of="inbound attempts",
    ),
    Metric(
        "p_unanswered",
        kind="share",
        unit="",
        label="not picked up",
        counts="share of inbound attempts that rang out or waited the maximum",
        share_of="inbound attempts",
    ),
    Metric(
        "p_voicemail",
        kind="share",
        unit="",
        label="sent to voicemail",
        counts="share of inbound attempts the PBX sent to voicemail",
        share_of="inbound attempts",
    ),
    Metric(
        "p_called_back",
        kind="share",
        unit="",
        label="called back",
        counts="share of inbound attempts that took a callback and were called back",
        share_of="inbound attempts",
    ),
    Metric(
        "p_callback_failed",
        kind="share",
        unit="",
        label="callback failed",
        counts="share of inbound attempts that took a callback the PBX never got through with",
        share_of="inbound attempts",
    ),
    Metric(
        "p_no_coverage",
        kind="share",
        unit="",
        label="did not connect",
        counts="share of inbound attempts that did not connect (mobile coverage)",
        share_of="inbound attempts",
    ),
    Metric(
        "p_dropped",
        kind="share",
        unit="",
        label="cut off",
        counts="share of inbound attempts answered and then cut off (mobile)",
        share_of="inbound attempts",
    ),
    Metric(
        "service_level",
        kind="share",
        unit="",
        label="answered in time",
        counts=(
            "share of inbound attempts answered within the answer time (a call cut off afterwards "
            "is not among them)"
        ),
        share_of="inbound attempts",
    ),
    Metric(
        "p_answered_later",
        kind="share",
        unit="",
        label="answered later",
        counts="share of inbound attempts answered after the answer time",
        share_of="inbound attempts",
    ),
    Metric(
        "p_not_answered",
        kind="share",
        unit="",
        label="not answered",
        counts=(
            "share of inbound attempts nobody talked with (busy, queue full, abandoned, "
            "unanswered, no coverage, cut off, voicemail, a callback that failed; a caller called "
            "back was talked with)"
        ),
        share_of="inbound attempts",
    ),
    Metric(
        "p_wait",
        kind="share",
        unit="",
        label="waited",
        counts="share of inbound attempts not answered at once (held or rang, or hung up)",
        share_of="inbound attempts",
    ),
    Metric(
        "mean_wait",
        kind="seconds",
        unit="s",
        label="mean wait",
        counts=(
            "mean time to answer (on hold and ringing) of attempts that got a channel, s; for a "
            "department: the wait there (a transferred caller's wait in its queue)"
        ),
    ),
    Metric(
        "mean_wait_answered",
        kind="seconds",
        unit="s",
        label="mean wait of answered calls",
        counts="mean wait of answered attempts, seconds",
    ),
    Metric(
        "p50_wait",
        kind="seconds",
        unit="s",
        label="half answered within",
        counts="median wait of answered attempts, seconds",
    ),
    Metric(
        "p90_wait",
        kind="seconds",
        unit="s",
        label="9 in 10 answered within",
        counts="90th percentile wait of answered attempts, seconds",
    ),
    Metric(
        "p95_wait",
        kind="seconds",
        unit="s",
        label="19 in 20 answered within",
        counts="95th percentile wait of answered attempts, seconds",
    ),
    Metric(
        "mean_talk",
        kind="seconds",
        unit="s",
        label="mean talk",
        counts="mean talk time of answered calls, seconds; for a department: talk there",
    ),
    Metric(
        "talk_minutes",
        kind="minutes",
        unit="min",
        label="minutes talked",
        counts=(
            "minutes of conversation on outside lines, inbound and outbound (for a department: "
            "with its staff)"
        ),
    ),
    Metric(
        "p_blocked",
        kind="share",
        unit="",
        label="no free line to dial out",
        counts="share of outbound attempts blocked",
        share_of="outbound attempts",
    ),
    Metric(
        "channel_occupancy",
        kind="share",
        unit="",
        label="line load",
        counts=(
            "mean share of the line's channels in use in the measured time (open hours, or after "
            "warm-up); calls still on the line after closing are not in it"
        ),
        share_of="channels' time",
    ),
    Metric(
        "busy_channels",
        kind="erlangs",
        unit="erlangs",
        label="channels in use",
        counts="mean number of channels in use in the measured time",
    ),
    Metric(
        "peak_channels",
        kind="count",
        unit="channels",
        label="most channels at once",
        counts="most channels in use at once",
    ),
    Metric(
        "staff_occupancy",
        kind="share",
        unit="",
        label="staff load",
        counts=(
            "share of the time on shift spent in talk, consults, conferences and wrap-up (work "
            "after closing or after the shift ended is not in it: see overtime_minutes)"
        ),
        share_of="time on shift",
    ),
    Metric(
        "overtime_minutes",
        kind="minutes",
        unit="min",
        label="overtime",
        counts=(
            "minutes staff spent in calls (talk, consults, conferences) and wrap-up outside their "
            "shift (a call still running at closing, a queue served after closing); business days "
            "only"
        ),
    ),
    Metric(
        "staff",
        kind="count",
        unit="people",
        label="people",
        counts="staff members",
    ),
    Metric(
        "transferred",
        kind="count",
        unit="calls",
        label="passed on",
        counts=(
            "calls the department answered and passed to another department (counted answered "
            "here; transfers that rang back because nobody there was free included)"
        ),
    ),
    Metric(
        "transfers_in",
        kind="count",
        unit="calls",
        label="passed on to it",
        counts=(
            "calls another department transferred to this one; part of its offered calls, each "
            "with the outcome it had here (busy or queue_full when it rang back)"
        ),
    ),
    Metric(
        "transfers_in_answered",
        kind="count",
        unit="calls",
        label="passed on to it and answered",
        counts="transferred calls this department answered",
    ),
    Metric(
        "redirected",
        kind="count",
        unit="calls",
        label="rang out, sent on",
        counts=(
            "calls that rang out here and went on to the redirect department (counted unanswered "
            "here)"
        ),
    ),
    Metric(
        "redirected_in",
        kind="count",
        unit="calls",
        label="sent on to it",
        counts="calls redirected here after ringing out elsewhere; part of offered",
    ),
    Metric(
        "conferences",
        kind="count",
        unit="calls",
        label="conferences",
        counts="answered calls that became conferences",
    ),
    Metric(
        "fairness",
        kind="index",
        unit="",
        label="evenness of load",
        counts="Jain's fairness index of answered calls per member (1 = even)",
    ),
    Metric(
        "monthly_fixed",
        kind="money",
        unit="a month",
        label="fixed charges",
        counts=(
            "lines' and PBX subscriptions, numbers, channels, users, and installation or purchase "
            "spread over months"
        ),
    ),
    Metric(
        "monthly_usage",
        kind="money",
        unit="a month",
        label="call charges",
        counts=("per-minute charges: inbound minutes, and outbound minutes beyond those included"),
    ),
    Metric(
        "monthly_lost_calls",
        kind="money",
        unit="a month",
        label="lost callers' value",
        counts=(
            "the value of a lost caller x the callers who never got through, and the outbound "
            "calls blocked"
        ),
    ),
    Metric(
        "monthly_staff",
        kind="money",
        unit="a month",
        label="staff pay",
        counts="the staff's cost",
    ),
    Metric(
        "monthly_total",
        kind="money",
        unit="a month",
        label="total cost",
        counts="fixed, usage, lost calls and staff",
    ),
)

FIGURES: dict[str, Metric] = {m.name: m for m in _ALL}
"""Every figure, by name; simulation figures first, then monthly money."""

PARTITION: tuple[str, ...] = (
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "p_unanswered",
    "p_no_coverage",
    "p_dropped",
    "p_voicemail",
    "service_level",
    "p_answered_later",
)
"""Shares of the inbound attempts that split them by outcome: they add up to 1 (with
:data:`CALLBACK_PARTITION` where a department offers callbacks)."""

CALLBACK_PARTITION: tuple[str, ...] = ("p_called_back", "p_callback_failed")
"""The outcomes of callbacks taken, as shares of the inbound attempts: figures only where
a department offers callbacks."""


def label(name: str) -> str:
    """The plain label of figure *name* (the name itself for a figure not registered)."""
    metric = FIGURES.get(name)
    return metric.label if metric is not None else name


def kind_of(name: str) -> Kind:
    """The kind of figure *name* (``count`` for a figure not registered)."""
    metric = FIGURES.get(name)
    return metric.kind if metric is not None else "count"


def is_share(name: str) -> bool:
    """Whether figure *name* is a share (between 0 and 1, shown as a percentage)."""
    metric = FIGURES.get(name)
    return metric is not None and metric.is_share


_COUNTED: dict[str, str] = {
    "inbound attempts": "inbound",
    "outbound attempts": "outbound",
    "callers": "callers",
    "callbacks offered": "callbacks_offered",
}


def counted_share_of(name: str) -> str | None:
    """For a share of counted things (attempts, callers): the count figure it divides.

    ``p_busy`` -> ``inbound``; ``p_caller_lost`` -> ``callers``. None for a figure that
    is not such a share (shares of time, such as occupancy, are not counts of events).
    """
    metric = FIGURES.get(name)
    if metric is None or metric.share_of is None:
        return None
    return _COUNTED.get(metric.share_of)
