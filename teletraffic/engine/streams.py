"""A traffic stream during a simulation: where its calls go and how they behave."""

from __future__ import annotations

import numpy as np

from teletraffic.distributions import Sampler
from teletraffic.engine.lines import Trunk
from teletraffic.engine.pbx import Desk

__all__ = ["StreamRuntime"]


class StreamRuntime:
    """A traffic stream during a simulation: where its calls go and how they behave."""

    __slots__ = (
        "callee",
        "desk",
        "inbound",
        "index",
        "patience",
        "redial_after",
        "redial_max",
        "redial_on",
        "redial_p",
        "redial_patience",
        "redial_rng",
        "redial_talk",
        "source_gap",
        "sources",
        "talk",
        "trunk",
    )

    def __init__(
        self,
        *,
        index: int,
        trunk: Trunk | None,
        desk: Desk,
        talk: Sampler,
        patience: Sampler | None,
    ) -> None:
        self.index = index
        self.inbound = True
        self.trunk = trunk
        self.desk = desk
        self.talk = talk
        self.patience = patience
        self.redial_p = 0.0
        self.redial_max = 1
        self.redial_on: frozenset[int] = frozenset()
        self.redial_after: Sampler | None = None
        self.redial_talk: Sampler = talk
        self.redial_patience: Sampler | None = patience
        self.redial_rng: np.random.Generator | None = None
        self.sources = 0
        self.source_gap: Sampler | None = None
        self.callee: Desk | None = None
        """Internal calls: the department called."""
