"""Attacks on the convention's schedule: items open and close on the clock, the convention
starts and ends on it, and each happens once: across a restart, when a job runs again, and
when the chair's `/convention next` races the clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.domain.conventions.agenda import ConventionState, ItemState
from bot.domain.voting.lifecycle import VoteState
from bot.services.conventions.records import END_JOB, ITEM_CLOSE_JOB, ITEM_OPEN_JOB
from cogs.conventions.cog import ConventionsCog
from tests.cogs.conventions.helpers import MOTION, say
from tests.support.world import World

HOUR = dt.timedelta(hours=1)


def local(world: World, moment: dt.datetime) -> str:
    guild = world.services.settings.guild(world.guild.id)
    assert guild is not None
    return moment.astimezone(guild.zone).strftime("%Y-%m-%d %H:%M")


async def tick(world: World, by: dt.timedelta) -> None:
    world.clock.advance(by)
    await world.services.scheduler.run_due()


async def audited(world: World, action: str, item: int | None = None) -> int:
    entries = await world.services.audit.recent(world.guild.id, limit=1000)
    return sum(
        1 for e in entries if e.action == action and (item is None or e.details.get("item") == item)
    )


async def state(world: World) -> Any:
    return await world.services.conventions.view(world.guild.id, 1)


def minutes_posts(world: World) -> int:
    return sum(
        1
        for m in world.channels["general"].history()
        if (m.content or "").startswith("The minutes of convention #1")
    )


async def rerun(world: World, kind: str, position: int | None) -> Any:
    """A job of the schedule running a second time (a crash before its finish was recorded)."""
    return await world.services.convention_chair.on_clock(
        world.guild.id, kind, 1, position, 4, _desk(world)
    )


async def checked_in(world: World) -> Any:
    olga = world.organizer()
    for person in (olga, *(world.member(n) for n in ("ann", "ben", "cat"))):
        await say(world, person, "convention checkin")
    return olga


async def test_items_open_and_close_on_the_clock_across_restarts_once_each(
    world: World,
) -> None:
    world.env.settle_timeout = 60
    olga = world.organizer()
    start = world.clock.now()
    await say(
        world,
        olga,
        "convention create",
        title="Congress",
        hours=4.0,
        starts=local(world, start + HOUR),
    )
    await say(
        world,
        olga,
        "convention item",
        kind="report",
        title="Treasurer",
        text="Dues are in.",
        opens=local(world, start + 1.5 * HOUR),
        closes=local(world, start + 2 * HOUR),
    )
    await say(world, olga, "convention item", kind="motion", title="Strategy", text=MOTION)
    await checked_in(world)

    await tick(world, 30 * dt.timedelta(minutes=1))
    assert (await state(world)).convention.state is ConventionState.SCHEDULED

    await tick(world, 30 * dt.timedelta(minutes=1))  # the start: in session, item 1 waits
    view = await state(world)
    assert view.convention.state is ConventionState.IN_SESSION
    assert view.items[0].item.state is ItemState.PENDING

    await world.restart()
    await tick(world, 30 * dt.timedelta(minutes=1))  # item 1's opening time
    assert (await state(world)).items[0].item.state is ItemState.OPEN
    assert await rerun(world, ITEM_OPEN_JOB, 1) is None
    assert await audited(world, "convention.item_opened", 1) == 1

    await world.restart()
    await tick(world, 30 * dt.timedelta(minutes=1))  # item 1's closing time
    view = await state(world)
    assert view.items[0].item.state is ItemState.DONE
    assert view.items[1].item.state is ItemState.OPEN  # no time of its own: it follows
    assert await rerun(world, ITEM_CLOSE_JOB, 1) is None
    assert await audited(world, "convention.item_done", 1) == 1
    assert await audited(world, "convention.item_opened", 2) == 1

    await world.restart()
    await tick(world, 3 * HOUR)  # the convention's end
    view = await state(world)
    assert view.convention.state is ConventionState.CLOSED
    assert view.items[1].item.state is ItemState.DONE
    assert view.items[1].item.final_text is None  # its vote was never reached: not adopted
    assert minutes_posts(world) == 1
    assert await rerun(world, END_JOB, None) is None
    await tick(world, HOUR)
    assert minutes_posts(world) == 1
    assert await audited(world, "convention.closed") == 1
    scheduled = [
        e
        for e in await world.services.audit.recent(world.guild.id, limit=1000)
        if e.action.startswith("convention.")
        and e.action not in {"convention.created", "convention.item_added"}
    ]
    assert scheduled
    assert all(e.actor_id is None for e in scheduled)  # the bot's own acts


async def test_an_item_waits_for_its_opening_time_when_the_clock_closes_the_one_before(
    world: World,
) -> None:
    world.env.settle_timeout = 60
    olga = world.organizer()
    start = world.clock.now()
    await say(world, olga, "convention create", title="Congress", hours=6.0)
    await say(
        world,
        olga,
        "convention item",
        kind="report",
        title="Treasurer",
        text="Dues.",
        closes=local(world, start + HOUR),
    )
    await say(
        world,
        olga,
        "convention item",
        kind="report",
        title="Secretary",
        text="Minutes.",
        opens=local(world, start + 3 * HOUR),
    )
    await checked_in(world)
    await say(world, olga, "convention next")  # the chair opens item 1

    await tick(world, HOUR)
    view = await state(world)
    assert [i.item.state for i in view.items] == [ItemState.DONE, ItemState.PENDING]
    await tick(world, 2 * HOUR)
    assert (await state(world)).items[1].item.state is ItemState.OPEN


async def test_a_motion_closing_on_the_clock_closes_its_vote_in_progress(world: World) -> None:
    world.env.settle_timeout = 60
    olga = world.organizer()
    start = world.clock.now()
    await say(world, olga, "convention create", title="Congress", hours=6.0)
    await say(
        world,
        olga,
        "convention item",
        kind="motion",
        title="Strategy",
        text=MOTION,
        closes=local(world, start + HOUR),
    )
    await checked_in(world)
    await say(world, olga, "convention next")  # the item opens
    world.clock.advance(start + HOUR - dt.timedelta(seconds=30) - world.clock.now())
    await world.services.convention_chair.next(  # the motion's vote opens a moment before
        _chair(world, olga), 1, 4, _desk(world)
    )
    vote_id = (await state(world)).items[0].item.vote_id
    assert vote_id is not None

    await tick(world, dt.timedelta(seconds=30))  # closing time: not bound by the minute rule

    view = await state(world)
    assert view.items[0].item.state is ItemState.DONE
    info = await world.services.voting.votes.get(world.guild.id, vote_id)
    assert info.state is not VoteState.OPEN
    assert view.convention.state is ConventionState.CLOSED  # the agenda is through
    assert minutes_posts(world) == 1


def _chair(world: World, person: Any) -> Any:
    from bot.services.actors import Actor

    return Actor(world.guild.id, person.id, "olga", frozenset({world.organizer_role.id}))


def _desk(world: World) -> Any:
    # Not isinstance: discord.py drops an extension's modules from sys.modules when a bot
    # unloads it (a restart, or another test's bot closing), and the next load imports them
    # again, so the class this module imported may not be the class of the running cog.
    cog: Any = world.bot.get_cog("ConventionsCog")
    assert type(cog).__name__ == ConventionsCog.__name__
    return cog.desk
