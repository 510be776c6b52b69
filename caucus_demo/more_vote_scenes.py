"""Scenes for the other kinds of vote: polls (one choice, approval) with a ballot changed before
the close, a ranked vote counted by Schulze and one by instant runoff, a roll-call motion whose
record names every voter, and the commands that keep track of votes (list, show, cancel).

They run after the election's count, on fresh votes of their own, so no earlier scene depends
on them.
"""

from __future__ import annotations

import datetime as dt

from caucus_demo.context import DemoContext
from caucus_demo.fake_discord import InteractionResult
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.fake_discord.state import Payload
from caucus_demo.vote_scenes import (
    TRACKER,
    announcement,
    field_value,
    result_message,
    vote_number,
)

PLACES = ("Union hall", "Public library", "Online")
TOPICS = ("Housing", "Transit", "Care work", "Climate")
BOOKS = ("Hal Draper", "Rosa Luxemburg", "C. L. R. James")
# Rankings of BOOKS by position (1-based), most preferred first: no majority of first choices,
# so instant runoff needs a second round; Luxemburg beats each other book head to head.
BOOK_RANKINGS = {
    "ana": (2, 1, 3),
    "ben": (1, 2, 3),
    "chen": (3, 2, 1),
    "dan": (2, 3, 1),
    "eve": (1, 2, 3),
    "fay": (3, 2, 1),
    "olga": (2, 1, 3),
}


def _select(message: Payload) -> tuple[str, dict[str, str]]:
    """The ballot's menu: its custom_id and each option's value by label."""
    for component in walk_components(message["components"]):
        if component.get("type") == 3:
            return str(component["custom_id"]), {
                o["label"]: o["value"] for o in component["options"]
            }
    raise AssertionError("the ballot has no menu")


async def _open_ballot(ctx: DemoContext, who: str, vote: int, *, shown: bool) -> Payload:
    message = announcement(ctx, vote)
    if shown:
        ballot = await ctx.click(who, message, f"caucus:vote:{vote}")
    else:
        ballot = await ctx.fake.click(message["id"], f"caucus:vote:{vote}", ctx.people[who].id)
    ctx.expect(ballot.message is not None, f"{who}'s ballot did not open")
    assert ballot.message is not None
    return ballot.message


async def _choose(
    ctx: DemoContext, who: str, vote: int, labels: list[str], *, shown: bool = False
) -> InteractionResult:
    ballot = await _open_ballot(ctx, who, vote, shown=shown)
    custom_id, values = _select(ballot)
    chosen = [values[label] for label in labels]
    if shown:
        receipt = await ctx.select(who, ballot, custom_id, chosen)
    else:
        receipt = await ctx.fake.select(ballot["id"], custom_id, chosen, ctx.people[who].id)
    ctx.expect(TRACKER.search(receipt.content or "") is not None, f"{who}'s ballot was not cast")
    return receipt


async def _rank(ctx: DemoContext, who: str, vote: int, order: tuple[int, ...]) -> None:
    """An off-screen voter ranks BOOKS in `order` through the ranking menus."""
    member = ctx.people[who].id
    step = await ctx.fake.click(announcement(ctx, vote)["id"], f"caucus:vote:{vote}", member)
    for position in order:
        assert step.message is not None
        custom_id, values = _select(step.message)
        step = await ctx.fake.select(
            step.message["id"], custom_id, [values[BOOKS[position - 1]]], member
        )
    assert step.message is not None
    cast = next(
        str(c["custom_id"])
        for c in walk_components(step.message["components"])
        if c.get("label") == "Cast this ranking"
    )
    receipt = await ctx.fake.click(step.message["id"], cast, member)
    ctx.expect(TRACKER.search(receipt.content or "") is not None, f"{who}'s ranking was not cast")


