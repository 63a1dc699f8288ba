"""The ``teletraffic`` command line.

A thin layer: each command parses its flags, calls the public API and prints. The
commands live in one module per group and are composed here. Heavy libraries
(pandas, matplotlib, simpy) are imported inside the commands that need them, so that
``teletraffic erlang ...`` starts instantly.
"""

from __future__ import annotations

import typer

from teletraffic.cli import bandwidth as _bandwidth  # noqa: F401  (adds erlang bandwidth)
from teletraffic.cli import calllog as _calllog
from teletraffic.cli import erlang as _erlang
from teletraffic.cli import pbx as _pbx
from teletraffic.cli import planning as _planning
from teletraffic.cli import reporting as _reporting
from teletraffic.cli import simulation as _simulation
from teletraffic.cli import staffing as _staffing
from teletraffic.cli import web as _web

__all__ = ["app", "main"]

app = typer.Typer(
    name="teletraffic",
    help="Telephony capacity planning: how many lines, channels and people, and what they cost.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from teletraffic._version import __version__

        typer.echo(f"teletraffic {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Show the version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """Telephony capacity planning: how many lines, channels and people, and what they cost."""


app.add_typer(_erlang.erlang_app, name="erlang")
app.add_typer(_erlang.size_app, name="size")
_simulation.register(app)
_planning.register(app)
_reporting.register(app)
_calllog.register(app)
_staffing.register(app)
_web.register(app)
_pbx.register(app)


def main() -> None:
    """Entry point of the ``teletraffic`` console script."""
    from teletraffic.cli.output import stop_on_sigterm

    stop_on_sigterm()
    app()
