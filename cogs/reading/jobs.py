"""Scheduled reading work on the Discord side: post sessions, remind, keep events, reveal.

Every send is exactly-once: the outbox records the intent first; if an earlier run stopped
between sending and recording, we look on Discord for the message (by its footer marker) and
adopt it instead of sending again (cogs/reading/delivery.py).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from functools import partial
from typing import TYPE_CHECKING

import discord

from bot.domain.reading.states import SessionState
from bot.scheduling import Job, RetryLater
from bot.services.reading.plan import EVENT, POST, REMIND, REVEAL
from bot.services.reading.posting import SessionPost
from bot.ui.format import ACCENT, NO_MENTIONS, timestamp
from bot.ui.outbox import outbox_nonce
from cogs.reading.delivery import Delivery
from cogs.reading.embeds import (
    excerpt_embeds,
    excerpt_marker,
    missed_notice,
    opening_text,
    prompts_embed,
    prompts_marker,
    reminder_embed,
    response_marker,
    responses_embeds,
    reveal_marker,
)
from cogs.reading.selfcheck import SelfCheck
from cogs.reading.views import read_view

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)


def markdown_file(post: SessionPost) -> discord.File:
    return discord.File(io.BytesIO(post.markdown.encode()), filename=f"session-{post.number}.md")


class ReadingJobs:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.delivery = Delivery(bot)
        self.selfcheck = SelfCheck(bot)

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

    # -- posting ---------------------------------------------------------------------------

    async def post_session(self, job: Job) -> None:
        number = int(job.payload["number"])
        state = await self.services.posting.session_state(job.guild_id, number)
        if state is not None and state.state is not SessionState.SCHEDULED:
            # Posted already, or held, removed or missed since this run was armed: only a
            # scheduled session is posted (bot/domain/reading/states.py).
            return
        post = await self.services.posting.session_post(job.guild_id, number)
        try:
            thread = await self.delivery.ensure_thread(post)
            if post.blind_first and not thread.locked:
                # Blind-first: members answer only through /respond until the reveal.
                await thread.edit(locked=True)
            reading_channel = await self.delivery.channel(post.reading_channel_id)
            if not isinstance(reading_channel, discord.ForumChannel):
                # A forum post carries the opening text already; a thread gets it as a message,
                # sent once like every other part (its content is its marker).
                opening = opening_text(post)
                await self.delivery.send_once(
                    post,
                    thread,
                    "opening",
                    opening,
                    partial(thread.send, opening, allowed_mentions=NO_MENTIONS),
                )
            for index in range(len(post.messages)):
                marker = excerpt_marker(number, index + 1, len(post.messages))
                await self.delivery.send_once(
                    post,
                    thread,
                    f"part{index + 1}",
                    marker,
                    partial(thread.send, embeds=excerpt_embeds(post, index)),
                )
            await self.delivery.send_once(
                post,
                thread,
                "prompts",
                prompts_marker(number),
                # A fresh File each attempt: a File's buffer is consumed by one send.
                lambda nonce: thread.send(
                    embed=prompts_embed(post),
                    file=markdown_file(post),
                    view=read_view(number),
                    nonce=nonce,
                ),
            )
        except (discord.HTTPException, RetryLater) as exc:
            await self.selfcheck.run(job.guild_id)  # organizers hear what is wrong, and the fix
            raise RetryLater(f"posting session {number}: {exc}") from exc
        await self.services.posting.mark_posted(job.guild_id, number, thread.id)

    async def missed_post(self, job: Job) -> None:
        number = int(job.payload["number"])
        state = await self.services.posting.session_state(job.guild_id, number)
        if state is not None and state.posted:
            return  # posted after all (a late post): never "missed" afterwards
        if state is None or state.state is not SessionState.MISSED:  # not on a rerun
            await self.services.posting.mark_missed(job.guild_id, number)
        guild = self.services.settings.guild(job.guild_id)
        if guild is None:
            return
        post = await self.services.posting.session_post(job.guild_id, number)
        channel = await self.delivery.channel(guild.channels.announcements)
        assert isinstance(channel, discord.abc.Messageable)
        await channel.send(missed_notice(post), allowed_mentions=NO_MENTIONS)

    # -- reminders -------------------------------------------------------------------------

    async def remind(self, job: Job) -> None:
        number, hours = int(job.payload["number"]), float(job.payload["hours"])
        post = await self.services.posting.session_post(job.guild_id, number)
        closed_dms: list[int] = []
        for member_id in await self.services.reminders.recipients(job.guild_id):
            key = f"remind:{job.guild_id}:{number}:{hours:g}:{member_id}"
            # At most once: a reminder lost in a crash beats a duplicate in someone's DMs.
            if await self.services.outbox.step(key) is not None:
                continue
            await self.services.outbox.begin(job.guild_id, key, None)
            try:
                user = self.bot.get_user(member_id) or await self.bot.fetch_user(member_id)
                message = await user.send(
                    embed=reminder_embed(post, hours), nonce=outbox_nonce(key)
                )
                await self.services.outbox.complete(key, message.id, message.channel.id)
            except discord.Forbidden:
                closed_dms.append(member_id)
        if closed_dms:
            channel = await self.delivery.channel(post.reading_channel_id)
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
        undated = not state.state.is_dated
        if undated or (existing is not None and job.payload.get("recreate")):
            if existing is not None and existing.status is discord.EventStatus.scheduled:
                await existing.cancel()
            await self.services.posting.set_event(job.guild_id, number, None)
            if undated:
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
        await self.services.posting.set_event(job.guild_id, number, event.id)

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
        if state is None or state.thread_id is None:
            return
        try:
            thread = await self.delivery.channel(state.thread_id)
        except RetryLater:
            if not waiting:
                return  # the thread is gone and nothing waits to be posted in it
            raise
        assert isinstance(thread, discord.Thread)
        if thread.locked:
            await thread.edit(locked=False)  # the reveal opens the thread for discussion
        if not waiting:
            return
        count = len(waiting)
        header = discord.Embed(
            title=f"{count} response{'s' if count != 1 else ''}, revealed together",
            description="Blind-first: nobody saw another's answer before writing their own.",
            colour=ACCENT,
        )
        header.set_footer(text=reveal_marker(number))
        await self.delivery.send_marked(
            job.guild_id,
            f"reveal:{job.guild_id}:{number}",
            thread,
            reveal_marker(number),
            partial(thread.send, embed=header, allowed_mentions=NO_MENTIONS),
        )
        for response in waiting:
            [embed] = responses_embeds([response], "Response")
            embed.set_footer(text=response_marker(response.id))
            message_id = await self.delivery.send_marked(
                job.guild_id,
                f"response:{response.id}",
                thread,
                response_marker(response.id),
                partial(thread.send, embed=embed, allowed_mentions=NO_MENTIONS),
            )
            await self.services.responses.attach_message(response.id, thread.id, message_id)
