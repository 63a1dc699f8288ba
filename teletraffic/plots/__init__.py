"""Figures of results: busy signals, costs, waits, load by hour, staff, set-ups compared.

Each function draws one chart from a results DataFrame (the ``summary`` or ``calls``
of a :class:`~teletraffic.runner.SimulationResult`, or a small table you build
yourself; the columns each one reads are listed in its docstring). A chart that reads
a result's table also takes the object you hold and reads the right table from it:
``load_by_hour(result)``, ``wait_distribution(result)``, ``compare_setups(comparison)``,
``plan_curves(plan)``. Like lifelines' plotting functions, each takes ``ax=None`` (a
new figure is made when none is given) and returns the :class:`matplotlib.axes.Axes`
it drew on, so charts can be combined and restyled. matplotlib is imported inside the
functions only: ``import teletraffic`` never loads it.

Titles and labels are plain words a business owner reads; shares are shown in
percent, waits in seconds, money in the scenario's currency.

For example, the charts of one simulated morning at a front desk::

    >>> import teletraffic as tt
    >>> from teletraffic import plots
    >>> office = tt.scenario_from_dict({
    ...     "name": "front desk",
    ...     "period": {"days": 1, "open": "09:00", "close": "13:00"},
    ...     "lines": [{"name": "main", "kind": "multichannel", "numbers": ["1"], "channels": 4}],
    ...     "traffic": [{"name": "c", "dial": "1", "calls_per_hour": 40, "talk": "3m",
    ...                  "patience": "1m"}],
    ...     "pbx": {"kind": "virtual", "hold": {"max_callers": 2}},
    ...     "departments": [{"name": "desk", "staff": 2}],
    ... })
    >>> result = tt.simulate(office, replications=2, seed=1, call_log=True)
    >>> ax = plots.load_by_hour(result)
    >>> ax.get_ylabel(), [tick.get_text() for tick in ax.get_xticklabels()]
    ('Calls per day', ['09:00', '10:00', '11:00', '12:00'])
    >>> plots.wait_distribution(result).get_title()  # the scenario's answer time marked
    'How long answered callers waited'

The charts are grouped by what they show: :mod:`~teletraffic.plots.capacity` (busy
signals by lines, a plan's curves), :mod:`~teletraffic.plots.setups` (costs, set-ups
compared), :mod:`~teletraffic.plots.waits` (waits on hold) and
:mod:`~teletraffic.plots.load` (calls by hour, each person's load); they share
:mod:`~teletraffic.plots.style` (colours, axes) and :mod:`~teletraffic.plots.tables`
(the columns each one reads).
"""

from teletraffic.plots.capacity import busy_by_lines, plan_curves
from teletraffic.plots.load import load_by_hour, staff_occupancy
from teletraffic.plots.setups import compare_setups, cost_by_numbers
from teletraffic.plots.style import COLORS
from teletraffic.plots.waits import answered_within, wait_distribution

__all__ = [
    "COLORS",
    "answered_within",
    "busy_by_lines",
    "compare_setups",
    "cost_by_numbers",
    "load_by_hour",
    "plan_curves",
    "staff_occupancy",
    "wait_distribution",
]
