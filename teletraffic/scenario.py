"""The scenario: how a business is called and how it calls out, as one validated object.

A scenario file (YAML) describes the outside lines (city numbers, mobile numbers,
multichannel lines, IP telephony), the traffic (who calls which number, how often,
for how long, how patient they are), the PBX and its hold queue, the departments and
their staff, and the routes from numbers to departments. :func:`load_scenario` reads
such a file into a frozen :class:`Scenario`; that object is the only thing the engine
reads. Every problem in a file is reported at once, each with its field path, the bad
value and the file line.

Units: durations are seconds inside (``"3m"`` in a file), shares are fractions
(``"2%"`` in a file), times of day are seconds after midnight (``"09:00"``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from teletraffic.errors import ScenarioError
from teletraffic.units import parse_duration, parse_share, parse_time_of_day

__all__ = [
    "MAX_CHANNELS",
    "MAX_STAFF",
    "Conference",
    "Department",
    "Distribution",
    "Hold",
    "Line",
    "LineTariff",
    "Pbx",
    "PbxTariff",
    "Period",
    "Redial",
    "Scenario",
    "Stream",
    "Transfer",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
    "scenario_from_dict",
    "scenario_schema",
]

MAX_CHANNELS = 100_000
MAX_STAFF = 10_000
MAX_CALLS_PER_RUN = 2_000_000_000
"""A scenario expected to simulate more calls than this in one run is refused."""


def _pydantic_value_error(parser: Any) -> Any:
    def validate(value: Any) -> Any:
        try:
            return parser(value)
        except ValueError as err:
            raise PydanticCustomError("unit", str(err)) from None

    return validate


Seconds = Annotated[
    float,
    BeforeValidator(_pydantic_value_error(parse_duration)),
    Field(json_schema_extra={"examples": ["90s", "3m", "1.5h", 180]}),
]
Share = Annotated[
    float,
    BeforeValidator(_pydantic_value_error(parse_share)),
    Field(json_schema_extra={"examples": ["2%", 0.02]}),
]
TimeOfDay = Annotated[
    float,
    BeforeValidator(_pydantic_value_error(parse_time_of_day)),
    PlainSerializer(lambda s: f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}", return_type=str),
    Field(json_schema_extra={"examples": ["09:00", "18:30"]}),
]
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\s/:][^/:]*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------- distributions

DistKind = Literal["exponential", "deterministic", "lognormal", "gamma", "uniform", "empirical"]


class Distribution(_Model):
    """A duration drawn at random: talk time, patience, wrap-up, redial delay.

    ``{mean: 3m}`` is exponential; ``{mean: 3m, dist: lognormal, cv: 0.8}`` has a
    coefficient of variation 0.8; ``{dist: uniform, min: 1m, max: 5m}``;
    ``{dist: empirical, values: [2m, 3m, 95s]}`` draws from observed values. A bare
    duration (``talk: 3m``) means exponential for talk, patience and redial delays, and
    fixed for wrap-up and pick-up delays.
    """

    dist: DistKind = "exponential"
    mean: Seconds | None = None
    cv: float | None = Field(default=None, ge=0, le=100, description="standard deviation / mean")
    min: Seconds | None = None
    max: Seconds | None = None
    values: list[Seconds] | None = Field(default=None, min_length=1, max_length=1_000_000)

    @model_validator(mode="after")
    def _check(self) -> Self:
        d = self.dist
        if d == "empirical":
            if not self.values:
                raise ValueError("dist empirical needs values: [observed durations]")
            if self.mean is not None or self.cv is not None:
                raise ValueError("dist empirical takes values only, not mean or cv")
            return self
        if self.values is not None:
            raise ValueError(f"values is only for dist empirical, not {d}")
        if d == "uniform":
            if self.mean is not None or self.cv is not None:
                raise ValueError("dist uniform takes min and max, not mean or cv")
            if self.min is None or self.max is None:
                raise ValueError("dist uniform needs min and max")
            if self.max < self.min:
                raise ValueError(f"max ({self.max:g}s) is below min ({self.min:g}s)")
            return self
        if self.min is not None or self.max is not None:
            raise ValueError(f"min and max are only for dist uniform, not {d}")
        if self.mean is None:
            raise ValueError(f"dist {d} needs a mean (e.g. mean: 3m)")
        if d in ("lognormal", "gamma"):
            if self.cv is None:
                raise ValueError(f"dist {d} needs cv (standard deviation / mean, e.g. 0.8)")
            if self.cv == 0:
                raise ValueError(f"dist {d} needs cv > 0; for a fixed time use dist deterministic")
        elif self.cv is not None and not (d == "exponential" and self.cv == 1):
            raise ValueError(f"cv is not used by dist {d}; use lognormal or gamma for a cv")
        return self

    @property
    def expected(self) -> float:
        """The mean of the distribution, in seconds."""
        if self.dist == "empirical":
            assert self.values is not None
            return math.fsum(self.values) / len(self.values)
        if self.dist == "uniform":
            assert self.min is not None and self.max is not None
            return (self.min + self.max) / 2
        assert self.mean is not None
        return self.mean

    def describe(self) -> str:
        """Short words: ``exponential, mean 3m``."""
        from teletraffic.units import format_duration as fd

        if self.dist == "empirical":
            assert self.values is not None
            return f"{len(self.values)} observed values, mean {fd(self.expected)}"
        if self.dist == "uniform":
            assert self.min is not None and self.max is not None
            return f"uniform {fd(self.min)}..{fd(self.max)}"
        extra = f", cv {self.cv:g}" if self.cv is not None and self.dist != "exponential" else ""
        return f"{self.dist}, mean {fd(self.expected)}{extra}"


def _bare_to(dist: str) -> Any:
    def convert(value: Any) -> Any:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return {"dist": dist, "mean": value}
        return value

    return convert


RandomDuration = Annotated[Distribution, BeforeValidator(_bare_to("exponential"))]
"""A distribution; a bare duration means exponential with that mean."""
FixedDuration = Annotated[Distribution, BeforeValidator(_bare_to("deterministic"))]
"""A distribution; a bare duration means exactly that long."""


# --------------------------------------------------------------------------- lines


class LineTariff(_Model):
    """What an outside line costs. Money is in the scenario's currency."""

    monthly: float = Field(default=0, ge=0, description="subscription per month, per line")
    per_number: float = Field(default=0, ge=0, description="per number per month")
    per_channel: float = Field(default=0, ge=0, description="per channel per month")
    installation: float = Field(default=0, ge=0, description="one-off, spread over spread_months")
    spread_months: int = Field(default=36, ge=1, le=600)
    per_minute_in: float = Field(default=0, ge=0)
    per_minute_out: float = Field(default=0, ge=0)
    included_minutes: float = Field(default=0, ge=0, description="outbound minutes free per month")


