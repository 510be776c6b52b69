"""A convention: the chair sets an agenda (a motion, an election, a report), members check in,
propose and co-sign amendments and a minority report; the amendments are voted before the
motion in line order (one carried, one lapsed, one lost), then the motion as amended, the
election and the report; the minutes are posted. Members see their own open votes with
`/vote mine`. Runs on fresh votes of its own, after the other vote scenes."""

from __future__ import annotations

import datetime as dt

from caucus_demo.context import DemoContext
from caucus_demo.fake_discord import InteractionResult
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.vote_scenes import (
    TRACKER,
    _rank_select,
    announcement,
    cast_motion_quietly,
    vote_number,
    votes_channel,
)

MOTION = "\n".join(
    [
        "The branch resolves:",
        "to hold a reading group every week,",
        "to publish its minutes,",
        "to keep its dues low,",
        "and to report to the members.",
    ]
)
PRESENT = ("olga", "ana", "ben", "chen", "dan", "eve")


def _newest_vote(ctx: DemoContext) -> int:
    """The vote number on the newest announcement with a Vote button."""
    for message in reversed(votes_channel(ctx)):
        for component in walk_components(message["components"]):
            custom_id = str(component.get("custom_id", ""))
            if custom_id.startswith("caucus:vote:"):
                return int(custom_id.rsplit(":", 1)[1])
    raise AssertionError("no open vote announced")


async def _all_vote(ctx: DemoContext, choices: dict[str, str]) -> int:
    vote = _newest_vote(ctx)
    for who, choice in choices.items():
        await cast_motion_quietly(ctx, who, vote, choice)
    return vote


async def _rank_one(ctx: DemoContext, who: str, vote: int, name: str) -> None:
    member = ctx.people[who].id
    step = await ctx.fake.click(announcement(ctx, vote)["id"], f"caucus:vote:{vote}", member)
    assert step.message is not None
    custom_id, values = _rank_select(step.message)
    step = await ctx.fake.select(step.message["id"], custom_id, [values[name]], member)
    assert step.message is not None
    cast = next(
        str(c["custom_id"])
        for c in walk_components(step.message["components"])
        if c.get("label") == "Cast this ranking"
    )
    receipt = await ctx.fake.click(step.message["id"], cast, member)
    ctx.expect(TRACKER.search(receipt.content or "") is not None, f"{who}'s ranking was not cast")


async def _next(ctx: DemoContext, expected: str) -> InteractionResult:
    await ctx.advance(dt.timedelta(minutes=2))  # members take a couple of minutes to vote
    step = await ctx.slash("olga", "convention next")
    ctx.expect(expected in step.text, f"/convention next should say {expected!r}: {step.text!r}")
    return step


async def a_convention_with_amendments(ctx: DemoContext) -> None:
    """A convention: an agenda, check-in, amendments voted before the motion, minutes"""
    created = await ctx.slash(
        "olga", "vote create", {"title": "Branch secretary", "kind": "election", "seats": 1}
    )
    election = vote_number(created)
    await ctx.slash("dan", "vote nominate", {"vote": election, "statement": "Minutes on time."})
    await ctx.slash("olga", "convention create", {"title": "Branch convention", "hours": 6})
    await ctx.slash(
        "olga", "convention item", {"kind": "motion", "title": "Our year", "text": MOTION}
    )
    await ctx.slash(
        "olga",
        "convention item",
        {"kind": "election", "title": "Branch secretary", "vote": election},
    )
    await ctx.slash(
        "olga",
        "convention item",
        {"kind": "report", "title": "Treasurer's report", "text": "Dues income rose 5%."},
    )
    await ctx.slash("ana", "convention checkin")
    ctx.say("Five more members check in (not shown); fay does not come.")
    for who in PRESENT:
        if who != "ana":
            await ctx.fake.invoke_slash(ctx.guild.id, ctx.people[who].id, "convention checkin", {})
    await ctx.slash("ana", "convention text", {"item": 1})
    await ctx.slash(
        "ana",
        "convention amend",
        {
            "item": 1,
            "action": "replace",
            "first": 2,
            "last": 3,
            "text": "to hold a reading group every week and publish its minutes,",
        },
    )
    await ctx.slash(
        "ben",
        "convention amend",
        {"item": 1, "action": "replace", "first": 3, "text": "to publish its minutes monthly,"},
    )
    await ctx.slash("chen", "convention amend", {"item": 1, "action": "delete", "first": 4})
    for number in (1, 2, 3):
        await ctx.slash("eve", "convention cosign", {"item": 1, "amendment": number})
    await ctx.slash(
        "eve", "convention minority", {"item": 3, "text": "Dues should fall, not rise."}
    )
    await _next(ctx, "The convention is in session.")
    await _next(ctx, "Voting is open on amendment 1.")
    await ctx.slash("ben", "vote mine")
    await _all_vote(ctx, {"ana": "yes", "ben": "yes", "chen": "yes", "dan": "no"})
    await _next(ctx, "Amendment 2 lapses: amendment 1, carried, already changed its lines.")
    await _all_vote(ctx, {"ana": "no", "ben": "no", "dan": "no", "chen": "yes"})
    await _next(ctx, "Amendment 3 lost")
    await _all_vote(ctx, {"olga": "yes", "ana": "yes", "ben": "yes", "chen": "yes"})
    await _next(ctx, "Voting is open in the election")
    for who in ("ana", "ben", "dan"):
        await _rank_one(ctx, who, election, "dan")
    await _next(ctx, "The election closed: Elected: dan")
    await ctx.slash("ana", "convention show")
    await _next(ctx, "the convention is closed")
    minutes = await ctx.slash("olga", "convention minutes")
    ctx.expect("minutes of convention #1" in minutes.text, "the minutes should be posted")
    view = await ctx.services.conventions.view(ctx.guild.id, 1)
    results = [a.result.value for a in view.items[0].in_voting_order()]
    ctx.expect(results == ["carried", "lapsed", "lost"], f"amendment results: {results}")
