"""How the command line speaks: tables, JSON and CSV out, errors as one paragraph.

Figures are named as in files (``p_busy``) and labelled for people from the registry
(:mod:`teletraffic.metrics`). A JSON result carries how it was made
(:func:`run_metadata`). Kept free of pandas, matplotlib and simpy, so that quick
commands (``teletraffic erlang ...``) start instantly.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import math
import os
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from teletraffic.errors import InputError, LongRunWarning, TeletrafficError
from teletraffic.metrics import label

__all__ = [
    "Fmt",
    "Force",
    "Format",
    "Level",
    "Out",
    "Replications",
    "Seed",
    "Terminated",
    "Workers",
    "check_out",
    "fail",
    "figure_label",
    "out_path",
    "print_rows",
    "refuse_heavy",
    "refuse_link",
    "reports_errors",
    "run_metadata",
    "stop_on_sigterm",
]

P = ParamSpec("P")
R = TypeVar("R")


class Format(StrEnum):
    """Output format of a command."""

    table = "table"
    json = "json"
    csv = "csv"


def out_path(value: str | Path) -> Path:
    """``--out`` as typed: an empty name is refused (it would mean the current folder)."""
    if isinstance(value, Path):
        return value
    if not value.strip():
        raise typer.BadParameter("an empty name; give a file or folder name")
    return Path(value)


# options shared by the commands that simulate
Replications = Annotated[
    int | None,
    typer.Option(
        "--replications", "-r", min=1, max=10_000, help="Replications (default: the file's)."
    ),
]
Seed = Annotated[
    int | None, typer.Option("--seed", "-s", min=0, help="Random seed (default: the file's).")
]
Workers = Annotated[
    int, typer.Option("--workers", "-w", min=1, max=256, help="Processes to run replications in.")
]
Level = Annotated[
    float, typer.Option("--level", min=0.5, max=0.9999, help="Confidence level of the intervals.")
]
PrecisionOpt = Annotated[
    str | None,
    typer.Option(
        "--precision",
        help=(
            "Add replications until the interval half-width is at most this: 0.2% (the "
            "busy or not-answered share, in points), p_wait=1%, mean_wait=5s, mean_wait=5%."
        ),
    ),
]
MaxReplications = Annotated[
    int,
    typer.Option(
        "--max-replications", min=2, max=100_000, help="With --precision: stop here (1000)."
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Run even a scenario estimated to exhaust memory or to take hours."
    ),
]
Fmt = Annotated[Format, typer.Option("--format", "-f", help="Output: table, json or csv.")]
Out = Annotated[
    Path | None,
    typer.Option("--out", "-o", parser=out_path, help="Folder to write the tables into (CSV)."),
]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs (exit status 143)."""


