"""`/report ...`: minority reports on a closed vote: draft, sign, and (refused) delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS, clip, timestamp
from cogs.factions.common import faction_names
from cogs.factions.effects import FactionEffects
from cogs.factions.embeds import report_embed
from cogs.factions.views import report_view, signed_text

if TYPE_CHECKING:
    from bot.app import CaucusBot


class ReportCog(commands.GroupCog, group_name="report", group_description="Minority reports"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.effects = FactionEffects(bot)

    @app_commands.command(name="file", description="Draft a minority report on a closed vote")
    @app_commands.autocomplete(faction=faction_names)
    @app_commands.describe(
        vote="The closed vote's number",
        text="The report",
        faction="File it in your faction's name (its members sign)",
    )
    async def file(
        self,
        interaction: discord.Interaction,
        vote: int,
        text: app_commands.Range[str, 1, 4000],
        faction: str | None = None,
    ) -> None:
        actor = actor_from(interaction)
        reports = self.services.factions.reports
        result = await reports.draft(actor, vote, text, faction)
        report = result.report
        await interaction.response.send_message(
            signed_text(report.id, len(report.signers), result.signers_needed, result.filed_now),
            ephemeral=True,
        )
        if result.filed_now:
            await self.effects.publish_report(report)
            return
        deadline = await reports.deadline(actor.guild_id, vote)
        info = await self.services.voting.votes.get(actor.guild_id, vote)
        channel = interaction.channel
        if isinstance(channel, discord.abc.Messageable):
            await channel.send(
                f"<@{actor.member_id}> drafted minority report R{report.id} on vote #{vote} "
                f"({clip(info.title, 100)})"
                + (
                    f" in the name of **{clip(report.faction_name, 80)}**"
                    if report.faction_name
                    else ""
                )
                + f". It needs {result.signers_needed} signatures by {timestamp(deadline)}.",
                embed=report_embed(report, info.title),
                view=report_view(report.id),
                allowed_mentions=NO_MENTIONS,
            )

    @app_commands.command(name="sign", description="Sign a drafted minority report")
    @app_commands.describe(report="The report's number (R…)")
    async def sign(self, interaction: discord.Interaction, report: int) -> None:
        result = await self.services.factions.reports.sign(actor_from(interaction), report)
        await interaction.response.send_message(
            signed_text(
                report, len(result.report.signers), result.signers_needed, result.filed_now
            ),
            ephemeral=True,
        )
        if result.filed_now:
            await self.effects.publish_report(result.report)

    @app_commands.command(name="delete", description="Minority reports cannot be deleted")
    @app_commands.describe(report="The report's number (R…)")
    async def delete(self, interaction: discord.Interaction, report: int) -> None:
        # Always refused, with the reason: the record of dissent stays beside the result.
        await self.services.factions.reports.delete(actor_from(interaction), report)
