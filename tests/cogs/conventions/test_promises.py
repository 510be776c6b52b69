"""Attacks on what a convention promises: only the checked-in vote, even when the bot dies
between creating a vote and opening it; every post once; texts paged under Discord's limit
without splitting a line; only the chair moves the agenda; minutes name people, never ids."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.domain.conventions.text import MESSAGE_LIMIT
from bot.services.actors import Actor
from tests.cogs.conventions.helpers import MOTION, announcement, say, vote_all
from tests.cogs.factions.helpers import found
from tests.cogs.factions.test_bulletin import publish
from tests.cogs.votes.helpers import create_vote
from tests.support.world import World, reply_text


async def _convention(world: World, text: str = MOTION) -> tuple[object, list[object]]:
    world.env.settle_timeout = 60  # counts chart inside the interaction (matplotlib import)
    olga = world.organizer()
    members = [world.member(name) for name in ("ann", "ben", "cat")]
    await say(world, olga, "convention create", title="Congress")
    await say(world, olga, "convention item", kind="motion", title="Strategy", text=text)
    for person in (olga, *members):
        await say(world, person, "convention checkin")
    return olga, members


async def test_a_member_who_did_not_check_in_cannot_vote(world: World) -> None:
    olga, _ = await _convention(world)
    zed = world.member("zed")
    await say(world, olga, "convention next")
    await say(world, olga, "convention next")  # no amendments: the motion opens

    refused = await zed.click(announcement(world, "as amended"), label="Vote")

    assert "You were not on the voter roll when this vote opened." in reply_text(refused)


class _CrashingDesk:
    """The bot dies after creating the vote, before opening it."""

    async def open(self, guild_id: int, vote_id: int) -> object:
        raise RuntimeError("power cut")

    async def close(self, guild_id: int, vote_id: int) -> object:
        raise AssertionError("nothing to close")


async def test_a_vote_opened_by_its_job_after_a_crash_still_takes_the_check_in_roll(
    world: World,
) -> None:
    olga, _ = await _convention(world)
    world.member("zed")  # a member, not checked in: the role would put zed on the roll
    await say(world, olga, "convention next")
    chair = Actor(world.guild.id, olga.id, "olga", frozenset({world.organizer_role.id}))
    with pytest.raises(RuntimeError, match="power cut"):
        await world.services.convention_chair.next(chair, 1, 5, _CrashingDesk())

    await world.services.scheduler.run_due()  # the vote's own opening job, after restart

    view = await world.services.conventions.view(world.guild.id, 1)
    vote_id = view.items[0].item.vote_id
    assert vote_id is not None
    info = await world.services.voting.votes.get(world.guild.id, vote_id)
    assert info.state.value == "open"
    assert info.roll_size == 4  # olga, ann, ben, cat: not zed


async def test_posting_again_sends_nothing_twice(world: World) -> None:
    olga, _ = await _convention(world)
    await say(world, olga, "convention next")
    general = world.channels["general"]
    before = [m.id for m in general.history()]

    cog = world.bot.get_cog("ConventionsCog")
    view = await world.services.conventions.view(world.guild.id, 1)
    await cog.posts.publish(view)  # type: ignore[union-attr]
    await cog.posts.publish(view)  # type: ignore[union-attr]

    assert [m.id for m in general.history()] == before
    assert len(general.pinned_messages()) == 1


async def test_a_long_motion_is_paged_under_the_limit_without_splitting_lines(
    world: World,
) -> None:
    lines = [f"Clause {n}: the branch shall " + "organize " * 7 for n in range(1, 121)]
    olga, _ = await _convention(world, "\n".join(lines))
    await say(world, olga, "convention next")

    posted = [m.content for m in world.channels["general"].history() if m.content]
    pages = [c for c in posted if c.startswith("```\n")]
    assert len(pages) > 1
    assert all(len(page) <= MESSAGE_LIMIT for page in pages)
    numbered = [line for page in pages for line in page.split("\n") if not line.startswith("```")]
    assert [int(line.split()[0]) for line in numbered] == list(range(1, 121))
    assert [re.sub(r"^\s*\d+  ", "", line) for line in numbered] == [x.rstrip() for x in lines]


async def test_only_the_chair_moves_the_agenda(world: World) -> None:
    _, members = await _convention(world)
    result = await members[0].slash(world.channels["general"], "convention next")
    assert result.ephemeral
    assert reply_text(result) == "Only the convention's chair can do that."
    view = await world.services.conventions.view(world.guild.id, 1)
    assert view.convention.state.value == "scheduled"


async def test_the_minutes_name_people_and_never_show_their_ids(world: World) -> None:
    olga, members = await _convention(world)
    await say(world, members[0], "convention amend", item=1, action="delete", first=2)
    await say(world, members[1], "convention cosign", item=1, amendment=1)
    await say(world, olga, "convention next")
    await say(world, olga, "convention next")

    minutes = await world.services.conventions.minutes(world.guild.id, 1)

    assert "Proposed by ann; co-signed by ben." in minutes.markdown
    for person in (olga, *members):
        assert str(person.id) not in minutes.markdown


async def test_a_faction_bulletin_document_becomes_a_motion_with_its_paragraphs_wrapped(
    world: World,
) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    await publish(world)
    olga = world.organizer()
    await say(world, olga, "convention create", title="Congress")

    added = await say(world, olga, "convention item", kind="motion", title="Both", bulletin=1)

    assert added == "Item 1 is on the agenda: Both (3 numbered lines)."
    item = (await world.services.conventions.view(world.guild.id, 1)).items[0]
    assert item.lines == (
        "We propose that the branch read the minority's documents alongside the majority's.",
        "",
        "Every position deserves its best statement before a vote.",
    )
    both = await say(world, olga, "convention item", kind="motion", title="X", bulletin=1, text="y")
    assert both == "Give the text, a file, a bulletin document or a reading document: one of them."


async def test_the_minutes_are_posted_once_when_the_convention_closes(world: World) -> None:
    olga, members = await _convention(world)
    await say(world, olga, "convention next")
    await say(world, olga, "convention next")  # the motion opens
    await vote_all(world, members, "as amended", "Yes")
    await say(world, olga, "convention next")  # carried; the agenda is through

    posted = [m for m in world.channels["general"].history() if m.attachments]
    assert [a.filename for a in posted[0].attachments] == [
        "convention-1-minutes.md",
        "vote-1-ballots.csv",
    ]
    assert len(posted) == 1
    cog = world.bot.get_cog("ConventionsCog")
    view = await world.services.conventions.view(world.guild.id, 1)
    await cog.posts.minutes(  # type: ignore[union-attr]
        view, await world.services.conventions.minutes(world.guild.id, 1)
    )
    assert len([m for m in world.channels["general"].history() if m.attachments]) == 1


async def test_a_reading_document_becomes_a_motion_word_for_word(world: World) -> None:
    olga = world.organizer()
    await say(world, olga, "convention create", title="Congress")
    doc = await world.services.corpus.document(world.guild.id, "socialism-in-one-org")
    part = doc.sections[1]

    added = await say(
        world,
        olga,
        "convention item",
        kind="document",
        title="Essay, part 2",
        document="socialism-in-one-org",
        section=2,
    )
    await say(
        world,
        olga,
        "convention item",
        kind="document",
        title="Whole essay",
        document="socialism-in-one-org",
    )

    assert added.startswith("Item 1 is on the agenda: Essay, part 2 (")
    view = await world.services.conventions.view(world.guild.id, 1)
    one, whole = view.items[0], view.items[1]
    # Nothing lost, nothing added: the numbered lines rejoin into the section's paragraphs.
    assert (
        " ".join(x for x in one.lines if x).split()
        == " ".join(p.text for p in part.paragraphs).split()
    )
    assert sum(1 for x in one.lines if not x) == len(part.paragraphs) - 1
    assert all(len(x) <= 100 for x in whole.lines)
    words = " ".join(s.title + " " + " ".join(p.text for p in s.paragraphs) for s in doc.sections)
    assert " ".join(x for x in whole.lines if x).split() == words.split()


async def test_a_reading_document_that_does_not_exist_or_a_section_past_its_end_is_refused(
    world: World,
) -> None:
    olga = world.organizer()
    await say(world, olga, "convention create", title="Congress")
    doc = await world.services.corpus.document(world.guild.id, "socialism-in-one-org")

    past = await say(
        world,
        olga,
        "convention item",
        kind="motion",
        title="X",
        document="socialism-in-one-org",
        section=len(doc.sections) + 1,
    )
    missing = await say(
        world, olga, "convention item", kind="motion", title="X", document="no-such-doc"
    )
    both = await say(
        world,
        olga,
        "convention item",
        kind="motion",
        title="X",
        document="socialism-in-one-org",
        text="y",
    )
    stray = await say(world, olga, "convention item", kind="motion", title="X", section=2, text="y")

    assert past == f"{doc.title} has {len(doc.sections)} sections."
    assert "no-such-doc" in missing
    assert both == "Give the text, a file, a bulletin document or a reading document: one of them."
    assert stray == "A section is of a reading document: give the document too."
    assert (await world.services.conventions.view(world.guild.id, 1)).items == ()


def _who(embed: Any) -> str:
    return next(f.value for f in embed.fields if f.name == "Who may vote")


async def test_an_election_at_a_convention_says_the_checked_in_vote_everywhere(
    world: World,
) -> None:
    world.env.settle_timeout = 60
    olga = world.organizer()
    ann, ben, cat = (world.member(n) for n in ("ann", "ben", "cat"))
    world.member("zed")  # holds the member role, never checks in
    await create_vote(world, olga, title="Steering committee", kind="election", seats=1)
    await say(world, ann, "vote nominate", vote=1, statement="I will keep the minutes.")
    await say(world, olga, "convention create", title="Congress")
    await say(world, olga, "convention item", kind="election", title="Steering", vote=1)
    await say(world, olga, "convention checkin")  # another post of the agenda: no second notice

    notices = [
        m.embeds[0]
        for m in world.channels["votes"].history()
        if m.embeds and (m.embeds[0].title or "").startswith("At convention #1")
    ]
    assert len(notices) == 1
    assert "Nominations open" in (notices[0].title or "")
    assert "checked in to the convention when voting opens" in _who(notices[0])
    assert "with the" not in _who(notices[0])
    shown = await olga.slash(world.channels["general"], "vote show", vote=1)
    assert "checked in to the convention when voting opens" in _who(shown.response.embeds[0])

    for person in (ann, ben, cat):
        await say(world, person, "convention checkin")
    await say(world, olga, "convention next")  # the election opens with the check-in roll

    opened = announcement(world, "Steering committee").embeds[0]
    assert _who(opened).startswith("The members checked in to the convention when voting opened")
    assert "4 people" in _who(opened)
    assert "with the" not in _who(opened)
