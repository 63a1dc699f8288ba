"""``--scheduler``: replications on a Dask cluster instead of this machine's processes.

``--scheduler tcp://host:8786`` connects to a running Dask scheduler (``dask scheduler``
on one machine, ``dask worker tcp://host:8786`` on the others, each with teletraffic
installed); ``--scheduler local`` starts a ``LocalCluster`` of ``--workers`` processes
here. Either way the commands hand the run a ``concurrent.futures`` executor from
``Client.get_executor()`` and nothing else changes: the figures are those of a serial
run with the same seed. Dask is an optional extra (``pip install
'teletraffic-sim[dask]'``); it is imported only when ``--scheduler`` is given.

When a worker is lost mid-run, the Dask scheduler runs its unfinished tasks again on the
workers left (``distributed.scheduler.allowed-failures`` times, 3 by default): see
https://distributed.dask.org/en/stable/resilience.html.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from teletraffic.errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["Scheduler", "scheduler_executor"]

Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help=(
            "Run the replications on Dask: tcp://HOST:8786 (a running scheduler), or local "
            "(a cluster of --workers processes here). Needs: pip install "
            "'teletraffic-sim[dask]'."
        ),
        show_default=False,
    ),
]

CONNECT_SECONDS = 10
"""How long to try reaching a scheduler before saying it cannot be reached."""


def _address(text: str) -> str:
    """A scheduler address as typed: ``tcp://host:port``, ``host:port`` or ``local``."""
    value = text.strip()
    if not value:
        raise InputError("--scheduler: an empty address; give tcp://HOST:8786 or local")
    if value == "local":
        return value
    if "://" not in value:
        value = f"tcp://{value}"
    scheme, _, rest = value.partition("://")
    host, sep, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls", "ws", "wss", "inproc", "ucx") or not host:
        raise InputError(
            f"--scheduler: {text!r} is not a scheduler address; give tcp://HOST:8786 or local"
        )
    if sep and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise InputError(f"--scheduler: {text!r}: the port must be a number from 1 to 65535")
    return value


@contextmanager
def scheduler_executor(scheduler: str | None, workers: int) -> Iterator[Executor | None]:
    """The executor of ``--scheduler`` (``None`` without it), closed on leaving.

    ``local`` starts ``--workers`` processes (one thread each; at least 2); an address
    connects to that scheduler, whose workers are its own, so ``--workers`` is refused
    with it. Without Dask installed: an :class:`InputError` saying how to install it.
    """
    if scheduler is None:
        yield None
        return
    address = _address(scheduler)
    if address != "local" and workers != 1:
        raise InputError(
            "--workers: a Dask scheduler brings its own workers; give --workers only with "
            "--scheduler local"
        )
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "--scheduler needs Dask, which is not installed: pip install "
            "'teletraffic-sim[dask]' (or pip install 'dask[distributed]')"
        ) from None
    if address == "local":
        n = max(2, workers) if workers > 1 else max(2, min(os.cpu_count() or 2, 8))
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:
                yield client.get_executor(pure=False)
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise InputError(
            f"--scheduler: cannot reach a Dask scheduler at {address} ({err}); is "
            "`dask scheduler` running there?"
        ) from None
    with client:
        yield client.get_executor(pure=False)
