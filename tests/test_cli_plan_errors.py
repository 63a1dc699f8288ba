"""``plan`` errors name the flag the user typed and its value, never a Python name.

:func:`teletraffic.experiments.plan` checks its arguments in their Python names
(``calls_per_hour``, ``target_abandon``...) for notebook users; a value typed at the
command line must be refused before that, in the words of its flag.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from teletraffic.cli import app

NUMBERS = ["plan", "--calls-per-hour", "40", "--talk", "3m", "-r", "2"]
PYTHON_NAME = re.compile(r"(?<![-\w])[a-z]+_[a-z_]+(?![-\w])")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--calls-per-hour", "1e7", "--talk", "3m"], "--calls-per-hour: '1e7' is above"),
        (["plan", "--calls-per-hour", "40", "--talk", "2d"], "--talk: '2d' is longer than a day"),
        ([*NUMBERS, "--target-abandon", "0"], "--target-abandon: '0' on its own"),
        ([*NUMBERS, "--target-answer", "80%/100000s"], "--target-answer: '80%/100000s'"),
        ([*NUMBERS, "--lost-call-value", "1e300"], "--lost-call-value: '1e300' is above"),
        ([*NUMBERS, "--staff-cost", "1e308"], "--staff-cost: '1e308' is above"),
    ],
    ids=["calls", "talk", "abandon-alone", "answer-time", "lost-call-value", "staff-cost"],
)
def test_plan_errors_name_the_flag_and_value(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    error = result.output.strip().splitlines()[-1]
    assert message in error
    assert "--target-busy" in error or "abandon" not in message
    assert PYTHON_NAME.findall(error) == [], error