def stop_on_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated`: workers stopped, temporary files removed."""

    def terminated(signum: int, frame: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminated)


def refuse_link(path: Path, flag: str = "--out") -> None:
    """Refuse a symbolic link at an output *path*: writing would follow it elsewhere."""
    if path.is_symlink():
        raise InputError(
            f"{flag}: {path} is a symbolic link (to {os.readlink(path)}); nothing is "
            "written through a link: give another name or remove the link"
        )


def check_out(path: Path, flag: str = "--out", *, folder: bool) -> None:
    """Before any work: can *path* (a *folder*, or a file) be written? Else say why.

    Refuses a symbolic link, a folder where a file is wanted and the reverse, a parent
    that is a file, and a place where no file can be made (read-only, no permission),
    found by making and removing an empty temporary folder there.
    """
    refuse_link(path, flag)
    if folder and path.exists() and not path.is_dir():
        raise InputError(f"{flag}: {path} exists and is not a folder")
    if not folder and path.is_dir():
        raise InputError(f"{flag}: {path} is a folder; give a file name")
    where = path if folder and path.is_dir() else path.parent
    while not where.exists() and where != where.parent:
        where = where.parent
    if not where.is_dir():
        raise InputError(f"{flag}: {where} is not a folder, so {path} cannot be made")
    try:
        tempfile.TemporaryDirectory(prefix=".teletraffic-check.", dir=where).cleanup()
    except OSError as err:
        raise InputError(
            f"{flag}: cannot write into {where} ({err.strerror or err}); nothing was run"
        ) from None


def refuse_heavy(
    scenario: Any, replications: int, *, workers: int, call_log: bool, force: bool
) -> None:
    """Before a run: refuse one estimated to exhaust memory or take hours (unless *force*)."""
    if force:
        return
    from teletraffic.runner import estimate_work

    why = estimate_work(scenario, replications, workers=workers, call_log=call_log).refusal()
    if why is not None:
        raise InputError(why)


def _note_long_run(
    show: Callable[..., None],
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A run estimated to take long says so on stderr as a note, before it starts; other
    warnings are passed on to *show*, as they were."""
    if issubclass(category, LongRunWarning):
        typer.echo(f"Note: {message}.", err=True)
        return
    show(message, category, filename, lineno, file, line)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print *message* as one paragraph on stderr and return the Exit to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=code)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a :class:`TeletrafficError` (or a failed write) into a message and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with warnings.catch_warnings():
                warnings.showwarning = functools.partial(_note_long_run, warnings.showwarning)
                return func(*args, **kwargs)
        except TeletrafficError as err:
            raise fail(str(err)) from None
        except BrokenPipeError:  # `teletraffic ... | head`: the reader has gone, say nothing
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(code=1) from None
        except OSError as err:  # an output folder that is read-only or full
            where = f"{err.filename}: " if err.filename else ""
            raise fail(f"cannot write {where}{err.strerror or err}; nothing was written") from None
        except KeyboardInterrupt as err:
            typer.echo("Interrupted; nothing was written.", err=True)
            raise typer.Exit(code=143 if isinstance(err, Terminated) else 130) from None

    return wrapper


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isinf(value):
            return "inf"
        if math.isnan(value):
            return "-"
        if value != 0 and (abs(value) < 1e-4 or abs(value) >= 1e9):
            return f"{value:.4g}"
        return f"{value:.6g}"
    return str(value)


def figure_label(name: str) -> str:
    """A figure as a table shows it: its plain label, then the name files use.

    ``p_busy`` reads "heard busy (p_busy)"; a name the registry does not know stays as
    it is.
    """
    text = label(name)
    return name if text == name else f"{text} ({name})"


def run_metadata(
    scenario_file: Path,
    *,
    seed: int,
    replications: int,
    currency: str,
    level: float,
) -> dict[str, Any]:
    """How a result was made, for its JSON: the teletraffic version, the scenario file and
    its SHA-256, seed, replications, when (UTC, ISO 8601), the currency of its money, and
    the confidence level of its intervals."""
    from teletraffic._version import __version__

    return {
        "teletraffic_version": __version__,
        "scenario_file": str(scenario_file),
        "scenario_sha256": hashlib.sha256(scenario_file.read_bytes()).hexdigest(),
        "seed": seed,
        "replications": replications,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "currency": currency,
        "confidence_level": level,
    }


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, CSV injection)."""


def _csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made text with a leading
    apostrophe (a set-up named ``=HYPERLINK(...)``); numbers, also written as text, stay."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    try:
        float(value.replace(",", ""))
    except ValueError:
        return "'" + value
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def print_rows(
    rows: Sequence[dict[str, Any]],
    fmt: Format = Format.table,
    title: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> None:
    """Print *rows* (dicts with the same keys) as a table, JSON or CSV on stdout.

    With *metadata* (see :func:`run_metadata`), JSON is an object ``{"metadata": ...,
    "figures": [rows]}`` instead of the list of rows; tables and CSV are unchanged. In a
    table, a ``figure`` column shows each figure's label beside its name.
    """
    columns = list(rows[0].keys()) if rows else []
    if fmt is Format.json:
        records = [{k: _json_value(v) for k, v in r.items()} for r in rows]
        data: Any = (
            records if metadata is None else {"metadata": dict(metadata), "figures": records}
        )
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    if fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=[_csv_cell(c) for c in columns], lineterminator="\n"
        )
        writer.writeheader()
        for r in rows:
            writer.writerow({_csv_cell(k): _csv_cell(_json_value(v)) for k, v in r.items()})
        sys.stdout.write(buf.getvalue())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, justify="left" if rows and isinstance(rows[0][c], str) else "right")
    for r in rows:
        table.add_row(*(figure_label(r[c]) if c == "figure" else _cell(r[c]) for c in columns))
    Console(width=max(100, min(160, 20 * len(columns)))).print(table)
