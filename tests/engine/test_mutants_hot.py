"""The engine's hot path (the event loop, the free-staff indexes, a call's own steps)
pinned where the other tests let a change pass unseen.

Written against the survivors of the mutation run on the rewritten hot path of
teletraffic/engine/ (benchmarks/mutation_engine.md, "Hot path pass"): each test fails
for some change of the engine that every other test let pass. Times are deterministic
(arrival times given to the run); the expected numbers are worked out in each docstring.
"""

from __future__ import annotations

import pytest

from teletraffic.engine.simpy_adapter import Clock

# --------------------------------------------------------------------- the event loop


def test_the_loop_refuses_until_with_a_message_saying_why() -> None:
    """The whole message, as a user of :class:`Clock` reads it."""
    with pytest.raises(ValueError) as refused:
        Clock().run(until=1.0)
    assert str(refused.value) == "Clock.run runs until no event is left: no 'until'"
