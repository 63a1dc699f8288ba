"""The discrete-event model of an office's telephony, on SimPy.

Only :func:`run_replication` (with :class:`Replication` and
:func:`unsupported_features`) is meant for the rest of teletraffic. The modules
inside are the mechanism, each importing only those before it:

* :mod:`.simpy_adapter`: all the engine uses of SimPy (a clock and its event queue);
* :mod:`.windows`: the measured time (open hours, shifts) as windows;
* :mod:`.lines`: outside lines and their channels;
* :mod:`.strategies`: who rings when a call comes to a department;
* :mod:`.pbx`: departments, their staff and the hold queue;
* :mod:`.streams`: a traffic stream during a run;
* :mod:`.record`: the observer the engine emits records to (the records themselves
  are in :mod:`teletraffic.records`);
* :mod:`.calls`: the life of a call, from the first ring to its one outcome;
* :mod:`.transfers`: passing an answered caller on to another department;
* :mod:`.conferences`: answered calls that become conferences;
* :mod:`.progressive`: FreeSWITCH's ring-progressively (one more member every few
  seconds);
* :mod:`.virtual_hold`: callbacks (virtual hold) and announcements to callers on hold;
* :mod:`.shifts`: people coming on and going off shift, callers let go;
* :mod:`.outbound`: staff dialling out (outbound and internal calls);
* :mod:`.arrivals`: when inbound calls arrive;
* :mod:`.build`: a scenario turned into the model of one replication;
* :mod:`.model`: one replication, built, run and measured;
* :mod:`.features`: what the engine cannot simulate yet (no SimPy needed to ask).

:func:`run_replication` and :class:`Replication` load the engine (SimPy, numpy) on
first use, so ``teletraffic check`` asks :func:`unsupported_features` without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from teletraffic.engine.features import unsupported_features

if TYPE_CHECKING:
    from teletraffic.engine.model import Replication, run_replication

__all__ = ["Replication", "run_replication", "unsupported_features"]

_FROM_MODEL = frozenset({"Replication", "run_replication"})


def __getattr__(name: str) -> Any:
    if name not in _FROM_MODEL:
        raise AttributeError(f"module 'teletraffic.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module("teletraffic.engine.model"), name)
    globals()[name] = value
    return value
