"""`/summarize` and `/privacy summaries`, and the pile-on guard listening to session threads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.services.actors import guild_settings
from bot.services.summaries.sources import parse_since
from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS, clip
from cogs.summaries.embeds import summary_messages
from cogs.summaries.history import check_can_read, fetch_messages, resolve_channel
from cogs.summaries.jobs import SummaryJobs

if TYPE_CHECKING:
    from bot.app import CaucusBot


class SummariesCog(commands.Cog):
    privacy = app_commands.Group(name="privacy", description="Your privacy settings")

    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services.summaries
        self.jobs = SummaryJobs(bot)

    async def cog_load(self) -> None:
        self.jobs.register()

    @app_commands.command(name="summarize", description="Summarise a thread: views, agreement")
    @app_commands.describe(
        thread="The thread to summarise (default: where you run this)",
        since="Only messages after a date (YYYY-MM-DD) or a message link or id",
        private="Show the summary only to you",
    )
    async def summarize(
        self,
        interaction: discord.Interaction,
        thread: app_commands.AppCommandThread | None = None,
        since: str | None = None,
        private: bool = False,
    ) -> None:
        actor = actor_from(interaction)
        summaries = self.services.summaries
        summaries.check_allowed(actor)
        guild = guild_settings(self.bot.services.settings, actor.guild_id)
        start = parse_since(since, guild.zone, self.bot.services.clock.now()) if since else None
        channel_id = thread.id if thread is not None else interaction.channel_id
        if channel_id is None:
            raise UserError("Run this in a thread or name one.")
        channel = await resolve_channel(self.bot, channel_id)
        if channel.guild.id != actor.guild_id:
            raise UserError("That thread is not on this server.")
        await check_can_read(channel, interaction.user)
        await interaction.response.defer(thinking=True, ephemeral=private)
        number = await summaries.session_thread(actor.guild_id, channel.id)
        if number is not None:
            digest = await summaries.summarize_session(actor.guild_id, number, start)
        else:
            digest = await summaries.summarize(actor.guild_id, await fetch_messages(channel, start))
        if digest.is_empty:
            await interaction.followup.send(
                "There is nothing to summarise there yet.", ephemeral=private
            )
            return
        title = clip(f"Summary of #{channel.name}", 200)
        for embeds in summary_messages(digest, title):
            await interaction.followup.send(
                embeds=embeds, ephemeral=private, allowed_mentions=NO_MENTIONS
            )

    @privacy.command(name="summaries", description="Be left out of (off) or included in summaries")
    @app_commands.describe(setting="off: never quote or count me in summaries; on: include me")
    async def privacy_summaries(
        self, interaction: discord.Interaction, setting: Literal["off", "on"]
    ) -> None:
        actor = actor_from(interaction)
        await self.services.privacy.set_summaries(actor, included=setting == "on")
        text = (
            "You are included in summaries again."
            if setting == "on"
            else "Done: summaries will not quote or count your messages, here or in any "
            "automatic session summary, and they are never sent to a language model."
        )
        await interaction.response.send_message(text, ephemeral=True)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """The pile-on guard: watch replies in session threads when it is turned on."""
        if (
            message.author.bot
            or message.guild is None
            or message.reference is None
            or message.reference.message_id is None
            or not isinstance(message.channel, discord.Thread)
            or not self.services.pile_on.enabled(message.guild.id)
        ):
            return
        target = await self._reply_target(message, message.reference.message_id)
        if target is None or target == message.author.id:
            return
        reminder = await self.services.pile_on.observe_reply(
            message.guild.id, message.channel.id, message.author.id, target
        )
        if reminder:
            await message.channel.send(reminder, allowed_mentions=NO_MENTIONS)

    async def _reply_target(self, message: discord.Message, replied_id: int) -> int | None:
        reference = message.reference
        replied = (reference.resolved or reference.cached_message) if reference else None
        if isinstance(replied, discord.Message):
            return replied.author.id
        if isinstance(replied, discord.DeletedReferencedMessage):
            return None
        try:
            fetched = await message.channel.fetch_message(replied_id)
        except discord.HTTPException:
            return None
        return fetched.author.id
