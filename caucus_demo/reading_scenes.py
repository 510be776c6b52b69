"""Scenes for the reading program: the plan, catching up, reminders, posted sessions, responses,
organizer adjustments.

The branch reads two seed documents on Thursdays at 19:00 New York time (READING_CONFIG); the
demo clock starts on Tuesday 1 December 2026, so session 1 opens on Friday 00:00 UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from caucus_demo.context import DemoContext

FIRST_DOCUMENT = "socialism-in-one-org"
READING_CONFIG: dict[str, Any] = {
    "documents": [FIRST_DOCUMENT, "critique-iso-strategy"],
    "start": "2026-12-03",
    "weekday": "thursday",
    "time": "19:00",
    "minutes_per_session": 20,
    "reminder_offsets_hours": [24, 1],
    "event_location": "Union hall, room 2",
}
FIRST_SESSION_UTC = dt.datetime(2026, 12, 4, 0, 0, tzinfo=dt.UTC)


async def the_reading_plan(ctx: DemoContext) -> None:
    """The reading plan comes from the config"""
    ctx.say(
        "The config lists two documents, read Thursdays at 19:00 (America/New_York), about "
        "20 minutes of reading per session. At start-up Caucus built the plan and its events."
    )
    result = await ctx.slash("ana", "reading schedule")
    ctx.expect("Session 1" in result.text, "/reading schedule should list session 1")
    ctx.expect(
        bool(ctx.fake.scheduled_events(ctx.guild.id)),
        "the upcoming sessions should have Discord scheduled events",
    )


async def catching_up_on_the_corpus(ctx: DemoContext) -> None:
    """Members browse, search and read the corpus"""
    await ctx.slash("chen", "corpus list")
    result = await ctx.slash("ben", "reading search", {"query": "democratic centralism"})
    ctx.expect(bool(result.embeds[0].get("fields")), "the search should find passages")
    result = await ctx.slash("ana", "reading excerpt", {"document": FIRST_DOCUMENT, "section": 1})
    ctx.expect(bool(result.embeds), "/reading excerpt should show the section")


async def reminders_by_dm(ctx: DemoContext) -> None:
    """Members opt in to reminders and get a DM the day before"""
    for name in ("ana", "ben"):
        await ctx.slash(name, "reading remind", {"setting": True})
    await ctx.advance(FIRST_SESSION_UTC - dt.timedelta(hours=24) - ctx.clock.now())
    for name in ("ana", "ben"):
        ctx.expect(bool(ctx.fake.dms_to(ctx.people[name].id)), f"{name} got no reminder")
    ctx.expect(not ctx.fake.dms_to(ctx.people["chen"].id), "chen did not opt in to reminders")


async def a_session_is_posted(ctx: DemoContext) -> None:
    """The session opens: a thread with the excerpt and discussion prompts"""
    await ctx.advance(FIRST_SESSION_UTC - ctx.clock.now())
    threads = ctx.fake.threads_in(ctx.stage.branch.channel_id("reading"))
    ctx.expect(len(threads) == 1, "session 1 should have opened one thread in #reading")
    result = await ctx.slash("chen", "reading current")
    ctx.expect(
        threads[0]["id"] in (result.embeds[0].get("description") or ""),
        "/reading current should link the session thread",
    )


async def members_respond(ctx: DemoContext) -> None:
    """Members respond: by form, and by writing in the thread"""
    opened = await ctx.slash("ben", "respond", {"prompt": 1})
    ctx.expect(opened.modal is not None, "/respond should open a form")
    assert opened.modal is not None
    await ctx.submit_modal(
        "ben",
        opened.modal["custom_id"],
        {"answer": "The crisis grew from a leadership that controlled which debates could happen."},
    )
    thread = ctx.fake.threads_in(ctx.stage.branch.channel_id("reading"))[0]
    await ctx.post(
        "chen", thread["id"], "The closure of the internal bulletin mattered most to me."
    )
    result = await ctx.slash("ana", "responses")
    ctx.expect(
        "ben" in result.text and "chen" in result.text,
        "/responses should list ben's form answer and chen's thread message",
    )


async def organizers_adjust_the_plan(ctx: DemoContext) -> None:
    """Only organizers may change the plan; changes are logged"""
    refused = await ctx.slash("chen", "reading skip", {"date": "2026-12-10"})
    ctx.expect(
        refused.ephemeral and "organizers" in (refused.content or "").lower(),
        "a member's /reading skip should be refused privately",
    )
    done = await ctx.slash("olga", "reading skip", {"date": "2026-12-10"})
    ctx.expect("Skipped" in (done.content or ""), "olga's /reading skip should succeed")
    log_channel = ctx.stage.branch.channel_id("log")
    await ctx.fake.wait_for(lambda: bool(ctx.fake.messages_in(log_channel)))  # after the reply
    ctx.transcript.show_changes()
    await ctx.advance(dt.timedelta(minutes=1))  # the moved session's event follows the plan
    events = ctx.fake.scheduled_events(ctx.guild.id)
    ctx.expect(
        any(e["scheduled_start_time"].startswith("2026-12-18") for e in events),
        "session 2's event should move to 18 December",
    )
