"""The parts of a scenario: lines, call streams, the PBX, departments, transfers,
conferences and the simulated period, each a frozen pydantic model that checks its own
fields (a rule between parts is :mod:`teletraffic.scenario.rules`').
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from teletraffic.erlang.bandwidth import CODEC_BITRATE_KBPS, call_kbps, calls_that_fit
from teletraffic.scenario.queues import (
    ASTERISK_STRATEGIES,
    FREESWITCH_STRATEGIES,
    RETRY_STRATEGIES,
    Overflow,
    StaffMember,
    Strategy,
)
from teletraffic.scenario.values import (
    MAX_CHANNELS,
    MAX_STAFF,
    Distribution,
    FixedDuration,
    Float,
    Int,
    Money,
    Name,
    Number,
    RandomDuration,
    RateOrProfile,
    Seconds,
    Share,
    Shifts,
    TimeOfDay,
    _Model,
    _no_time,
)
from teletraffic.scenario.words import _CrossFieldError, _hhmm, _short

# --------------------------------------------------------------------------- lines


BILLING_PATTERN = r"^\s*\d{1,4}\s*/\s*\d{1,4}\s*$"
"""How a provider rounds a call's duration: ``first/then`` seconds, e.g. ``60/60``."""


def _billing(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        if isinstance(value, bool) or value is not None:
            raise ValueError(f"should be first/then seconds such as 60/60, got {_short(value)}")
        return value
    first, sep, then = value.partition("/")
    if not sep or not first.strip().isdigit() or not then.strip().isdigit():
        raise ValueError(
            f"should be first/then seconds such as 60/60, 60/1, 1/1 or 30/6, got {_short(value)}"
        )
    a, b = int(first), int(then)
    if not 1 <= a <= 3600 or not 1 <= b <= 3600:
        raise ValueError(f"{value}: each part is 1..3600 seconds")
    return f"{a}/{b}"


Billing = Annotated[
    str, BeforeValidator(_billing), Field(pattern=BILLING_PATTERN, examples=["60/60"])
]


class LineTariff(_Model):
    """What an outside line costs. Money is in the scenario's currency.

    *billing* ``first/then`` says how the provider rounds each call: the first *first*
    seconds are charged whole, then every started *then* seconds (``60/60`` per started
    minute, ``60/1`` per second after the first minute, ``1/1`` per second, ``30/6``);
    left out, the exact duration is charged. *connection_fee* is charged per outbound
    call that connected. Outbound minutes free each month are ``included_minutes`` plus
    ``included_minutes_per_number`` x numbers plus ``included_minutes_per_channel`` x
    channels. *per_concurrent_call* prices the calls at once at the busiest moment
    (the peak of the simulated period; the line's channels when only an expectation is
    at hand), as some SIP trunks sell call paths by use rather than by channel.
    """

    monthly: Money = Field(default=0, description="subscription per month, per line")
    per_number: Money = Field(default=0, description="per number per month")
    per_channel: Money = Field(default=0, description="per channel per month")
    installation: Money = Field(default=0, description="one-off, spread over spread_months")
    spread_months: Int = Field(default=36, ge=1, le=600)
    per_minute_in: Money = 0
    per_minute_out: Money = 0
    included_minutes: Float = Field(
        default=0, ge=0, le=1e9, description="outbound minutes free per month"
    )
    included_minutes_per_number: Float = Field(
        default=0, ge=0, le=1e9, description="outbound minutes free per month, per number"
    )
    included_minutes_per_channel: Float = Field(
        default=0, ge=0, le=1e9, description="outbound minutes free per month, per channel"
    )
    billing: Billing | None = Field(
        default=None,
        description="rounding of each call, first/then seconds (60/60, 60/1, 1/1, 30/6); "
        "none: exact duration",
    )
    connection_fee: Money = Field(default=0, description="per outbound call that connected")
    per_concurrent_call: Money = Field(
        default=0, description="per month, per call at once at the busiest moment"
    )

    @property
    def increments(self) -> tuple[int, int] | None:
        """``(first, then)`` seconds of :attr:`billing`, or ``None``: exact duration."""
        if self.billing is None:
            return None
        first, then = self.billing.split("/")
        return int(first), int(then)


CodecName = Literal["g711", "g729", "g722", "opus"]
CODEC_KBPS: dict[str, float] = {name: call_kbps(name) for name in CODEC_BITRATE_KBPS}
"""Bandwidth of one call in each direction, kbit/s, at 20 ms on Ethernet over IPv4
(see :mod:`teletraffic.erlang.bandwidth`)."""


class Codec(_Model):
    """How an IP line carries a call's voice, for the bandwidth it takes each way.

    *name* a codec (``g711``, ``g722``, ``g729``, ``opus``) or *bitrate* its encoded
    speech in kbit/s (with a name: that codec at this rate, e.g. Opus at 32); *ptime*
    the packet time in ms; *link* the office's link (``ethernet``, ``ethernet_vlan``,
    ``pppoe``, ``wifi``); *ip* 4 or 6; *srtp* encrypted media. The bandwidth follows
    from first principles (:func:`teletraffic.erlang.bandwidth.call_kbps`).
    """

    name: CodecName | None = None
    bitrate: Float | None = Field(
        default=None, ge=1, le=10_000, description="kbit/s of encoded speech"
    )
    ptime: Float = Field(default=20, ge=2.5, le=120, description="packet time, ms")
    link: Literal["ethernet", "ethernet_vlan", "pppoe", "wifi"] = "ethernet"
    ip: Int = Field(default=4, description="IP version: 4 or 6")
    srtp: bool = False

    @field_validator("ip")
    @classmethod
    def _ip_version(cls, ip: int) -> int:
        if ip not in (4, 6):
            raise ValueError(f"the IP version is 4 or 6, got {ip}")
        return ip

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and self.bitrate is None:
            raise ValueError("give the codec's name (g711, g722, g729, opus) or its bitrate")
        return self

    @property
    def kbps(self) -> float:
        """Bandwidth of one call in each direction, kbit/s, with every overhead."""
        return call_kbps(
            self.name,
            ptime=self.ptime,
            link=self.link,
            ip=self.ip,
            srtp=self.srtp,
            bitrate=self.bitrate,
        )


def _codec_tag(value: Any) -> str:
    if isinstance(value, str):
        return "~codec-name"
    return "~codec-spec" if isinstance(value, Mapping | Codec) else "~codec-kbps"


CodecOrKbps = Annotated[
    Annotated[CodecName, Tag("~codec-name")]
    | Annotated[Float, Tag("~codec-kbps")]
    | Annotated[Codec, Tag("~codec-spec")],
    Discriminator(_codec_tag),
]


class Line(_Model):
    """An outside line: how calls reach the office and leave it.

    *kind*: ``landline`` (one city number, one conversation at a time), ``mobile`` (one
    channel, with *coverage* and *drop_rate*), ``multichannel`` (N channels on one or more
    numbers), ``ip`` (N channels by tariff, optionally bounded by the office's
    *uplink_kbps* and *downlink_kbps*: each carries ``floor(link / per-call bandwidth)``
    calls at once, the bandwidth of a call following from its *codec*).
    Inbound and outbound calls share the channels.
    """

    name: Name
    kind: Literal["landline", "mobile", "multichannel", "ip"]
    numbers: list[Number] = Field(min_length=1, max_length=1000)
    channels: Int = Field(default=1, ge=1, le=MAX_CHANNELS)
    tariff: LineTariff = LineTariff()
    coverage: Share = Field(default=1.0, description="mobile: share of calls that connect")
    drop_rate: Float = Field(
        default=0.0, ge=0, le=60, description="mobile: dropped calls per minute of talk"
    )
    uplink_kbps: Float | None = Field(
        default=None, gt=0, le=1e8, description="ip: office uplink, kbit/s"
    )
    downlink_kbps: Float | None = Field(
        default=None, gt=0, le=1e8, description="ip: office downlink, kbit/s"
    )
    codec: CodecOrKbps = Field(
        default="g711",
        description="ip: codec name, {name or bitrate, ptime, link, ip, srtp}, or kbit/s per "
        "call each way with every overhead",
    )

    @field_validator("numbers")
    @classmethod
    def _unique_numbers(cls, numbers: list[str]) -> list[str]:
        seen: set[str] = set()
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for i, n in enumerate(numbers):
            if n in seen:
                problems.append(((i,), f"number {_short(n)} is listed twice"))
            seen.add(n)
        if problems:
            raise _CrossFieldError(problems)
        return numbers

    @field_validator("codec")
    @classmethod
    def _codec(cls, codec: str | float) -> str | float:
        if isinstance(codec, float | int) and not 1 <= codec <= 10_000:
            raise ValueError(f"codec bandwidth {codec:g} kbit/s is out of 1..10000")
        return codec

    @model_validator(mode="after")
    def _kind_rules(self) -> Self:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.kind in ("landline", "mobile") and self.channels != 1:
            problems.append(
                (
                    ("channels",),
                    f"a {self.kind} line carries one conversation at a time, got "
                    f"{self.channels} channels; for more, use kind multichannel or ip, or "
                    "several lines",
                )
            )
        if self.kind != "mobile":
            if self.coverage != 1.0:
                problems.append((("coverage",), f"coverage is for kind mobile, not {self.kind}"))
            if self.drop_rate != 0.0:
                problems.append((("drop_rate",), f"drop_rate is for kind mobile, not {self.kind}"))
        for way in ("uplink", "downlink"):
            kbps = getattr(self, f"{way}_kbps")
            if kbps is None:
                continue
            if self.kind != "ip":
                problems.append(((f"{way}_kbps",), f"{way}_kbps is for kind ip, not {self.kind}"))
            elif calls_that_fit(kbps, self.codec_kbps) < 1:
                problems.append(
                    (
                        (f"{way}_kbps",),
                        f"an {way} of {kbps:g} kbit/s does not fit one call of "
                        f"{self.codec_kbps:g} kbit/s",
                    )
                )
        if problems:
            raise _CrossFieldError(problems)
        return self

    @property
    def codec_kbps(self) -> float:
        """Bandwidth one call takes in each direction (uplink and downlink), kbit/s."""
        if isinstance(self.codec, str):
            return CODEC_KBPS[self.codec]
        if isinstance(self.codec, Codec):
            return self.codec.kbps
        return float(self.codec)

    @property
    def codec_label(self) -> str:
        """The codec in words: ``g711``, ``g729 at 30 ms, pppoe, IPv6, SRTP``, ``48.5``."""
        c = self.codec
        if not isinstance(c, Codec):
            return f"{c:g}" if isinstance(c, float | int) else c
        name: str = c.name or "a codec"
        if c.bitrate is not None:
            name += f" of {c.bitrate:g} kbit/s"
        extra = [f"at {c.ptime:g} ms", c.link, f"IPv{c.ip}"] + (["SRTP"] if c.srtp else [])
        return f"{name} {', '.join(extra)}"

    @property
    def call_capacity(self) -> int:
        """How many calls fit at once: channels, bounded for IP by the uplink and the
        downlink, each carrying ``floor(kbit/s / codec_kbps)`` calls."""
        capacity = self.channels
        if self.kind == "ip":
            for kbps in (self.uplink_kbps, self.downlink_kbps):
                if kbps is not None:
                    capacity = min(capacity, calls_that_fit(kbps, self.codec_kbps))
        return capacity


# --------------------------------------------------------------------------- traffic


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


# --------------------------------------------------------------------------- PBX


class Hold(_Model):
    """The PBX hold queue. A caller on hold keeps a channel of the outside line.

    *max_callers* may be larger than the trunk can ever hold (channels - staff): that is
    legal, the trunk is the bound then.
    """

    max_callers: Int | None = Field(default=None, ge=0, le=MAX_CHANNELS)
    max_wait: Seconds | None = Field(default=None, description="then the caller is let go")
    music: bool = True


class PbxTariff(_Model):
    """What the PBX costs."""

    monthly: Money = 0
    per_user: Money = Field(default=0, description="per staff member per month")
    purchase: Money = Field(default=0, description="one-off, spread over spread_months")
    spread_months: Int = Field(default=36, ge=1, le=600)


class Pbx(_Model):
    """A PBX: *virtual* (in the cloud) or *office* (on site). Gives a hold queue."""

    kind: Literal["virtual", "office"]
    hold: Hold | None = Field(default=None, description="omit for no hold queue")
    tariff: PbxTariff = PbxTariff()
    max_transfers: Int = Field(
        default=10,
        ge=1,
        le=1000,
        description="transfers one call may go through; after that the person who has it "
        "ends it (a cap on cycles of transfers)",
    )


# --------------------------------------------------------------------------- departments


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


# --------------------------------------------------------------------------- period


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


# --------------------------------------------------------------------------- derived figures


def _handsets(lines: Sequence[Line]) -> list[Department]:
    # no departments: one handset per channel of each line. Built without validation,
    # since a line may have more channels (MAX_CHANNELS) than a department staff.
    return [
        Department.model_construct(name=line.name, staff=line.call_capacity, strategy="linear")
        for line in lines
    ]


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
