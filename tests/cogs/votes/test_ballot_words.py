"""Ballots that follow the vote's definition, and results members can read without jargon."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from tests.cogs.votes.helpers import close_after, create_vote, field, vote_on_motion
from tests.support.world import World, reply_text


async def test_an_approval_poll_limited_to_one_approval_accepts_ballots(world: World) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(
        world,
        world.organizer(),
        title="Chair",
        kind="approval",
        options="Ann, Ben, Cat",
        max_approvals=1,
        days=1.0,
    )
    announcement = world.channels["votes"].last_message

    receipts = []
    for person, choice in ((ann, "1"), (ben, "1")):
        ballot = await person.click(announcement, label="Vote")
        assert ballot.response.components[0]["components"][0]["max_values"] == 1
        receipts.append(await person.select(ballot.response, [choice]))
    await close_after(world, 1)

    assert all("is cast" in r.response.content for r in receipts)
    result = world.channels["votes"].last_message.embeds[0]
    assert result.description == "**Winner: Ann**"
    assert field(result, "Turnout").startswith("2 of")


async def test_a_meek_count_sheet_names_every_stage_in_plain_words(world: World) -> None:
    olga = world.organizer()
    general = world.channels["general"]
    people = {n: world.member(n) for n in ("ann", "ben", "cat", "dan", "eve", "fay", "gus")}
    await create_vote(
        world, olga, title="Committee", kind="election", seats=2, method="meek", days=3.0
    )
    for name in ("ann", "ben", "cat"):
        await people[name].slash(general, "vote nominate", vote=1, statement="Hello.")
    await close_after(world, 7)
    announcement = world.channels["votes"].last_message
    rankings = {
        "ann": "ann, ben",
        "ben": "ben, ann",
        "cat": "ann, cat",
        "dan": "ann, ben",
        "eve": "cat, ben",
        "fay": "ben",
        "gus": "ann, cat, ben",
    }
    for name, ranking in rankings.items():
        shown = await people[name].click(announcement, label="Vote")
        form = await people[name].click(shown.response, label="Type my ranking")
        await people[name].submit_modal(form, {"ranking": ranking})
    await close_after(world, 3)

    embed = world.channels["votes"].last_message.embeds[0]
    sheet, story = field(embed, "Count sheet"), field(embed, "How the count went")
    assert "None" not in sheet
    assert "None" not in story
    assert "ann's surplus" in sheet
    assert "the votes they do not need (their surplus) pass on" in story


async def test_a_tie_by_lot_is_explained_and_anyone_can_redo_it(
    world: World, tmp_path: Path
) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(
        world, world.organizer(), title="Venue", kind="poll", options="Library, Park", days=1.0
    )
    announcement = world.channels["votes"].last_message
    for person, choice in ((ann, "1"), (ben, "2")):
        ballot = await person.click(announcement, label="Vote")
        await person.select(ballot.response, [choice])
    await close_after(world, 1)

    result = world.channels["votes"].last_message
    embed = result.embeds[0]
    assert "seed" not in (embed.footer.text or "").lower()
    ties = field(embed, "Ties")
    assert "Library and Park were tied on who won; it was decided by lot" in ties
    draw = re.search(r"`(random\.Random\(\d+\)\.choice\(\[.*?\]\))` gives (\w+)", ties)
    assert draw is not None
    winner = embed.description.removeprefix("**Winner: ").removesuffix("**")
    assert draw[2] == winner
    # The draw is reproducible exactly as written.
    redo = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", f"import random; print({draw[1]})"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert redo.stdout.strip() == winner


async def test_a_ranked_draw_by_lot_is_redone_by_the_command_given(
    world: World, tmp_path: Path
) -> None:
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(
        world,
        world.organizer(),
        title="Book",
        kind="ranked",
        method="irv",
        options="Capital, Grundrisse, Reform or Revolution",
        days=1.0,
    )
    announcement = world.channels["votes"].last_message
    for person, ranking in ((ann, "Capital"), (ben, "Grundrisse")):
        shown = await person.click(announcement, label="Vote")
        form = await person.click(shown.response, label="Type my ranking")
        await person.submit_modal(form, {"ranking": ranking})
    await close_after(world, 1)

    result = world.channels["votes"].last_message
    embed = result.embeds[0]
    ties = field(embed, "Ties")
    command = re.search(r"`caucus tally (\S+) --method (\S+) --seed (\d+)`", ties)
    assert command is not None
    name, method, seed = command.groups()
    ballots = next(a for a in result.attachments if a.filename == name)
    (tmp_path / name).write_bytes(await ballots.read())
    recount = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "tally", name, "--method", method, "--seed", seed],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    winner = embed.description.removeprefix("**Winner: ").removesuffix("**")
    assert f"elected: {winner}\n" in recount.stdout


async def test_verify_without_a_tracker_explains_how_to_check_a_ballot(world: World) -> None:
    shown = await world.member("ann").slash(world.channels["general"], "vote verify")

    text = reply_text(shown)
    assert text.startswith("**How to check your ballot**")
    assert "/vote verify tracker:" in text
    assert shown.response.ephemeral


async def test_verify_before_the_close_says_ballots_are_published_at_close(
    world: World,
) -> None:
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion", days=1.0)
    done = await vote_on_motion(ann, world.channels["votes"].last_message, "Yes")
    tracker = done.response.content.split("`")[1]

    early = await ann.slash(world.channels["general"], "vote verify", tracker=tracker)

    text = reply_text(early)
    assert "published when the vote closes" in text
    assert "Check the code" not in text
