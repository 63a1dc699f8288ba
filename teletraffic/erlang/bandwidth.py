"""Bandwidth of a voice call on an IP link, from first principles, and the calls a link fits.

A VoIP call sends a packet every *ptime* milliseconds in each direction. Each packet
carries *ptime* worth of encoded speech (the codec's *bitrate* x *ptime*) and the headers
that take it across the network: RTP (12 bytes), UDP (8), IP (20 for IPv4, 40 for IPv6),
the SRTP authentication tag when the media is encrypted (10 bytes, the default suite
``AES_CM_128_HMAC_SHA1_80`` of RFC 4568 / RFC 3711) and the frame of the link:

.. math::

    \\text{kbit/s per call, each way} = 8 \\,(\\text{payload} + 12 + 8 + \\text{IP}
    + \\text{SRTP} + \\text{link}) \\times \\frac{1000}{\\text{ptime}} / 1000,
    \\qquad \\text{payload} = \\frac{\\text{bitrate} \\times \\text{ptime}}{8}.

Link overheads per packet (bytes), counted as the usual VoIP bandwidth tables count them
(the frame on the wire, without Ethernet's preamble and inter-frame gap):

* ``ethernet``: header 14 + FCS 4 = 18;
* ``ethernet_vlan``: 18 + the 802.1Q tag 4 = 22;
* ``pppoe``: Ethernet 18 + PPPoE header 6 + PPP protocol 2 = 26 (DSL and many fibre
  uplinks);
* ``wifi``: 802.11 QoS data header 26 + LLC/SNAP 8 + FCS 4 = 38 (the frame only; the
  radio's preamble, acknowledgement and contention take air time on top).

So G.711 at 20 ms on Ethernet is ``8 x (160 + 12 + 8 + 20 + 18) x 50 = 87,200`` bit/s and
G.729 ``8 x (20 + 58) x 50 = 31,200`` bit/s: the 87.2 and 31.2 kbit/s of the published
per-call tables (for example the Bicom Systems "Codecs bandwidth" table,
support.bicomsystems.com, which repeats Cisco's per-call bandwidth figures).

Calls are symmetric: the same bandwidth flows up (office to provider) and down. An
uplink of *U* kbit/s fits ``floor(U / per_call)`` calls at once, and so does a downlink;
the smaller of the two, and of the channels the tariff sells, bounds the calls of an IP
line. 1 Mbit/s up fits 11 G.711 calls at 20 ms on Ethernet, 12 at 30 ms and 32 G.729
calls at 20 ms.

Codec bitrates (kbit/s of encoded speech): ``g711`` 64 (ITU-T G.711, PCMU/PCMA), ``g722``
64 (ITU-T G.722, wideband), ``g729`` 8 (ITU-T G.729), ``opus`` 20, the top of the
range RFC 7587 (section 3.1.1) recommends for wideband speech; Opus is variable, give
``bitrate`` for the rate your phones use.
"""

from __future__ import annotations

import math
from typing import Literal

from teletraffic.errors import InputError

__all__ = [
    "CODEC_BITRATE_KBPS",
    "IP_HEADER_BYTES",
    "LINK_OVERHEAD_BYTES",
    "RTP_UDP_BYTES",
    "SRTP_TAG_BYTES",
    "Link",
    "call_kbps",
    "calls_that_fit",
]

Link = Literal["ethernet", "ethernet_vlan", "pppoe", "wifi"]

CODEC_BITRATE_KBPS: dict[str, float] = {"g711": 64.0, "g722": 64.0, "g729": 8.0, "opus": 20.0}
"""Encoded speech of each codec, kbit/s, without any header."""

LINK_OVERHEAD_BYTES: dict[str, int] = {"ethernet": 18, "ethernet_vlan": 22, "pppoe": 26, "wifi": 38}
"""Bytes the link adds to each packet (see the module text)."""

IP_HEADER_BYTES: dict[int, int] = {4: 20, 6: 40}
"""IPv4 and IPv6 header, bytes."""

RTP_UDP_BYTES = 12 + 8
"""RTP header 12 bytes (RFC 3550) and UDP header 8 bytes."""

SRTP_TAG_BYTES = 10
"""SRTP authentication tag of ``AES_CM_128_HMAC_SHA1_80`` (RFC 3711, RFC 4568)."""


def call_kbps(
    codec: str | None = "g711",
    *,
    ptime: float = 20,
    link: str = "ethernet",
    ip: int = 4,
    srtp: bool = False,
    bitrate: float | None = None,
) -> float:
    """Bandwidth of one call in one direction, kbit/s, headers and link frame included.

    *codec* names one of :data:`CODEC_BITRATE_KBPS` (or is ``None`` when *bitrate* gives
    the encoded speech in kbit/s); *ptime* is the packet time in milliseconds; *link*
    one of :data:`LINK_OVERHEAD_BYTES`; *ip* 4 or 6; *srtp* adds the SRTP tag.

    >>> call_kbps("g711")
    87.2
    >>> call_kbps("g729")
    31.2
    >>> round(call_kbps("g711", ptime=30), 2)
    79.47
    """
    if bitrate is None:
        if codec not in CODEC_BITRATE_KBPS:
            known = ", ".join(CODEC_BITRATE_KBPS)
            raise InputError(f"codec must be one of {known} (or give a bitrate), got {codec!r}")
        bitrate = CODEC_BITRATE_KBPS[codec]
    if isinstance(bitrate, bool) or not math.isfinite(bitrate) or not 1 <= bitrate <= 10_000:
        raise InputError(f"bitrate must be 1..10000 kbit/s, got {bitrate!r}")
    if isinstance(ptime, bool) or not math.isfinite(ptime) or not 2.5 <= ptime <= 120:
        raise InputError(f"ptime must be 2.5..120 ms, got {ptime!r}")
    if link not in LINK_OVERHEAD_BYTES:
        known = ", ".join(LINK_OVERHEAD_BYTES)
        raise InputError(f"link must be one of {known}, got {link!r}")
    if ip not in IP_HEADER_BYTES:
        raise InputError(f"ip must be 4 or 6, got {ip!r}")
    payload = bitrate * ptime / 8.0  # bytes of speech per packet
    headers = RTP_UDP_BYTES + IP_HEADER_BYTES[ip] + LINK_OVERHEAD_BYTES[link]
    if srtp:
        headers += SRTP_TAG_BYTES
    packets_per_second = 1000.0 / ptime
    # rounded to a thousandth of a bit per second: 87.2 stays 87.2 in floating point
    return round(8.0 * (payload + headers) * packets_per_second / 1000.0, 6)


def calls_that_fit(link_kbps: float, per_call_kbps: float) -> int:
    """Calls at once that a link of *link_kbps* carries in one direction.

    >>> calls_that_fit(1000, call_kbps("g711"))
    11
    >>> calls_that_fit(1000, call_kbps("g729"))
    32
    """
    for name, value in (("link_kbps", link_kbps), ("per_call_kbps", per_call_kbps)):
        if isinstance(value, bool) or not math.isfinite(value) or value <= 0:
            raise InputError(f"{name} must be a positive number, got {value!r}")
    # a whisker of tolerance: 10 calls of 87.2 fit 872 kbit/s exactly
    return math.floor(link_kbps / per_call_kbps + 1e-9)
