"""The HTML report: a page a business owner reads in a minute, an analyst in ten.

:func:`build_report` turns a scenario and its simulation result (and, when given, its
monthly costs and a capacity plan) into one self-contained HTML document:

1. **In a minute**: a few plain sentences built from the figures (what share of
   callers hear busy, how many calls a day are lost and what that costs, how long
   callers wait, how loaded the staff are, the busiest hour).
2. **Key figures**: per line, department and overall, each with its confidence
   interval.
3. **Charts**: calls by hour, waits, load per person, costs and, with a plan, the
   candidates compared; drawn by :mod:`teletraffic.plots` and embedded as PNG
   images (``data:`` URIs).
4. **The set-up**: the scenario in plain words.

The document loads nothing from the network (no scripts, fonts or style sheets from
elsewhere), so it renders offline, can be mailed as one file, and shows the same in
any browser. Every text that comes from the user (scenario, line and department
names) is escaped. :func:`write_report` writes it atomically.

The costs and the plan come from :mod:`teletraffic.costs` and
:mod:`teletraffic.experiments`; they are read as plain tables and objects here, so
this module imports neither.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from teletraffic.runner import SimulationResult
    from teletraffic.scenario import Scenario

__all__ = ["BUSY_STAFF", "build_report", "plain_summary", "write_report"]

BUSY_STAFF = 0.85
"""Above this share of their time on the phone, people have no slack left."""

_COST_WORDS: tuple[tuple[str, str], ...] = (
    ("fixed", "lines and PBX"),
    ("usage", "call minutes"),
    ("staff", "staff"),
)


# --------------------------------------------------------------------------- numbers in words


def _nan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _pct(x: float) -> str:
    """A share in percent, as a person says it: 18%, 4.5%, 0.4%, 0%."""
    if _nan(x):
        return "-"
    p = 100 * x
    if p == 0:
        return "0%"
    if abs(p) < 0.1:
        return f"{p:.2g}%"
    if abs(p) < 10:
        return f"{p:.1f}".removesuffix(".0") + "%"
    return f"{p:.0f}%"


def _count(x: float) -> str:
    """A count a day: 58, 4.5, 0.3."""
    if _nan(x):
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.1f}".rstrip("0").rstrip(".") if x else "0"


def _money(x: float, currency: str) -> str:
    """Money rounded as an estimate: 46,000 RUB, 3,700 RUB, 950 RUB."""
    if _nan(x):
        return "-"
    if abs(x) >= 1000:
        digits = math.floor(math.log10(abs(x))) - 1
        x = round(x, -digits)
    elif abs(x) >= 100:
        x = round(x, -1)
    return f"{x:,.0f} {currency}"


def _seconds(x: float) -> str:
    if _nan(x):
        return "-"
    if x >= 120:
        return f"{x / 60:.1f} min"
    return f"{x:.0f} s" if x >= 10 else f"{x:.1f} s"


def _plural(n: float, word: str, many: str | None = None) -> str:
    return word if n == 1 else (many or word + "s")


# --------------------------------------------------------------------------- reading results


class _Figures:
    """Quick access to a result's summary: mean and interval by (metric, scope)."""

    def __init__(self, summary: pd.DataFrame) -> None:
        self.rows: dict[tuple[str, str], dict[str, float]] = {}
        for rec in summary.to_dict(orient="records"):
            self.rows[(str(rec["metric"]), str(rec["scope"]))] = {
                "mean": float(rec["mean"]),
                "ci_low": float(rec.get("ci_low", math.nan)),
                "ci_high": float(rec.get("ci_high", math.nan)),
            }
        self.scopes = list(dict.fromkeys(scope for _, scope in self.rows))

    def mean(self, metric: str, scope: str = "all") -> float:
        row = self.rows.get((metric, scope))
        return math.nan if row is None else row["mean"]

    def interval(self, metric: str, scope: str = "all") -> tuple[float, float]:
        row = self.rows.get((metric, scope))
        return (math.nan, math.nan) if row is None else (row["ci_low"], row["ci_high"])

    def with_prefix(self, prefix: str) -> list[str]:
        return [s for s in self.scopes if s.startswith(prefix)]


