"""Small rendering helpers every cog uses."""

from __future__ import annotations

import datetime as dt

import discord

ACCENT = discord.Colour(0xB22234)
NO_MENTIONS = discord.AllowedMentions.none()


def timestamp(moment: dt.datetime, style: str = "F") -> str:
    """A Discord timestamp: every member sees it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"
