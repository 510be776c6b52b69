"""`/bulletin`: read what factions published; `/proposal ...`: organizers decide reading
proposals when the config gives them that decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.actors import actor_from
from bot.ui.format import ACCENT, NO_MENTIONS, clip
from cogs.factions.embeds import bulletin_embed, document_embed, proposal_state

if TYPE_CHECKING:
    from bot.app import CaucusBot


class BulletinCog(commands.Cog):
    proposal = app_commands.Group(name="proposal", description="Reading-plan proposals")

    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    @app_commands.command(name="bulletin", description="Documents the factions published")
    @app_commands.describe(document="A document's number to read it whole (optional)")
    async def bulletin(self, interaction: discord.Interaction, document: int | None = None) -> None:
        actor = actor_from(interaction)
        bulletin = self.services.factions.bulletin
        if document is None:
            embed = bulletin_embed(await bulletin.bulletin(actor.guild_id))
        else:
            embed = document_embed(await bulletin.get(actor.guild_id, document))
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @proposal.command(name="pending", description="Reading proposals waiting for a decision")
    async def pending(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        documents = await self.services.factions.bulletin.pending(actor.guild_id)
        embed = discord.Embed(title="Reading proposals", colour=ACCENT)
        embed.description = clip(
            "\n".join(
                f"**B{d.id}** {clip(d.document.title, 70)} — {clip(d.faction_name, 40)}: "
                f"{proposal_state(d)}"
                for d in documents
            )
            or "Nothing is waiting.",
            4000,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @proposal.command(name="decide", description="Accept or reject a reading proposal (organizers)")
    @app_commands.describe(document="The bulletin document's number", accept="Add it to the plan?")
    async def decide(self, interaction: discord.Interaction, document: int, accept: bool) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        decided = await self.services.factions.bulletin.decide(
            actor_from(interaction), document, accept=accept
        )
        await interaction.followup.send(
            f"B{document} ({clip(decided.document.title, 100)}): {proposal_state(decided)}.",
            ephemeral=True,
        )
