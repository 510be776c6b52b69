"""Scheduled reading work on the Discord side: post sessions, remind, keep events, reveal.

Every send is exactly-once: the outbox records the intent first; if an earlier run stopped
between sending and recording, we look on Discord for the message (by its footer marker) and
adopt it instead of sending again.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Literal

import discord

from bot.scheduling import Job, RetryLater
from bot.services.reading.plan import EVENT, POST, REMIND, REVEAL
from bot.services.reading.posting import SessionPost
from bot.ui.format import ACCENT, NO_MENTIONS, timestamp
from cogs.reading.embeds import (
    excerpt_embeds,
    excerpt_marker,
    opening_text,
    prompts_embed,
    prompts_marker,
    reminder_embed,
    response_marker,
    responses_embeds,
    reveal_marker,
)

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)
WEEK_ARCHIVE_MINUTES: Literal[10080] = 10080  # the longest auto-archive window Discord offers


def markdown_file(post: SessionPost) -> discord.File:
    return discord.File(io.BytesIO(post.markdown.encode()), filename=f"session-{post.number}.md")


class ReadingJobs:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    def register(self) -> None:
        scheduler = self.services.scheduler
        scheduler.register(POST, self.post_session, grace=self._grace, on_missed=self.missed_post)
        scheduler.register(REMIND, self.remind, grace=dt.timedelta(hours=1))
        scheduler.register(EVENT, self.sync_event, grace=dt.timedelta(days=30))
        scheduler.register(REVEAL, self.reveal, grace=dt.timedelta(days=30))

    def _grace(self, job: Job) -> dt.timedelta:
        guild = self.services.settings.guild(job.guild_id)
        hours = guild.reading.grace_period_hours if guild else 6.0
        return dt.timedelta(hours=hours)

    async def _channel(self, channel_id: int) -> discord.abc.GuildChannel | discord.Thread:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                fetched = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise RetryLater(f"channel {channel_id} unavailable: {exc}") from exc
            channel = fetched
        assert isinstance(channel, discord.abc.GuildChannel | discord.Thread)
        return channel

    # -- posting ---------------------------------------------------------------------------

    async def post_session(self, job: Job) -> None:
        number = int(job.payload["number"])
        state = await self.services.posting.session_state(job.guild_id, number)
        if state is not None and state.state == "posted":
            return
        post = await self.services.posting.session_post(job.guild_id, number)
        try:
            thread = await self._ensure_thread(post)
            if not isinstance(await self._channel(post.reading_channel_id), discord.ForumChannel):
                # A forum post carries the opening text already; a thread gets it as a message,
                # sent once like every other part (its content is its marker).
                opening = opening_text(post)
                await self._send_once(
                    post,
                    thread,
                    "opening",
                    opening,
                    partial(thread.send, opening, allowed_mentions=NO_MENTIONS),
                )
            for index in range(len(post.messages)):
                marker = excerpt_marker(number, index + 1, len(post.messages))
                await self._send_once(
                    post,
                    thread,
                    f"part{index + 1}",
                    marker,
                    partial(thread.send, embeds=excerpt_embeds(post, index)),
                )
            await self._send_once(
                post,
                thread,
                "prompts",
                prompts_marker(number),
                # A fresh File each attempt: a File's buffer is consumed by one send.
                lambda: thread.send(embed=prompts_embed(post), file=markdown_file(post)),
            )
        except discord.HTTPException as exc:
            raise RetryLater(f"posting session {number}: {exc}") from exc
        await self.services.posting.mark(
            job.guild_id,
            number,
            state="posted",
            thread_id=thread.id,
            posted_at=self.services.clock.now(),
        )

    async def _ensure_thread(self, post: SessionPost) -> discord.Thread:
        posting, key = self.services.posting, post.key("thread")
        entry = await posting.step(key)
        if entry is not None and entry.sent:
            thread = await self._channel(entry.message_id or 0)
            assert isinstance(thread, discord.Thread)
            return thread
        channel = await self._channel(post.reading_channel_id)
        if entry is not None:  # begun earlier, outcome unknown: look before creating again
            found = await self._find_thread(channel, post.thread_name)
            if found is not None:
                await posting.complete(key, found.id, found.id)
                return found
        await posting.begin(post.guild_id, key, channel.id)
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
        await posting.complete(key, thread.id, thread.id)
        return thread

    async def _find_thread(
        self, channel: discord.abc.GuildChannel | discord.Thread, name: str
    ) -> discord.Thread | None:
        threads = list(getattr(channel, "threads", []))
        if not threads and isinstance(channel, discord.TextChannel | discord.ForumChannel):
            threads = [t for t in await channel.guild.active_threads() if t.parent_id == channel.id]
        me = self.bot.user.id if self.bot.user else None
        return next((t for t in threads if t.name == name and t.owner_id == me), None)

    async def _send_once(
        self,
        post: SessionPost,
        thread: discord.Thread,
        step: str,
        marker: str,
        send: Callable[[], Awaitable[discord.Message]],
    ) -> None:
        await self._send_marked(post.guild_id, post.key(step), thread, marker, send)

    async def _send_marked(
        self,
        guild_id: int,
        key: str,
        thread: discord.Thread,
        marker: str,
        send: Callable[[], Awaitable[discord.Message]],
    ) -> int:
        """Send once: the outbox row is written first; a row left without a message id means
        an earlier run may have sent, so look for the message's footer marker before sending.
        Returns the message id."""
        posting = self.services.posting
        entry = await posting.step(key)
        if entry is not None and entry.message_id is not None:
            return entry.message_id
        if entry is not None:
            found = await self._find_marked(thread, marker)
            if found is not None:
                await posting.complete(key, found.id, thread.id)
                return found.id
        await posting.begin(guild_id, key, thread.id)
        message = await send()
        await posting.complete(key, message.id, thread.id)
        return message.id

    async def _find_marked(self, thread: discord.Thread, marker: str) -> discord.Message | None:
        me = self.bot.user.id if self.bot.user else None
        async for message in thread.history(limit=100):
            if message.author.id != me:
                continue
            if message.content == marker or any(e.footer.text == marker for e in message.embeds):
                return message
        return None

    async def missed_post(self, job: Job) -> None:
        number = int(job.payload["number"])
        await self.services.posting.mark(job.guild_id, number, state="missed")
        guild = self.services.settings.guild(job.guild_id)
        if guild is None:
            return
        channel = await self._channel(guild.channels.announcements)
        assert isinstance(channel, discord.abc.Messageable)
        await channel.send(
            f"Reading session {number} was due {timestamp(job.due_at)} while Caucus was offline "
            "for longer than the grace period, so it was not posted late. Its text is available "
            f"with `/reading excerpt`.",
            allowed_mentions=NO_MENTIONS,
        )

    # -- reminders -------------------------------------------------------------------------

    async def remind(self, job: Job) -> None:
        number, hours = int(job.payload["number"]), float(job.payload["hours"])
        post = await self.services.posting.session_post(job.guild_id, number)
        closed_dms: list[int] = []
        for member_id in await self.services.reminders.recipients(job.guild_id):
            key = f"remind:{job.guild_id}:{number}:{hours:g}:{member_id}"
            # At most once: a reminder lost in a crash beats a duplicate in someone's DMs.
            if await self.services.posting.step(key) is not None:
                continue
            await self.services.posting.begin(job.guild_id, key, None)
            try:
                user = self.bot.get_user(member_id) or await self.bot.fetch_user(member_id)
                message = await user.send(embed=reminder_embed(post, hours))
                await self.services.posting.complete(key, message.id, message.channel.id)
            except discord.Forbidden:
                closed_dms.append(member_id)
        if closed_dms:
            channel = await self._channel(post.reading_channel_id)
            assert isinstance(channel, discord.abc.Messageable)
            mentions = " ".join(f"<@{member_id}>" for member_id in closed_dms)
            await channel.send(
                f"{mentions} reading session {number} starts {timestamp(post.starts_at, 'R')} "
                "(your DMs are closed, so the reminder is here).",
                allowed_mentions=discord.AllowedMentions(users=True, everyone=False, roles=False),
            )

    # -- scheduled events ------------------------------------------------------------------

    async def sync_event(self, job: Job) -> None:
        number = int(job.payload["number"])
        state = await self.services.posting.session_state(job.guild_id, number)
        guild = self.bot.get_guild(job.guild_id)
        if state is None or guild is None:
            return
        existing = guild.get_scheduled_event(state.event_id) if state.event_id else None
        if state.state == "held" or (existing is not None and job.payload.get("recreate")):
            if existing is not None and existing.status is discord.EventStatus.scheduled:
                await existing.cancel()
            await self.services.posting.mark(job.guild_id, number, event_id=None)
            if state.state == "held":
                return
            existing = None
        post = await self.services.posting.session_post(job.guild_id, number)
        if existing is not None:
            if existing.start_time != post.starts_at:
                await existing.edit(start_time=post.starts_at, end_time=post.ends_at)
            return
        if post.starts_at <= self.services.clock.now():
            return
        event = await self._create_event(guild, post)
        await self.services.posting.mark(job.guild_id, number, event_id=event.id)

    async def _create_event(
        self, guild: discord.Guild, post: SessionPost
    ) -> discord.ScheduledEvent:
        description = (
            f"Reading {post.document_title} by {post.document_author} "
            f"({post.words:,} words). Discussion in the session thread."
        )
        channel = guild.get_channel(post.events_channel_id) if post.events_channel_id else None
        if isinstance(channel, discord.VoiceChannel | discord.StageChannel):
            return await guild.create_scheduled_event(
                name=post.thread_name,
                start_time=post.starts_at,
                end_time=post.ends_at,
                channel=channel,
                description=description,
                privacy_level=discord.PrivacyLevel.guild_only,
            )
        return await guild.create_scheduled_event(
            name=post.thread_name,
            start_time=post.starts_at,
            end_time=post.ends_at,
            entity_type=discord.EntityType.external,
            location=post.event_location or "See the reading channel",
            description=description,
            privacy_level=discord.PrivacyLevel.guild_only,
        )

    # -- blind-first reveal ----------------------------------------------------------------

    async def reveal(self, job: Job) -> None:
        """Post the blind-first answers together, one message each, every one exactly once
        (a retry after a failure posts only what is still missing)."""
        number = int(job.payload["number"])
        state = await self.services.posting.session_state(job.guild_id, number)
        await self.services.responses.reveal(job.guild_id, number)
        waiting = await self.services.responses.unposted_answers(job.guild_id, number)
        if not waiting or state is None or state.thread_id is None:
            return
        thread = await self._channel(state.thread_id)
        assert isinstance(thread, discord.Thread)
        count = len(waiting)
        header = discord.Embed(
            title=f"{count} response{'s' if count != 1 else ''}, revealed together",
            description="Blind-first: nobody saw another's answer before writing their own.",
            colour=ACCENT,
        )
        header.set_footer(text=reveal_marker(number))
        await self._send_marked(
            job.guild_id,
            f"reveal:{job.guild_id}:{number}",
            thread,
            reveal_marker(number),
            partial(thread.send, embed=header, allowed_mentions=NO_MENTIONS),
        )
        for response in waiting:
            [embed] = responses_embeds([response], "Response")
            embed.set_footer(text=response_marker(response.id))
            message_id = await self._send_marked(
                job.guild_id,
                f"response:{response.id}",
                thread,
                response_marker(response.id),
                partial(thread.send, embed=embed, allowed_mentions=NO_MENTIONS),
            )
            await self.services.responses.attach_message(response.id, thread.id, message_id)
