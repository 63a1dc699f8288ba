"""How much memory a PBX's call records cost as they are read and fitted.

Issue 13 asks for a million-row Master.csv in under 500 MB; ``benchmarks/cdr_speed.py``
measures that (peak resident memory, in a fresh process). Here a small file in the same
shape (the benchmark's own generator) is read and fitted under :mod:`tracemalloc`, and
the bytes per call leg are bounded: what the call table holds once read, and what the
fit needs on top of it. The bounds are loose (about 1.4 times what the readers need
today) but tight enough to catch a table held twice, text turned into a new string a
row, or the chunks of a file joined into a second copy. :class:`ColumnBuffer`, which
fills the table chunk by chunk, is checked against a plain join.
"""

from __future__ import annotations

import gc
import importlib.util
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import teletraffic as tt
from teletraffic.cdr.chunks import ColumnBuffer, as_category

ROOT = Path(__file__).resolve().parents[1]

HELD_PER_LEG = 150
"""Bytes per call leg the call table may hold once read (today about 105: 11 columns of
8 bytes for each of the 2 callers in 3 legs, and the caller ids' text)."""
FIT_PER_LEG = 170
"""Bytes per call leg the fit may need on top of the table (today about 120)."""


@pytest.fixture(scope="module")
def master_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Master.csv of 20,000 legs written by the benchmark's generator."""
    spec = importlib.util.spec_from_file_location("cdr_speed", ROOT / "benchmarks" / "cdr_speed.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path_factory.mktemp("big") / "Master.csv"
    bench.write_master_csv(path, 20_000)
    return path


def test_the_call_table_and_the_fit_stay_within_their_bytes_per_leg(master_csv: Path) -> None:
    tt.fit_traffic(tt.read_cdr(master_csv))  # imports and caches outside the count
    gc.collect()
    tracemalloc.start()
    try:
        cdr = tt.read_cdr(master_csv)
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        fit = tt.fit_traffic(cdr)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    legs = cdr.attrs["legs"]
    assert legs == 20_000
    assert len(cdr) < legs
    assert fit.streams[0].attempts == len(cdr)
    assert held / legs < HELD_PER_LEG, f"{held / legs:.0f} bytes a leg held by the table"
    assert (peak - held) / legs < FIT_PER_LEG, f"{(peak - held) / legs:.0f} bytes a leg to fit"


def test_text_columns_hold_python_strings_shared_between_rows(master_csv: Path) -> None:
    cdr = tt.read_cdr(master_csv)
    for name in ("direction", "number", "caller", "outcome", "line", "stream"):
        assert cdr[name].dtype == object, name
    number = cdr["number"].to_numpy()
    assert all(n is number[0] for n in number[:100])  # one string, not one a row


def test_a_column_buffer_fills_as_a_join_would_and_grows() -> None:
    chunks = [
        {
            "start": np.array(["2024-03-04T09:00", "2024-03-04T09:01"], dtype="datetime64[ns]"),
            "outcome": as_category(["answered", "busy"]),
            "caller": np.array(["101", "102"], dtype=object),
            "talk": np.array([60.0, 0.0]),
        },
        {
            "start": np.array(["2024-03-04T09:02"] * 3, dtype="datetime64[ns]"),
            "outcome": as_category(["unanswered", "answered", "unanswered"]),
            "caller": np.array(["103", "101", "104"], dtype=object),
            "talk": np.array([0.0, 30.0, 0.0]),
        },
    ]
    expected = pd.concat(
        [pd.DataFrame({k: np.asarray(v) for k, v in c.items()}) for c in chunks],
        ignore_index=True,
    )
    buffer = ColumnBuffer(3)  # fewer rows than come: it must grow
    for chunk in chunks:
        buffer.append(dict(chunk))
    table = buffer.frame()
    assert buffer.rows == 5
    assert list(table["outcome"].cat.categories) == ["answered", "busy", "unanswered"]
    assert table["outcome"].cat.categories.dtype == object
    assert table["caller"].dtype == object
    pd.testing.assert_frame_equal(table.astype(object), expected.astype(object))
