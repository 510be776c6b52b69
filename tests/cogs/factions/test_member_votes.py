"""Dissolution and endorsement are decided by a vote of the faction's members, never by
organizers alone; endorsements show on the ballot as information only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.domain.audit import AuditAction
from bot.domain.factions import ORGANIZER_DISSOLUTION_REFUSAL
from tests.cogs.factions.helpers import call, found, text
from tests.support.world import World


async def faction_of_three(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    await call(world.member("cat"), world, "faction join", name="Red Caucus")


def vote_message(world: World) -> Any:
    return next(
        m for m in reversed(world.channels["general"].history()) if "Member vote F" in m.content
    )


async def test_organizers_cannot_dissolve_a_faction(world: World) -> None:
    await faction_of_three(world)

    refused = await call(world.organizer(), world, "faction dissolve", name="Red Caucus")

    assert refused.ephemeral
    assert text(refused) == ORGANIZER_DISSOLUTION_REFUSAL
    assert len(await world.services.factions.membership.live(world.guild.id)) == 1


async def test_non_members_cannot_call_a_vote_for_the_faction(world: World) -> None:
    await faction_of_three(world)

    refused = await call(world.member("dan"), world, "faction dissolve", name="Red Caucus")

    assert "only be dissolved by a vote among its members" in text(refused)


async def test_a_majority_of_members_dissolves_the_faction_once_all_have_voted(
    world: World,
) -> None:
    await faction_of_three(world)
    called = await call(world.member("cat"), world, "faction dissolve", name="Red Caucus")
    assert "open to its 3 members" in text(called)
    message = vote_message(world)

    first = await world.member("ana").click(message, label="Yes")
    await world.member("ben").click(message, label="Yes")
    assert await world.services.factions.membership.live(world.guild.id) != []  # not yet
    await world.member("cat").click(message, label="No")

    assert "is counted" in text(first)
    assert (
        "Red Caucus is dissolved by its members" in world.channels["general"].last_message.content
    )
    assert await world.services.factions.membership.live(world.guild.id) == []
    entries = await world.services.audit.recent(world.guild.id, limit=3)
    assert entries[-1].action == AuditAction.FACTION_DISSOLVED
    assert entries[-1].actor_id is None  # the members decided, not one person


async def test_non_members_cannot_vote_and_nobody_votes_twice(world: World) -> None:
    await faction_of_three(world)
    await call(world.member("ana"), world, "faction dissolve", name="Red Caucus")
    message = vote_message(world)

    outsider = await world.member("dan").click(message, label="Yes")
    await world.member("ana").click(message, label="No")
    twice = await world.member("ana").click(message, label="Yes")

    assert "Only members of Red Caucus" in text(outsider)
    assert "voted in this vote already" in text(twice)
    vote = await world.services.factions.votes.get(world.guild.id, 1)
    assert (vote.yes, vote.no) == (0, 0)  # sealed: counted only when decided


async def test_a_vote_without_a_majority_fails_at_its_close(world: World) -> None:
    await faction_of_three(world)
    await call(world.member("ana"), world, "faction dissolve", name="Red Caucus")
    await world.member("ana").click(vote_message(world), label="Yes")

    world.clock.advance(dt.timedelta(hours=73))
    await world.services.scheduler.run_due()

    assert "Red Caucus stays" in world.channels["general"].last_message.content
    assert len(await world.services.factions.membership.live(world.guild.id)) == 1


async def election_with_candidates(world: World) -> None:
    general = world.channels["general"]
    await world.organizer().slash(
        general, "vote create", title="Steering committee", kind="election", seats=1, days=3.0
    )
    for name in ("eve", "fay"):
        await world.member(name).slash(general, "vote nominate", vote=1, statement="Me.")


async def test_an_endorsement_by_member_vote_shows_on_the_ballot_as_information(
    world: World,
) -> None:
    await faction_of_three(world)
    await election_with_candidates(world)
    voter, eve = world.member("gus"), world.member("eve")
    await call(
        world.member("ana"), world, "faction endorse", name="Red Caucus", election=1, candidate=eve
    )
    message = vote_message(world)
    await world.member("ana").click(message, label="Yes")
    await world.member("cat").click(message, label="Yes")

    world.clock.advance(dt.timedelta(days=7))
    await world.services.scheduler.run_due()
    announcement = world.channels["votes"].last_message
    ballot = await voter.click(announcement, label="Vote")

    assert any("Red Caucus endorses" in m.content for m in world.channels["general"].history())
    lines = ballot.response.content.splitlines()
    assert any(line.endswith("eve — endorsed by Red Caucus") for line in lines)
    assert any(line.endswith("fay") for line in lines)
    assert "you rank each candidate yourself" in ballot.response.content


async def test_only_candidates_of_an_election_can_be_endorsed(world: World) -> None:
    await faction_of_three(world)
    await election_with_candidates(world)

    refused = await call(
        world.member("ana"),
        world,
        "faction endorse",
        name="Red Caucus",
        election=1,
        candidate=world.member("dan"),
    )
    outsider = await call(
        world.member("dan"),
        world,
        "faction endorse",
        name="Red Caucus",
        election=1,
        candidate=world.member("eve"),
    )

    assert "not a candidate" in text(refused)
    assert "Only members of Red Caucus can call a vote" in text(outsider)
