"""Faction documents in the bulletin, and proposing them for the reading plan (decided by a
member vote or by the organizers, as the config says)."""

from __future__ import annotations

from typing import Any

from tests.cogs.factions.helpers import call, found, text
from tests.support.world import World, running_world

COUNTER = (
    "We propose that the branch read the minority's documents alongside the majority's.\n\n"
    "Every position deserves its best statement before a vote.\n"
)


async def publish(world: World, person: str = "ana", **options: Any) -> Any:
    return await call(
        world.member(person),
        world,
        "faction publish",
        name="Red Caucus",
        kind="counter_proposal",
        title="Read both sides",
        text=COUNTER,
        **options,
    )


async def test_members_of_a_faction_publish_and_everyone_reads_the_bulletin(
    world: World,
) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    published = await publish(world)
    listing = await call(world.outsider(), world, "bulletin")
    reading = await call(world.member("dan"), world, "bulletin", document=1)

    assert "in the bulletin as B1" in text(published)
    assert "**B1** Read both sides — Red Caucus" in listing.response.embeds[0].description
    assert "Every position deserves" in reading.response.embeds[0].description


async def test_non_members_cannot_publish_in_a_factions_name(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    refused = await publish(world, person="dan")

    assert refused.ephemeral
    assert "Only members of Red Caucus can publish documents in its name" in text(refused)


async def test_a_reading_proposal_accepted_by_member_vote_joins_the_plan(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    voters = [world.member(n) for n in ("cat", "dan")]
    await publish(world)

    proposed = await call(world.member("ben"), world, "faction propose", document=1)
    message = next(m for m in world.channels["votes"].history() if "Member vote F1" in m.content)
    # Decided once everyone on the roll has voted (never earlier: see vote_deciding.py).
    for person in [world.member("ana"), world.member("ben"), *voters]:
        await person.click(message, label="Yes")

    assert "all 4 members vote" in text(proposed)
    ids = await world.services.corpus.plan_document_ids(world.guild.id)
    assert ids[-1] == "read-both-sides"
    document = await world.services.factions.bulletin.get(world.guild.id, 1)
    assert document.outcome == "accepted"


async def test_organizers_cannot_decide_what_the_members_decide_by_vote(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    await publish(world)
    await call(world.member("ana"), world, "faction propose", document=1)

    refused = await call(world.organizer(), world, "proposal decide", document=1, accept=True)

    assert "The members decide by a vote" in text(refused)


async def test_organizers_decide_when_the_config_says_so(engine: Any) -> None:
    async with running_world(engine, factions={"reading_proposals_decided_by": "organizers"}) as w:
        await found(w, "Red Caucus", "ana", "ben")
        await publish(w)
        await call(w.member("ana"), w, "faction propose", document=1)

        member = await call(w.member("ben"), w, "proposal decide", document=1, accept=True)
        pending = await call(w.organizer(), w, "proposal pending")
        decided = await call(w.organizer(), w, "proposal decide", document=1, accept=True)

        assert "Only an organizer can decide" in text(member)
        assert "B1" in pending.response.embeds[0].description
        assert "accepted by the organizers" in text(decided)
        assert (await w.services.corpus.plan_document_ids(w.guild.id))[-1] == "read-both-sides"
