"""The page and its parts, as HTML written on the server.

One page, three sections: **Ask** (the form), **Answer** (the plan: its recommendation
in a sentence, the report's plan section with its table and charts, what-if sliders),
**Scenario files** (check, run, download). The answer and the scenario's results are
written here as fragments that the page's script puts in place; their words, tables
and charts are the report's (:mod:`teletraffic.report`), so the page and the HTML
report say the same thing the same way. Every text from the user is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teletraffic.report.markup import escape
from teletraffic.text import percent as as_percent

if TYPE_CHECKING:
    from teletraffic.experiments.planning.screen import Screened
    from teletraffic.web.scenarios import Checked, Ran

__all__ = ["answer_html", "checked_html", "page_html", "ran_html", "what_if_html"]

_LABELS: list[tuple[str, str, str, str, str]] = [
    # (field, legend, label, example, help)
    ("calls_per_hour", "Your callers", "Calls per hour", "40", "new callers in a busy hour"),
    ("talk", "Your callers", "Talk time", "3m", "on average: 3m, 90s, 2m 30s"),
    (
        "patience",
        "Your callers",
        "Patience on hold",
        "1m",
        "how long callers hold before hanging up; blank: until answered",
    ),
    ("redial", "Your callers", "Call again", "30%", "share of callers who try again"),
    ("people", "Your office", "People answering", "", "blank: let the plan choose"),
]


def _field(name: str, label: str, example: str, help_text: str, value: str = "") -> str:
    return (
        f'<div class="field" data-field="{name}"><label for="f-{name}">{escape(label)}</label>'
        f'<input id="f-{name}" name="{name}" placeholder="{escape(example)}" '
        f'value="{escape(value)}" autocomplete="off">'
        f"<small>{escape(help_text)}</small>"
        f'<p class="error" id="err-{name}" role="alert"></p></div>'
    )


def _inline(name: str, example: str, value: str = "") -> str:
    return (
        f'<input class="short" id="f-{name}" name="{name}" placeholder="{escape(example)}" '
        f'value="{escape(value)}" autocomplete="off" aria-label="{name.replace("_", " ")}">'
    )


def _target(name: str, words: str) -> str:
    return (
        f'<div class="field" data-field="{name}"><label>{words}</label>'
        f'<p class="error" id="err-{name}" role="alert"></p></div>'
    )


def page_html(defaults: dict[str, str], max_upload: int) -> str:
    """The whole page, its form filled with *defaults* (field -> text)."""
    return _HEAD + _ask_section(defaults, max_upload) + _ANSWER + _SCENARIOS + _FOOT


_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>teletraffic: lines, channels and people for your calls</title>
<link rel="stylesheet" href="/static/page.css">
<script src="/static/page.js" defer></script>
</head><body>
<header><h1>teletraffic</h1>
<p>How many lines, channels and people your office needs for its calls, and what they
cost a month. Everything runs on this computer; nothing is sent anywhere.</p></header>
<main>
"""
_ANSWER = """<section id="answer" aria-live="polite"><h2>Answer</h2>
<div id="answer-body"><p class="quiet">Fill in your callers and what you want, then press
Plan.</p></div></section>
"""
_SCENARIOS = """<section id="scenarios"><h2>Scenario files</h2>
<p>A scenario file describes your whole set-up: lines, PBX, departments, who calls whom.
Load one to check it, run it and download the results.</p>
<form id="scenario-form" method="post" action="/scenario/download" enctype="multipart/form-data">
<div class="field" data-field="scenario"><label for="f-scenario">Scenario file</label>
<input type="file" id="f-scenario" name="scenario" accept=".yaml,.yml">
<p class="error" id="err-scenario" role="alert"></p></div>
<textarea id="scenario-text" name="text" rows="14" spellcheck="false" hidden
aria-label="the scenario file"></textarea>
<input type="hidden" name="name" id="scenario-name" value="scenario.yaml">
<div class="buttons" id="scenario-buttons" hidden>
<button type="button" id="check-button">Check</button>
<button type="button" id="run-button">Run</button>
<button type="submit" id="download-scenario">Download the scenario</button></div>
</form>
<div id="scenario-body"></div></section>
"""
_FOOT = """</main>
<footer>teletraffic runs on 127.0.0.1 only; close this tab and stop the command (Ctrl+C)
when you are done.</footer>
</body></html>
"""