def _hour_counts(result: SimulationResult) -> pd.DataFrame:
    """Calls and answered calls per ``hour:HH`` scope, averaged over *all* replications.

    A replication without a call in some hour (say 18:00, reached only by a late redial)
    has no figures for it; for counts that means zero, so the mean is taken with those
    replications counted as zero, not left out as the summary's mean does.
    """
    import pandas as pd

    reps = result.replications
    wanted = ("inbound", "offered", "answered")
    columns: list[tuple[str, str]] = [
        (str(c[0]), str(c[1]))
        for c in reps.columns
        if isinstance(c, tuple) and str(c[1]).startswith("hour:") and c[0] in wanted
    ]
    if columns:
        rows = [
            {"metric": m, "scope": sc, "mean": float(reps[(m, sc)].fillna(0.0).mean())}
            for m, sc in columns
        ]
        return pd.DataFrame(rows, columns=["metric", "scope", "mean"])
    s = result.summary
    keep = s["scope"].astype(str).str.startswith("hour:") & s["metric"].isin(wanted)
    return s.loc[keep, ["metric", "scope", "mean"]].reset_index(drop=True)


def _per(scenario: Scenario) -> tuple[float, str]:
    """How many days (or hours) one replication covers, and the words for one of them."""
    p = scenario.period
    if p.days:
        return float(p.days), "a day"
    return float(p.hours or 1.0), "an hour"


def _setup_words(scenario: Scenario) -> str:
    """The set-up in a few words: "a 4-channel line, a virtual PBX with a hold queue ..."."""
    parts: list[str] = []
    kinds: dict[str, int] = {}
    for line in scenario.lines:
        kinds[line.kind] = kinds.get(line.kind, 0) + 1
    singles = kinds.get("landline", 0)
    if singles == 1:
        parts.append("one city number")
    elif singles > 1:
        parts.append(f"{singles} single-line city numbers")
    mobiles = kinds.get("mobile", 0)
    if mobiles:
        parts.append("a mobile number" if mobiles == 1 else f"{mobiles} mobile numbers")
    for line in scenario.lines:
        if line.kind == "multichannel":
            parts.append(f"a {line.channels}-channel line")
        elif line.kind == "ip":
            parts.append(f"IP telephony with {line.call_capacity} channels")
    pbx = scenario.pbx
    if pbx is None:
        parts.append("no PBX (one phone per line)")
    else:
        words = f"a{'n' if pbx.kind == 'office' else ''} {pbx.kind} PBX"
        words += " with a hold queue" if pbx.hold is not None else " without a hold queue"
        parts.append(words)
    if scenario.departments is not None:
        answering = sum(d.staff for d in scenario.departments if d.answers != "none")
        parts.append(f"{answering} {_plural(answering, 'person', 'people')} answering")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _mean_costs(costs: pd.DataFrame | None) -> dict[str, float]:
    """Mean of each cost column over replications (``fixed, usage, lost_calls, staff, total``)."""
    if costs is None or len(costs) == 0:
        return {}
    out: dict[str, float] = {}
    for col in ("fixed", "usage", "staff", "lost_calls", "total"):
        if col in costs.columns:
            out[col] = float(costs[col].astype(float).mean())
    if "total" not in out and out:
        out["total"] = sum(v for k, v in out.items() if k != "lost_calls") + out.get(
            "lost_calls", 0.0
        )
    return out


def _costs_of(scenario: Scenario, result: SimulationResult) -> pd.DataFrame:
    """The monthly costs per replication, from :func:`teletraffic.costs.monthly_costs`."""
    from teletraffic.costs import monthly_costs

    return monthly_costs(scenario, result)


