"""The report of a staffed day: how many people from when to when, in words and a chart.

:func:`day_report` turns the table of :func:`teletraffic.staff` into one self-contained
HTML page a business owner reads in a minute:

1. **In a minute**: the calls expected, the people needed at the busiest time and in
   person-hours, what the simulated day gives with them, how that compares with sizing
   each interval alone, the roster and its cost.
2. **The day in a chart**: calls and people by interval, the share answered in time
   against the target line, the roster below (:func:`teletraffic.plots.day.draw_day`),
   embedded as a PNG; text drawn plain, never as mathtext.
3. **Interval by interval**: the table in plain words; intervals below the target in
   bold.
4. **The roster** and **how the staffing was found**.

The page uses the style of the scenario report (:mod:`teletraffic.report.document`),
loads nothing from elsewhere, and escapes every text from the user (the file's name,
the title).
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import math
from typing import TYPE_CHECKING, Any

from teletraffic._version import __version__
from teletraffic.report.document import _CSS
from teletraffic.report.markup import escape, figure
from teletraffic.text import count, money, percent, plural, seconds

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["day_report", "day_span", "interval_table", "roster_table"]

_COLUMNS = (
    ("start", "From"),
    ("calls", "Calls expected"),
    ("staff", "People on the phones"),
    ("scheduled_staff", "People to schedule"),
    ("scheduled", "On shift (roster)"),
    ("service_level", "Answered within {t} s"),
    ("service_level_mean_day", "Answered within {t} s, average day"),
    ("abandon", "Hung up on hold"),
    ("occupancy", "Time on calls"),
    ("mean_wait", "Average wait"),
)


def day_report(
    df: pd.DataFrame,
    *,
    source: str,
    title: str | None = None,
    cost: dict[str, Any] | None = None,
) -> str:
    """One self-contained HTML page about the staffed day of *df* (:func:`teletraffic.staff`).

    *source* names the forecast (a file name); *title* defaults to "Staffing the day
    of" it. *cost*: ``day_cost``, ``paid_hours``, ``per_hour`` and ``currency`` of the
    roster, as ``teletraffic staff --tariffs`` computes them.

    Examples
    --------
    >>> import pandas as pd
    >>> import teletraffic as tt
    >>> day = pd.DataFrame({"start": ["09:00", "09:30"], "calls": [20, 60]})
    >>> df = tt.staff(day, talk="3m", patience="2m", replications=3, seed=1)
    >>> page = day_report(df, source="day <1>.csv")
    >>> page.startswith("<!DOCTYPE html>"), "day &lt;1&gt;.csv" in page
    (True, True)
    >>> "People on the phones" in page, "data:image/png;base64," in page
    (True, True)
    """
    name = title or f"Staffing the day of {source}"
    sections = [
        f"<h1>{escape(name)}</h1>",
        f'<p class="meta">{escape(_made(df))}</p>',
        "<h2>In a minute</h2>",
        '<div class="minute">' + "".join(f"<p>{escape(s)}</p>" for s in _minute(df, cost)),
        f'<p class="small">{escape(_how(df))}</p></div>',
        "<h2>The day in a chart</h2>",
        figure(_chart(df), "Calls and people by interval", _caption(df)),
        "<h2>Interval by interval</h2>",
        interval_table(df),
    ]
    roster = df.attrs.get("roster")
    if roster is not None and roster.shifts:
        sections += ["<h2>The roster</h2>", roster_table(roster)]
    sections += ["<h2>How the staffing was found</h2>", _passes(df)]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(name)}: staffing report</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(sections) + "\n"
        f"<footer>{escape(_made(df))}</footer>\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- words


def _answer(df: pd.DataFrame) -> tuple[float, float] | None:
    targets = df.attrs.get("targets")
    answer = getattr(targets, "answer", None)
    return None if answer is None else (float(answer[0]), float(answer[1]))


def _answer_time(df: pd.DataFrame) -> float:
    targets = df.attrs.get("targets")
    return float(getattr(targets, "answer_time", 20.0))


def _minutes(sec: float) -> str:
    return f"{sec / 60:g} minutes" if sec != 60 else "1 minute"


def day_span(df: pd.DataFrame) -> str:
    """The day's opening and closing, e.g. ``08:00-20:00``."""
    return f"{df['start'].iloc[0]}-{_end(df)}"


def _end(df: pd.DataFrame) -> str:
    from teletraffic.units import parse_time_of_day

    length = float(df.attrs.get("interval_seconds", 3600.0))
    end = parse_time_of_day(str(df["start"].iloc[-1])) + length
    m = round(end / 60)
    return f"{m // 60:02d}:{m % 60:02d}"


