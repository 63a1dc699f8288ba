"""Commands that weigh set-ups against each other: ``compare``, ``sweep``, ``plan``.

* ``teletraffic compare A.yaml B.yaml``: the set-ups side by side, simulated with the
  same callers, and what each changes against the first, in sentences.
* ``teletraffic sweep FILE --set lines.main.channels=1..10``: one row per value.
* ``teletraffic plan --calls-per-hour 40 --talk 3m --target-busy 2%``: the cheapest set-up
  on the tariff menu that meets the targets, in plain words, then the candidates.

Module-level imports stay light (typer, the standard library, the figures' registry and
their wording); the scenario model, the engine and pandas load inside the commands. Bad
flag values, a bad ``--set`` path, a missing or bad file: one message naming the flag or
field, exit code 2, nothing written.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from teletraffic import metrics
from teletraffic.cli.cluster import Scheduler, scheduler_executor
from teletraffic.cli.output import (
    Fmt,
    Force,
    Format,
    Level,
    MaxReplications,
    Out,
    PrecisionOpt,
    Seed,
    Workers,
    check_out,
    print_rows,
    reports_errors,
)
from teletraffic.errors import InputError
from teletraffic.metrics import kind_of
from teletraffic.text import figure

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd

    from teletraffic.experiments import Comparison, Plan
    from teletraffic.scenario import Scenario

__all__ = ["register"]

Replications = Annotated[
    int | None,
    typer.Option(
        "--replications", "-r", min=2, max=10_000, help="Replications (default: the file's)."
    ),
]
SetupFiles = Annotated[
    list[Path],
    typer.Argument(
        help="Two or more scenario files; the first is the baseline.", show_default=False
    ),
]
ScenarioFile = Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)]
Settings = Annotated[
    list[str],
    typer.Option(
        "--set",
        help="PATH=VALUES, e.g. lines.main.channels=1..10, "
        "departments.requests.staff=2,3,4 or pbx.hold.max_callers=0..10..2. "
        "Several --set sweep every combination.",
        show_default=False,
    ),
]
PlanFile = Annotated[
    Path | None,
    typer.Argument(
        help="Scenario whose inbound traffic to plan for (or give --calls-per-hour).",
        show_default=False,
    ),
]
CallsPerHour = Annotated[
    str | None, typer.Option("--calls-per-hour", help="Calls per hour, e.g. 40.")
]
Talk = Annotated[str | None, typer.Option("--talk", help="Mean talk time, e.g. 3m.")]
Patience = Annotated[
    str | None,
    typer.Option("--patience", help="Mean time callers hold before hanging up, e.g. 1m."),
]
Redial = Annotated[
    str | None,
    typer.Option("--redial", help="Share of failed callers who call again, e.g. 30%."),
]
TargetBusy = Annotated[
    str | None, typer.Option("--target-busy", help="At most this share hear busy, e.g. 2%.")
]
TargetAnswer = Annotated[
    str | None,
    typer.Option("--target-answer", help="Answered within a time, e.g. 80%/20s."),
]
TargetAbandon = Annotated[
    str | None,
    typer.Option("--target-abandon", help="At most this share hang up on hold, e.g. 5%."),
]
TargetLost = Annotated[
    str | None,
    typer.Option(
        "--target-lost",
        help="At most this share of callers never get through (default 5% without --target-busy).",
    ),
]
TargetWait = Annotated[
    str | None,
    typer.Option(
        "--target-wait",
        help="Mean wait on hold at most, e.g. 30s (default 1m when callers "
        "hold forever and no --target-answer).",
    ),
]
People = Annotated[
    str | None,
    typer.Option("--people", help="The office has this many people: plan for them."),
]
SizeStaff = Annotated[
    bool,
    typer.Option("--size-staff", help="With a FILE: size the people of each department too."),
]
MaxLines = Annotated[
    str | None,
    typer.Option(
        "--max-lines",
        help="Most numbers or channels to consider (default: enough for 0.1% busy).",
    ),
]
Tariffs = Annotated[
    Path | None,
    typer.Option(
        "--tariffs",
        help="Tariff menu: a YAML file, or a market (ru, us, eu); default: ru.",
    ),
]
LostCallValue = Annotated[
    str | None,
    typer.Option("--lost-call-value", help="What a lost caller costs (default: the file's, or 0)."),
]
StaffCost = Annotated[
    str | None,
    typer.Option(
        "--staff-cost",
        help="Monthly cost of one person (default: the file's staff_cost, else the "
        "tariff menu's staff entry).",
    ),
]
CheckReplications = Annotated[
    int,
    typer.Option("--replications", "-r", min=2, max=1000, help="Replications of each check."),
]
PlanSeed = Annotated[int, typer.Option("--seed", "-s", min=0, help="Random seed.")]

_SHORT_KIND = {
    "city_numbers": "city numbers",
    "mobile_numbers": "mobile numbers",
    "multichannel": "multichannel",
    "ip": "IP",
    "multichannel+virtual_pbx": "multichannel + virtual PBX",
    "multichannel+office_pbx": "multichannel + office PBX",
    "ip+virtual_pbx": "IP + virtual PBX",
    "ip+office_pbx": "IP + office PBX",
    "office": "the office's own line",
}


_SWEEP_FIGURES = (
    "offered",
    "p_busy",
    "p_queue_full",
    "p_abandon",
    "service_level",
    "mean_wait",
    "staff_occupancy",
    "monthly_total",
)
"""The figures of a sweep's table, after the swept values (all-zero columns are left out)."""