# --------------------------------------------------------------------------- plain words


def plain_summary(
    scenario: Scenario, result: SimulationResult, *, costs: pd.DataFrame | None = None
) -> list[str]:
    """What the figures mean for the business, in a few plain sentences.

    Built from *result* (means over replications) and *costs*: monthly costs per
    replication with columns ``fixed, usage, lost_calls`` and optionally ``staff,
    total``, as :func:`teletraffic.costs.monthly_costs` returns (and computes, when
    *costs* is omitted). Each string is one paragraph; the last one says how the
    figures were obtained.
    """
    if costs is None:
        costs = _costs_of(scenario, result)
    f = _Figures(result.summary)
    per, unit = _per(scenario)
    cur = scenario.currency
    money = _mean_costs(costs)
    out: list[str] = []

    inbound = f.mean("inbound")
    if _nan(inbound):
        inbound = f.mean("offered")
    answered = f.mean("answered")
    lost = max(inbound - answered, 0.0) if not (_nan(inbound) or _nan(answered)) else math.nan
    p_busy, p_abandon = f.mean("p_busy"), f.mean("p_abandon")
    if inbound and not _nan(inbound):
        head = f"With {_setup_words(scenario)}, {_pct(p_busy)} of callers hear busy"
        if not _nan(p_abandon) and p_abandon > 0:
            head += f" and {_pct(p_abandon)} hang up on hold"
        head += (
            f". Of about {_count(inbound / per)} calls {unit}, "
            f"about {_count(lost / per)} go unanswered"
        )
        # A caller who hears busy and redials is lost business only if no try gets
        # through: the simulation counts those callers (lost_callers).
        gone = f.mean("lost_callers")
        redials = any(s.redial is not None for s in scenario.traffic)
        if redials and not _nan(gone):
            head += (
                f"; some of them try again later, and about {_count(gone / per)} "
                f"{_plural(round(gone / per), 'caller')} {unit} never get through"
            )
        value = money.get("lost_calls")
        if value is not None and value > 0 and scenario.lost_call_value:
            head += (
                f". Lost business: about {_money(value, cur)} a month (at "
                f"{_money(scenario.lost_call_value, cur)} a lost caller)"
            )
        head += "."
        out.append(head)

    mean_wait = f.mean("mean_wait")
    if not _nan(mean_wait) and mean_wait > 0.5:
        text = (
            f"Callers who got a line waited {_seconds(mean_wait)} on average before an "
            f"answer or hanging up; {_pct(f.mean('service_level'))} of all callers were "
            f"answered within {scenario.answer_time:g} s"
        )
        p90 = f.mean("p90_wait")
        if not _nan(p90) and p90 > 0:
            text += f", and 1 in 10 answered callers waited more than {_seconds(p90)}"
        out.append(text + ".")

    depts = [
        (s.split(":", 1)[1], f.mean("staff_occupancy", s))
        for s in f.with_prefix("department:")
        if not _nan(f.mean("staff_occupancy", s))
    ]
    if scenario.departments is not None and depts:
        if len(depts) == 1:
            text = f"Staff are on the phone {_pct(depts[0][1])} of their time."
        else:
            text = "Time on the phone: " + ", ".join(f"{n} {_pct(o)}" for n, o in depts) + "."
        over = [n for n, o in depts if o > BUSY_STAFF]
        if over:
            text += (
                f" {', '.join(over)} {'has' if len(over) == 1 else 'have'} no slack left: "
                f"above {_pct(BUSY_STAFF)} every peak means callers wait or are lost."
            )
        out.append(text)

    hourly = _Figures(_hour_counts(result))
    hours = hourly.with_prefix("hour:")
    if hours:
        calls_of = {h: hourly.mean("inbound", h) for h in hours}
        calls_of = {h: (0.0 if _nan(c) else c) for h, c in calls_of.items()}
        peak = max(calls_of, key=lambda h: calls_of[h])
        if calls_of[peak] > 0:
            hh = int(peak.split(":", 1)[1])
            lost_share = 1.0 - hourly.mean("answered", peak) / calls_of[peak]
            text = (
                f"The busiest hour is {hh:02d}:00-{(hh + 1) % 24:02d}:00, with about "
                f"{_count(calls_of[peak] / per)} calls {unit}"
            )
            if not _nan(lost_share):
                text += f"; {_pct(max(lost_share, 0.0))} of them are not answered"
            out.append(text + ".")

    if money:
        parts = [
            f"{_money(money[k], cur)} for {words}"
            for k, words in _COST_WORDS
            if money.get(k, 0.0) > 0
        ]
        running = sum(money.get(k, 0.0) for k, _ in _COST_WORDS)
        text = f"The set-up costs about {_money(running, cur)} a month"
        if parts:
            text += " (" + ", ".join(parts) + ")"
        if money.get("lost_calls", 0.0) > 0:
            text += f"; with the lost calls, about {_money(money.get('total', math.nan), cur)}"
        out.append(text + ".")

    n = len(result.replications)
    p = scenario.period
    span = (
        f"{p.days} business {_plural(p.days, 'day')}"
        if p.days
        else f"{p.hours:g} hours of steady traffic"
    )
    out.append(
        f"These are averages over {n} simulated runs of {span} (seed {result.seed}); "
        f"the table below gives the {100 * result.level:g}% interval of each figure."
    )
    return out


