"""Long work off the request thread: a job runs in its own thread, reports progress and
can be cancelled.

A job is a function given a :class:`Progress`; the teletraffic API already calls a
*progress* callback between steps (``simulate`` after each replication, ``plan`` before
each set-up it simulates), and that callback is where a job learns it was cancelled:
it raises :class:`CancelledError`, which unwinds the API call between two steps, with
nothing half-written. At most :data:`RUNNING_AT_ONCE` jobs run at a time, the others
wait their turn, so a busy page cannot take every core of the machine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from teletraffic.errors import TeletrafficError

__all__ = ["RUNNING_AT_ONCE", "CancelledError", "Job", "Progress"]

RUNNING_AT_ONCE = 2
"""Jobs that simulate at the same time, over every session."""

_TURNS = threading.BoundedSemaphore(RUNNING_AT_ONCE)


class CancelledError(Exception):
    """Raised inside a job's work when it was asked to stop."""


@dataclass
class Progress:
    """What a job has done so far, as the page shows it; thread-safe by replacement."""

    text: str = "waiting for a free turn"
    done: int = 0
    total: int | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def check(self) -> None:
        """Raise :class:`CancelledError` when the job was asked to stop."""
        if self.cancel.is_set():
            raise CancelledError

    def step(self, label: str) -> None:
        """A callback for :func:`teletraffic.experiments.plan`: one more set-up simulated."""
        self.check()
        self.done += 1
        self.text = f"simulating {label}"

    def steps(self, done: int, total: int) -> None:
        """A callback for :func:`teletraffic.runner.simulate`: *done* of *total* runs."""
        self.check()
        self.done, self.total = done, total
        self.text = f"simulated {done} of {total} runs"


class Job:
    """One piece of work of one session, run in a daemon thread.

    *state* is ``running``, ``done``, ``failed`` (a :class:`TeletrafficError`: its
    message, for the page) or ``cancelled``. *result* is what the work returned.
    """

    def __init__(self, kind: str, work: Callable[[Progress], Any], inputs: Any = None) -> None:
        self.kind = kind
        self.inputs = inputs
        self.progress = Progress()
        self.state = "running"
        self.result: Any = None
        self.error = ""
        self.started = time.monotonic()
        self._work = work
        self._thread = threading.Thread(target=self._run, name=f"teletraffic-{kind}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with _TURNS:
                self.progress.check()
                self.progress.text = "starting"
                self.result = self._work(self.progress)
            self.state = "done"
        except CancelledError:
            self.state = "cancelled"
        except TeletrafficError as err:
            self.error = str(err)
            self.state = "failed"
        except Exception as err:  # a bug: say so on the page rather than hang
            self.error = f"an unexpected error ({type(err).__name__}: {err})"
            self.state = "failed"

    def cancel(self) -> None:
        """Ask the work to stop at its next step (and not start, if it is waiting)."""
        self.progress.cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the job to end; whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def finished(self) -> bool:
        return self.state != "running"