# --------------------------------------------------------------------------- formatting


# Headings are metrics.label(...), looked up through the module each time, so that
# tests/test_labels.py can mark every label the registry gives.


def _width(metric: str, half: float) -> str:
    """A half-width of *metric*'s interval, without its unit (a share in points)."""
    kind = kind_of(metric)
    if kind == "share":
        return f"{100 * half:.2f}"
    if kind == "seconds":
        return f"{half:.1f}"
    if kind == "money" or abs(half) >= 100:
        return f"{half:,.0f}"
    return f"{half:.2g}"


def _half(metric: str, low: float, high: float, mean: float | None = None) -> str:
    """`` ±h`` for an interval centred on *mean*; `` +u/−d`` for one clipped at a bound."""
    if math.isnan(low) or math.isnan(high) or high - low <= 0:
        return ""
    half = (high - low) / 2
    if mean is not None and abs((high - mean) - (mean - low)) > 1e-9 * max(abs(mean), half):
        return f" +{_width(metric, high - mean)}/−{_width(metric, mean - low)}"
    return f" ±{_width(metric, half)}"


def _cell(metric: str, mean: float, low: float, high: float) -> str:
    """A figure and its interval: ``43.65% ±0.96``, ``5.32% +2.41/−1.83``, or ``-``."""
    text = figure(mean, kind_of(metric))
    return text if text == "-" else text + _half(metric, low, high, mean)


def _diff_cell(metric: str, diff: float, low: float, high: float) -> str:
    """A difference against the baseline, signed, a share's in points: ``-9.14 pts ±2.19``."""
    if math.isnan(diff):
        return "-"
    sign = "+" if diff > 0 else ("-" if diff < 0 else "")
    body = figure(abs(diff), kind_of(metric)).replace("%", " pts")
    return f"{sign}{body}{_half(metric, low, high)}"


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones, so JSON and CSV print them plainly."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def _check_out(out: Path | None) -> None:
    if out is not None:
        check_out(out, folder=True)


def _echo_lines(lines: list[str], err: bool) -> None:
    for line in lines:
        typer.echo(line, err=err)


def _write(out: Path, frames: dict[str, pd.DataFrame]) -> None:
    """The tables as CSV files into folder *out*, all or none, and say so on stderr."""
    from teletraffic.cli.simulation import write_atomically

    written = write_atomically(out, frames)
    typer.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)


@contextmanager
def _running(
    scheduler: str | None, workers: int, steps: int, what: str
) -> Iterator[tuple[Executor | None, int, Callable[[int, int], None] | None]]:
    """Where the work runs: the executor of ``--scheduler`` (None: here), the workers to
    ask of the API (1 when a cluster runs the work) and a progress bar of *steps* *what*
    (in a terminal)."""
    from teletraffic.cli.simulation import _progress

    with (
        scheduler_executor(scheduler, workers) as executor,
        _progress(steps, what) as progress,
    ):
        yield executor, (1 if executor is not None else workers), progress


# --------------------------------------------------------------------------- commands


def register(app: typer.Typer) -> None:
    """Add ``compare``, ``sweep`` and ``plan`` to *app*."""
    app.command("compare")(reports_errors(compare))
    app.command("sweep")(reports_errors(sweep))
    app.command("plan")(reports_errors(plan))


