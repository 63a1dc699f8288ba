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
this package imports neither.

The package's modules follow the page: :mod:`~teletraffic.report.summary` (the minute
in words), :mod:`~teletraffic.report.tables` (key figures, costs),
:mod:`~teletraffic.report.charts` (the charts of a run), :mod:`~teletraffic.report.plan`
(the plan section) and :mod:`~teletraffic.report.document` (the page, written whole);
beneath them :mod:`~teletraffic.report.figures` reads a result,
:mod:`~teletraffic.report.words` says numbers in words and
:mod:`~teletraffic.report.markup` escapes text and embeds the charts.
"""

from teletraffic.report.document import build_report, write_report
from teletraffic.report.summary import BUSY_STAFF, plain_summary

__all__ = ["BUSY_STAFF", "build_report", "plain_summary", "write_report"]
