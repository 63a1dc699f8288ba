"""Replaying fixed arrival times through the engine: the exact event logs of the tests.

``trace(spec, arrivals)`` runs a scenario (given as the dict of a file, on top of a
10-hour steady period without warm-up) once with the arrival times given per stream, and
returns one ``(arrival, attempt, wait, talk, outcome, staff)`` tuple per attempt, sorted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from teletraffic.engine import Replication, run_replication
from teletraffic.records import Outcome
from teletraffic.runner import layout_of
from teletraffic.scenario import scenario_from_dict
from teletraffic.tally import Tally

Row = tuple[float, int, float, float, str, str]


def replay(
    spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]], seed: int = 1
) -> tuple[list[Row], Replication]:
    """Run *spec* once with the given arrival times: (sorted attempt log, replication)."""
    base: dict[str, Any] = {"name": "replay", "period": {"hours": 10, "warmup": 0}}
    base.update(spec)
    scenario = scenario_from_dict(base)
    depts = scenario.effective_departments
    tally = Tally(layout_of(scenario), scenario.answer_time)
    rep = run_replication(scenario, 0, seed, tally, keep_log=True, arrivals=arrivals)
    assert rep.log is not None
    rows = []
    for r in rep.log:
        di = r.staff_department
        staff = f"{depts[di].name}/{r.staff + 1}" if di >= 0 else ""
        rows.append(
            (
                round(r.arrival, 9),
                r.attempt,
                round(r.wait, 9),
                round(r.talk, 9),
                Outcome(r.outcome).label,
                staff,
            )
        )
    return sorted(rows), rep


def trace(
    spec: Mapping[str, Any], arrivals: Mapping[str, Sequence[float]], seed: int = 1
) -> list[Row]:
    """The sorted attempt log of :func:`replay`."""
    return replay(spec, arrivals, seed)[0]


def one_line(talk: float, **stream: Any) -> dict[str, Any]:
    """One city line, one phone, one stream with talk times of exactly *talk* seconds."""
    return {
        "lines": [{"name": "city", "kind": "landline", "numbers": ["1"]}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": 1,
                "talk": {"dist": "deterministic", "mean": talk},
                **stream,
            }
        ],
    }


def office(
    staff: int,
    channels: int,
    strategy: str = "linear",
    hold: Any = None,
    patience: Any = None,
    **dept: Any,
) -> dict[str, Any]:
    """A trunk of *channels*, department ``d`` of *staff*, 100-second calls."""
    stream: dict[str, Any] = {
        "name": "c",
        "dial": "1",
        "calls_per_hour": 1,
        "talk": {"dist": "deterministic", "mean": 100},
    }
    if patience is not None:
        stream["patience"] = patience
    spec: dict[str, Any] = {
        "lines": [
            {"name": "trunk", "kind": "multichannel", "numbers": ["1"], "channels": channels}
        ],
        "traffic": [stream],
        "departments": [{"name": "d", "staff": staff, "strategy": strategy, **dept}],
    }
    if hold is not None:
        spec["pbx"] = {"kind": "virtual", "hold": hold}
    return spec


DESK_AND_SALES: dict[str, Any] = {
    "lines": [{"name": "city", "kind": "landline", "numbers": ["1"]}],
    "traffic": [
        {
            "name": "c",
            "dial": "1",
            "calls_per_hour": 1,
            "talk": {"dist": "deterministic", "mean": 300},
        },
        {
            "name": "out",
            "from": "sales",
            "calls_per_hour": 360,
            "talk": {"dist": "deterministic", "mean": 20},
        },
    ],
    "departments": [
        {"name": "desk", "staff": 1},
        {"name": "sales", "staff": 1, "answers": "none"},
    ],
    "routes": {"1": "desk"},
}
"""One city line shared by a desk (300-second inbound calls) and a salesperson dialling out."""
