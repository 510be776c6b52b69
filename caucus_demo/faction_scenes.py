"""Scenes for open factions: one forms mid-term without asking anyone's permission, publishes
a counter-proposal, endorses a candidate by a vote of its members (shown on the ballot as
information only), and files a minority report on the election's result.

The faction forms while the election is open (after `an_election_opens`); the report is filed
after `the_count_is_published`, within the window after the close.
"""

from __future__ import annotations

import re

from caucus_demo.context import DemoContext
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.fake_discord.state import Payload
from caucus_demo.stage import CHAT_CHANNEL

FACTION = "Open Bulletin Caucus"
COUNTER_PROPOSAL = (
    "Instead of one committee slate chosen in advance, every ward elects its own delegate, "
    "and the bulletin prints every minority position beside the majority's."
)
MINORITY_REPORT = (
    "We accept the count. We dissent from a committee without a single member elected on "
    "publishing the dues: we will keep asking, every month, in the bulletin."
)
MEMBER_VOTE = re.compile(r"\*\*Member vote F(\d+)\*\*")


def _chat(ctx: DemoContext) -> list[Payload]:
    return ctx.fake.messages_in(ctx.stage.branch.channel_id(CHAT_CHANNEL))


def _has_button(ctx: DemoContext, prefix: str) -> bool:
    try:
        _with_button(ctx, prefix)
    except AssertionError:
        return False
    return True


def _with_button(ctx: DemoContext, prefix: str) -> tuple[Payload, str]:
    """The latest chat message carrying a button whose custom_id starts with ``prefix``."""
    for message in reversed(_chat(ctx)):
        for component in walk_components(message.get("components", [])):
            custom_id = str(component.get("custom_id", ""))
            if custom_id.startswith(prefix):
                return message, custom_id
    raise AssertionError(f"no message with a {prefix}… button")


async def a_faction_forms_mid_term(ctx: DemoContext) -> None:
    """A faction forms mid-term: no window, no approval, membership public"""
    proposed = await ctx.slash(
        "chen",
        "faction create",
        {
            "name": FACTION,
            "description": "Publish the dues and every minority position.",
            "cofounder": ctx.people["dan"],
        },
    )
    ctx.expect("Co-found" in str(proposed.message), "the founding should wait for dan")
    message, custom_id = _with_button(ctx, "caucus:cofound:")
    founded = await ctx.click("dan", message, custom_id)
    ctx.expect("is founded" in (founded.content or ""), "dan's agreement should found it")
    await ctx.slash("fay", "faction join", {"name": FACTION})
    listed = await ctx.slash("ana", "faction list")
    ctx.expect(f"{FACTION}** — 3 members" in listed.text, "everyone sees the faction's size")
    refused = await ctx.slash("olga", "faction dissolve", {"name": FACTION})
    ctx.expect(
        "Organizers cannot dissolve a faction" in (refused.content or ""),
        "an organizer alone cannot dissolve a faction",
    )


async def the_faction_publishes_a_counter_proposal(ctx: DemoContext) -> None:
    """The faction publishes a counter-proposal in the bulletin"""
    await ctx.slash(
        "dan",
        "faction publish",
        {
            "name": FACTION,
            "kind": "counter_proposal",
            "title": "A delegate for every ward",
            "text": COUNTER_PROPOSAL,
        },
    )
    outsider = await ctx.slash(
        "ben",
        "faction publish",
        {"name": FACTION, "kind": "platform", "title": "Not ours", "text": "Impostor text."},
    )
    ctx.expect("Only members of" in (outsider.content or ""), "non-members cannot publish")
    shown = await ctx.slash("eve", "bulletin")
    ctx.expect("A delegate for every ward" in shown.text, "the bulletin lists the document")


