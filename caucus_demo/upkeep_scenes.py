"""Scenes of a branch's upkeep: an organizer checks the bot's health, bends the reading plan
around a break, turns a prompt suggestion down; a nominee declines and a candidate withdraws;
the stack is left and shown; a faction edits its platform, proposes a reading, and a member
leaves it.

They come last: nothing later depends on the plan they move or the election they cancel.
"""

from __future__ import annotations

import datetime as dt
import re

from caucus_demo.context import DemoContext
from caucus_demo.faction_scenes import (
    FACTION,
    MEMBER_VOTE,
    _chat,
    _has_button,
    _latest_closed_vote,
    _with_button,
)
from caucus_demo.fake_discord import FakeUpload
from caucus_demo.summary_scenes import session_thread
from caucus_demo.vote_scenes import vote_number

SPRING_UPLOAD = FakeUpload(
    "spring-readings.md",
    (
        "# Spring readings\n\n## Why read together\n\n"
        + "Reading together turns a private opinion into a shared argument. " * 40
        + "\n\n## What we read next\n\n"
        + "Each member proposes one text; the branch ranks them and reads the winners. " * 40
    ).encode(),
    "text/markdown",
)
BULLETIN_NUMBER = re.compile(r"\bB(\d+)\b")
REPORT_NUMBER = re.compile(r"\bR(\d+)\b")


def _names(ctx: DemoContext, text: str, who: str) -> bool:
    """Whether a reply names a member, by name or by mention."""
    return who in text or f"<@{ctx.people[who].id}>" in text


async def an_organizer_checks_the_bot(ctx: DemoContext) -> None:
    """An organizer checks that Caucus is healthy; members cannot see the operator's view"""
    refused = await ctx.slash("ana", "caucus health")
    ctx.expect(refused.ephemeral and "organizer" in refused.text.lower(), "health is organizers'")
    health = await ctx.slash("olga", "caucus health")
    ctx.expect("database" in health.text.lower(), "health should report the database")


async def the_plan_bends_around_a_break(ctx: DemoContext) -> None:
    """The plan bends around a break: pause, resume, and one session moved to another evening"""
    guild = ctx.services.settings.guild(ctx.guild.id)
    assert guild is not None
    added = await ctx.slash(
        "olga",
        "corpus add",
        {
            "file": SPRING_UPLOAD,
            "title": "Spring readings",
            "author": "Riverside",
            "add_to_plan": True,
        },
    )
    ctx.expect("appended to the plan" in added.text, "the upload should join the plan")
    zone = guild.zone
    upcoming = await ctx.services.plans.upcoming(ctx.guild.id, limit=1)
    ctx.expect(len(upcoming) == 1, "the plan should have a session ahead")
    pause_from = upcoming[0].starts_at.astimezone(zone).date()
    resume_on = pause_from + dt.timedelta(weeks=2)
    ctx.say("The branch takes the holidays off: no reading for two weeks.")
    await ctx.slash("olga", "reading pause", {"date": pause_from.isoformat()})
    resumed = await ctx.slash("olga", "reading resume", {"date": resume_on.isoformat()})
    ctx.expect(bool(resumed.text), "resuming should show the new schedule")
    (first,) = await ctx.services.plans.upcoming(ctx.guild.id, limit=1)
    ctx.expect(first.starts_at.astimezone(zone).date() >= resume_on, "the session should wait")
    evening = first.starts_at.astimezone(zone) + dt.timedelta(days=1)
    moved = await ctx.slash(
        "olga",
        "reading reschedule",
        {"session": first.number, "date": evening.date().isoformat(), "time": "18:30"},
    )
    ctx.expect(f"Session {first.number} moved" in moved.text, "the session should move")


async def a_suggestion_turned_down(ctx: DemoContext) -> None:
    """A prompt suggestion is turned down, with the member told why"""
    await ctx.slash(
        "fay",
        "prompt suggest",
        {"document": "critique-iso-strategy", "text": "Is the author right about everything?"},
    )
    pending = await ctx.slash("olga", "prompt pending")
    found = re.findall(r"#(\d+)", pending.content or "")
    ctx.expect(bool(found), "the suggestion should be pending")
    rejected = await ctx.slash(
        "olga",
        "prompt reject",
        {"suggestion": int(found[-1])},
    )
    ctx.expect(bool(rejected.text), "the rejection should be confirmed")


