"""The ``fit`` command: read call detail records, fit the traffic, write a scenario.

``teletraffic fit CDR_FILE`` reads the file in chunks (a progress bar on a terminal) and
says in plain words what the records show (new callers an
hour and by hour of the day, opening hours, talk time, patience, redials, outbound
calls) and prints the figures with their intervals and sample sizes. With ``--out
scenario.yaml`` it writes a scenario with that traffic: on the lines, PBX and
departments of ``--scenario BASE.yaml`` if given, else on one generously sized
multichannel line. The file is written only when it loads as a valid scenario, and
atomically (all or nothing).

Module-level imports stay light; pandas, scipy and the scenario model load inside the
command.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from teletraffic.cli.output import Fmt, Format, out_path, print_rows, reports_errors

if TYPE_CHECKING:
    from teletraffic.cdr import TrafficFit
    from teletraffic.cdr.busy_hour import BusyHour
    from teletraffic.scenario import Scenario

__all__ = ["register", "write_text_atomically"]

_UNITS = {
    "calls": "",
    "calls_per_hour": "calls/h",
    "talk_mean": "s",
    "talk_cv": "",
    "patience_mean": "s",
    "redial_share": "%",
    "redial_delay": "s",
}
_WORDS = {
    "calls": "calls in the records",
    "calls_per_hour": "calls per hour",
    "talk_mean": "talk, mean",
    "talk_cv": "talk, cv",
    "patience_mean": "patience, mean",
    "redial_share": "failed attempts redialled",
    "redial_delay": "redial after, mean",
}


CdrFile = Annotated[
    Path,
    typer.Argument(
        help="Call records: a teletraffic calls.csv, Asterisk Master.csv (cdr_csv) or a "
        "cdr_custom file, FreeSWITCH's mod_cdr_csv Master.csv, or a CSV export with a header.",
        show_default=False,
    ),
]
InputFormat = Annotated[
    str,
    typer.Option(
        "--input-format",
        "-i",
        help="The records' format: auto (told by the content), teletraffic, asterisk, "
        "asterisk-custom, freeswitch or csv.",
    ),
]
Template = Annotated[
    Path | None,
    typer.Option(
        "--template",
        "-t",
        help="The PBX's own cdr_custom.conf or cdr_csv.conf.xml: the column order of "
        "its headerless CDR file.",
        show_default=False,
    ),
]
Columns = Annotated[
    list[str] | None,
    typer.Option(
        "--columns",
        "-c",
        help="CSV with a header: which column holds what, e.g. start=Date,talk=Duration "
        "(fields: start, date, time, direction, number, caller, outcome, wait, "
        "talk, duration, line). A PBX's headerless file: its fields in order, e.g. "
        "clid,src,dst,dcontext,... (Asterisk) or caller_id_name,caller_id_number,... "
        "(FreeSWITCH).",
    ),
]
ScenarioOut = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        parser=out_path,
        help="Write a scenario with the fitted traffic to this file.",
    ),
]
BaseScenario = Annotated[
    Path | None,
    typer.Option(
        "--scenario",
        help="With --out: keep this scenario's lines, PBX and departments, replace its traffic.",
    ),
]
RedialWindow = Annotated[
    str,
    typer.Option(
        "--redial-window",
        help="A call of the same caller to the same number this soon after a "
        "failed attempt is a redial.",
    ),
]
OneStream = Annotated[
    bool,
    typer.Option("--one-stream", help="Fit all inbound calls as one stream."),
]
DayMean = Annotated[
    bool,
    typer.Option(
        "--day-mean",
        help="With --out: write the mean rate over the open hours, not the busy hour's.",
    ),
]
FitLevel = Annotated[
    float,
    typer.Option("--level", min=0.5, max=0.9999, help="Confidence level of the intervals."),
]


def write_text_atomically(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file beside it: all of it or nothing.

    A symbolic link at *path* is refused, not followed.
    """
    from teletraffic.cli.output import refuse_link

    refuse_link(path)
    target = path
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _cell(figure: str, value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if figure == "redial_share":
        return f"{100 * value:.1f}%"
    if figure == "talk_cv":
        return f"{value:.2f}"
    if _UNITS.get(figure) == "s":
        return f"{value:.1f} s"
    return f"{value:.2f}"


def _rate(value: Any) -> str:
    return "-" if value is None or value != value else f"{float(value):.1f}"


def _rows(fit: TrafficFit) -> list[dict[str, Any]]:
    level = f"{round(100 * fit.level, 2):g}% interval"
    rows = []
    for r in fit.summary.to_dict(orient="records"):
        figure = str(r["figure"])
        low, high = float(r["ci_low"]), float(r["ci_high"])
        rows.append(
            {
                "stream": str(r["stream"]),
                "figure": _WORDS.get(figure, figure),
                "value": _cell(figure, float(r["value"])),
                level: "-" if math.isnan(low) else f"{_cell(figure, low)} .. {_cell(figure, high)}",
                "sample": f"{int(r['n']):,}",
                "how": str(r["note"]),
            }
        )
    return rows


def register(app: typer.Typer) -> None:
    """Add the ``fit`` and ``busy-hour`` commands to *app*."""
    _busy_hour_command(app)

    @app.command()
    @reports_errors
    def fit(
        cdr_file: CdrFile,
        cdr_format: InputFormat = "auto",
        fmt: Fmt = Format.table,
        template: Template = None,
        columns: Columns = None,
        out: ScenarioOut = None,
        scenario: BaseScenario = None,
        redial_window: RedialWindow = "30m",
        one_stream: OneStream = False,
        day_mean: DayMean = False,
        level: FitLevel = 0.95,
    ) -> None:
        """Fit traffic (calls per hour, talk, patience, redials) to call records."""
        from teletraffic.cdr import fit_traffic, read_cdr

        window = _check_options(cdr_file, cdr_format, redial_window, out, scenario)
        mapping = _columns(columns)
        base = None
        if scenario is not None:
            from teletraffic.scenario import load_scenario

            base = load_scenario(scenario)  # a bad base scenario stops here, nothing written

        from teletraffic.cli.planning import _status

        with _reading(cdr_file.name) as progress:
            cdr = read_cdr(
                cdr_file, cdr_format, mapping or None, template=template, progress=progress
            )
        with _status(True, prefix="") as status:
            if status is not None:
                status("fitting the traffic")
            result = fit_traffic(cdr, redial_window=window, one_stream=one_stream, level=level)
            busy = None if result.steady else _busy_hour(cdr, result, use=not day_mean)
        text = result.to_scenario_yaml(base) if out is not None else None

        _print_fit(result, fmt, busy)
        if out is not None and text is not None:
            _write_scenario(out, text, scenario, base)


def _busy_hour_command(app: typer.Typer) -> None:
    @app.command("busy-hour")
    @reports_errors
    def busy_hour_cmd(
        cdr_file: CdrFile,
        cdr_format: InputFormat = "auto",
        fmt: Fmt = Format.table,
        template: Template = None,
        columns: Columns = None,
    ) -> None:
        """The busy hour of call records: traffic per quarter hour, the time-consistent
        busy hour, the average daily peak hour and the traffic to size the lines for
        (ITU-T E.500)."""
        from teletraffic.cdr import FORMATS, read_cdr
        from teletraffic.cdr.busy_hour import busy_hour
        from teletraffic.errors import InputError

        if cdr_format not in FORMATS:
            raise InputError(f"--input-format: {cdr_format!r} is not one of {', '.join(FORMATS)}")
        cdr = read_cdr(cdr_file, cdr_format, _columns(columns) or None, template=template)
        busy = busy_hour(cdr)
        quarters = busy.quarters
        if fmt is Format.csv:
            rows = [
                {"day": str(day), "quarter": str(q), "erlangs": float(v)}
                for day, row in quarters.iterrows()
                for q, v in row.items()
            ]
            print_rows(rows, fmt)
            return
        if fmt is Format.json:
            meta = {
                "cdr_file": str(cdr_file),
                "format": str(cdr.attrs.get("format", "")),
                "days": busy.days,
                "tcbh_start": busy.tcbh_start,
                "quarters": {
                    str(day): {q: round(float(v), 4) for q, v in row.items() if v > 0}
                    for day, row in quarters.iterrows()
                },
            }
            print_rows(busy.summary(), fmt, metadata=meta)
            return
        typer.echo(busy.describe())
        print_rows(busy.summary(), Format.table, title="Busy hour (ITU-T E.500)")
        mean = quarters.mean(axis=0)
        peak = quarters.max(axis=0)
        rows = [
            {
                "quarter": q,
                "mean, erlangs": f"{mean[q]:.2f}",
                "highest day, erlangs": f"{peak[q]:.2f}",
            }
            for q in quarters.columns
            if peak[q] > 0
        ]
        print_rows(rows, Format.table, title=f"Traffic per quarter hour over {busy.days} days")


def _columns(columns: list[str] | None) -> dict[str, str] | list[str]:
    """``--columns``: FIELD=COLUMN pairs (a CSV with a header) or fields in order."""
    from teletraffic.cdr import parse_columns

    if not columns:
        return {}
    if any("=" in c for c in columns):
        return parse_columns(columns)
    return [name for c in columns for name in c.split(",")]


def _check_options(
    cdr_file: Path, cdr_format: str, redial_window: str, out: Path | None, scenario: Path | None
) -> float:
    """Refuse options that cannot work before anything is read; the redial window in s."""
    from teletraffic.cdr import FORMATS
    from teletraffic.errors import InputError
    from teletraffic.units import parse_duration

    if cdr_format not in FORMATS:
        raise InputError(f"--input-format: {cdr_format!r} is not one of {', '.join(FORMATS)}")
    try:
        window = parse_duration(redial_window)
    except ValueError as err:
        raise InputError(f"--redial-window: {err}") from None
    if window <= 0:
        raise InputError("--redial-window: must be longer than 0 s")
    if scenario is not None and out is None:
        raise InputError("--scenario needs --out: the file to write the scenario to")
    if out is not None:
        from teletraffic.cli.output import check_out

        check_out(out, folder=False)
        with contextlib.suppress(OSError):
            if out.exists() and out.resolve() == cdr_file.resolve():
                raise InputError(f"--out: {out} is the call record file itself")
    return window


@contextlib.contextmanager
def _reading(name: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while a file is read, lines read of the file's lines; on
    a terminal only (none in a pipe, a log or a test)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("reading {task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task(name[:60], total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def _busy_hour(cdr: Any, result: TrafficFit, *, use: bool) -> BusyHour | None:
    """The busy hour of the records; with *use*, each constant-rate inbound stream's
    rate in it is set for the scenario (new callers: its attempts less redials)."""
    from teletraffic.cdr.busy_hour import busy_hour

    busy = busy_hour(cdr)
    if use:
        for i, s in enumerate(result.streams):
            if s.direction != "in" or s.uses_profile:
                continue
            attempts = busy.tcbh_rates.get(s.number, sum(busy.tcbh_rates.values()))
            first = attempts * s.rate.n / max(s.attempts, 1)
            result.streams[i] = dataclasses.replace(s, busy_rate=max(first, s.rate.value))
        result.notes.append(
            f"a scenario written with --out takes each constant rate from the busy hour "
            f"{busy.tcbh_start} (never below the mean over the open hours; --day-mean: the "
            "mean)"
        )
    return busy


def _print_fit(
    result: TrafficFit, fmt: Format = Format.table, busy: BusyHour | None = None
) -> None:
    """The fit in words, its figures, and the hourly profile when a stream has one; as
    JSON or CSV, the figures with their intervals and sample sizes (JSON: and how they
    were read)."""
    if fmt is not Format.table:
        from teletraffic import __version__

        figures = [{str(k): v for k, v in r.items()} for r in result.summary.to_dict("records")]
        meta = {
            "teletraffic_version": __version__,
            "cdr_file": result.source,
            "format": result.format,
            "legs": result.legs,
            "calls": result.records,
            "days": result.days,
            "open": result.open,
            "close": result.close,
            "confidence_level": result.level,
            "notes": result.notes,
        }
        if busy is not None:
            meta["busy_hour"] = busy.summary()
        if result.members is not None:
            meta["members"] = [
                {str(k): v for k, v in r.items()} for r in result.members.to_dict("records")
            ]
        print_rows(figures, fmt, metadata=meta)
        return
    typer.echo(result.describe())
    if busy is not None:
        typer.echo(busy.describe())
    print_rows(_rows(result), Format.table, title="Fitted traffic")
    if any(s.uses_profile for s in result.streams):
        table = result.profile_table()
        rows = [
            {"hour": f"{h}:00", **{str(k): _rate(v) for k, v in row.items()}}
            for h, row in table.iterrows()
        ]
        print_rows(rows, Format.table, title="New callers per hour, by hour of the day")
    if result.members is not None and not result.members.empty:
        members = [
            {
                "queue": str(r["queue"]),
                "member": str(r["member"]),
                "answered": f"{int(r['answered']):,}",
                "share of answers": f"{100 * float(r['answered_share']):.1f}%",
                "rang, no answer": f"{int(r['ring_no_answer']):,}",
                "share of rings": f"{100 * float(r['ring_no_answer_share']):.1f}%",
            }
            for r in result.members.to_dict("records")
        ]
        print_rows(members, Format.table, title="Queue members")


def _write_scenario(out: Path, text: str, scenario: Path | None, base: Scenario | None) -> None:
    """Write the fitted scenario and say so (and warn when the base passes calls on)."""
    write_text_atomically(out, text)
    kept = f" on the set-up of {scenario}" if scenario is not None else ""
    typer.echo(f"wrote {out}{kept}; try: teletraffic run {out}", err=True)
    if base is not None and (base.transfers or base.conference is not None):
        typer.echo(
            f"Note: {scenario} passes calls on (transfers or conferences), and talk "
            "in call records runs over every department a call reached: the fitted "
            "talk already holds those legs, which the scenario simulates again. "
            "Lower the fitted talk by the time spent after a transfer, or drop the "
            "transfers, before trusting the loads.",
            err=True,
        )
