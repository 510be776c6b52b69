"""Typed local times: out of range refused before any overflow, DST gaps and overlaps refused
with what to type instead, and every accepted reading maps back to exactly what was typed."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.local_time import (
    LocalTimeError,
    check_day,
    local_instant,
    parse_local_time,
    readings,
    start_of_day,
)

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ZONES = sorted(zoneinfo.available_timezones())


def refused(text: str, zone: dt.tzinfo = NEW_YORK) -> str:
    with pytest.raises(LocalTimeError) as caught:
        parse_local_time(text, zone, NOW)
    return str(caught.value)


@pytest.mark.parametrize(
    "text", ["9999-12-31 23:59", "0001-01-01 00:00", "2030-01-01 10:00", "2024-06-01 10:00"]
)
def test_out_of_range_times_are_refused_clearly(text: str) -> None:
    message = refused(text)
    assert "too far" in message
    assert text in message


def test_an_offset_at_the_end_of_time_is_refused_without_overflow() -> None:
    assert "too far" in refused("9999-12-31 23:59+14:00")


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01 10:00", "2026-12-01 25:00", ""])
def test_unreadable_times_say_the_format(text: str) -> None:
    assert "YYYY-MM-DD HH:MM" in refused(text)


def test_a_plain_local_time_is_read_in_the_zone() -> None:
    assert parse_local_time("2026-12-10 19:30", NEW_YORK, NOW) == dt.datetime(
        2026, 12, 11, 0, 30, tzinfo=dt.UTC
    )


def test_a_time_in_the_spring_gap_is_refused_not_moved() -> None:
    message = refused("2027-03-14 02:30")
    assert "2027-03-14 02:30 does not exist in America/New_York" in message
    assert "skip 1 hour" in message


def test_a_time_in_the_autumn_overlap_shows_both_readings() -> None:
    message = refused("2027-11-07 01:30")
    assert "happens twice in America/New_York" in message
    assert "UTC-04:00 (EDT)" in message
    assert "UTC-05:00 (EST)" in message
    assert "`2027-11-07 01:30-04:00`" in message


def test_an_overlap_time_with_its_offset_is_taken_as_written() -> None:
    first = parse_local_time("2027-11-07 01:30-04:00", NEW_YORK, NOW)
    second = parse_local_time("2027-11-07 01:30-05:00", NEW_YORK, NOW)
    assert second - first == dt.timedelta(hours=1)


def test_lord_howe_half_hour_gap_is_named() -> None:
    # Lord Howe Island moves its clocks by 30 minutes.
    message = refused("2027-10-03 02:15", zoneinfo.ZoneInfo("Australia/Lord_Howe"))
    assert "skip 0.5 hours" in message


LOCAL = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 11, 30))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ZONES), LOCAL)
def test_an_accepted_time_is_the_only_instant_with_that_wall_time(
    name: str, local: dt.datetime
) -> None:
    zone = zoneinfo.ZoneInfo(name)
    local = local.replace(second=0, microsecond=0)
    text = local.strftime("%Y-%m-%d %H:%M")
    # Brute force: every instant within a day whose wall time in the zone is `local`.
    matches = set()
    start = (local - dt.timedelta(hours=27)).replace(tzinfo=dt.UTC)
    for step in range(54 * 4):
        instant = start + dt.timedelta(minutes=15 * step)
        if instant.astimezone(zone).replace(tzinfo=None) == local:
            matches.add(instant)
    if len(matches) == 1:
        assert parse_local_time(text, zone, NOW) in matches
        return
    with pytest.raises(LocalTimeError) as caught:
        parse_local_time(text, zone, NOW)
    assert ("does not exist" in str(caught.value)) == (not matches)
    assert ("happens twice" in str(caught.value)) == (len(matches) == 2)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ZONES), LOCAL)
def test_readings_round_trip(name: str, local: dt.datetime) -> None:
    zone = zoneinfo.ZoneInfo(name)
    for reading in readings(local, zone):
        assert reading.at.astimezone(zone).replace(tzinfo=None) == local


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_local_instant_applies_the_same_rule_to_a_date_and_time_typed_apart() -> None:
    with pytest.raises(LocalTimeError, match="does not exist in Europe/Berlin"):
        local_instant(dt.datetime(2027, 3, 28, 2, 30), BERLIN, NOW)
    with pytest.raises(LocalTimeError, match="`time: 02:30\\+01:00`"):
        local_instant(
            dt.datetime(2027, 10, 31, 2, 30),
            BERLIN,
            NOW,
            offset_hint=lambda local, offset: f"`time: {local:%H:%M}{offset}`",
        )
    typed = dt.datetime(2027, 10, 31, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert local_instant(typed, BERLIN, NOW) == dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2028, 1, 1)])
def test_a_day_out_of_range_is_refused(day: dt.date) -> None:
    with pytest.raises(LocalTimeError, match="too far"):
        check_day(day, NOW.date())


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_the_start_of_the_calendars_ends_is_refused_not_overflowed(day: dt.date) -> None:
    with pytest.raises(LocalTimeError, match="too far"):
        start_of_day(day, zoneinfo.ZoneInfo("Pacific/Kiritimati"))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(ZONES), st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))
)
def test_the_start_of_a_day_is_its_first_instant(name: str, day: dt.date) -> None:
    zone = zoneinfo.ZoneInfo(name)
    start = start_of_day(day, zone)
    assert start.astimezone(zone).date() == day
    assert (start - dt.timedelta(seconds=1)).astimezone(zone).date() < day
