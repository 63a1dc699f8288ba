"""Intervals a user can trust: pooled shares, rare events, warm-up, precision on demand."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from teletraffic.errors import InputError
from teletraffic.precision import parse_precision
from teletraffic.runner import simulate
from teletraffic.scenario import scenario_from_dict
from teletraffic.stats import effective_size, share_interval, t_interval, time_interval
from teletraffic.warmup import SETTLE, choose_warmup, mser, relaxation_hours


def _line(channels: int, rate: float, hours: float | None = None, **extra: object) -> dict:
    period: dict[str, object] = {"hours": hours} if hours else {"days": 1}
    return {
        "name": "line",
        "period": period,
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": channels}],
        "traffic": [{"name": "c", "dial": "1", "calls_per_hour": rate, "talk": 180}],
        **extra,
    }


# --------------------------------------------------------------------------- shares


def test_share_is_the_ratio_of_sums_not_the_mean_of_ratios() -> None:
    share, low, high = share_interval([1, 0], [10, 90])
    assert share == pytest.approx(0.01)  # the mean of the ratios would be 0.05
    assert low < share < high


def test_no_event_in_any_replication_still_has_an_upper_bound() -> None:
    # 0 busy of 12,400 callers over 20 replications: the binomial bound, df-adjusted
    share, low, high = share_interval([0] * 20, [620] * 20)
    assert share == 0.0
    assert low == 0.0
    exact = 1 - 0.025 ** (1 / 12_400)  # Clopper-Pearson upper bound for 0 of 12,400
    assert exact < high < 1.2 * exact  # a little wider for 19 degrees of freedom
    assert high < 0.0004


def test_every_replication_agreeing_is_not_certainty() -> None:
    share, low, high = share_interval([3] * 5, [100] * 5)
    assert share == pytest.approx(0.03)
    assert low < 0.03 < high  # zero between-replication variance: binomial at least
    # never narrower than the exact binomial interval of the pooled counts
    ci = stats.binomtest(15, 500).proportion_ci(0.95, method="exact")
    assert low <= ci.low
    assert high >= ci.high


def test_clustered_events_widen_the_interval() -> None:
    calm = share_interval([5, 5, 5, 5, 5, 5], [500] * 6)
    bursty = share_interval([0, 15, 0, 15, 0, 0], [500] * 6)
    assert calm[0] == bursty[0]
    assert bursty[2] - bursty[1] > 2 * (calm[2] - calm[1])


def test_one_replication_or_no_calls_gives_no_interval() -> None:
    share, low, high = share_interval([2], [100])
    assert share == 0.02
    assert math.isnan(low)
    assert math.isnan(high)
    assert all(math.isnan(v) for v in share_interval([0, 0], [0, 0]))


@pytest.mark.parametrize("p", [0.001, 0.01, 0.1])
def test_share_interval_coverage_with_clustered_replications(p: float) -> None:
    """Replications as clusters (beta-binomial counts): the 95% interval holds p in
    93-99% of 600 trials, with 20 replications, rare events included."""
    rng = np.random.default_rng(7)
    held = 0
    trials = 600
    for _ in range(trials):
        totals = rng.poisson(600, size=20)
        # each replication's own rate varies around p (busy periods cluster)
        rates = rng.beta(p * 600, (1 - p) * 600, size=20)  # design effect about 2
        counts = rng.binomial(totals, rates)
        _, low, high = share_interval(counts, totals)
        held += low <= p <= high
    assert 0.93 <= held / trials <= 0.995


def test_share_interval_is_wilson_at_the_effective_size() -> None:
    """The bounds are the roots of Wilson's score inequality at Korn and Graubard's
    effective size: the shares q with (p - q)^2 = z^2 q (1 - q) / n_eff."""
    counts, totals = [1, 0, 2, 0, 1, 0, 0, 3, 0, 1], [600] * 10
    share, n_eff = effective_size(counts, totals)
    got = share_interval(counts, totals)
    assert got[0] == share
    z = stats.norm.ppf(0.975)
    for q in got[1:]:
        assert (share - q) ** 2 == pytest.approx(z * z * q * (1 - q) / n_eff, rel=1e-9)
    assert got[1] < share < got[2]
    # all agree: the size is the calls counted, shrunk for 9 degrees of freedom
    assert effective_size([6] * 10, totals)[1] == pytest.approx(
        6000 * (stats.t.ppf(0.975, 5999) / stats.t.ppf(0.975, 9)) ** 2
    )
    assert effective_size([6] * 10, totals, shrink=False)[1] == 6000


def test_two_busy_signals_where_one_in_five_runs_sees_any_exclude_the_rare_share() -> None:
    """The quiet hour of benchmarks/coverage.py: 0.064% busy, 16 callers in each of 20
    replications (0.2 busy signals a run). Two busy signals, in two replications, are
    rare at that share (a one-sided p-value under 2.5%): the 95% interval leaves it
    out. The exact (Clopper-Pearson) interval at the same size kept it in, and held the
    quiet hour's share in 98.5% of runs instead of 95%."""
    truth = 0.000644
    counts, totals = [1, 1] + [0] * 18, [16] * 20
    assert stats.poisson.sf(1, truth * 320) < 0.025  # two or more: rare at the truth
    share, low, high = share_interval(counts, totals)
    assert truth < low < share < high
    share, n_eff = effective_size(counts, totals)
    hits = share * n_eff
    assert stats.beta.ppf(0.025, hits, n_eff - hits + 1) < truth  # what version 0.9 gave
    # one busy signal leaves it in
    assert share_interval([1] + [0] * 19, totals)[1] < truth


