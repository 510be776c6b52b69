"""Who may vote: any role or set of roles per vote, chosen by organizers, frozen at open, and
never taken from a partial member list."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.db import jobs as job_repo
from bot.domain.voting.kinds import EligibleRole, VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.errors import NotAllowed
from bot.services.actors import Actor
from bot.services.voting.records import CreateRequest
from tests.cogs.votes.helpers import close_after, create_vote, field, vote_on_motion
from tests.support.world import World, reply_text


def give_role(world: World, person: Any, role: Any) -> None:
    world.env.backend.add_member_role(world.guild.id, person.id, role.id)


def take_role(world: World, person: Any, role: Any) -> None:
    world.env.backend.remove_member_role(world.guild.id, person.id, role.id)


async def test_a_committee_vote_takes_only_the_chosen_role(world: World) -> None:
    olga = world.organizer()
    delegates = world.guild.create_role("Delegates")
    ann, ben = world.member("ann"), world.member("ben")
    give_role(world, ann, delegates)
    await asyncio.sleep(0)

    created = await create_vote(
        world, olga, title="Delegate motion", kind="motion", eligible=delegates.mention
    )

    assert "Who may vote: members with the Delegates role — 1 person." in reply_text(created)
    announcement = world.channels["votes"].last_message
    assert field(announcement.embeds[0], "Who may vote").startswith(
        "Members with the Delegates role — 1 person."
    )
    refused = await ben.click(announcement, label="Vote")
    assert "not on the voter roll" in refused.response.content
    done = await vote_on_motion(ann, announcement, "Yes")
    assert "is cast" in done.response.content


async def test_role_changes_after_opening_do_not_change_the_roll(world: World) -> None:
    olga = world.organizer()
    delegates = world.guild.create_role("Delegates")
    ann, ben = world.member("ann"), world.member("ben")
    give_role(world, ann, delegates)
    await create_vote(
        world, olga, title="Delegate motion", kind="motion", eligible="Delegates", days=1.0
    )
    announcement = world.channels["votes"].last_message

    take_role(world, ann, delegates)  # leaves the committee after the vote opened
    give_role(world, ben, delegates)  # joins it after the vote opened
    await asyncio.sleep(0)

    late = await ben.click(announcement, label="Vote")
    assert "not on the voter roll" in late.response.content
    kept = await vote_on_motion(ann, announcement, "No")
    assert "is cast" in kept.response.content
    await close_after(world, 1)
    result = world.channels["votes"].last_message.embeds[0]
    assert field(result, "Turnout") == "1 of 1 on the roll (100.0%)"


async def test_several_roles_make_one_roll_without_counting_anyone_twice(world: World) -> None:
    olga = world.organizer()
    delegates = world.guild.create_role("Delegates")
    committee = world.guild.create_role("Committee")
    ann, ben, cat = world.member("ann"), world.member("ben"), world.member("cat")
    give_role(world, ann, delegates)
    give_role(world, ben, committee)
    give_role(world, ben, delegates)
    await asyncio.sleep(0)

    created = await create_vote(
        world,
        olga,
        title="Joint motion",
        kind="motion",
        eligible=f"{delegates.mention} {committee.mention}",
    )

    text = reply_text(created)
    assert "members with the Delegates or Committee role — 2 people" in text
    refused = await cat.click(world.channels["votes"].last_message, label="Vote")
    assert "not on the voter roll" in refused.response.content


async def test_an_unknown_role_is_refused_clearly_and_creates_nothing(world: World) -> None:
    olga = world.organizer()

    refused = await create_vote(world, olga, title="Motion", kind="motion", eligible="Delegatez")

    assert "No role here is called 'Delegatez'" in reply_text(refused)
    assert await world.services.voting.votes.list(world.guild.id) == []


async def test_only_organizers_may_choose_who_votes(engine: Any) -> None:
    from tests.support.world import running_world

    async with running_world(engine, voting={"members_can_create": True}) as world:
        ann = world.member("ann")
        member = Actor(world.guild.id, ann.id, "ann", frozenset({world.member_role.id}))
        request = CreateRequest(
            title="Our own roll",
            kind=VoteKind.MOTION,
            eligible_roles=(EligibleRole(world.organizer_role.id, "Organizers"),),
        )
        with pytest.raises(NotAllowed, match="Only organizers can choose who may vote"):
            await world.services.voting.votes.create(member, request)
        # The same member may still create a vote of the whole membership.
        allowed = await world.services.voting.votes.create(
            member, CreateRequest(title="Whole membership", kind=VoteKind.MOTION)
        )
        assert allowed.spec.eligible_roles == ()


# -- the member list must be complete before a roll is taken -----------------------------


def drop_from_cache(world: World, person: Any) -> Any:
    """Make the bot's member cache partial, as after a reconnect before chunking ends."""
    guild = world.bot.get_guild(world.guild.id)
    assert guild is not None
    assert guild.chunked
    guild._members.pop(person.id)
    assert not guild.chunked
    return guild


async def test_an_unchunked_guild_delays_the_opening_until_the_list_is_complete(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    olga = world.organizer()
    ann = world.member("ann")
    guild = drop_from_cache(world, ann)
    real_chunk = type(guild).chunk

    async def gateway_times_out(self: Any, *, cache: bool = True) -> list[Any]:
        raise TimeoutError  # what asyncio.wait_for raises when no chunk arrives in time

    monkeypatch.setattr(type(guild), "chunk", gateway_times_out)

    created = await create_vote(world, olga, title="Picket", kind="motion")

    assert "opens as soon as Discord has sent the full member list" in reply_text(created)
    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.DRAFT
    assert world.channels["votes"].last_message is None
    await close_after(world, 60 / 86400)  # the retry is due; the list is still incomplete
    assert (await world.services.voting.votes.get(world.guild.id, 1)).state is VoteState.DRAFT

    monkeypatch.setattr(type(guild), "chunk", real_chunk)  # the gateway answers again
    world.clock.advance(dt.timedelta(minutes=5))
    await world.services.scheduler.run_due()

    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.OPEN
    assert info.roll_size == 2  # ann, whom the partial cache had lost, is on the roll
    done = await vote_on_motion(ann, world.channels["votes"].last_message, "Yes")
    assert "is cast" in done.response.content


async def test_an_unchunked_guild_is_chunked_first_when_the_gateway_answers(
    world: World,
) -> None:
    olga = world.organizer()
    ann = world.member("ann")
    drop_from_cache(world, ann)

    created = await create_vote(world, olga, title="Picket", kind="motion")

    assert "members with the Members role — 2 people" in reply_text(created)


async def test_an_opening_that_gave_up_waiting_is_queued_again_when_the_bot_is_ready(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    olga = world.organizer()
    ann = world.member("ann")
    guild = drop_from_cache(world, ann)
    real_chunk = type(guild).chunk

    async def gateway_times_out(self: Any, *, cache: bool = True) -> list[Any]:
        raise TimeoutError

    monkeypatch.setattr(type(guild), "chunk", gateway_times_out)
    await create_vote(world, olga, title="Picket", kind="motion")
    for _ in range(8):  # every retry the scheduler allows, and then some
        await close_after(world, 1 / 24)
    async with world.services.core.sessions() as session:
        job = await job_repo.get(session, "vote.open:1")
    assert job is not None
    assert job.state == "failed"
    assert (await world.services.voting.votes.get(world.guild.id, 1)).state is VoteState.DRAFT

    monkeypatch.setattr(type(guild), "chunk", real_chunk)
    await world.restart()  # ready again, with the whole member list
    await world.services.scheduler.run_due()

    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.OPEN
    assert info.roll_size == 2
