"""The outside lines of a scenario: how calls reach the office and leave it.

A :class:`Line` is a city number, a mobile number, a multichannel line or IP telephony;
its :class:`LineTariff` says what it costs and how the provider rounds a call, and for IP
its :class:`Codec` says how much bandwidth a call takes each way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from teletraffic.erlang.bandwidth import CODEC_BITRATE_KBPS, call_kbps, calls_that_fit
from teletraffic.scenario.values import (
    MAX_CHANNELS,
    Float,
    Int,
    Money,
    Name,
    Number,
    Share,
    _Model,
)
from teletraffic.scenario.words import _CrossFieldError, _short

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
