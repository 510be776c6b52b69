"""Helpers the faction commands share: actors for named members, text from an attachment,
faction-name autocomplete, and the members holding the member role."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.errors import UserError
from bot.services.actors import Actor, guild_settings
from bot.services.conversion import upload_to_text

AUTOCOMPLETE_LIMIT = 25


def member_actor(member: discord.Member | discord.User, guild_id: int) -> Actor:
    roles = frozenset(role.id for role in getattr(member, "roles", ()))
    permissions = getattr(member, "guild_permissions", None)
    return Actor(
        guild_id=guild_id,
        member_id=member.id,
        display_name=member.display_name,
        role_ids=roles,
        is_admin=bool(permissions and permissions.administrator),
    )


async def text_of(text: str | None, file: discord.Attachment | None, what: str) -> str:
    """Typed text, or the text of an attached .txt/.md/.pdf/.html file (not both)."""
    if text and file:
        raise UserError(f"Give the {what} as text or as a file, not both.")
    if file is None:
        return text or ""
    extracted, _kind = upload_to_text(file.filename, await file.read())
    return extracted


def member_ids(interaction: discord.Interaction) -> list[int]:
    """Everyone holding the member role now (bots excluded): the roll of an all-member vote."""
    guild = interaction.guild
    if guild is None:
        return []
    role_id = guild_settings(interaction.client.services.settings, guild.id).roles.member  # type: ignore[attr-defined]
    role = guild.get_role(role_id)
    return [] if role is None else [m.id for m in role.members if not m.bot]


async def faction_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    names = await interaction.client.services.factions.membership.names(  # type: ignore[attr-defined]
        interaction.guild_id
    )
    typed = current.casefold()
    return [
        app_commands.Choice(name=name, value=name) for name in names if typed in name.casefold()
    ][:AUTOCOMPLETE_LIMIT]
