"""Where the messages of a summary come from: the stored copies of a session thread, and the
``since`` a member gives (a date, a message link or a message id)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.db import reading as sessions_repo
from bot.db import responses as responses_repo
from bot.db.responses import Response
from bot.domain.local_time import LocalTimeError, check_day, start_of_day
from bot.domain.summaries import ThreadMessage
from bot.errors import UserError
from bot.services.core import Core

DISCORD_EPOCH_MS = 1_420_070_400_000
_MESSAGE_LINK = re.compile(r"https://(?:\w+\.)?discord(?:app)?\.com/channels/\d+/\d+/(\d+)")


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def snowflake_time(snowflake: int) -> dt.datetime:
    """When Discord created the object with this id (the top bits are milliseconds)."""
    return dt.datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=dt.UTC)


@dataclass(frozen=True)
class Since:
    """The start of the part of a thread to summarise: after a message, or from a moment."""

    after_message_id: int | None = None
    moment: dt.datetime | None = None

    @property
    def start(self) -> dt.datetime | None:
        if self.after_message_id is not None:
            return snowflake_time(self.after_message_id)
        return self.moment


def parse_since(text: str, zone: ZoneInfo, now: dt.datetime | None = None) -> Since:
    """``2026-12-03`` (the start of that day in the guild's zone: bot.domain.local_time), a
    message link, or a message id. A date further than a year from ``now`` is refused."""
    text = text.strip()
    if link := _MESSAGE_LINK.fullmatch(text):
        return Since(after_message_id=int(link.group(1)))
    if text.isdigit() and len(text) >= 15:
        return Since(after_message_id=int(text))
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"{text!r} is neither a date (YYYY-MM-DD) nor a message link or id."
        ) from None
    try:
        if now is not None:
            check_day(day, now.astimezone(zone).date(), text)
        return Since(moment=start_of_day(day, zone))
    except LocalTimeError as error:
        raise UserError(str(error)) from None


class ThreadSources:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def session_for_thread(self, guild_id: int, thread_id: int) -> int | None:
        """The number of the reading session whose thread this is, if any."""
        async with self.core.sessions() as session:
            stored = await sessions_repo.of_thread(session, guild_id, thread_id)
        return stored.number if stored is not None else None

    async def session_speakers(self, guild_id: int, number: int) -> frozenset[int]:
        """Members who wrote in the session (thread messages and /respond answers)."""
        async with self.core.sessions() as session:
            return await responses_repo.speakers(session, guild_id, number)

    async def session_messages(
        self, guild_id: int, number: int, since: Since | None = None
    ) -> list[ThreadMessage]:
        """The session's visible responses in order. Deleted messages are gone from the table,
        edits are applied; answers still hidden (blind-first) are left out."""
        async with self.core.sessions() as session:
            rows = await responses_repo.for_session(session, guild_id, number)
        return [_thread_message(row) for row in rows if _after(row, since)]


def _after(row: Response, since: Since | None) -> bool:
    if since is None:
        return True
    if since.after_message_id is not None and row.message_id is not None:
        return row.message_id > since.after_message_id
    start = since.start
    return start is None or row.created_at >= start


def _thread_message(row: Response) -> ThreadMessage:
    url = None
    if row.channel_id is not None and row.message_id is not None:
        url = jump_url(row.guild_id, row.channel_id, row.message_id)
    return ThreadMessage(
        id=str(row.message_id) if row.message_id is not None else f"r{row.id}",
        author_id=str(row.author_id),
        author_name=row.author_name,
        text=row.content,
        created_at=row.created_at,
        reply_to_id=str(row.reply_to_id) if row.reply_to_id is not None else None,
        jump_url=url,
    )
