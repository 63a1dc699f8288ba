"""The kinds of value a scenario file holds: numbers, durations, shares, times of day,
names, random durations and hourly profiles, with the limits on them.

Units: durations are seconds inside (``"3m"`` in a file), shares are fractions
(``"2%"`` in a file), times of day are seconds after midnight (``"09:00"``). Each type
says what a file may hold, so that the JSON Schema describes the input forms (the text
``"3m"`` as well as the number 180), not the parsed float.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from teletraffic.scenario.words import (
    _clean_loc,
    _CrossFieldError,
    _fail,
    _hhmm,
    _short,
    _value_words,
)
from teletraffic.text import duration
from teletraffic.units import (
    DURATION_PATTERN,
    SHARE_PATTERN,
    TIME_OF_DAY_PATTERN,
    parse_duration,
    parse_share,
    parse_time_of_day,
)

MAX_CHANNELS = 100_000
MAX_STAFF = 10_000
MAX_CALLS_PER_RUN = 2_000_000_000
"""A scenario expected to simulate more calls than this in one run is refused."""
MAX_SECONDS = 10 * 365 * 86400.0
"""The longest duration a scenario may give (ten years); longer is surely a typo."""


# --------------------------------------------------------------------------- numbers and units


def _reject_bool(value: Any) -> Any:
    # pydantic's lax mode reads true as 1; in a scenario file that is always a mistake
    if isinstance(value, bool):
        raise _fail(f"should be a number, got {str(value).lower()}")
    return value


Int = Annotated[int, BeforeValidator(_reject_bool)]
"""A whole number; ``true`` is refused (pydantic would read it as 1)."""
Float = Annotated[float, BeforeValidator(_reject_bool), Field(allow_inf_nan=False)]
"""A finite number; ``true``, ``.nan`` and ``.inf`` are refused."""


def _unit(
    parser: Callable[[object], float], written: Any, *, longest: float | None = None
) -> BeforeValidator:
    """A validator that reads a unit with *parser*; *written* is what a file may hold."""

    def validate(value: Any) -> Any:
        try:
            out = parser(value)
        except (ValueError, TypeError, OverflowError) as err:
            raise _fail(str(err)) from None
        if longest is not None and out > longest:
            raise _fail(f"{_short(value)} is longer than {duration(longest)}")
        return out

    return BeforeValidator(validate, json_schema_input_type=written)


# What a file may hold for each unit: the JSON Schema describes these input forms (the
# text "3m" as well as the number 180), not the parsed float.
DurationInput = (
    Annotated[float, Field(ge=0, le=MAX_SECONDS, description="seconds")]
    | Annotated[str, Field(pattern=DURATION_PATTERN, description="e.g. 90s, 3m, 1.5h, 1h 30m")]
)
ShareInput = (
    Annotated[float, Field(ge=0, le=1, description="a fraction")]
    | Annotated[str, Field(pattern=SHARE_PATTERN, description="e.g. 2% or 0.02")]
)
TimeOfDayInput = (
    Annotated[float, Field(ge=0, le=24, description="hours after midnight")]
    | Annotated[str, Field(pattern=TIME_OF_DAY_PATTERN, description="e.g. 09:00 or 17:30")]
)

Seconds = Annotated[
    float,
    _unit(parse_duration, DurationInput, longest=MAX_SECONDS),
    Field(json_schema_extra={"examples": ["90s", "3m", "1.5h", 180]}),
]
Share = Annotated[
    float,
    _unit(parse_share, ShareInput),
    Field(json_schema_extra={"examples": ["2%", 0.02]}),
]


def _whole_second(seconds: float) -> float:
    """A time of day to the second, as a PBX's schedule and the ``HH:MM:SS`` a dump writes
    hold it: 0.03125 hours (112.5 s) is 00:01:52, so that a dumped scenario reads back
    equal."""
    return float(round(seconds))


TimeOfDay = Annotated[
    float,
    _unit(parse_time_of_day, TimeOfDayInput),
    AfterValidator(_whole_second),
    PlainSerializer(_hhmm, return_type=str),
    Field(json_schema_extra={"examples": ["09:00", "18:30"]}),
]
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\s/:][^/:]*$")]
Number = Annotated[str, Field(min_length=1, max_length=64)]
"""A phone number, as text: ``"+7 495 100-00-00"``."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