# --------------------------------------------------------------------------- HTML pieces

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


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _png(draw: Callable[[Axes], object], size: tuple[float, float] = (8.6, 4.2)) -> str:
    """Run *draw* on the axes of a new figure; the figure as a base64 PNG ``data:`` URI."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(uri: str, alt: str, caption: str) -> str:
    return (
        f'<figure><img src="{uri}" alt="{_e(alt)}"><figcaption>{_e(caption)}</figcaption></figure>'
    )


def _scope_label(scope: str) -> str:
    if scope == "all":
        return "All calls"
    kind, _, name = scope.partition(":")
    return {
        "line": "Line",
        "department": "Department",
        "stream": "Callers",
        "number": "Number",
    }.get(kind, kind.capitalize()) + f" {name}"


def _cell_value(metric: str, value: float, per: float) -> str:
    if _nan(value):
        return "-"
    if metric == "offered":
        return _count(value / per)
    if "wait" in metric:
        return _seconds(value)
    return _pct(value)


def _key_table(scenario: Scenario, result: SimulationResult) -> str:
    f = _Figures(result.summary)
    per, unit = _per(scenario)
    scopes = [s for s in f.scopes if s == "all" or s.startswith(("line:", "department:"))]
    columns = [
        ("offered", f"calls {unit}"),
        ("p_busy", "heard busy"),
        ("p_queue_full", "queue full"),
        ("p_abandon", "hung up on hold"),
        ("p_not_answered", "not answered"),
        ("mean_wait", "mean wait"),
        ("p90_wait", "9 in 10 answered within"),
        ("service_level", f"answered within {scenario.answer_time:g} s"),
        ("occupancy", "load"),
    ]

    def metric_of(metric: str, scope: str) -> str:
        if metric != "occupancy":
            return metric
        return "channel_occupancy" if scope.startswith("line:") else "staff_occupancy"

    keep = []
    for metric, label in columns:
        values = [f.mean(metric_of(metric, s), s) for s in scopes]
        if all(_nan(v) or v == 0 for v in values):
            continue
        keep.append((metric, label))
    head = "".join(f"<th>{_e(label)}</th>" for _, label in keep)
    body = []
    for scope in scopes:
        cells = [f"<td>{_e(_scope_label(scope))}</td>"]
        for metric, _ in keep:
            m = metric_of(metric, scope)
            value = f.mean(m, scope)
            lo, hi = f.interval(m, scope)
            # counts, shares and waits cannot be negative (nor shares above 100%),
            # though a t-interval of few runs may reach past the bound
            lo = max(lo, 0.0)
            if metric.startswith("p_") or metric in ("service_level", "occupancy"):
                hi = min(hi, 1.0)
            text = _e(_cell_value(metric, value, per))
            if not (_nan(value) or _nan(lo) or _nan(hi)) and hi > lo:
                text += (
                    f"<small>{_e(_cell_value(metric, lo, per))} to "
                    f"{_e(_cell_value(metric, hi, per))}</small>"
                )
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="figures"><thead><tr><th>part</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f'<p class="note">Each figure is the mean over {len(result.replications)} runs; '
        f"below it, its {100 * result.level:g}% confidence interval. Shares are of the "
        "incoming call attempts; load is the share of time the line's channels or the "
        "department's people are in use.</p>"
    )


def _cost_table(money: dict[str, float], currency: str) -> str:
    rows = [
        ("Lines and PBX (fixed)", money.get("fixed")),
        ("Call minutes", money.get("usage")),
        ("Staff", money.get("staff")),
        ("Lost calls (business not won)", money.get("lost_calls")),
        ("Total", money.get("total")),
    ]
    body = "".join(
        f"<tr><td>{_e(label)}</td><td>{_e(f'{value:,.0f} {currency}')}</td></tr>"
        for label, value in rows
        if value is not None and not _nan(value) and (value != 0 or label == "Total")
    )
    return (
        f"<table><thead><tr><th>a month</th><th>mean</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _charts(
    scenario: Scenario, result: SimulationResult, service_target: float | None = None
) -> list[str]:
    from teletraffic import plots

    f = _Figures(result.summary)
    per, _ = _per(scenario)
    out: list[str] = []
    hourly = _hour_counts(result)
    if len(hourly):
        out.append(
            _figure(
                _png(lambda ax: plots.load_by_hour(hourly, days=per, ax=ax)),
                "Calls by hour of the day, answered and lost",
                "Calls in each hour of an average day: answered (blue) and not answered "
                "(red: busy, hung up, rang out). Peaks show when more lines or people pay off.",
            )
        )
    calls = result.calls
    if calls is not None and len(calls) and "wait" in calls.columns:
        answered = calls[calls["outcome"] == "answered"]
        if len(answered) and float(answered["wait"].max()) > 0:
            out.append(
                _figure(
                    _png(
                        lambda ax: plots.answered_within(
                            calls,
                            answer_time=scenario.answer_time,
                            target=service_target,
                            level=result.level,
                            ax=ax,
                        )
                    ),
                    "Callers answered within a wait",
                    "The share of all callers answered within each wait, with its interval "
                    f"(band); the dashed line is the answer time of {scenario.answer_time:g} s"
                    + (", the dotted one the target share" if service_target else "")
                    + ". The curve stays below 100% by the callers who were never answered.",
                )
            )
    staff = [s for s in f.with_prefix("staff:") if not _nan(f.mean("staff_occupancy", s))]
    if staff and len(staff) <= 60:
        width = min(8.6 + max(len(staff) - 12, 0) * 0.35, 14.0)
        out.append(
            _figure(
                _png(lambda ax: plots.staff_occupancy(result.summary, ax=ax), (width, 4.0)),
                "Share of time each person is on the phone",
                "Share of each person's time spent talking and wrapping up, with its "
                "interval. Uneven bars come from who is rung first (the department's "
                "strategy): a linear hunt loads the first person most.",
            )
        )
    return out


# --------------------------------------------------------------------------- plans

_KIND_WORDS: dict[str, str] = {
    "city_numbers": "separate city numbers",
    "mobile_numbers": "separate mobile numbers",
    "multichannel": "one multichannel line",
    "ip": "IP telephony",
    "multichannel+virtual_pbx": "multichannel line + virtual PBX",
    "multichannel+office_pbx": "multichannel line + office PBX",
    "ip+virtual_pbx": "IP telephony + virtual PBX",
    "ip+office_pbx": "IP telephony + office PBX",
    "office": "the office's own line",
}


def _short_setup(row: dict[str, Any]) -> str:
    """A plan candidate in a few words, for chart labels: "IP, 6 ch. + virtual PBX, 2 staff"."""
    kind = str(row.get("setup", ""))
    numbers, channels, staff = row.get("numbers"), row.get("channels"), row.get("staff")
    line, _, pbx = kind.partition("+")
    if line in ("city_numbers", "mobile_numbers"):
        word = "city" if line == "city_numbers" else "mobile"
        return f"{numbers} {word} number{'s' if numbers != 1 else ''}"
    if line in ("multichannel", "ip"):
        text = f"{'multichannel' if line == 'multichannel' else 'IP'}, {channels} ch."
        if pbx:
            text += f" + {pbx.replace('_pbx', '')} PBX, {staff} staff"
        return text
    if kind == "office":
        return f"own line, {channels} ch., {staff} staff"
    return str(row.get("label", kind))


def _sim_or_formula(row: dict[str, Any], metric: str) -> tuple[float, float, float, bool]:
    """``(value, low, high, simulated)``: the simulated figure where there is one.

    Where an exact formula decided (``exact``), its value is shown with the simulated
    interval beside it."""
    sim = row.get(f"sim_{metric}")
    formula = row.get(metric)
    if row.get("exact") and formula is not None and not _nan(float(formula)):
        low = float(row.get(f"sim_{metric}_low", math.nan)) if row.get("simulated") else math.nan
        high = float(row.get(f"sim_{metric}_high", math.nan)) if row.get("simulated") else math.nan
        return float(formula), low, high, bool(row.get("simulated"))
    if row.get("simulated") and sim is not None and not _nan(float(sim)):
        return (
            float(sim),
            float(row.get(f"sim_{metric}_low", math.nan)),
            float(row.get(f"sim_{metric}_high", math.nan)),
            True,
        )
    return float(row.get(metric, math.nan)), math.nan, math.nan, False


def _plan_rows(plan: Any) -> list[dict[str, Any]]:
    shortlist = getattr(plan, "shortlist", None)
    frame = shortlist() if callable(shortlist) else getattr(plan, "candidates", None)
    if frame is None or len(frame) == 0:
        return []
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]


def _plan_table(rows: list[dict[str, Any]], currency: str) -> str:
    pbx = any(str(r.get("pbx", "none")) != "none" for r in rows)
    heads = ["set-up", "hear busy"]
    if pbx:
        heads += ["answered in time", "hang up on hold"]
    heads += ["cost a month", "meets the target"]
    body = []
    for r in rows:
        cells = [str(r.get("label", _short_setup(r)))]
        metrics = ["p_busy", *(["service_level", "p_abandon"] if pbx else [])]
        for metric in metrics:
            value, lo, hi, simulated = _sim_or_formula(r, metric)
            text = _e(_pct(value))
            if simulated and not (_nan(lo) or _nan(hi)):
                text += f"<small>{_e(_pct(lo))} to {_e(_pct(hi))}</small>"
            elif not simulated:
                text += "<small>formula</small>"
            cells.append(text)
        cost, _, _, _ = _sim_or_formula(r, "monthly_total")
        cells.append(_e("-" if _nan(cost) else f"{cost:,.0f} {currency}"))
        verdict = "yes" if r.get("meets_targets") else "no"
        if r.get("recommended"):
            verdict = "<strong>yes: recommended</strong>"
        cells.append(verdict)
        first = f"<td>{_e(cells[0])}</td>"
        body.append("<tr>" + first + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    return (
        f'<table class="plan"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        '</table><p class="note">Simulated figures with their interval where the set-up was '
        "simulated; otherwise the formulas' estimate. Costs include lost calls.</p>"
    )


def _with_recommended(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The first *n* rows, the recommended one among them."""
    first = rows[:n]
    best = [r for r in rows if r.get("recommended")]
    if best and best[0] not in first:
        first = [*first[: n - 1], best[0]]
    return first


