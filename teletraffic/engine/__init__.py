"""The discrete-event model of an office's telephony, on SimPy.

Only :func:`run_replication` is meant for the rest of teletraffic; the modules inside
are the mechanism: outside lines (:mod:`.lines`), PBX and departments (:mod:`.pbx`),
distribution strategies (:mod:`.strategies`), the life of a call (:mod:`.calls`) and
the assembly of one simulation (:mod:`.model`).
"""

from teletraffic.engine.model import Replication, run_replication, unsupported_features

__all__ = ["Replication", "run_replication", "unsupported_features"]
