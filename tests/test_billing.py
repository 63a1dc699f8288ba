"""Bills as providers bill: increments, connection fees, bundles, concurrent calls.

Every call is rounded from its simulated duration: with 60/60 billing a short-call
office pays, to the kopeck, what its call log says the rounding adds. Every term of the
money formula is pinned by hand, and a test changes each priced field of a tariff in
turn and expects the bill to move: a term dropped from :func:`teletraffic.costs.charge`
fails it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import teletraffic as tt
from teletraffic.costs import (
    CallDurations,
    LineBill,
    SetUp,
    Usage,
    billed_seconds,
    charge,
    month_scale,
    monthly_costs,
)
from teletraffic.errors import ScenarioError
from teletraffic.scenario import LineTariff, PbxTariff, Scenario, scenario_from_dict


@pytest.mark.parametrize(
    ("billing", "seconds", "billed"),
    [
        ("60/60", [1, 59, 60, 61, 119, 120, 121], [60, 60, 60, 120, 120, 120, 180]),
        ("60/1", [1, 59, 60, 61, 119, 121], [60, 60, 60, 61, 119, 121]),
        ("1/1", [1, 59, 61, 3600], [1, 59, 61, 3600]),
        ("30/6", [1, 30, 31, 36, 37, 61], [30, 30, 36, 36, 42, 66]),
    ],
)
def test_billing_increments_round_as_providers_round(
    billing: str, seconds: list[int], billed: list[int]
) -> None:
    first, then = LineTariff(billing=billing).increments  # type: ignore[misc]
    assert billed_seconds(np.array(seconds), first, then).tolist() == billed
    assert [billed_seconds(s, first, then) for s in seconds] == billed


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("60", "should be first/then seconds"),
        ("0/60", "each part is 1..3600 seconds"),
        ("60/a", "should be first/then seconds"),
        (60, "should be first/then seconds"),
    ],
)
def test_a_bad_billing_names_the_field(value: object, words: str) -> None:
    spec = short_calls("1/1")
    spec["lines"][0]["tariff"]["billing"] = value
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(spec)
    [(path, message, _)] = err.value.problems
    assert path == "lines[0].tariff.billing"
    assert words in message


# ----------------------------------------------------------------------------- by hand


def bill(**tariff: Any) -> LineBill:
    return LineBill("main", LineTariff(**tariff), numbers=2, channels=3)


def usage(**extra: Any) -> Usage:
    # two outbound calls of 10 s and 70 s, one inbound of 125 s: minutes exact
    base: dict[str, Any] = {
        "minutes_in": {"main": 125 / 60},
        "minutes_out": {"main": 80 / 60},
        "lost_callers": 0.0,
        "calls_in": {"main": CallDurations(np.array([125]), np.array([1.0]))},
        "calls_out": {"main": CallDurations(np.array([10, 70]), np.array([1.0, 1.0]))},
        "peak_calls": {"main": 2.0},
    }
    base.update(extra)
    return Usage(**base)


def usage_money(line: LineBill, use: Usage | None = None) -> float:
    setup = SetUp(lines=(line,), pbx=None, staff=0, staff_cost=0.0, lost_call_value=0.0)
    return float(charge(setup, use or usage())["usage"])


def test_exact_minutes_without_billing() -> None:
    assert usage_money(bill(per_minute_in=6, per_minute_out=3)) == pytest.approx(
        6 * 125 / 60 + 3 * 80 / 60
    )


def test_per_started_minute() -> None:
    # in: 125 s -> 3 minutes; out: 10 s -> 1, 70 s -> 2
    assert usage_money(bill(per_minute_in=6, per_minute_out=3, billing="60/60")) == 6 * 3 + 3 * 3


def test_per_second_after_the_first_minute() -> None:
    # in: 125 s; out: 10 s -> 60, 70 s -> 70
    got = usage_money(bill(per_minute_in=6, per_minute_out=3, billing="60/1"))
    assert got == pytest.approx(6 * 125 / 60 + 3 * 130 / 60)


def test_thirty_then_six() -> None:
    # in: 125 s -> 30 + 16 x 6 = 126; out: 10 -> 30, 70 -> 72
    got = usage_money(bill(per_minute_in=6, per_minute_out=3, billing="30/6"))
    assert got == pytest.approx(6 * 126 / 60 + 3 * 102 / 60)


def test_connection_fee_per_outbound_call() -> None:
    assert usage_money(bill(connection_fee=2.5)) == 5.0


def test_included_minutes_per_line_number_and_channel() -> None:
    # 3 billed minutes out (60/60); 0.5 + 0.25 x 2 numbers + 0.5 x 3 channels = 2.5 free
    t = {"per_minute_out": 10, "billing": "60/60"}
    assert usage_money(bill(**t)) == 30.0
    assert usage_money(bill(**t, included_minutes=0.5)) == 25.0
    assert usage_money(bill(**t, included_minutes_per_number=0.25)) == 25.0
    assert usage_money(bill(**t, included_minutes_per_channel=0.5)) == 15.0
    assert (
        usage_money(
            bill(
                **t,
                included_minutes=0.5,
                included_minutes_per_number=0.25,
                included_minutes_per_channel=0.5,
            )
        )
        == 5.0
    )
    assert usage_money(bill(**t, included_minutes=99)) == 0.0


def test_concurrent_calls_priced_at_the_peak_or_the_channels() -> None:
    assert usage_money(bill(per_concurrent_call=400)) == 800.0  # the peak: 2 calls
    assert usage_money(bill(per_concurrent_call=400), usage(peak_calls={})) == 1200.0


def test_without_call_lengths_the_exact_minutes_are_charged() -> None:
    plain = usage(calls_in={}, calls_out={})
    t = bill(per_minute_in=6, per_minute_out=3, billing="60/60", connection_fee=1)
    assert usage_money(t, plain) == pytest.approx(6 * 125 / 60 + 3 * 80 / 60)


def test_replications_are_charged_row_by_row() -> None:
    use = usage(
        minutes_out={"main": np.array([80 / 60, 0.0])},
        calls_out={"main": CallDurations(np.array([10, 70]), np.array([[1.0, 1.0], [0.0, 0.0]]))},
        minutes_in={},
        calls_in={},
    )
    setup = SetUp(
        lines=(bill(per_minute_out=3, billing="60/60", connection_fee=1),),
        pbx=None,
        staff=0,
        staff_cost=0.0,
        lost_call_value=0.0,
    )
    assert charge(setup, use)["usage"].tolist() == [3 * 3 + 2, 0.0]


# ----------------------------------------------------------------------------- every term

PRICED_LINE_FIELDS: dict[str, Any] = {
    "monthly": 100.0,
    "per_number": 10.0,
    "per_channel": 20.0,
    "installation": 360.0,
    "spread_months": 12,
    "per_minute_in": 2.0,
    "per_minute_out": 5.0,
    "included_minutes": 1.0,
    "included_minutes_per_number": 0.5,
    "included_minutes_per_channel": 0.25,
    "billing": "60/60",
    "connection_fee": 1.5,
    "per_concurrent_call": 300.0,
}
"""A value for each field of a line tariff, every one of them changing the bill."""

PRICED_PBX_FIELDS: dict[str, Any] = {
    "monthly": 900.0,
    "per_user": 300.0,
    "purchase": 7200.0,
    "spread_months": 24,
}


def total(line: LineTariff, pbx: PbxTariff, **setup: Any) -> float:
    fields = {"staff": 3, "staff_cost": 1000.0, "lost_call_value": 50.0, **setup}
    s = SetUp(lines=(LineBill("main", line, 2, 3),), pbx=pbx, **fields)
    return float(charge(s, usage(lost_callers=4.0))["total"])


def test_every_priced_field_is_listed_here() -> None:
    assert set(PRICED_LINE_FIELDS) == set(LineTariff.model_fields)
    assert set(PRICED_PBX_FIELDS) == set(PbxTariff.model_fields)


@pytest.mark.parametrize("name", sorted(PRICED_LINE_FIELDS))
def test_each_line_tariff_field_moves_the_bill(name: str) -> None:
    full = LineTariff(**PRICED_LINE_FIELDS)
    without = {k: v for k, v in PRICED_LINE_FIELDS.items() if k != name}
    pbx = PbxTariff(**PRICED_PBX_FIELDS)
    assert total(LineTariff(**without), pbx) != total(full, pbx), name


@pytest.mark.parametrize("name", sorted(PRICED_PBX_FIELDS))
def test_each_pbx_tariff_field_moves_the_bill(name: str) -> None:
    line = LineTariff(**PRICED_LINE_FIELDS)
    without = {k: v for k, v in PRICED_PBX_FIELDS.items() if k != name}
    assert total(line, PbxTariff(**without)) != total(line, PbxTariff(**PRICED_PBX_FIELDS)), name


@pytest.mark.parametrize(("name", "zero"), [("staff_cost", 0.0), ("lost_call_value", 0.0)])
def test_people_and_lost_callers_move_the_bill(name: str, zero: float) -> None:
    line, pbx = LineTariff(**PRICED_LINE_FIELDS), PbxTariff(**PRICED_PBX_FIELDS)
    assert total(line, pbx, **{name: zero}) != total(line, pbx)


def test_the_whole_bill_by_hand() -> None:
    money = charge(
        SetUp(
            lines=(LineBill("main", LineTariff(**PRICED_LINE_FIELDS), 2, 3),),
            pbx=PbxTariff(**PRICED_PBX_FIELDS),
            staff=3,
            staff_cost=1000.0,
            lost_call_value=50.0,
        ),
        usage(lost_callers=4.0),
    )
    line_fixed = 100 + 10 * 2 + 20 * 3 + 360 / 12
    pbx_fixed = 900 + 300 * 3 + 7200 / 24
    # in: 125 s -> 3 min at 2; out: 1 + 2 = 3 min, 1 + 0.5 x 2 + 0.25 x 3 = 2.75 free, at 5
    calls = 2 * 3 + 5 * (3 - 2.75) + 1.5 * 2 + 300 * 2
    assert money["fixed"] == pytest.approx(line_fixed + pbx_fixed)
    assert money["usage"] == pytest.approx(calls)
    assert money["lost_calls"] == 200.0
    assert money["staff"] == 3000.0
    assert money["total"] == pytest.approx(line_fixed + pbx_fixed + calls + 200 + 3000)


# ----------------------------------------------------------------------------- simulated


def short_calls(billing: str | None) -> dict[str, Any]:
    tariff: dict[str, Any] = {"per_minute_in": 0.5, "per_minute_out": 2.0, "connection_fee": 0.3}
    if billing is not None:
        tariff["billing"] = billing
    return {
        "name": "short calls",
        "period": {"hours": 20},
        "replications": 3,
        "seed": 5,
        "lines": [
            {
                "name": "main",
                "kind": "multichannel",
                "numbers": ["1"],
                "channels": 4,
                "tariff": tariff,
            }
        ],
        "traffic": [
            {"name": "clients", "dial": "1", "calls_per_hour": 20, "talk": "40s"},
            {"name": "dialling", "from": "sales", "calls_per_hour": 15, "talk": "25s"},
        ],
        "pbx": {"kind": "virtual"},
        "departments": [
            {"name": "desk", "staff": 2},
            {"name": "sales", "staff": 2, "answers": "none"},
        ],
        "routes": {"1": "desk"},
    }


def run(billing: str | None) -> tuple[Scenario, Any]:
    s = scenario_from_dict(short_calls(billing))
    return s, tt.simulate(s, call_log=True)


def rounding_from_the_log(calls: Any, first: int, then: int, scenario: Scenario) -> list[float]:
    """What *first/then* billing adds to per-second billing, a month, by replication."""
    talked = calls[calls["measured"] & (calls["talk"] > 0)]
    out = []
    for r in range(scenario.replications):
        rows = talked[talked["replication"] == r]
        money = 0.0
        for rate, way in ((0.5, "in"), (2.0, "out")):
            whole = np.ceil(rows.loc[rows["direction"] == way, "talk"].to_numpy()).astype(int)
            extra = billed_seconds(whole, first, then) - whole
            money += rate * extra.sum() / 60
        out.append(money * month_scale(scenario))
    return out


def test_per_started_minute_costs_what_the_call_log_says_it_adds() -> None:
    s60, r60 = run("60/60")
    s1, r1 = run("1/1")
    assert r60.calls.equals(r1.calls)  # billing does not change a call: same seed, same calls
    gap = (monthly_costs(s60, r60)["usage"] - monthly_costs(s1, r1)["usage"]).tolist()
    expected = rounding_from_the_log(r60.calls, 60, 60, s60)
    assert gap == pytest.approx(expected, rel=1e-12)
    assert min(expected) > 0
    # short calls: the rounding is a large part of the bill (calls average 25-40 s)
    per_second = monthly_costs(s1, r1)["usage"].mean()
    assert 0.3 < float(np.mean(gap)) / per_second < 2.0


def test_the_calls_by_length_add_up_to_the_talk_minutes() -> None:
    s, result = run(None)
    for r, rep in enumerate(result.call_seconds):
        for stream in s.traffic:
            way = "in" if stream.inbound else "out"
            calls = rep[(stream.name, way)]
            minutes = result.replications[(f"talk_minutes_{way}", f"stream:{stream.name}")][r]
            whole = sum(sec * n for sec, n in calls.items()) / 60
            # each call rounds up by less than a second
            assert minutes <= whole < minutes + sum(calls.values()) / 60
            talked = result.calls[
                (result.calls["replication"] == r)
                & (result.calls["stream"] == stream.name)
                & result.calls["measured"]
                & (result.calls["talk"] > 0)
            ]
            assert sum(calls.values()) == len(talked)


def test_connection_fees_count_the_outbound_calls_that_connected() -> None:
    s_fee, r = run(None)
    no_fee = short_calls(None)
    no_fee["lines"][0]["tariff"]["connection_fee"] = 0
    s0 = scenario_from_dict(no_fee)
    gap = monthly_costs(s_fee, r)["usage"] - monthly_costs(s0, r)["usage"]
    calls = r.calls
    placed = calls[calls["measured"] & (calls["direction"] == "out") & (calls["talk"] > 0)]
    by_rep = placed.groupby("replication").size().reindex(range(3), fill_value=0)
    assert gap.tolist() == pytest.approx((0.3 * by_rep * month_scale(s0)).tolist())
    assert not math.isclose(float(gap.sum()), 0.0)


def test_concurrent_calls_are_priced_at_each_replications_peak() -> None:
    s, r = run(None)
    priced = short_calls(None)
    priced["lines"][0]["tariff"]["per_concurrent_call"] = 100
    gap = monthly_costs(scenario_from_dict(priced), r)["usage"] - monthly_costs(s, r)["usage"]
    peaks = r.replications[("peak_channels", "line:main")]
    assert gap.tolist() == pytest.approx((100 * peaks).tolist())
    assert peaks.min() >= 1


def test_calls_by_length_exactly_on_a_small_day() -> None:
    """Two callers talk 59.5 s in a conference with one outside participant (dialled out
    over the line); a colleague's internal call uses no outside line and is not billed."""
    from teletraffic.runner import layout_of, replicate
    from teletraffic.tally import Tally

    s = scenario_from_dict(
        {
            "name": "exact",
            "period": {"hours": 10, "warmup": 0},
            "lines": [{"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
            "traffic": [
                {"name": "c", "dial": "1", "calls_per_hour": 1, "talk": "100s"},
                {"name": "inside", "from": "d", "to": "e", "calls_per_hour": 1, "talk": "30s"},
            ],
            "pbx": {"kind": "office"},
            "departments": [
                {"name": "d", "staff": 4, "strategy": "linear"},
                {"name": "e", "staff": 1},
            ],
            "routes": {"1": "d"},
            "conference": {
                "share": 1.0,
                "people": 2,
                "outside": 1,
                "duration": {"dist": "deterministic", "mean": 59.5},
            },
        }
    )
    _, log = replicate(s, 0, 1, keep_log=True, arrivals={"c": [0, 200], "inside": [1000]})
    assert log is not None
    tally = Tally(layout_of(s), s.answer_time)
    for record in log:
        tally.attempt(record)
    internal = [r for r in log if r.stream == 1 and r.talk > 0]
    assert internal  # the internal call was talked, and is not among the billed calls
    assert tally.call_seconds(layout_of(s)) == {("c", "in"): {60: 2}, ("c", "out"): {60: 2}}


def test_plan_formulas_price_calls_by_started_minute_as_the_tariff_bills() -> None:
    """A plan's formula screening bills exponential calls of mean 3 minutes per started
    minute as E[ceil(T / 60 s)] = 1 / (1 - e^(-1/3)) = 3.53 minutes a call, not 3."""
    import math

    import numpy as np

    from teletraffic.costs import billed_seconds
    from teletraffic.experiments.planning.decide import _talk_lengths
    from teletraffic.experiments.planning.screen import Demand

    lengths = _talk_lengths(Demand(calls_per_hour=40, talk=180.0), 3000.0)
    assert lengths is not None
    calls = float(np.sum(lengths.counts))
    assert calls == pytest.approx(1000.0, rel=1e-9)  # 3,000 minutes of 3-minute calls
    billed = float(lengths.counts @ billed_seconds(lengths.seconds, 60, 60)) / 60.0
    assert billed / calls == pytest.approx(1 / (1 - math.exp(-1 / 3)), rel=1e-6)
    exact = float(lengths.counts @ billed_seconds(lengths.seconds, 1, 1)) / 60.0
    assert exact / calls == pytest.approx(3.0 + 0.5 / 60, rel=1e-3)  # whole started seconds
    assert _talk_lengths(Demand(calls_per_hour=40, talk=180.0, exponential=False), 3000.0) is None