def _plan_sentence(plan: Any, currency: str) -> str:
    """The plan's answer in one sentence, for the summary at the top."""
    targets = getattr(plan, "targets", None) or {}
    bounds = getattr(plan, "bounds", None)
    wanted = []
    if bounds is not None:
        wanted.append(bounds.describe())
    elif targets.get("busy") is not None and not targets.get("busy_implied"):
        wanted.append(f"at most {_pct(targets['busy'])} hear busy")
    if bounds is None and targets.get("answer") is not None:
        share, seconds = targets["answer"]
        wanted.append(f"at least {_pct(share)} answered within {seconds:g} s")
    if bounds is None and targets.get("abandon") is not None:
        joint = "and " if targets.get("abandon_implied") else ""
        wanted.append(f"{joint}at most {_pct(targets['abandon'])} hang up on hold")
    if bounds is None and targets.get("busy") is not None and targets.get("busy_implied"):
        wanted.append(f"and at most {_pct(targets['busy'])} hear busy")
    goal = f" ({', '.join(wanted)})" if wanted else ""
    best = getattr(plan, "best", None)
    if best is None:
        return f"No set-up on the tariff menu meets the target{goal}; see the plan below."
    label = str(getattr(best, "label", "the set-up below"))
    cost = getattr(best, "cost", math.nan)
    text = f"Plan: the cheapest set-up that meets the target{goal} is {label}"
    if not _nan(cost):
        text += f", about {_money(cost, currency)} a month with its people and lost callers"
    return text + "."