def compare(
    files: SetupFiles,
    replications: Replications = None,
    seed: Seed = None,
    workers: Workers = 1,
    level: Level = 0.95,
    fmt: Fmt = Format.table,
    out: Out = None,
    precision: PrecisionOpt = None,
    max_replications: MaxReplications = 1000,
    force: Force = False,
    scheduler: Scheduler = None,
) -> None:
    """Simulate set-ups with the same callers and show what each changes against the first."""
    from teletraffic.experiments import compare as run_compare
    from teletraffic.precision import parse_precision
    from teletraffic.scenario import load_scenario

    if len(files) < 2:
        raise InputError(f"compare needs at least two scenario files, got {len(files)}")
    wish = parse_precision(precision) if precision is not None else None
    _check_out(out)
    scenarios = [load_scenario(f) for f in files]
    names = _setup_names(scenarios, files)
    with _running(scheduler, workers, len(scenarios), "set-ups") as (executor, local, progress):
        result = run_compare(
            scenarios,
            replications=replications,
            seed=seed,
            workers=local,
            level=level,
            names=names,
            progress=progress,
            precision=wish,
            max_replications=max_replications,
            executor=executor,
            force=force,
        )
    if out is not None:
        _write_comparison(out, result)
    if fmt is not Format.table:
        _print_comparison_data(result, fmt)
    else:
        _print_comparison_table(result, fmt, level)


def _setup_names(scenarios: list[Scenario], files: list[Path]) -> list[str]:
    """The set-ups' names: their scenarios', told apart by file where two are the same,
    and ``#2``, ``#3`` for a file given again (with a note on stderr)."""
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):  # same names: tell them apart by file
        names = [f"{s.name} [{f.name}]" for s, f in zip(scenarios, files, strict=True)]
        if len(set(names)) < len(names):
            names = [f"{s.name} [{f}]" for s, f in zip(scenarios, files, strict=True)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):  # the same file twice: #2, #3
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[i] = f"{name} #{seen[name]}"
            typer.echo(
                f"Note: {names[i]} is the same set-up as an earlier one; with the same "
                "callers their differences are zero. To see how much a figure varies from "
                "run to run, run the file twice with different --seed.",
                err=True,
            )
    return names


def _write_comparison(out: Path, result: Comparison) -> None:
    """summary.csv, differences.csv and costs.csv (per replication, by set-up) into *out*."""
    import pandas as pd

    costs = pd.concat(
        [c.assign(setup=name) for name, c in zip(result.setups, result.costs, strict=True)]
    ).reset_index()
    costs = costs[["setup", *[c for c in costs.columns if c != "setup"]]]
    _write(
        out,
        {
            "summary.csv": result.summary,
            "differences.csv": result.differences,
            "costs.csv": costs,
        },
    )


def _print_comparison_data(result: Comparison, fmt: Format) -> None:
    """One row per set-up and figure, with its difference from the first; words on stderr."""
    merged = result.summary.merge(
        result.differences.drop(columns=["n"]).rename(
            columns={"diff": "diff", "ci_low": "diff_ci_low", "ci_high": "diff_ci_high"}
        ),
        on=["setup", "metric"],
        how="left",
    )
    print_rows(_records(merged), fmt)
    _echo_lines(result.sentences(), err=True)
    _echo_lines(result.notes, err=True)


def _print_comparison_table(result: Comparison, fmt: Format, level: float) -> None:
    """The set-ups by letter, their figures side by side, the differences, then in words."""
    for i, s in enumerate(result.setups):
        typer.echo(f"{_letter(i)}: {s}")
    same = "the same callers in every set-up" if not result.notes else "callers differ"
    title = (
        f"{result.replications} replications each, seed {result.seed} ({same}); "
        f"money in {result.currency} a month"
    )
    print_rows(_comparison_rows(result), fmt, title=title)
    _echo_lines(result.sentences(), err=False)
    gain = _pairing_gain(result)
    note = (
        f"± is the half-width of the {100 * level:g}% interval; differences are paired "
        "replication by replication (common random numbers)."
    )
    typer.echo(note + (f" {gain}" if gain else ""))
    _echo_lines(result.notes, err=True)


def _comparison_rows(result: Comparison) -> list[dict[str, str]]:
    """One row per figure that is not zero everywhere: each set-up's, then each against A."""
    letters = [_letter(i) for i in range(len(result.setups))]
    summary = {(r["setup"], r["metric"]): r for r in _records(result.summary)}
    diffs = {(r["setup"], r["metric"]): r for r in _records(result.differences)}
    rows = []
    for metric in dict.fromkeys(result.summary["metric"]):
        values = [summary[(s, metric)]["mean"] for s in result.setups]
        if all(v == 0 or (isinstance(v, float) and math.isnan(v)) for v in values):
            continue
        row = {"figure": metrics.label(metric)}
        for letter, s in zip(letters, result.setups, strict=True):
            r = summary[(s, metric)]
            row[letter] = _cell(metric, r["mean"], r["ci_low"], r["ci_high"])
        for letter, s in zip(letters[1:], result.setups[1:], strict=True):
            d = diffs[(s, metric)]
            row[f"{letter} − A"] = _diff_cell(metric, d["diff"], d["ci_low"], d["ci_high"])
        rows.append(row)
    return rows


