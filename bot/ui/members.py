"""A guild's member list, complete before anyone is counted from it.

At start-up or after a reconnect discord.py may hold only part of a guild's members until the
gateway has sent them all ("chunked"). Anything counted from roles then (a voter roll, the
digest's member figure) would silently leave members out, so it first asks for the whole list
and, if that does not arrive, the job waits and is retried later.
"""

from __future__ import annotations

import asyncio

import discord

from bot.scheduling import RetryLater

# How long one attempt waits for the gateway to send the whole member list.
CHUNK_WAIT_SECONDS = 30.0


class MemberListNotReady(RetryLater):
    """The guild's member list is not fully loaded: a count taken now would be partial."""


async def ensure_member_list(guild: discord.Guild) -> None:
    """Return once ``guild``'s member cache is complete; raise MemberListNotReady otherwise."""
    if guild.chunked:
        return
    try:
        await asyncio.wait_for(guild.chunk(cache=True), CHUNK_WAIT_SECONDS)
    except (TimeoutError, discord.ClientException, discord.HTTPException) as exc:
        raise MemberListNotReady(
            f"the member list of guild {guild.id} is not fully loaded yet ({exc!r})"
        ) from exc
    if not guild.chunked:
        raise MemberListNotReady(f"the member list of guild {guild.id} is not fully loaded yet")
