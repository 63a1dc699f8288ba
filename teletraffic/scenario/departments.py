"""The departments of a scenario: the staff who answer and dial out
(:class:`Department`), the calls they pass on (:class:`Transfer`) and the conferences
answered calls become (:class:`Conference`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal, Self

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from teletraffic.scenario.lines import Line
from teletraffic.scenario.queues import (
    ASTERISK_STRATEGIES,
    FREESWITCH_STRATEGIES,
    RETRY_STRATEGIES,
    Announce,
    Callback,
    Overflow,
    StaffMember,
    Strategy,
)
from teletraffic.scenario.values import (
    MAX_CHANNELS,
    MAX_STAFF,
    Distribution,
    FixedDuration,
    Int,
    Name,
    RandomDuration,
    Seconds,
    Share,
    Shifts,
    _Model,
    _no_time,
)
from teletraffic.scenario.words import _CrossFieldError, _short


class Department(_Model):
    """A group of staff that answers calls, dials out, or both.

    *answers*: ``inbound`` (direct calls and transfers), ``transferred`` (only calls
    transferred to it), ``none`` (only dials out). *strategy*: who rings first (see
    :mod:`teletraffic.engine.strategies` for every name and what it does).
    A rung person picks up with probability *pickup*, after *pickup_delay*; if nobody
    picks up within *ring_timeout* the next free person is tried, after *retry*.

    *staff* may be 0, also for a department that calls are routed to (a "nobody is in"
    what-if, or a sweep that starts at 0): its callers hear busy, ring out or hang up on
    hold. :func:`describe_scenario` warns about it. With *members* listed, *staff* may be
    left out: it is their number.
    """

    name: Name
    staff: Int = Field(ge=0, le=MAX_STAFF)
    answers: Literal["inbound", "transferred", "none"] = "inbound"
    strategy: Strategy = "ring_all"
    members: list[StaffMember] | None = Field(
        default=None,
        max_length=MAX_STAFF,
        description="the staff one by one, with an Asterisk penalty or a FreeSWITCH tier",
    )
    ring_timeout: Seconds = 20.0
    retry: Seconds | None = Field(
        default=None,
        description="pause after a ring nobody answered before the next member is rung "
        "(default: 5s for Asterisk's strategy names, none otherwise)",
    )
    ring_progressively_delay: Seconds = Field(
        default=10.0,
        description="ring-progressively: seconds before one more member joins the ringing",
    )
    pickup: Share = Field(default=1.0, description="chance a rung person picks up")
    pickup_delay: FixedDuration = Field(
        default=Distribution(dist="deterministic", mean=0.0), json_schema_extra={"default": "0s"}
    )
    wrap_up: FixedDuration = Field(
        default=Distribution(dist="deterministic", mean=0.0), json_schema_extra={"default": "0s"}
    )
    line: Name | None = Field(default=None, description="outbound: the line its staff dial out on")
    shifts: Shifts | None = Field(
        default=None,
        description="staff present per hour, e.g. {'09': 2, '13': 1}; an open hour left out has "
        "nobody on shift",
    )
    redirect: Name | None = Field(
        default=None,
        description="where calls go that nobody here picked up (another department)",
    )
    max_wait: Seconds | None = Field(
        default=None,
        description="longest a caller holds here before the PBX lets them go (instead of "
        "pbx.hold.max_wait)",
    )
    max_callers: Int | None = Field(
        default=None,
        ge=0,
        le=MAX_CHANNELS,
        description="callers this department's queue holds (instead of pbx.hold.max_callers)",
    )
    exit_to: Name | None = Field(
        default=None,
        description="where a caller the PBX lets go goes: hangup (the default; unanswered), "
        "voicemail (its own outcome), or another department",
    )
    overflow: Overflow | None = Field(
        default=None,
        description="after some time on hold, people of another department may take the caller",
    )
    join_empty: bool = Field(
        default=False,
        description="callers may join the queue while nobody is on shift (Asterisk joinempty)",
    )
    leave_when_empty: bool = Field(
        default=True,
        description="callers on hold are let go when the last person goes off shift "
        "(Asterisk leavewhenempty)",
    )
    callback: Callback | None = Field(
        default=None,
        description="virtual hold: offer callers facing a long wait a callback",
    )
    announce: Announce | None = Field(
        default=None,
        description="periodic announcements of position and estimated wait to callers on hold",
    )
    wait_estimate: Literal["position", "asterisk"] = Field(
        default="position",
        description="how the PBX estimates a caller's wait for callbacks and announcements: "
        "position (place in the queue x average handle time / people on shift) or asterisk "
        "(app_queue's moving average of recent waits, less the time already waited)",
    )

    @model_validator(mode="before")
    @classmethod
    def _staff_from_members(cls, data: Any) -> Any:
        if isinstance(data, dict) and "staff" not in data and isinstance(data.get("members"), list):
            return {**data, "staff": len(data["members"])}
        return data

    @property
    def retry_seconds(self) -> float:
        """The pause after a ring nobody answered: given, or the strategy's default."""
        if self.retry is not None:
            return self.retry
        return 5.0 if self.strategy in RETRY_STRATEGIES else 0.0

    @field_validator("shifts")
    @classmethod
    def _whole_people(
        cls, shifts: dict[int, float] | None, info: ValidationInfo
    ) -> dict[int, float] | None:
        # a field rule (staff is read when valid), so that it is reported with the others
        staff, name = info.data.get("staff"), info.data.get("name")
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for hour, people in sorted((shifts or {}).items()):
            where = (f"{hour:02d}",)
            if people < 0:
                problems.append((where, f"{people:g} is negative; a number of people is >= 0"))
            elif people != math.floor(people):
                problems.append((where, f"{people:g} is not a whole number of people"))
            elif staff is not None and people > staff:
                who = f"department {_short(name)}" if name else "the department"
                problems.append(
                    (
                        where,
                        f"{people:g} people on shift at {hour:02d}:00, but {who} has {staff} staff",
                    )
                )
            elif people > MAX_STAFF:
                problems.append((where, f"{people:g} people is more than {MAX_STAFF:,}"))
        if problems:
            raise _CrossFieldError(problems)
        return shifts

    @model_validator(mode="after")
    def _pickup(self) -> Self:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.pickup == 0 and self.answers != "none" and self.staff > 0:
            problems.append(
                (("pickup",), "pickup 0% means nobody ever answers; use answers: none instead")
            )
        if self.ring_timeout < 1.0:
            problems.append(
                (
                    ("ring_timeout",),
                    f"ring_timeout must be at least 1s (a PBX rings a member for whole "
                    f"seconds), got {self.ring_timeout:g}s",
                )
            )
        problems += self._member_rules()
        if problems:
            raise _CrossFieldError(problems)
        return self

    def _member_rules(self) -> list[tuple[tuple[str | int, ...], str]]:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        members = self.members or []
        if self.members is not None and len(members) != self.staff:
            problems.append(
                (
                    ("members",),
                    f"{len(members)} members listed but staff is {self.staff}; leave staff "
                    "out to count the members",
                )
            )
        penalised = any(m.penalty for m in members)
        tiered = any(m.level is not None or m.position is not None for m in members)
        if penalised and tiered:
            problems.append(
                (
                    ("members",),
                    "give members a penalty (Asterisk) or a tier level/position "
                    "(FreeSWITCH), not both",
                )
            )
        elif penalised and self.strategy not in ASTERISK_STRATEGIES:
            problems.append(
                (
                    ("strategy",),
                    f"member penalties are Asterisk's; strategy {self.strategy!r} is not an "
                    f"Asterisk strategy ({', '.join(ASTERISK_STRATEGIES)})",
                )
            )
        elif tiered and self.strategy not in FREESWITCH_STRATEGIES:
            problems.append(
                (
                    ("strategy",),
                    f"tier levels and positions are FreeSWITCH's; strategy {self.strategy!r} "
                    f"is not a FreeSWITCH strategy ({', '.join(FREESWITCH_STRATEGIES)})",
                )
            )
        if self.retry is not None and 0 < self.retry < 1.0:
            problems.append((("retry",), f"retry must be 0s or at least 1s, got {self.retry:g}s"))
        if self.max_wait is not None and self.max_wait < 1.0:
            problems.append(
                (("max_wait",), f"max_wait must be at least 1s, got {self.max_wait:g}s")
            )
        if self.overflow is not None and self.overflow.to == self.name:
            problems.append((("overflow", "to"), "a department cannot overflow to itself"))
        if self.announce is not None and self.announce.every < 10.0:
            problems.append(
                (
                    ("announce", "every"),
                    f"announcements at least 10s apart, got {self.announce.every:g}s",
                )
            )
        if self.callback is not None:
            problems += _callback_rules(self.callback)
        if self.exit_to == self.name:
            problems.append((("exit_to",), "a department cannot send callers it lets go to itself"))
        if self.strategy == "ring-progressively" and self.ring_progressively_delay < 1.0:
            problems.append(
                (
                    ("ring_progressively_delay",),
                    f"ring_progressively_delay must be at least 1s, got "
                    f"{self.ring_progressively_delay:g}s",
                )
            )
        return problems


