"""The PBX of a scenario: virtual or on site, its hold queue and what it costs."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
)

from teletraffic.scenario.values import (
    MAX_CHANNELS,
    Int,
    Money,
    Seconds,
    _Model,
)


class Hold(_Model):
    """The PBX hold queue. A caller on hold keeps a channel of the outside line.

    *max_callers* may be larger than the trunk can ever hold (channels - staff): that is
    legal, the trunk is the bound then.
    """

    max_callers: Int | None = Field(default=None, ge=0, le=MAX_CHANNELS)
    max_wait: Seconds | None = Field(default=None, description="then the caller is let go")
    music: bool = True


class PbxTariff(_Model):
    """What the PBX costs."""

    monthly: Money = 0
    per_user: Money = Field(default=0, description="per staff member per month")
    purchase: Money = Field(default=0, description="one-off, spread over spread_months")
    spread_months: Int = Field(default=36, ge=1, le=600)


class Pbx(_Model):
    """A PBX: *virtual* (in the cloud) or *office* (on site). Gives a hold queue."""

    kind: Literal["virtual", "office"]
    hold: Hold | None = Field(default=None, description="omit for no hold queue")
    tariff: PbxTariff = PbxTariff()
    max_transfers: Int = Field(
        default=10,
        ge=1,
        le=1000,
        description="transfers one call may go through; after that the person who has it "
        "ends it (a cap on cycles of transfers)",
    )
