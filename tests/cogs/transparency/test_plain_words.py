"""/audit and the digest in words members read: names not ids, sentences not JSON, checks a
member can run, and the bot never counted as an organizer."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.domain.voting.kinds import VoteKind
from bot.services.voting.records import CreateRequest
from tests.cogs.votes.helpers import create_vote
from tests.services.voting.helpers import use_test_master_key
from tests.support.world import World, reply_text


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)


async def test_audit_entries_read_as_sentences_with_names(world: World) -> None:
    olga, ann = world.organizer(), world.member("ann")
    await create_vote(world, olga, title="Strike fund", kind="motion", days=1.0)
    await olga.slash(world.channels["general"], "vote cancel", vote=1, reason="Wrong date")

    shown = await ann.slash(world.channels["general"], "audit")

    text = shown.response.embeds[0].description
    assert "olga created vote #1 “Strike fund”, a motion by secret ballot." in text
    assert "Vote #1 opened with 2 people on the voter roll" in text
    assert "olga cancelled vote #1 “Strike fund”: Wrong date" in text
    assert "{" not in text
    assert str(olga.id) not in text
    assert "vote.created" not in text


async def test_a_member_can_check_a_noted_audit_head_with_a_command(world: World) -> None:
    olga = world.organizer()
    await create_vote(world, olga, title="Strike fund", kind="motion")
    first = await world.member("ann").slash(world.channels["general"], "audit")
    head_field = next(f for f in first.response.embeds[0].fields if f.name == "Audit head")
    head = re.search(r"`(\d+:[0-9a-f]{64})`", head_field.value)
    assert head is not None
    assert "/audit check:" in head_field.value
    assert "caucus audit verify" not in head_field.value
    await create_vote(world, olga, title="Later", kind="motion")

    checked = await world.member("ann").slash(world.channels["general"], "audit", check=head[1])

    check = next(f for f in checked.response.embeds[0].fields if f.name == "Your check")
    assert check.value.startswith("Nothing recorded up to entry")


async def test_a_rewritten_head_fails_the_members_check(world: World) -> None:
    await create_vote(world, world.organizer(), title="Strike fund", kind="motion")
    forged = "1:" + "0" * 64

    checked = await world.member("ann").slash(world.channels["general"], "audit", check=forged)

    check = next(f for f in checked.response.embeds[0].fields if f.name == "Your check")
    assert "history was rewritten" in check.value


async def test_a_malformed_head_is_refused_clearly(world: World) -> None:
    refused = await world.member("ann").slash(world.channels["general"], "audit", check="12:abc")

    assert "That is not an audit head" in reply_text(refused)


async def test_the_digest_counts_actions_in_sentences_and_never_the_bot(world: World) -> None:
    olga = world.organizer()
    await create_vote(world, olga, title="Strike fund", kind="motion")
    # The bot acting on the members' decision (e.g. adding a voted-for document) is recorded
    # with organizer powers under its own id: it is not an organizer.
    audit = world.services.audit
    bot_id = world.bot.user.id
    async with audit.transaction(world.guild.id) as session:
        await audit.record(
            session,
            guild_id=world.guild.id,
            actor_id=bot_id,
            action="document.added",
            details={"document": "b1", "title": "Voted in", "words": 10, "in_plan": True},
            as_organizer=True,
        )

    shown = await world.member("ann").slash(world.channels["general"], "transparency")

    text = shown.response.embeds[0].description
    assert "Organizer actions: 1" in text
    assert "Organizers created 1 vote." in text
    assert "vote.created" not in text
    assert "document" not in text.split("Organizer actions")[1]
    assert "By organizer: olga 1" in text
    head = next(f for f in shown.response.embeds[0].fields if f.name == "Audit head").value
    assert "caucus audit verify" not in head
    assert "/audit check:" in head


async def test_the_monthly_digest_waits_for_the_whole_member_list(world: World) -> None:
    world.member("ana")
    guild = world.bot.get_guild(world.guild.id)
    assert guild is not None
    ana = world.people["ana"]
    guild._members.pop(ana.id)  # a partial cache, as after a reconnect
    world.clock.advance(dt.timedelta(hours=3))

    await world.services.scheduler.run_due()

    posted = world.channels["announcements"].last_message.embeds[0]
    assert "Members: 1" in posted.description  # ana counted: the list was loaded first


async def test_a_closed_vote_in_the_digest_names_its_kind_in_words(world: World) -> None:
    olga = world.organizer()
    from bot.services.actors import Actor

    organizer = Actor(world.guild.id, olga.id, "olga", frozenset({world.organizer_role.id}))
    info = await world.services.voting.votes.create(
        organizer,
        CreateRequest(
            title="Venue",
            kind=VoteKind.POLL_APPROVAL,
            options=("Hall", "Park"),
            secret=False,
            duration=dt.timedelta(days=1),
        ),
    )
    await world.services.voting.votes.open(world.guild.id, info.id, [olga.id])
    world.clock.advance(dt.timedelta(days=1))
    await world.services.scheduler.run_due()

    shown = await world.member("ann").slash(world.channels["general"], "transparency")

    text = shown.response.embeds[0].description
    assert "Votes held: 1: 1 approval poll." in text
    assert "- Venue (approval poll):" in text
    assert "poll_approval" not in text