def _callback_rules(cb: Callback) -> list[tuple[tuple[str | int, ...], str]]:
    """A callback rings whole seconds, and a retry is no storm of tries."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for key, least in (("ring", 1.0), ("answer_after", 0.0), ("retry_after", 10.0)):
        value = getattr(cb, key)
        if value < least:
            problems.append(
                (("callback", key), f"{key} must be at least {least:g}s, got {value:g}s")
            )
    if cb.reached > 0 and cb.answer_after > cb.ring:
        problems.append(
            (
                ("callback", "answer_after"),
                f"answer_after {cb.answer_after:g}s is longer than ring {cb.ring:g}s: the PBX "
                "would give up first",
            )
        )
    return problems


class Transfer(_Model):
    """A share of the calls a department answers is passed to another department."""

    from_: Name = Field(alias="from")
    to: Name
    share: Share
    mode: Literal["blind", "attended"] = "blind"
    consult: Seconds = 30.0
    talk: RandomDuration | None = Field(default=None, description="talk after the transfer")
    when_busy: Literal["queue", "ring_back"] = Field(
        default="queue",
        description="nobody free there: wait in its hold queue, or ring back to the first person",
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _talks(self) -> Self:
        if (why := _no_time(self.talk, "talk time")) is not None:
            raise _CrossFieldError([(("talk",), why)])
        return self


class Conference(_Model):
    """A share of answered calls become a conference.

    *people* extensions join it (the person who answered and colleagues who are free,
    from the same department first), besides the caller; *outside* more participants
    are dialled in from outside, each taking a channel of the caller's line while one
    is free. It lasts *duration* (the call's own talk time when not given).
    """

    share: Share
    people: Int = Field(default=4, ge=2, le=100, description="extensions in the conference")
    outside: Int = Field(
        default=0, ge=0, le=100, description="outside participants dialled in, one channel each"
    )
    duration: RandomDuration | None = None

    @model_validator(mode="after")
    def _lasts(self) -> Self:
        if (why := _no_time(self.duration, "duration")) is not None:
            raise _CrossFieldError([(("duration",), why)])
        return self


def _handsets(lines: Sequence[Line]) -> list[Department]:
    # no departments: one handset per channel of each line. Built without validation,
    # since a line may have more channels (MAX_CHANNELS) than a department staff.
    return [
        Department.model_construct(name=line.name, staff=line.call_capacity, strategy="linear")
        for line in lines
    ]