_ModelT = TypeVar("_ModelT", bound=_Model)


# --------------------------------------------------------------------------- distributions

DistKind = Literal["exponential", "deterministic", "lognormal", "gamma", "uniform", "empirical"]


class Distribution(_Model):
    """A duration drawn at random: talk time, patience, wrap-up, redial delay.

    ``{mean: 3m}`` is exponential; ``{mean: 3m, dist: lognormal, cv: 0.8}`` has a
    coefficient of variation 0.8; ``{dist: uniform, min: 1m, max: 5m}``;
    ``{dist: empirical, values: [2m, 3m, 95s]}`` draws from observed values. A bare
    duration (``talk: 3m``) means exponential for talk, patience and redial delays, and
    fixed for wrap-up and pick-up delays.
    """

    dist: DistKind = "exponential"
    mean: Seconds | None = None
    cv: Float | None = Field(default=None, ge=0, le=100, description="standard deviation / mean")
    min: Seconds | None = None
    max: Seconds | None = None
    values: list[Seconds] | None = Field(default=None, min_length=1, max_length=1_000_000)

    @model_validator(mode="after")
    def _check(self) -> Self:
        d = self.dist
        if d == "empirical":
            if not self.values:
                raise ValueError("dist empirical needs values: [observed durations]")
            if self.mean is not None or self.cv is not None:
                raise ValueError("dist empirical takes values only, not mean or cv")
            return self
        if self.values is not None:
            raise _CrossFieldError([(("values",), f"values is only for dist empirical, not {d}")])
        if d == "uniform":
            if self.mean is not None or self.cv is not None:
                raise ValueError("dist uniform takes min and max, not mean or cv")
            if self.min is None or self.max is None:
                raise ValueError(
                    "dist uniform needs min and max (e.g. {dist: uniform, min: 1m, max: 5m})"
                )
            if self.max < self.min:
                raise _CrossFieldError(
                    [
                        (
                            ("max",),
                            f"max ({duration(self.max)}) is below min ({duration(self.min)})",
                        )
                    ]
                )
            return self
        if self.min is not None or self.max is not None:
            raise ValueError(f"min and max are only for dist uniform, not {d}")
        if self.mean is None:
            raise ValueError(f"dist {d} needs a mean (e.g. mean: 3m)")
        if d in ("lognormal", "gamma"):
            if self.cv is None:
                raise ValueError(f"dist {d} needs cv (standard deviation / mean, e.g. 0.8)")
            if self.cv == 0:
                raise _CrossFieldError(
                    [
                        (
                            ("cv",),
                            f"dist {d} needs cv > 0, got 0; for a fixed time use dist "
                            "deterministic",
                        )
                    ]
                )
        elif self.cv is not None and not (d == "exponential" and self.cv == 1):
            raise _CrossFieldError(
                [(("cv",), f"cv is not used by dist {d}; use lognormal or gamma for a cv")]
            )
        return self

    @property
    def expected(self) -> float:
        """The mean of the distribution, in seconds."""
        if self.dist == "empirical":
            assert self.values is not None
            return math.fsum(self.values) / len(self.values)
        if self.dist == "uniform":
            assert self.min is not None
            assert self.max is not None
            return (self.min + self.max) / 2
        assert self.mean is not None
        return self.mean

    def describe(self) -> str:
        """Short words: ``exponential, mean 3m``."""
        fd = duration
        if self.dist == "empirical":
            assert self.values is not None
            return f"{len(self.values)} observed values, mean {fd(self.expected)}"
        if self.dist == "uniform":
            assert self.min is not None
            assert self.max is not None
            return f"uniform {fd(self.min)}..{fd(self.max)}"
        extra = f", cv {self.cv:g}" if self.cv is not None and self.dist != "exponential" else ""
        return f"{self.dist}, mean {fd(self.expected)}{extra}"