def _plan_section(plan: Any, currency: str) -> str:
    """A capacity plan (:func:`teletraffic.experiments.plan`) as text, table and charts."""
    import pandas as pd

    from teletraffic import plots

    parts: list[str] = ["<h2>Plan: the cheapest set-up that meets the target</h2>"]
    explain = getattr(plan, "explanation", None)
    if callable(explain):
        paras = [p.strip() for p in str(explain()).splitlines() if p.strip()]
        parts.append('<div class="minute">' + "".join(f"<p>{_e(p)}</p>" for p in paras) + "</div>")
    rows = _plan_rows(plan)
    if rows:
        parts.append(_plan_table(rows, currency))
        table = pd.DataFrame(
            [
                {
                    "setup": _short_setup(r),
                    "p_busy": _sim_or_formula(r, "p_busy")[0],
                    "p_busy_low": _sim_or_formula(r, "p_busy")[1],
                    "p_busy_high": _sim_or_formula(r, "p_busy")[2],
                    "p_abandon": _sim_or_formula(r, "p_abandon")[0],
                    "monthly_cost": _sim_or_formula(r, "monthly_total")[0],
                }
                for r in _with_recommended(rows, 5)
            ]
        )
        best = next((r for r in rows if r.get("recommended")), None)
        mark = _short_setup(best) if best is not None else None
        parts.append(
            _figure(
                _png(
                    lambda ax: plots.compare_setups(
                        table, currency=currency, highlight=mark, ax=ax
                    ),
                    (9.5, 4.6),
                ),
                "The set-ups of the plan compared",
                "The first set-ups of the table: share of callers who hear busy, who hang up "
                "on hold, and the monthly cost including lost calls.",
            )
        )
    curves = getattr(plan, "curves", None)
    targets = getattr(plan, "targets", None) or {}
    if curves is not None and len(curves) and {"setup", "size", "p_busy"} <= set(curves.columns):
        kinds = [k for k in _KIND_WORDS if k in set(curves["setup"])]
        if kinds:
            busy_target = targets.get("busy")
            parts.append(
                _figure(
                    _png(
                        lambda ax: plots.plan_curves(
                            curves, target=busy_target, labels=_KIND_WORDS, kinds=kinds, ax=ax
                        )
                    ),
                    "Busy signals by number of lines, per kind of set-up",
                    "How the share of callers who hear busy falls as numbers or channels are "
                    "added (formulas). Separate numbers fall slowly: a caller to a busy "
                    "number hears busy even when another number is free.",
                )
            )
    candidates = getattr(plan, "candidates", None)
    everything = [] if candidates is None else candidates.to_dict(orient="records")
    singles = [r for r in everything if r.get("setup") == "city_numbers"]
    if len(singles) > 1 and "monthly_fixed" in singles[0]:
        frame = pd.DataFrame(singles)
        parts.append(
            _figure(
                _png(lambda ax: plots.cost_by_numbers(frame, currency=currency, ax=ax)),
                "Cost a month of separate city numbers",
                "What 'just buy more numbers' costs a month (formulas): each number adds its "
                "subscription, while the lost calls shrink only slowly.",
            )
        )
    return "\n".join(parts)


