"""Scenes for votes: a secret motion decided on the clock, and a small STV election from
nominations to a published, verifiable count.

Ballots open privately from the announcement's Vote button. A few voters' steps are shown
one by one; the rest of the branch votes off-screen through the same buttons, so the
transcript stays readable.
"""

from __future__ import annotations

import datetime as dt
import re

from caucus_demo.context import DemoContext, DemoFailure
from caucus_demo.fake_discord import InteractionResult
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.fake_discord.state import Payload

VOTE_NUMBER = re.compile(r"Vote #(\d+)")
TRACKER = re.compile(r"Your private tracker: `([^`]+)`")
BALLOT_LINES_SHOWN = 4
ELECTION_NOTE = "election"  # the election's vote number, in DemoContext.notes
TRACKER_NOTE = "ana_tracker"
# Who ranks whom in the election, most preferred first. Quota 3 of 7: ana's surplus and then
# chen's exclusion give ben the second seat.
RANKINGS = {
    "ana": ["ana", "ben"],
    "ben": ["ben", "ana"],
    "chen": ["chen", "ben"],
    "dan": ["ana", "chen"],
    "eve": ["ana", "ben"],
    "olga": ["ana", "ben"],
    "fay": ["ben"],
}


def vote_number(result: InteractionResult) -> int:
    found = VOTE_NUMBER.search(result.text)
    if found is None:
        raise AssertionError(f"no vote number in {result.text!r}")
    return int(found.group(1))


def votes_channel(ctx: DemoContext) -> list[Payload]:
    return ctx.fake.messages_in(ctx.stage.branch.channel_id("votes"))


def announcement(ctx: DemoContext, vote: int) -> Payload:
    """The public message carrying this vote's Vote button."""
    custom_id = f"caucus:vote:{vote}"
    for message in reversed(votes_channel(ctx)):
        if any(c.get("custom_id") == custom_id for c in walk_components(message["components"])):
            return message
    raise AssertionError(f"vote #{vote} has no announcement with a Vote button")


def result_message(ctx: DemoContext, vote: int) -> Payload:
    for message in reversed(votes_channel(ctx)):
        embeds = message.get("embeds", [])
        if embeds and str(embeds[0].get("title", "")).startswith(f"Result — Vote #{vote}:"):
            return message
    raise AssertionError(f"vote #{vote} has no published result")


def field_value(message: Payload, prefix: str) -> str:
    fields = message["embeds"][0].get("fields", [])
    return next((str(f["value"]) for f in fields if str(f["name"]).startswith(prefix)), "")


async def cast_motion_quietly(ctx: DemoContext, who: str, vote: int, choice: str) -> None:
    """An off-screen voter: the same button and ballot, not printed."""
    member = ctx.people[who].id
    ballot = await ctx.fake.click(announcement(ctx, vote)["id"], f"caucus:vote:{vote}", member)
    ctx.expect(ballot.message is not None, f"{who}'s ballot did not open")
    assert ballot.message is not None
    receipt = await ctx.fake.click(ballot.message["id"], f"caucus:motion:{vote}:{choice}", member)
    ctx.expect(TRACKER.search(receipt.content or "") is not None, f"{who}'s ballot was not cast")


async def a_motion_decided_on_the_clock(ctx: DemoContext) -> None:
    """A motion: members vote in secret, the deadline passes, the result is published"""
    created = await ctx.slash(
        "olga",
        "vote create",
        {
            "title": "Give $200 to the bus drivers' strike fund",
            "kind": "motion",
            "threshold": "two-thirds",
            "quorum": "50%",
            "days": 2,
            "changeable": False,
        },
    )
    ctx.expect("— 7 people" in created.text, "the roll should hold 7")
    vote = vote_number(created)
    for who, choice in (("ana", "Yes"), ("ben", "Yes")):
        ballot = await ctx.click(who, announcement(ctx, vote), f"caucus:vote:{vote}")
        ctx.expect(ballot.ephemeral, "a ballot opens privately")
        assert ballot.message is not None
        receipt = await ctx.click(who, ballot.message, f"caucus:motion:{vote}:{choice.lower()}")
        ctx.expect(TRACKER.search(receipt.content or "") is not None, "a receipt has a tracker")
    again = await ctx.click("ben", announcement(ctx, vote), f"caucus:vote:{vote}")
    ctx.expect("already voted" in (again.content or ""), "ben's second ballot should be refused")
    ctx.say("chen votes no, dan yes and eve abstains (their ballots work the same way).")
    for who, choice in (("chen", "no"), ("dan", "yes"), ("eve", "abstain")):
        await cast_motion_quietly(ctx, who, vote, choice)
    ctx.say("A day before the deadline, Caucus reminds those who have not voted.")
    await ctx.advance(dt.timedelta(days=1))
    ctx.expect(bool(ctx.fake.dms_to(ctx.people["fay"].id)), "fay should be reminded to vote")
    await ctx.advance(dt.timedelta(days=1))
    result = result_message(ctx, vote)
    ctx.expect(field_value(result, "Turnout").startswith("5 of 7"), "turnout should be 5 of 7")
    ctx.expect(field_value(result, "Threshold").endswith(": met"), "two-thirds should be met")
    names = [a["filename"] for a in result["attachments"]]
    ctx.expect(names == ["count.png", f"vote-{vote}-ballots.csv"], f"attachments were {names}")


