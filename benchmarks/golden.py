"""Golden figures: every shipped scenario's summary and monthly cost, to the last digit.

A restructuring moves code without changing figures. Write the figures before the move
and check them after:

    .venv/bin/python benchmarks/golden.py --write /tmp/golden-before
    ... move code ...
    .venv/bin/python benchmarks/golden.py --check /tmp/golden-before

Each scenario under ``scenarios/`` (the tariff menu aside) runs with its own seed and
three replications; the summary (every metric and scope, mean and interval) and the
monthly cost items are written as CSV with floats in full (``repr``) precision.
``--check`` prints each scenario whose figures differ, with the first differing rows,
and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPLICATIONS = 3


def scenario_files() -> list[Path]:
    """Every shipped scenario file, the tariff menus (tariffs.yaml, tariffs/) left out."""
    return sorted(
        p
        for p in (ROOT / "scenarios").rglob("*.yaml")
        if p.name != "tariffs.yaml" and p.parent.name != "tariffs"
    )


def figures(path: Path) -> str:
    """The scenario's summary and monthly costs as CSV text, floats in full precision."""
    import teletraffic as tt

    scenario = tt.load_scenario(path)
    result = tt.simulate(scenario, replications=REPLICATIONS)
    summary = result.summary.sort_values(["metric", "scope"]).reset_index(drop=True)
    costs = tt.cost_summary(scenario, result)
    lines = ["metric,scope,mean,ci_low,ci_high,std,n"]
    for row in summary.itertuples(index=False):
        values = (repr(float(v)) for v in (row.mean, row.ci_low, row.ci_high, row.std))
        lines.append(f"{row.metric},{row.scope},{','.join(values)},{row.n}")
    for row in costs.itertuples(index=False):
        values = (repr(float(v)) for v in (row.mean, row.ci_low, row.ci_high))
        lines.append(f"cost,{row.item},{','.join(values)},,")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="DIR", help="write the figures to DIR")
    group.add_argument("--check", type=Path, metavar="DIR", help="compare with the figures in DIR")
    args = parser.parse_args(argv)
    differ = 0
    for path in scenario_files():
        name = path.relative_to(ROOT / "scenarios").as_posix().replace("/", "__")
        name = name.removesuffix(".yaml") + ".csv"
        text = figures(path)
        if args.write is not None:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / name).write_text(text, encoding="utf-8")
            print(f"wrote {name}: {text.count(chr(10)) - 1} figures")
            continue
        before_file = args.check / name
        if not before_file.is_file():
            print(f"{name}: no figures before (new scenario?)")
            differ += 1
            continue
        before = before_file.read_text(encoding="utf-8").splitlines()
        after = text.splitlines()
        if before == after:
            print(f"{name}: identical ({len(after) - 1} figures)")
            continue
        differ += 1
        old, new = set(before), set(after)
        print(f"{name}: DIFFERS ({len(old - new)} rows before only, {len(new - old)} after only)")
        for line in [x for x in before if x not in new][:3]:
            print(f"  - {line}")
        for line in [x for x in after if x not in old][:3]:
            print(f"  + {line}")
    if args.check is not None:
        print("all identical" if differ == 0 else f"{differ} scenario(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
