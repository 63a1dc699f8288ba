"""Who answers, strategy by strategy: the share of calls each member takes.

Three people behind one number, a hold queue, every rung person picking up after 5 s
with chance 0.8 (so rings time out and the timeout rules show), calls of 3 minutes, at
a low load (0.5 erlangs) and a high one (2.4 erlangs); one steady-state run of 400
hours per cell, seed 1. Prints a Markdown table: for each strategy name, the share of
answered calls taken by d/1, d/2 and d/3, and the mean wait of answered calls.

    .venv/bin/python benchmarks/strategy_table.py
"""

from __future__ import annotations

from collections import Counter

from teletraffic.engine.strategies import STRATEGIES
from teletraffic.records import Outcome
from teletraffic.runner import replicate
from teletraffic.scenario import scenario_from_dict


def shares(strategy: str, erlangs: float) -> tuple[list[float], float]:
    spec = {
        "name": strategy,
        "period": {"hours": 400, "warmup": "5h"},
        "lines": [{"name": "t", "kind": "multichannel", "numbers": ["1"], "channels": 8}],
        "traffic": [
            {
                "name": "c",
                "dial": "1",
                "calls_per_hour": erlangs * 20,
                "talk": "3m",
                "patience": "3m",
            }
        ],
        "pbx": {"kind": "virtual", "hold": {}},
        "departments": [
            {"name": "d", "staff": 3, "strategy": strategy, "pickup": 0.8, "pickup_delay": 5}
        ],
    }
    _, log = replicate(scenario_from_dict(spec), 0, 1, keep_log=True)
    assert log is not None
    answered = [r for r in log if r.measured and r.outcome == Outcome.ANSWERED]
    count = Counter(r.staff for r in answered)
    wait = sum(r.wait for r in answered) / len(answered)
    return [count[k] / len(answered) for k in range(3)], wait


def main() -> None:
    print("| strategy | low load: d/1, d/2, d/3 | wait | high load: d/1, d/2, d/3 | wait |")
    print("|---|---|---|---|---|")
    for name in sorted(STRATEGIES):
        cells = []
        for erlangs in (0.5, 2.4):
            share, wait = shares(name, erlangs)
            cells += [" / ".join(f"{s:.0%}" for s in share), f"{wait:.1f} s"]
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
