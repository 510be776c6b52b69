"""A convention end to end through the real command tree: an agenda of a motion with three
amendments (one carried, one lost, one lapsed), an election and a report; the pinned agenda,
the posted texts, the votes on the checked-in roll, and minutes that reproduce every result."""

from __future__ import annotations

from typing import Any

from bot.domain.conventions.agenda import ConventionState
from bot.domain.conventions.amendments import AmendmentResult
from tests.cogs.conventions.helpers import MOTION, announcement, say, vote_all
from tests.cogs.votes.helpers import create_vote
from tests.cogs.votes.test_election_flow import rank_with_selects
from tests.support.world import World


async def run_convention(world: World) -> dict[str, Any]:
    # `/convention next` counts and charts inside the interaction (deferred): the first chart
    # imports matplotlib, which took 6 s on the shared test machine, past SimCord's 5 s.
    world.env.settle_timeout = 60
    olga = world.organizer()
    people = {name: world.member(name) for name in ("ann", "ben", "cat", "dan", "eve")}
    ann, ben, cat, dan, eve = people.values()
    world.member("zed")  # a member who never checks in
    await create_vote(world, olga, title="Steering committee", kind="election", seats=1)
    await say(world, ann, "vote nominate", vote=1, statement="I will keep the minutes.")
    await say(world, ben, "vote nominate", vote=1, statement="Reading groups in every ward.")

    await say(world, olga, "convention create", title="Annual convention", hours=8.0)
    await say(world, olga, "convention item", kind="motion", title="Strategy", text=MOTION)
    await say(world, olga, "convention item", kind="election", title="Steering", vote=1)
    await say(
        world, olga, "convention item", kind="report", title="Treasurer", text="Dues are up 5%."
    )
    for person in (olga, ann, ben, cat, dan, eve):
        await say(world, person, "convention checkin")

    # 1: lines 2-3 (carried); 2: line 3 (lapses, inside 1); 3: line 6 (lost).
    await say(
        world,
        ann,
        "convention amend",
        item=1,
        action="replace",
        first=2,
        last=3,
        text="to hold a reading group every week and publish its minutes,",
    )
    await say(
        world,
        ben,
        "convention amend",
        item=1,
        action="replace",
        first=3,
        text="to publish its minutes within a week,",
    )
    await say(world, cat, "convention amend", item=1, action="delete", first=6)
    for number in (1, 2, 3):
        await say(world, dan, "convention cosign", item=1, amendment=number)
    await say(world, eve, "convention minority", item=3, text="Dues should fall, not rise.")

    steps = [await say(world, olga, "convention next")]  # in session, item 1
    steps.append(await say(world, olga, "convention next"))  # amendment 1 opens
    await vote_all(world, [ann, ben, cat, dan], "amendment 1", "Yes")
    steps.append(await say(world, olga, "convention next"))  # 1 carried, 2 lapses, 3 opens
    await vote_all(world, [ann, ben, dan, eve], "amendment 3", "No")
    await vote_all(world, [cat], "amendment 3", "Yes")
    steps.append(await say(world, olga, "convention next"))  # 3 lost, the motion opens
    await vote_all(world, [olga, ann, ben, cat, dan], "as amended", "Yes")
    steps.append(await say(world, olga, "convention next"))  # carried; election opens
    election = announcement(world, "Steering committee")
    for person, ranking in ((ann, ["ann"]), (ben, ["ben"]), (cat, ["ann"]), (dan, ["ann"])):
        await rank_with_selects(person, election, ranking)
    steps.append(await say(world, olga, "convention next"))  # election closed; report
    steps.append(await say(world, olga, "convention next"))  # report received; closed
    return {"steps": steps, "people": people, "olga": olga}