Codec = Literal["g711", "g729", "g722", "opus"]
CODEC_KBPS: dict[str, float] = {"g711": 87.2, "g722": 87.2, "g729": 31.2, "opus": 48.0}
"""Bandwidth of one call in each direction, kbit/s, with IP/UDP/RTP and Ethernet overhead."""


class Line(_Model):
    """An outside line: how calls reach the office and leave it.

    *kind*: ``landline`` (one city number, one conversation at a time), ``mobile`` (one
    channel, with *coverage* and *drop_rate*), ``multichannel`` (N channels on one or more
    numbers), ``ip`` (N channels by tariff, optionally bounded by the office *uplink*).
    Inbound and outbound calls share the channels.
    """

    name: Name
    kind: Literal["landline", "mobile", "multichannel", "ip"]
    numbers: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=1000
    )
    channels: int = Field(default=1, ge=1, le=MAX_CHANNELS)
    tariff: LineTariff = LineTariff()
    coverage: Share = Field(default=1.0, description="mobile: share of calls that connect")
    drop_rate: float = Field(
        default=0.0, ge=0, le=60, description="mobile: dropped calls per minute of talk"
    )
    uplink_kbps: float | None = Field(
        default=None, gt=0, le=1e8, description="ip: office uplink, kbit/s"
    )
    codec: Codec | float = Field(
        default="g711", description="ip: codec name or kbit/s per call (with overheads)"
    )

    @field_validator("numbers")
    @classmethod
    def _unique_numbers(cls, numbers: list[str]) -> list[str]:
        seen: set[str] = set()
        for n in numbers:
            if n in seen:
                raise ValueError(f"number {n!r} is listed twice")
            seen.add(n)
        return numbers

    @field_validator("codec")
    @classmethod
    def _codec(cls, codec: str | float) -> str | float:
        if isinstance(codec, float | int) and not 1 <= codec <= 10_000:
            raise ValueError(f"codec bandwidth {codec} kbit/s is out of 1..10000")
        return codec

    @model_validator(mode="after")
    def _kind_rules(self) -> Self:
        if self.kind in ("landline", "mobile") and self.channels != 1:
            raise ValueError(
                f"a {self.kind} line carries one conversation at a time (channels: 1, got "
                f"{self.channels}); for more, use kind multichannel or ip, or several lines"
            )
        if self.kind != "mobile" and (self.coverage != 1.0 or self.drop_rate != 0.0):
            raise ValueError("coverage and drop_rate are for kind mobile only")
        if self.kind != "ip" and self.uplink_kbps is not None:
            raise ValueError("uplink_kbps is for kind ip only")
        if self.kind == "ip" and self.uplink_kbps is not None and self.call_capacity < 1:
            raise ValueError(
                f"uplink_kbps {self.uplink_kbps:g} does not fit one call of "
                f"{self.codec_kbps:g} kbit/s"
            )
        return self

    @property
    def codec_kbps(self) -> float:
        """Bandwidth one call takes on the uplink, kbit/s."""
        return CODEC_KBPS[self.codec] if isinstance(self.codec, str) else float(self.codec)

    @property
    def call_capacity(self) -> int:
        """How many calls fit at once: channels, bounded by the uplink for IP."""
        if self.kind == "ip" and self.uplink_kbps is not None:
            return min(self.channels, int(self.uplink_kbps // self.codec_kbps))
        return self.channels


# --------------------------------------------------------------------------- traffic

HourKey = Annotated[int, Field(ge=0, le=23)]


def _hour_profile(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    out: dict[Any, Any] = {}
    for key, rate in value.items():
        k = key
        if isinstance(key, str):
            m = re.fullmatch(r"\s*(\d{1,2})(?::00)?\s*", key)
            if not m:
                raise PydanticCustomError(
                    "hour", "hour {key!r} is not an hour of the day; write e.g. '09'", {"key": key}
                )
            k = int(m[1])
        out[k] = rate
    return out


Rate = Annotated[float, Field(ge=0, le=1_000_000)]
HourlyRate = Annotated[dict[HourKey, Rate], BeforeValidator(_hour_profile)]


class Redial(_Model):
    """Callers who did not get through call again, as a new attempt of the same caller."""

    probability: Share
    after: RandomDuration = Field(description="delay before the redial; bare = exponential mean")
    max_attempts: int = Field(default=3, ge=1, le=100, description="attempts in all, the first included")
    on: list[Literal["busy", "queue_full", "abandoned", "unanswered", "no_coverage", "dropped"]] = [
        "busy",
        "queue_full",
        "abandoned",
        "unanswered",
        "no_coverage",
        "dropped",
    ]


class Stream(_Model):
    """A stream of calls: inbound (*dial* a number) or outbound (*from* a department).

    *calls_per_hour* is a constant rate or an hourly profile (``{"09": 20, "10": 45}``;
    hours left out have no calls). For outbound streams it is per person, while that
    person is free. *sources*: a finite number of callers (Engset); then
    *calls_per_hour* is the rate when all of them are idle.
    """

    name: Name
    dial: str | None = Field(default=None, description="inbound: the number callers dial")
    from_: str | None = Field(
        default=None, alias="from", description="outbound: the department whose staff dial out"
    )
    calls_per_hour: Rate | HourlyRate
    talk: RandomDuration
    patience: RandomDuration | None = Field(
        default=None, description="how long a caller holds before hanging up; none = forever"
    )
    redial: Redial | None = None
    sources: int | None = Field(
        default=None, ge=1, le=1_000_000, description="finite number of callers (Engset)"
    )
    line: str | None = Field(default=None, description="outbound: line to dial out on")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _direction(self) -> Self:
        if (self.dial is None) == (self.from_ is None):
            raise ValueError("a stream needs exactly one of dial (inbound) or from (outbound)")
        if self.from_ is not None and self.sources is not None:
            raise ValueError("sources is for inbound streams")
        if self.dial is not None and self.line is not None:
            raise ValueError("line is for outbound streams; an inbound stream dials a number")
        return self

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


# --------------------------------------------------------------------------- PBX


class Hold(_Model):
    """The PBX hold queue. A caller on hold keeps a channel of the outside line."""

    max_callers: int | None = Field(default=None, ge=0, le=MAX_CHANNELS)
    max_wait: Seconds | None = Field(default=None, description="then the caller is let go")
    music: bool = True


class PbxTariff(_Model):
    """What the PBX costs."""

    monthly: float = Field(default=0, ge=0)
    per_user: float = Field(default=0, ge=0, description="per staff member per month")
    purchase: float = Field(default=0, ge=0, description="one-off, spread over spread_months")
    spread_months: int = Field(default=36, ge=1, le=600)


class Pbx(_Model):
    """A PBX: *virtual* (in the cloud) or *office* (on site). Gives a hold queue."""

    kind: Literal["virtual", "office"]
    hold: Hold | None = Field(default=None, description="omit for no hold queue")
    tariff: PbxTariff = PbxTariff()


Strategy = Literal["ring_all", "round_robin", "linear", "longest_idle", "fewest_calls", "random"]


class Department(_Model):
    """A group of staff that answers calls, dials out, or both.

    *answers*: ``inbound`` (direct calls and transfers), ``transferred`` (only calls
    transferred to it), ``none`` (only dials out). *strategy*: who rings first.
    A rung person picks up with probability *pickup*, after *pickup_delay*; if nobody
    picks up within *ring_timeout* the next free person is tried.
    """

    name: Name
    staff: int = Field(ge=0, le=MAX_STAFF)
    answers: Literal["inbound", "transferred", "none"] = "inbound"
    strategy: Strategy = "ring_all"
    ring_timeout: Seconds = 20.0
    pickup: Share = Field(default=1.0, description="chance a rung person picks up")
    pickup_delay: FixedDuration = Distribution(dist="deterministic", mean=0.0)
    wrap_up: FixedDuration = Distribution(dist="deterministic", mean=0.0)
    line: str | None = Field(default=None, description="outbound: the line its staff dial out on")
    shifts: HourlyRate | None = Field(default=None, description="staff present per hour (optional)")

    @model_validator(mode="after")
    def _pickup(self) -> Self:
        if self.pickup == 0 and self.answers != "none" and self.staff > 0:
            raise ValueError("pickup 0% means nobody ever answers; use answers: none instead")
        return self


class Transfer(_Model):
    """A share of the calls a department answers is passed to another department."""

    from_: str = Field(alias="from")
    to: str
    share: Share
    mode: Literal["blind", "attended"] = "blind"
    consult: Seconds = 30.0
    talk: RandomDuration | None = Field(default=None, description="talk after the transfer")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Conference(_Model):
    """A share of answered calls become a conference of *people* participants."""

    share: Share
    people: int = Field(default=4, ge=3, le=100)
    duration: RandomDuration | None = None


class Period(_Model):
    """What time the simulation covers.

    Business days: ``{days: 5, open: "09:00", close: "18:00"}``: calls arrive in opening
    hours only. Steady state: ``{hours: 1000, warmup: 10h}``: a constant rate, figures
    measured after the warm-up.
    """

    days: int | None = Field(default=None, ge=1, le=3660)
    open: TimeOfDay = 9 * 3600.0
    close: TimeOfDay = 18 * 3600.0
    hours: float | None = Field(default=None, gt=0, le=10_000_000)
    warmup: Seconds | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if self.days is None and self.hours is None:
            raise ValueError("give days (business days) or hours (steady state)")
        if self.days is not None and self.hours is not None:
            raise ValueError("give days or hours, not both")
        if self.days is not None:
            if self.close <= self.open:
                raise ValueError("close must be after open")
            if self.warmup is not None:
                raise ValueError("warmup is for steady-state runs ({hours: ...})")
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


# --------------------------------------------------------------------------- scenario


class Scenario(_Model):
    """A whole set-up: lines, traffic, PBX, departments, routes, period and costs."""

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    period: Period = Period(days=5)
    replications: int = Field(default=20, ge=1, le=10_000)
    seed: int = Field(default=2026, ge=0, le=2**63 - 1)
    answer_time: Seconds = Field(default=20.0, description="service level: answered within this")
    lines: list[Line] = Field(min_length=1, max_length=1000)
    traffic: list[Stream] = Field(min_length=1, max_length=1000)
    pbx: Pbx | None = None
    departments: list[Department] | None = Field(default=None, min_length=1, max_length=1000)
    routes: dict[str, str] | None = None
    transfers: list[Transfer] = []
    conference: Conference | None = None
    lost_call_value: float = Field(default=0, ge=0, description="what a lost caller costs")
    staff_cost: float = Field(default=0, ge=0, description="monthly cost of one staff member")
    currency: str = Field(default="RUB", min_length=1, max_length=10)

    @model_validator(mode="after")
    def _cross_fields(self) -> Self:
        problems: list[tuple[tuple[str | int, ...], str]] = []

        def bad(loc: tuple[str | int, ...], msg: str) -> None:
            problems.append((loc, msg))

        line_names: dict[str, int] = {}
        number_line: dict[str, str] = {}
        for i, line in enumerate(self.lines):
            if line.name in line_names:
                bad(("lines", i, "name"), f"line name {line.name!r} is used twice")
            line_names[line.name] = i
            for j, num in enumerate(line.numbers):
                if num in number_line:
                    bad(
                        ("lines", i, "numbers", j),
                        f"number {num!r} already belongs to line {number_line[num]!r}; "
                        "a number belongs to exactly one line",
                    )
                else:
                    number_line[num] = line.name
        depts = self.effective_departments
        dept_index = {d.name: i for i, d in enumerate(depts)}
        if self.departments is not None:
            for i, d in enumerate(self.departments):
                if list(dept_index).count(d.name) and dept_index[d.name] != i:
                    bad(("departments", i, "name"), f"department name {d.name!r} is used twice")
                if d.line is not None and d.line not in line_names:
                    bad(("departments", i, "line"), f"no line named {d.line!r}")
        stream_names: set[str] = set()
        for i, s in enumerate(self.traffic):
            if s.name in stream_names:
                bad(("traffic", i, "name"), f"stream name {s.name!r} is used twice")
            stream_names.add(s.name)
            if s.dial is not None and s.dial not in number_line:
                bad(
                    ("traffic", i, "dial"),
                    f"number {s.dial!r} is not a number of any line "
                    f"(numbers: {', '.join(sorted(number_line)) or 'none'})",
                )
            if s.from_ is not None:
                if s.from_ not in dept_index:
                    bad(("traffic", i, "from"), f"no department named {s.from_!r}")
            if s.line is not None and s.line not in line_names:
                bad(("traffic", i, "line"), f"no line named {s.line!r}")
            if s.has_profile and self.period.steady:
                bad(
                    ("traffic", i, "calls_per_hour"),
                    "an hourly profile needs a business-day period ({days: ...}), "
                    "not a steady-state one",
                )
        if self.routes is not None:
            for num, dept in self.routes.items():
                if num not in number_line:
                    bad(("routes", num), f"{num!r} is not a number of any line")
                if dept not in dept_index:
                    bad(("routes", num), f"no department named {dept!r}")
                elif depts[dept_index[dept]].answers != "inbound":
                    bad(
                        ("routes", num),
                        f"department {dept!r} answers {depts[dept_index[dept]].answers}, "
                        "so it cannot take calls routed from a number",
                    )
        inbound_depts = [d.name for d in depts if d.answers == "inbound"]
        dialled = {s.dial for s in self.traffic if s.dial is not None}
        if self.departments is not None and self.routes is None and len(inbound_depts) != 1:
            for i, s in enumerate(self.traffic):
                if s.dial is not None:
                    bad(
                        ("traffic", i, "dial"),
                        f"number {s.dial!r} has no route: add routes: {{{s.dial!r}: DEPARTMENT}} "
                        f"(departments answering inbound: {', '.join(inbound_depts) or 'none'})",
                    )
                    break
        elif self.routes is not None and self.departments is not None:
            for i, s in enumerate(self.traffic):
                if s.dial is not None and s.dial not in self.routes and len(inbound_depts) != 1:
                    bad(("traffic", i, "dial"), f"number {s.dial!r} has no route in routes")
        del dialled
        for i, t in enumerate(self.transfers):
            for key, name in (("from", t.from_), ("to", t.to)):
                if name not in dept_index:
                    bad(("transfers", i, key), f"no department named {name!r}")
            if t.from_ == t.to:
                bad(("transfers", i, "to"), "a department cannot transfer to itself")
        if self.pbx is None:
            if self.transfers:
                bad(("transfers",), "transfers need a PBX (pbx: {kind: office})")
            if self.conference is not None:
                bad(("conference",), "conferences need a PBX (pbx: {kind: office})")
            for i, d in enumerate(self.departments or []):
                if d.answers == "transferred":
                    bad(
                        ("departments", i, "answers"),
                        "answering transferred calls needs a PBX (pbx: ...)",
                    )
        total = sum(self.expected_calls_per_replication(s) for s in self.traffic)
        if total * self.replications > MAX_CALLS_PER_RUN:
            bad(
                ("period",),
                f"this run would simulate about {total * self.replications:.3g} calls "
                f"(over {MAX_CALLS_PER_RUN:.0e}); shorten the period or lower replications",
            )
        if problems:
            raise _CrossFieldErrors(problems)
        return self

    # ---- derived views the engine reads

    @property
    def effective_departments(self) -> list[Department]:
        """The departments; with none given, one per line: one handset per channel."""
        if self.departments is not None:
            return list(self.departments)
        return [
            Department(name=line.name, staff=line.call_capacity, strategy="linear")
            for line in self.lines
        ]

    @property
    def effective_routes(self) -> dict[str, str]:
        """Number -> department, for every number dialled by an inbound stream."""
        depts = self.effective_departments
        if self.departments is None:
            return {num: line.name for line in self.lines for num in line.numbers}
        inbound = [d.name for d in depts if d.answers == "inbound"]
        routes = dict(self.routes or {})
        if len(inbound) == 1:
            for line in self.lines:
                for num in line.numbers:
                    routes.setdefault(num, inbound[0])
        return routes

    def line_of(self, number: str) -> Line:
        """The line a number belongs to."""
        for line in self.lines:
            if number in line.numbers:
                return line
        raise KeyError(number)

    def expected_calls_per_replication(self, stream: Stream) -> float:
        """Roughly how many attempts of *stream* one replication simulates (first attempts)."""
        p = self.period
        if p.hours is not None:
            hours = p.hours + p.warmup_seconds / 3600.0
            rate = stream.rate_at_hour(0)
        else:
            assert p.days is not None
            hours = 0.0
            rate = 0.0
            for h in range(24):
                lo, hi = max(h * 3600.0, p.open), min((h + 1) * 3600.0, p.close)
                if hi > lo:
                    rate += stream.rate_at_hour(h) * (hi - lo) / 3600.0
            hours, rate = float(p.days), rate
        people = 1
        if stream.from_ is not None:
            people = next(
                (d.staff for d in self.effective_departments if d.name == stream.from_), 0
            )
        return hours * rate * max(people, 1)


class _CrossFieldErrors(ValueError):
    """Carries several located problems out of a model validator."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{_path(loc)}: {m}" for loc, m in problems))


# --------------------------------------------------------------------------- loading


def _path(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _LineIndex:
    """Maps a field path of a YAML document to the line it stands on."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str | int, ...], int] = {}
        self.duplicates: list[tuple[tuple[str | int, ...], int]] = []

    def walk(self, node: yaml.Node, path: tuple[str | int, ...]) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key: str | int = key_node.value
                if key in seen:
                    self.duplicates.append((path + (key,), key_node.start_mark.line + 1))
                seen.add(key)
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                self.walk(value_node, path + (key,))
                self.lines[path + (key,)] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.walk(item, path + (i,))

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            # pydantic reports dict keys as str, YAML may hold them as other scalars
            alt = tuple(str(p) if isinstance(p, int) and False else p for p in loc)
            if alt in self.lines:
                return self.lines[alt]
            loc = loc[:-1]
        return self.lines.get((), None)


_RENAMED: dict[str, str] = {
    "calls_per_hr": "calls_per_hour",
    "chanels": "channels",
    "ring_time": "ring_timeout",
    "wrapup": "wrap_up",
}


def _friendly(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    msg = str(err.get("msg", "invalid"))
    value = err.get("input")
    if kind == "extra_forbidden":
        key = err["loc"][-1] if err.get("loc") else "?"
        hint = f"; did you mean {_RENAMED[key]!r}?" if key in _RENAMED else ""
        return f"unknown field {key!r}{hint}"
    if kind == "missing":
        return "is required"
    if kind in ("unit", "hour"):
        return msg
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "union_tag_invalid" or kind.startswith("literal_error"):
        return f"{msg}, got {value!r}"
    if isinstance(value, str | int | float | bool) or value is None:
        return f"{msg[0].lower() + msg[1:] if msg else msg}, got {value!r}"
    return msg[0].lower() + msg[1:] if msg else msg


def _clean_loc(loc: Sequence[Any]) -> tuple[str | int, ...]:
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (
            part.startswith(("function-", "tagged-union", "json-or-python"))
            or part in ("float", "int", "dict[int,float]", "constrained-float", "Distribution")
            or part.startswith("dict[")
            or part.startswith("list[")
        ):
            continue
        if part == "from_":
            part = "from"
        out.append(part)
    return tuple(out)


def _problems_from(err: ValidationError, index: _LineIndex | None) -> list[tuple[str, str, int | None]]:
    problems: list[tuple[str, str, int | None]] = []
    seen: set[tuple[str, str]] = set()
    for e in err.errors(include_url=False):
        ctx = e.get("ctx") or {}
        inner = ctx.get("error")
        loc = _clean_loc(e["loc"])
        if isinstance(inner, _CrossFieldErrors):
            for sub_loc, msg in inner.problems:
                full = loc + tuple(sub_loc)
                key = (_path(full), msg)
                if key not in seen:
                    seen.add(key)
                    problems.append((_path(full), msg, index.line_of(full) if index else None))
            continue
        msg = _friendly(e)
        key = (_path(loc), msg)
        if key in seen:
            continue
        seen.add(key)
        problems.append((_path(loc), msg, index.line_of(loc) if index else None))
    # a union (a rate or an hourly profile) reports each alternative: keep the specific one
    by_path: dict[str, int] = {}
    for path, _msg, _line in problems:
        by_path[path] = by_path.get(path, 0) + 1
    return [
        p
        for p in problems
        if by_path[p[0]] == 1 or not re.match(r"input should be a valid (dictionary|list)", p[1])
    ]


def scenario_from_dict(data: Mapping[str, Any], *, file: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from a dictionary (as read from YAML or JSON).

    Raises :class:`~teletraffic.errors.ScenarioError` listing every problem.
    """
    return _validate(data, file, None)


def _validate(data: Any, file: str | None, index: _LineIndex | None) -> Scenario:
    if not isinstance(data, Mapping):
        raise ScenarioError(
            [("", f"a scenario is a mapping of fields (name, lines, traffic, ...), got {type(data).__name__}", 1 if index else None)],
            file,
        )
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as err:
        raise ScenarioError(_problems_from(err, index), file) from None


def parse_scenario(text: str, *, file: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from YAML text; errors carry file lines."""
    where = file or "scenario"
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        raise ScenarioError([("", f"not valid YAML: {problem}", line)], where) from None
    if node is None:
        raise ScenarioError([("", "the file is empty", None)], where)
    index = _LineIndex()
    index.walk(node, ())
    if index.duplicates:
        raise ScenarioError(
            [(_path(p), "this field is given twice", line) for p, line in index.duplicates], where
        )
    return _validate(data, where, index)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (YAML, or JSON) into a validated :class:`Scenario`.

    Raises :class:`~teletraffic.errors.ScenarioError` naming each bad field, its value
    and its file line.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([("", "no such file", None)], str(path)) from None
    except IsADirectoryError:
        raise ScenarioError([("", "is a folder, not a scenario file", None)], str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError([("", "is not UTF-8 text", None)], str(path)) from None
    except OSError as err:
        raise ScenarioError([("", f"cannot be read: {err.strerror}", None)], str(path)) from None
    return parse_scenario(text, file=str(path))


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that :func:`parse_scenario` reads back to an equal object."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.setdefault("name", scenario.name)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def scenario_schema() -> str:
    """The JSON Schema of a scenario file, for editor completion."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema["title"] = "teletraffic scenario"
    return json.dumps(schema, indent=2)