async def the_faction_endorses_a_candidate(ctx: DemoContext) -> None:
    """The faction endorses a candidate by a vote of its members"""
    election = _open_election_number(ctx)
    await ctx.slash(
        "chen",
        "faction endorse",
        {"name": FACTION, "election": election, "candidate": ctx.people["chen"]},
    )
    await ctx.fake.wait_for(lambda: _has_button(ctx, "caucus:fvote:"))  # sent after the reply
    # The bot records the vote message's id after posting it; the announcement of the result
    # goes where that record says, so members vote once the bot has finished.
    await ctx.stage.quiet()
    ctx.transcript.show_changes()
    message, _ = _with_button(ctx, "caucus:fvote:")
    vote = MEMBER_VOTE.search(str(message.get("content", "")))
    ctx.expect(vote is not None, "the member vote should be posted")
    number = vote.group(1) if vote else "0"
    for who, choice in (("dan", "yes"), ("fay", "yes"), ("chen", "no")):
        await ctx.click(who, message, f"caucus:fvote:{number}:{choice}")
    await ctx.fake.wait_for(
        lambda: any(f"{FACTION} endorses" in str(m.get("content", "")) for m in _chat(ctx))
    )  # all three have voted (sealed ballots are counted then): two yes of three endorse
    ctx.transcript.show_changes()
    ctx.say("On the ballot the endorsement is a note beside chen's name, nothing more:")
    ballot = await ctx.fake.click(
        _vote_announcement(ctx, election)["id"], f"caucus:vote:{election}", ctx.people["eve"].id
    )
    lines = [line for line in (ballot.content or "").splitlines() if "endorsed by" in line]
    ctx.expect(bool(lines), "the ballot should show the endorsement")
    for line in lines:
        ctx.say(f"    {line}")


async def the_faction_files_a_minority_report(ctx: DemoContext) -> None:
    """The faction files a minority report, kept beside the result"""
    election = _latest_closed_vote(ctx)
    filed = await ctx.slash(
        "chen",
        "report file",
        {"vote": election, "text": MINORITY_REPORT, "faction": FACTION},
    )
    ctx.expect("1 of the 2 signatures" in (filed.content or ""), "the report waits for dan")
    await ctx.fake.wait_for(lambda: _has_button(ctx, "caucus:rsign:"))
    await ctx.stage.quiet()  # the bot records the message it posted before members act on it
    ctx.transcript.show_changes()
    message, custom_id = _with_button(ctx, "caucus:rsign:")
    signed = await ctx.click("dan", message, custom_id)
    ctx.expect("is filed" in (signed.content or ""), "dan's signature files the report")
    votes = ctx.stage.branch.channel_id("votes")
    await ctx.fake.wait_for(
        lambda: any(
            str(e.get("title", "")).startswith("Minority report R1")
            for m in ctx.fake.messages_in(votes)
            for e in m.get("embeds", [])
        )
    )  # posted beside the result
    ctx.transcript.show_changes()
    refused = await ctx.slash("olga", "report delete", {"report": 1})
    ctx.expect(
        "Organizers cannot delete a minority report" in (refused.content or ""),
        "organizers cannot delete a minority report",
    )
    decision = await ctx.slash("eve", "decisions", {"vote": election})
    ctx.expect("Minority report R1" in decision.text, "/decisions shows the report")


def _votes(ctx: DemoContext) -> list[Payload]:
    return ctx.fake.messages_in(ctx.stage.branch.channel_id("votes"))


def _vote_announcement(ctx: DemoContext, vote: int) -> Payload:
    for message in reversed(_votes(ctx)):
        ids = [c.get("custom_id") for c in walk_components(message.get("components", []))]
        if f"caucus:vote:{vote}" in ids:
            return message
    raise AssertionError(f"vote #{vote} has no announcement")


def _open_election_number(ctx: DemoContext) -> int:
    for message in reversed(_votes(ctx)):
        for component in walk_components(message.get("components", [])):
            found = re.fullmatch(r"caucus:vote:(\d+)", str(component.get("custom_id", "")))
            if found:
                return int(found.group(1))
    raise AssertionError("no election is open")


def _latest_closed_vote(ctx: DemoContext) -> int:
    for message in reversed(_votes(ctx)):
        for embed in message.get("embeds", []):
            found = re.match(r"Result — Vote #(\d+)", str(embed.get("title", "")))
            if found:
                return int(found.group(1))
    raise AssertionError("no vote has closed")
