"""The summary service without Discord: long threads, session threads from stored copies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import ReadingSessionRow
from bot.domain.summaries import summarize_thread
from bot.services.summaries.summarizing import OFF_LOOP_MESSAGES
from tests.domain.summaries.threads import pile_on_versus_many
from tests.services.summaries.conftest import make_services
from tests.support.settings import GUILD_ID


async def test_long_thread_summary_matches_the_inline_one(engine: AsyncEngine) -> None:
    messages = pile_on_versus_many() * 6
    assert len(messages) > OFF_LOOP_MESSAGES

    digest = await make_services(engine).summaries.summaries.summarize(GUILD_ID, messages)

    assert digest.summary == summarize_thread(messages)


async def test_session_summary_reads_the_stored_thread_messages(engine: AsyncEngine) -> None:
    services = make_services(engine)
    async with services.core.sessions.begin() as session:
        session.add(
            ReadingSessionRow(
                guild_id=GUILD_ID,
                number=1,
                starts_at=dt.datetime(2026, 12, 4, tzinfo=dt.UTC),
                document_id="doc",
                first_paragraph=0,
                last_paragraph=1,
                state="posted",
                thread_id=77,
            )
        )
    at = dt.datetime(2026, 12, 4, 1, tzinfo=dt.UTC)
    for message_id, (author, text) in enumerate(
        [(1, "Slates hide disagreement."), (2, "Slates hide disagreement from members.")], start=500
    ):
        await services.responses.record_thread_message(
            GUILD_ID, 77, message_id, author, f"m{author}", text, None, at
        )
    await services.responses.delete_message(501)

    digest = await services.summaries.summaries.summarize_session(GUILD_ID, 1)

    assert await services.summaries.summaries.session_thread(GUILD_ID, 77) == 1
    assert digest.summary.message_count == 1
    assert digest.summary.positions[0].statement.jump_url == (
        f"https://discord.com/channels/{GUILD_ID}/77/500"
    )
