"""Summary consent, and the `since` a member gives to /summarize."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import UserError
from bot.services.summaries.sources import parse_since, snowflake_time
from tests.domain.summaries.threads import pile_on_versus_many
from tests.services.summaries.conftest import make_services, member
from tests.services.summaries.test_llm import numeric_ids
from tests.support.settings import GUILD_ID

NEW_YORK = ZoneInfo("America/New_York")


async def test_opting_out_and_back_in(engine: AsyncEngine) -> None:
    privacy = make_services(engine).summaries.privacy

    await privacy.set_summaries(member(7), included=False)
    await privacy.set_summaries(member(7), included=False)  # twice is harmless
    assert await privacy.opted_out(GUILD_ID) == {7}

    await privacy.set_summaries(member(7), included=True)
    assert await privacy.opted_out(GUILD_ID) == frozenset()


async def test_opted_out_member_is_neither_quoted_nor_counted(engine: AsyncEngine) -> None:
    services = make_services(engine)
    messages = numeric_ids(pile_on_versus_many())
    ana = next(m.author_id for m in messages if m.author_name == "Ana")
    await services.summaries.privacy.set_summaries(member(int(ana)), included=False)

    digest = await services.summaries.summaries.summarize(GUILD_ID, messages)

    assert [p.people for p in digest.summary.positions[:2]] == [7, 2]
    assert ana not in {s.author_id for s in digest.summary.participation}
    assert digest.summary.people_count == 9


def test_since_a_date_starts_at_local_midnight() -> None:
    since = parse_since("2026-12-03", NEW_YORK)

    assert since.moment == dt.datetime(2026, 12, 3, 5, 0, tzinfo=dt.UTC)
    assert since.after_message_id is None


NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2029-01-01"])
def test_since_a_date_out_of_range_is_refused_clearly(date: str) -> None:
    """9999-12-31 used to overflow converting its midnight to UTC."""
    with pytest.raises(UserError, match="too far"):
        parse_since(date, NEW_YORK, NOW)


def test_since_the_last_day_of_the_calendar_never_overflows_even_without_now() -> None:
    with pytest.raises(UserError, match="too far"):
        parse_since("9999-12-31", NEW_YORK)


def test_since_a_day_whose_midnight_the_clocks_skip_starts_when_the_day_does() -> None:
    """Santiago skips from 00:00 to 01:00 on 2027-09-05: the day starts at the jump."""
    santiago = ZoneInfo("America/Santiago")
    since = parse_since("2027-09-05", santiago, NOW)

    assert since.moment == dt.datetime(2027, 9, 5, 4, 0, tzinfo=dt.UTC)
    assert since.moment.astimezone(santiago).replace(tzinfo=None) == dt.datetime(2027, 9, 5, 1)


def test_since_a_day_whose_midnight_happens_twice_starts_at_the_first() -> None:
    """Havana goes back from 01:00 to 00:00 on 2027-11-07: the day starts at the first 00:00."""
    since = parse_since("2027-11-07", ZoneInfo("America/Havana"), NOW)

    assert since.moment == dt.datetime(2027, 11, 7, 4, 0, tzinfo=dt.UTC)


def test_since_a_day_of_a_berlin_change_starts_at_its_midnight() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert parse_since("2027-03-28", berlin, NOW).moment == dt.datetime(
        2027, 3, 27, 23, 0, tzinfo=dt.UTC
    )
    assert parse_since("2027-10-31", berlin, NOW).moment == dt.datetime(
        2027, 10, 30, 22, 0, tzinfo=dt.UTC
    )


def test_since_a_message_link_or_id() -> None:
    link = "https://discord.com/channels/1/2/1456074443980800027"

    assert parse_since(link, NEW_YORK).after_message_id == 1456074443980800027
    assert parse_since("1456074443980800027", NEW_YORK).after_message_id == 1456074443980800027


def test_since_anything_else_is_refused() -> None:
    with pytest.raises(UserError, match="neither a date"):
        parse_since("last tuesday", NEW_YORK)


def test_snowflake_time_reads_discords_epoch() -> None:
    assert snowflake_time(175928847299117063) == dt.datetime(
        2016, 4, 30, 11, 18, 25, 796000, tzinfo=dt.UTC
    )
