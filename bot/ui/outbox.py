"""Sending a message exactly once through the outbox (bot/services/outbox.py).

The intent is recorded right before the send and the message id right after it. If an earlier
run stopped in between (a crash, a database error, a lost lease), the entry is left begun: we
look in the channel for a message of ours that ``looks_like`` the one we meant to send (its
title, its button, its exact text) and adopt it instead of sending again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.services.outbox import OutboxService

HISTORY_LIMIT = 100  # how far back to look for a message an interrupted run may have sent

Send = Callable[[], Awaitable[discord.Message]]
Matcher = Callable[[discord.Message], bool]


def with_title(title: str | None) -> Matcher:
    return lambda message: any(e.title == title for e in message.embeds)


def with_text(text: str) -> Matcher:
    return lambda message: message.content == text


def with_button(custom_id: str) -> Matcher:
    def matches(message: discord.Message) -> bool:
        return any(
            getattr(child, "custom_id", None) == custom_id
            for row in message.components
            for child in getattr(row, "children", [])
        )

    return matches


class Sender:
    def __init__(self, outbox: OutboxService, me: Callable[[], int | None]) -> None:
        self.outbox = outbox
        self.me = me

    async def send_once(
        self,
        guild_id: int,
        key: str,
        channel: discord.abc.Messageable,
        send: Send,
        looks_like: Matcher,
    ) -> int:
        """Send once; returns the message id (the one sent now, or earlier)."""
        entry = await self.outbox.step(key)
        if entry is not None and entry.sent and entry.message_id is not None:
            return entry.message_id
        channel_id = getattr(channel, "id", None)
        if entry is not None:
            found = await self.find(channel, looks_like)
            if found is not None:
                await self.outbox.complete(key, found.id, found.channel.id)
                return found.id
        await self.outbox.begin(guild_id, key, channel_id)  # refused once our lease is lost
        message = await send()
        await self.outbox.complete(key, message.id, message.channel.id)
        return message.id

    async def find(
        self, channel: discord.abc.Messageable, looks_like: Matcher
    ) -> discord.Message | None:
        me = self.me()
        try:
            async for message in channel.history(limit=HISTORY_LIMIT):
                if message.author.id == me and looks_like(message):
                    return message
        except discord.HTTPException:
            return None  # cannot look (no access): better to try sending than to stay silent
        return None
