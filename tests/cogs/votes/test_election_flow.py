"""A small STV election end to end: nominate, accept, open, rank on the phone flow, close."""

from __future__ import annotations

from typing import Any

from bot.domain.voting.publish import parse_published
from tests.cogs.votes.helpers import close_after, create_vote, field
from tests.support.world import World

BALLOTS = {  # voter -> names, most preferred first
    "ann": ["ann", "ben"],
    "ben": ["ben", "ann"],
    "cat": ["ann", "cat"],
    "dan": ["ann", "ben"],
    "eve": ["cat", "ben"],
    "fay": ["ben"],
    "gus": ["ann", "cat", "ben"],
}


async def rank_with_selects(person: Any, announcement: Any, names: list[str]) -> Any:
    """Pick 1st, 2nd, ... choice from selects, then cast (the phone flow)."""
    shown = (await person.click(announcement, label="Vote")).response
    for name in names:
        select = next(c for row in shown.components for c in row["components"] if c["type"] == 3)
        value = next(o["value"] for o in select["options"] if o["label"] == name)
        shown = (await person.select(shown, [value])).response
    return await person.click(shown, label="Cast this ranking")


async def nominate_three(world: World) -> None:
    general = world.channels["general"]
    ann, ben, cat = world.member("ann"), world.member("ben"), world.member("cat")
    await ann.slash(general, "vote nominate", vote=1, statement="I will keep the minutes.")
    await ann.slash(general, "vote nominate", vote=1, member=ben)
    await ben.slash(general, "vote accept", vote=1, statement="Reading groups in every ward.")
    await cat.slash(general, "vote nominate", vote=1, statement="Dues transparency.")


async def test_an_election_counts_by_stv_and_publishes_stages_chart_and_blt(
    world: World,
) -> None:
    olga = world.organizer()
    people = {name: world.member(name) for name in BALLOTS}
    await create_vote(world, olga, title="Steering committee", kind="election", seats=2, days=3.0)
    await nominate_three(world)

    await close_after(world, 7)  # nominations close, voting opens
    announcement = world.channels["votes"].last_message
    receipts = [await rank_with_selects(people[n], announcement, r) for n, r in BALLOTS.items()]
    await close_after(world, 3)

    assert all("Your private tracker" in r.response.content for r in receipts)
    result = world.channels["votes"].last_message
    embed = result.embeds[0]
    assert embed.description == "**Elected: ann, ben**"
    sheet = field(embed, "Count sheet")
    assert "1. First choices" in sheet
    assert "2. ann's surplus" in sheet
    story = field(embed, "How the count went")
    assert "reaches the quota" in story
    assert "ann reached the quota" in story
    assert [a.filename for a in result.attachments] == ["count.png", "vote-1-ballots.blt"]
    png = await result.attachments[0].read()
    assert png.startswith(b"\x89PNG")
    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.published is not None
    published = parse_published(info.spec, info.published.text)
    assert len(published) == len(BALLOTS)


async def test_each_candidate_gets_a_qa_thread_when_nominations_close(world: World) -> None:
    await create_vote(world, world.organizer(), title="Treasurer", kind="election")
    await nominate_three(world)

    await close_after(world, 7)

    names = sorted(t.name for t in world.channels["votes"].threads)
    assert names == ["Q&A: ann (vote #1)", "Q&A: ben (vote #1)", "Q&A: cat (vote #1)"]
    announcement = world.channels["votes"].last_message.embeds[0]
    assert "questions in <#" in field(announcement, "Candidates")


async def test_a_pending_nomination_is_not_on_the_ballot(world: World) -> None:
    general = world.channels["general"]
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(world, world.organizer(), title="Secretary", kind="election")
    await ann.slash(general, "vote nominate", vote=1, statement="Me.")
    await ann.slash(general, "vote nominate", vote=1, member=ben)

    await close_after(world, 7)

    candidates = field(world.channels["votes"].last_message.embeds[0], "Candidates")
    assert "ann" in candidates
    assert "ben" not in candidates


async def test_a_typed_ranking_is_read_against_the_voters_own_list(world: World) -> None:
    olga, dan = world.organizer(), world.member("dan")
    await create_vote(world, olga, title="Chair", kind="election", secret=False, days=2.0)
    await nominate_three(world)
    await close_after(world, 7)

    ballot = await dan.click(world.channels["votes"].last_message, label="Vote")
    shown = [line.split(". ", 1)[1] for line in ballot.response.content.splitlines()[2:5]]
    modal = await dan.click(ballot.response, label="Type my ranking")
    await dan.submit_modal(modal, {"ranking": "3 1"})
    await close_after(world, 2)

    roll_call = field(world.channels["votes"].last_message.embeds[0], "Roll call")
    assert roll_call == f"<@{dan.id}>: 1. {shown[2]}, 2. {shown[0]}"


async def test_an_election_nobody_stood_for_is_cancelled_with_a_notice(world: World) -> None:
    await create_vote(world, world.organizer(), title="Auditor", kind="election")

    await close_after(world, 7)

    notice = world.channels["votes"].last_message.content
    assert "could not open" in notice
    assert "It has been cancelled" in notice
