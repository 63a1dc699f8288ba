"""The engine against Erlang B, C, A, M/M/n/K (with and without patience) and Engset.

Each canonical model starts with 20 seeded replications and adds more until every
interval it checks is precise (quick: within 6% of the analytic value); the 99% interval
of each figure must hold the analytic value. The seed is fixed, so the test is
deterministic; the width of the interval is what gives the tolerance its meaning.
"""

from __future__ import annotations

import pandas as pd
import pytest

from teletraffic.validate import MODELS, validate

pytestmark = pytest.mark.slow  # every test here reads the same 20 replications of each model


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return validate(replications=20, seed=2026, workers=2, level=0.99, quick=True)


@pytest.mark.parametrize("model", [m.name for m in MODELS])
def test_every_interval_holds_the_analytic_value(table: pd.DataFrame, model: str) -> None:
    rows = table[table["model"] == model]
    assert not rows.empty
    failed = rows[~rows["holds"]]
    assert failed.empty, f"seed 2026:\n{failed.to_string()}"


def test_intervals_are_tight_enough_to_mean_something(table: pd.DataFrame) -> None:
    """A check that passes with a huge interval checks nothing: each is within 10%."""
    width = (table["ci_high"] - table["ci_low"]) / table["analytic"].abs()
    assert (width < 0.12).all(), table.assign(width=width).to_string()


def test_every_model_stopped_at_the_precision_asked(table: pd.DataFrame) -> None:
    assert table["precise"].all(), table.to_string()
    assert (table["replications"] >= 20).all()


def test_a_wrong_formula_would_be_caught(table: pd.DataFrame) -> None:
    """Erlang B at 9 channels (not 10) lies outside the Erlang B model's interval."""
    from teletraffic.erlang import erlang_b

    row = table[(table["model"] == "Erlang B") & (table["metric"] == "p_busy")].iloc[0]
    wrong = erlang_b(9, 8.0)
    assert not row["ci_low"] <= wrong <= row["ci_high"]
