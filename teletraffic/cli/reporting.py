"""The ``report`` command: simulate a scenario and write one HTML page about it.

``teletraffic report FILE -o report.html`` runs the scenario (with a call log, for the
chart of waits), prices it with :mod:`teletraffic.costs` and writes the page built by
:func:`teletraffic.report.build_report`: a plain-language summary, the key figures
with intervals, charts and the set-up in words. The page is self-contained (images
embedded), so it can be mailed or opened offline.

Give a target (``--target-busy 2%``, ``--target-answer 80%/20s``,
``--target-abandon 5%``) and the page gets a plan too: the cheapest set-up on the
tariff menu (``--tariffs FILE``, default the shipped illustrative one) that meets it
for the scenario's inbound traffic, by :func:`teletraffic.experiments.plan`.

Given a day's forecast instead (a CSV of ``start, calls``), it staffs the day
(``teletraffic staff``; ``--talk``, ``--patience``, ``--shifts``) and writes the page
of the staffed day: in words, the chart, the table and the roster.

Module-level imports stay light; the engine, pandas and matplotlib load inside the
command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from teletraffic.cli.output import check_out, out_path, reports_errors

if TYPE_CHECKING:
    from teletraffic.experiments import Plan
    from teletraffic.scenario import Scenario
    from teletraffic.tariffs import TariffMenu

__all__ = ["register"]

_PLAN = "Plan (any target adds one)"

ScenarioFile = Annotated[
    Path,
    typer.Argument(
        help="Scenario file (YAML), or a day's forecast (CSV: start, calls).", show_default=False
    ),
]
_DAY = "A day's forecast (CSV)"
Talk = Annotated[
    str | None, typer.Option("--talk", help="Mean talk time, e.g. 4m.", rich_help_panel=_DAY)
]
Patience = Annotated[
    str | None,
    typer.Option("--patience", help="Mean patience on hold, e.g. 2m.", rich_help_panel=_DAY),
]
Shifts = Annotated[
    Path | None,
    typer.Option("--shifts", help="Shift rules (YAML): add the roster.", rich_help_panel=_DAY),
]
OutFile = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        parser=out_path,
        help="The HTML file to write (replaced if it exists).",
        show_default=False,
    ),
]
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
    int,
    typer.Option("--workers", "-w", min=1, max=256, help="Processes to run replications in."),
]
Level = Annotated[
    float, typer.Option("--level", min=0.5, max=0.9999, help="Confidence level of the intervals.")
]
Title = Annotated[
    str | None, typer.Option("--title", help="Page title (default: the scenario's name).")
]
TargetBusy = Annotated[
    str | None,
    typer.Option(
        "--target-busy",
        help="Plan: at most this share hears busy, e.g. 2%. Adds a plan to the page.",
        rich_help_panel=_PLAN,
    ),
]
TargetAnswer = Annotated[
    str | None,
    typer.Option(
        "--target-answer",
        help="Plan: at least this share answered within a time, e.g. 80%/20s.",
        rich_help_panel=_PLAN,
    ),
]
TargetAbandon = Annotated[
    str | None,
    typer.Option(
        "--target-abandon",
        help="Plan: at most this share hangs up on hold, e.g. 5%.",
        rich_help_panel=_PLAN,
    ),
]
Tariffs = Annotated[
    Path | None,
    typer.Option(
        "--tariffs",
        help="Plan: tariff menu, a YAML file or a market (ru, us, eu); default: ru.",
        rich_help_panel=_PLAN,
    ),
]
Force = Annotated[
    bool,
    typer.Option("--force", help="Run even a scenario estimated to exhaust memory or take hours."),
]
MaxLines = Annotated[
    int,
    typer.Option(
        "--max-lines",
        min=1,
        max=200,
        help="Plan: at most this many numbers or channels.",
        rich_help_panel=_PLAN,
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to *app*."""
    app.command()(reports_errors(report))