def _fields_of(legend: str, d: dict[str, str]) -> str:
    """The form's fields under *legend*, filled from *d*."""
    return "".join(
        _field(name, label, example, help_text, d.get(name, ""))
        for name, of, label, example, help_text in _LABELS
        if of == legend
    )


def _targets(d: dict[str, str]) -> str:
    """What the user wants, each target a sentence with its blanks."""
    return "".join(
        [
            _target(
                "target_busy",
                f"At most {_inline('target_busy', '2%', d.get('target_busy', ''))} "
                "of callers hear busy",
            ),
            _target(
                "target_answer",
                f"At least {_inline('answer_share', '80%', d.get('answer_share', ''))} "
                f"answered within {_inline('answer_time', '20s', d.get('answer_time', ''))}",
            ),
            _target(
                "target_abandon",
                f"At most {_inline('target_abandon', '5%', d.get('target_abandon', ''))} "
                "hang up on hold",
            ),
            _target(
                "target_lost",
                f"At most {_inline('target_lost', '5%', d.get('target_lost', ''))} "
                "never get through",
            ),
            _target(
                "target_wait",
                f"A wait on hold of at most {_inline('target_wait', '30s', '')} on average",
            ),
        ]
    )


def _ask_section(d: dict[str, str], max_upload: int) -> str:
    """The Ask section: the form, filled from *d*."""
    callers = _fields_of("Your callers", d)
    office = _fields_of("Your office", d)
    targets = _targets(d)
    limit = f"{max_upload / 2**20:g} MB"
    return f"""<section id="ask"><h2>Ask</h2>
<form id="ask-form" method="post" action="/ask" enctype="multipart/form-data" novalidate>
<fieldset><legend>Your callers</legend>{callers}
<div class="field" data-field="records"><label for="f-records">Or read them from call
records</label><input type="file" id="f-records" name="records" accept=".csv,.txt,text/csv">
<select name="records_format" id="f-records_format" aria-label="format of the call records">
<option value="auto">format: find out</option>
<option value="asterisk">Asterisk Master.csv</option>
<option value="csv">CSV with a header</option>
<option value="teletraffic">teletraffic calls.csv</option>
</select><small>up to {limit}; fills in the fields above</small>
<p class="error" id="err-records" role="alert"></p><pre id="records-words" hidden></pre></div>
</fieldset>
<fieldset><legend>Your office</legend>{office}</fieldset>
<fieldset><legend>What you want (any of these)</legend>{targets}</fieldset>
<fieldset><legend>Prices</legend>
<div class="field" data-field="tariffs"><span class="label">Tariffs</span>
<label class="choice"><input type="radio" name="tariffs" value="shipped" checked>
the illustrative menu that comes with teletraffic</label>
<label class="choice"><input type="radio" name="tariffs" value="file" id="f-tariffs-own">
my own menu:</label> <input type="file" id="f-tariffs_file" name="tariffs_file"
accept=".yaml,.yml"><p class="error" id="err-tariffs" role="alert"></p></div>
{_field("lost_call_value", "A lost caller costs", "0", "money, in the menu's currency")}
{_field("staff_cost", "A person costs a month", "", "blank: the menu's staff entry")}
</fieldset>
<details><summary>Simulation</summary>
{_field("replications", "Runs of each check", "10", "2 to 1000")}
{_field("seed", "Random seed", "2026", "the same seed gives the same figures")}
{_field("max_lines", "Most lines or channels", "", "blank: enough for 0.1% busy")}
</details>
<p class="error" id="err-form" role="alert"></p>
<button type="submit" id="plan-button">Plan</button>
</form></section>
"""


def job_html(key: str, what: str) -> str:
    """A job's place on the page: its progress, a Cancel button; the script fills it."""
    return (
        f'<div class="job" data-job="{escape(key)}"><progress></progress> '
        f'<span class="progress-text">{escape(what)}</span> '
        '<button type="button" class="cancel">Cancel</button></div>'
    )


def _recommendation(plan: Any) -> str:
    from teletraffic.report.plan import plan_sentence

    for line in str(plan.explanation()).splitlines():
        if line.startswith(("Recommended:", "No set-up")):
            return line
    return plan_sentence(plan, plan.tariffs.currency)


