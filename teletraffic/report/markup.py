"""The pieces of HTML every section uses: escaped text and charts as embedded images.

Every text that comes from the user (scenario, line and department names) passes
through :func:`escape`; every chart is drawn on a fresh figure and embedded as a PNG
``data:`` URI, so the page loads nothing from elsewhere.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["escape", "figure", "png"]


def escape(text: object) -> str:
    """*text* safe to put in HTML, quotes included."""
    return html.escape(str(text), quote=True)


def png(draw: Callable[[Axes], object], size: tuple[float, float] = (8.6, 4.2)) -> str:
    """Run *draw* on the axes of a new figure; the figure as a base64 PNG ``data:`` URI.

    Text is drawn as plain text, never as mathtext: a department named ``$^$`` is a
    name, not a formula that fails to parse. Tick labels are made while the figure is
    saved, so the setting covers the drawing and the saving.
    """
    import matplotlib
    from matplotlib.figure import Figure

    buf = io.BytesIO()
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        fig = Figure(figsize=size, layout="constrained")
        draw(fig.add_subplot())
        fig.savefig(buf, format="png", dpi=110, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def figure(uri: str, alt: str, caption: str) -> str:
    """An image (a ``data:`` URI) with its alternative text and caption."""
    return (
        f'<figure><img src="{uri}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )
