"""Scheduled vote work on the Discord side: open (freeze the roll, Q&A threads, announce),
remind those who have not voted, close (result, chart, ballot file).

Every message goes through the outbox (bot/ui/outbox.py): the intent is recorded before the
send, and a rerun after a crash or a database error between the send and its record finds the
message already sent (by its title, its Vote button or its exact text) instead of sending it
again. Reminder DMs go at most once per member and reminder.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial
from typing import TYPE_CHECKING, Literal

import discord

from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import NominationStatus
from bot.errors import UserError
from bot.scheduling import Job, RetryLater
from bot.services.actors import guild_settings
from bot.services.voting.records import (
    CLOSE_JOB,
    OPEN_JOB,
    REMIND_JOB,
    CandidateInfo,
    VoteInfo,
)
from bot.services.voting.teller_records import COUNT_JOB, DEADLINE_JOB, TellersMissing
from bot.ui.charts import count_chart
from bot.ui.format import NO_MENTIONS, clip, jump_url, timestamp
from bot.ui.outbox import Sender, with_button, with_text, with_title
from cogs.votes.checked_in import say_checked_in_roll
from cogs.votes.common import outbox_key
from cogs.votes.embeds import announcement_embed, result_embed
from cogs.votes.roll import take_roll
from cogs.votes.teller_notices import TellerNotices
from cogs.votes.views import announcement_view

if TYPE_CHECKING:
    from bot.app import CaucusBot

THREAD_NAME_LIMIT = 100
WEEK_ARCHIVE_MINUTES: Literal[10080] = 10080
CHART_NAME = "count.png"


def reminder_subject(job: Job) -> str:
    return f"vote-reminder:{job.guild_id}:{job.payload['vote_id']}"


def result_files(info: VoteInfo, chart: bytes | None) -> list[discord.File]:
    files = []
    if chart is not None:
        files.append(discord.File(io.BytesIO(chart), filename=CHART_NAME))
    if info.published is not None:
        name = f"vote-{info.id}-ballots.{info.published.extension}"
        files.append(discord.File(io.BytesIO(info.published.text.encode()), filename=name))
    return files


def vote_button_id(view: discord.ui.View) -> str:
    """The custom id of the announcement's Vote button: the mark of the announcement."""
    [button] = [getattr(item, "custom_id", "") for item in view.children]
    return str(button)


def discord_cause(exc: discord.HTTPException) -> str:
    if isinstance(exc, discord.Forbidden):
        return "Caucus is not allowed to post in the votes channel (check its permissions there)"
    if isinstance(exc, discord.NotFound):
        return "the votes channel or a message in it no longer exists"
    return "Discord kept refusing the message"


