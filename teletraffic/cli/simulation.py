"""Commands that read scenario files: ``run``, ``check``, ``schema``, ``validate``.

Module-level imports stay light (typer and the standard library); the scenario model,
the engine and pandas load inside the commands.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from teletraffic.cli.cluster import Scheduler, scheduler_executor
from teletraffic.cli.output import (
    Fmt,
    Force,
    Format,
    Level,
    MaxReplications,
    PrecisionOpt,
    Replications,
    Seed,
    Workers,
    check_out,
    out_path,
    print_rows,
    refuse_heavy,
    reports_errors,
    run_metadata,
)
from teletraffic.metrics import kind_of
from teletraffic.text import figure, figure_range

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["register"]

ScenarioFile = Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)]


@contextmanager
def _progress(
    total: int, what: str = "replications"
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for work of several steps, in a terminal only."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=total)

        def update(done: int, _total: int) -> None:
            bar.update(task, completed=done)

        yield update


def write_atomically(
    out: Path,
    frames: Mapping[str, pd.DataFrame | Callable[[Path], None]],
    stale: tuple[str, ...] = (),
) -> list[Path]:
    """Write each frame as CSV into folder *out*: all files or none.

    The files are written into a temporary folder beside *out* first and moved in
    only when every one of them is complete; an error, Ctrl-C or SIGTERM leaves *out* as
    it was and no temporary folder behind. A new *out* is the temporary folder renamed,
    in one step; into an existing one the files are moved with Ctrl-C and SIGTERM held
    back until the last is in. Files named in *stale* (of the same set, not written
    this time, e.g. the call log of an earlier run) are removed once the new files are
    in, so the folder never mixes two runs. A symbolic link at *out* is refused (the
    files would land wherever it points).
    """
    from teletraffic.cli.output import refuse_link

    refuse_link(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, frame in frames.items():
            if callable(frame):  # writes the file itself (a call log, chunk by chunk)
                frame(tmp / name)
            else:
                frame.to_csv(tmp / name, index=False)
        held = {signal.SIGINT, signal.SIGTERM}
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            if not out.exists():
                os.chmod(tmp, 0o777 & ~_umask())
                os.rename(tmp, out)
                return [out / name for name in frames]
            written = []
            for name in frames:
                os.replace(tmp / name, out / name)
                written.append(out / name)
            for name in stale:
                if name not in frames and (out / name).is_file():
                    (out / name).unlink()
            return written
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _call_log_name(kind: str) -> str:
    """The file ``--call-log KIND`` writes; a clear exit 2 for a kind we do not write or
    for Parquet without pyarrow."""
    if kind not in ("csv", "parquet"):
        raise typer.BadParameter(f"{kind!r}: give csv or parquet", param_hint="--call-log-format")
    if kind == "parquet":
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:
            raise typer.BadParameter(
                "Parquet needs pyarrow: pip install 'teletraffic-sim[parquet]'",
                param_hint="--call-log-format",
            )
    return f"calls.{kind}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replications_long(result: Any) -> pd.DataFrame:
    reps = result.replications
    flat = reps.copy()
    flat.columns = [f"{metric}[{scope}]" for metric, scope in reps.columns]
    return flat.reset_index()


def _wide_rows(result: Any, answer_time: float) -> list[dict[str, str]]:
    """One row per scope (all, each line, each department) of the headline figures."""
    summary = result.summary
    scopes = [
        sc
        for sc in summary["scope"].unique()
        if sc == "all" or sc.startswith(("line:", "department:"))
    ]
    from teletraffic.metrics import label as plain

    columns = [
        (metric, plain(metric))
        for metric in (
            "offered",
            "p_busy",
            "p_queue_full",
            "p_abandon",
            "p_not_answered",
            "mean_wait",
            "service_level",
        )
    ]
    columns[-1] = ("service_level", f"{plain('service_level')} ({answer_time:g} s)")
    columns.append(("occupancy", f"{plain('staff_occupancy')} / {plain('channel_occupancy')}"))
    index = {(r["metric"], r["scope"]): r for r in _records(summary)}
    rows = []
    for scope in scopes:
        row = {"scope": scope}
        for metric, label in columns:
            if metric == "occupancy":
                metric = "channel_occupancy" if scope.startswith("line:") else "staff_occupancy"
            r = index.get((metric, scope))
            if r is None or math.isnan(r["mean"]):
                row[label] = "-"
                continue
            cell = figure(r["mean"], kind_of(metric))
            mean, low, high = r["mean"], r["ci_low"], r["ci_high"]
            half = (high - low) / 2
            if not math.isnan(half) and half > 0:
                if abs((high - mean) - (mean - low)) > 1e-9 * max(abs(mean), half):
                    # clipped at 0 or 100%: the interval is not centred on the mean
                    up = figure(high - mean, kind_of(metric)).replace("%", "")
                    down = figure(mean - low, kind_of(metric)).replace("%", "")
                    cell += f" +{up}/−{down}"
                else:
                    cell += f" ±{figure(half, kind_of(metric)).replace('%', '')}"
            row[label] = cell
        rows.append(row)
    drop = [label for _, label in columns if all(r[label] in ("-", "0.00%") for r in rows)]
    return [{k: v for k, v in r.items() if k not in drop} for r in rows]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _cost_rows(scenario: Any, result: Any, level: float) -> list[dict[str, Any]]:
    """The month's cost items as figure rows (``monthly_fixed`` ... ``monthly_total``)."""
    from teletraffic.costs import cost_summary

    return [
        {
            "metric": f"monthly_{r['item']}",
            "scope": "all",
            "mean": r["mean"],
            "ci_low": r["ci_low"],
            "ci_high": r["ci_high"],
            "std": math.nan,
            "n": len(result.replications),
        }
        for r in cost_summary(scenario, result, level).to_dict(orient="records")
    ]


