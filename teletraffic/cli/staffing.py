"""``teletraffic staff FORECAST``: people per interval of a day, and shifts that cover it.

Thin: parses the flags, calls :func:`teletraffic.staff`, prints. pandas, scipy and the
engine load inside the command.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer

from teletraffic.cli.output import Format, print_rows, reports_errors
from teletraffic.errors import InputError
from teletraffic.units import parse_answer_target, parse_duration, parse_share

__all__ = ["register"]

_OPT = typer.Option


def _answer(text: str) -> tuple[float, float]:
    try:
        share, t = parse_answer_target(text)
    except ValueError as err:
        raise InputError(f"--target-answer: {err}") from None
    if not 0.0 < share < 1.0:
        raise InputError(f"--target-answer: the share must be between 0 and 100%, got {text!r}")
    return share, t


def _checked(flag: str, text: str | None, parse: Any) -> float | None:
    if text is None:
        return None
    try:
        return float(parse(text))
    except ValueError as err:
        raise InputError(f"{flag}: {err}") from None


ForecastArg = Annotated[
    Path, typer.Argument(help="CSV with start, calls (talk, patience), or a scenario.")
]
TalkOpt = Annotated[str | None, _OPT("--talk", help="Mean talk time, e.g. 4m.")]
PatienceOpt = Annotated[
    str | None, _OPT("--patience", help="Mean patience on hold, e.g. 2m (Erlang A).")
]
TargetAnswerOpt = Annotated[
    str, _OPT("--target-answer", help="Share answered within a time, 80%/20s.")
]
TargetAbandonOpt = Annotated[
    str | None, _OPT("--target-abandon", help="Largest share who hang up, 5%.")
]
TargetAsaOpt = Annotated[str | None, _OPT("--target-asa", help="Largest mean wait on hold, 30s.")]
MaxOccupancyOpt = Annotated[
    str | None, _OPT("--max-occupancy", help="Largest share of time on calls, 85%.")
]
IntervalOpt = Annotated[str | None, _OPT("--interval", help="Interval length: 15m, 30m or 60m.")]
ShrinkageOpt = Annotated[
    str, _OPT("--shrinkage", help="Paid time off the phones (breaks, absence), 30%.")
]
ShiftsOpt = Annotated[Path | None, _OPT("--shifts", help="Shift rules (YAML): print the roster.")]
TariffsOpt = Annotated[
    Path | None, _OPT("--tariffs", help="Tariff menu: its staff price costs the roster.")
]
VolumeCvOpt = Annotated[
    str, _OPT("--volume-cv", help="Day-to-day variation of the day's volume, 10%.")
]
PercentileOpt = Annotated[
    float, _OPT("--percentile", min=50, max=99.9, help="Staff for this day, 80.")
]
VolumeDistOpt = Annotated[str, _OPT("--volume-dist", help="Day factor: gamma or normal.")]
ReplicationsOpt = Annotated[
    int, _OPT("--replications", "-r", min=2, max=10_000, help="Days per pass.")
]
SeedOpt = Annotated[int, _OPT("--seed", "-s", min=0, help="Random seed.")]
WorkersOpt = Annotated[
    int,
    _OPT("--workers", "-w", min=1, max=256, help="Processes to run the days in."),
]
PlotOpt = Annotated[Path | None, _OPT("--plot", help="Write a chart (PNG/SVG/PDF) of the day.")]
ReportOpt = Annotated[
    Path | None,
    _OPT("--report", help="Write an HTML page of the day: words, chart, tables."),
]
TitleOpt = Annotated[str | None, _OPT("--title", help="Title of the --report page.")]
FmtOpt = Annotated[Format, _OPT("--format", "-f", help="table, csv or json.")]


def register(app: typer.Typer) -> None:
    """Add ``staff`` to *app*."""
    app.command("staff")(reports_errors(staff_command))


def staff_command(
    forecast: ForecastArg,
    talk: TalkOpt = None,
    patience: PatienceOpt = None,
    target_answer: TargetAnswerOpt = "80%/20s",
    target_abandon: TargetAbandonOpt = None,
    target_asa: TargetAsaOpt = None,
    max_occupancy: MaxOccupancyOpt = None,
    interval: IntervalOpt = None,
    shrinkage: ShrinkageOpt = "0",
    shifts: ShiftsOpt = None,
    tariffs: TariffsOpt = None,
    volume_cv: VolumeCvOpt = "0",
    percentile: PercentileOpt = 80.0,
    volume_dist: VolumeDistOpt = "gamma",
    replications: ReplicationsOpt = 20,
    seed: SeedOpt = 2026,
    workers: WorkersOpt = 1,
    plot: PlotOpt = None,
    report: ReportOpt = None,
    title: TitleOpt = None,
    fmt: FmtOpt = Format.table,
) -> None:
    """People per interval of a day of calls, checked in a simulated day.

    Starts from Erlang A (with --patience) or C on the load lagged by the talk time,
    then simulates the whole day and adds or removes people interval by interval
    until every interval meets the targets. Example:
    teletraffic staff day.csv --talk 4m --patience 2m --target-answer 80%/20s
    """
    from teletraffic.staffing import staff

    if volume_dist not in ("gamma", "normal"):
        raise InputError(f"--volume-dist: {volume_dist!r} is not gamma or normal")
    _check_outputs(plot, report)
    df = staff(
        forecast,
        talk=_checked("--talk", talk, parse_duration),
        patience=_checked("--patience", patience, parse_duration),
        target_answer=_answer(target_answer),
        target_abandon=_checked("--target-abandon", target_abandon, parse_share),
        target_asa=_checked("--target-asa", target_asa, parse_duration),
        max_occupancy=_checked("--max-occupancy", max_occupancy, parse_share),
        interval=_checked("--interval", interval, parse_duration),
        shrinkage=_checked("--shrinkage", shrinkage, parse_share) or 0.0,
        shifts=shifts,
        volume_cv=_checked("--volume-cv", volume_cv, parse_share) or 0.0,
        percentile=percentile,
        volume_dist="normal" if volume_dist == "normal" else "gamma",
        replications=replications,
        seed=seed,
        workers=workers,
    )
    cost = _cost(df, tariffs)
    if plot is not None:
        from teletraffic.plots.day import staffing_chart

        staffing_chart(df, plot)
    if report is not None:
        _write_report(df, report, forecast, title, cost)
    _print(df, fmt, cost, forecast)


def _check_outputs(plot: Path | None, report: Path | None) -> None:
    """Before any work: can the chart and the page be written where asked?"""
    from teletraffic.cli.output import check_out

    if plot is not None:
        check_out(plot, "--plot", folder=False)
    if report is not None:
        check_out(report, "--report", folder=False)


def _write_report(
    df: Any, out: Path, forecast: Path, title: str | None, cost: dict[str, Any] | None
) -> Path:
    from teletraffic.report import write_report
    from teletraffic.report.day import day_report

    page = day_report(df, source=forecast.name, title=title, cost=cost)
    written = write_report(out, page)
    typer.echo(f"wrote {written}", err=True)
    return written


def report_day(
    forecast: Path,
    out: Path,
    *,
    talk: str | None,
    patience: str | None,
    shifts: Path | None,
    targets: dict[str, Any],
    tariffs: Path | None,
    replications: int | None,
    seed: int | None,
    workers: int,
    level: float,
    title: str | None,
) -> None:
    """``teletraffic report FORECAST.csv``: staff the day and write its page to *out*.

    The flags are those of ``report`` (*targets* as its ``_targets`` reads them; the
    answer target defaults to 80%/20s); the other staffing flags keep their defaults
    (``teletraffic staff ... --report`` has them all).
    """
    from teletraffic.staffing import staff

    if "target_busy" in targets:
        raise InputError(
            "--target-busy: a day's staffing has no busy signal (the hold queue has no "
            "limit); give --target-answer or --target-abandon"
        )
    if tariffs is not None and shifts is None:
        raise InputError("--tariffs prices the roster: give --shifts too")
    answer = targets.get("target_answer", None if "target_abandon" in targets else (0.8, 20.0))
    df = staff(
        forecast,
        talk=_checked("--talk", talk, parse_duration),
        patience=_checked("--patience", patience, parse_duration),
        target_answer=answer,
        target_abandon=targets.get("target_abandon"),
        shifts=shifts,
        replications=replications or 20,
        seed=2026 if seed is None else seed,
        level=level,
        workers=workers,
    )
    cost = _cost(df, tariffs)
    _write_report(df, out, forecast, title, cost)
    typer.echo(headline(df))


def headline(df: Any) -> str:
    """One line about a staffed day: calls, people, person-hours, intervals on target."""
    from teletraffic.report.day import day_span

    hours = float(df["staff"].sum()) * float(df.attrs["interval_seconds"]) / 3600.0
    line = (
        f"{day_span(df)}, {len(df)} intervals: {df['calls'].sum():,.0f} calls, "
        f"{int(df['staff'].min())}-{int(df['staff'].max())} people on the phones, "
        f"{hours:g} person-hours"
    )
    answer = getattr(df.attrs.get("targets"), "answer", None)
    if answer is not None:
        sl = df["service_level"]
        meets = int((sl.isna() | (sl >= answer[0])).sum())
        line += (
            f"; {meets} of {len(df)} intervals answer {100 * answer[0]:g}% "
            f"within {answer[1]:g} s in the simulated day"
        )
    return line


def _cost(df: Any, tariffs: Path | None) -> dict[str, Any] | None:
    roster = df.attrs.get("roster")
    if tariffs is None:
        return None
    if roster is None:
        raise InputError("--tariffs prices the roster: give --shifts too")
    from teletraffic.staffing.roster import cost_per_hour
    from teletraffic.tariffs import load_tariffs

    menu = load_tariffs(tariffs)
    if menu.staff is None:
        raise InputError(f"{tariffs}: the menu has no staff price (staff: {{monthly: ...}})")
    hourly = cost_per_hour(menu.staff.monthly)
    return {
        "paid_hours": roster.paid_hours,
        "per_hour": hourly,
        "day_cost": roster.paid_hours * hourly,
        "currency": menu.currency,
    }


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def cell(v: Any) -> Any:
        if isinstance(v, float):
            return round(v, 3) if math.isfinite(v) else v
        return v

    return [{k: cell(v) for k, v in r.items()} for r in rows]


def _print(df: Any, fmt: Format, cost: dict[str, Any] | None, source: Path) -> None:
    rows = [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
        for r in df.to_dict("records")
    ]
    passes = [
        {"pass": what, "raised": up, "lowered": down} for what, up, down in df.attrs["passes"]
    ]
    roster = df.attrs.get("roster")
    shifts = roster.rows() if roster is not None else []
    if fmt is Format.json:
        import json
        import sys

        data: dict[str, Any] = {"intervals": rows, "passes": passes}
        if roster is not None:
            data["roster"] = shifts
            data["paid_hours"] = roster.paid_hours
            data["lp_bound_hours"] = roster.bound_hours
        if cost is not None:
            data["cost"] = cost
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
        return
    if fmt is Format.csv:
        print_rows(rows, fmt)
        return
    factor = df.attrs["volume_factor"]
    day = "" if factor == 1.0 else f" (sized for a day of {factor:.3f} x the volume)"
    print_rows(_rounded(rows), fmt, f"Staff per interval of {source}{day}")
    print_rows(passes, fmt, "How the staffing was found")
    if not df.attrs["converged"]:
        typer.echo("Note: the passes ran out before every interval met the targets.")
    if roster is not None:
        print_rows(_rounded(shifts), fmt, "Roster")
        typer.echo(
            f"Paid hours {roster.paid_hours:g} (linear-programming bound "
            f"{roster.bound_hours:.2f}, {100 * roster.gap:.1f}% above it)"
        )
    if cost is not None:
        typer.echo(
            f"Cost of the day: {cost['day_cost']:,.0f} {cost['currency']} "
            f"({cost['paid_hours']:g} h x {cost['per_hour']:,.2f} per hour)"
        )
