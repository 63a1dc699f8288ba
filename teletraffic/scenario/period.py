"""The simulated period of a scenario (:class:`Period`): business days with opening
hours, or a steady state after a warm-up; and the calls a stream brings in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from teletraffic.scenario.traffic import Stream
from teletraffic.scenario.values import (
    Float,
    Int,
    Seconds,
    TimeOfDay,
    _Model,
)
from teletraffic.scenario.words import _CrossFieldError, _hhmm


class Period(_Model):
    """What time the simulation covers.

    Business days: ``{days: 5, open: "09:00", close: "18:00"}``: calls arrive in opening
    hours only. Steady state: ``{hours: 1000, warmup: 10h}``: a constant rate, figures
    measured after the warm-up; *month_hours* says how many hours a month that traffic
    runs, for costs (default 730: round the clock; 189 for 9 open hours on 21 days).
    """

    days: Int | None = Field(default=None, ge=1, le=3660)
    open: TimeOfDay = Field(default=9 * 3600.0, json_schema_extra={"default": "09:00"})
    close: TimeOfDay = Field(default=18 * 3600.0, json_schema_extra={"default": "18:00"})
    hours: Float | None = Field(default=None, gt=0, le=10_000_000)
    warmup: Seconds | None = None
    month_hours: Float | None = Field(
        default=None,
        gt=0,
        le=744,
        description="steady state: hours a month this traffic runs, for costs (default 730)",
    )

    @model_serializer(mode="wrap")
    def _only_its_kind(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Dump only the fields of its kind, so that a dump reads back."""
        data = handler(self)
        if isinstance(data, dict):
            drop = (
                ("open", "close", "days")
                if self.hours is not None
                else ("hours", "warmup", "month_hours")
            )
            for key in drop:
                data.pop(key, None)
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if self.days is None and self.hours is None:
            raise ValueError(
                "give days (business days: {days: 5}) or hours (steady state: {hours: 1000})"
            )
        if self.days is not None and self.hours is not None:
            raise ValueError(
                f"give days or hours, not both (days {self.days}, hours {self.hours:g})"
            )
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.days is not None:
            if self.close <= self.open:
                problems.append(
                    (
                        ("close",),
                        f"close ({_hhmm(self.close)}) must be after open ({_hhmm(self.open)})",
                    )
                )
            if self.warmup is not None:
                problems.append((("warmup",), "warmup is for steady-state runs ({hours: ...})"))
            if self.month_hours is not None:
                problems.append(
                    (
                        ("month_hours",),
                        "month_hours is for steady-state runs ({hours: ...}); business days "
                        "count 21 days a month of their opening hours",
                    )
                )
        else:
            for key in ("open", "close"):
                if key in self.model_fields_set:
                    problems.append(
                        ((key,), f"{key} is for business days ({{days: ...}}), not {{hours: ...}}")
                    )
        if problems:
            raise _CrossFieldError(problems)
        return self

    @property
    def steady(self) -> bool:
        """True for a steady-state run."""
        return self.hours is not None

    @property
    def warmup_seconds(self) -> float:
        """Warm-up of a steady-state run: given, or 5% of the run (at least 1 h)."""
        if self.hours is None:
            return 0.0
        if self.warmup is not None:
            return self.warmup
        return min(max(0.05 * self.hours * 3600.0, 3600.0), 0.5 * self.hours * 3600.0)

    @property
    def measured_seconds(self) -> float:
        """Time over which figures are measured: open hours, or the run after warm-up."""
        if self.hours is not None:
            return self.hours * 3600.0
        assert self.days is not None
        return self.days * (self.close - self.open)


def _expected_calls(period: Period, stream: Stream, staff: Mapping[str, int]) -> float:
    if period.hours is not None:
        hours = period.hours + period.warmup_seconds / 3600.0
        rate = stream.rate_at_hour(0)
    else:
        assert period.days is not None
        rate = 0.0
        for h in range(24):
            lo, hi = max(h * 3600.0, period.open), min((h + 1) * 3600.0, period.close)
            if hi > lo:
                rate += stream.rate_at_hour(h) * (hi - lo) / 3600.0
        hours = float(period.days)
    people = staff.get(stream.from_, 0) if stream.from_ is not None else 1
    return hours * rate * max(people, 1)


def _hour_is_open(period: Period, hour: int) -> bool:
    """True when some of the hour ``hour:00``..``hour+1:00`` is inside the opening hours."""
    return min((hour + 1) * 3600.0, period.close) > max(hour * 3600.0, period.open)
