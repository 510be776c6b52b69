"""A scheduled job that fails for good tells the organizers in the log channel, once: what
failed (in the members' words: "closing vote #12"), and the cause, without ids or tracebacks.

The notice goes through the outbox, keyed by the job and its attempt count, so a rerun after a
crash finds it instead of posting it again.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

import discord

from bot.errors import UserError
from bot.scheduling import Job
from bot.ui.format import NO_MENTIONS, clip
from bot.ui.outbox import Sender, with_text

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)

WHAT: dict[str, str] = {
    "vote.open": "opening vote #{vote_id}",
    "vote.close": "closing vote #{vote_id} and publishing its result",
    "vote.remind": "the reminders for vote #{vote_id}",
    "faction.vote.close": "closing member vote #{vote_id} and posting its result",
    "reading.post": "posting reading session {number}",
    "reading.remind": "the reminders for reading session {number}",
    "reading.event": "the server event for reading session {number}",
    "reading.reveal": "revealing the answers of reading session {number}",
    "reading.close": "summarizing the discussion of reading session {number}",
    "digest": "the monthly transparency digest",
}


def describe(job: Job) -> str:
    template = WHAT.get(job.kind, "a scheduled task")
    try:
        return template.format(**job.payload)
    except (KeyError, IndexError, ValueError):
        return "a scheduled task"


def explain(exc: BaseException) -> str | None:
    """The cause of a failure in an organizer's words (None: nothing better than generic)."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, discord.Forbidden):
        return "Caucus lacks a permission it needs in one of its channels"
    if isinstance(exc, discord.NotFound):
        return "a channel or message Caucus needed no longer exists"
    if isinstance(exc, discord.HTTPException):
        return "Discord kept refusing the request"
    return None


def notice_text(job: Job, cause: str) -> str:
    return clip(
        f"Caucus gave up on {describe(job)} after {job.attempts} attempts: {cause.rstrip('.')}. "
        "Nothing more will be tried automatically; fix the cause, then redo it by hand.",
        2000,
    )


class FailureNotices:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.sender = Sender(bot.services.outbox, lambda: bot.user.id if bot.user else None)

    def install(self) -> None:
        scheduler = self.bot.services.scheduler
        scheduler.on_failed = self.tell_organizers
        scheduler.explain = explain

    async def tell_organizers(self, job: Job, cause: str) -> None:
        guild = self.bot.services.settings.guild(job.guild_id)
        channel = self.bot.get_channel(guild.channels.log) if guild else None
        if not isinstance(channel, discord.TextChannel):
            log.error("job %s failed for good and the log channel is unavailable", job.id)
            return
        text = notice_text(job, cause)
        await self.sender.send_once(
            job.guild_id,
            f"job-failed:{job.id}:{job.attempts}",
            channel,
            partial(channel.send, text, allowed_mentions=NO_MENTIONS),
            with_text(text),
        )
