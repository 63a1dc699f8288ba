"""The page a business owner uses without a terminal: ``teletraffic web``.

A local web application (127.0.0.1 only, nothing loaded from elsewhere) with one page:

* **Ask**: callers (calls per hour, talk, patience, redials, or a file of call records
  fitted as ``teletraffic fit`` does), the people of the office, targets in words, a
  tariff menu (the shipped one or an upload);
* **Answer**: the plan's recommendation in a sentence, the report's table and charts of
  the set-ups it weighed, and what-if sliders (calls per hour, people) that answer by
  the formula at once and simulate a new plan in the background;
* **Scenario files**: load one, see ``check``'s words or its problems with their lines,
  edit it, run it and download the figures (CSV), the HTML report and the scenario.

It is an optional extra (``pip install "teletraffic-sim[web]"``: Starlette, uvicorn,
python-multipart). Its modules: :mod:`.app` (the application and its guards),
:mod:`.routes` (each request answered), :mod:`.page` (the HTML),
:mod:`.ask` (the form read into a plan), :mod:`.scenarios` (check, run, files),
:mod:`.jobs` (work off the request thread, cancellable), :mod:`.sessions` (each
visitor's own state) and :mod:`.server` (the server).
"""

from __future__ import annotations

__all__ = ["MISSING", "serve"]

MISSING = (
    'the web page needs its optional extra: pip install "teletraffic-sim[web]" '
    "(Starlette, uvicorn, python-multipart)"
)
"""What to say when the extra is not installed."""


def serve(port: int = 8765, *, open_browser: bool = True) -> None:
    """Serve the page on ``127.0.0.1:port`` (see :func:`teletraffic.web.server.serve`)."""
    from teletraffic.web.server import serve as _serve

    _serve(port, open_browser=open_browser)
