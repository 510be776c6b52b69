"""Each faction's optional role and channel, created and kept in line with the membership.

The database is the truth; Discord follows it. A failure here (missing permission, Discord
down) is logged and leaves membership untouched: the next change tries again.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord

from bot.config import GuildSettings
from bot.services.actors import guild_settings
from bot.services.factions.records import StoredFaction
from bot.ui.format import NO_MENTIONS, clip

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)
Overwrites = dict[discord.Role | discord.Member | discord.Object, discord.PermissionOverwrite]
CHANNEL_NAME_LIMIT = 90
ROLE_NAME_LIMIT = 90


def channel_name(faction_name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", faction_name.casefold()).strip("-")
    return clip(f"faction-{slug or 'unnamed'}", CHANNEL_NAME_LIMIT)


class FactionDiscord:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    def _settings(self, stored: StoredFaction) -> GuildSettings:
        return guild_settings(self.services.settings, stored.guild_id)

    async def sync(self, stored: StoredFaction) -> None:
        """Create what the config allows and is missing, then match the role to the members."""
        guild = self.bot.get_guild(stored.guild_id)
        if guild is None:
            return
        try:
            if stored.faction.is_active:
                await self._sync_live(guild, stored)
            else:
                await self._retire(guild, stored)
        except discord.HTTPException:
            log.warning(
                "could not sync Discord role/channel of faction %s", stored.id, exc_info=True
            )

    async def _sync_live(self, guild: discord.Guild, stored: StoredFaction) -> None:
        config = self._settings(stored).factions
        role = guild.get_role(stored.role_id) if stored.role_id else None
        if role is None and config.create_roles:
            role = await guild.create_role(
                name=clip(stored.name, ROLE_NAME_LIMIT), mentionable=False, reason="Caucus faction"
            )
            await self.services.factions.membership.set_discord(stored.id, role_id=role.id)
        channel = guild.get_channel(stored.channel_id) if stored.channel_id else None
        if channel is None and config.create_channels:
            overwrites: Overwrites = {}
            if role is not None:
                # Anyone may join, so the channel is the members' own room, not a secret.
                overwrites[guild.default_role] = discord.PermissionOverwrite(view_channel=False)
                overwrites[role] = discord.PermissionOverwrite(view_channel=True)
                overwrites[guild.me] = discord.PermissionOverwrite(view_channel=True)
            channel = await guild.create_text_channel(
                channel_name(stored.name),
                overwrites=overwrites,
                topic=clip(stored.faction.description or stored.name, 1024),
                reason="Caucus faction",
            )
            await self.services.factions.membership.set_discord(stored.id, channel_id=channel.id)
        if role is not None:
            await self._match_role(guild, role, stored.faction.members)

    async def _match_role(
        self, guild: discord.Guild, role: discord.Role, members: frozenset[int]
    ) -> None:
        holders = {m.id for m in role.members}
        for member_id in sorted(members - holders):
            member = guild.get_member(member_id)
            if member is not None:
                await member.add_roles(role, reason="joined the faction")
        for member_id in sorted(holders - members):
            member = guild.get_member(member_id)
            if member is not None:
                await member.remove_roles(role, reason="left the faction")

    async def _retire(self, guild: discord.Guild, stored: StoredFaction) -> None:
        """A dissolved faction: its role goes; its channel stays as a read-only archive."""
        channel = guild.get_channel(stored.channel_id) if stored.channel_id else None
        if isinstance(channel, discord.TextChannel):
            archive: Overwrites = {
                guild.default_role: discord.PermissionOverwrite(
                    view_channel=True, send_messages=False
                ),
                guild.me: discord.PermissionOverwrite(view_channel=True, send_messages=True),
            }
            await channel.edit(overwrites=archive)
            await channel.send(
                f"**{clip(stored.name, 80)}** has been dissolved; this channel stays as its "
                "archive.",
                allowed_mentions=NO_MENTIONS,
            )
        role = guild.get_role(stored.role_id) if stored.role_id else None
        if role is not None:
            await role.delete(reason="faction dissolved")