def sweep(
    file: ScenarioFile,
    settings: Settings,
    replications: Replications = None,
    seed: Seed = None,
    workers: Workers = 1,
    level: Level = 0.95,
    fmt: Fmt = Format.table,
    out: Out = None,
    precision: PrecisionOpt = None,
    max_replications: MaxReplications = 1000,
    force: Force = False,
    scheduler: Scheduler = None,
) -> None:
    """Simulate a scenario once per value of a parameter (or grid); one row per value."""
    from teletraffic.experiments import sweep as run_sweep
    from teletraffic.precision import parse_precision
    from teletraffic.scenario import load_scenario

    if not settings:
        raise InputError("--set: give PATH=VALUES, e.g. --set lines.main.channels=1..10")
    wish = parse_precision(precision) if precision is not None else None
    grid = _grid(settings)
    _check_out(out)
    scenario = load_scenario(file)
    points = math.prod(len(v) for v in grid.values())
    try:
        with _running(scheduler, workers, points, "points") as (executor, local, progress):
            table = run_sweep(
                scenario,
                grid,
                replications=replications,
                seed=seed,
                workers=local,
                level=level,
                progress=progress,
                precision=wish,
                max_replications=max_replications,
                executor=executor,
                force=force,
            )
    except InputError as err:
        raise InputError(f"--set: {err}") from None
    if out is not None:
        _write(out, {"sweep.csv": table})
    if fmt is not Format.table:
        print_rows(_records(table), fmt)
        return
    n = replications or scenario.replications
    rows = _sweep_rows(scenario, grid, table)
    print_rows(rows, fmt, title=f"{scenario.name}: {n} replications per value, same seed")
    typer.echo("± is the half-width of the interval; money per month.")


def _grid(settings: list[str]) -> dict[str, list[Any]]:
    """The values of each ``--set PATH=VALUES``, by path; a message naming the bad one."""
    from teletraffic.experiments import parse_values

    grid: dict[str, list[Any]] = {}
    for text in settings:
        path, sep, values = text.partition("=")
        if not sep or not path.strip() or not values.strip():
            raise InputError(
                f"--set {text!r}: write PATH=VALUES, e.g. --set lines.main.channels=1..10"
            )
        path = path.strip()
        if path in grid:
            raise InputError(f"--set: {path} is given twice")
        try:
            grid[path] = parse_values(values)
        except InputError as err:
            raise InputError(f"--set {text!r}: {err}") from None
    return grid


def _sweep_rows(
    scenario: Scenario, grid: dict[str, list[Any]], table: pd.DataFrame
) -> list[dict[str, str]]:
    """One row per point: the swept values, then each figure of a sweep with its interval;
    a figure's column is left out where it is nothing or zero on every row."""
    cur = scenario.currency
    rows = []
    for r in _records(table):
        row: dict[str, str] = {p: str(r[p]) for p in grid}
        for m in _SWEEP_FIGURES:
            heading = (
                f"{metrics.label(m)} ({scenario.answer_time:g} s)"
                if m == "service_level"
                else metrics.label(m) + (f" ({cur})" if m == "monthly_total" else "")
            )
            row[heading] = _cell(m, r[m], r[f"{m}_ci_low"], r[f"{m}_ci_high"])
        rows.append(row)
    keys = list(rows[0]) if rows else []
    drop = [k for k in keys[len(grid) :] if all(r[k] in ("-", "0.00%", "0.0 s", "0") for r in rows)]
    return [{k: v for k, v in r.items() if k not in drop} for r in rows]


