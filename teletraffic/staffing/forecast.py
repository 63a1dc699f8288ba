"""A day's forecast: calls per interval, as a planner writes it.

A forecast file is CSV with a header. ``start`` is the start of each interval, as
``HH:MM`` (``08:15``) or an ISO date-time (``2026-12-07T08:15``, one date for the whole
file); ``calls`` is the number of calls expected in the interval. Optional ``talk`` and
``patience`` columns (``4m``, ``240s``, ``240``) override the flags for their interval.
The intervals follow each other without a gap; their length is the spacing of
``start`` (or ``--interval`` for a file of one row). A scenario file with an hourly
profile is read too: its first inbound stream, one interval per open hour.

Every problem is reported with the file, its line, the column and the value, as an
:class:`~teletraffic.errors.InputError` (the command line prints it and exits 2).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from teletraffic.errors import InputError, TeletrafficError
from teletraffic.units import format_duration, parse_duration, parse_time_of_day

__all__ = ["Forecast", "forecast_from_calls", "read_forecast"]

_MAX_INTERVALS = 24 * 60
_COLUMNS = ("start", "calls", "talk", "patience")


@dataclass(frozen=True)
class Forecast:
    """Calls expected in consecutive intervals of one day.

    *starts* are seconds after midnight; every interval lasts *length* seconds. *talk*
    and *patience* are the mean talk time and mean patience (seconds) of the callers of
    each interval; a patience of ``inf`` means nobody hangs up (Erlang C).
    """

    starts: tuple[float, ...]
    length: float
    calls: tuple[float, ...]
    talk: tuple[float, ...]
    patience: tuple[float, ...]
    source: str = "forecast"

    def __post_init__(self) -> None:
        n = len(self.starts)
        if not n:
            raise InputError(f"{self.source}: the forecast has no intervals")
        for name in ("calls", "talk", "patience"):
            if len(getattr(self, name)) != n:
                raise InputError(f"{self.source}: {name} has {len(getattr(self, name))} values")
        if self.end > 86400.0:
            raise InputError(
                f"{self.source}: the day runs past midnight ({n} intervals of "
                f"{format_duration(self.length)} from {self.labels[0]}); one day at a time"
            )

    @property
    def end(self) -> float:
        """When the last interval ends, seconds after midnight."""
        return self.starts[-1] + self.length

    @property
    def labels(self) -> list[str]:
        """The starts as ``HH:MM``."""
        return [_hhmm(s) for s in self.starts]

    @property
    def traffic(self) -> list[float]:
        """Offered traffic of each interval alone, erlangs: calls x talk / length."""
        return [c * h / self.length for c, h in zip(self.calls, self.talk, strict=True)]

    def scaled(self, factor: float) -> Forecast:
        """The same day with every interval's calls multiplied by *factor*."""
        return replace(self, calls=tuple(c * factor for c in self.calls))


def _hhmm(seconds: float) -> str:
    m = round(seconds / 60.0)
    return f"{m // 60:02d}:{m % 60:02d}"


def forecast_from_calls(
    starts: list[str] | list[float],
    calls: list[float],
    *,
    talk: float,
    patience: float | None,
    length: float | None = None,
) -> Forecast:
    """A :class:`Forecast` from Python values: starts as ``HH:MM`` or seconds."""
    secs = [parse_time_of_day(s) if isinstance(s, str) else float(s) for s in starts]
    step = _spacing(secs, length, "forecast", [None] * len(secs))
    for i, c in enumerate(calls):
        if not (math.isfinite(c) and c >= 0):
            raise InputError(f"forecast: calls of interval {i + 1} is {c!r}; calls are >= 0")
    pat = math.inf if patience is None else patience
    n = len(secs)
    return Forecast(tuple(secs), step, tuple(map(float, calls)), (talk,) * n, (pat,) * n)


def read_forecast(
    path: str | Path,
    *,
    talk: float | None,
    patience: float | None,
    length: float | None = None,
) -> Forecast:
    """Read a forecast file (CSV, or a scenario YAML with an hourly profile).

    *talk* and *patience* (seconds) are the defaults for the intervals whose row has no
    value of its own; *length* (seconds) is the interval length, needed only when the
    file has one row (it must agree with the spacing otherwise).
    """
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        return _from_scenario(p, talk, patience, length)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"cannot read the forecast {p}: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not a text file (UTF-8 CSV expected)") from None
    return _from_csv(text, str(p), talk, patience, length)


def _from_csv(
    text: str, where: str, talk: float | None, patience: float | None, length: float | None
) -> Forecast:
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise InputError(f"{where}: the file is empty; it needs a header with start and calls")
    names = [h.strip().lower() for h in header]
    for col in ("start", "calls"):
        if col not in names:
            raise InputError(
                f"{where}, line 1: no column {col!r} in the header "
                f"({', '.join(repr(h) for h in header)}); it needs start and calls"
            )
    for h in names:
        if h not in _COLUMNS:
            raise InputError(
                f"{where}, line 1: unknown column {h!r}; the columns are start, calls, "
                "talk (optional) and patience (optional)"
            )
    rows: list[tuple[int, dict[str, str]]] = []
    for k, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(names):
            raise InputError(
                f"{where}, line {k}: {len(row)} values for {len(names)} columns "
                f"({', '.join(names)})"
            )
        rows.append((k, {n: c.strip() for n, c in zip(names, row, strict=True)}))
        if len(rows) > _MAX_INTERVALS:
            raise InputError(f"{where}: more than {_MAX_INTERVALS} intervals in one day")
    if not rows:
        raise InputError(f"{where}: the header has no rows under it")
    return _intervals(rows, where, talk, patience, length)


