"""The automatic summary posted into a session thread when the session closes (the
``reading.close`` job, due just before the next week's session). Exactly-once like the session
post: each message's intent is recorded first, and a retry adopts a message already sent."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import discord

from bot.scheduling import Job, RetryLater
from bot.services.reading.plan import CLOSE
from bot.ui.format import NO_MENTIONS
from bot.ui.outbox import outbox_nonce
from cogs.summaries.embeds import summary_messages

if TYPE_CHECKING:
    from bot.app import CaucusBot

CLOSE_GRACE = dt.timedelta(days=3)  # a summary posted a little late is still worth reading


def summary_marker(number: int, part: int, parts: int) -> str:
    return f"Caucus · session {number} · summary {part}/{parts}"


class SummaryJobs:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    def register(self) -> None:
        self.services.scheduler.register(CLOSE, self.close_session, grace=CLOSE_GRACE)

    async def close_session(self, job: Job) -> None:
        number = int(job.payload["number"])
        summaries = self.services.summaries.summaries
        if not await summaries.auto_summary_wanted(job.guild_id):
            return
        state = await self.services.posting.session_state(job.guild_id, number)
        if state is None or not state.posted or state.thread_id is None:
            return
        digest = await summaries.summarize_session(job.guild_id, number)
        if digest.is_empty:
            return
        try:
            thread = self.bot.get_channel(state.thread_id) or await self.bot.fetch_channel(
                state.thread_id
            )
            assert isinstance(thread, discord.Thread)
            parts = summary_messages(digest, f"Session {number}: the discussion in summary")
            for index, embeds in enumerate(parts, start=1):
                marker = summary_marker(number, index, len(parts))
                embeds[-1].set_footer(text=marker)
                key = f"summary:{job.guild_id}:{number}:part{index}"
                await self._send_once(job.guild_id, thread, key, marker, embeds)
        except discord.HTTPException as exc:
            raise RetryLater(f"posting the summary of session {number}: {exc}") from exc

    async def _send_once(
        self,
        guild_id: int,
        thread: discord.Thread,
        key: str,
        marker: str,
        embeds: list[discord.Embed],
    ) -> None:
        outbox = self.services.outbox
        entry = await outbox.step(key)
        if entry is not None and entry.sent:
            return
        if entry is not None:
            found = await self._find_marked(thread, marker)
            if found is not None:
                await outbox.complete(key, found.id, thread.id)
                return
        await outbox.begin(guild_id, key, thread.id)
        message = await thread.send(
            embeds=embeds, allowed_mentions=NO_MENTIONS, nonce=outbox_nonce(key)
        )
        await outbox.complete(key, message.id, thread.id)

    async def _find_marked(self, thread: discord.Thread, marker: str) -> discord.Message | None:
        me = self.bot.user.id if self.bot.user else None
        async for message in thread.history(limit=100):
            if message.author.id == me and any(e.footer.text == marker for e in message.embeds):
                return message
        return None