async def polls_and_a_changed_ballot(ctx: DemoContext) -> None:
    """Polls: one choice or approve several, and a member changes her ballot before the close"""
    created = await ctx.slash(
        "olga",
        "vote create",
        {
            "title": "Where should the next reading group meet?",
            "kind": "poll",
            "options": ", ".join(PLACES),
            "days": 1,
            "changeable": True,
        },
    )
    place_poll = vote_number(created)
    first = await _choose(ctx, "ana", place_poll, ["Online"], shown=True)
    changed = await _choose(ctx, "ana", place_poll, ["Union hall"], shown=True)
    ctx.expect(
        TRACKER.search(first.content or "") is not None
        and TRACKER.search(changed.content or "") is not None,
        "each ballot ana casts gets its own tracker",
    )
    ctx.say("Only ana's latest ballot counts; her first tracker stops counting.")
    for who, place in (("ben", "Union hall"), ("chen", "Online"), ("dan", "Union hall")):
        await _choose(ctx, who, place_poll, [place])
    created = await ctx.slash(
        "olga",
        "vote create",
        {
            "title": "Which campaigns should the next term's readings cover?",
            "kind": "approval",
            "options": ", ".join(TOPICS),
            "days": 1,
            "max_approvals": 2,
        },
    )
    topic_poll = vote_number(created)
    await _choose(ctx, "ben", topic_poll, ["Housing", "Care work"], shown=True)
    ctx.say("Four more members approve up to two campaigns each (not shown).")
    for who, topics in (
        ("ana", ["Housing", "Transit"]),
        ("chen", ["Care work"]),
        ("dan", ["Housing", "Climate"]),
        ("eve", ["Housing", "Care work"]),
    ):
        await _choose(ctx, who, topic_poll, topics)
    await ctx.advance(dt.timedelta(days=1))
    place = str(result_message(ctx, place_poll)["embeds"][0].get("description") or "")
    ctx.expect("Union hall" in place, f"Union hall should win the poll, got {place!r}")
    ctx.expect(
        field_value(result_message(ctx, place_poll), "Turnout").startswith("4 of 7"),
        "ana's changed ballot counts once: 4 ballots",
    )
    approved = str(result_message(ctx, topic_poll)["embeds"][0].get("description") or "")
    ctx.expect("Housing" in approved, f"Housing should be approved most, got {approved!r}")


async def ranked_votes_by_two_methods(ctx: DemoContext) -> None:
    """Ranked votes: the same ballots counted by Schulze and by instant runoff"""
    votes = {}
    for method in ("schulze", "irv"):
        created = await ctx.slash(
            "olga",
            "vote create",
            {
                "title": f"Next term's author ({method})",
                "kind": "ranked",
                "options": ", ".join(BOOKS),
                "method": method,
                "days": 1,
            },
        )
        votes[method] = vote_number(created)
    ctx.say("Every member ranks the three authors the same way in both votes (not shown).")
    for vote in votes.values():
        for who, order in BOOK_RANKINGS.items():
            await _rank(ctx, who, vote, order)
    await ctx.advance(dt.timedelta(days=1))
    for method, vote in votes.items():
        text = str(result_message(ctx, vote)["embeds"][0].get("description") or "")
        ctx.expect("Rosa Luxemburg" in text, f"{method} should choose Luxemburg, got {text!r}")


async def a_roll_call_vote(ctx: DemoContext) -> None:
    """A roll-call motion: ballots are public, and the record names how each member voted"""
    created = await ctx.slash(
        "olga",
        "vote create",
        {
            "title": "Endorse the tenants' union's rent strike",
            "kind": "motion",
            "secret": False,
            "days": 1,
        },
    )
    vote = vote_number(created)
    ballot = await _open_ballot(ctx, "ana", vote, shown=True)
    receipt = await ctx.click("ana", ballot, f"caucus:motion:{vote}:yes")
    ctx.expect(receipt.ephemeral, "the receipt is private even in a roll call")
    for who, choice in (("ben", "yes"), ("chen", "no"), ("dan", "yes")):
        quiet = await _open_ballot(ctx, who, vote, shown=False)
        await ctx.fake.click(quiet["id"], f"caucus:motion:{vote}:{choice}", ctx.people[who].id)
    await ctx.advance(dt.timedelta(days=1))
    result = result_message(ctx, vote)
    ctx.expect(field_value(result, "Turnout").startswith("4 of 7"), "turnout should be 4 of 7")
    record = "\n".join(str(f["value"]) for f in result["embeds"][0].get("fields", []))
    named = [who for who in ("ana", "ben", "chen", "dan") if str(ctx.people[who].id) in record]
    ctx.expect(len(named) == 4, f"the roll-call record should name each voter, named {named}")
    await ctx.slash("eve", "vote show", {"vote": vote})


async def keeping_track_of_votes(ctx: DemoContext) -> None:
    """Keeping track: every vote at a glance, one vote's details, and a vote cancelled on record"""
    listed = await ctx.slash("fay", "vote list")
    ctx.expect("Steering committee" in listed.text, "the list should show the election")
    created = await ctx.slash(
        "olga",
        "vote create",
        {"title": "Move the meeting to Thursdays", "kind": "motion", "days": 2},
    )
    vote = vote_number(created)
    refused = await ctx.slash("ana", "vote cancel", {"vote": vote, "reason": "I disagree"})
    ctx.expect(refused.ephemeral and "organizer" in refused.text.lower(), "only organizers cancel")
    cancelled = await ctx.slash(
        "olga", "vote cancel", {"vote": vote, "reason": "Posted twice by mistake"}
    )
    ctx.expect("cancel" in cancelled.text.lower(), "the organizer's cancel should be confirmed")
    shown = await ctx.slash("ana", "vote show", {"vote": vote})
    ctx.expect("cancel" in shown.text.lower(), "the vote should show as cancelled")
