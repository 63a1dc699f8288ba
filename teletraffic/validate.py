"""The engine against the textbook: every model with a closed form, side by side.

Each canonical model is written as an ordinary scenario, simulated with seeded
replications, and each figure's confidence interval is checked against the formula
of :mod:`teletraffic.erlang`:

=================  ==========================================================
Erlang B           10 channels, 8 erlangs, no PBX: busy probability
Erlang C           10 agents, 8 erlangs, unbounded hold queue: wait probability,
                   mean wait, service level, occupancy
Erlang A           10 agents, 8 erlangs, exponential patience of 2 minutes:
                   abandonment, wait probability, mean wait, service level
M/M/n/K            3 staff behind a 6-channel trunk (a caller on hold keeps a
                   channel): busy, wait, mean wait
M/M/1/3            one person, a 3-channel trunk: at most 2 callers hold
M/M/n/K+M          the same with patience: busy, abandonment
Engset             20 callers (finite sources) on 5 channels: call congestion
=================  ==========================================================

Users run it as ``teletraffic validate``; the tests run it with fixed seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teletraffic import erlang
from teletraffic.runner import simulate
from teletraffic.scenario import scenario_from_dict

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MODELS", "ValidationModel", "validate"]


@dataclass(frozen=True)
class ValidationModel:
    """A canonical model: a scenario and the analytic values of its figures."""

    name: str
    hours: float
    """Measured hours per replication in a full run."""
    spec: dict[str, Any]
    expected: Callable[[], dict[str, float]]
    """``metric -> analytic value`` (scope ``all``, or ``metric@scope``)."""


def _trunk(channels: int) -> list[dict[str, Any]]:
    return [{"name": "trunk", "kind": "multichannel", "numbers": ["100"], "channels": channels}]


def _stream(
    calls_per_hour: float, talk: float, patience: float | None = None, sources: int | None = None
) -> list[dict[str, Any]]:
    s: dict[str, Any] = {
        "name": "callers",
        "dial": "100",
        "calls_per_hour": calls_per_hour,
        "talk": talk,
    }
    if patience is not None:
        s["patience"] = patience
    if sources is not None:
        s["sources"] = sources
    return [s]


def _pbx(staff: int) -> dict[str, Any]:
    return {
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [{"name": "staff", "staff": staff, "strategy": "linear"}],
    }


def _erlang_c() -> dict[str, float]:
    return {
        "p_wait": erlang.erlang_c(10, 8.0),
        "mean_wait": erlang.average_speed_of_answer(10, 8.0, 120.0),
        "service_level": erlang.service_level(10, 8.0, 120.0, 20.0),
        "staff_occupancy": erlang.occupancy(10, 8.0),
    }


def _erlang_a() -> dict[str, float]:
    r = erlang.erlang_a(10, 8.0, 120.0, 120.0)
    return {
        "p_abandon": r.p_abandon,
        "p_wait": r.p_wait,
        "mean_wait": r.mean_wait,
        "service_level": r.service_level(20.0),
        "staff_occupancy": r.occupancy,
    }


def _mmnk(patience: float | None) -> Callable[[], dict[str, float]]:
    def expected() -> dict[str, float]:
        r = erlang.mmnk(3, 6, 2.5, 180.0, patience)
        out = {
            "p_busy": r.p_busy,
            "p_wait": r.p_wait,
            "mean_wait": r.mean_wait,
            "service_level": r.service_level(20.0),
            # a caller on hold holds a channel too: talking + holding
            "busy_channels@line:trunk": r.channels_in_use,
        }
        if patience is not None:
            out["p_abandon"] = r.p_abandon
        return out

    return expected


MODELS: tuple[ValidationModel, ...] = (
    ValidationModel(
        "Erlang B",
        1000,
        {"lines": _trunk(10), "traffic": _stream(160, 180)},
        lambda: {
            "p_busy": erlang.erlang_b(10, 8.0),
            "channel_occupancy@line:trunk": 8.0 * (1 - erlang.erlang_b(10, 8.0)) / 10,
        },
    ),
    ValidationModel(
        "Erlang C",
        3000,  # waits near 80% load vary a lot from run to run: longer runs
        {"lines": _trunk(10_000), "traffic": _stream(240, 120), **_pbx(10)},
        _erlang_c,
    ),
    ValidationModel(
        "Erlang A",
        1000,
        {"lines": _trunk(10_000), "traffic": _stream(240, 120, patience=120), **_pbx(10)},
        _erlang_a,
    ),
    ValidationModel(
        "M/M/n/K", 2000, {"lines": _trunk(6), "traffic": _stream(50, 180), **_pbx(3)}, _mmnk(None)
    ),
    ValidationModel(
        "M/M/1/3",
        2000,
        {"lines": _trunk(3), "traffic": _stream(20, 120), **_pbx(1)},
        lambda: {
            "p_busy": erlang.mmnk(1, 3, 2 / 3, 120.0).p_busy,
            "mean_wait": erlang.mmnk(1, 3, 2 / 3, 120.0).mean_wait,
        },
    ),
    ValidationModel(
        "M/M/n/K+M",
        2000,
        {"lines": _trunk(6), "traffic": _stream(50, 180, patience=240), **_pbx(3)},
        _mmnk(240.0),
    ),
    ValidationModel(
        "Engset",
        25_000,  # 4 calls an hour: long runs for an interval narrow enough to mean something
        {"lines": _trunk(5), "traffic": _stream(4, 1800, sources=20)},
        lambda: {"p_busy": erlang.engset(5, 20, 2.0)},
    ),
)
"""The canonical models, in the order they are reported."""


def validate(
    replications: int = 20,
    seed: int = 2026,
    workers: int = 1,
    level: float = 0.99,
    *,
    quick: bool = False,
    models: tuple[str, ...] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Simulate every canonical model and compare with its formula.

    Returns one row per model and figure: ``model, metric, analytic, simulated,
    ci_low, ci_high, holds`` (``holds``: the interval contains the analytic value).
    *quick* runs a fifth of the hours: faster, wider intervals. *progress* is called
    with (replications done, replications in all) over every model.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    chosen = [m for m in MODELS if models is None or m.name in models]
    for done, model in enumerate(chosen):
        hours = model.hours / 5 if quick else model.hours
        spec = {
            "name": f"validation: {model.name}",
            "period": {"hours": hours, "warmup": f"{max(hours / 50, 2):g}h"},
            **model.spec,
        }
        scenario = scenario_from_dict(spec)
        step = None
        if progress is not None:

            def step(
                i: int,
                _n: int,
                base: int = done * replications,
                report: Callable[[int, int], None] = progress,
            ) -> None:
                report(base + i, len(chosen) * replications)

        result = simulate(
            scenario,
            replications=replications,
            seed=seed,
            workers=workers,
            level=level,
            progress=step,
        )
        for key, analytic in model.expected().items():
            metric, _, scope = key.partition("@")
            low, high = result.ci(metric, scope or "all")
            rows.append(
                {
                    "model": model.name,
                    "metric": metric,
                    "analytic": float(analytic),
                    "simulated": result.value(metric, scope or "all"),
                    "ci_low": low,
                    "ci_high": high,
                    "holds": bool(low <= analytic <= high),
                }
            )
    return pd.DataFrame(rows)
