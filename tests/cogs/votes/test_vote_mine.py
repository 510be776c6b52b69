"""`/vote mine`: a member's own open votes not yet voted in, with Vote buttons; nothing about
anyone else, nothing about any choice, and never a vote the member is not on the roll of."""

from __future__ import annotations

from tests.cogs.votes.helpers import close_after, create_vote, vote_on_motion
from tests.support.world import World, reply_text


async def test_mine_lists_open_votes_not_yet_voted_with_buttons(world: World) -> None:
    olga = world.organizer()
    ann, ben = world.member("ann"), world.member("ben")
    await create_vote(world, olga, title="Join the strike fund", kind="motion", days=2.0)
    first = world.channels["votes"].last_message
    await create_vote(world, olga, title="Adjourn", kind="motion", days=1.0)
    await vote_on_motion(ben, first, "No")

    anns = await ann.slash(world.channels["general"], "vote mine")
    bens = await ben.slash(world.channels["general"], "vote mine")

    assert anns.ephemeral
    text = reply_text(anns)
    assert text.index("#2") < text.index("#1")  # the vote closing first comes first
    assert "Join the strike fund" in text
    assert "Adjourn" in text
    labels = [c["label"] for row in anns.response.components for c in row["components"]]
    assert labels == ["Vote #2", "Vote #1"]
    assert "Join the strike fund" not in reply_text(bens)  # ben voted in it
    assert "Adjourn" in reply_text(bens)
    # Nothing about his choice, nor anyone else's: the heading and the one vote left.
    assert reply_text(bens).splitlines()[0] == (
        "Open votes you have not voted in yet (only you see this):"
    )
    assert len(reply_text(bens).splitlines()) == 2


async def test_a_mine_button_opens_the_private_ballot_and_the_vote_then_leaves_the_list(
    world: World,
) -> None:
    olga = world.organizer()
    ann = world.member("ann")
    await create_vote(world, olga, title="Adjourn", kind="motion", days=1.0)
    listed = await ann.slash(world.channels["general"], "vote mine")

    ballot = await ann.click(listed.response, label="Vote #1")
    assert ballot.ephemeral
    receipt = await ann.click(ballot.response, label="Yes")

    assert "Your private tracker" in reply_text(receipt)
    again = await ann.slash(world.channels["general"], "vote mine")
    assert reply_text(again) == "You have voted in every open vote you are on the roll of."


async def test_mine_leaves_out_closed_votes_and_votes_the_member_is_not_on_the_roll_of(
    world: World,
) -> None:
    olga = world.organizer()
    await create_vote(world, olga, title="Adjourn", kind="motion", days=1.0)
    latecomer = world.member("late")  # joined after the roll was taken
    outsider = world.outsider()

    assert "Adjourn" not in reply_text(
        await latecomer.slash(world.channels["general"], "vote mine")
    )
    assert "Adjourn" not in reply_text(await outsider.slash(world.channels["general"], "vote mine"))
    await close_after(world, 1)
    assert "Adjourn" not in reply_text(await olga.slash(world.channels["general"], "vote mine"))