def plan(
    file: PlanFile = None,
    calls_per_hour: CallsPerHour = None,
    talk: Talk = None,
    patience: Patience = None,
    redial: Redial = None,
    target_busy: TargetBusy = None,
    target_answer: TargetAnswer = None,
    target_abandon: TargetAbandon = None,
    target_lost: TargetLost = None,
    target_wait: TargetWait = None,
    people: People = None,
    size_staff: SizeStaff = False,
    max_lines: MaxLines = None,
    tariffs: Tariffs = None,
    lost_call_value: LostCallValue = None,
    staff_cost: StaffCost = None,
    replications: CheckReplications = 10,
    seed: PlanSeed = 2026,
    workers: Workers = 1,
    fmt: Fmt = Format.table,
    out: Out = None,
    force: Force = False,
    scheduler: Scheduler = None,
) -> None:
    """The cheapest set-up on the tariff menu that meets your targets, in plain words."""
    from teletraffic.experiments import plan as run_plan
    from teletraffic.experiments.planning.request import read_plan_words
    from teletraffic.scenario import load_scenario
    from teletraffic.tariffs import load_tariffs

    words = read_plan_words(
        {
            "--calls-per-hour": calls_per_hour,
            "--talk": talk,
            "--patience": patience,
            "--redial": redial,
            "--target-busy": target_busy,
            "--target-answer": target_answer,
            "--target-abandon": target_abandon,
            "--target-lost": target_lost,
            "--target-wait": target_wait,
            "--people": people,
            "--max-lines": max_lines,
            "--lost-call-value": lost_call_value,
            "--staff-cost": staff_cost,
        },
        file=file is not None,
        size_staff=size_staff,
    )
    _check_out(out)
    menu = load_tariffs(tariffs)
    scenario = load_scenario(file) if file is not None else None
    with (
        scheduler_executor(scheduler, workers) as executor,
        _status(fmt is Format.table) as progress,
    ):
        result = run_plan(
            scenario,
            **words,
            size_staff=size_staff,
            tariffs=menu,
            replications=replications,
            seed=seed,
            workers=1 if executor is not None else workers,
            progress=progress,
            executor=executor,
            force=force,
        )
    if out is not None:
        _write(out, {"candidates.csv": result.candidates, "curves.csv": result.curves})
    _print_plan(result, fmt)


def _print_plan(result: Plan, fmt: Format) -> None:
    """The answer in words, then the set-ups near the target; as data, every candidate
    (the words on stderr)."""
    explanation = result.explanation().splitlines()
    if fmt is not Format.table:
        print_rows(_records(result.candidates), fmt)
        _echo_lines(explanation, err=True)
        return
    _echo_lines(explanation, err=False)
    typer.echo("")
    print_rows(_plan_rows(result), fmt, title="Set-ups near the target (cheapest first)")
    typer.echo(
        "Figures: by the formula where it is exact for the traffic (it decides), else "
        "simulated (the interval decides). All candidates: --format csv."
    )


def _plan_rows(result: Plan) -> list[dict[str, str]]:
    """The shortlist of a plan as table rows; the hold figures where a queue is asked for
    or offered."""
    cur = result.tariffs.currency
    records = _records(result.shortlist())
    queue = result.targets.get("answer") is not None or any(r["pbx"] != "none" for r in records)
    shares = ["p_busy", *(("service_level", "p_abandon") if queue else ()), "p_caller_lost"]
    rows = []
    for r in records:
        use_sim = r["simulated"] and not r["exact"]
        row: dict[str, str] = {
            "set-up": _SHORT_KIND.get(r["setup"], r["setup"]),
            "channels": str(r["channels"]),
            "people": str(r["staff"]),
        }
        for key in shares:
            row[metrics.label(key)] = _plan_cell(r, key, use_sim)
        row[f"{metrics.label('monthly_total')} ({cur})"] = _plan_cell(r, "monthly_total", use_sim)
        row["by"] = r["decided_by"]
        row["meets"] = "yes, best" if r["recommended"] else ("yes" if r["meets_targets"] else "no")
        rows.append(row)
    return rows


def _plan_cell(r: dict[str, Any], key: str, use_sim: bool) -> str:
    """A candidate's figure *key*: simulated where the formula is not exact for it."""
    v = r[f"sim_{key}"] if use_sim else r[key]
    return figure(float(v) if v is not None else math.nan, kind_of(key))


@contextmanager
def _status(show: bool, prefix: str = "simulating ") -> Iterator[Callable[[str], None] | None]:
    """A line on stderr saying what is being done (the set-up simulated), in a terminal."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("planning") as status:

        def update(label: str) -> None:
            status.update(
                label[:100]
                if label.startswith("reading") or label.startswith("fitting")
                else f"simulating {label[:90]}"
            )

        yield update


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"#{i + 1}"


def _pairing_gain(result: Any) -> str:
    """How much narrower the paired interval of the busy-share difference is than unpaired."""
    d = result.differences
    rows = d[(d["metric"] == "p_busy")]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    paired = (r["ci_high"] - r["ci_low"]) / 2
    unpaired = (r["unpaired_ci_high"] - r["unpaired_ci_low"]) / 2
    if not (math.isfinite(paired) and math.isfinite(unpaired)) or paired <= 0 or unpaired <= paired:
        return ""
    return (
        f"Pairing narrows the busy-share difference of {r['setup']} from ±{100 * unpaired:.2f} "
        f"to ±{100 * paired:.2f} points."
    )