def answer_html(plan: Any, key: str, *, sliders: bool = True) -> str:
    """The plan's answer: the recommendation, the report's plan section, the what-if."""
    from teletraffic.report.plan import plan_section

    cur = plan.tariffs.currency
    parts = [f'<p class="recommendation">{escape(_recommendation(plan))}</p>']
    best = plan.best
    t = plan.traffic
    if sliders and best is not None and best.kind != "office":
        cph = float(t["calls_per_hour"])
        top = max(10, round(3 * cph))
        people = int(best.staff)
        parts.append(
            f'<div class="whatif" data-job="{escape(key)}"><h3>What if</h3>'
            '<label for="s-calls">Calls per hour <output id="v-calls">'
            f"{cph:g}</output></label>"
            f'<input type="range" id="s-calls" min="1" max="{top}" step="1" value="{cph:g}">'
            '<label for="s-people">People answering <output id="v-people">'
            f"{people}</output></label>"
            f'<input type="range" id="s-people" min="1" max="{max(10, 2 * people)}" '
            f'step="1" value="{people}">'
            '<p id="whatif-formula" class="formula">Move a slider: the formula answers at '
            "once, for the recommended set-up; a new plan is then simulated.</p>"
            '<div id="whatif-sim"></div></div>'
        )
    parts.append(plan_section(plan, cur))
    parts.append(
        '<p class="downloads">Download: '
        f'<a href="/jobs/{escape(key)}/files/candidates.csv" download>every set-up weighed '
        "(CSV)</a> · "
        f'<a href="/jobs/{escape(key)}/files/curves.csv" download>the curves (CSV)</a></p>'
    )
    return "\n".join(parts)


def what_if_html(screened: Screened | None, label: str, cph: float, people: int) -> str:
    """The formula's figures for the recommended set-up at other traffic or people."""
    if screened is None:
        return '<p class="formula">No formula describes this plan; see the simulation.</p>'
    s = screened
    how = "exact" if s.exact else "an approximation: the simulation decides"
    return (
        f'<p class="formula">By the formula ({escape(s.model)}, {how}), {escape(label)} with '
        f"{cph:g} calls an hour and {people} {'person' if people == 1 else 'people'}: "
        f"<strong>{escape(as_percent(s.p_busy))}</strong> hear busy, "
        f"{escape(as_percent(s.service_level))} answered in time, "
        f"{escape(as_percent(s.p_abandon))} hang up on hold, "
        f"{escape(as_percent(s.p_caller_lost))} of callers lost.</p>"
    )


def checked_html(checked: Checked) -> str:
    """``teletraffic check``'s words for a scenario, or its problems with their lines."""
    if checked.problems:
        n = len(checked.problems)
        items = "".join(
            f'<li><span class="where">{escape(path or "the file")}'
            f"{escape(f', line {line}') if line is not None else ''}</span>: "
            f"{escape(message)}</li>"
            for path, message, line in checked.problems
        )
        return (
            f'<div class="problems"><h3>{n} problem{"s" if n != 1 else ""} in '
            f"{escape(checked.name)}</h3><ul>{items}</ul></div>"
        )
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in checked.notes)
    return (
        f'<div class="described"><h3>{escape(checked.name)}: the file is valid</h3>'
        f"<pre>{escape(checked.description)}</pre>{notes}</div>"
    )


def ran_html(ran: Ran, key: str) -> str:
    """A scenario's run: the report's minute in words and key figures, and downloads."""
    from teletraffic.report.summary import plain_summary
    from teletraffic.report.tables import key_table

    words = "".join(f"<p>{escape(p)}</p>" for p in plain_summary(ran.scenario, ran.result))
    k = escape(key)
    return (
        f'<div class="ran"><h3>{escape(ran.scenario.name)}</h3>'
        f'<div class="minute">{words}</div>{key_table(ran.scenario, ran.result)}'
        '<p class="downloads">Download: '
        f'<a id="dl-summary" href="/jobs/{k}/files/summary.csv" download>the figures (CSV)</a>'
        f' · <a href="/jobs/{k}/files/costs.csv" download>the costs (CSV)</a>'
        f' · <a href="/jobs/{k}/files/report.html" download>the HTML report</a>'
        f' · <a href="/jobs/{k}/files/scenario.yaml" download>the scenario</a></p></div>'
    )