def _cost_line(scenario: Any, result: Any, level: float) -> str:
    """The month's money in one sentence, each item with its interval where it varies."""
    from teletraffic.costs import cost_summary, hours_per_month

    costs = {
        r["item"]: (float(r["mean"]), float(r["ci_low"]), float(r["ci_high"]))
        for r in cost_summary(scenario, result, level).to_dict(orient="records")
    }
    words = {
        "fixed": "lines and PBX",
        "usage": "calls",
        "staff": "people",
        "lost_calls": "lost callers",
        "total": "total",
    }
    parts = []
    for item, word in words.items():
        mean, low, high = costs[item]
        if item != "total" and abs(mean) < 0.5 and not high > 0:
            continue
        text = f"{word} {mean:,.0f}"
        half = (high - low) / 2
        if math.isfinite(half) and half >= 0.5:
            text += f" ±{half:,.0f}"
        parts.append(text)
    month = (
        f"21 business days of {hours_per_month(scenario) / 21:g} h"
        if scenario.period.days
        else (
            f"{hours_per_month(scenario):g} h of this traffic"
            if scenario.period.month_hours is not None
            else "730 h round the clock"
        )
    )
    return f"A month ({month}) costs, in {scenario.currency}: " + "; ".join(parts) + "."


Out = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", parser=out_path, help="Folder for summary.csv and replications.csv."
    ),
]
CallLogOpt = Annotated[
    bool, typer.Option("--call-log", help="With --out, also write calls.csv (CRM records).")
]
CallLogFormat = Annotated[
    str,
    typer.Option(
        "--call-log-format",
        metavar="csv|parquet",
        help="The call log's file: calls.csv, or calls.parquet with the same columns "
        "(needs teletraffic-sim[parquet]).",
    ),
]
AllFigures = Annotated[
    bool, typer.Option("--all", help="Show every figure and scope, not only the key ones.")
]


def register(app: typer.Typer) -> None:
    """Add the scenario commands to *app*."""
    app.command("run")(reports_errors(run))
    app.command("examples")(reports_errors(examples))
    app.command("check")(reports_errors(check))
    app.command("schema")(schema)
    app.command("validate")(reports_errors(validate))


