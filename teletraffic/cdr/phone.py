"""Telephone numbers as call records write them: their digits, and whether one is an extension.

``+7 (495) 100-00-00`` and ``74951000000`` are one number written two ways: their
digits are the same.
"""

from __future__ import annotations

import re

__all__ = ["digits_of", "is_extension"]


def digits_of(number: str) -> str:
    """The digits of *number*, nothing else."""
    return re.sub(r"\D", "", number)


def is_extension(number: str) -> bool:
    """True for an internal extension: 1 to 5 digits and nothing else (a ``+`` aside)."""
    d = digits_of(number)
    return bool(d) and len(d) <= 5 and d == number.strip().lstrip("+")