async def a_nominee_declines_and_a_candidate_withdraws(ctx: DemoContext) -> None:
    """Nominations are personal: a nominee declines, a candidate withdraws before voting"""
    created = await ctx.slash(
        "olga",
        "vote create",
        {"title": "Bulletin editor", "kind": "election", "seats": 1, "days": 2},
    )
    vote = vote_number(created)
    await ctx.slash("ana", "vote nominate", {"vote": vote, "member": ctx.people["dan"]})
    declined = await ctx.slash("dan", "vote decline", {"vote": vote})
    ctx.expect("declin" in declined.text.lower(), "dan's decline should be confirmed")
    await ctx.slash("eve", "vote nominate", {"vote": vote, "statement": "Two issues a month."})
    withdrawn = await ctx.slash("eve", "vote withdraw", {"vote": vote})
    ctx.expect("withdr" in withdrawn.text.lower(), "eve's withdrawal should be confirmed")
    await ctx.slash("olga", "vote cancel", {"vote": vote, "reason": "No candidates left"})


async def the_stack_between_speakers(ctx: DemoContext) -> None:
    """The speakers' stack: a member leaves it, anyone can see who is waiting"""
    thread = int(session_thread(ctx, 2)["id"])
    for name in ("dan", "eve"):
        await ctx.slash(name, "stack join", channel=thread)
    left = await ctx.slash("dan", "stack leave", channel=thread)
    ctx.expect(bool(left.text), "dan should be told he left the stack")
    shown = await ctx.slash("chen", "stack show", channel=thread)
    ctx.expect(
        _names(ctx, shown.text, "eve") and not _names(ctx, shown.text, "dan"),
        "the stack should list eve and no longer dan",
    )


async def a_faction_keeps_its_record(ctx: DemoContext) -> None:
    """A faction edits its platform, proposes a reading, and a member leaves it"""
    edited = await ctx.slash(
        "chen",
        "faction edit",
        {"name": FACTION, "platform": "Dues published monthly; every minority position printed."},
    )
    ctx.expect("updated" in edited.text, "the platform edit should be confirmed")
    shown = await ctx.slash("eve", "faction show", {"name": FACTION})
    ctx.expect(_names(ctx, shown.text, "chen"), "anyone can see the faction's members")
    listed = await ctx.slash("eve", "bulletin")
    numbers = BULLETIN_NUMBER.findall(listed.text)
    ctx.expect(bool(numbers), "the bulletin should number its documents")
    await ctx.slash("dan", "faction propose", {"document": int(numbers[0])})
    await ctx.slash("ana", "proposal pending")
    refused = await ctx.slash(
        "olga", "proposal decide", {"document": int(numbers[0]), "accept": True}
    )
    ctx.expect(refused.ephemeral, "organizers do not decide when the members vote on proposals")
    left = await ctx.slash("fay", "faction leave", {"name": FACTION})
    ctx.expect("left" in left.text.lower(), "fay should be told she left")


async def the_faction_votes_to_dissolve(ctx: DemoContext) -> None:
    """Only its members can dissolve a faction: they vote on it"""
    await ctx.slash("chen", "faction dissolve", {"name": FACTION})
    await ctx.fake.wait_for(lambda: _has_button(ctx, "caucus:fvote:"))  # posted after the reply
    await ctx.stage.quiet()  # the bot records the message it posted before members act on it
    ctx.transcript.show_changes()
    message, _ = _with_button(ctx, "caucus:fvote:")
    vote = MEMBER_VOTE.search(str(message.get("content", "")))
    ctx.expect(vote is not None, "the dissolve vote should be posted")
    number = vote.group(1) if vote else "0"
    for who in ("chen", "dan"):
        await ctx.click(who, message, f"caucus:fvote:{number}:yes")
    await ctx.fake.wait_for(
        lambda: any("dissolved" in str(m.get("content", "")).lower() for m in _chat(ctx))
    )
    ctx.transcript.show_changes()


async def the_record_anyone_can_check(ctx: DemoContext) -> None:
    """The open record: a minority report signed by members, the audit log, the monthly figures"""
    vote = _latest_closed_vote(ctx)
    filed = await ctx.slash(
        "chen",
        "report file",
        {"vote": vote, "text": "A rent strike needs the tenants' own vote first, not ours."},
    )
    report = REPORT_NUMBER.search(filed.text)
    ctx.expect(report is not None, "the draft should get a number")
    number = int(report.group(1)) if report else 0
    for who in ("fay", "eve"):
        await ctx.slash(who, "report sign", {"report": number})
    await ctx.slash("ana", "audit")
    figures = await ctx.slash("ana", "transparency")
    ctx.expect("member" in figures.text.lower(), "the figures should count the members")