def run(
    file: ScenarioFile,
    replications: Replications = None,
    seed: Seed = None,
    workers: Workers = 1,
    fmt: Fmt = Format.table,
    out: Out = None,
    call_log: CallLogOpt = False,
    call_log_format: CallLogFormat = "csv",
    level: Level = 0.95,
    all_figures: AllFigures = False,
    precision: PrecisionOpt = None,
    max_replications: MaxReplications = 1000,
    force: Force = False,
    scheduler: Scheduler = None,
) -> None:
    """Simulate a scenario and show what callers experience, with confidence intervals."""
    from teletraffic.precision import parse_precision
    from teletraffic.runner import simulate
    from teletraffic.scenario import load_scenario, scenario_warnings

    scenario = load_scenario(file)
    for warning in scenario_warnings(scenario):
        typer.echo(f"Warning: {warning}", err=True)
    if out is not None:
        check_out(out, folder=True)
    if call_log and out is None:
        typer.echo(
            "Note: --call-log writes calls.csv into the --out folder; without --out "
            "there is nowhere to write it, so no call log is kept.",
            err=True,
        )
    wish = parse_precision(precision) if precision is not None else None
    n = replications or scenario.replications
    if wish is not None and max_replications < n:
        raise typer.BadParameter(
            f"{max_replications} is fewer than the {n} replications to start with",
            param_hint="--max-replications",
        )
    log_name = _call_log_name(call_log_format) if call_log and out is not None else None
    refuse_heavy(scenario, n, workers=workers, call_log=log_name is not None, force=force)
    spill = tempfile.mkdtemp(prefix=".calls.") if log_name is not None else None
    try:  # the call log streams to files in *spill* while it runs
        with (
            scheduler_executor(scheduler, workers) as executor,
            _progress(max_replications if wish else n) as progress,
        ):
            result = simulate(
                scenario,
                replications=replications,
                seed=seed,
                workers=1 if executor is not None else workers,
                level=level,
                call_log=spill or False,
                progress=progress,
                precision=wish,
                max_replications=max_replications,
                executor=executor,
                force=force,
            )
        if out is not None:
            _write_run(out, scenario, result, level, log_name)
    finally:
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)
    if fmt is not Format.table:
        _print_run_data(file, scenario, result, level, fmt)
    else:
        _print_run_table(scenario, result, level, all_figures)


def _write_run(
    out: Path, scenario: Scenario, result: SimulationResult, level: float, log_name: str | None
) -> None:
    """summary.csv, replications.csv, costs.csv and the call log into *out*, all or none."""
    from teletraffic.costs import cost_summary

    frames: dict[str, pd.DataFrame | Callable[[Path], None]] = {
        "summary.csv": result.summary,
        "replications.csv": _replications_long(result),
        "costs.csv": cost_summary(scenario, result, level),
    }
    if log_name is not None:  # CRM-ready: ids, ISO times, sorted, formula-safe
        from teletraffic.cdr.simulated import write_crm

        tables, kind = result.call_tables, log_name.rsplit(".", 1)[1]
        frames[log_name] = lambda path: write_crm(path, scenario, tables, kind)
    written = write_atomically(out, frames, stale=("calls.csv", "calls.parquet"))
    typer.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)


def _print_run_data(
    file: Path, scenario: Scenario, result: SimulationResult, level: float, fmt: Format
) -> None:
    """Every figure and the month's money as JSON or CSV rows, with how they were made."""
    n = len(result.replications)
    made = run_metadata(
        file, seed=result.seed, replications=n, currency=scenario.currency, level=level
    )
    made["notes"] = result.notes
    if result.warmup is not None:
        made["warmup_seconds"] = result.warmup.seconds
        made["warmup_chosen"] = result.warmup.chosen
        if result.warmup.too_short:
            typer.echo(f"Warning: {result.warmup.sentence()}", err=True)
    if result.precision is not None:
        made["precision_met"] = result.precision.met
        made["precision_half_width"] = result.precision.half_width
    rows = _records(result.summary) + _cost_rows(scenario, result, level)
    print_rows(rows, fmt, metadata=made)