def test_everything_seen_is_not_certainty_either() -> None:
    share, low, high = share_interval([50] * 20, [50] * 20)  # every caller answered
    assert share == 1.0
    assert high == 1.0
    n_eff = effective_size([50] * 20, [50] * 20)[1]
    z2 = stats.norm.ppf(0.975) ** 2
    assert low == pytest.approx(n_eff / (n_eff + z2))  # Wilson's: about 1 - 3.8 / n_eff
    assert low < 1 - 3.5 / 1000


def test_a_lightly_loaded_run_never_claims_zero_width() -> None:
    sc = scenario_from_dict(_line(10, 20))  # 1 erlang on 10 channels: nobody hears busy
    result = simulate(sc, replications=5, seed=1)
    assert result.value("p_busy") == 0.0
    low, high = result.ci("p_busy")
    assert low == 0.0 < high < 0.05
    # the interval at another level is computed the same way
    _low99, high99 = result.ci("p_busy", level=0.99)
    assert high99 > high


def test_per_hour_share_pools_the_replications() -> None:
    sc = scenario_from_dict(_line(2, 30))
    result = simulate(sc, replications=6, seed=3)
    reps = result.replications
    busy = reps[("busy", "hour:09")].to_numpy()
    calls = reps[("inbound", "hour:09")].to_numpy()
    assert result.value("p_busy", "hour:09") == pytest.approx(busy.sum() / calls.sum())


def test_time_interval_is_longer_above_and_balances_the_misses() -> None:
    """Means of right-skewed times (gamma, skewness 1.4), 20 replications: the t
    interval misses mostly below the truth's side (the truth above it); the log-scale
    interval holds as often and its misses are more even."""
    rng = np.random.default_rng(11)
    trials, mean = 3000, 2.0
    held = {"t": 0, "log": 0}
    above = {"t": 0, "log": 0}
    for _ in range(trials):
        x = rng.gamma(mean, 1.0, size=20)
        for name, f in (("t", t_interval), ("log", time_interval)):
            _, low, high = f(x)
            held[name] += low <= mean <= high
            above[name] += mean > high
    assert 0.94 <= held["log"] / trials <= 0.96
    assert held["log"] >= held["t"]
    assert above["log"] < 0.8 * above["t"]
    m, low, high = time_interval([3.0, 5.0, 9.0, 4.0])
    assert high - m > m - low > 0
    assert low > 0.0
    assert time_interval([0.0, 0.0, 0.0]) == (0.0, 0.0, 0.0)
    assert all(math.isnan(v) for v in time_interval([4.0])[1:])


