"""The bandwidth of a VoIP call, and the calls an IP line's uplink and downlink carry.

The figures are checked three ways: against the published per-call tables (G.711 at
20 ms on Ethernet 87.2 kbit/s, G.729 31.2 kbit/s), against the issue's calls per uplink
(1 Mbit/s: 11 G.711 calls at 20 ms, 12 at 30 ms, 32 G.729 calls), and against a
calculation written here again, header by header, for every combination of codec,
packet time, link, IP version and SRTP. The engine then bounds the calls of an IP line
by what its links fit, and the busy share follows Erlang B with that count.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app
from teletraffic.erlang import erlang_b
from teletraffic.erlang.bandwidth import call_kbps, calls_that_fit
from teletraffic.errors import InputError, ScenarioError
from teletraffic.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parents[1]

# the frame each link puts around a packet, byte by byte (an independent reading)
ETHERNET = 6 + 6 + 2 + 4  # destination, source, type, FCS
FRAMES = {
    "ethernet": ETHERNET,
    "ethernet_vlan": ETHERNET + 4,  # 802.1Q tag
    "pppoe": ETHERNET + 6 + 2,  # PPPoE header, PPP protocol field
    "wifi": 2 + 2 + 6 + 6 + 6 + 2 + 2 + 8 + 4,  # 802.11 QoS data header, LLC/SNAP, FCS
}
SPEECH_KBPS = {"g711": 64, "g722": 64, "g729": 8, "opus": 20}


def by_hand(codec: str, ptime: int, link: str, ip: int, srtp: bool) -> float:
    """kbit/s of one call one way: bits of one packet x packets a second."""
    speech_bytes = SPEECH_KBPS[codec] * 1000 / 8 * ptime / 1000
    rtp, udp = 12, 8
    ip_header = 20 if ip == 4 else 40
    tag = 10 if srtp else 0
    packet_bits = 8 * (speech_bytes + rtp + udp + ip_header + tag + FRAMES[link])
    return packet_bits * (1000 / ptime) / 1000


@pytest.mark.parametrize(
    ("codec", "ptime", "link", "ip", "srtp"),
    list(itertools.product(SPEECH_KBPS, (10, 20, 30, 40), FRAMES, (4, 6), (False, True))),
)
def test_every_combination_matches_the_calculation_by_hand(
    codec: str, ptime: int, link: str, ip: int, srtp: bool
) -> None:
    got = call_kbps(codec, ptime=ptime, link=link, ip=ip, srtp=srtp)
    assert got == pytest.approx(by_hand(codec, ptime, link, ip, srtp), abs=0.05)


@pytest.mark.parametrize(
    ("codec", "ptime", "kbps"),
    [
        ("g711", 20, 87.2),  # the published per-call tables, Ethernet
        ("g729", 20, 31.2),
        ("g722", 20, 87.2),
        ("g711", 10, 110.4),  # 100 packets of 80 + 58 bytes
        ("g729", 30, 23.47),  # 33.3 packets of 30 + 58 bytes
    ],
)
def test_published_per_call_figures(codec: str, ptime: int, kbps: float) -> None:
    assert call_kbps(codec, ptime=ptime) == pytest.approx(kbps, abs=0.01)


def test_overheads_add_what_each_layer_adds() -> None:
    base = call_kbps("g711")
    # 50 packets a second: each extra byte per packet is 0.4 kbit/s
    assert call_kbps("g711", ip=6) - base == pytest.approx(20 * 0.4)
    assert call_kbps("g711", srtp=True) - base == pytest.approx(10 * 0.4)
    assert call_kbps("g711", link="ethernet_vlan") - base == pytest.approx(4 * 0.4)
    assert call_kbps("g711", link="pppoe") - base == pytest.approx(8 * 0.4)
    assert call_kbps("g711", link="wifi") - base == pytest.approx(20 * 0.4)
    assert call_kbps("opus", bitrate=32) == pytest.approx(32 + 58 * 0.4)
    assert call_kbps(None, bitrate=12.2, ptime=20) == pytest.approx(12.2 + 58 * 0.4)


@pytest.mark.parametrize(
    ("codec", "ptime", "calls"), [("g711", 20, 11), ("g711", 30, 12), ("g729", 20, 32)]
)
def test_calls_one_megabit_carries(codec: str, ptime: int, calls: int) -> None:
    assert calls_that_fit(1000, call_kbps(codec, ptime=ptime)) == calls


def test_a_link_that_fits_calls_exactly_fits_them_all() -> None:
    # 872 // 87.2 is 9.0 in floating point: ten calls of 87.2 kbit/s fit 872 kbit/s
    assert calls_that_fit(872, 87.2) == 10
    assert calls_that_fit(871.9, 87.2) == 9


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"codec": "g7"}, "codec must be one of"),
        ({"codec": "g711", "link": "adsl"}, "link must be one of"),
        ({"codec": "g711", "ip": 5}, "ip must be 4 or 6"),
        ({"codec": "g711", "ptime": 0}, "ptime must be"),
        ({"codec": None, "bitrate": 0}, "bitrate must be"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(InputError, match=words):
        call_kbps(**kwargs)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- the line


def ip_line(**fields: object) -> dict[str, object]:
    return {"name": "voip", "kind": "ip", "numbers": ["1"], "channels": 40, **fields}


def scenario(**fields: object) -> object:
    return scenario_from_dict(
        {
            "name": "x",
            "lines": [ip_line(**fields)],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
        }
    )


@pytest.mark.parametrize(
    ("fields", "capacity"),
    [
        ({}, 40),  # no link given: the channels
        ({"uplink_kbps": 1000}, 11),
        ({"uplink_kbps": 1000, "codec": {"name": "g711", "ptime": 30}}, 12),
        ({"uplink_kbps": 1000, "codec": "g729"}, 32),
        ({"downlink_kbps": 1000, "codec": "g729"}, 32),
        ({"uplink_kbps": 5000, "downlink_kbps": 500}, 5),  # the downlink is the bound
        ({"uplink_kbps": 500, "downlink_kbps": 5000}, 5),  # the uplink is
        ({"uplink_kbps": 1000, "codec": {"name": "g711", "srtp": True, "ip": 6}}, 10),  # 99.2 each
        ({"uplink_kbps": 1000, "codec": {"bitrate": 32, "ptime": 20}}, 18),
        ({"uplink_kbps": 1000, "codec": 100}, 10),  # kbit/s per call, overheads included
    ],
)
def test_uplink_and_downlink_each_bound_the_calls(fields: dict[str, object], capacity: int) -> None:
    assert scenario(**fields).lines[0].call_capacity == capacity  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"downlink_kbps": 50}, "lines[0].downlink_kbps", "does not fit one call of 87.2"),
        ({"codec": {"ptime": 20}}, "lines[0].codec", "give the codec's name"),
        ({"codec": {"name": "g711", "link": "adsl"}}, "lines[0].codec.link", "ethernet"),
        ({"codec": {"name": "g711", "ip": 5}}, "lines[0].codec.ip", "4"),
    ],
)
def test_bad_codecs_and_links_name_their_field(
    fields: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ScenarioError) as err:
        scenario(**fields)
    problems = {path: message for path, message, _ in err.value.problems}
    assert field in problems, problems
    assert words in problems[field]


def test_downlink_is_for_ip_lines() -> None:
    with pytest.raises(ScenarioError, match="downlink_kbps is for kind ip"):
        scenario_from_dict(
            {
                "name": "x",
                "lines": [
                    {"name": "m", "kind": "multichannel", "numbers": ["1"], "downlink_kbps": 500}
                ],
                "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 4, "talk": "3m"}],
            }
        )


def test_the_shipped_ip_scenario_keeps_its_five_calls() -> None:
    line = load_scenario(ROOT / "scenarios" / "ip.yaml").lines[0]
    assert (line.codec_kbps, line.call_capacity) == (87.2, 5)


def test_the_busy_share_follows_erlang_b_with_the_calls_the_downlink_fits() -> None:
    """40 channels and 1 Mbit/s up, but 300 kbit/s down fits 3 G.711 calls: 2 erlangs
    offered hear busy as Erlang B says for 3 lines, not for 2, 4 or 40."""
    import teletraffic as tt

    s = scenario_from_dict(
        {
            "name": "x",
            "period": {"hours": 60},
            "replications": 8,
            "seed": 11,
            "lines": [ip_line(uplink_kbps=1000, downlink_kbps=300)],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
        }
    )
    assert s.lines[0].call_capacity == 3
    result = tt.simulate(s)
    low, high = result.ci("p_busy", level=0.99)
    assert low <= erlang_b(3, 2.0) <= high
    for other in (2, 4, 40):
        assert not low <= erlang_b(other, 2.0) <= high
    assert result.value("peak_channels", "line:voip") == 3


# ----------------------------------------------------------------------------- the command


def test_the_bandwidth_command_answers_the_quick_question() -> None:
    runner = CliRunner()
    out = runner.invoke(
        app,
        [
            "erlang",
            "bandwidth",
            "--codec",
            "g711",
            "--ptime",
            "20",
            "--calls",
            "10",
            "--uplink",
            "1000",
            "--format",
            "csv",
        ],
    )
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "calls,kbps_per_call,kbps_each_way,fit_uplink",
        "10,87.2,872.0,True",
    ]
    table = runner.invoke(app, ["erlang", "bandwidth", "--codec", "g729", "--uplink", "1000"])
    assert "31.2 kbit/s per call" in table.output
    assert "fits 32 calls" in " ".join(table.output.split())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--codec", "g7"], "codec must be one of"),
        (["--ptime", "x"], "--ptime: 'x' is not a number"),
        (["--link", "adsl"], "link must be one of"),
        (["--uplink", "-5"], "--uplink"),
    ],
)
def test_the_bandwidth_command_refuses_bad_flags(args: list[str], words: str) -> None:
    out = CliRunner().invoke(app, ["erlang", "bandwidth", *args])
    assert out.exit_code == 2
    assert words in out.output
    assert "Traceback" not in out.output