def _no_time(dist: Distribution | None, what: str) -> str | None:
    """Why *dist* cannot be the *what* of a call (it is always 0s), or None."""
    if dist is None or dist.expected > 0:
        return None
    if dist.dist == "empirical":
        return f"every observed {what} is 0s; a call needs a {what} above 0"
    return f"a mean {what} of 0s is no conversation at all; give it above 0, e.g. 3m"


def _bare_to(dist: str) -> Any:
    def convert(value: Any) -> Any:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return {"dist": dist, "mean": value}
        return value

    return convert


# in a file: a bare duration (talk: 3m) or the mapping form (talk: {mean: 3m, ...})
_DistributionInput = DurationInput | Distribution

RandomDuration = Annotated[
    Distribution,
    BeforeValidator(_bare_to("exponential"), json_schema_input_type=_DistributionInput),
]
"""A distribution; a bare duration means exponential with that mean."""
FixedDuration = Annotated[
    Distribution,
    BeforeValidator(_bare_to("deterministic"), json_schema_input_type=_DistributionInput),
]
"""A distribution; a bare duration means exactly that long."""


Money = Annotated[Float, Field(ge=0, le=1e12)]


# --------------------------------------------------------------------------- hourly profiles

_HOUR_RE = re.compile(r"\s*(\d{1,2})(?::00)?\s*")
HOUR_PATTERN = r"^\s*(?:[01]?[0-9]|2[0-3])(?::00)?\s*$"
"""An hour of the day as a key of an hourly profile: ``"09"``, ``"9"``, ``"09:00"``."""


def _hour_key(key: Any) -> Any:
    """An hour of the day as a mapping key: ``9``, ``"09"`` or ``"09:00"``."""
    hour: int | None = None
    if isinstance(key, int) and not isinstance(key, bool):
        hour = key
    elif isinstance(key, str) and (m := _HOUR_RE.fullmatch(key)):
        hour = int(m[1])
    if hour is None or not 0 <= hour <= 23:
        raise _fail(f"{_short(key)} is not an hour of the day; write hours as '00' to '23'")
    return hour


def _hour_profile(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Refuse a profile that names one hour twice (``9`` and ``"09"``).

    The other problems of the profile (an hour 25, a negative rate) are reported with it.
    """
    if not isinstance(value, Mapping):
        return handler(value)
    first: dict[int, Any] = {}
    problems: list[tuple[tuple[str | int, ...], str]] = []
    rest: dict[Any, Any] = {}
    for key, item in value.items():
        try:
            hour = _hour_key(key)
        except PydanticCustomError:
            rest[key] = item  # reported for that key by the key validator
            continue
        if hour in first:
            where = (key,) if isinstance(key, str | int) else ()
            problems.append(
                (where, f"hour {hour} is given twice ({_short(first[hour])} and {_short(key)})")
            )
            continue
        first[hour] = key
        rest[key] = item
    if not problems:
        return handler(value)
    try:
        handler(rest)
    except ValidationError as err:
        for e in err.errors(include_url=False):
            problems.append((_clean_loc(e["loc"]), _value_words(e)))
    raise _CrossFieldError(problems)


HourKey = Annotated[
    int,
    BeforeValidator(_hour_key, json_schema_input_type=Annotated[str, Field(pattern=HOUR_PATTERN)]),
]
Rate = Annotated[Float, Field(ge=0, le=1_000_000)]
HourlyRate = Annotated[dict[HourKey, Rate], WrapValidator(_hour_profile)]
Headcount = Annotated[
    Float, Field(json_schema_extra={"minimum": 0, "maximum": MAX_STAFF, "multipleOf": 1})
]
"""People on shift: a whole number (a float inside, as the engine reads it).
:class:`Department` checks that it is whole, not negative and at most its staff, all in
one field rule, so that every bad hour is reported at once."""
Shifts = Annotated[dict[HourKey, Headcount], WrapValidator(_hour_profile)]


def _rate_tag(value: Any) -> str:
    return "~profile" if isinstance(value, Mapping) else "~rate"


RateOrProfile = Annotated[
    Annotated[Rate, Tag("~rate")] | Annotated[HourlyRate, Tag("~profile")],
    Discriminator(_rate_tag),
]
"""Calls per hour: a constant, or an hourly profile ``{"09": 20, "10": 45}``."""