def _intervals(
    rows: list[tuple[int, dict[str, str]]],
    where: str,
    talk: float | None,
    patience: float | None,
    length: float | None,
) -> Forecast:
    starts, calls, talks, pats = [], [], [], []
    dates: set[str] = set()
    for k, row in rows:
        at = f"{where}, line {k}, column"
        s, day = _start(row["start"], f"{at} start")
        if day is not None:
            dates.add(day)
        starts.append(s)
        calls.append(_calls(row["calls"], f"{at} calls"))
        talks.append(_duration(row.get("talk", ""), f"{at} talk", talk, "--talk", positive=True))
        pat = _duration(row.get("patience", ""), f"{at} patience", patience, None, positive=True)
        pats.append(math.inf if pat is None else pat)
    if len(dates) > 1:
        raise InputError(
            f"{where}, column start: the rows span {len(dates)} dates "
            f"({', '.join(sorted(dates)[:3])}...); give one day per file"
        )
    step = _spacing(starts, length, where, [k for k, _ in rows])
    t = tuple(x if x is not None else math.nan for x in talks)
    return Forecast(tuple(starts), step, tuple(calls), t, tuple(pats), source=where)


def _start(text: str, at: str) -> tuple[float, str | None]:
    try:
        return parse_time_of_day(text), None
    except (ValueError, TeletrafficError):
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{at}: {text!r} is not a time; write HH:MM (08:15) or an ISO date-time "
            "(2026-12-07T08:15)"
        ) from None
    secs = moment.hour * 3600.0 + moment.minute * 60.0 + moment.second
    return secs, moment.date().isoformat()


def _calls(text: str, at: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{at}: {text!r} is not a number of calls") from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{at}: {text!r} calls; the calls of an interval are 0 or more")
    return value


def _duration(
    text: str, at: str, default: float | None, flag: str | None, *, positive: bool
) -> float | None:
    if not text:
        if default is None and flag is not None:
            raise InputError(f"{at}: no talk time; give it in the file or with {flag} 4m")
        return default
    try:
        value = parse_duration(text)
    except (ValueError, TeletrafficError) as err:
        raise InputError(f"{at}: {text!r} is not a duration ({err})") from None
    if positive and value <= 0:
        raise InputError(f"{at}: {text!r}; it must be longer than 0")
    return value


def _spacing(
    starts: list[float], length: float | None, where: str, lines: list[int | None]
) -> float:
    def line(i: int) -> str:
        return f", line {lines[i]}" if lines[i] is not None else f", interval {i + 1}"

    if len(starts) == 1:
        if length is None:
            raise InputError(
                f"{where}: one interval; give its length with --interval (15m, 30m or 60m)"
            )
        return length
    step = starts[1] - starts[0]
    if step <= 0:
        raise InputError(
            f"{where}{line(1)}, column start: {_hhmm(starts[1])} is not after "
            f"{_hhmm(starts[0])}; the rows go in time order"
        )
    for i in range(2, len(starts)):
        if not math.isclose(starts[i] - starts[i - 1], step, abs_tol=1e-6):
            raise InputError(
                f"{where}{line(i)}, column start: {_hhmm(starts[i])} follows "
                f"{_hhmm(starts[i - 1])}, but the intervals are {format_duration(step)} "
                "long; the intervals follow each other without a gap"
            )
    if length is not None and not math.isclose(length, step, abs_tol=1e-6):
        raise InputError(
            f"{where}: --interval {format_duration(length)} does not match the spacing of "
            f"start ({format_duration(step)})"
        )
    return step


def _from_scenario(
    path: Path, talk: float | None, patience: float | None, length: float | None
) -> Forecast:
    from teletraffic.scenario import load_scenario

    scenario = load_scenario(path)
    streams = [s for s in scenario.traffic if s.inbound and not s.internal]
    if not streams:
        raise InputError(f"{path}: the scenario has no inbound stream to staff for")
    s = streams[0]
    period = scenario.period
    if period.days is None:
        raise InputError(
            f"{path}: period is steady state; a day to staff needs business days "
            "({days: ..., open: ..., close: ...}) and an hourly profile"
        )
    if length is not None and length != 3600.0:
        raise InputError(f"{path}: a scenario's profile is hourly; --interval must be 60m")
    first, last = math.floor(period.open / 3600.0), math.ceil(period.close / 3600.0)
    hours = list(range(first, last))
    h = talk if talk is not None else s.talk.expected
    pat = (
        patience
        if patience is not None
        else (s.patience.expected if s.patience is not None else math.inf)
    )
    n = len(hours)
    return Forecast(
        tuple(hr * 3600.0 for hr in hours),
        3600.0,
        tuple(s.rate_at_hour(hr) for hr in hours),
        (h,) * n,
        (pat,) * n,
        source=str(path),
    )
