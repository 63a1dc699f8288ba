"""What the engine cannot simulate yet, read from the scenario alone.

``teletraffic check`` prints these as notes, and :func:`~teletraffic.engine.run_replication`
refuses a scenario that has any. This module imports nothing but the scenario's types, so
that the check stays light (no SimPy, no numpy): importing it does not build the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teletraffic.scenario import Scenario

__all__ = ["unsupported_features"]


def unsupported_features(scenario: Scenario) -> list[tuple[str, str]]:
    """Parts of *scenario* the engine cannot simulate yet, as ``(field, reason)``."""
    out: list[tuple[str, str]] = []
    for i, s in enumerate(scenario.traffic):
        if s.from_ is not None and s.redial is not None:
            out.append((f"traffic[{i}].redial", "redials of outbound calls are not simulated"))
        if s.sources is not None and not scenario.period.steady:
            out.append(
                (
                    f"traffic[{i}].sources",
                    "finite sources need a steady-state period ({hours: ...})",
                )
            )
        if s.sources is not None and s.redial is not None:
            out.append(
                (f"traffic[{i}].redial", "redials of finite-source callers are not simulated")
            )
    for i, d in enumerate(scenario.effective_departments):
        if d.shifts is not None and scenario.period.steady:
            out.append(
                (f"departments[{i}].shifts", "shifts need a business-day period ({days: ...})")
            )
    return out
