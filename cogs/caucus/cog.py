"""`/caucus about|help|health`: what the bot is and which commands it has."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.actors import actor_from
from bot.ui.format import clip
from cogs.caucus.embeds import about_embed, health_embed, help_embeds
from cogs.reading.selfcheck import SelfCheck

if TYPE_CHECKING:
    from bot.app import CaucusBot


class CaucusCog(commands.GroupCog, group_name="caucus", group_description="About Caucus"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="What Caucus is and what it stands for")
    async def about(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=about_embed(), ephemeral=True)

    @app_commands.command(name="health", description="Organizers: latency, database, scheduler")
    async def health(self, interaction: discord.Interaction) -> None:
        health = await self.bot.services.health.check(actor_from(interaction))
        shard = interaction.guild.shard_id if interaction.guild else 0
        embed = health_embed(health, self.bot.latency, shard, self.bot.shard_count or 1)
        problems = await SelfCheck(self.bot).run(interaction.guild_id or 0)
        embed.add_field(
            name="Config self-check",
            value=clip("\n".join(f"• {p.line()}" for p in problems), 1024)
            if problems
            else "The channels, roles and permissions in the config are fine.",
            inline=False,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="help", description="List every Caucus command")
    async def help(self, interaction: discord.Interaction) -> None:
        embeds = help_embeds(self.bot.tree.get_commands(guild=interaction.guild))
        await interaction.response.send_message(embeds=embeds, ephemeral=True)
