"""The call streams of a scenario: who calls which number, or dials out, how often and
for how long (:class:`Stream`), and who calls again after not getting through
(:class:`Redial`).
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import (
    ConfigDict,
    Field,
    model_validator,
)

from teletraffic.scenario.values import (
    Int,
    Name,
    Number,
    RandomDuration,
    RateOrProfile,
    Share,
    _Model,
    _no_time,
)
from teletraffic.scenario.words import _CrossFieldError

RedialOutcome = Literal["busy", "queue_full", "abandoned", "unanswered", "no_coverage", "dropped"]


class Redial(_Model):
    """Callers who did not get through call again, as a new attempt of the same caller."""

    probability: Share
    after: RandomDuration = Field(description="delay before the redial; bare = exponential mean")
    max_attempts: Int = Field(
        default=3, ge=1, le=100, description="attempts in all, the first included"
    )
    on: list[RedialOutcome] = Field(
        default=["busy", "queue_full", "abandoned", "unanswered", "no_coverage", "dropped"],
        max_length=100,
    )


class Stream(_Model):
    """A stream of calls: inbound (*dial* a number) or outbound (*from* a department).

    *calls_per_hour* is a constant rate or an hourly profile (``{"09": 20, "10": 45}``;
    hours left out have no calls). For outbound streams it is per person, while that
    person is free. *sources*: a finite number of callers (Engset); then
    *calls_per_hour* is the rate when all of them are idle.
    """

    name: Name
    dial: Number | None = Field(default=None, description="inbound: the number callers dial")
    from_: Name | None = Field(
        default=None, alias="from", description="outbound: the department whose staff dial out"
    )
    calls_per_hour: RateOrProfile
    talk: RandomDuration
    patience: RandomDuration | None = Field(
        default=None, description="how long a caller holds before hanging up; none = forever"
    )
    redial: Redial | None = None
    sources: Int | None = Field(
        default=None, ge=1, le=1_000_000, description="finite number of callers (Engset)"
    )
    line: Name | None = Field(default=None, description="outbound: line to dial out on")
    to: Name | None = Field(
        default=None,
        description="internal: the department called (with from); no outside channel is used",
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _direction(self) -> Self:
        if (self.dial is None) == (self.from_ is None):
            raise ValueError(
                "a stream needs exactly one of dial (inbound: the number callers dial) or "
                "from (outbound: the department that dials out)"
            )
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.from_ is not None and self.sources is not None:
            problems.append((("sources",), "sources is for inbound streams"))
        if self.dial is not None and self.line is not None:
            problems.append(
                (("line",), "line is for outbound streams; an inbound stream dials a number")
            )
        if self.to is not None and self.from_ is None:
            problems.append(
                (("to",), "to (an internal call) needs from: the department that calls")
            )
        if self.to is not None and self.line is not None:
            problems.append((("line",), "an internal call (to:) uses no outside line; remove line"))
        # parts the engine does not simulate: refused here, so that check and run agree
        if self.from_ is not None and self.redial is not None:
            problems.append(
                (("redial",), "redials of outbound calls are not simulated; remove redial")
            )
        if self.sources is not None and self.redial is not None:
            problems.append(
                (
                    ("redial",),
                    "redials of finite-source callers (sources) are not simulated; remove "
                    "redial or sources",
                )
            )
        if (why := _no_time(self.talk, "talk time")) is not None:
            problems.append((("talk",), why))
        if problems:
            raise _CrossFieldError(problems)
        return self

    @property
    def internal(self) -> bool:
        """True for calls between departments inside the office."""
        return self.to is not None

    @property
    def inbound(self) -> bool:
        """True for calls into the office."""
        return self.dial is not None

    def rate_at_hour(self, hour: int) -> float:
        """Calls per hour in the given hour of the day."""
        if isinstance(self.calls_per_hour, dict):
            return float(self.calls_per_hour.get(hour, 0.0))
        return float(self.calls_per_hour)

    @property
    def has_profile(self) -> bool:
        """True when the rate varies by hour of the day."""
        return isinstance(self.calls_per_hour, dict)

    @property
    def peak_rate(self) -> float:
        """Calls per hour in the busiest hour (the constant rate without a profile)."""
        if isinstance(self.calls_per_hour, dict):
            return max(self.calls_per_hour.values(), default=0.0)
        return float(self.calls_per_hour)

    @property
    def peak_erlangs(self) -> float:
        """Offered traffic in the busiest hour: calls per hour x mean talk / 3600.

        For an outbound stream this is per person.
        """
        return self.peak_rate * self.talk.expected / 3600.0