def report(
    file: ScenarioFile,
    out: OutFile,
    replications: Replications = None,
    seed: Seed = None,
    workers: Workers = 1,
    level: Level = 0.95,
    title: Title = None,
    target_busy: TargetBusy = None,
    target_answer: TargetAnswer = None,
    target_abandon: TargetAbandon = None,
    tariffs: Tariffs = None,
    max_lines: MaxLines = 10,
    force: Force = False,
    talk: Talk = None,
    patience: Patience = None,
    shifts: Shifts = None,
) -> None:
    """Simulate a scenario and write an HTML report a business owner reads in a minute.

    With a target (--target-busy 2%, --target-answer 80%/20s, --target-abandon 5%)
    the report also plans the cheapest set-up on the tariff menu that meets it.

    Given a day's forecast (CSV), it staffs the day and reports that:
    teletraffic report day.csv --talk 4m --patience 2m --target-answer 80%/20s -o day.html
    """
    targets = _targets(target_busy, target_answer, target_abandon)
    if _is_forecast(file, talk, patience, shifts):
        from teletraffic.cli.staffing import report_day

        check_out(out, folder=False)
        day: dict[str, Any] = {"talk": talk, "patience": patience, "shifts": shifts}
        runs: dict[str, Any] = {"replications": replications, "seed": seed, "workers": workers}
        report_day(
            file, out, targets=targets, tariffs=tariffs, level=level, title=title, **day, **runs
        )
        return
    _check_out(out, tariffs, targets)

    from teletraffic.report import build_report, write_report
    from teletraffic.runner import simulate
    from teletraffic.scenario import load_scenario

    scenario = load_scenario(file)
    menu = None
    if targets:
        from teletraffic.tariffs import load_tariffs

        menu = load_tariffs(tariffs)  # a bad menu stops here, before any simulation
    from teletraffic.cli.output import refuse_heavy
    from teletraffic.cli.simulation import _progress

    n = replications or scenario.replications
    refuse_heavy(scenario, n, workers=workers, call_log=True, force=force)
    with _progress(n) as progress:
        result = simulate(
            scenario,
            replications=replications,
            seed=seed,
            workers=workers,
            level=level,
            call_log=True,
            progress=progress,
        )
    found = None
    if targets:
        runs = {"replications": max(replications or 10, 2), "seed": result.seed}
        found = _plan(scenario, targets, menu, max_lines, workers, level, runs)
    page = build_report(scenario, result, plan=found, title=title)
    written = write_report(out, page)
    typer.echo(result.headline())
    typer.echo(f"wrote {written}", err=True)


def _is_forecast(file: Path, talk: str | None, patience: str | None, shifts: Path | None) -> bool:
    """Is *file* a day's forecast (a CSV)? The day's flags are refused for a scenario."""
    if file.suffix.lower() == ".csv":
        return True
    if talk or patience or shifts:
        raise typer.BadParameter(
            "--talk, --patience and --shifts are for a day's forecast (a CSV file)",
            param_hint="--talk" if talk else "--patience" if patience else "--shifts",
        )
    return False


def _check_out(out: Path, tariffs: Path | None, targets: dict[str, Any]) -> None:
    """Refuse, before any work, a menu without a target and an --out that cannot be a file."""
    if tariffs is not None and not targets:
        raise typer.BadParameter(
            "--tariffs is for a plan; give a target too (e.g. --target-busy 2%)",
            param_hint="--tariffs",
        )
    if out.is_dir():
        raise typer.BadParameter(
            f"{out} is a folder; give a file name such as {out / 'report.html'}",
            param_hint="--out",
        )
    check_out(out, folder=False)


def _plan(
    scenario: Scenario,
    targets: dict[str, Any],
    menu: TariffMenu | None,
    max_lines: int,
    workers: int,
    level: float,
    runs: dict[str, int],
) -> Plan:
    """The page's plan: the cheapest set-up on *menu* that meets *targets*."""
    from teletraffic.cli.planning import _status
    from teletraffic.experiments import plan

    with _status(True) as status:
        return plan(
            scenario,
            **targets,
            tariffs=menu,
            max_lines=max_lines,
            replications=runs["replications"],
            seed=runs["seed"],
            workers=workers,
            level=level,
            progress=status,
        )


def _targets(busy: str | None, answer: str | None, abandon: str | None) -> dict[str, Any]:
    """The plan's targets from the command line: shares and an answer target, checked."""
    from teletraffic.units import parse_answer_target, parse_share

    out: dict[str, Any] = {}
    for key, flag, text in (
        ("target_busy", "--target-busy", busy),
        ("target_abandon", "--target-abandon", abandon),
    ):
        if text is None:
            continue
        try:
            share = parse_share(text)
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint=flag) from None
        if not 0 < share < 1 and not (key == "target_abandon" and share == 0):
            raise typer.BadParameter(
                f"give a share between 0 and 100% exclusive, e.g. 2%, got {text!r}",
                param_hint=flag,
            )
        out[key] = share
    if answer is not None:
        try:
            share, seconds = parse_answer_target(answer)
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--target-answer") from None
        if not 0 < share < 1:
            raise typer.BadParameter(
                f"the share must be between 0 and 100% exclusive, e.g. 80%/20s, got {answer!r}",
                param_hint="--target-answer",
            )
        out["target_answer"] = (share, seconds)
    return out
