"""Exactly-once sending for the reading jobs: session threads and the messages in them.

The outbox records the intent first; if an earlier run stopped between sending and recording,
we look on Discord for the message (by its footer marker) or the thread (by its name) and adopt
it instead of sending again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord

from bot.scheduling import RetryLater
from bot.services.reading.posting import SessionPost
from bot.ui.format import NO_MENTIONS
from bot.ui.outbox import Send, outbox_nonce
from cogs.reading.embeds import opening_text

if TYPE_CHECKING:
    from bot.app import CaucusBot

WEEK_ARCHIVE_MINUTES: Literal[10080] = 10080  # the longest auto-archive window Discord offers


class Delivery:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    async def channel(self, channel_id: int) -> discord.abc.GuildChannel | discord.Thread:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                fetched = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise RetryLater(f"channel {channel_id} unavailable: {exc}") from exc
            channel = fetched
        assert isinstance(channel, discord.abc.GuildChannel | discord.Thread)
        return channel

    async def ensure_thread(self, post: SessionPost) -> discord.Thread:
        outbox, key = self.services.outbox, post.key("thread")
        entry = await outbox.step(key)
        if entry is not None and entry.sent:
            thread = await self.channel(entry.message_id or 0)
            assert isinstance(thread, discord.Thread)
            return thread
        channel = await self.channel(post.reading_channel_id)
        if entry is not None:  # begun earlier, outcome unknown: look before creating again
            found = await self.find_thread(channel, post.thread_name)
            if found is not None:
                await outbox.complete(key, found.id, found.id)
                return found
        await outbox.begin(post.guild_id, key, channel.id)
        if isinstance(channel, discord.ForumChannel):
            created = await channel.create_thread(
                name=post.thread_name,
                auto_archive_duration=WEEK_ARCHIVE_MINUTES,
                content=opening_text(post),
                allowed_mentions=NO_MENTIONS,
            )
            thread = created.thread
        elif isinstance(channel, discord.TextChannel):
            thread = await channel.create_thread(
                name=post.thread_name,
                auto_archive_duration=WEEK_ARCHIVE_MINUTES,
                type=discord.ChannelType.public_thread,
            )
        else:
            raise RetryLater(f"reading channel {channel.id} is neither a text nor a forum channel")
        await outbox.complete(key, thread.id, thread.id)
        return thread

    async def find_thread(
        self, channel: discord.abc.GuildChannel | discord.Thread, name: str
    ) -> discord.Thread | None:
        threads = list(getattr(channel, "threads", []))
        if not threads and isinstance(channel, discord.TextChannel | discord.ForumChannel):
            threads = [t for t in await channel.guild.active_threads() if t.parent_id == channel.id]
        me = self.bot.user.id if self.bot.user else None
        return next((t for t in threads if t.name == name and t.owner_id == me), None)

    async def send_once(
        self,
        post: SessionPost,
        thread: discord.Thread,
        step: str,
        marker: str,
        send: Send,
    ) -> None:
        await self.send_marked(post.guild_id, post.key(step), thread, marker, send)

    async def send_marked(
        self,
        guild_id: int,
        key: str,
        thread: discord.Thread,
        marker: str,
        send: Send,
    ) -> int:
        """Send once: the outbox row is written first; a row left without a message id means
        an earlier run may have sent, so look for the message's footer marker before sending.
        Returns the message id."""
        outbox = self.services.outbox
        entry = await outbox.step(key)
        if entry is not None and entry.message_id is not None:
            return entry.message_id
        if entry is not None:
            found = await self.find_marked(thread, marker)
            if found is not None:
                await outbox.complete(key, found.id, thread.id)
                return found.id
        await outbox.begin(guild_id, key, thread.id)
        message = await send(nonce=outbox_nonce(key))  # Discord drops a stalled twin's send
        await outbox.complete(key, message.id, thread.id)
        return message.id

    async def find_marked(self, thread: discord.Thread, marker: str) -> discord.Message | None:
        me = self.bot.user.id if self.bot.user else None
        async for message in thread.history(limit=100):
            if message.author.id != me:
                continue
            if message.content == marker or any(e.footer.text == marker for e in message.embeds):
                return message
        return None
