"""Problems found in a file of call records, and the error that lists them.

A reader collects every problem it finds in a file (:class:`Problems`) and raises one
:class:`CdrError` at the end, naming the file, the line, the column and the bad value
of the first :data:`MAX_PROBLEMS` and counting the rest, so that a user can fix a file
in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from teletraffic.errors import InputError

__all__ = ["MAX_PROBLEMS", "CdrError", "Problems"]

MAX_PROBLEMS = 10
"""Most problems one :class:`CdrError` lists; the rest are counted."""


class CdrError(InputError):
    """A CDR file (or a call table) cannot be read or fitted.

    *problems* is a list of ``(line, message)`` pairs, *line* the 1-based line of the
    file or ``None``; *more* counts the problems found beyond those listed.
    """

    def __init__(
        self, file: str, problems: Sequence[tuple[int | None, str]], more: int = 0
    ) -> None:
        self.file = file
        self.problems = list(problems)
        self.more = more
        super().__init__(self._render())

    @property
    def line(self) -> int | None:
        """The file line of the first problem, when known."""
        return self.problems[0][0] if self.problems else None

    def _render(self) -> str:
        if len(self.problems) == 1 and not self.more:
            line, message = self.problems[0]
            where = f"{self.file}, line {line}" if line is not None else self.file
            return f"{where}: {message}"
        total = len(self.problems) + self.more
        parts = [f"line {ln}: {m}" if ln is not None else m for ln, m in self.problems]
        if self.more:
            parts.append(f"... and {self.more} more")
        return f"{total} problems in {self.file}:\n" + "\n".join(f"  - {p}" for p in parts)


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


class Problems:
    """Problems found in one file: the first few of each kind, sorted by line at the end."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[tuple[int, int, str]] = []
        self.count = 0

    def add(self, line: int | None, message: str) -> None:
        self.count += 1
        if len(self.items) < 4 * MAX_PROBLEMS:
            self.items.append((line or 0, self.count, message))

    def rows(
        self,
        mask: np.ndarray,
        lines: np.ndarray,
        values: Sequence[Any] | np.ndarray,
        message: str,
    ) -> None:
        """Record a problem for each row where *mask* is true; *message* has ``{value}``."""
        hits = np.flatnonzero(mask)
        for i in hits[:MAX_PROBLEMS]:
            self.add(int(lines[i]), message.format(value=_short(values[i])))
        self.count += max(len(hits) - MAX_PROBLEMS, 0)

    def check(self) -> None:
        if not self.count:
            return
        shown = sorted(self.items)[:MAX_PROBLEMS]
        raise CdrError(self.where, [(ln or None, m) for ln, _, m in shown], self.count - len(shown))
