"""``teletraffic erlang bandwidth``: what VoIP calls take of a link, each way.

A command of the ``erlang`` group (it shares its number readers); kept apart from the
traffic formulas because it answers another question: not how many calls there are, but
how many a link carries (:mod:`teletraffic.erlang.bandwidth`).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from teletraffic.cli.erlang import FormatOpt, _counts, _number, erlang_app
from teletraffic.cli.output import Format, print_rows, reports_errors

__all__ = ["bandwidth_command"]


@erlang_app.command("bandwidth")
@reports_errors
def bandwidth_command(
    codec: Annotated[
        str,
        typer.Option("--codec", help="g711, g722, g729 or opus (with --bitrate: its rate)."),
    ] = "g711",
    ptime: Annotated[str, typer.Option("--ptime", help="Packet time, ms: 10, 20, 30, 40.")] = "20",
    link: Annotated[
        str, typer.Option("--link", help="ethernet, ethernet_vlan, pppoe or wifi.")
    ] = "ethernet",
    ip: Annotated[str, typer.Option("--ip", help="IP version: 4 or 6.")] = "4",
    srtp: Annotated[bool, typer.Option("--srtp", help="Encrypted media (SRTP).")] = False,
    bitrate: Annotated[
        str | None,
        typer.Option("--bitrate", help="Encoded speech, kbit/s (a codec not listed, Opus)."),
    ] = None,
    calls: Annotated[
        list[str] | None,
        typer.Option("--calls", help="Calls at once: 10, a range 1..20, a list 5,10."),
    ] = None,
    uplink: Annotated[
        str | None, typer.Option("--uplink", help="Office uplink, kbit/s: calls it fits.")
    ] = None,
    downlink: Annotated[
        str | None, typer.Option("--downlink", help="Office downlink, kbit/s.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Bandwidth of VoIP calls each way, and how many calls an uplink fits.

    Payload + RTP/UDP/IP (+ SRTP) + link frame per packet, x packets per second; the same
    flows up and down. Example: teletraffic erlang bandwidth --codec g711 --ptime 20 --calls 10
    """
    from teletraffic.erlang.bandwidth import call_kbps, calls_that_fit

    rate = _number("--bitrate", bitrate, minimum=1, maximum=10_000) if bitrate else None
    ip_version = int(_number("--ip", ip, integer=True))
    per_call = call_kbps(
        codec.strip().lower().replace(".", ""),
        ptime=_number("--ptime", ptime),
        link=link.strip().lower(),
        ip=ip_version,
        srtp=srtp,
        bitrate=rate,
    )
    links = {
        name: _number(flag, text, minimum=1e-9)
        for name, flag, text in (
            ("uplink", "--uplink", uplink),
            ("downlink", "--downlink", downlink),
        )
        if text is not None
    }
    fits = {name: calls_that_fit(kbps, per_call) for name, kbps in links.items()}
    rows: list[dict[str, Any]] = []
    for n in _counts("--calls", calls or ["1"], minimum=1):
        row: dict[str, Any] = {
            "calls": n,
            "kbps_per_call": per_call,
            "kbps_each_way": round(n * per_call, 6),
        }
        for name in links:
            row[f"fit_{name}"] = n <= fits[name]
        rows.append(row)
    title = (
        f"{codec} at {ptime} ms on {link}, IPv{ip_version}{', SRTP' if srtp else ''}: "
        f"{per_call:g} kbit/s per call each way"
    )
    for name, kbps in links.items():
        title += f"; {name} {kbps:g} kbit/s fits {fits[name]} calls"
    print_rows(rows, fmt, title)