class VoteJobs:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.sender = Sender(bot.services.outbox, lambda: bot.user.id if bot.user else None)
        self.tellers = TellerNotices(bot, self.sender, self._votes_channel)

    def register(self) -> None:
        scheduler = self.services.scheduler
        scheduler.register(OPEN_JOB, self.on_open, grace=dt.timedelta(days=60))
        scheduler.register(CLOSE_JOB, self.on_close, grace=dt.timedelta(days=365))
        # Its own subject: a long DM run never holds up the vote's opening or close.
        scheduler.register(
            REMIND_JOB, self.on_remind, grace=dt.timedelta(hours=2), subject=reminder_subject
        )
        scheduler.register(DEADLINE_JOB, self.on_close, grace=dt.timedelta(days=365))
        scheduler.register(COUNT_JOB, self.on_close, grace=dt.timedelta(days=365))

    async def _votes_channel(self, guild_id: int) -> discord.TextChannel:
        channel_id = guild_settings(self.services.settings, guild_id).channels.votes
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise RetryLater(
                    f"votes channel {channel_id} unavailable: {exc}",
                    cause="the configured votes channel is missing or Caucus cannot see it",
                ) from exc
        if not isinstance(channel, discord.TextChannel):
            raise RetryLater(
                f"votes channel {channel_id} is not a text channel",
                cause="the configured votes channel is not a text channel",
            )
        return channel

    # -- opening ---------------------------------------------------------------------------

    async def on_open(self, job: Job) -> None:
        await self.open_vote(job.guild_id, int(job.payload["vote_id"]))

    async def open_vote(self, guild_id: int, vote_id: int) -> VoteInfo:
        votes = self.services.voting.votes
        info = await votes.get(guild_id, vote_id)
        if info.state.is_final:
            return info
        if info.state is not VoteState.OPEN:
            guild = self.bot.get_guild(guild_id)
            if guild is None:
                raise RetryLater(
                    f"guild {guild_id} is not available",
                    cause="Discord did not tell Caucus about the server yet",
                )
            member_role = guild_settings(self.services.settings, guild_id).roles.member
            try:
                # A convention's vote: its roll is the check-in list, taken now and frozen.
                checked_in = await self.services.conventions.roll_for(guild_id, vote_id)
                if checked_in is not None:
                    info = await votes.open(guild_id, vote_id, checked_in)
                else:
                    roll = await take_roll(guild, info, member_role)  # waits for the members
                    info = await votes.open(guild_id, vote_id, roll.member_ids, roll.roles)
            except TellersMissing as missing:  # it opens once the last teller is named
                await self.tellers.cannot_open_yet(guild_id, vote_id, missing)
                return await votes.get(guild_id, vote_id)
            except UserError as refusal:  # e.g. an election nobody stood for
                info = await votes.abandon(guild_id, vote_id, refusal.message)
                channel = await self._votes_channel(guild_id)
                notice = (
                    f"Vote #{vote_id} ({clip(info.title, 100)}) could not open: "
                    f"{refusal.message} It has been cancelled."
                )
                await self.sender.send_once(
                    guild_id,
                    outbox_key(vote_id, "not-opened"),
                    channel,
                    partial(channel.send, notice, allowed_mentions=NO_MENTIONS),
                    with_text(notice),
                )
                return info
        if info.message_id is None:
            await self._announce(info)
        return await votes.get(guild_id, vote_id)

    async def _announce(self, info: VoteInfo) -> None:
        channel = await self._votes_channel(info.guild_id)
        candidates: list[CandidateInfo] = []
        if info.kind is VoteKind.ELECTION:
            candidates = await self._candidate_threads(channel, info)
        embed = announcement_embed(info, candidates)
        if await self.services.conventions.roll_for(info.guild_id, info.id) is not None:
            say_checked_in_roll(embed, info)
        # docs/secret-ballots.md, "Tellers"
        tellers = await self.tellers.announcement_parts(info, embed)
        button = announcement_view(info.id)
        try:
            message_id = await self.sender.send_once(
                info.guild_id,
                outbox_key(info.id, "announcement"),
                channel,
                lambda nonce: channel.send(
                    embed=embed,
                    view=announcement_view(info.id),
                    allowed_mentions=NO_MENTIONS,
                    files=self.tellers.dealing_files(tellers),  # new File objects on every attempt
                    nonce=nonce,
                ),
                with_button(vote_button_id(button)),
            )
        except discord.HTTPException as exc:
            raise RetryLater(f"announcing vote {info.id}: {exc}", cause=discord_cause(exc)) from exc
        await self.services.voting.votes.set_announcement(
            info.id, channel_id=channel.id, message_id=message_id
        )

    async def _candidate_threads(
        self, channel: discord.TextChannel, info: VoteInfo
    ) -> list[CandidateInfo]:
        """One Q&A thread per candidate, opened with their statement (once each)."""
        nominations = self.services.voting.nominations
        candidates = await nominations.candidates(info.guild_id, info.id)
        for candidate in candidates:
            if candidate.status is not NominationStatus.ACCEPTED or candidate.thread_id:
                continue
            name = clip(f"Q&A: {candidate.name} (vote #{info.id})", THREAD_NAME_LIMIT)
            thread = await self._qa_thread(channel, info, candidate.member_id, name)
            statement = candidate.statement or "(no statement)"
            opening = clip(
                f"**{candidate.name}** stands in **{info.title}**. Ask them your questions "
                f"here.\n\n>>> {statement}",
                2000,
            )
            await self.sender.send_once(
                info.guild_id,
                outbox_key(info.id, f"qa:{candidate.member_id}:opening"),
                thread,
                partial(thread.send, opening, allowed_mentions=NO_MENTIONS),
                with_text(opening),
            )
            await nominations.set_thread(info.id, candidate.member_id, thread.id)
        return await nominations.candidates(info.guild_id, info.id)

    async def _qa_thread(
        self, channel: discord.TextChannel, info: VoteInfo, member_id: int, name: str
    ) -> discord.Thread:
        """A candidate's Q&A thread, created once: a rerun finds the one created before."""
        outbox, key = self.services.outbox, outbox_key(info.id, f"qa:{member_id}")
        entry = await outbox.step(key)
        if entry is not None:
            me = self.bot.user.id if self.bot.user else None
            found = next((t for t in channel.threads if t.name == name and t.owner_id == me), None)
            if found is not None:
                await outbox.complete(key, found.id, found.id)
                return found
        await outbox.begin(info.guild_id, key, channel.id)
        thread = await channel.create_thread(
            name=name,
            auto_archive_duration=WEEK_ARCHIVE_MINUTES,
            type=discord.ChannelType.public_thread,
        )
        await outbox.complete(key, thread.id, thread.id)
        return thread

    # -- reminding -------------------------------------------------------------------------

    async def on_remind(self, job: Job) -> None:
        batch = await self.services.voting.votes.reminder_batch(
            job.guild_id, int(job.payload["vote_id"])
        )
        if batch is None:
            return
        info = batch.vote
        link = ""
        if info.channel_id and info.message_id:
            link = f"\n{jump_url(info.guild_id, info.channel_id, info.message_id)}"
        text = (
            f"Reminder: the vote **{clip(info.title, 150)}** closes {timestamp(info.closes_at)} "
            f"and you have not voted yet.{link}"
        )
        reminder = f"remind-{job.due_at:%Y%m%dT%H%M}"
        keys = {m: outbox_key(info.id, f"{reminder}:{m}") for m in sorted(batch.member_ids)}
        done = await self.services.outbox.steps(keys.values())
        for member_id, key in keys.items():
            entry = done.get(key)
            if entry is not None and entry.sent:
                continue  # reminded already: a rerun never DMs anyone twice
            try:
                user = self.bot.get_user(member_id) or await self.bot.fetch_user(member_id)
                dm = user.dm_channel or await user.create_dm()
                await self.sender.send_once(
                    info.guild_id,
                    key,
                    dm,
                    partial(dm.send, text, allowed_mentions=NO_MENTIONS),
                    with_text(text),
                )
            except discord.HTTPException:
                continue  # DMs closed: nothing to do, and nothing worth logging by id

    # -- closing ---------------------------------------------------------------------------

    async def on_close(self, job: Job) -> None:
        await self.close_vote(job.guild_id, int(job.payload["vote_id"]))

    async def close_vote(self, guild_id: int, vote_id: int) -> VoteInfo | None:
        current = await self.services.voting.votes.get(guild_id, vote_id)
        if current.state is VoteState.CANCELLED:
            return None
        info = await self.services.voting.closing.close(guild_id, vote_id)
        if info.state is VoteState.CANCELLED:  # its key file was lost: cancelled, with reason
            return info
        if info.state is VoteState.OPEN:  # a teller vote waiting for its tellers' releases
            await self.tellers.await_tellers(info)
            return info
        if info.result_message_id is None:
            await self._publish(info)
        return await self.services.voting.votes.get(guild_id, vote_id)

    async def _publish(self, info: VoteInfo) -> None:
        channel = await self._votes_channel(info.guild_id)
        assert info.outcome is not None
        chart = count_chart(info.outcome, info.title)
        embed = result_embed(info, CHART_NAME if chart else None)
        try:
            message_id = await self.sender.send_once(
                info.guild_id,
                outbox_key(info.id, "result"),
                channel,
                # Fresh files each attempt: a File's buffer is consumed by one send.
                lambda nonce: channel.send(
                    embed=embed,
                    files=result_files(info, chart),
                    allowed_mentions=NO_MENTIONS,
                    nonce=nonce,
                ),
                with_title(embed.title),
            )
        except discord.HTTPException as exc:
            raise RetryLater(
                f"publishing the result of vote {info.id}: {exc}", cause=discord_cause(exc)
            ) from exc
        await self.services.voting.votes.set_result_message(info.id, message_id)
        await self.retire_button(channel, info)

    async def retire_button(self, channel: discord.TextChannel, info: VoteInfo) -> None:
        if info.message_id is None:
            return
        try:
            message = await channel.fetch_message(info.message_id)
            await message.edit(view=None)
        except discord.HTTPException:
            return  # the announcement was deleted; the button refuses ballots anyway
