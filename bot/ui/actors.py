"""From an interaction to what the services take: the Discord-free Actor of a member, and the
bot (with its services) that received the interaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.errors import UserError
from bot.services.actors import Actor

if TYPE_CHECKING:
    from bot.app import CaucusBot


def member_actor(member: discord.Member | discord.User, guild_id: int) -> Actor:
    """The one conversion of a Discord member into an Actor (roles and administrator right
    when Discord sent them; none for a user seen outside the guild)."""
    permissions = getattr(member, "guild_permissions", None)
    return Actor(
        guild_id=guild_id,
        member_id=member.id,
        display_name=member.display_name,
        role_ids=frozenset(role.id for role in getattr(member, "roles", ())),
        is_admin=bool(permissions and permissions.administrator),
    )


def actor_from(interaction: discord.Interaction) -> Actor:
    if interaction.guild_id is None:
        raise UserError("This command works inside a server, not in direct messages.")
    return member_actor(interaction.user, interaction.guild_id)


def caucus_bot(interaction: discord.Interaction) -> CaucusBot:
    """The Caucus bot behind an interaction, typed (every interaction Caucus handles reaches
    it through its own client; anything else is a wiring bug)."""
    from bot.app import CaucusBot

    client = interaction.client
    if not isinstance(client, CaucusBot):
        raise TypeError(f"interaction received by {type(client).__name__}, not CaucusBot")
    return client
