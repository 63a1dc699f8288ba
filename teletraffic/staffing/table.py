"""``tt.staff``: a day's forecast in, people per interval (and shifts) out, as a table.

The steps are :mod:`~teletraffic.staffing.forecast` (the file),
:mod:`~teletraffic.staffing.intervals` (lagged start, simulation pass),
:mod:`~teletraffic.staffing.day` (the simulated day whose figures the table shows) and
:mod:`~teletraffic.staffing.roster` (shifts, by integer programming).

Days differ: with *volume_cv* the whole day's volume is a random factor of mean 1 (gamma,
or normal), and the staff is sized for the day at the *percentile* of that factor, never
below the staff of an average day; the table shows the service level on both days.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from teletraffic.errors import InputError
from teletraffic.staffing.day import DayFigures, simulate_day
from teletraffic.staffing.forecast import Forecast, forecast_from_calls, read_forecast
from teletraffic.staffing.intervals import Sizing, Targets, size_day
from teletraffic.staffing.roster import ShiftRules, load_shift_rules, roster
from teletraffic.units import parse_duration, parse_share

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd

__all__ = ["COLUMNS", "staff", "volume_factor"]

COLUMNS = (
    "start",
    "calls",
    "traffic",
    "staff",
    "service_level",
    "abandon",
    "occupancy",
    "mean_wait",
)
"""The table's columns, in order; ``scheduled_staff`` (with shrinkage), ``scheduled``
(with shifts) and ``service_level_mean_day`` (with a volume cv) follow."""


def volume_factor(cv: float, percentile: float, dist: str = "gamma") -> float:
    """The day-volume factor (mean 1, coefficient of variation *cv*) at *percentile*."""
    if not 0.0 <= cv <= 1.0:
        raise InputError(f"volume_cv: {cv:g} is outside 0..100%")
    if not 0.0 < percentile < 100.0:
        raise InputError(f"percentile: {percentile:g} is outside 0..100 (exclusive)")
    if cv == 0.0:
        return 1.0
    from scipy import stats

    p = percentile / 100.0
    if dist == "normal":
        return max(0.0, 1.0 + cv * float(stats.norm.ppf(p)))
    if dist == "gamma":
        return float(stats.gamma.ppf(p, a=1.0 / cv**2, scale=cv**2))
    raise InputError(f"volume_dist: {dist!r} is not normal or gamma")


def _seconds(name: str, value: float | str | None) -> float | None:
    if value is None or isinstance(value, int | float):
        return None if value is None else float(value)
    try:
        return parse_duration(value)
    except ValueError as err:
        raise InputError(f"{name}: {err}") from None


def _share(name: str, value: float | str | None) -> float | None:
    if value is None or isinstance(value, int | float):
        return None if value is None else float(value)
    try:
        return parse_share(value)
    except ValueError as err:
        raise InputError(f"{name}: {err}") from None


def _forecast(
    forecast: Any, talk: float | None, patience: float | None, interval: float | None
) -> Forecast:
    if isinstance(forecast, Forecast):
        return forecast
    if isinstance(forecast, str | Path):
        return read_forecast(forecast, talk=talk, patience=patience, length=interval)
    if hasattr(forecast, "columns"):  # a DataFrame with start and calls
        if talk is None:
            raise InputError("talk: give the mean talk time, e.g. talk='4m'")
        return forecast_from_calls(
            [str(s) for s in forecast["start"]],
            [float(c) for c in forecast["calls"]],
            talk=talk,
            patience=patience,
            length=interval,
        )
    raise InputError(
        f"forecast: {type(forecast).__name__} is not a file, a Forecast or a DataFrame"
    )


def staff(
    forecast: Any,
    *,
    talk: float | str | None = None,
    patience: float | str | None = None,
    target_answer: tuple[float, float] | None = (0.8, 20.0),
    target_abandon: float | str | None = None,
    target_asa: float | str | None = None,
    max_occupancy: float | str | None = None,
    interval: float | str | None = None,
    shrinkage: float | str = 0.0,
    shifts: ShiftRules | str | Path | None = None,
    volume_cv: float | str = 0.0,
    percentile: float = 80.0,
    volume_dist: Literal["gamma", "normal"] = "gamma",
    replications: int = 20,
    seed: int = 2026,
    level: float = 0.95,
    workers: int = 1,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """People per interval of a day, and what the simulated day gives with them.

    *forecast*: a CSV file (``start``, ``calls``, optional ``talk`` and ``patience``),
    a scenario file with an hourly profile, a :class:`Forecast`, or a DataFrame with
    ``start`` and ``calls``. Durations are seconds or text (``"4m"``), shares numbers
    or text (``"85%"``). Each pass simulates *replications* days seeded *seed*; an
    interval meets a target when the bound of its *level* confidence interval does.
    The figures in the table come from as many other days (not those the sizing saw).

    *workers* > 1 runs the simulated days in that many processes (a
    :class:`concurrent.futures.ProcessPoolExecutor` kept for the whole call); or pass
    any *executor* of your own (a Dask client's ``get_executor()``), which is used and
    left open. The table is the same, bit for bit, whatever runs the days: each day
    depends only on its own seeds.

    Returns the columns of :data:`COLUMNS`; ``df.attrs`` holds ``passes`` (each pass
    and how many intervals it raised or lowered), ``plain_sipp`` and ``lagged_sipp``
    (people by the formulas alone), ``roster`` (with *shifts*), ``volume_factor``.

    Examples
    --------
    >>> import teletraffic as tt
    >>> import pandas as pd
    >>> day = pd.DataFrame({"start": ["09:00", "09:30", "10:00"], "calls": [20, 60, 10]})
    >>> df = tt.staff(day, talk="3m", patience="2m", replications=4, seed=1)
    >>> list(df.columns)[:4]
    ['start', 'calls', 'traffic', 'staff']
    """
    t_talk = _seconds("talk", talk)
    t_pat = _seconds("patience", patience)
    length = _seconds("interval", interval)
    fc = _forecast(forecast, t_talk, t_pat, length)
    targets = _targets(fc, target_answer, target_abandon, target_asa, max_occupancy)
    shrink = _shrinkage(shrinkage)
    cv = _share("volume_cv", volume_cv) or 0.0
    factor = volume_factor(cv, percentile, volume_dist)
    _check_runs(replications, workers, executor)
    rules = load_shift_rules(shifts) if isinstance(shifts, str | Path) else shifts

    with _days_run_in(workers, executor) as pool:
        sizing, shown, mean_day = _sized(fc, targets, factor, replications, seed, level, pool)
    df, need = _day_table(fc, sizing.staff, shown, mean_day, shrink)
    df.attrs.update(
        passes=[(p.what, p.raised, p.lowered) for p in sizing.passes],
        plain_sipp=list(sizing.plain_sipp),
        lagged_sipp=list(sizing.lagged_sipp),
        converged=sizing.converged,
        volume_factor=factor,
        targets=targets,
        interval_seconds=fc.length,
        days=replications,
        seed=seed,
        patience_known=all(math.isfinite(x) for x in fc.patience),
    )
    if rules is not None:
        r = roster(need, fc.starts, fc.length, rules)
        df["scheduled"] = r.cover
        df.attrs["roster"] = r
    return df


def _shrinkage(value: float | str) -> float:
    """The share of paid time off the phones: from 0 up to, not including, 100%."""
    shrink = _share("shrinkage", value) or 0.0
    if not 0.0 <= shrink < 1.0:
        raise InputError(f"shrinkage: {shrink:g} is outside 0..100% (exclusive of 100%)")
    return shrink


def _day_table(
    fc: Forecast,
    people: list[int],
    shown: DayFigures,
    mean_day: DayFigures | None,
    shrink: float,
) -> tuple[pd.DataFrame, list[int]]:
    """The day's table, and the people to schedule: with *shrink*, more than answer (a
    ``scheduled_staff`` column beside ``staff``); the service level of an average day
    beside that of the day sized for, when they differ."""
    df = _table(fc, people, shown)
    if mean_day is not None:
        df["service_level_mean_day"] = mean_day.service_level()[0]
    need = people
    if shrink > 0.0:
        need = [math.ceil(s / (1.0 - shrink) - 1e-9) for s in people]
        df.insert(list(df.columns).index("staff") + 1, "scheduled_staff", need)
    return df, need


def _targets(
    fc: Forecast,
    answer: tuple[float, float] | None,
    abandon: float | str | None,
    asa: float | str | None,
    max_occupancy: float | str | None,
) -> Targets:
    """The targets each interval must meet, checked against what the forecast knows."""
    targets = Targets(
        answer=answer,
        abandon=_share("target_abandon", abandon),
        asa=_seconds("target_asa", asa),
        max_occupancy=_share("max_occupancy", max_occupancy),
    )
    if targets.abandon is not None and not all(math.isfinite(p) for p in fc.patience):
        raise InputError("target_abandon needs a patience (mean time callers hold), e.g. 2m")
    return targets


def _check_runs(replications: int, workers: int, executor: Executor | None) -> None:
    if replications < 2:
        raise InputError(f"replications: {replications}; a confidence bound needs 2 or more")
    if workers < 1:
        raise InputError(f"workers: {workers}; give 1 or more processes")
    if executor is not None and workers != 1:
        raise InputError(f"workers: {workers} with an executor; give one or the other")


@contextmanager
def _days_run_in(workers: int, executor: Executor | None) -> Iterator[Executor | None]:
    """The executor the days run in: the caller's, a process pool of *workers* (shut
    down on leaving, pending days cancelled on an error or Ctrl-C), or none (serial)."""
    if executor is not None or workers == 1:
        yield executor
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _worker_start() -> None:
    """A worker ignores Ctrl-C: the terminal sends it to the whole process group, and
    the parent alone stops the run (no traceback from each worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _sized(
    fc: Forecast,
    targets: Targets,
    factor: float,
    days: int,
    seed: int,
    level: float,
    pool: Executor | None,
) -> tuple[Sizing, DayFigures, DayFigures | None]:
    """The sizing (for the percentile day when *factor* is not 1), the figures of the
    day sized for, and those of an average day when they differ; shown on *days* days
    the sizing never saw."""
    sizing = size_day(fc, targets, days=days, seed=seed, level=level, executor=pool)
    if factor != 1.0:
        sizing = size_day(
            fc.scaled(factor),
            targets,
            days=days,
            seed=seed,
            level=level,
            floor=sizing.staff,
            executor=pool,
        )

    def shown_on(forecast: Forecast) -> DayFigures:
        return simulate_day(
            forecast,
            sizing.staff,
            answer_time=targets.answer_time,
            days=days,
            seed=seed,
            first_day=days,
            executor=pool,
        )

    shown = shown_on(fc.scaled(factor))
    mean_day = shown_on(fc) if factor != 1.0 else None
    return sizing, shown, mean_day


def _table(fc: Forecast, people: Sequence[int], figs: Any) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "start": fc.labels,
            "calls": list(fc.calls),
            "traffic": fc.traffic,
            "staff": list(people),
            "service_level": figs.service_level()[0],
            "abandon": figs.abandon()[0],
            "occupancy": figs.occupancy(),
            "mean_wait": figs.mean_wait()[0],
        }
    )
