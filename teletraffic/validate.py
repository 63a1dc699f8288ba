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

Each model runs until the interval of every figure it checks is narrow enough to mean
something (its half-width at most :data:`PRECISION` of the analytic value, or a floor
for small figures), not for a fixed number of hours: the models that settle quickly stop
early, and the check stays as strict as it needs to be. Users run it as
``teletraffic validate``; the tests run it with fixed seeds.
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
    """Measured hours per replication (replications are added until precise)."""
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
        50,
        {"lines": _trunk(10), "traffic": _stream(160, 180)},
        lambda: {
            "p_busy": erlang.erlang_b(10, 8.0),
            "channel_occupancy@line:trunk": 8.0 * (1 - erlang.erlang_b(10, 8.0)) / 10,
        },
    ),
    ValidationModel(
        "Erlang C",
        # waits near 80% load vary a lot from run to run; 100 hours (24,000 calls) make
        # each replication's mean wait near normal, and more, shorter replications let
        # the run stop near the precision asked (300 hours: often 40% more calls)
        100,
        {"lines": _trunk(10_000), "traffic": _stream(240, 120), **_pbx(10)},
        _erlang_c,
    ),
    ValidationModel(
        "Erlang A",
        100,
        {"lines": _trunk(10_000), "traffic": _stream(240, 120, patience=120), **_pbx(10)},
        _erlang_a,
    ),
    ValidationModel(
        "M/M/n/K", 200, {"lines": _trunk(6), "traffic": _stream(50, 180), **_pbx(3)}, _mmnk(None)
    ),
    ValidationModel(
        "M/M/1/3",
        200,
        {"lines": _trunk(3), "traffic": _stream(20, 120), **_pbx(1)},
        lambda: {
            "p_busy": erlang.mmnk(1, 3, 2 / 3, 120.0).p_busy,
            "mean_wait": erlang.mmnk(1, 3, 2 / 3, 120.0).mean_wait,
        },
    ),
    ValidationModel(
        "M/M/n/K+M",
        200,
        {"lines": _trunk(6), "traffic": _stream(50, 180, patience=240), **_pbx(3)},
        _mmnk(240.0),
    ),
    ValidationModel(
        "Engset",
        2_500,  # 4 calls an hour: long replications
        {"lines": _trunk(5), "traffic": _stream(4, 1800, sources=20)},
        lambda: {"p_busy": erlang.engset(5, 20, 2.0)},
    ),
)
"""The canonical models, in the order they are reported."""


PRECISION = 0.04
"""A full run adds replications until each interval's half-width is at most this share of
the analytic value (a quick run: :data:`QUICK_PRECISION`)."""

QUICK_PRECISION = 0.06

FLOORS = {"share": 0.001, "seconds": 0.5, "other": 0.02}
"""The least half-width asked, by kind of figure: 0.1 points of a share, half a second of
a wait, 0.02 of a count (a small share needs no interval narrower than this)."""

MAX_REPLICATIONS = 400
"""No model runs more replications than this; ``precise`` says whether it got there."""


def _tolerance(metric: str, analytic: float, share: float) -> float:
    from teletraffic.metrics import is_share

    kind = "share" if is_share(metric) else "seconds" if "wait" in metric else "other"
    return max(share * abs(analytic), FLOORS[kind])


def validate(
    replications: int = 10,
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
    ci_low, ci_high, holds, precise, replications`` (``holds``: the interval contains the
    analytic value; ``precise``: its half-width met the precision asked). Each model
    starts with *replications* and adds replications until every figure it checks is
    within :data:`PRECISION` (*quick*: :data:`QUICK_PRECISION`) or
    :data:`MAX_REPLICATIONS` are done. *progress* is called with (models done, models).
    """
    import pandas as pd

    from teletraffic.precision import Precision

    share = QUICK_PRECISION if quick else PRECISION
    rows: list[dict[str, Any]] = []
    chosen = [m for m in MODELS if models is None or m.name in models]
    for done, model in enumerate(chosen):
        hours = model.hours
        spec = {
            "name": f"validation: {model.name}",
            "period": {"hours": hours, "warmup": f"{max(hours / 50, 2):g}h"},
            **model.spec,
        }
        scenario = scenario_from_dict(spec)
        expected = {key: float(value) for key, value in model.expected().items()}
        wishes = []
        for key, analytic in expected.items():
            metric, _, scope = key.partition("@")
            wishes.append(Precision(_tolerance(metric, analytic, share), metric, scope or "all"))
        result = simulate(
            scenario,
            replications=replications,
            seed=seed,
            workers=workers,
            level=level,
            precision=wishes,
            max_replications=max(MAX_REPLICATIONS, replications),
        )
        n = len(result.replications)
        for (key, analytic), wish in zip(expected.items(), wishes, strict=True):
            metric, _, scope = key.partition("@")
            low, high = result.ci(metric, scope or "all")
            rows.append(
                {
                    "model": model.name,
                    "metric": metric,
                    "analytic": analytic,
                    "simulated": result.value(metric, scope or "all"),
                    "ci_low": low,
                    "ci_high": high,
                    "holds": bool(low <= analytic <= high),
                    "precise": bool((high - low) / 2 <= wish.half_width),
                    "replications": n,
                }
            )
        if progress is not None:
            progress(done + 1, len(chosen))
    return pd.DataFrame(rows)