def _print_run_table(
    scenario: Scenario, result: SimulationResult, level: float, all_figures: bool
) -> None:
    """The key figures (or, with --all, every one) as a table, then the answer in words."""
    n = len(result.replications)
    days = scenario.period.days
    span = (
        f"{days} business day{'s' if days != 1 else ''}"
        if days
        else f"{scenario.period.hours:g} h steady state"
    )
    title = f"{scenario.name}: {n} replication{'s' if n != 1 else ''} of {span}, seed {result.seed}"
    if all_figures:
        rows = [
            {
                "scope": r["scope"],
                "figure": r["metric"],
                "value": figure(r["mean"], kind_of(r["metric"])),
                f"{round(100 * level, 2):g}% interval": figure_range(
                    r["ci_low"], r["ci_high"], kind_of(r["metric"])
                ),
            }
            for r in _records(result.summary)
        ]
    else:
        rows = _wide_rows(result, scenario.answer_time)
    print_rows(rows, Format.table, title=title)
    typer.echo(result.headline())
    typer.echo(_cost_line(scenario, result, level))
    for note in result.notes:
        typer.echo(note)
    if n < 2:
        typer.echo("One replication gives no interval: use --replications 2 or more.")
    elif not all_figures:
        typer.echo(
            "Shares of calls are pooled over the replications, other figures are means "
            f"per replication; ± is the half-width of the {100 * level:g}% interval. "
            "More: --all, --format csv."
        )
    if not all_figures and (
        scenario.transfers or any(d.redirect is not None for d in scenario.effective_departments)
    ):
        typer.echo(
            "A department counts every call that reached it, with its outcome there: a "
            "call passed on counts in each department it reached, so departments add up "
            "to more than all."
        )


def examples(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder to copy the example scenarios into (made if missing)."),
    ] = Path("teletraffic-examples"),
) -> None:
    """Copy the shipped scenarios and the illustrative tariff menu into a folder."""
    import shutil

    from teletraffic.errors import InputError

    source = Path(__file__).resolve().parents[1] / "examples"
    files = sorted(p for p in source.rglob("*.yaml") if p.is_file())
    if not files:
        raise InputError(f"no example scenarios are installed beside {source.parent}")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"FOLDER: {folder} exists and is not a folder")
    clashes = [f.relative_to(source) for f in files if (folder / f.relative_to(source)).exists()]
    if clashes:
        raise InputError(
            f"FOLDER: {folder} already holds {clashes[0]} (and {len(clashes) - 1} more); "
            "nothing was copied: give a new folder"
        )
    for f in files:
        target = folder / f.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    typer.echo(
        f"copied {len(files)} files into {folder}/; try: teletraffic run {folder}/office.yaml"
    )


def check(file: ScenarioFile) -> None:
    """Validate a scenario file and say in plain words what it describes."""
    from teletraffic.scenario import describe_scenario, load_scenario

    scenario = load_scenario(file)
    typer.echo(describe_scenario(scenario))
    from teletraffic.engine import unsupported_features

    for field, reason in unsupported_features(scenario):
        typer.echo(f"Note: {field}: {reason}; `run` will refuse this file for now.")


def schema() -> None:
    """Print the JSON Schema of scenario files (for editor completion)."""
    from teletraffic.scenario import scenario_schema

    typer.echo(scenario_schema())


def validate(
    replications: Annotated[
        int,
        typer.Option(
            "--replications",
            "-r",
            min=2,
            max=400,
            help="Replications to start each model with; more are added until precise.",
        ),
    ] = 10,
    seed: Annotated[int, typer.Option("--seed", "-s", min=0)] = 2026,
    workers: Workers = 1,
    level: Level = 0.99,
    fmt: Fmt = Format.table,
    quick: Annotated[bool, typer.Option("--quick", help="Shorter runs (wider intervals).")] = False,
) -> None:
    """Run the engine on the textbook models and compare with the formulas."""
    from teletraffic.validate import MODELS
    from teletraffic.validate import validate as run_validation

    with _progress(len(MODELS), "models") as progress:
        table = run_validation(
            replications=replications,
            seed=seed,
            workers=workers,
            level=level,
            quick=quick,
            progress=progress,
        )
    records = _records(table)
    if fmt is not Format.table:
        print_rows(records, fmt)
    else:
        rows = [
            {
                "model": r["model"],
                "figure": r["metric"],
                "analytic": figure(r["analytic"], kind_of(r["metric"])),
                "simulated": figure(r["simulated"], kind_of(r["metric"])),
                f"{round(100 * level, 2):g}% interval": figure_range(
                    r["ci_low"], r["ci_high"], kind_of(r["metric"])
                ),
                "holds": "yes" if r["holds"] else "NO",
            }
            for r in records
        ]
        print_rows(rows, fmt, title=f"engine vs theory: {replications} replications, seed {seed}")
    if not table["holds"].all():
        raise typer.Exit(code=1)
