"""Errors that teletraffic raises for its users.

Every error meant for a person (a bad scenario file, a bad command-line value, a bad
CDR file) derives from :class:`TeletrafficError`. The command line prints such an
error as one paragraph and exits with code 2; it never shows a traceback for them.

This module imports nothing of the project, so every other module may import it.
"""

from __future__ import annotations

__all__ = [
    "InputError",
    "LongRunWarning",
    "ScenarioError",
    "StatisticalWarning",
    "TeletrafficError",
]


class TeletrafficError(Exception):
    """Base class of every error teletraffic raises on purpose."""


class InputError(TeletrafficError, ValueError):
    """A value given to teletraffic is out of range or of the wrong kind.

    Raised by the analytic functions and by the command line for a bad flag; the
    message names the argument and the value.
    """


MAX_PROBLEMS_SHOWN = 50
"""A message lists this many problems of a file, then says how many more there are."""


class ScenarioError(TeletrafficError):
    """A scenario file (or a scenario built in Python) is not valid.

    *problems* is a list of ``(field_path, message, line)`` triples: all problems found
    in one pass, so a user can fix a file in one go. *file* is the file's path, or
    ``None`` for a scenario built from a dictionary. *line* is the 1-based line of the
    field in the file, or ``None`` when it is not known.
    """

    def __init__(
        self,
        problems: list[tuple[str, str, int | None]],
        file: str | None = None,
    ) -> None:
        self.problems = list(problems)
        self.file = file
        super().__init__(self._render())

    @property
    def field(self) -> str:
        """The field path of the first problem (for example ``lines[0].channels``)."""
        return self.problems[0][0] if self.problems else ""

    @property
    def line(self) -> int | None:
        """The file line of the first problem, when known."""
        return self.problems[0][2] if self.problems else None

    def _render(self) -> str:
        where = self.file or "scenario"
        parts: list[str] = []
        for path, message, line in self.problems:
            loc = f"{where}, line {line}" if line is not None else where
            head = f"{path}: " if path else ""
            parts.append(f"{head}{message} ({loc})")
        if len(parts) == 1:
            return parts[0]
        shown = [f"  - {p}" for p in parts[:MAX_PROBLEMS_SHOWN]]
        if len(parts) > MAX_PROBLEMS_SHOWN:
            shown.append(f"  ... and {len(parts) - MAX_PROBLEMS_SHOWN:,} more")
        return f"{len(parts)} problems in {where}:\n" + "\n".join(shown)


class StatisticalWarning(UserWarning):
    """A caveat about a statistical result (too few replications, a very wide interval)."""


class LongRunWarning(UserWarning):
    """A run estimated to take a long time (ten minutes or more), before it starts: says
    how long. The command line prints it as a note."""
