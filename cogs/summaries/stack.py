"""`/stack join|leave|next|show`: a progressive speakers' stack per channel or thread, shown in
one live embed that the bot edits in place (the message id is stored, so a restart keeps it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.services.summaries.stack import StackState
from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS
from cogs.summaries.embeds import stack_embed

if TYPE_CHECKING:
    from bot.app import CaucusBot


class StackCog(commands.GroupCog, group_name="stack", group_description="Speakers' stack"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.stacks = bot.services.summaries.stacks

    @app_commands.command(name="join", description="Ask for the floor in this channel")
    async def join(self, interaction: discord.Interaction) -> None:
        state = await self.stacks.join(actor_from(interaction), _channel_id(interaction))
        place = state.position_of(interaction.user.id)
        await interaction.response.send_message(
            f"You are on the stack: number {place} of {len(state.queue)}.", ephemeral=True
        )
        await self._refresh(interaction, state)

    @app_commands.command(name="leave", description="Leave the speakers' stack")
    async def leave(self, interaction: discord.Interaction) -> None:
        state = await self.stacks.leave(actor_from(interaction), _channel_id(interaction))
        await interaction.response.send_message("You left the stack.", ephemeral=True)
        await self._refresh(interaction, state)

    @app_commands.command(name="next", description="Organizers: give the floor to the next")
    async def next(self, interaction: discord.Interaction) -> None:
        state = await self.stacks.next(actor_from(interaction), _channel_id(interaction))
        if state.speaker_name is None:
            text = "Nobody is waiting on the stack; the floor is open."
        else:
            name = discord.utils.escape_markdown(state.speaker_name)
            text = f"**{name}** has the floor."
        await interaction.response.send_message(text, allowed_mentions=NO_MENTIONS)
        await self._refresh(interaction, state)

    @app_commands.command(name="show", description="Show the speakers' stack")
    async def show(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        state = await self.stacks.show(actor.guild_id, _channel_id(interaction))
        await interaction.response.send_message(embed=stack_embed(state), ephemeral=True)
        await self._refresh(interaction, state)

    async def _refresh(self, interaction: discord.Interaction, state: StackState) -> None:
        """Edit the live embed in place; post a new one if there is none (or it was deleted)."""
        channel = interaction.channel
        if not isinstance(channel, discord.abc.Messageable):
            return
        embed = stack_embed(state)
        if state.message_id is not None:
            live = self.bot.get_partial_messageable(state.channel_id, guild_id=state.guild_id)
            try:
                await live.get_partial_message(state.message_id).edit(embed=embed)
                return
            except discord.NotFound:
                pass
        message = await channel.send(embed=embed, allowed_mentions=NO_MENTIONS)
        await self.stacks.set_message(state.guild_id, state.channel_id, message.id)


def _channel_id(interaction: discord.Interaction) -> int:
    if interaction.channel_id is None:
        raise UserError("Use the stack in a channel or thread.")
    return interaction.channel_id
