"""What Discord shows of a guild, in the self-check's terms (bot/domain/selfcheck.py). Used by
the running bot (gateway cache) and by `caucus check-config --online` (HTTP API)."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.domain.selfcheck import ChannelKind, SeenChannel, SeenGuild


def channel_kind(channel: object) -> ChannelKind:
    if isinstance(channel, discord.ForumChannel):
        return ChannelKind.FORUM
    if isinstance(channel, discord.StageChannel):
        return ChannelKind.STAGE
    if isinstance(channel, discord.VoiceChannel):
        return ChannelKind.VOICE
    if isinstance(channel, discord.TextChannel):
        return ChannelKind.TEXT
    return ChannelKind.OTHER


def granted(permissions: discord.Permissions) -> frozenset[str]:
    """Permission names allowed, with Discord's current names for discord.py's older ones
    (iteration yields `read_messages` for what Discord calls View Channel)."""
    names = {name for name, allowed in permissions if allowed}
    if permissions.view_channel:
        names.add("view_channel")
    return frozenset(names)


def seen_guild(
    guild: discord.Guild, me: discord.Member, channels: Iterable[discord.abc.GuildChannel]
) -> SeenGuild:
    return SeenGuild(
        channels={
            channel.id: SeenChannel(
                channel.name, channel_kind(channel), granted(channel.permissions_for(me))
            )
            for channel in channels
        },
        roles={role.id: role.name for role in guild.roles},
        guild_permissions=granted(me.guild_permissions),
    )
