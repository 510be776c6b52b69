"""The convention's posts in its channel, each sent exactly once through the outbox: the pinned
agenda (edited as things change), each text with line numbers when its item opens, each
amendment's diff when its vote opens, each text as finally put with its history.

`publish` is idempotent: it is called after every change and sends only what is missing."""

from __future__ import annotations

import asyncio
import io
from functools import partial
from typing import TYPE_CHECKING

import discord

from bot.domain.conventions.agenda import ItemState
from bot.domain.conventions.amendments import AmendmentResult
from bot.domain.voting.lifecycle import VoteState
from bot.services.actors import guild_settings
from bot.services.conventions.minutes import Minutes
from bot.services.conventions.records import ConventionView
from bot.services.voting.records import VoteInfo
from bot.ui.format import NO_MENTIONS, clip
from bot.ui.outbox import Sender, with_text, with_title
from cogs.conventions.render import agenda_embed, amendment_text, final_messages, text_messages
from cogs.votes.checked_in import say_checked_in_roll
from cogs.votes.embeds import nominations_embed

if TYPE_CHECKING:
    from bot.app import CaucusBot


MAX_FILES = 10  # attachments in one Discord message


def key(convention_id: int, what: str) -> str:
    return f"convention:{convention_id}:{what}"


class ConventionPosts:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.sender = Sender(bot.services.outbox, lambda: bot.user.id if bot.user else None)
        # One publisher at a time per convention: the chair's `next` and the schedule's job
        # may finish together, and the outbox's begin/send/record of one post must not
        # interleave with another attempt at the same post.
        self._locks: dict[int, asyncio.Lock] = {}

    def _lock(self, view: ConventionView) -> asyncio.Lock:
        return self._locks.setdefault(view.convention.id, asyncio.Lock())

    def _channel(self, view: ConventionView) -> discord.TextChannel | None:
        channel_id = view.convention.channel_id
        channel = self.bot.get_channel(channel_id) if channel_id else None
        return channel if isinstance(channel, discord.TextChannel) else None

    async def publish(self, view: ConventionView) -> None:
        async with self._lock(view):
            await self._publish(view)

    async def _publish(self, view: ConventionView) -> None:
        channel = self._channel(view)
        if channel is None:
            return
        await self._agenda(channel, view)
        cid = view.convention.id
        for entry in view.items:
            position = entry.item.position
            if entry.item.kind.has_text and entry.item.state is not ItemState.PENDING:
                header = (
                    f"**Item {position}: {entry.item.title}** ({entry.item.kind.value}), as "
                    "moved. Amendments name these line numbers: `/convention amend`."
                )
                await self._send_all(
                    channel, cid, f"item:{position}:text", text_messages(header, entry.lines)
                )
            for amendment in entry.amendments:
                if amendment.vote_id is not None and amendment.result is AmendmentResult.VOTING:
                    await self._send_all(
                        channel,
                        cid,
                        f"item:{position}:amendment:{amendment.number}",
                        [amendment_text(entry, amendment)],
                    )
            if entry.item.state is ItemState.DONE and entry.item.final_text is not None:
                await self._send_all(channel, cid, f"item:{position}:final", final_messages(entry))

    async def _send_all(
        self, channel: discord.TextChannel, cid: int, what: str, messages: list[str]
    ) -> None:
        guild_id = channel.guild.id
        for number, content in enumerate(messages, start=1):
            await self.sender.send_once(
                guild_id,
                key(cid, f"{what}:{number}"),
                channel,
                partial(channel.send, content, allowed_mentions=NO_MENTIONS),
                with_text(content),
            )

    async def _agenda(self, channel: discord.TextChannel, view: ConventionView) -> None:
        embed = agenda_embed(view)
        message_id = view.convention.agenda_message_id
        if message_id is None:
            message_id = await self.sender.send_once(
                channel.guild.id,
                key(view.convention.id, "agenda"),
                channel,
                partial(channel.send, embed=embed, allowed_mentions=NO_MENTIONS),
                with_title(embed.title),
            )
            await self.services.conventions.set_agenda_message(
                view.convention.id, channel_id=channel.id, message_id=message_id
            )
            try:
                message = await channel.fetch_message(message_id)
                await message.pin(reason="The convention's agenda")
            except discord.HTTPException:
                pass  # no Manage Messages permission: the agenda stays, unpinned
            return
        try:
            message = await channel.fetch_message(message_id)
            await message.edit(embed=embed)  # editing to the same agenda changes nothing
        except discord.HTTPException:
            return

    async def election_notice(self, view: ConventionView, position: int, info: VoteInfo) -> None:
        """An election put on the agenda while nominations run: its nominations notice again,
        saying who votes in it now (the members checked in, not the role), posted once."""
        if info.state is not VoteState.NOMINATING:
            return
        channel_id = guild_settings(self.services.settings, info.guild_id).channels.votes
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            return
        embed = nominations_embed(info)
        say_checked_in_roll(embed, info)
        embed.title = clip(f"At convention #{view.convention.id} — {embed.title}", 256)
        async with self._lock(view):
            await self.sender.send_once(
                channel.guild.id,
                key(view.convention.id, f"item:{position}:nominations"),
                channel,
                partial(channel.send, embed=embed, allowed_mentions=NO_MENTIONS),
                with_title(embed.title),
            )

    async def minutes(self, view: ConventionView, minutes: Minutes) -> None:
        """When the convention closes: its minutes and ballot files, posted once."""
        channel = self._channel(view)
        if channel is None:
            return
        text = (
            f"The minutes of convention #{view.convention.id} ({view.convention.title}), with "
            "the ballot files of its counted votes."
        )

        def files() -> list[discord.File]:  # fresh File objects on every attempt
            attached = [discord.File(io.BytesIO(minutes.markdown.encode()), minutes.name)]
            attached += [
                discord.File(io.BytesIO(body.encode()), name)
                for name, body in sorted(minutes.tally_files.items())[: MAX_FILES - 1]
            ]
            return attached

        async with self._lock(view):
            await self.sender.send_once(
                channel.guild.id,
                key(view.convention.id, "minutes"),
                channel,
                lambda nonce: channel.send(
                    text, files=files(), allowed_mentions=NO_MENTIONS, nonce=nonce
                ),
                with_text(text),
            )
