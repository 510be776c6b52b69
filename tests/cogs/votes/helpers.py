"""Driving votes through SimCord the way members do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.support.world import World


async def create_vote(world: World, person: Any, **options: Any) -> Any:
    result = await person.slash(world.channels["general"], "vote create", **options)
    assert result.ephemeral
    return result


async def close_after(world: World, days: float) -> None:
    world.clock.advance(dt.timedelta(days=days))
    await world.services.scheduler.run_due()


async def vote_on_motion(person: Any, announcement: Any, choice: str) -> Any:
    ballot = await person.click(announcement, label="Vote")
    assert ballot.ephemeral
    return await person.click(ballot.response, label=choice)


def field(embed: Any, name: str) -> str:
    return next(f.value for f in embed.fields if f.name.startswith(name))
