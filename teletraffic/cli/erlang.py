"""``teletraffic erlang ...`` and ``teletraffic size ...``: the analytic formulas.

Quick answers without a simulation: how often callers hear busy, how long they wait,
how many hang up, and how many lines or people a target needs. Every command takes
the load either in business words (``--calls-per-hour 40 --talk 3m``) or in erlangs
(``--traffic 2``), never both, and prints a table, or JSON / CSV for scripts
(``--format json``). A bad value gives a one-line message on stderr and exit code 2.

Only typer, the standard library, :mod:`teletraffic.erlang`, :mod:`teletraffic.units`
and :mod:`teletraffic.cli.output` are imported here, so these commands start quickly
(no pandas, matplotlib or simpy).
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

import typer

from teletraffic import erlang
from teletraffic.cli.output import Format, print_rows, reports_errors
from teletraffic.errors import InputError
from teletraffic.text import erlangs_exact
from teletraffic.units import parse_answer_target, parse_duration, parse_share

__all__ = ["erlang_app", "size_app"]

erlang_app = typer.Typer(
    help="Analytic teletraffic formulas: Erlang B, C and A, M/M/n/K, Engset; VoIP bandwidth.",
    no_args_is_help=True,
)
size_app = typer.Typer(
    help="Sizing: how many lines or agents a target needs, or how much traffic lines carry.",
    no_args_is_help=True,
)

_MAX_ROWS = 10_000
_MAX_COUNT = 1_000_000  # lines, agents or calls: far beyond any office, within the formulas
_RANGE = re.compile(r"^\s*([0-9]+)\s*(?:\.\.|-)\s*([0-9]+)\s*$")

# --------------------------------------------------------------------------------------
# options shared by the commands
# --------------------------------------------------------------------------------------

TrafficOpt = Annotated[
    str | None,
    typer.Option(
        "--traffic",
        help="Offered traffic in erlangs, e.g. 8. Or give --calls-per-hour with --talk.",
    ),
]
CallsOpt = Annotated[
    str | None,
    typer.Option("--calls-per-hour", help="Calls offered per hour, e.g. 40 (needs --talk)."),
]
TalkOpt = Annotated[
    str | None,
    typer.Option("--talk", help="Mean talk time, e.g. 3m, 180s or 180 (seconds)."),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", help="Output: table, json or csv.", case_sensitive=False),
]
AnswerTimeOpt = Annotated[
    str,
    typer.Option("--answer-time", help="Answer time of the service level, e.g. 20s."),
]


def _number(
    flag: str,
    text: str,
    *,
    minimum: float = 0.0,
    integer: bool = False,
    maximum: float = math.inf,
) -> float:
    """Parse a plain number given to *flag*; raise InputError naming flag and value.

    Only the digits 0-9 are read: Python's float() would take ``٣`` or ``５`` too.
    """
    if not text.isascii() or "_" in text:
        raise InputError(f"{flag}: {text!r} is not a number written with the digits 0-9")
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{flag}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{flag}: {text!r} is not a finite number")
    if integer and not value.is_integer():
        raise InputError(f"{flag}: {text!r} is not a whole number")
    if value < minimum:
        raise InputError(f"{flag}: {text!r} is below {minimum:g}")
    if value > maximum:
        raise InputError(f"{flag}: {text!r} is above {maximum:g}")
    return value


def _duration(flag: str, text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as err:
        raise InputError(f"{flag}: {err}") from None


def _share(flag: str, text: str) -> float:
    try:
        return parse_share(text)
    except ValueError as err:
        raise InputError(f"{flag}: {err}") from None


def _counts(flag: str, texts: list[str], *, minimum: int = 0) -> list[int]:
    """Parse ``--lines 5``, ``--lines 1..10``, ``--lines 2,4,8`` or a repeated flag."""
    values: list[int] = []
    for text in texts:
        for part in text.split(","):
            match = _RANGE.match(part)
            if match:
                first, last = int(match[1]), int(match[2])
                if last > _MAX_COUNT:
                    raise InputError(f"{flag}: {last} is above {_MAX_COUNT:,}")
                if last < first:
                    raise InputError(f"{flag}: range {part.strip()!r} runs backwards")
                if last - first >= _MAX_ROWS:
                    raise InputError(f"{flag}: range {part.strip()!r} has over {_MAX_ROWS} values")
                values.extend(range(first, last + 1))
            else:
                values.append(int(_number(flag, part.strip(), integer=True, maximum=_MAX_COUNT)))
    for v in values:
        if v < minimum:
            raise InputError(f"{flag}: {v} is below {minimum}")
    if len(values) > _MAX_ROWS:
        raise InputError(f"{flag}: more than {_MAX_ROWS} values")
    return values


def _within_range(flag: str, erlangs: float, given: float | None = None) -> float:
    """Refuse loads beyond what any office offers (and beyond the formulas' precision)."""
    if erlangs > erlang.MAX_SIZING_TRAFFIC:
        shown = given if given is not None else erlangs
        raise InputError(
            f"{flag}: {shown:g} is {erlangs:.3g} erlangs, over the {erlang.MAX_SIZING_TRAFFIC:.0e} "
            "erlangs these calculators answer for"
        )
    return erlangs


def _load(
    traffic: str | None, calls_per_hour: str | None, talk: str | None
) -> tuple[float, float | None, float | None]:
    """Return (erlangs, calls per hour or None, talk seconds or None) from the flags."""
    talk_s = _duration("--talk", talk) if talk is not None else None
    if talk_s == 0.0:
        raise InputError("--talk: must be longer than 0")
    if traffic is not None and calls_per_hour is not None:
        raise InputError(
            "give the load either as --traffic (erlangs) or as --calls-per-hour with --talk,"
            " not both"
        )
    if traffic is not None:
        return _within_range("--traffic", _number("--traffic", traffic)), None, talk_s
    if calls_per_hour is not None:
        cph = _number("--calls-per-hour", calls_per_hour)
        if talk_s is None:
            raise InputError("--calls-per-hour needs --talk (the mean talk time, e.g. 3m)")
        return _within_range("--calls-per-hour", cph * talk_s / 3600.0, cph), cph, talk_s
    raise InputError("give the load: --traffic 8 (erlangs) or --calls-per-hour 40 --talk 3m")


def _need_talk(talk_s: float | None, why: str) -> float:
    if talk_s is None:
        raise InputError(f"--talk is needed {why} (the mean talk time, e.g. 3m)")
    return talk_s


# --------------------------------------------------------------------------------------
# teletraffic erlang ...
# --------------------------------------------------------------------------------------


_SL_CONVENTION = "service level = answered within {t:g} s / all callers, abandoned included"


def _patience_flag(patience: str | None) -> float | None:
    """Seconds of --patience, or None when not given."""
    if patience is None:
        return None
    pat = _duration("--patience", patience)
    if pat == 0.0:
        raise InputError("--patience: must be longer than 0")
    return pat


@erlang_app.command("b")
@reports_errors
def erlang_b_command(
    lines: Annotated[
        list[str],
        typer.Option("--lines", help="Channels: 5, a range 1..10, a list 2,4,8, or repeated."),
    ],
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    recall: Annotated[
        str | None,
        typer.Option("--recall", help="Share of blocked callers who redial, e.g. 40%."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Erlang B: share of callers who hear busy on a trunk without a hold queue.

    Example: teletraffic erlang b --lines 4 --calls-per-hour 40 --talk 3m
    """
    a, cph, _ = _load(traffic, calls_per_hour, talk)
    r = _share("--recall", recall) if recall is not None else None
    rows: list[dict[str, Any]] = []
    for n in _counts("--lines", lines):
        row: dict[str, Any] = {"lines": n, "erlangs": a}
        if r is None:
            b = erlang.erlang_b(n, a)
            offered = a
        else:
            offered = erlang.retrial_traffic(n, a, r)
            b = erlang.extended_erlang_b(n, a, r)
            row["recall"] = r
            row["erlangs_with_redials"] = offered
        carried = float(n) if math.isinf(offered) else min(max(offered * (1.0 - b), 0.0), n)
        row["blocking"] = b
        row["carried_erlangs"] = carried
        row["occupancy"] = carried / n if n else 0.0
        if cph is not None:
            attempts = math.inf if math.isinf(offered) else cph * (offered / a if a else 1.0)
            row["busy_per_hour"] = attempts * b
        rows.append(row)
    title = "Erlang B" if r is None else f"Extended Erlang B (recall {r:.0%})"
    print_rows(rows, fmt, f"{title}, {erlangs_exact(a)} offered")


@erlang_app.command("c")
@reports_errors
def erlang_c_command(
    agents: Annotated[
        list[str], typer.Option("--agents", help="Agents: 5, a range 3..8, or a list.")
    ],
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    answer_time: AnswerTimeOpt = "20s",
    fmt: FormatOpt = Format.table,
) -> None:
    """Erlang C: waiting on hold when callers never hang up (M/M/n).

    Waits and service level need --talk. Example:
    teletraffic erlang c --agents 3..6 --calls-per-hour 40 --talk 3m --answer-time 20s
    """
    a, _, talk_s = _load(traffic, calls_per_hour, talk)
    t = _duration("--answer-time", answer_time)
    rows: list[dict[str, Any]] = []
    for n in _counts("--agents", agents, minimum=1):
        row: dict[str, Any] = {
            "agents": n,
            "erlangs": a,
            "p_wait": erlang.erlang_c(n, a),
        }
        if talk_s is not None:
            row["asa_s"] = erlang.average_speed_of_answer(n, a, talk_s)
            row["answer_s"] = t
            row["service_level"] = erlang.service_level(n, a, talk_s, t)
        row["occupancy"] = erlang.occupancy(n, a)
        row["mean_queue"] = erlang.mean_queue_length(n, a)
        rows.append(row)
    print_rows(rows, fmt, f"Erlang C, {erlangs_exact(a)} offered")


@erlang_app.command("a")
@reports_errors
def erlang_a_command(
    agents: Annotated[
        list[str], typer.Option("--agents", help="Agents: 5, a range 3..8, or a list.")
    ],
    patience: Annotated[
        str, typer.Option("--patience", help="Mean time a caller holds before hanging up, e.g. 1m.")
    ],
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    answer_time: AnswerTimeOpt = "20s",
    fmt: FormatOpt = Format.table,
) -> None:
    """Erlang A: waiting on hold when callers hang up after their patience (M/M/n+M).

    Example: teletraffic erlang a --agents 3 --calls-per-hour 40 --talk 3m --patience 1m
    """
    a, _, talk_s = _load(traffic, calls_per_hour, talk)
    h = _need_talk(talk_s, "for Erlang A")
    pat = _duration("--patience", patience)
    if pat == 0.0:
        raise InputError("--patience: must be longer than 0")
    t = _duration("--answer-time", answer_time)
    rows: list[dict[str, Any]] = []
    for n in _counts("--agents", agents, minimum=1):
        res = erlang.erlang_a(n, a, h, pat)
        rows.append(
            {
                "agents": n,
                "erlangs": a,
                "p_wait": res.p_wait,
                "p_abandon": res.p_abandon,
                "p_answered": res.p_answered,
                "mean_wait_s": res.mean_wait,
                "wait_answered_s": res.mean_wait_answered,
                "answer_s": t,
                "service_level": res.service_level(t),
                "occupancy": res.occupancy,
            }
        )
    title = f"Erlang A, {erlangs_exact(a)} offered, patience {pat:g} s"
    print_rows(rows, fmt, f"{title}; {_SL_CONVENTION.format(t=t)}")


@erlang_app.command("mmnk")
@reports_errors
def mmnk_command(
    agents: Annotated[
        list[str], typer.Option("--agents", help="Agents: 5, a range 3..8, or a list.")
    ],
    places: Annotated[
        str,
        typer.Option("--places", help="Trunk channels: callers talking plus callers on hold."),
    ],
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    patience: Annotated[
        str | None,
        typer.Option("--patience", help="Mean time a caller holds before hanging up (optional)."),
    ] = None,
    answer_time: AnswerTimeOpt = "20s",
    fmt: FormatOpt = Format.table,
) -> None:
    """M/M/n/K: a hold queue bounded by the trunk (callers on hold use a channel).

    Example: teletraffic erlang mmnk --agents 3 --places 6 --calls-per-hour 40 --talk 3m
    """
    a, _, talk_s = _load(traffic, calls_per_hour, talk)
    h = _need_talk(talk_s, "for M/M/n/K")
    k = int(_number("--places", places, minimum=1, integer=True))
    pat = None
    if patience is not None:
        pat = _duration("--patience", patience)
        if pat == 0.0:
            raise InputError("--patience: must be longer than 0")
    t = _duration("--answer-time", answer_time)
    rows: list[dict[str, Any]] = []
    for n in _counts("--agents", agents, minimum=1):
        if n > k:
            raise InputError(f"--places: {k} is fewer than --agents {n}; places count agents too")
        res = erlang.mmnk(n, k, a, h, pat)
        rows.append(
            {
                "agents": n,
                "places": k,
                "erlangs": a,
                "p_busy": res.p_busy,
                "p_wait": res.p_wait,
                "p_abandon": res.p_abandon,
                "p_answered": res.p_answered,
                "mean_wait_s": res.mean_wait,
                "answer_s": t,
                "service_level": res.service_level(t),
                "occupancy": res.occupancy,
                "channels_used": res.channels_in_use,
            }
        )
    print_rows(rows, fmt, f"M/M/n/K, {k} places, {erlangs_exact(a)} offered")


@erlang_app.command("x")
@reports_errors
def erlang_x_command(
    agents: Annotated[
        list[str], typer.Option("--agents", help="Agents: 5, a range 3..8, or a list.")
    ],
    redial: Annotated[
        str, typer.Option("--redial", help="Share of failed attempts tried again, e.g. 40%.")
    ],
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    patience: Annotated[
        str | None,
        typer.Option("--patience", help="Mean time a caller holds before hanging up (optional)."),
    ] = None,
    places: Annotated[
        str | None,
        typer.Option(
            "--places",
            help="Line channels: callers talking plus on hold (default: unlimited hold).",
        ),
    ] = None,
    redial_after: Annotated[
        str, typer.Option("--redial-after", help="Mean delay before a redial, e.g. 2m.")
    ] = "2m",
    max_attempts: Annotated[
        str, typer.Option("--max-attempts", help="Attempts in all, the first included.")
    ] = "3",
    answer_time: AnswerTimeOpt = "20s",
    fmt: FormatOpt = Format.table,
) -> None:
    """Erlang X: busy signals, hang-ups on hold and redials together.

    --calls-per-hour / --traffic are fresh callers (first attempts); a busy or abandoned
    attempt is tried again with probability --redial after --redial-after, up to
    --max-attempts. Shares p_busy, p_abandon and service_level are per attempt;
    p_lost_caller is per caller (never got through). Example:
    teletraffic erlang x --agents 3..5 --places 6 --calls-per-hour 40 --talk 3m
    --patience 1m --redial 50% --redial-after 1m
    """
    a, _, talk_s = _load(traffic, calls_per_hour, talk)
    h = _need_talk(talk_s, "for Erlang X")
    pat = _patience_flag(patience)
    r = _share("--redial", redial)
    after = _duration("--redial-after", redial_after)
    if after == 0.0:
        raise InputError("--redial-after: must be longer than 0")
    m = int(_number("--max-attempts", max_attempts, minimum=1, integer=True, maximum=1000))
    k = None if places is None else int(_number("--places", places, minimum=1, integer=True))
    t = _duration("--answer-time", answer_time)
    rows: list[dict[str, Any]] = []
    for n in _counts("--agents", agents, minimum=1):
        if k is not None and n > k:
            raise InputError(f"--places: {k} is fewer than --agents {n}; places count agents too")
        res = erlang.erlang_x(n, a, h, pat, places=k, redial=r, redial_after=after, max_attempts=m)
        row: dict[str, Any] = {"agents": n} if k is None else {"agents": n, "places": k}
        rows.append(
            row
            | {
                "p_busy": res.p_busy,
                "p_abandon": res.p_abandon,
                "p_lost_caller": res.p_lost_caller,
                "attempts_per_caller": res.attempts_per_caller,
                "offered_erlangs": res.offered,
                "mean_wait_s": res.mean_wait,
                "service_level": res.service_level(t),
                "occupancy": res.occupancy,
                "method": res.method,
            }
        )
    hold = "unlimited hold" if k is None else f"{k} places"
    title = (
        f"Erlang X, {erlangs_exact(a)} fresh, {hold}, redial {r:.0%} after {after:g} s, up to {m}"
        f" attempts; shares per attempt, lost per caller; service level = answered within"
        f" {t:g} s / all attempts"
    )
    print_rows(rows, fmt, title)


@erlang_app.command("engset")
@reports_errors
def engset_command(
    lines: Annotated[
        list[str], typer.Option("--lines", help="Channels: 5, a range 1..10, or a list.")
    ],
    sources: Annotated[
        str, typer.Option("--sources", help="Number of callers (a finite group, e.g. 12 phones).")
    ],
    offered: Annotated[
        str | None,
        typer.Option(
            "--offered",
            help="Erlangs the sources actually offer (as the erlang.com and Westbay"
            " calculators take it), e.g. 8.",
        ),
    ] = None,
    traffic: Annotated[
        str | None,
        typer.Option("--traffic", help="Erlangs the sources would offer if all were idle."),
    ] = None,
    calls_per_hour: Annotated[
        str | None,
        typer.Option(
            "--calls-per-hour", help="Calls per hour the sources would make if all were idle."
        ),
    ] = None,
    talk: TalkOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Engset: busy signals from a finite group of callers.

    --offered is the traffic the sources actually offer (busy attempts included), as
    Engset calculators and tables take it; --traffic and --calls-per-hour are what the
    sources would offer if all were idle. Call congestion is the share of attempts that
    hear busy (what calculators call blocking); time congestion the share of time all
    lines are busy. Examples:
    teletraffic erlang engset --lines 5 --sources 20 --offered 8
    teletraffic erlang engset --lines 2 --sources 12 --calls-per-hour 20 --talk 3m
    """
    s = int(_number("--sources", sources, minimum=1, integer=True, maximum=erlang.MAX_SOURCES))
    if offered is not None:
        if traffic is not None or calls_per_hour is not None:
            raise InputError(
                "give the load either as --offered (erlangs actually offered) or as --traffic /"
                " --calls-per-hour (offered if all sources were idle), not both"
            )
        a = _within_range("--offered", _number("--offered", offered))
        if a >= s:
            raise InputError(
                f"--offered: {offered!r} erlangs is not below --sources {s};"
                " a source offers less than one erlang"
            )
        convention = "offered"
        traffic_of = {"offered": a}
        title = f"Engset (call congestion = attempts blocked), {erlangs_exact(a)} actually offered"
    else:
        a, _, _ = _load(traffic, calls_per_hour, talk)
        convention = "idle sources"
        traffic_of = {"idle_traffic": a}
        title = f"Engset (call congestion = attempts blocked), {erlangs_exact(a)} if all idle"
    rows = [
        {
            "lines": n,
            "sources": s,
            "erlangs": a,
            "convention": convention,
            "call_congestion": erlang.engset(n, s, **traffic_of),
            "time_congestion": erlang.engset_time_congestion(n, s, **traffic_of),
        }
        for n in _counts("--lines", lines)
    ]
    print_rows(rows, fmt, title)


# --------------------------------------------------------------------------------------
# teletraffic size ...
# --------------------------------------------------------------------------------------

TargetBusyOpt = Annotated[
    str,
    typer.Option("--target-busy", help="Largest share of callers hearing busy, e.g. 2%."),
]


@size_app.command("lines")
@reports_errors
def size_lines_command(
    target_busy: TargetBusyOpt,
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Fewest lines so that at most --target-busy of callers hear busy (Erlang B).

    Example: teletraffic size lines --calls-per-hour 40 --talk 3m --target-busy 2%
    """
    a, _, _ = _load(traffic, calls_per_hour, talk)
    b = _share("--target-busy", target_busy)
    if b == 0.0:
        raise InputError("--target-busy: must be above 0 (no number of lines blocks nobody)")
    n = erlang.lines_for_blocking(a, b)
    rows = [
        {
            "erlangs": a,
            "target_busy": b,
            "lines": n,
            "blocking": erlang.erlang_b(n, a),
        }
    ]
    print_rows(rows, fmt, "Lines for a busy-signal target (Erlang B)")


@size_app.command("traffic")
@reports_errors
def size_traffic_command(
    lines: Annotated[
        list[str], typer.Option("--lines", help="Channels: 5, a range 1..10, or a list.")
    ],
    target_busy: TargetBusyOpt,
    talk: Annotated[
        str | None,
        typer.Option("--talk", help="Mean talk time, to also show calls per hour, e.g. 3m."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """How much traffic N lines carry with at most --target-busy callers hearing busy.

    Example: teletraffic size traffic --lines 1..10 --target-busy 1% --talk 3m
    """
    b = _share("--target-busy", target_busy)
    if not 0.0 < b < 1.0:
        raise InputError(f"--target-busy: must be between 0 and 100% exclusive, got {target_busy}")
    talk_s = _duration("--talk", talk) if talk is not None else None
    if talk_s == 0.0:
        raise InputError("--talk: must be longer than 0")
    rows: list[dict[str, Any]] = []
    for n in _counts("--lines", lines, minimum=1):
        a = erlang.traffic_for_blocking(n, b)
        row: dict[str, Any] = {"lines": n, "target_busy": b, "erlangs": a}
        if talk_s is not None:
            row["calls_per_hour"] = a * 3600.0 / talk_s
        rows.append(row)
    print_rows(rows, fmt, "Traffic lines carry at a busy-signal target (Erlang B)")


def _agents_figures(n: int, a: float, h: float, pat: float | None, t: float) -> dict[str, Any]:
    """What n agents give, by the model that sized them (Erlang A with patience, else C)."""
    if n == 0:
        return {}
    if pat is None:
        return {
            "p_wait": erlang.erlang_c(n, a),
            "asa_s": erlang.average_speed_of_answer(n, a, h),
            "answer_s": t,
            "service_level": erlang.service_level(n, a, h, t),
            "occupancy": erlang.occupancy(n, a),
        }
    res = erlang.erlang_a(n, a, h, pat)
    return {
        "p_wait": res.p_wait,
        "p_abandon": res.p_abandon,
        "mean_wait_s": res.mean_wait,
        "answer_s": t,
        "service_level": res.service_level(t),
        "occupancy": res.occupancy,
    }


def _answer_target(text: str) -> tuple[float, float]:
    try:
        share, t = parse_answer_target(text)
    except ValueError as err:
        raise InputError(f"--target-answer: {err}") from None
    if not 0.0 < share < 1.0:
        raise InputError(
            f"--target-answer: the share must be between 0 and 100% exclusive, got {text!r}"
        )
    return share, t


TargetAnswerOpt = Annotated[
    str | None,
    typer.Option("--target-answer", help="Service level: share answered within a time, 80%/20s."),
]
TargetAsaOpt = Annotated[
    str | None, typer.Option("--target-asa", help="Largest average speed of answer, e.g. 20s.")
]
TargetAbandonOpt = Annotated[
    str | None,
    typer.Option("--target-abandon", help="Largest share who hang up on hold, e.g. 5%."),
]
PatienceOpt = Annotated[
    str | None,
    typer.Option(
        "--patience",
        help="Mean patience on hold, e.g. 1m: sizes by Erlang A (callers hang up);"
        " without it Erlang C. Needed by --target-abandon.",
    ),
]
MaxOccupancyOpt = Annotated[
    str | None,
    typer.Option("--max-occupancy", help="Largest share of the agents' time on calls, e.g. 85%."),
]
ShrinkageOpt = Annotated[
    str | None,
    typer.Option(
        "--shrinkage",
        help="Paid time off the phones (breaks, training, absence), e.g. 30%: adds"
        " scheduled_agents = agents / (1 - shrinkage), rounded up.",
    ),
]


@size_app.command("agents")
@reports_errors
def size_agents_command(
    traffic: TrafficOpt = None,
    calls_per_hour: CallsOpt = None,
    talk: TalkOpt = None,
    target_answer: TargetAnswerOpt = None,
    target_asa: TargetAsaOpt = None,
    target_abandon: TargetAbandonOpt = None,
    patience: PatienceOpt = None,
    max_occupancy: MaxOccupancyOpt = None,
    shrinkage: ShrinkageOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Fewest agents that meet one target: --target-answer, --target-asa or --target-abandon.

    With --patience the callers on hold hang up and Erlang A decides (the model of
    'teletraffic erlang a'); without it nobody hangs up and Erlang C decides. The service
    level is the share of all callers answered within the time, those who hang up
    included. Example:
    teletraffic size agents --calls-per-hour 300 --talk 4m --patience 1m --target-answer 80%/20s
    """
    a, _, talk_s = _load(traffic, calls_per_hour, talk)
    h = _need_talk(talk_s, "to size agents")
    given = [x for x in (target_answer, target_asa, target_abandon) if x is not None]
    if len(given) != 1:
        raise InputError(
            "give exactly one target: --target-answer 80%/20s, --target-asa 20s"
            " or --target-abandon 5% (with --patience)"
        )
    pat = _patience_flag(patience)
    n, row, what, t = _agents_for_target(a, h, pat, target_answer, target_asa, target_abandon)
    if max_occupancy is not None:
        occ = _share("--max-occupancy", max_occupancy)
        if occ == 0.0:
            raise InputError("--max-occupancy: must be above 0")
        n = max(n, math.ceil(a / occ - 1e-9))
        row |= {"max_occupancy": occ}
    model = "Erlang C" if pat is None else "Erlang A"
    row |= {"model": model, "agents": n}
    if shrinkage is not None:
        off = _share("--shrinkage", shrinkage)
        if off >= 1.0:
            raise InputError(f"--shrinkage: {shrinkage!r} leaves nobody on the phones")
        row |= {"shrinkage": off, "scheduled_agents": math.ceil(n / (1.0 - off) - 1e-9)}
    row |= _agents_figures(n, a, h, pat, t)
    given_patience = "" if pat is None else f", patience {pat:g} s"
    title = f"Agents for {what} ({model}{given_patience}); {_SL_CONVENTION.format(t=t)}"
    print_rows([row], fmt, title)


def _agents_for_target(
    a: float,
    h: float,
    pat: float | None,
    target_answer: str | None,
    target_asa: str | None,
    target_abandon: str | None,
) -> tuple[int, dict[str, Any], str, float]:
    """The fewest agents for the one target given: ``(agents, row, what, answer time)``."""
    t = 20.0
    row: dict[str, Any] = {"erlangs": a}
    if target_abandon is not None:
        share = _share("--target-abandon", target_abandon)
        if share == 0.0:
            raise InputError("--target-abandon: must be above 0 (someone always hangs up)")
        if pat is None:
            raise InputError("--target-abandon needs --patience (mean time on hold, e.g. 1m)")
        n = erlang.agents_for_abandonment(a, h, pat, share)
        row |= {"target_abandon": share}
        what = "an abandonment target"
    elif target_answer is not None:
        share, t = _answer_target(target_answer)
        n = erlang.agents_for_service_level(a, h, share, t, patience=pat)
        row |= {"target_share": share}
        what = "a service-level target"
    else:
        assert target_asa is not None
        w = _duration("--target-asa", target_asa)
        if w == 0.0:
            raise InputError("--target-asa: must be longer than 0")
        n = erlang.agents_for_asa(a, h, w, patience=pat)
        row |= {"target_asa_s": w}
        what = "an average-wait target"
    return n, row, what, t
