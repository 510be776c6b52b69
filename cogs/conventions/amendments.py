"""`/convention amend`, `cosign` and `minority`: members propose and co-sign amendments to an
item's lines, and file minority reports on a report. ConventionsCog (cog.py) takes them into
its command group."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.conventions.amendments import AmendmentKind
from bot.services.actors import guild_settings
from cogs.conventions.common import acting

if TYPE_CHECKING:
    from bot.services.container import Services
    from cogs.conventions.posts import ConventionPosts

ACTIONS = [app_commands.Choice(name=k.value, value=k.value) for k in AmendmentKind]


class AmendmentCommands(commands.Cog):
    """The members' amendment and minority-report commands. Never added as a cog of its own:
    ConventionsCog lists them among its commands, and they run bound to it, whose `services`
    and `posts` they use."""

    services: Services
    posts: ConventionPosts

    @app_commands.command(name="amend", description="Propose an amendment to a motion's lines")
    @app_commands.describe(
        item="The item's number on the agenda",
        action="Replace or delete lines, or insert new lines",
        first="Replace/delete: the first line; insert: the line to insert after (0: start)",
        last="Replace/delete: the last line (default: the first)",
        text="Replace/insert: the new text (lines separated by new lines)",
        convention="The convention's number (default: the one under way)",
    )
    @app_commands.choices(action=ACTIONS)
    async def amend(
        self,
        interaction: discord.Interaction,
        item: int,
        action: app_commands.Choice[str],
        first: app_commands.Range[int, 0, 2000],
        last: app_commands.Range[int, 1, 2000] | None = None,
        text: str = "",
        convention: int | None = None,
    ) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        entry, number = await self.services.conventions.propose(
            actor, cid, item, AmendmentKind(action.value), first, last, text
        )
        needed = guild_settings(self.services.settings, actor.guild_id).conventions
        backing = (
            f" It needs {needed.amendment_cosigners} co-signer(s): members sign with "
            f"`/convention cosign item:{item} amendment:{number}`."
            if needed.amendment_cosigners
            else ""
        )
        amendment = entry.amendment(number)
        assert amendment is not None
        await interaction.response.send_message(
            f"Amendment {number} to item {item} is proposed: {amendment.change.describe()}."
            + backing,
            ephemeral=True,
        )
        await self.posts.publish(await self.services.conventions.view(actor.guild_id, cid))

    @app_commands.command(name="cosign", description="Co-sign a member's amendment")
    @app_commands.describe(
        item="The item's number on the agenda",
        amendment="The amendment's number",
        convention="The convention's number (default: the one under way)",
    )
    async def cosign(
        self,
        interaction: discord.Interaction,
        item: int,
        amendment: int,
        convention: int | None = None,
    ) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        entry = await self.services.conventions.cosign(actor, cid, item, amendment)
        found = entry.amendment(amendment)
        count = len(found.cosigners) if found else 0
        await interaction.response.send_message(
            f"You co-signed amendment {amendment} to item {item} ({count} co-signer(s)).",
            ephemeral=True,
        )

    @app_commands.command(name="minority", description="File a minority report on a report")
    @app_commands.describe(
        item="The report's number on the agenda",
        text="Your minority report",
        convention="The convention's number (default: the one under way)",
    )
    async def minority(
        self,
        interaction: discord.Interaction,
        item: int,
        text: app_commands.Range[str, 1, 4000],
        convention: int | None = None,
    ) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        await self.services.conventions.file_minority_report(actor, cid, item, text)
        await interaction.response.send_message(
            f"Your minority report on item {item} is filed; it goes into the minutes.",
            ephemeral=True,
        )
