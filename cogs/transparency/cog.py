"""`/audit`: the hash-chained record of organizer actions, open to every member.
`/transparency`: the digest's figures for this month (or last); `/decisions`: closed votes
with their minority reports. The monthly digest job is registered here (cogs/transparency/
digest.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.audit import ChainAnchor
from bot.domain.transparency import previous_period
from bot.errors import UserError
from bot.services.actors import guild_settings
from bot.services.transparency import current_month
from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS
from cogs.transparency.digest import DigestJobs, role_member_ids
from cogs.transparency.embeds import (
    audit_embed,
    decision_embed,
    decisions_embed,
    digest_embed,
    member_names,
)

if TYPE_CHECKING:
    from bot.app import CaucusBot

PERIOD_CHOICES = [
    app_commands.Choice(name="This month so far", value="current"),
    app_commands.Choice(name="Last month", value="previous"),
]


_ANCHOR = re.compile(r"\s*`?(\d+)\s*:\s*([0-9a-fA-F]{64})`?\s*")


def parse_anchor(text: str) -> ChainAnchor:
    """``12:<64 hex digits>``, as /audit and the monthly digest show the audit head."""
    match = _ANCHOR.fullmatch(text)
    if match is None:
        raise UserError(
            "That is not an audit head: copy the whole value /audit shows under Audit head, "
            "a number, a colon and 64 letters and digits."
        )
    return ChainAnchor(int(match[1]), match[2].lower())


class TransparencyCog(commands.Cog):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.digests = DigestJobs(bot)

    async def cog_load(self) -> None:
        await self.digests.register()

    @app_commands.command(name="audit", description="Recent organizer actions and config changes")
    @app_commands.describe(
        count="How many entries (default 15)",
        check="An audit head you noted earlier (number:code): was anything before it changed?",
    )
    async def audit(
        self,
        interaction: discord.Interaction,
        count: app_commands.Range[int, 1, 40] = 15,
        check: app_commands.Range[str, 3, 100] | None = None,
    ) -> None:
        actor = actor_from(interaction)
        anchor = parse_anchor(check) if check else None
        entries = await self.services.audit.recent(actor.guild_id, limit=count)
        report = await self.services.audit.verify(actor.guild_id, anchor)
        names = member_names(interaction.guild, self.bot.user.id if self.bot.user else None)
        await interaction.response.send_message(
            embed=audit_embed(entries, report, names, anchor),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(
        name="transparency",
        description="Members, factions, votes with turnout, documents and organizer actions",
    )
    @app_commands.describe(period="This month so far (default) or last month")
    @app_commands.choices(period=PERIOD_CHOICES)
    async def transparency(
        self, interaction: discord.Interaction, period: app_commands.Choice[str] | None = None
    ) -> None:
        actor = actor_from(interaction)
        guild = guild_settings(self.services.settings, actor.guild_id)
        now = self.services.clock.now()
        title = None
        if period is not None and period.value == "previous":
            span = previous_period(now, guild.zone)
        else:
            span = current_month(now, guild.zone)
            title = f"Transparency, {now.astimezone(guild.zone):%B %Y} so far"
        bot_id = self.bot.user.id if self.bot.user else None
        report = await self.services.transparency.digest(
            actor.guild_id,
            span,
            role_member_ids(interaction.guild, guild.roles.member),
            bot_ids=[bot_id] if bot_id else [],
        )
        await interaction.response.send_message(
            embed=digest_embed(report, guild.zone, member_names(interaction.guild, bot_id), title),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="decisions", description="Closed votes and their minority reports")
    @app_commands.describe(vote="A vote's number, to see its result and every minority report")
    async def decisions(self, interaction: discord.Interaction, vote: int | None = None) -> None:
        actor = actor_from(interaction)
        reports = self.services.factions.reports
        if vote is None:
            embed = decisions_embed(await reports.decisions(actor.guild_id))
        else:
            embed = decision_embed(await reports.decision(actor.guild_id, vote))
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
