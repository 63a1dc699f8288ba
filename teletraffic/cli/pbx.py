"""The ``import`` command: a PBX's queue configuration in, a scenario out.

``teletraffic import queues.conf -o scenario.yaml`` (Asterisk) or ``teletraffic import
callcenter.conf.xml -o scenario.yaml`` (FreeSWITCH) says what the file holds, which
settings the scenario does not carry (by section and key) and which parts of the
scenario are placeholders, and writes the scenario (atomically; only a valid one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from teletraffic.cli.output import reports_errors

__all__ = ["register"]

ConfFile = Annotated[
    Path,
    typer.Argument(
        help="An Asterisk queues.conf or a FreeSWITCH callcenter.conf.xml.", show_default=False
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``import`` command to *app*."""

    @app.command("import")
    @reports_errors
    def import_(
        conf: ConfFile,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write the scenario to this file.")
        ] = None,
        calls_per_hour: Annotated[
            float | None,
            typer.Option("--calls-per-hour", min=0, help="Calls an hour to each queue."),
        ] = None,
        talk: Annotated[str | None, typer.Option("--talk", help="Mean talk time, e.g. 3m.")] = None,
        patience: Annotated[
            str | None, typer.Option("--patience", help="Mean patience on hold, e.g. 1m.")
        ] = None,
        channels: Annotated[
            int | None, typer.Option("--channels", min=1, help="Channels of the outside line.")
        ] = None,
    ) -> None:
        """Read an Asterisk or FreeSWITCH queue configuration into a scenario."""
        from teletraffic.cli.calllog import write_text_atomically
        from teletraffic.pbxconf import import_pbx

        imported = import_pbx(
            conf, calls_per_hour=calls_per_hour, talk=talk, patience=patience, channels=channels
        )
        typer.echo(f"{conf.name}: {imported.described}.")
        for note in imported.notes:
            typer.echo(f"  {note}")
        if imported.unmapped:
            typer.echo(f"Not mapped ({len(imported.unmapped)}):")
            for u in imported.unmapped:
                typer.echo(f"  {u}")
        text = imported.to_yaml()
        if out is None:
            typer.echo("")
            typer.echo(text, nl=False)
            return
        write_text_atomically(out, text)
        typer.echo(f"Wrote {out}; try: teletraffic run {out}")
