"""Traffic fitted from call records: :func:`fit_traffic` and its result, :class:`TrafficFit`.

Per dialled number (one stream), and for outbound calls: new callers per hour
(constant, or an hourly profile when the hours differ more than chance allows), the
opening hours, talk time (mean, cv and the distribution that fits best), patience
(from the waits of callers who hung up and of those who were answered first), the
share of failed attempts that are redialled and after how long, and the outbound calls
per hour. :meth:`TrafficFit.to_scenario_yaml` writes a scenario file from it.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from teletraffic.cdr.describe import FORMAT_WORDS, describe_stream, hhmm, listed
from teletraffic.cdr.figures import (
    FEW_FOR_A_SHAPE,
    DurationFit,
    Estimate,
    RedialFit,
    StreamFit,
)
from teletraffic.cdr.problems import CdrError
from teletraffic.cdr.table import BASE_DATE, per_distinct
from teletraffic.cdr.to_scenario import scenario_dict, scenario_yaml
from teletraffic.errors import InputError

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = ["TrafficFit", "fit_traffic"]


_FAILED = frozenset({"busy", "queue_full", "abandoned", "unanswered", "no_coverage", "dropped"})
_WAITED = ("answered", "abandoned", "unanswered", "dropped")
_NO_CALLER = frozenset(
    {"", "nan", "none", "anonymous", "unknown", "<unknown>", "private", "restricted", "withheld"}
)


@dataclass
class TrafficFit:
    """Traffic fitted from call records; :attr:`summary` has the figures and sample sizes."""

    streams: list[StreamFit]
    steady: bool
    days: int
    open: float | None
    close: float | None
    level: float
    source: str = ""
    format: str = ""
    records: int = 0
    legs: int = 0
    """Records (call legs) read from the file; more than :attr:`records` when the legs of
    one caller (a ring group, a transfer) were joined."""
    left_out_days: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    members: pd.DataFrame | None = None
    """A queue_log's members: per queue and member, calls answered and their share, rings
    without an answer and their share (``None`` for other records)."""

    @property
    def inbound(self) -> list[StreamFit]:
        """The inbound streams."""
        return [s for s in self.streams if s.direction == "in"]

    @property
    def outbound(self) -> StreamFit | None:
        """Outbound calls (all staff together), if any."""
        return next((s for s in self.streams if s.direction == "out"), None)

    @property
    def summary(self) -> pd.DataFrame:
        """One row per stream and figure: ``stream, figure, value, ci_low, ci_high, n, note``.

        Figures: ``calls`` (attempts in the records, the legs of one caller joined:
        a ring group's three phones ringing count once), ``calls_per_hour`` (new callers
        per open hour; outbound: calls),
        ``talk_mean`` and ``talk_cv`` (seconds), ``patience_mean`` (seconds),
        ``redial_share`` and ``redial_delay`` (seconds). *n* is the sample size behind
        each figure.
        """
        rows: list[dict[str, Any]] = []

        def add(s: StreamFit, figure: str, e: Estimate, note: str = "") -> None:
            rows.append(
                {
                    "stream": s.name,
                    "figure": figure,
                    "value": e.value,
                    "ci_low": e.low,
                    "ci_high": e.high,
                    "n": e.n,
                    "note": note,
                }
            )

        for s in self.streams:
            if s.uses_profile:
                shape = f"hourly profile (chi-square p={s.profile_pvalue:.2g})"
            elif s.profile and math.isnan(s.profile_pvalue):
                shape = "constant: too few calls to tell the hours apart"
            elif s.profile:
                shape = f"steady through the day (chi-square p={s.profile_pvalue:.2g})"
            else:
                shape = "steady state"
            joined = "; legs of one caller joined" if self.legs > self.records else ""
            add(
                s,
                "calls",
                Estimate(float(s.attempts), math.nan, math.nan, s.attempts),
                f"attempts, redials included{joined}",
            )
            add(s, "calls_per_hour", s.rate, f"{shape}; {s.hours:,.1f} open hours")
            if s.talk is not None:
                ks = f", KS p={s.talk.ks_pvalue:.2g}" if not math.isnan(s.talk.ks_pvalue) else ""
                add(s, "talk_mean", s.talk.mean, f"{s.talk.dist}{ks}")
                add(s, "talk_cv", Estimate(s.talk.cv, math.nan, math.nan, s.talk.mean.n))
            if s.patience is not None:
                add(s, "patience_mean", s.patience, f"exponential; {s.waited:,} callers waited")
            if s.redial is not None:
                add(s, "redial_share", s.redial.share, f"max {s.redial.max_attempts} attempts")
                add(s, "redial_delay", s.redial.delay, "exponential")
        return pd.DataFrame(
            rows, columns=["stream", "figure", "value", "ci_low", "ci_high", "n", "note"]
        )

    def profile_table(self) -> pd.DataFrame:
        """New callers per hour by hour of day (rows ``"09"``...), one column per stream."""
        data = {s.name: {f"{h:02d}": r for h, r in s.profile.items()} for s in self.streams}
        return pd.DataFrame(data).sort_index()

    # ---- words

    def describe(self) -> str:
        """What the records say, in plain sentences."""
        pct = round(100 * self.level, 2)
        out: list[str] = []
        head = f"Read {max(self.legs, self.records):,} call records"
        if self.source:
            head += f" from {self.source}"
        if self.format:
            head += f" ({FORMAT_WORDS.get(self.format, self.format)})"
        if self.legs > self.records:
            head += f": {self.records:,} calls once the legs of each caller are joined"
        if self.steady:
            head += (
                f": continuous stretches (steady state) of {self.streams[0].hours:,.1f} hours "
                "in all."
            )
        else:
            head += f", {self.days} day{'s' if self.days != 1 else ''} with calls"
            if self.open is not None and self.close is not None:
                head += f"; the office seems open {hhmm(self.open)}-{hhmm(self.close)}"
            head += "."
        out.append(head)
        if self.left_out_days:
            out.append(
                f"Left out of the rates: {len(self.left_out_days)} days with far fewer calls "
                f"than usual ({listed(self.left_out_days)}), weekends or holidays perhaps."
            )
        for s in self.streams:
            out.append(describe_stream(s, pct))
        out.extend(f"Note: {n}." for n in self.notes)
        return "\n".join(out)

    # ---- scenario

    def traffic(self, base: Scenario | None = None) -> list[dict[str, Any]]:
        """The scenario's ``traffic:`` entries (inbound streams, then outbound ones)."""
        entries: list[dict[str, Any]] = self.to_scenario(base)["traffic"]
        return entries

    def to_scenario(
        self, base: Scenario | None = None, *, name: str | None = None
    ) -> dict[str, Any]:
        """A scenario (as a dictionary) with this traffic.

        With *base*, its lines, PBX, departments, routes, costs and internal calls are
        kept, its inbound and outbound traffic replaced, and its opening hours set to
        the ones found. Without, a minimal one: one multichannel line with every number
        dialled, channels for at most 0.1 % busy (Erlang B) in the busiest hour, one
        handset per channel.
        """
        return scenario_dict(self, base, name)

    def to_scenario_yaml(self, base: Scenario | None = None, *, name: str | None = None) -> str:
        """The scenario as the text of a scenario file, checked by the scenario loader.

        Raises :class:`~teletraffic.errors.ScenarioError` if it does not load (for
        example a base scenario whose lines lack a number found in the records).
        """
        return scenario_yaml(self, base, name)


