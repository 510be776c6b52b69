"""Helpers the faction commands share: actors for named members, text from an attachment,
faction-name autocomplete, and the members holding the member role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.errors import UserError
from bot.services.actors import guild_settings
from bot.services.extraction import Sandbox, UnreadableFile, check_upload
from bot.ui.actors import caucus_bot

AUTOCOMPLETE_LIMIT = 25


async def text_of(
    interaction: discord.Interaction,
    text: str | None,
    file: discord.Attachment | None,
    what: str,
    authorize: Callable[[], Awaitable[None]],
) -> str:
    """Typed text, or the text of an attached .txt/.md/.pdf/.html file (not both).

    A file is untrusted: ``authorize`` refuses members who may not act at all before anything
    is downloaded, the declared size is checked before the download, and the bytes are read in
    the sandbox's child process. The interaction is deferred (ephemerally) first, since reading
    a file can take longer than Discord's three seconds."""
    if text and file:
        raise UserError(f"Give the {what} as text or as a file, not both.")
    if file is None:
        return text or ""
    await authorize()
    sandbox: Sandbox = caucus_bot(interaction).services.sandbox
    check_upload(file.filename, file.size, sandbox.limits)
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    data = await file.read()
    if len(data) > sandbox.limits.max_bytes:  # the metadata lied
        limit = sandbox.limits.max_bytes / 1e6
        raise UnreadableFile(
            "size", f"That file is larger than it said; the limit is {limit:.0f} MB."
        )
    extracted, _kind = await sandbox.extract(file.filename, data)
    return extracted


async def reply(interaction: discord.Interaction, content: str, **options: Any) -> None:
    """Answer whether or not the interaction was deferred while a file was read."""
    if interaction.response.is_done():
        await interaction.followup.send(content, **options)
    else:
        await interaction.response.send_message(content, **options)


def member_ids(interaction: discord.Interaction) -> list[int]:
    """Everyone holding the member role now (bots excluded): the roll of an all-member vote."""
    guild = interaction.guild
    if guild is None:
        return []
    role_id = guild_settings(caucus_bot(interaction).services.settings, guild.id).roles.member
    role = guild.get_role(role_id)
    return [] if role is None else [m.id for m in role.members if not m.bot]


async def faction_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    names = await caucus_bot(interaction).services.factions.membership.names(interaction.guild_id)
    typed = current.casefold()
    return [
        app_commands.Choice(name=name, value=name) for name in names if typed in name.casefold()
    ][:AUTOCOMPLETE_LIMIT]
