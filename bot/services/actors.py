"""Who is acting, in Discord-free terms, and the role checks every feature shares."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import GuildSettings, Settings
from bot.errors import NotAllowed, NotFound


@dataclass(frozen=True)
class Actor:
    guild_id: int
    member_id: int
    display_name: str
    role_ids: frozenset[int] = frozenset()
    is_admin: bool = False


def guild_settings(settings: Settings, guild_id: int | None) -> GuildSettings:
    guild = settings.guild(guild_id) if guild_id is not None else None
    if guild is None:
        raise NotFound(
            "Caucus is not configured for this server. Ask an admin to add it to the config."
        )
    return guild


def is_organizer(actor: Actor, guild: GuildSettings) -> bool:
    return actor.is_admin or guild.roles.organizer in actor.role_ids


def is_member(actor: Actor, guild: GuildSettings) -> bool:
    return is_organizer(actor, guild) or guild.roles.member in actor.role_ids


def require_organizer(actor: Actor, guild: GuildSettings) -> None:
    if not is_organizer(actor, guild):
        raise NotAllowed("Only organizers can do that.")


def require_member(actor: Actor, guild: GuildSettings) -> None:
    if not is_member(actor, guild):
        raise NotAllowed("Only members of the organization can do that.")
