"""More of the reading program: member-suggested prompts, an organizer's upload, blind-first
answers revealed together, and a session missed while the bot was down.

They follow the summary scenes (session 1 has closed, session 2 is on 18 December): the
upload becomes session 3, on 25 December, which the "downtime" then makes the bot miss.
"""

from __future__ import annotations

import datetime as dt

from caucus_demo.context import DemoContext
from caucus_demo.fake_discord import FakeUpload
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.summary_scenes import session_thread

SECOND_DOCUMENT = "critique-iso-strategy"
SESSION_2_UTC = dt.datetime(2026, 12, 18, 0, 0, tzinfo=dt.UTC)
SESSION_3_UTC = dt.datetime(2026, 12, 25, 0, 0, tzinfo=dt.UTC)
SUGGESTED_PROMPT = (
    "Which of the author's three proposed projects could our branch start this winter, "
    "and who would we need to ask first?"
)
BLIND_ANSWERS = (
    ("ana", "A reading potluck with the tenants' union: we already share a hall with them."),
    ("ben", "A members' bulletin first: it costs nothing and gives the quiet ones a voice."),
)
UPLOAD_TITLE = "An Open Bulletin for Riverside"
UPLOAD = FakeUpload(
    "open-bulletin.md",
    b"""# An Open Bulletin for Riverside

## Why a bulletin

Our branch decides things in meetings that half the members cannot attend. A bulletin that
any member can write for, published before each monthly meeting, lets a shift worker argue a
motion as fully as someone who can be in the room. It also leaves a record: next year's
members can read why we chose what we chose.

## How it would work

Any member may submit a piece of up to a thousand words. Organizers publish every piece that
is not abuse, in the order received, without editing beyond spelling. Replies go in the next
issue. A minority that loses a vote may publish its case, and the majority answers in writing
rather than by closing the question.

## What it would cost

An evening a month for two volunteers who rotate each quarter, so no one becomes the
bulletin's gatekeeper. The branch pays for nothing but printing a few copies for members who
do not read online.
""",
    "text/markdown",
)


async def members_suggest_prompts(ctx: DemoContext) -> None:
    """Members suggest a discussion prompt; an organizer approves it"""
    suggested = await ctx.slash(
        "eve", "prompt suggest", {"document": SECOND_DOCUMENT, "text": SUGGESTED_PROMPT}
    )
    ctx.expect("waiting for an organizer" in (suggested.content or ""), "eve's suggestion waits")
    pending = await ctx.slash("olga", "prompt pending")
    ctx.expect("#1" in (pending.content or ""), "/prompt pending should list suggestion #1")
    approved = await ctx.slash("olga", "prompt approve", {"suggestion": 1})
    ctx.expect("Approved #1" in (approved.content or ""), "olga's approval should be confirmed")


async def an_organizer_adds_a_document(ctx: DemoContext) -> None:
    """An organizer uploads a document and appends it to the plan"""
    refused = await ctx.slash(
        "ben", "corpus add", {"file": UPLOAD, "title": UPLOAD_TITLE, "author": "Riverside"}
    )
    ctx.expect("organizers" in (refused.content or "").lower(), "only organizers add documents")
    added = await ctx.slash(
        "olga",
        "corpus add",
        {"file": UPLOAD, "title": UPLOAD_TITLE, "author": "Riverside", "add_to_plan": True},
    )
    ctx.expect("appended to the plan" in added.text, "olga's upload should join the plan")
    schedule = await ctx.slash("dan", "reading schedule")
    ctx.expect(UPLOAD_TITLE[:20] in schedule.text, "the upload should be session 3")


async def blind_first_answers(ctx: DemoContext) -> None:
    """Blind-first: answers stay hidden until they are revealed together"""
    guild = ctx.services.settings.guild(ctx.guild.id)
    assert guild is not None
    ctx.stage.configure(reading={**guild.reading.model_dump(mode="python"), "blind_first": True})
    await ctx.services.plans.sync(ctx.guild.id)  # what a restart with the new config does
    ctx.say(
        "The organizers set blind_first = true in the config and restart Caucus: from session 2 "
        "on, /respond answers stay hidden until 48 hours after the session starts."
    )
    await ctx.advance_to(SESSION_2_UTC)
    prompts = ctx.fake.messages_in(session_thread(ctx, 2)["id"])[-1]
    ctx.expect(
        SUGGESTED_PROMPT in (prompts["embeds"][0].get("description") or ""),
        "session 2's prompts should include eve's approved suggestion",
    )
    for name, answer in BLIND_ANSWERS:
        opened = await ctx.slash(name, "respond")
        assert opened.modal is not None
        saved = await ctx.submit_modal(name, opened.modal["custom_id"], {"answer": answer})
        ctx.expect("blind-first" in (saved.content or ""), f"{name}'s answer should stay hidden")
    hidden = await ctx.slash("dan", "responses")
    ctx.expect("No visible responses" in (hidden.content or ""), "nothing shows before the reveal")
    await ctx.advance_to(SESSION_2_UTC + dt.timedelta(hours=48))
    revealed = ctx.fake.messages_in(session_thread(ctx, 2)["id"])
    titles = [embed.get("title") or "" for m in revealed for embed in m.get("embeds", [])]
    ctx.expect(
        f"{len(BLIND_ANSWERS)} responses, revealed together" in titles,
        "the answers should be revealed together in the thread",
    )


async def a_post_missed_during_downtime(ctx: DemoContext) -> None:
    """Caucus is down when session 3 is due; it says so instead of posting days late"""
    ctx.say(
        "Caucus's host goes down on Christmas Eve and is back on the 26th. On start-up the "
        "scheduler finds what fell due meanwhile: late work within its grace period runs, "
        "a session post more than 6 hours late is announced as missed."
    )
    await ctx.advance_to(SESSION_3_UTC + dt.timedelta(days=1, hours=12))
    notices = ctx.fake.messages_in(ctx.stage.branch.channel_id("announcements"))
    ctx.expect(
        any("session 3 was due" in m["content"] for m in notices),
        "#announcements should say session 3 was missed",
    )


async def the_missed_session_is_posted_late(ctx: DemoContext) -> None:
    """An organizer posts the missed session late; members mark it read and take the calendar"""
    posted = await ctx.slash("olga", "reading post-missed", {"session": 3})
    ctx.expect("posted late" in posted.text, "session 3 should be posted on request")
    await ctx.stage.settle()
    thread = session_thread(ctx, 3)["id"]
    prompts = next(
        m
        for m in reversed(ctx.fake.messages_in(thread))
        if any(
            c.get("custom_id") == "caucus:read:3" for c in walk_components(m.get("components", []))
        )
    )
    await ctx.click("ana", prompts, "caucus:read:3")
    progress = await ctx.slash("ben", "reading progress", {"session": 3})
    ctx.expect("1" in progress.text, "one member should have read session 3")
    calendar = await ctx.slash("dan", "reading calendar")
    names = [
        a["filename"]
        for m in [*calendar.followups, calendar.message or {}]
        for a in m.get("attachments", [])
    ]
    ctx.expect(any(n.endswith(".ics") for n in names), f"a calendar file should come, got {names}")
