"""The document: the report's sections in one self-contained HTML page, written whole.

:func:`build_report` puts the sections in order (the minute in words, key figures,
costs, charts, the plan, the set-up) inside a page with its own style sheet and
nothing loaded from elsewhere; :func:`write_report` writes it atomically.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teletraffic._version import __version__
from teletraffic.report.charts import run_charts
from teletraffic.report.figures import costs_of, mean_costs
from teletraffic.report.markup import escape
from teletraffic.report.plan import plan_section, plan_sentence
from teletraffic.report.summary import plain_summary
from teletraffic.report.tables import cost_table, key_table
from teletraffic.text import plural

if TYPE_CHECKING:
    import pandas as pd

    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["build_report", "write_report"]

_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
  color: #222; background: #fff; margin: 0; line-height: 1.45; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 32px 0 10px; border-bottom: 2px solid #e4e4e4;
  padding-bottom: 4px; }
.meta { color: #666; font-size: 0.9em; margin: 0 0 18px; }
.minute { background: #f4f7fb; border-left: 5px solid #4C72B0; padding: 10px 18px;
  font-size: 1.08em; }
.minute p { margin: 8px 0; }
.minute p.small { font-size: 0.85em; color: #555; }
.warning { background: #fff4e5; border-left: 5px solid #DD8452; padding: 6px 14px;
  margin: 6px 0; }
table { border-collapse: collapse; font-size: 0.92em; margin: 6px 0 4px; }
th, td { padding: 5px 10px; border-bottom: 1px solid #e4e4e4; text-align: right;
  vertical-align: top; }
td { white-space: nowrap; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
thead th { background: #f2f2f2; }
td small { display: block; color: #777; font-size: 0.82em; white-space: nowrap; }
.note { color: #666; font-size: 0.85em; }
figure { margin: 18px 0 26px; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.9em; margin-top: 4px; }
ul.setup li { margin: 3px 0; }
footer { margin-top: 40px; color: #888; font-size: 0.8em; }
@media print { main { max-width: none; } figure { break-inside: avoid; } }
"""


def _setup_section(scenario: Scenario) -> str:
    from teletraffic.scenario import describe_scenario

    lines = describe_scenario(scenario).splitlines()
    items = [ln[2:] for ln in lines if ln.startswith("- ")]
    warnings = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Warning:")]
    out = ['<ul class="setup">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"]
    out.extend(f'<p class="warning">Warning: {escape(w)}</p>' for w in warnings)
    if scenario.description:
        out.insert(0, f"<p>{escape(scenario.description.strip())}</p>")
    return "\n".join(out)


def build_report(
    scenario: Scenario,
    result: SimulationResult,
    *,
    costs: pd.DataFrame | None = None,
    plan: Any = None,
    title: str | None = None,
) -> str:
    """One self-contained HTML document about *scenario* and its simulation *result*.

    *costs*: monthly costs per replication (columns ``fixed, usage, lost_calls`` and
    optionally ``staff, total``), as :func:`teletraffic.costs.monthly_costs` returns;
    computed with that function when omitted. *plan*: a
    :class:`teletraffic.experiments.Plan` from :func:`teletraffic.experiments.plan`:
    its answer joins the summary at the top, and a section shows its explanation, its
    shortlist with intervals, the set-ups compared, busy signals by size per kind, and
    the cost of separate numbers (read: ``targets``, ``best``, ``explanation()``,
    ``shortlist()`` or ``candidates``, ``curves``). *title* defaults to the scenario's
    name.

    The charts need a call log for the waits (``simulate(..., call_log=True)``); without
    one that chart is left out. Returns the HTML text; see :func:`write_report`.

    Examples
    --------
    >>> import teletraffic as tt
    >>> scenario = tt.scenario_from_dict({
    ...     "name": "front desk",
    ...     "period": {"hours": 20},
    ...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 3}],
    ...     "traffic": [{"name": "clients", "dial": "1", "calls_per_hour": 40, "talk": "3m"}],
    ... })
    >>> result = tt.simulate(scenario, replications=2, seed=1)
    >>> page = build_report(scenario, result, title="Front desk <today>")
    >>> page.startswith("<!DOCTYPE html>")
    True
    >>> "<h1>Front desk &lt;today&gt;</h1>" in page, "<h2>Key figures</h2>" in page
    (True, True)
    """
    if costs is None:
        costs = costs_of(scenario, result)
    name = title or scenario.name
    sections = [
        f"<h1>{escape(name)}</h1>",
        f'<p class="meta">{escape(_made(scenario, result))}</p>',
        "<h2>In a minute</h2>",
        f'<div class="minute">{_minute(scenario, result, costs, plan)}</div>',
        "<h2>Key figures</h2>",
        key_table(scenario, result),
    ]
    money = mean_costs(costs)
    if money:
        sections += ["<h2>Cost a month</h2>", cost_table(money, scenario.currency)]
    answer = ((getattr(plan, "targets", None) or {}).get("answer") or (None,))[0]
    charts = run_charts(scenario, result, answer)
    if charts:
        sections += ["<h2>Charts</h2>", *charts]
    if plan is not None:
        sections.append(plan_section(plan, scenario.currency))
    sections += ["<h2>The set-up</h2>", _setup_section(scenario)]
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(name)}: telephone capacity report</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"<footer>{escape(result.headline())}</footer>\n</main>\n</body>\n</html>\n"
    )


def _minute(scenario: Scenario, result: SimulationResult, costs: pd.DataFrame, plan: Any) -> str:
    """The minute in words as paragraphs: the plan's answer after the figures, and how
    they were obtained in small print at the end."""
    summary = plain_summary(scenario, result, costs=costs)
    closing = summary.pop() if summary else ""
    if plan is not None:
        summary.append(plan_sentence(plan, scenario.currency))
    minute = "".join(f"<p>{escape(s)}</p>" for s in summary)
    if closing:
        minute += f'<p class="small">{escape(closing)}</p>'
    return minute


def _made(scenario: Scenario, result: SimulationResult) -> str:
    """How the report was made: runs, their span, the seed, the day and the version."""
    p = scenario.period
    span = (
        f"{p.days} business {plural(p.days, 'day')}, {_hhmm(p.open)}-{_hhmm(p.close)}"
        if p.days
        else f"{p.hours:g} hours, steady state"
    )
    return (
        f"{len(result.replications)} simulated runs of {span}; seed {result.seed}; "
        f"made {_dt.date.today().isoformat()} with teletraffic {__version__}"
    )


def _hhmm(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def write_report(path: str | os.PathLike[str], html_text: str) -> Path:
    """Write *html_text* to *path* atomically: the whole file or, on any error, nothing.

    The text goes to a temporary file in the same folder, which then replaces *path*
    (``os.replace``), so a reader never sees half a report. The folder is created if
    needed. Returns the path written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> written = write_report(folder / "reports" / "today.html", "<p>All calls answered.</p>")
    >>> written.read_text(encoding="utf-8")
    '<p>All calls answered.</p>'
    >>> sorted(p.name for p in written.parent.iterdir())  # no temporary file left behind
    ['today.html']
    """
    from teletraffic.errors import InputError

    target = Path(path)
    if target.is_symlink():  # the page would land wherever the link points
        raise InputError(
            f"{target} is a symbolic link (to {os.readlink(target)}); nothing is written "
            "through a link: give another name or remove the link"
        )
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name such as {target / 'report.html'}")
    if target.exists() and not target.is_file():
        raise InputError(f"{target} is not a regular file; give a file name such as report.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html_text)
            fh.flush()
            os.fsync(fh.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
