"""`/teller ...`: register a teller key, name or remove a vote's tellers, release, status.

Thin: each command parses, calls bot/services/voting/tellers.py and renders. When a release
completes the k needed, the count runs and the result is published like any close.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.voting.lifecycle import VoteState
from bot.errors import UserError
from bot.ui.actors import actor_from
from cogs.tellers.render import dealing_file, status_text
from cogs.votes.jobs import VoteJobs

if TYPE_CHECKING:
    from bot.app import CaucusBot

RELEASE_FILE_LIMIT = 2048  # a release is one line of about 190 characters


class TellersCog(commands.GroupCog, group_name="teller", group_description="Tellers of votes"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.jobs = VoteJobs(bot)

    @app_commands.command(
        name="register", description="Register the teller key you made with caucus teller keygen"
    )
    @app_commands.describe(key="The line starting caucus-teller-public-1: (public, safe to paste)")
    async def register(
        self, interaction: discord.Interaction, key: app_commands.Range[str, 1, 300]
    ) -> None:
        fingerprint = await self.services.voting.tellers.register(actor_from(interaction), key)
        await interaction.response.send_message(
            f"Your teller key is registered. Its fingerprint is `{fingerprint}`: check that "
            "it is the one `caucus teller keygen` showed you, and that a vote's announcement "
            "shows it next to your name. Keep your secret key file on your own computer.",
            ephemeral=True,
        )

    @app_commands.command(name="name", description="Name a teller for a vote before it opens")
    @app_commands.describe(
        vote="The vote's number",
        member="The member (they must have registered a teller key)",
        faction="Naming as a faction? Its name (each faction names at most one teller)",
    )
    async def name(
        self,
        interaction: discord.Interaction,
        vote: int,
        member: discord.Member,
        faction: str | None = None,
    ) -> None:
        actor = actor_from(interaction)
        status = await self.services.voting.tellers.name(
            actor, vote, member.id, member.display_name, faction=faction
        )
        text = (
            f"{member.display_name} is teller {len(status.tellers)} of {status.count} for vote "
            f"#{vote}.\n{status_text(status)}"
        )
        info = await self.services.voting.votes.get(actor.guild_id, vote)
        due = info.opens_at <= self.services.clock.now() and info.state is VoteState.DRAFT
        if len(status.tellers) == status.count and due:
            await interaction.response.defer(ephemeral=True, thinking=True)
            info = await self.jobs.open_vote(actor.guild_id, vote)
            if info.state is VoteState.OPEN:
                text += f"\nAll tellers are named: vote #{vote} is now open."
            await interaction.followup.send(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    @app_commands.command(name="remove", description="Remove a teller before the vote opens")
    @app_commands.describe(vote="The vote's number", member="The teller to remove")
    async def remove(
        self, interaction: discord.Interaction, vote: int, member: discord.Member
    ) -> None:
        status = await self.services.voting.tellers.remove(actor_from(interaction), vote, member.id)
        await interaction.response.send_message(
            f"{member.display_name} is no longer a teller of vote #{vote}.\n{status_text(status)}",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name="release", description="Upload a teller's release after the close")
    @app_commands.describe(
        vote="The vote's number",
        file="The release file caucus teller release wrote (yours, or one a teller sent you)",
    )
    async def release(
        self, interaction: discord.Interaction, vote: int, file: discord.Attachment
    ) -> None:
        actor = actor_from(interaction)
        if file.size > RELEASE_FILE_LIMIT:
            raise UserError("That file is too big to be a release (a release is one line).")
        try:
            text = (await file.read()).decode("ascii")
        except UnicodeDecodeError:
            raise UserError("That file is not a release: it is not plain text.") from None
        status = await self.services.voting.tellers.release(actor, vote, text)
        head = "Release accepted."
        if status.complete:
            head += (
                f" {status.released} of the {status.threshold} needed are in: the count runs "
                "now and the result will be posted with the vote."
            )
        await interaction.response.send_message(
            f"{head}\n{status_text(status)}",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name="status", description="A vote's tellers and who has released")
    @app_commands.describe(vote="The vote's number")
    async def status(self, interaction: discord.Interaction, vote: int) -> None:
        actor = actor_from(interaction)
        found = await self.services.voting.tellers.status(actor.guild_id, vote)
        attached = dealing_file(found)
        await interaction.response.send_message(
            status_text(found),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
            files=[attached] if attached is not None else [],
        )