def _goal(df: pd.DataFrame) -> str:
    """The targets as a person says them."""
    targets = df.attrs.get("targets")
    parts = []
    answer = _answer(df)
    if answer is not None:
        parts.append(f"answer {percent(answer[0])} of callers within {answer[1]:g} seconds")
    if getattr(targets, "abandon", None) is not None:
        parts.append(f"have at most {percent(targets.abandon)} hang up on hold")  # type: ignore[union-attr]
    if getattr(targets, "asa", None) is not None:
        parts.append(f"keep the average wait under {seconds(targets.asa)}")  # type: ignore[union-attr]
    if getattr(targets, "max_occupancy", None) is not None:
        parts.append(
            f"keep each person on calls at most {percent(targets.max_occupancy)} of the time"  # type: ignore[union-attr]
        )
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _overall(df: pd.DataFrame, column: str) -> float:
    """The share of all the day's callers: each interval's share weighted by its calls."""
    calls = df["calls"].astype(float)
    values = df[column].astype(float)
    keep = values.notna() & (calls > 0)
    total = float(calls[keep].sum())
    return float((values[keep] * calls[keep]).sum() / total) if total > 0 else math.nan


def _minute(df: pd.DataFrame, cost: dict[str, Any] | None) -> list[str]:
    length = float(df.attrs.get("interval_seconds", 3600.0))
    hours = length / 3600.0
    staff = df["staff"].astype(int)
    peak = int(staff.to_numpy().argmax())
    person_hours = float(staff.sum()) * hours
    calls = float(df["calls"].sum())
    factor = float(df.attrs.get("volume_factor", 1.0))
    out = [
        f"{count(calls)} calls are expected from {df['start'].iloc[0]} to {_end(df)}, in "
        f"{len(df)} intervals of {_minutes(length)}. To {_goal(df)} in every interval, "
        f"you need {int(staff.min())} to {int(staff.max())} people on the phones, "
        f"{int(staff.max())} at the busiest time ({df['start'].iloc[peak]}): "
        f"{person_hours:g} person-hours in all."
    ]
    if factor != 1.0:
        out.append(
            f"Days differ: this is sized for a busier day than average ({factor:.2f} times "
            "the calls expected), so that most days are covered; the table shows both days."
        )
    answer = _answer(df)
    if answer is not None:
        sl = df["service_level"].astype(float)
        meets = int((sl.isna() | (sl >= answer[0])).sum())
        low = int(sl.fillna(1.0).to_numpy().argmin())
        day = "On the day sized for, the" if factor != 1.0 else "With these people the"
        out.append(
            f"{day} simulated day answers {percent(_overall(df, 'service_level'))} of all "
            f"callers within {answer[1]:g} seconds; {meets} of {len(df)} intervals reach "
            f"{percent(answer[0])} (the lowest, {df['start'].iloc[low]}, "
            f"{percent(float(sl.iloc[low]))})."
        )
        if "service_level_mean_day" in df:
            out.append(
                "On an average day it answers "
                f"{percent(_overall(df, 'service_level_mean_day'))} within {answer[1]:g} seconds."
            )
    plain = df.attrs.get("plain_sipp")
    if plain is not None and sum(plain) > 0 and list(plain) != list(staff):
        plain_hours = sum(plain) * hours
        more = person_hours / plain_hours - 1.0
        word = "more" if more >= 0 else "fewer"
        out.append(
            f"Sizing each interval on its own with the usual formula (Erlang "
            f"{'A' if _patience_known(df) else 'C'}) would give {plain_hours:g} "
            f"person-hours; this staffing has {percent(abs(more))} {word}, placed where "
            "the calls of a busy interval are still being answered in the next one."
        )
    if "scheduled_staff" in df:
        out.append(
            "Counting paid time off the phones (breaks, training, absence), plan for "
            f"up to {int(df['scheduled_staff'].max())} people at the busiest time."
        )
    roster = df.attrs.get("roster")
    if roster is not None and roster.shifts:
        people = sum(p for _, p in roster.shifts)
        kinds = len(roster.shifts)
        out.append(
            f"{people} {plural(people, 'person', 'people')} on {kinds} "
            f"{plural(kinds, 'kind')} of shift cover every interval: {roster.paid_hours:g} "
            f"paid hours, {percent(roster.gap)} above the least any roster of these shifts "
            f"could have ({_hours(roster.bound_hours)})."
        )
    if cost is not None:
        out.append(
            f"The day's wages: {money(cost['day_cost'], cost['currency'])} "
            f"({cost['paid_hours']:g} hours at {money(cost['per_hour'], cost['currency'])} "
            "an hour)."
        )
    return out


def _hours(h: float) -> str:
    """Hours to two decimals at most, never rounded up past a figure it bounds."""
    return f"{math.floor(h * 100 + 1e-6) / 100:g} hours"


def _patience_known(df: pd.DataFrame) -> bool:
    return bool(df.attrs.get("patience_known", True))


def _how(df: pd.DataFrame) -> str:
    days = df.attrs.get("days")
    many = f"{days} days" if days else "days"
    return (
        "How it was worked out: each interval started from the Erlang formula on the "
        "calls still in progress (they lag the arrivals by about one talk time). Then "
        f"{many} of calls were simulated from opening to closing, callers on hold staying "
        "on hold from one interval to the next; a person was added where an interval fell "
        "short and taken away where one fewer still did, until neither changed anything. "
        f"The figures shown come from {many} the sizing never saw."
    )