def _poisson_rate(count: int, exposure: float, level: float) -> Estimate:
    """Exact (Garwood) interval of a Poisson rate: *count* events in *exposure*."""
    from scipy import stats

    alpha = 1.0 - level
    if exposure <= 0:
        return Estimate(math.nan, math.nan, math.nan, count)
    low = stats.chi2.ppf(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return Estimate(count / exposure, float(low) / exposure, float(high) / exposure, count)


def _fit_duration(values: np.ndarray, level: float) -> DurationFit | None:
    from scipy import stats

    x = values[np.isfinite(values) & (values > 0)]
    n = len(x)
    if n == 0:
        return None
    mean = float(x.mean())
    sd = float(x.std(ddof=1)) if n > 1 else math.nan
    cv = sd / mean if n > 1 else math.nan
    if n > 1 and sd > 0:  # a duration is >= 0: the interval of a tiny sample is cut at 0
        lo, hi = stats.t.interval(level, n - 1, loc=mean, scale=sd / math.sqrt(n))
        lo = max(lo, 0.0)
    else:
        lo = hi = math.nan
    est = Estimate(mean, float(lo), float(hi), n)
    if n > 1 and sd <= 1e-9 * mean:
        return DurationFit(est, 0.0, "deterministic", math.nan, {})
    if n < FEW_FOR_A_SHAPE:
        return DurationFit(est, cv, "exponential", math.nan, {})
    sample = x if n <= 20_000 else np.random.default_rng(0).choice(x, 20_000, replace=False)
    candidates: dict[str, Any] = {}
    aic: dict[str, float] = {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        candidates["exponential"] = stats.expon(scale=float(sample.mean()))
        s, _, scale = stats.lognorm.fit(sample, floc=0)
        candidates["lognormal"] = stats.lognorm(s, scale=scale)
        a, _, scale = stats.gamma.fit(sample, floc=0)
        candidates["gamma"] = stats.gamma(a, scale=scale)
        for name, dist in candidates.items():
            k = 1 if name == "exponential" else 2
            ll = float(np.sum(dist.logpdf(sample)))
            aic[name] = 2 * k - 2 * ll if math.isfinite(ll) else math.inf
        best = min(aic, key=lambda d: aic[d])
        ks = float(stats.kstest(sample, candidates[best].cdf).pvalue)
    if ks < 0.001 and n >= 200:
        k = min(n, 200)
        qs = np.quantile(x, (np.arange(k) + 0.5) / k)
        return DurationFit(est, cv, "empirical", ks, aic, tuple(float(q) for q in qs))
    return DurationFit(est, cv, best, ks, aic)


def _guess_hours(seconds_of_day: np.ndarray) -> tuple[float, float]:
    """Opening hours from the times of day of new calls: the span of hours with at least
    a tenth of the busiest hour's calls, to the half hour."""
    counts = np.bincount((seconds_of_day // 3600).astype(int), minlength=24)[:24]
    top = counts.max(initial=0)
    if top == 0:
        return 9 * 3600.0, 18 * 3600.0
    busy = np.flatnonzero(counts >= max(0.1 * top, 1))
    first, last = int(busy[0]), int(busy[-1])
    halves = np.bincount((seconds_of_day // 1800).astype(int), minlength=48)[:48]
    open_ = first * 3600.0
    if halves[2 * first + 1] >= 4 and halves[2 * first] < 0.25 * halves[2 * first + 1]:
        open_ += 1800.0
    close = (last + 1) * 3600.0
    if halves[2 * last] >= 4 and halves[2 * last + 1] < 0.25 * halves[2 * last]:
        close -= 1800.0
    return open_, close


def _chains(frame: pd.DataFrame, window: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row (in *frame*'s order): attempt number, whether a redial followed, its delay."""
    n = len(frame)
    attempt = np.ones(n, dtype=np.int64)
    followed = np.zeros(n, dtype=bool)
    delay = np.full(n, np.nan)
    if n == 0:
        return attempt, followed, delay
    t = (frame["start"] - BASE_DATE).dt.total_seconds().to_numpy(dtype=float)
    end = t + frame["wait"].to_numpy(dtype=float) + frame["talk"].to_numpy(dtype=float)
    caller = frame["caller"].to_numpy(dtype=object)  # stripped text (see _calls)
    number = frame["number"].to_numpy(dtype=object)
    failed = frame["outcome"].isin(sorted(_FAILED)).to_numpy()
    order = np.lexsort((t, number, caller))
    prev = -1
    for i in (i for part in np.array_split(order, n // 65536 + 1) for i in part.tolist()):
        if (
            prev >= 0
            and caller[i] == caller[prev]
            and number[i] == number[prev]
            and str(caller[i]).lower() not in _NO_CALLER
            and failed[prev]
        ):
            gap = t[i] - end[prev]
            if -1.0 <= gap <= window:
                attempt[i] = attempt[prev] + 1
                followed[prev] = True
                delay[prev] = max(gap, 0.0)
        prev = i
    return attempt, followed, delay


def _name(text: str) -> str:
    cleaned = re.sub(r"[/:]+", " ", text).strip()
    cleaned = re.sub(r"\s+", " ", cleaned)[:100]
    return cleaned or "calls"


def fit_traffic(
    cdr: pd.DataFrame,
    *,
    redial_window: float = 1800.0,
    one_stream: bool = False,
    steady: bool | None = None,
    level: float = 0.95,
) -> TrafficFit:
    """Fit the traffic of a scenario to call records (a table from :func:`read_cdr`).

    Per dialled number (one stream with *one_stream*), and for outbound calls:

    * **rate**: new callers (first attempts) per open hour, with the exact Poisson
      interval; by hour of day, averaged over the days seen; the opening hours are
      guessed from when calls come (hours with at least a tenth of the busiest hour's
      calls, to the half hour). A chi-square test says whether the hours differ more
      than chance allows (then an hourly profile is used). Days with far fewer calls
      than the median day (Poisson probability below 0.1 %), weekends say, are left out
      of the rate; days with no calls at all are not seen.
    * **talk**: mean (Student-t interval) and cv of answered calls; the family with the
      lowest AIC among exponential, lognormal and gamma (see :class:`DurationFit`).
    * **patience**: callers who hang up while waiting show their patience; callers
      answered (or rung out) first only show that it was longer than their wait. For an
      exponential patience the maximum-likelihood mean with such censored data is

      .. math:: \\hat\\theta = \\frac{\\sum_i w_i}{d}

      the total waiting time of every caller who waited (answered, hung up, rung out)
      over the number *d* who hung up. The hang-ups in total waiting time *T* are
      Poisson with mean :math:`T/\\theta`, so the interval is the exact Poisson one for
      :math:`1/\\theta`, inverted.
    * **redials**: the same caller id calling the same number within *redial_window*
      seconds after the end of a failed attempt; the share of failed attempts
      redialled (Clopper-Pearson interval) and the mean delay.

    *steady* (default: from a teletraffic log's ``attrs``) treats each ``window`` as one
    continuous stretch of a steady-state run: a constant rate, no opening hours.
    Raises :class:`CdrError` when there is nothing to fit.
    """
    where = str(cdr.attrs.get("file", "the call records"))
    missing = [c for c in ("start", "direction", "outcome", "wait", "talk") if c not in cdr]
    if missing:
        raise CdrError(where, [(None, f"the table lacks the columns {', '.join(missing)}")])
    if not 0.0 < level < 1.0:
        raise InputError(f"level must be between 0 and 1, got {level}")
    if not redial_window > 0:
        raise InputError(f"the redial window must be > 0 seconds, got {redial_window}")
    steady = bool(cdr.attrs.get("steady", False)) if steady is None else steady
    frame = _calls(cdr, where, one_stream)
    inbound_mask = (frame["direction"] == "in").to_numpy()
    chains = _redial_chains(frame, inbound_mask, redial_window)
    first = (chains.attempt == 1) | ~inbound_mask
    notes: list[str] = list(cdr.attrs.get("notes", []))
    exposure = _steady_exposure(frame) if steady else _open_exposure(frame, first, inbound_mask)
    streams: list[StreamFit] = []
    names: set[str] = set()
    for direction, number, mask in _groups(frame, inbound_mask):
        name = _stream_name(frame.loc[mask, ["stream"]], direction, number, names)
        stream = _fit_stream(frame, mask, name, direction, number, first, chains, exposure, level)
        if stream.talk is None:
            notes.append(f"{name}: no answered call has a talk time; a scenario assumes 3m")
        streams.append(stream)
    callers = frame["caller"].to_numpy(dtype=object)[inbound_mask]  # stripped text
    if inbound_mask.any() and all(c.lower() in _NO_CALLER for c in callers):
        notes.append("no caller ids: redials cannot be told from new callers")
    return TrafficFit(
        streams=streams,
        steady=steady,
        days=exposure.days,
        open=exposure.open,
        close=exposure.close,
        level=level,
        source=where,
        format=str(cdr.attrs.get("format", "")),
        records=len(cdr),
        legs=int(cdr.attrs.get("legs", len(cdr))),
        members=cdr.attrs.get("members"),
        left_out_days=exposure.left_out,
        notes=notes,
    )


_FITTED = ("start", "direction", "number", "caller", "outcome", "wait", "talk", "window", "stream")
"""The columns of the call table the fit reads."""


def _calls(cdr: pd.DataFrame, where: str, one_stream: bool) -> pd.DataFrame:
    """The inbound and outbound calls of *cdr*, checked, typed and sorted by start; the
    number of outbound calls (and with *one_stream* of inbound ones) is cleared."""
    kept = cdr["direction"].isin(["in", "out"]).to_numpy()
    if not kept.any():
        raise CdrError(where, [(None, "has no inbound or outbound calls to fit")])
    wanted = [c for c in _FITTED if c in cdr]
    # a shallow copy when every call is kept: its columns are replaced, never written in
    frame = cdr[wanted].copy(deep=False) if kept.all() else cdr[wanted].take(np.flatnonzero(kept))
    for col, default in (("number", ""), ("caller", ""), ("window", 0), ("stream", "")):
        if col not in frame:
            frame[col] = default
    for col in ("number", "caller"):
        frame[col] = pd.Series(_stripped(frame[col]), index=frame.index, dtype=object)
    try:
        frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[ns]")
        for col in ("wait", "talk"):
            frame[col] = pd.to_numeric(frame[col]).astype(float)
    except (ValueError, TypeError) as err:
        raise CdrError(where, [(None, f"the table has values that are not times: {err}")]) from None
    bad = frame["start"].isna() | ~(frame["wait"] >= 0) | ~(frame["talk"] >= 0)
    if bad.any():
        raise CdrError(
            where,
            [
                (
                    None,
                    f"{int(bad.sum())} calls lack a start, or their wait or talk is missing "
                    "or negative",
                )
            ],
        )
    frame = frame.sort_values("start", kind="stable").reset_index(drop=True)
    inbound_mask = (frame["direction"] == "in").to_numpy()
    if one_stream:
        frame.loc[inbound_mask, "number"] = ""
    frame.loc[~inbound_mask, "number"] = ""  # one outbound stream
    return frame


def _stripped(column: pd.Series) -> np.ndarray:
    """The cells of *column* as text without surrounding spaces (missing: empty). A cell
    that is such text already is kept as it is, not copied: a million caller ids are
    not made twice."""
    values = column.to_numpy(dtype=object)
    clean = np.fromiter(
        (type(v) is str and not (v[:1].isspace() or v[-1:].isspace()) for v in values),
        dtype=bool,
        count=len(values),
    )
    if not clean.all():
        values = values.copy()
        values[~clean] = per_distinct(
            values[~clean], lambda u: u.fillna("").astype(str).str.strip()
        )
    return values


class _Chains(NamedTuple):
    """Per call: its attempt number, whether a redial followed it, and that redial's delay."""

    attempt: np.ndarray
    followed: np.ndarray
    delay: np.ndarray


def _redial_chains(frame: pd.DataFrame, inbound_mask: np.ndarray, window: float) -> _Chains:
    """Redial chains of the inbound calls; an outbound call is a first attempt."""
    attempt = np.ones(len(frame), dtype=np.int64)
    followed = np.zeros(len(frame), dtype=bool)
    delay = np.full(len(frame), np.nan)
    idx = np.flatnonzero(inbound_mask)
    used = frame[["start", "wait", "talk", "caller", "number", "outcome"]]
    a, f, d = _chains(used if len(idx) == len(frame) else used.iloc[idx], window)
    attempt[idx], followed[idx], delay[idx] = a, f, d
    return _Chains(attempt, followed, delay)


@dataclass(frozen=True)
class _Exposure:
    """When the office was observed open: the hours a rate is counted over."""

    steady: bool
    seconds_of_day: np.ndarray
    """Per call: the seconds since midnight of its start."""
    counted: np.ndarray
    """Per call: whether it counts in the rate (in opening hours, on a day not left out)."""
    hours: float
    """Open hours observed (the rate's exposure)."""
    open: float | None
    close: float | None
    days: int
    frac: np.ndarray
    """Per hour of day: the share of it that is open."""
    left_out: list[str]


def _seconds_of_day(frame: pd.DataFrame) -> np.ndarray:
    return (frame["start"] - frame["start"].dt.normalize()).dt.total_seconds().to_numpy()


def _steady_exposure(frame: pd.DataFrame) -> _Exposure:
    """A steady-state run: each window is one continuous stretch, every call counts."""
    secs = _seconds_of_day(frame)
    spans = frame.groupby("window")["start"].agg(lambda s: (s.max() - s.min()).total_seconds())
    return _Exposure(
        steady=True,
        seconds_of_day=secs,
        counted=np.ones(len(frame), dtype=bool),
        hours=float(spans.sum()) / 3600.0,
        open=None,
        close=None,
        days=0,
        frac=np.zeros(24),
        left_out=[],
    )


def _open_exposure(frame: pd.DataFrame, first: np.ndarray, inbound_mask: np.ndarray) -> _Exposure:
    """Business days: the opening hours guessed from the first attempts, the days with
    far fewer calls than the median day left out."""
    from scipy import stats

    secs = _seconds_of_day(frame)
    basis = first & inbound_mask if inbound_mask.any() else first
    open_, close = _guess_hours(secs[basis])
    in_hours = (secs >= open_) & (secs < close)
    dates = frame["start"].dt.normalize()
    daily = pd.Series((first & in_hours).astype(int)).groupby(dates.to_numpy()).sum()
    median = float(daily.median())
    thin = (
        list(daily.index[stats.poisson.cdf(daily.to_numpy(), median) < 1e-3]) if median > 0 else []
    )
    days = len(daily) - len(thin)
    hours_idx = np.arange(24)
    frac = np.clip(
        (np.minimum((hours_idx + 1) * 3600.0, close) - np.maximum(hours_idx * 3600.0, open_))
        / 3600.0,
        0.0,
        1.0,
    )
    return _Exposure(
        steady=False,
        seconds_of_day=secs,
        counted=in_hours & ~dates.isin(thin).to_numpy(),
        hours=days * float(frac.sum()),
        open=open_,
        close=close,
        days=days,
        frac=frac,
        left_out=[pd.Timestamp(x).strftime("%Y-%m-%d") for x in thin],
    )


def _groups(frame: pd.DataFrame, inbound_mask: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    """The streams as ``(direction, number, mask)``: one per dialled number, one outbound."""
    groups: list[tuple[str, str, np.ndarray]] = []
    for number in sorted(set(frame.loc[inbound_mask, "number"])):
        groups.append(("in", number, inbound_mask & (frame["number"] == number).to_numpy()))
    if (~inbound_mask).any():
        groups.append(("out", "", ~inbound_mask))
    return groups


def _stream_name(rows: pd.DataFrame, direction: str, number: str, names: set[str]) -> str:
    """The stream's name (a teletraffic log's own, or from the number), not yet in *names*;
    it is added to them."""
    distinct = pd.Series(pd.unique(rows["stream"].to_numpy(dtype=object)), dtype=object)
    stream_names = {s for s in distinct.astype(str) if s and s != "nan"}
    if direction == "out":
        name = "outbound"
    elif len(stream_names) == 1:
        name = _name(stream_names.pop())
    elif number:
        name = _name(f"calls to {number}")
    else:
        name = "inbound"
    while name in names:
        name += " 2"
    names.add(name)
    return name


def _fit_stream(
    frame: pd.DataFrame,
    mask: np.ndarray,
    name: str,
    direction: str,
    number: str,
    first: np.ndarray,
    chains: _Chains,
    exposure: _Exposure,
    level: float,
) -> StreamFit:
    """The figures of the stream of the calls in *mask*."""
    rows = frame.loc[mask, ["outcome", "wait", "talk"]]
    new = mask & first
    n_new = int((new & exposure.counted).sum())
    profile, p_value = _hourly_profile(exposure, new, n_new)
    talk_rows = rows["outcome"].isin(["answered", "placed"]).to_numpy()
    patience = None
    waited = 0
    redial = None
    if direction == "in":
        patience, waited = _patience(rows, level)
        redial = _fit_redials(
            rows["outcome"].to_numpy(dtype=object),
            chains.attempt[mask],
            chains.followed[mask],
            chains.delay[mask],
            level,
        )
    return StreamFit(
        name=name,
        direction=direction,  # type: ignore[arg-type]
        number=number,
        attempts=len(rows),
        rate=_poisson_rate(n_new, exposure.hours, level),
        profile=profile,
        profile_pvalue=p_value,
        outside_hours=int((new & ~exposure.counted).sum()),
        hours=exposure.hours,
        outcomes={str(k): int(v) for k, v in rows["outcome"].value_counts().items()},
        talk=_fit_duration(rows["talk"].to_numpy(dtype=float)[talk_rows], level),
        patience=patience,
        waited=waited,
        redial=redial,
    )


def _hourly_profile(
    exposure: _Exposure, new: np.ndarray, n_new: int
) -> tuple[dict[int, float], float]:
    """New callers per hour by hour of day, and the chi-square test's p-value of "the
    same rate every hour" (NaN when too few calls are expected in an hour)."""
    from scipy import stats

    profile: dict[int, float] = {}
    p_value = math.nan
    if not exposure.steady and exposure.days > 0:
        hour_of = (exposure.seconds_of_day // 3600).astype(int)
        frac = exposure.frac
        counts = np.bincount(hour_of[new & exposure.counted], minlength=24)[:24]
        open_hours = np.flatnonzero(frac > 0)
        profile = {int(h): float(counts[h] / (exposure.days * frac[h])) for h in open_hours}
        expected = n_new * frac[open_hours] / frac[open_hours].sum()
        if len(open_hours) > 1 and n_new > 0 and expected.min() >= 5:
            p_value = float(stats.chisquare(counts[open_hours], expected).pvalue)
    return profile, p_value


def _patience(rows: pd.DataFrame, level: float) -> tuple[Estimate | None, int]:
    """Mean patience of inbound callers (see :func:`fit_traffic`), and how many waited."""
    from scipy import stats

    wait_rows = rows["outcome"].isin(_WAITED).to_numpy()
    waits = rows["wait"].to_numpy(dtype=float)[wait_rows]
    waited = int((waits > 0).sum())
    hung_up = int((rows["outcome"] == "abandoned").sum())
    total = float(waits.sum())
    if hung_up > 0 and total > 0:
        alpha = 1.0 - level
        low = 2 * total / float(stats.chi2.ppf(1 - alpha / 2, 2 * hung_up + 2))
        high = 2 * total / float(stats.chi2.ppf(alpha / 2, 2 * hung_up))
        return Estimate(total / hung_up, low, high, hung_up), waited
    return None, waited


def _fit_redials(
    outcome: np.ndarray,
    attempt: np.ndarray,
    followed: np.ndarray,
    delay: np.ndarray,
    level: float,
) -> RedialFit | None:
    from scipy import stats

    redialled = int(followed.sum())
    if redialled == 0:
        return None
    cap = max(int(attempt.max()), 2)
    failed = np.isin(outcome, sorted(_FAILED)) & (attempt < cap)
    n = int(failed.sum())
    k = int((followed & failed).sum())
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="exact")
    share = Estimate(k / n, float(ci.low), float(ci.high), n)
    gaps = delay[followed]
    mean = float(gaps.mean())
    if len(gaps) > 1 and gaps.std(ddof=1) > 0:
        lo, hi = stats.t.interval(
            level, len(gaps) - 1, loc=mean, scale=float(gaps.std(ddof=1)) / math.sqrt(len(gaps))
        )
        lo = max(lo, 0.0)
    else:
        lo = hi = math.nan
    return RedialFit(share, Estimate(mean, float(lo), float(hi), len(gaps)), cap)
