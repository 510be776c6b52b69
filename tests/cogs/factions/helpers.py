"""Driving factions through SimCord the way members do."""

from __future__ import annotations

from typing import Any

from tests.support.world import World, reply_text


async def found(world: World, name: str, founder: str, cofounder: str, **options: Any) -> Any:
    """Found a faction: the founder proposes it, the co-founder presses Co-found."""
    general = world.channels["general"]
    proposed = await world.member(founder).slash(
        general, "faction create", name=name, cofounder=world.member(cofounder), **options
    )
    return await world.member(cofounder).click(proposed.response, label="Co-found")


def text(result: Any) -> str:
    return reply_text(result)


async def call(person: Any, world: World, command: str, **options: Any) -> Any:
    return await person.slash(world.channels["general"], command, **options)
