"""The installed version of teletraffic, read once from the package's metadata.

A leaf: the package's ``__init__`` re-exports it as ``teletraffic.__version__``, and the
report, the JSON metadata and ``teletraffic --version`` read it from here, so none of
them imports the package that imports them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("teletraffic-sim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
