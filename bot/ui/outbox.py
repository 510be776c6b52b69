"""Sending a message exactly once through the outbox (bot/services/outbox.py).

The intent is recorded right before the send and the message id right after it. If an earlier
run stopped in between (a crash, a database error, a lost lease), the entry is left begun: we
look in the channel for a message of ours that ``looks_like`` the one we meant to send (its
title, its button, its exact text) and adopt it instead of sending again.

One window that looking cannot close: a process that stalls after its last fenced write and
before its send (another took its lease over, looked, found nothing, and sent), then wakes and
sends. So every send carries a nonce derived from the outbox key, with ``enforce_nonce``
(discord.py 2.7 sets it whenever a nonce is given): Discord returns the message already created
with that nonce by the same author instead of creating a second one, for a few minutes
(docs/secret-ballots.md says what remains).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Protocol

import discord

from bot.services.outbox import OutboxService

HISTORY_LIMIT = 100  # how far back to look for a message an interrupted run may have sent
NONCE_MAX_CHARS = 25  # Discord's limit for a string nonce


class Send(Protocol):
    """Sends the message, passing ``nonce`` on to discord.py's ``send``."""

    def __call__(self, *, nonce: str) -> Awaitable[discord.Message]: ...


Matcher = Callable[[discord.Message], bool]


def outbox_nonce(key: str) -> str:
    """The nonce of every send of the outbox entry ``key``: the same in every process and on
    every attempt, and different for different entries (a 96-bit hash, 25 characters)."""
    nonce = "o" + hashlib.blake2b(key.encode(), digest_size=12, person=b"caucus-nonce").hexdigest()
    assert len(nonce) <= NONCE_MAX_CHARS
    return nonce


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
        message = await send(nonce=outbox_nonce(key))
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