async def test_the_convention_runs_and_every_result_is_recorded(world: World) -> None:
    run = await run_convention(world)
    steps = run["steps"]

    assert "Voting is open on amendment 1." in steps[1]
    assert "Amendment 1 carried" in steps[2]
    assert "Amendment 2 lapses: amendment 1, carried, already changed its lines." in steps[2]
    assert "Voting is open on amendment 3." in steps[2]
    assert "Amendment 3 lost" in steps[3]
    assert "The motion as amended, item 1: The motion is carried." in steps[4]
    assert "Voting is open in the election" in steps[4]
    assert "The election closed: Elected: ann" in steps[5]
    assert "the convention is closed" in steps[6]

    view = await world.services.conventions.view(world.guild.id, 1)
    assert view.convention.state is ConventionState.CLOSED
    motion = view.items[0]
    results = {a.number: a.result for a in motion.amendments}
    assert results == {
        1: AmendmentResult.CARRIED,
        2: AmendmentResult.LAPSED,
        3: AmendmentResult.LOST,
    }
    assert motion.item.final_text == "\n".join(
        [
            "The branch resolves:",
            "to hold a reading group every week and publish its minutes,",
            "to elect its officers each year,",
            "to keep its dues low,",
            "to meet in public places,",
            "and to report to the members.",
        ]
    )
    # Every vote's roll was the six checked in, never the seven members.
    for info in motion.votes.values():
        assert info.roll_size == 6
    assert view.items[1].votes[1].roll_size == 6


async def test_the_agenda_is_pinned_and_the_texts_are_posted_once(world: World) -> None:
    await run_convention(world)
    general = world.channels["general"]

    pinned = general.pinned_messages()
    assert len(pinned) == 1
    agenda = pinned[0].embeds[0]
    assert agenda.title == "Convention #1: Annual convention"
    assert "6** members checked in" in agenda.description
    assert "1. Strategy (motion) — done" in agenda.fields[0].value
    contents = [m.content for m in general.history() if m.content]
    moved = [c for c in contents if c.startswith("**Item 1: Strategy** (motion), as moved")]
    assert len(moved) == 1
    assert any("2  to hold a reading group every week," in c for c in contents)
    diffs = [c for c in contents if c.startswith("**Item 1, amendment")]
    assert [d.split("**")[1] for d in diffs] == ["Item 1, amendment 1", "Item 1, amendment 3"]
    assert "proposed by ann, co-signed by dan" in diffs[0]
    assert "- 2  to hold a reading group every week," in diffs[0]
    final = next(c for c in contents if "as finally put" in c)
    assert "Amendment 2 (replace line 3 with 1 line, ben): lapsed" in final


async def test_a_convention_vote_says_who_may_vote_is_who_checked_in(world: World) -> None:
    await run_convention(world)
    shown = announcement_any(world, "amendment 1")
    who = next(f.value for f in shown.embeds[0].fields if f.name == "Who may vote")
    assert who.startswith("The members checked in to the convention when voting opened — 6")


async def test_the_minutes_reproduce_every_result(world: World) -> None:
    run = await run_convention(world)
    result = await run["olga"].slash(world.channels["general"], "convention minutes")
    posted = result.followups[-1] if result.followups else result.response
    names = [a.filename for a in posted.attachments]
    assert names[0] == "convention-1-minutes.md"
    assert "vote-1-ballots.blt" in names
    markdown = (await posted.attachments[0].read()).decode()
    for expected in (
        "# Minutes of Annual convention",
        "6 members checked in: olga, ann, ben, cat, dan, eve.",
        "#### Amendment 1: replace lines 2-3 with 1 line — carried",
        "#### Amendment 2: replace line 3 with 1 line — lapsed (amendment 1, carried",
        "#### Amendment 3: delete line 6 — lost",
        "Proposed by cat; co-signed by dan.",
        "- Votes: Yes 1, No 4, Abstain 0",
        "**The motion is carried.**",
        "- Elected: ann",
        "By eve:",
        "> Dues should fall, not rise.",
        "The audit log is intact",
    ):
        assert expected in markdown, expected
    minutes = await world.services.conventions.minutes(world.guild.id, 1)
    assert minutes.markdown == markdown  # the file is the record, rendered the same twice


def announcement_any(world: World, words: str) -> Any:
    return next(
        m
        for m in world.channels["votes"].history()
        if m.embeds and words in (m.embeds[0].title or "")
    )
