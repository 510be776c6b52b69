"""`/audit`: the hash-chained record of organizer actions, open to every member."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS
from cogs.transparency.embeds import audit_embed

if TYPE_CHECKING:
    from bot.app import CaucusBot


class TransparencyCog(commands.Cog):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    @app_commands.command(name="audit", description="Recent organizer actions and config changes")
    @app_commands.describe(count="How many entries (default 15)")
    async def audit(
        self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 40] = 15
    ) -> None:
        actor = actor_from(interaction)
        entries = await self.services.audit.recent(actor.guild_id, limit=count)
        report = await self.services.audit.verify(actor.guild_id)
        await interaction.response.send_message(
            embed=audit_embed(entries, report), ephemeral=True, allowed_mentions=NO_MENTIONS
        )
