"""The ``web`` command: the page for people who would rather not use a terminal.

``teletraffic web`` starts a local server on 127.0.0.1 (:mod:`teletraffic.web`), prints
its address and opens it in the browser. The page needs the optional extra
``teletraffic-sim[web]``; without it the command says how to install it.
"""

from __future__ import annotations

import contextlib
from typing import Annotated

import typer

from teletraffic.cli.output import fail

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``web`` command to *app*."""

    @app.command()
    def web(
        port: Annotated[
            int,
            typer.Option("--port", "-p", min=0, max=65535, help="Port on 127.0.0.1 (0: any free)."),
        ] = 8765,
        no_browser: Annotated[
            bool, typer.Option("--no-browser", help="Do not open the page in the browser.")
        ] = False,
    ) -> None:
        """Open the page: ask for a plan, check and run scenario files, in the browser."""
        from teletraffic.web import MISSING

        try:
            import python_multipart  # noqa: F401  (the forms)
            import starlette  # noqa: F401
            import uvicorn  # noqa: F401
        except ImportError:
            raise fail(MISSING) from None
        from teletraffic.web import serve

        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: the server has stopped
            serve(port, open_browser=not no_browser)
