"""What the faction services share: rules from config, domain errors as member errors, lookups."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from bot.config import FactionSettings, GuildSettings
from bot.db import factions as repo
from bot.db.session import DbSession
from bot.domain.factions import (
    FactionError,
    FactionRules,
    MinorityReportRules,
    ReadingPlanDecider,
    name_key,
)
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.actors import Actor, require_member


def faction_rules(settings: FactionSettings) -> FactionRules:
    return FactionRules(
        co_founders_required=settings.co_founders_required,
        allow_roles=settings.create_roles,
        allow_channels=settings.create_channels,
        reading_plan_decider=ReadingPlanDecider(settings.reading_proposals_decided_by),
    )


def report_rules(settings: FactionSettings) -> MinorityReportRules:
    return MinorityReportRules(
        window=timedelta(hours=settings.minority_report_window_hours),
        faction_cosigners_required=settings.minority_report_faction_signers,
        member_cosigners_required=settings.minority_report_cosigners,
    )


def enabled_guild(settings_guild: GuildSettings) -> GuildSettings:
    if not settings_guild.factions.enabled:
        raise NotAllowed("Factions are turned off in this server's config.")
    return settings_guild


def member_guild(actor: Actor, guild: GuildSettings) -> GuildSettings:
    """The guild's settings once we know factions are on and the actor is a member."""
    enabled_guild(guild)
    require_member(actor, guild)
    return guild


@contextmanager
def as_user_errors() -> Iterator[None]:
    """A refused domain action becomes the member-facing error of the same message."""
    try:
        yield
    except FactionError as error:
        kind: type[UserError] = NotAllowed if _is_permission(error.message) else Conflict
        raise kind(error.message) from None


def _is_permission(message: str) -> bool:
    return message.startswith(("Only ", "Organizers cannot", "Co-founders must be eligible"))


async def find_faction(
    session: DbSession, guild_id: int, name: str, *, live_only: bool = True
) -> repo.StoredFaction:
    """A founded faction by name (case, spacing and look-alike letters do not matter)."""
    key = name_key(name)
    factions = await repo.list_factions(session, guild_id, include_dissolved=not live_only)
    founded = [f for f in factions if f.is_founded and name_key(f.name) == key]
    if not founded:
        raise NotFound(f"There is no faction called {name.strip()!r}. See `/faction list`.")
    live = [f for f in founded if f.faction.is_active]
    return live[0] if live else founded[-1]


# A founding waits this long for its co-founders to agree; after that the name is free again.
FOUNDING_WINDOW = timedelta(days=7)
