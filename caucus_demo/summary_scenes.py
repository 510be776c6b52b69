"""Scenes for fair discussion: a session-thread debate with a pile-on, `/summarize` counting
people rather than messages, a member opting out of summaries, and a progressive speakers' stack.

They play in session 1's thread (opened by the reading scenes), with the pile-on guard on
(SUMMARIES_CONFIG): more than two replies to one member within ten minutes is a pile-on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from caucus_demo.context import DemoContext
from caucus_demo.fake_discord import InteractionResult
from caucus_demo.fake_discord.state import Payload
from caucus_demo.reading_scenes import FIRST_SESSION_UTC

SUMMARIES_CONFIG: dict[str, Any] = {
    "pile_on_guard": True,
    "pile_on_replies": 2,
    "pile_on_minutes": 10,
}
JUMP_LINK = re.compile(r"\]\(https://discord\.com/channels/\d+/\d+/\d+\)")
PEOPLE_COUNT = re.compile(r"\*\*\d+\. \d+ (?:people|person)\*\*")


def session_thread(ctx: DemoContext, number: int) -> Payload:
    """The thread the bot opened in #reading for session `number`."""
    threads = ctx.fake.threads_in(ctx.stage.branch.channel_id("reading"))
    found = [t for t in threads if t["name"].startswith(f"Session {number}:")]
    ctx.expect(len(found) == 1, f"session {number} should have one thread in #reading")
    return found[0]


def answer_text(result: InteractionResult) -> str:
    """Everything a member sees of an answer: contents and embed texts of every message."""
    parts: list[str] = []
    for message in [result.message, *result.followups]:
        if message is None:
            continue
        parts.append(message.get("content") or "")
        for embed in message.get("embeds", []):
            parts += [embed.get("title") or "", embed.get("description") or ""]
    return "\n".join(parts)


async def a_debate_in_the_session_thread(ctx: DemoContext) -> None:
    """Members debate in the session thread; a pile-on gets a neutral reminder"""
    for name in ("dan", "eve"):
        await ctx.join(name)
    await ctx.stage.settle()
    thread = session_thread(ctx, 1)["id"]
    await ctx.post(
        "ana",
        thread,
        "The leadership decided which debates could happen; members never saw the minority's "
        "case before the convention.",
    )
    await ctx.post(
        "dan",
        thread,
        "I agree, the leadership controlled the internal bulletin and that is what killed debate.",
    )
    await ctx.post(
        "chen",
        thread,
        "Exactly, a closed bulletin meant the members never heard the minority's case at all.",
    )
    provocation = await ctx.post(
        "ben",
        thread,
        "I don't think the leadership explains it: the membership accepted a sect culture for "
        "decades and defended the organization before the class.",
    )
    ctx.say("Three members answer ben within a minute: the pile-on guard notices.")
    await ctx.reply("ana", provocation, "No, members could not change what they never heard.")
    await ctx.reply("dan", provocation, "That's wrong, the culture came from the top.")
    before = len(ctx.fake.messages_in(thread))
    await ctx.reply("eve", provocation, "Nope, blaming the members lets the leadership off.")
    reminder = [m for m in ctx.fake.messages_in(thread)[before:] if "norms" in m["content"]]
    ctx.expect(bool(reminder), "the third reply to ben should bring the norms reminder")
    await ctx.post("olga", thread, "What would an open bulletin look like in our own branch?")


async def summarizing_the_thread(ctx: DemoContext) -> None:
    """/summarize: positions counted by people, quotes with jump links"""
    thread = int(session_thread(ctx, 1)["id"])
    result = await ctx.slash("ana", "summarize", channel=thread)
    text = answer_text(result)
    ctx.expect(bool(PEOPLE_COUNT.search(text)), "the summary should count people per position")
    ctx.expect(bool(JUMP_LINK.search(text)), "quotes should link to their messages")
    ctx.expect("messages from" in text, "the summary should say how many people took part")
    ctx.expect(re.search(r"\bchen\b", text) is not None, "chen took part, so she is counted")


async def opting_out_of_summaries(ctx: DemoContext) -> None:
    """A member opts out: summaries neither quote nor count her"""
    thread = int(session_thread(ctx, 1)["id"])
    done = await ctx.slash("chen", "privacy summaries", {"setting": "off"}, channel=thread)
    ctx.expect(done.ephemeral, "the opt-out is confirmed privately")
    after = answer_text(await ctx.slash("ben", "summarize", {"private": True}, channel=thread))
    ctx.expect(re.search(r"\bchen\b", after) is None, "the summary should leave chen out")


async def a_speakers_stack(ctx: DemoContext) -> None:
    """A progressive speakers' stack: new voices first"""
    await ctx.join("fay")
    await ctx.stage.settle()
    thread = int(session_thread(ctx, 1)["id"])

    def board_shows(text: str) -> Callable[[], bool]:
        return lambda: text in stack_board(ctx, thread)

    for name in ("ana", "ben", "fay"):
        await ctx.slash(name, "stack join", channel=thread)
        await ctx.wait_until(board_shows(name), f"the stack in the thread should list {name}")
    ctx.say("fay has not spoken in this session yet, so she goes first.")
    for speaker in ("fay", "ana"):
        floor = await ctx.slash("olga", "stack next", channel=thread)
        ctx.expect(speaker in (floor.content or ""), f"the floor should go to {speaker} now")
        await ctx.wait_until(
            board_shows(f"Speaking now:** {speaker}"), f"the stack should show {speaker} speaking"
        )


def stack_board(ctx: DemoContext, thread: int) -> str:
    """The description of the live stack embed in the thread ("" before there is one)."""
    for message in reversed(ctx.fake.messages_in(thread)):
        embeds = message.get("embeds", [])
        if embeds and embeds[0].get("title") == "Speakers' stack":
            return str(embeds[0].get("description") or "")
    return ""


async def the_session_closes_with_a_summary(ctx: DemoContext) -> None:
    """The week ends: Caucus posts the session's summary in its thread"""
    thread = session_thread(ctx, 1)["id"]
    await ctx.advance_to(FIRST_SESSION_UTC + dt.timedelta(weeks=1))
    posted = [
        embed
        for message in ctx.fake.messages_in(thread)
        for embed in message.get("embeds", [])
        if "the discussion in summary" in (embed.get("title") or "")
    ]
    ctx.expect(bool(posted), "session 1's thread should get its summary when the week ends")
    text = " ".join(embed.get("description") or "" for embed in posted)
    ctx.expect(re.search(r"\bchen\b", text) is None, "the automatic summary leaves chen out too")
