"""Reading a channel's or thread's history from Discord as summary input."""

from __future__ import annotations

import discord

from bot.domain.summaries import ThreadMessage
from bot.errors import NotAllowed, UserError
from bot.services.summaries.sources import Since

MAX_MESSAGES = 5000  # a summary of more than this is not read by anyone
TEXT_TYPES = (discord.MessageType.default, discord.MessageType.reply)

Readable = discord.Thread | discord.TextChannel | discord.VoiceChannel


async def resolve_channel(bot: discord.Client, channel_id: int) -> Readable:
    channel = bot.get_channel(channel_id)
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except discord.HTTPException:
            raise UserError("I can't open that thread.") from None
    if not isinstance(channel, Readable):
        raise UserError("Summaries work in threads and text channels.")
    return channel


async def check_can_read(channel: Readable, member: discord.Member | discord.User) -> None:
    """A member may only summarise what they can read themselves."""
    if not isinstance(member, discord.Member):
        raise NotAllowed("Summaries work inside a server.")
    permissions = channel.permissions_for(member)
    if not (permissions.view_channel and permissions.read_message_history):
        raise NotAllowed("You can't read that channel's history, so I won't summarise it.")
    if (
        isinstance(channel, discord.Thread)
        and channel.is_private()
        and not permissions.manage_threads
    ):
        try:
            await channel.fetch_member(member.id)
        except discord.NotFound:
            raise NotAllowed("That is a private thread you are not in.") from None


async def fetch_messages(channel: Readable, since: Since | None) -> list[ThreadMessage]:
    """Members' text messages in thread order (bots and system messages left out)."""
    after: discord.abc.Snowflake | None = None
    if since is not None and since.after_message_id is not None:
        after = discord.Object(id=since.after_message_id)
    elif since is not None and since.moment is not None:
        after = discord.Object(id=discord.utils.time_snowflake(since.moment, high=False))
    found: list[discord.Message] = []
    async for message in channel.history(limit=MAX_MESSAGES, after=after):
        if message.author.bot or message.type not in TEXT_TYPES or not message.content.strip():
            continue
        found.append(message)
    found.sort(key=lambda message: message.id)
    return [_thread_message(message) for message in found]


def _thread_message(message: discord.Message) -> ThreadMessage:
    reference = message.reference
    reply_to = reference.message_id if reference is not None else None
    return ThreadMessage(
        id=str(message.id),
        author_id=str(message.author.id),
        author_name=message.author.display_name,
        text=message.content,
        created_at=message.created_at,
        reply_to_id=str(reply_to) if reply_to is not None else None,
        jump_url=message.jump_url,
    )