# --------------------------------------------------------------------------- the document


def _setup_section(scenario: Scenario) -> str:
    from teletraffic.scenario import describe_scenario

    lines = describe_scenario(scenario).splitlines()
    items = [ln[2:] for ln in lines if ln.startswith("- ")]
    warnings = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Warning:")]
    out = ['<ul class="setup">' + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"]
    out.extend(f'<p class="warning">Warning: {_e(w)}</p>' for w in warnings)
    if scenario.description:
        out.insert(0, f"<p>{_e(scenario.description.strip())}</p>")
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
    """
    from teletraffic import __version__

    if costs is None:
        costs = _costs_of(scenario, result)
    name = title or scenario.name
    summary = plain_summary(scenario, result, costs=costs)
    closing = summary.pop() if summary else ""
    if plan is not None:
        summary.append(_plan_sentence(plan, scenario.currency))
    minute = "".join(f"<p>{_e(s)}</p>" for s in summary)
    if closing:
        minute += f'<p class="small">{_e(closing)}</p>'
    p = scenario.period
    span = (
        f"{p.days} business {_plural(p.days, 'day')}, {_hhmm(p.open)}-{_hhmm(p.close)}"
        if p.days
        else f"{p.hours:g} hours, steady state"
    )
    meta = (
        f"{len(result.replications)} simulated runs of {span}; seed {result.seed}; "
        f"made {_dt.date.today().isoformat()} with teletraffic {__version__}"
    )
    sections = [
        f"<h1>{_e(name)}</h1>",
        f'<p class="meta">{_e(meta)}</p>',
        "<h2>In a minute</h2>",
        f'<div class="minute">{minute}</div>',
        "<h2>Key figures</h2>",
        _key_table(scenario, result),
    ]
    money = _mean_costs(costs)
    if money:
        sections += ["<h2>Cost a month</h2>", _cost_table(money, scenario.currency)]
    answer = ((getattr(plan, "targets", None) or {}).get("answer") or (None,))[0]
    charts = _charts(scenario, result, answer)
    if charts:
        sections += ["<h2>Charts</h2>", *charts]
    if plan is not None:
        sections.append(_plan_section(plan, scenario.currency))
    sections += ["<h2>The set-up</h2>", _setup_section(scenario)]
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(name)}: telephone capacity report</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"<footer>{_e(result.headline())}</footer>\n</main>\n</body>\n</html>\n"
    )


def _hhmm(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def write_report(path: str | os.PathLike[str], html_text: str) -> Path:
    """Write *html_text* to *path* atomically: the whole file or, on any error, nothing.

    The text goes to a temporary file in the same folder, which then replaces *path*
    (``os.replace``), so a reader never sees half a report. The folder is created if
    needed. Returns the path written.
    """
    from teletraffic.errors import InputError

    target = Path(path)
    if target.is_symlink():  # write through the link, not over it
        target = target.resolve()
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
