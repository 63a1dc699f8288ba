"""The ``fit`` command: read call detail records, fit the traffic, write a scenario.

``teletraffic fit CDR_FILE`` says in plain words what the records show (new callers an
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
import math
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from teletraffic.cli.output import Format, out_path, print_rows, reports_errors

if TYPE_CHECKING:
    from teletraffic.cdr import TrafficFit
    from teletraffic.scenario import Scenario

__all__ = ["register", "write_text_atomically"]

_UNITS = {
    "calls_per_hour": "calls/h",
    "talk_mean": "s",
    "talk_cv": "",
    "patience_mean": "s",
    "redial_share": "%",
    "redial_delay": "s",
}
_WORDS = {
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
        help="Call records: a teletraffic calls.csv, Asterisk Master.csv or a CSV "
        "export with a header.",
        show_default=False,
    ),
]
InputFormat = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="auto, teletraffic, asterisk or csv.",
    ),
]
Columns = Annotated[
    list[str] | None,
    typer.Option(
        "--columns",
        "-c",
        help="CSV: which column holds what, e.g. start=Date,talk=Duration "
        "(fields: start, date, time, direction, number, caller, outcome, wait, "
        "talk, duration, line).",
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
    """Add the ``fit`` command to *app*."""

    @app.command()
    @reports_errors
    def fit(
        cdr_file: CdrFile,
        cdr_format: InputFormat = "auto",
        columns: Columns = None,
        out: ScenarioOut = None,
        scenario: BaseScenario = None,
        redial_window: RedialWindow = "30m",
        one_stream: OneStream = False,
        level: FitLevel = 0.95,
    ) -> None:
        """Fit traffic (calls per hour, talk, patience, redials) to call records."""
        from teletraffic.cdr import fit_traffic, parse_columns, read_cdr

        window = _check_options(cdr_file, cdr_format, redial_window, out, scenario)
        mapping = parse_columns(columns)
        base = None
        if scenario is not None:
            from teletraffic.scenario import load_scenario

            base = load_scenario(scenario)  # a bad base scenario stops here, nothing written

        from teletraffic.cli.planning import _status

        with _status(True, prefix="") as status:
            if status is not None:
                status(f"reading {cdr_file.name}")
            cdr = read_cdr(cdr_file, cdr_format, mapping or None)
            if status is not None:
                status("fitting the traffic")
            result = fit_traffic(cdr, redial_window=window, one_stream=one_stream, level=level)
        text = result.to_scenario_yaml(base) if out is not None else None

        _print_fit(result)
        if out is not None and text is not None:
            _write_scenario(out, text, scenario, base)


def _check_options(
    cdr_file: Path, cdr_format: str, redial_window: str, out: Path | None, scenario: Path | None
) -> float:
    """Refuse options that cannot work before anything is read; the redial window in s."""
    from teletraffic.cdr import FORMATS
    from teletraffic.errors import InputError
    from teletraffic.units import parse_duration

    if cdr_format not in FORMATS:
        raise InputError(f"--format: {cdr_format!r} is not one of {', '.join(FORMATS)}")
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


def _print_fit(result: TrafficFit) -> None:
    """The fit in words, its figures, and the hourly profile when a stream has one."""
    typer.echo(result.describe())
    print_rows(_rows(result), Format.table, title="Fitted traffic")
    if any(s.uses_profile for s in result.streams):
        table = result.profile_table()
        rows = [
            {"hour": f"{h}:00", **{str(k): _rate(v) for k, v in row.items()}}
            for h, row in table.iterrows()
        ]
        print_rows(rows, Format.table, title="New callers per hour, by hour of the day")


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
