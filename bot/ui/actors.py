"""Turn an interaction's user into a Discord-free Actor for the services."""

from __future__ import annotations

import discord

from bot.errors import UserError
from bot.services.actors import Actor


def actor_from(interaction: discord.Interaction) -> Actor:
    if interaction.guild_id is None:
        raise UserError("This command works inside a server, not in direct messages.")
    user = interaction.user
    roles = frozenset(role.id for role in getattr(user, "roles", ()))
    permissions = getattr(user, "guild_permissions", None)
    return Actor(
        guild_id=interaction.guild_id,
        member_id=user.id,
        display_name=user.display_name,
        role_ids=roles,
        is_admin=bool(permissions and permissions.administrator),
    )
