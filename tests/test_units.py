"""Durations, shares and times of day: what each parser reads, and how it refuses."""

from __future__ import annotations

import math

import pytest

from teletraffic.units import (
    format_duration,
    parse_answer_target,
    parse_duration,
    parse_share,
    parse_time_of_day,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90.0),
        ("3m", 180.0),
        ("1.5h", 5400.0),
        ("2d", 172800.0),
        ("250ms", 0.25),
        (".5m", 30.0),
        ("3M", 180.0),
        (" 3 min ", 180.0),
        ("2 hours", 7200.0),
        ("1h 30m", 5400.0),
        ("2m30s", 150.0),
        ("+2m", 120.0),
        ("1e3s", 1000.0),
        ("180", 180.0),
        (180, 180.0),
        (2.5, 2.5),
        (0, 0.0),
        ("-0s", 0.0),
    ],
)
def test_parse_duration_reads(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", r"^'abc' is not a duration; write e\.g\. 90s, 3m"),
        ("", r"^'' is not a duration"),
        ("1h 30", r"^'1h 30' is not a duration"),
        ("1.2.3", r"^'1\.2\.3' is not a duration"),
        ("3 x", r"^'3 x' has an unknown unit 'x'; use ms, s, m, h or d"),
        ("-3m", r"^'-3m' is negative; a duration must be >= 0"),
        (-1, r"^-1 is negative"),
        ("1e999s", r"^'1e999s' is not a finite duration"),
        (math.nan, r"^nan is not a finite number"),
        (math.inf, r"^inf is not a finite number"),
        (10**400, r"^1000000000.*\.\.\. is too large$"),
        (True, r"^True is not a duration"),
        (None, r"^None is not a duration"),
        ([1], r"^\[1\] is not a duration"),
        ("1" * 80 + "!", r"^'1{56}\.\.\. is not a duration"),
    ],
)
def test_parse_duration_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(value)


def test_parse_duration_is_linear_on_long_garbage() -> None:
    """A long run of digits without a unit is refused at once (no regex backtracking)."""
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration("1" * 100_000 + "!")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (5, "5s"),
        (9.99, "9.99s"),
        (0.25, "0.25s"),
        (59.6, "1m"),
        (185, "3m 5s"),
        (3599.6, "1h"),
        (5400, "1h 30m"),
        (90000, "25h"),
        (-90, "-1m 30s"),
        (math.inf, "inf"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize("seconds", [0.5, 7, 42, 60, 185, 3600, 5400, 86400, 7 * 86400])
def test_format_duration_reads_back(seconds: float) -> None:
    assert parse_duration(format_duration(seconds)) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("value", "share"),
    [
        ("2%", 0.02),
        (" 2 % ", 0.02),
        ("100%", 1.0),
        ("0.02", 0.02),
        (0.02, 0.02),
        (1, 1.0),
        (0, 0.0),
        ("12.5%", 0.125),
    ],
)
def test_parse_share_reads(value: object, share: float) -> None:
    assert parse_share(value) == pytest.approx(share)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", r"^'abc' is not a share; write e\.g\. 2% or 0\.02$"),
        ("%", r"^'%' is not a share"),
        ("150%", r"^'150%' is outside 0\.\.100%; a share is between 0 and 1$"),
        (10, r"^10 is outside 0\.\.100%; a share is between 0 and 1; for 10 percent write 10%$"),
        (-0.1, r"^-0\.1 is outside 0\.\.100%"),
        ("-10%", r"^'-10%' is outside"),
        ("nan%", r"^'nan%' is not a finite number$"),
        (math.inf, r"^inf is not a finite number$"),
        (10**400, r"is too large$"),
        (True, r"^True is not a share"),
        (None, r"^None is not a share"),
    ],
)
def test_parse_share_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_share(value)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("09:00", 32400.0),
        ("9:00", 32400.0),
        ("17:30", 63000.0),
        ("23:59:59", 86399.0),
        ("24:00", 86400.0),
        ("00:00", 0.0),
        (9.5, 34200.0),
        (0, 0.0),
        (24, 86400.0),
    ],
)
def test_parse_time_of_day_reads(value: object, seconds: float) -> None:
    assert parse_time_of_day(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("24:01", r"^'24:01' is not a time of day; write e\.g\. 09:00 or 17:30$"),
        ("25:00", r"^'25:00' is not a time of day"),
        ("09:60", r"^'09:60' is not a time of day"),
        ("9am", r"^'9am' is not a time of day"),
        ("", r"^'' is not a time of day"),
        (25, r"^25 is not a time of day between 0 and 24 hours$"),
        (-1, r"^-1 is not a time of day between 0 and 24 hours$"),
        (math.nan, r"^nan is not a time of day"),
        (10**400, r"^1000.*\.\.\. is not a time of day"),
        (True, r"^True is not a time of day"),
        ([9], r"^\[9\] is not a time of day"),
    ],
)
def test_parse_time_of_day_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_time_of_day(value)


def test_parse_answer_target() -> None:
    assert parse_answer_target("80%/20s") == (0.8, 20.0)
    assert parse_answer_target("0.9/1m") == (0.9, 60.0)
    with pytest.raises(ValueError, match=r"^'80%' is not an answer target; write e\.g\. 80%/20s$"):
        parse_answer_target("80%")
    with pytest.raises(ValueError, match=r"^'20x' has an unknown unit"):
        parse_answer_target("80%/20x")
    with pytest.raises(ValueError, match=r"^None is not an answer target"):
        parse_answer_target(None)