def test_a_mean_wait_gets_the_log_scale_interval() -> None:
    spec = _line(10, 50)
    spec["pbx"] = {"kind": "virtual", "hold": {}}
    spec["departments"] = [{"name": "desk", "staff": 3, "strategy": "linear"}]
    result = simulate(scenario_from_dict(spec), replications=6, seed=5)
    waits = result.replications[("mean_wait", "all")].to_numpy(dtype=float)
    assert np.nanmin(waits) > 0
    mean, low, high = time_interval(waits)
    assert result.value("mean_wait") == pytest.approx(mean)
    assert result.ci("mean_wait") == pytest.approx((low, high))
    assert high - mean > mean - low


# --------------------------------------------------------------------------- warm-up


def test_mser_finds_the_end_of_a_transient() -> None:
    rng = np.random.default_rng(1)
    ramp = np.concatenate([np.linspace(0, 10, 100), np.full(900, 10.0)]) + rng.normal(0, 1, 1000)
    assert 70 <= mser(ramp) <= 140
    flat = rng.normal(5, 1, 1000)
    assert mser(flat) < 100
    assert mser(np.linspace(0, 10, 1000)) == 500  # never settles: the search stops at half


def test_relaxation_time_of_a_series() -> None:
    rng = np.random.default_rng(3)
    assert relaxation_hours(rng.normal(0, 1, 4000), 100.0) < 2.0  # no memory
    rng = np.random.default_rng(0)
    # an AR(1) series whose correlation decays over 3000 steps, in batches of 300 steps
    phi = math.exp(-1 / 3000)
    x = np.zeros(6000)
    for i in range(1, x.size):
        x[i] = phi * x[i - 1] + rng.normal()
    tau_steps = relaxation_hours(x, 6000.0)  # one "hour" per step
    assert tau_steps > 300  # remembers longer than a batch: a run of 6000 is too short
    # a series that only rises over a 10-hour run: far too short for its memory
    assert SETTLE * relaxation_hours(np.arange(1000.0), 10.0) > 10.0


def test_warmup_in_the_file_wins_and_the_chosen_one_is_reported() -> None:
    sc = scenario_from_dict(_line(5, 80, hours=50))
    given = scenario_from_dict({**_line(5, 80, hours=50), "period": {"hours": 50, "warmup": 900}})
    assert choose_warmup(given, 1, 20).chosen == "file"
    assert choose_warmup(given, 1, 20).seconds == 900
    w = choose_warmup(sc, 1, 20)
    assert w.chosen == "MSER-5"
    assert 0 <= w.seconds <= 25 * 3600
    assert choose_warmup(sc, 1, 20) == w  # same seed, same warm-up
    result = simulate(sc, replications=4, seed=1)
    assert result.warmup is not None
    assert any("Warm-up" in n for n in result.notes)
    assert any("Seed 1" in n for n in result.notes)


def test_a_run_too_short_for_its_load_says_so() -> None:
    # 99% load on 2 people, 3 hours: the queue is still growing when the run ends
    sc = scenario_from_dict(
        {
            "name": "overloaded",
            "period": {"hours": 3},
            "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 500}],
            "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 59.4, "talk": 120}],
            "pbx": {"kind": "virtual", "hold": {}},
            "departments": [{"name": "d", "staff": 2, "strategy": "linear"}],
        }
    )
    w = choose_warmup(sc, 5, 20)
    assert w.too_short
    assert w.recommended_hours is not None
    assert w.recommended_hours >= 6
    assert "too short" in w.sentence()