def _made(df: pd.DataFrame) -> str:
    days, seed = df.attrs.get("days"), df.attrs.get("seed")
    runs = f"{days} simulated days a pass, seed {seed}; " if days else ""
    return f"{runs}made {_dt.date.today().isoformat()} with teletraffic {__version__}"


def _passes(df: pd.DataFrame) -> str:
    """Each step of the sizing in words, with how many intervals it changed."""
    items = []
    for what, up, down in df.attrs.get("passes", []):
        if what.startswith("lagged start"):
            items.append(
                f"The formula on the calls in progress: {up} {plural(up, 'interval')} above "
                f"and {down} below sizing each interval alone."
            )
        elif up:
            items.append(
                f"Simulated: one person more in {up} {plural(up, 'interval')} short of a target."
            )
        elif down:
            items.append(
                f"Simulated: one person fewer in {down} {plural(down, 'interval')} "
                "that still met the targets."
            )
        else:
            items.append("Simulated: no interval could do with one person fewer; done.")
    if not df.attrs.get("converged", True):
        items.append("The passes ran out before every interval met the targets.")
    return '<ol class="setup">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>"


# --------------------------------------------------------------------------- tables


def interval_table(df: pd.DataFrame) -> str:
    """The table of *df* in plain words; an interval below the answer target in bold."""
    t = _answer_time(df)
    answer = _answer(df)
    cols = [(c, label.format(t=f"{t:g}")) for c, label in _COLUMNS if c in df]
    if not _patience_known(df):  # nobody hangs up in the model: the column says nothing
        cols = [(c, label) for c, label in cols if c != "abandon"]
    head = "".join(f"<th>{escape(label)}</th>" for _, label in cols)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for c, _label in cols:
            text = escape(_cell(c, r[c]))
            short = (
                answer is not None
                and c.startswith("service_level")
                and not _missing(r[c])
                and float(r[c]) < answer[0]
            )
            cells.append(f"<td><b>{text}</b></td>" if short else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = (
        f'<p class="note">In bold: an interval below {percent(answer[0])} on average in the '
        "simulated days. Every share is of the callers who arrived in that interval; time "
        "on calls is the share of the people's time spent talking.</p>"
        if answer is not None
        else ""
    )
    if "occupancy" in df and bool((df["occupancy"] > 1.0).any()):
        note += (
            '<p class="note">Time on calls above 100%: the people whose interval ended '
            "finish the calls in hand, so more talk falls in that interval than its own "
            "people could give.</p>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


def _missing(v: Any) -> bool:
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _cell(column: str, v: Any) -> str:
    if column == "start":
        return str(v)
    if _missing(v):
        return "-"
    if column == "calls":
        return count(float(v))
    if column in ("staff", "scheduled_staff", "scheduled"):
        return str(int(v))
    if column == "mean_wait":
        return seconds(float(v))
    return percent(float(v))


def roster_table(roster: Any) -> str:
    """The roster: when each kind of shift starts and ends, its paid hours, its people."""
    rows = roster.rows()
    has_break = any(r.get("break") for r in rows)
    head = ["Starts", "Ends", "Paid hours", "People", *(["Break from"] if has_break else [])]
    body = []
    for (pattern, _), r in zip(roster.shifts, rows, strict=True):
        end = round((pattern.start + pattern.length) / 60)
        cells = [r["start"], f"{end // 60:02d}:{end % 60:02d}", f"{pattern.paid_hours:g}"]
        cells.append(str(r["people"]))
        if has_break:
            unpaid = pattern.paid_hours * 3600.0 < pattern.length - 1e-6
            cells.append(f"{r['break']} ({'unpaid' if unpaid else 'paid'})" if r["break"] else "-")
        body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return (
        "<table><thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in head)
        + f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f'<p class="note">{roster.paid_hours:g} paid hours; no roster of these shifts '
        f"has fewer than {_hours(roster.bound_hours)}.</p>"
    )


# --------------------------------------------------------------------------- chart


def _chart(df: pd.DataFrame) -> str:
    """The day's chart as a PNG ``data:`` URI, its text drawn plain (no mathtext)."""
    import matplotlib
    from matplotlib.figure import Figure

    from teletraffic.plots.day import _panels, draw_day

    buf = io.BytesIO()
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        fig = Figure(figsize=(9.4, 2.9 * _panels(df)), layout="constrained")
        draw_day(fig, df)
        fig.savefig(buf, format="png", dpi=110, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _caption(df: pd.DataFrame) -> str:
    answer = _answer(df)
    words = (
        "Top: the calls expected in each interval (bars) and the people on the phones "
        "(line"
        + ("; the roster's people on shift in purple" if "scheduled" in df else "")
        + "). Middle: the share answered in time in the simulated day"
    )
    if answer is not None:
        words += f", with the target of {percent(answer[0])} as a dashed line"
    words += "."
    roster = df.attrs.get("roster")
    if roster is not None and roster.shifts:
        words += " Bottom: each kind of shift as a bar from its start to its end, with its people."
    return words
