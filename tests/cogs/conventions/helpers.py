"""Driving a convention through SimCord the way a chair and members do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.cogs.votes.helpers import vote_on_motion
from tests.support.world import World, reply_text

MOTION = "\n".join(
    [
        "The branch resolves:",
        "to hold a reading group every week,",
        "to publish its minutes,",
        "to elect its officers each year,",
        "to keep its dues low,",
        "to meet in public places,",
        "and to report to the members.",
    ]
)


async def say(world: World, person: Any, command: str, **options: Any) -> str:
    if command == "convention next":  # the chair gives each vote at least a minute
        world.clock.advance(dt.timedelta(minutes=2))
    result = await person.slash(world.channels["general"], command, **options)
    return reply_text(result)


def announcement(world: World, words: str) -> Any:
    """The newest vote announcement in the votes channel whose title has `words`."""
    return next(
        m
        for m in reversed(list(world.channels["votes"].history()))
        if m.embeds and words in (m.embeds[0].title or "") and m.components
    )


async def vote_all(world: World, people: list[Any], words: str, choice: str) -> None:
    shown = announcement(world, words)
    for person in people:
        await vote_on_motion(person, shown, choice)
