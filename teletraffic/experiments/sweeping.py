"""Sweep one scenario over values of one parameter, or a grid of several.

:func:`sweep` runs a scenario for each value of a parameter named by a dotted path such
as ``lines.main.channels`` or ``departments.requests.staff``; :func:`parse_values` reads
the values as a user writes them (``1..10``, ``0..10..2``, ``2,4,8``).
"""

from __future__ import annotations

import copy
import difflib
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import BaseModel

from teletraffic.costs import (
    monthly_costs,
)
from teletraffic.errors import InputError, ScenarioError
from teletraffic.experiments.figures import (
    COST_FIGURES,
    KEY_FIGURES,
    _check_level,
    figure_intervals,
)
from teletraffic.precision import Precision
from teletraffic.runner import check_work, estimate_work, simulate
from teletraffic.scenario import Scenario, scenario_from_dict

__all__ = ["parse_values", "sweep"]

_MAX_VALUES = 1000

# --------------------------------------------------------------------------- sweep

_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")

if TYPE_CHECKING:
    from concurrent.futures import Executor


def _literal(text: str) -> Any:
    t = text.strip()
    if t.lower() in ("none", "null"):
        return None
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    if _NUMBER.match(t):
        return float(t)
    return t


def parse_values(text: str) -> list[Any]:
    """Values of a sweep as written on the command line.

    ``"1..10"`` (1 to 10), ``"2..20..2"`` (2 to 20 by 2), ``"1,2,4"``, ``"0.5..2..0.5"``,
    or any mix (``"1..3,8"``); other items are kept as text (``"1m,2m,3m"``, ``"2%,5%"``)
    for the scenario to read, and ``none`` is "not set". Raises
    :class:`~teletraffic.errors.InputError` naming the text.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"no values in {text!r}; write e.g. 1..10, 1,2,4 or 2..20..2")
    values: list[Any] = []
    for part in text.split(","):
        item = part.strip()
        if not item:
            raise InputError(f"an empty value in {text!r}; write e.g. 1,2,4")
        if ".." in item:
            pieces = [p.strip() for p in item.split("..")]
            if len(pieces) not in (2, 3) or not all(_NUMBER.match(p) for p in pieces):
                raise InputError(
                    f"range {item!r} is not FIRST..LAST or FIRST..LAST..STEP with numbers"
                )
            nums = [_literal(p) for p in pieces]
            first, last = nums[0], nums[1]
            step = nums[2] if len(nums) == 3 else 1
            if step <= 0:
                raise InputError(f"range {item!r}: the step must be above 0, got {step}")
            if last < first:
                raise InputError(f"range {item!r} runs backwards")
            count = math.floor((last - first) / step + 1e-9) + 1
            if count + len(values) > _MAX_VALUES:
                raise InputError(f"range {item!r} has over {_MAX_VALUES} values")
            whole = all(isinstance(x, int) for x in nums)
            for k in range(count):
                v = first + k * step
                values.append(int(v) if whole else round(float(v), 10))
        else:
            values.append(_literal(item))
        if len(values) > _MAX_VALUES:
            raise InputError(f"{text!r} has over {_MAX_VALUES} values")
    return values


def _field_keys(cls: type[BaseModel]) -> dict[str, str]:
    """Names as written in a file (aliases) -> attribute names."""
    return {(info.alias or name): name for name, info in cls.model_fields.items()}


def _model_class(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model in an annotation like ``Hold | None``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_class(arg)
        if found is not None:
            return found
    return None


def _choices(options: Sequence[str], limit: int = 20) -> str:
    shown = list(options[:limit])
    if len(options) > limit:
        shown.append(f"... ({len(options)} in all)")
    return ", ".join(shown)


def _resolve(scenario: Scenario, path: str) -> tuple[tuple[str | int, ...], Any]:
    """The location (file keys and list indices) a dotted *path* names, and its value."""
    if not isinstance(path, str) or not path.strip():
        raise InputError(f"parameter path {path!r} is empty; write e.g. lines.main.channels")
    parts = path.strip().split(".")
    obj: Any = scenario
    cls: type[BaseModel] | None = Scenario
    loc: list[str | int] = []
    for i, part in enumerate(parts):
        here = ".".join(parts[:i]) or "a scenario"
        if not part:
            raise InputError(f"parameter path {path!r} has an empty part")
        if isinstance(obj, BaseModel) or (obj is None and cls is not None and loc):
            model = type(obj) if isinstance(obj, BaseModel) else cls
            assert model is not None
            key, obj, cls = _field_step(path, here, model, obj, part)
            if obj is None and i < len(parts) - 1 and cls is None:
                raise InputError(
                    f"parameter {path!r}: {'.'.join(parts[: i + 1])} is not set in this scenario"
                )
        elif isinstance(obj, list):
            key, obj, cls = _item_step(path, here, obj, part)
        elif isinstance(obj, dict):
            key, obj, cls = _key_step(path, here, obj, part)
        elif obj is None:
            raise InputError(
                f"parameter {path!r}: {here} is not set in this scenario; add it to the file first"
            )
        else:
            raise InputError(
                f"parameter {path!r}: {here} is a single value ({obj!r}); it has no part {part!r}"
            )
        loc.append(key)
    return tuple(loc), obj


Step = tuple[str | int, Any, "type[BaseModel] | None"]
"""One step down a parameter path: the key taken, the value there, its model class."""


def _field_step(path: str, here: str, model: type[BaseModel], obj: Any, part: str) -> Step:
    """The field *part* of a model (*obj* None: a part of the file left out)."""
    if obj is None:
        try:
            model()
        except Exception:
            raise InputError(
                f"parameter {path!r}: {here} is not set in this scenario; add it to the file first"
            ) from None
    keys = _field_keys(model)
    if part not in keys:
        options = sorted(keys)
        close = difflib.get_close_matches(part, options, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(
            f"parameter {path!r}: {here} has no field {part!r}{hint} "
            f"(choices at {here}: {_choices(options)})"
        )
    name = keys[part]
    cls = _model_class(model.model_fields[name].annotation)
    return part, (getattr(obj, name) if obj is not None else None), cls


def _item_step(path: str, here: str, obj: list[Any], part: str) -> Step:
    """The item of a list named *part* (by its name, or its index)."""
    names = [getattr(x, "name", None) for x in obj]
    if part in names:
        idx = names.index(part)
    elif part.isdigit() and int(part) < len(obj):
        idx = int(part)
    else:
        options = [str(x) for x in names if x is not None] + ([f"0..{len(obj) - 1}"] if obj else [])
        close = difflib.get_close_matches(part, [str(x) for x in names if x], n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(
            f"parameter {path!r}: {here} has no item {part!r}{hint} "
            f"(choices at {here}: {_choices(options) or 'none, the list is empty'})"
        )
    item = obj[idx]
    return idx, item, (type(item) if isinstance(item, BaseModel) else None)


def _key_step(path: str, here: str, obj: dict[Any, Any], part: str) -> Step:
    """The entry *part* of a mapping (an hour's key ``09`` may be the number 9)."""
    keys_map = {str(k): k for k in obj}
    if part not in keys_map and part.lstrip("0").isdigit() and int(part) in obj:
        keys_map[part] = int(part)
    if part not in keys_map:
        raise InputError(
            f"parameter {path!r}: {here} has no key {part!r} "
            f"(choices at {here}: {_choices(list(keys_map))})"
        )
    key = keys_map[part]
    return key, obj[key], None


def _dump(scenario: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    """The scenario as a dict without defaults (reads back), and in full (for filling in)."""
    base = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    base.setdefault("name", scenario.name)
    full = scenario.model_dump(mode="json", by_alias=True)
    return base, full


def _set(base: dict[str, Any], full: dict[str, Any], loc: Sequence[str | int], value: Any) -> None:
    """Set *value* at *loc* in *base*, copying missing parts from *full*."""
    node: Any = base
    ref: Any = full
    for i, key in enumerate(loc):
        if isinstance(node, dict) and key not in node and str(key) in node:
            key = str(key)
        if isinstance(ref, dict) and key not in ref and str(key) in ref:
            ref_key: Any = str(key)
        else:
            ref_key = key
        last = i == len(loc) - 1
        if last:
            node[key] = value
            return
        if isinstance(node, dict) and (key not in node or node[key] is None):
            sub = ref[ref_key] if isinstance(ref, dict) and ref_key in ref else None
            node[key] = copy.deepcopy(sub) if isinstance(sub, dict | list) else {}
        node = node[key]
        ref = ref[ref_key] if isinstance(ref, dict | list) and _has(ref, ref_key) else {}


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, dict):
        return key in container
    return isinstance(key, int) and 0 <= key < len(container)


def _with_values(
    scenario: Scenario, settings: Sequence[tuple[str, tuple[str | int, ...], Any]]
) -> Scenario:
    base, full = _dump(scenario)
    for _path, loc, value in settings:
        _set(base, full, loc, value)
    try:
        return scenario_from_dict(base)
    except ScenarioError as err:
        what = ", ".join(f"{p}={v!r}" for p, _, v in settings)
        problems = "; ".join(f"{f}: {m}" if f else m for f, m, _ in err.problems)
        raise InputError(f"{what} gives an invalid scenario: {problems}") from None


def sweep(
    scenario: Scenario,
    parameter: str | Mapping[str, Sequence[Any] | str],
    values: Sequence[Any] | str | None = None,
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    level: float = 0.95,
    *,
    hours_per_month: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    precision: Precision | str | float | None = None,
    max_replications: int = 1000,
    executor: Executor | None = None,
    force: bool = False,
) -> pd.DataFrame:
    """Simulate *scenario* once for each value of a parameter; one row per value.

    *progress* is called with ``(points done, points)`` after each point.

    *parameter* is a dotted path as in the file, with list items named by their
    ``name`` (or index): ``lines.main.channels``, ``departments.requests.staff``,
    ``traffic.clients.calls_per_hour``, ``traffic.clients.talk.mean``,
    ``pbx.hold.max_callers``, ``period.hours``, ``replications``. *values* is a list,
    or text as on the command line (``"1..10"``, ``"1,2,4"``, ``"2..20..2"``, see
    :func:`parse_values`). A mapping ``{path: values, ...}`` sweeps the grid of all
    combinations.

    Every value runs with the same seed (the scenario's, or *seed*), so neighbouring
    rows see the same callers. Columns: the parameter(s), then for each of
    :data:`KEY_FIGURES` and :data:`COST_FIGURES` its mean and ``_ci_low`` /
    ``_ci_high``. Every value is checked before anything is simulated: a bad path or a
    value the scenario refuses raises :class:`~teletraffic.errors.InputError` naming
    the path and the choices at that level.

    *executor* runs the replications of each point (see
    :func:`~teletraffic.runner.simulate`). The work of all points together is estimated
    before the first runs: too much is refused unless *force*, a long run warns.
    """
    if not isinstance(scenario, Scenario):
        raise InputError(f"sweep needs a Scenario, got a {type(scenario).__name__}")
    level = _check_level(level)
    axes = _axes(scenario, parameter, values)
    _check_given_once(axes, replications, seed)
    points = list(itertools.product(*(vals for _, _, vals in axes)))
    if len(points) > _MAX_VALUES:
        raise InputError(f"the sweep has {len(points)} points; at most {_MAX_VALUES}")
    built = [
        _with_values(scenario, [(p, loc, v) for (p, loc, _), v in zip(axes, point, strict=True)])
        for point in points
    ]
    if not force:
        _check_sweep_work(built, replications, workers)
    figures = (*KEY_FIGURES, *COST_FIGURES)
    rows = []
    for done, (point, sc) in enumerate(zip(points, built, strict=True), start=1):
        result = simulate(
            sc,
            replications=replications,
            seed=seed,
            workers=workers,
            level=level,
            precision=precision,
            max_replications=max_replications,
            executor=executor,
            force=True,  # estimated above, all points together
        )
        if progress is not None:
            progress(done, len(points))
        costs = monthly_costs(sc, result, hours_per_month=hours_per_month)
        row: dict[str, Any] = {p: v for (p, _, _), v in zip(axes, point, strict=True)}
        for metric, (mean, lo, hi) in figure_intervals(result, costs, figures, level).items():
            row[metric] = mean
            row[f"{metric}_ci_low"] = lo
            row[f"{metric}_ci_high"] = hi
        rows.append(row)
    return pd.DataFrame(rows)


Axis = tuple[str, tuple[str | int, ...], list[Any]]
"""A swept parameter: its path as given, its location in the file, its values."""


def _axes(
    scenario: Scenario,
    parameter: str | Mapping[str, Sequence[Any] | str],
    values: Sequence[Any] | str | None,
) -> list[Axis]:
    """The parameters to sweep, each resolved in *scenario*, with its values parsed."""
    if isinstance(parameter, Mapping):
        if values is not None:
            raise InputError("give values inside the mapping {path: values}, not separately")
        grid = dict(parameter)
    else:
        if values is None:
            raise InputError(f"give the values of {parameter!r} to sweep")
        grid = {parameter: values}
    if not grid:
        raise InputError("give at least one parameter to sweep")
    axes: list[Axis] = []
    for path, vals in grid.items():
        loc, _ = _resolve(scenario, path)
        if isinstance(vals, str):
            try:
                parsed = parse_values(vals)
            except InputError as err:
                raise InputError(f"{path}: {err}") from None
        else:
            parsed = list(vals)
        if not parsed:
            raise InputError(f"{path}: no values to sweep")
        axes.append((path, loc, parsed))
    return axes


def _check_given_once(axes: list[Axis], replications: int | None, seed: int | None) -> None:
    """The replications and the seed are swept or given, not both."""
    for _path, loc, _vals in axes:
        if loc == ("replications",) and replications is not None:
            raise InputError("replications is swept; do not give replications too")
        if loc == ("seed",) and seed is not None:
            raise InputError("seed is swept; do not give seed too")


def _check_sweep_work(built: list[Scenario], replications: int | None, workers: int) -> None:
    """The work of all points together, refused when too much (a long one warns)."""
    works = [
        estimate_work(
            sc, sc.replications if replications is None else replications, workers=workers
        )
        for sc in built
    ]
    total = works[0]
    for more in works[1:]:
        total = total.plus(more)
    check_work(total)