# --------------------------------------------------------------------------- precision


@pytest.mark.parametrize(
    ("text", "half", "metric", "relative"),
    [
        ("0.2%", 0.002, None, False),
        ("p_wait=1%", 0.01, "p_wait", False),
        ("mean_wait=5s", 5.0, "mean_wait", False),
        ("mean_wait=2m", 120.0, "mean_wait", False),
        ("mean_wait=5%", 0.05, "mean_wait", True),
        (0.003, 0.003, None, False),
    ],
)
def test_precision_is_read(text: str, half: float, metric: str | None, relative: bool) -> None:
    p = parse_precision(text)
    assert p.half_width == pytest.approx(half)
    assert p.metric == metric
    assert p.relative is relative


@pytest.mark.parametrize("text", ["p_foo=1%", "p_busy=5s", "0%", "60%", "fast", "mean_wait=x"])
def test_bad_precision_names_the_flag(text: str) -> None:
    with pytest.raises(InputError, match="--precision"):
        parse_precision(text)


def test_precision_adds_replications_until_met_and_repeats_itself() -> None:
    sc = scenario_from_dict(_line(2, 30))
    a = simulate(sc, replications=4, seed=9, precision="1%", max_replications=400)
    assert a.precision is not None
    assert a.precision.met
    n = len(a.replications)
    assert 4 < n <= 400
    low, high = a.ci("p_busy")
    assert (high - low) / 2 <= 0.01
    b = simulate(sc, replications=4, seed=9, precision="1%", max_replications=400)
    assert len(b.replications) == n
    assert a.summary.equals(b.summary)
    # the replications are the same as a plain run of that many
    c = simulate(sc, replications=n, seed=9)
    assert c.value("p_busy") == a.value("p_busy")


def test_precision_stops_at_the_cap_and_says_so() -> None:
    sc = scenario_from_dict(_line(2, 30))
    r = simulate(sc, replications=2, seed=9, precision="0.01%", max_replications=6)
    assert r.precision is not None
    assert not r.precision.met
    assert len(r.replications) == 6
    assert "cap of 6" in r.precision.sentence()


def test_run_with_precision_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from teletraffic.cli import app

    path = tmp_path / "line.yaml"
    path.write_text(
        "name: two channels\n"
        "period: {days: 1}\n"
        "lines: [{name: t, kind: multichannel, numbers: ['1'], channels: 2}]\n"
        "traffic: [{name: c, dial: '1', calls_per_hour: 30, talk: 3m}]\n"
    )
    args = ["run", str(path), "-r", "4", "--seed", "2", "--precision", "2%"]
    first = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert "Stopped at" in first.output
    assert "as asked (±2 points of heard busy)" in first.output
    assert "Seed 2," in first.output
    again = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert again.output == first.output
    bad = CliRunner().invoke(app, [*args[:-1], "fast"])
    assert bad.exit_code == 2
    assert "--precision" in bad.output


@pytest.mark.parametrize("n", [3, 10, 30])
@pytest.mark.parametrize("ratio", [1.2, 2.0, 3.5])
def test_precision_asks_for_the_replications_the_t_quantile_needs(n: int, ratio: float) -> None:
    """A half-width *ratio* times its wish at *n* replications shrinks as t(m-1)/sqrt(m):
    the run asks for the least *m* that meets the wish, with 10% to spare (found by
    halving; here by counting)."""
    from scipy import stats

    from teletraffic.runner import _replications_for

    q = 0.995

    def predicted(m: float) -> float:
        return ratio * stats.t.ppf(q, m - 1) / stats.t.ppf(q, n - 1) * math.sqrt(n / m)

    least = next(m for m in range(2, 10_000) if predicted(m) <= 1.0)  # by counting
    assert _replications_for(n, ratio, 0.99) == math.ceil(1.1 * least)
    assert least < 1.2 * n * ratio * ratio  # the quantile's fall counted
