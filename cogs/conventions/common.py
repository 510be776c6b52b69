"""What every `/convention` command asks first: who is acting, and on which convention."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.errors import NotFound
from bot.ui.actors import actor_from

if TYPE_CHECKING:
    from bot.services.actors import Actor
    from bot.services.container import Services


async def which_convention(
    services: Services, interaction: discord.Interaction, convention: int | None
) -> int:
    """The convention named, or else the one under way in this server."""
    if convention is not None:
        return convention
    guild_id = actor_from(interaction).guild_id
    found = await services.conventions.latest_open(guild_id)
    if found is None:
        raise NotFound(
            "There is no convention under way; the chair starts one with `/convention create`."
        )
    return found


async def acting(
    services: Services, interaction: discord.Interaction, convention: int | None
) -> tuple[Actor, int]:
    """The member acting and the convention they act on (as `which_convention`)."""
    actor = actor_from(interaction)
    return actor, await which_convention(services, interaction, convention)