async def an_election_opens(ctx: DemoContext) -> None:
    """An election: nominations, statements, and the voter roll frozen at opening"""
    created = await ctx.slash(
        "olga",
        "vote create",
        {"title": "Steering committee", "kind": "election", "seats": 2, "days": 2},
    )
    ctx.expect("nominations are open" in created.text, "the election should open nominations")
    vote = vote_number(created)
    ctx.notes[ELECTION_NOTE] = vote
    await ctx.slash(
        "ana", "vote nominate", {"vote": vote, "statement": "An open bulletin by spring."}
    )
    await ctx.slash("ana", "vote nominate", {"vote": vote, "member": ctx.people["ben"]})
    await ctx.slash(
        "ben", "vote accept", {"vote": vote, "statement": "A reading group in every ward."}
    )
    await ctx.slash(
        "chen", "vote nominate", {"vote": vote, "statement": "Publish the dues, every month."}
    )
    opened = await ctx.advance(dt.timedelta(days=7))
    ctx.expect(opened > 0, "the election should open when nominations close")
    roll = field_value(announcement(ctx, vote), "Who may vote")
    ctx.expect("— 7 people." in roll, f"the roll should be announced, got {roll!r}")


async def ranking_candidates(ctx: DemoContext) -> None:
    """Ranked ballots on a phone: pick 1st, 2nd… from menus, or type the ranking"""
    vote = _open_election(ctx)
    ballot = await ctx.click("ana", announcement(ctx, vote), f"caucus:vote:{vote}")
    for name in RANKINGS["ana"]:
        ballot = await _pick(ctx, "ana", ballot, name)
    assert ballot.message is not None
    receipt = await ctx.click("ana", ballot.message, _button(ballot.message, "Cast this ranking"))
    tracker = TRACKER.search(receipt.content or "")
    ctx.expect(tracker is not None, "ana's receipt should carry her tracker")
    ctx.notes[TRACKER_NOTE] = tracker.group(1) if tracker else ""
    ballot = await ctx.click("ben", announcement(ctx, vote), f"caucus:vote:{vote}")
    assert ballot.message is not None
    form = await ctx.click("ben", ballot.message, f"caucus:ranktype:{vote}")
    assert form.modal is not None
    typed = await ctx.submit_modal(
        "ben", form.modal["custom_id"], {"ranking": ", ".join(RANKINGS["ben"])}
    )
    ctx.expect(TRACKER.search(typed.content or "") is not None, "ben's typed ranking is cast")
    others = [name for name in RANKINGS if name not in ("ana", "ben")]
    ctx.say(f"{', '.join(others)} rank the candidates the same way (not shown).")
    for name in others:
        await _rank_quietly(ctx, name, vote)


async def the_count_is_published(ctx: DemoContext) -> None:
    """The count: stages, chart, the ballot file, and a voter checks her ballot"""
    vote = _open_election(ctx)
    await ctx.advance(dt.timedelta(days=2))
    result = result_message(ctx, vote)
    description = str(result["embeds"][0].get("description") or "")
    ctx.expect("Elected: ana, ben" in description, f"the result was {description!r}")
    names = [a["filename"] for a in result["attachments"]]
    ctx.expect(names == ["count.png", f"vote-{vote}-ballots.blt"], f"attachments were {names}")
    blt = ctx.fake.attachment_bytes(result["attachments"][1]).decode()
    lines = blt.splitlines()
    ctx.say(f"The first lines of {names[1]}: each ballot under its voter's private tracker.")
    for line in lines[:BALLOT_LINES_SHOWN]:
        ctx.say(f"    {line}")
    ctx.say(f"    … ({len(lines) - BALLOT_LINES_SHOWN} more lines)")
    tracker = ctx.notes.get(TRACKER_NOTE, "")
    ctx.expect(tracker in blt, "ana's tracker should be in the published file")
    checked = await ctx.slash("ana", "vote verify", {"tracker": tracker})
    ctx.expect("1. ana, 2. ben" in (checked.content or ""), "ana's ballot should count as cast")


def _open_election(ctx: DemoContext) -> int:
    """The election `an_election_opens` created (other votes may have opened since)."""
    election = ctx.notes.get(ELECTION_NOTE)
    if not isinstance(election, int):
        raise DemoFailure("an earlier scene should have opened the election")
    return election


def _button(message: Payload, label: str) -> str:
    for component in walk_components(message["components"]):
        if component.get("label") == label:
            return str(component["custom_id"])
    raise AssertionError(f"no {label!r} button")


def _rank_select(message: Payload) -> tuple[str, dict[str, str]]:
    """The ranking menu's custom_id, and each candidate's value in it."""
    for component in walk_components(message["components"]):
        if component.get("type") == 3:
            values = {o["label"]: o["value"] for o in component["options"]}
            return str(component["custom_id"]), values
    raise AssertionError("the ballot has no ranking menu")


async def _pick(
    ctx: DemoContext, who: str, ballot: InteractionResult, name: str
) -> InteractionResult:
    assert ballot.message is not None
    custom_id, values = _rank_select(ballot.message)
    return await ctx.select(who, ballot.message, custom_id, [values[name]])


async def _rank_quietly(ctx: DemoContext, who: str, vote: int) -> None:
    member = ctx.people[who].id
    step = await ctx.fake.click(announcement(ctx, vote)["id"], f"caucus:vote:{vote}", member)
    for name in RANKINGS[who]:
        assert step.message is not None
        custom_id, values = _rank_select(step.message)
        step = await ctx.fake.select(step.message["id"], custom_id, [values[name]], member)
    assert step.message is not None
    cast = await ctx.fake.click(
        step.message["id"], _button(step.message, "Cast this ranking"), member
    )
    ctx.expect(TRACKER.search(cast.content or "") is not None, f"{who}'s ranking was not cast")
