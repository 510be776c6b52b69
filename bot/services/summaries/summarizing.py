"""Summaries of threads for /summarize and the automatic summary when a session closes.

Opted-out members' messages are removed here, first, so neither the offline summarizer nor the
LLM ever sees them. The offline summary is always computed: its head counts and participation
shares are exact, and it is what members get when the LLM is off or fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.summaries import ThreadMessage, ThreadSummary, summarize_thread
from bot.errors import UserError
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core
from bot.services.summaries.llm import FallbackReason, LlmSummarizer
from bot.services.summaries.privacy import PrivacyService
from bot.services.summaries.sources import Since, ThreadSources

# Longer threads take a noticeable fraction of a second (about 0.25 s per 1,000 messages):
# summarise them in a worker thread so the gateway and other commands are not held up.
OFF_LOOP_MESSAGES = 300


@dataclass(frozen=True)
class ThreadDigest:
    summary: ThreadSummary
    llm_text: str | None = None  # the model's summary, with jump links, when it answered
    fallback: FallbackReason | None = None  # why the LLM was configured but not used

    @property
    def is_empty(self) -> bool:
        return self.summary.message_count == 0


class SummaryService:
    def __init__(
        self,
        core: Core,
        privacy: PrivacyService,
        sources: ThreadSources,
        llm: LlmSummarizer | None = None,
    ) -> None:
        self.core = core
        self.privacy = privacy
        self.sources = sources
        self.llm = llm or LlmSummarizer()

    def check_allowed(self, actor: Actor) -> None:
        """Members may summarise; refuse early, before the cog fetches any history."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_member(actor, guild)
        if not guild.summaries.enabled:
            raise UserError("Summaries are turned off on this server.")

    async def summarize(self, guild_id: int, messages: Sequence[ThreadMessage]) -> ThreadDigest:
        """Summarise messages given in thread order (deleted ones simply absent)."""
        settings = guild_settings(self.core.settings, guild_id).summaries
        opted_out = {str(member) for member in await self.privacy.opted_out(guild_id)}
        consenting = [m for m in messages if m.author_id not in opted_out]
        if len(consenting) > OFF_LOOP_MESSAGES:
            summary = await asyncio.to_thread(summarize_thread, consenting)
        else:
            summary = summarize_thread(consenting)
        if not (settings.llm_base_url and settings.llm_model) or not consenting:
            return ThreadDigest(summary)
        outcome = await self.llm.summarize(settings, consenting)
        return ThreadDigest(summary, outcome.text, outcome.fallback)

    async def session_thread(self, guild_id: int, thread_id: int) -> int | None:
        return await self.sources.session_for_thread(guild_id, thread_id)

    async def summarize_session(
        self, guild_id: int, number: int, since: Since | None = None
    ) -> ThreadDigest:
        """From the stored copies of the session thread (edits applied, deletions gone)."""
        messages = await self.sources.session_messages(guild_id, number, since)
        return await self.summarize(guild_id, messages)

    async def auto_summary_wanted(self, guild_id: int) -> bool:
        guild = self.core.settings.guild(guild_id)
        return bool(guild and guild.summaries.enabled and guild.summaries.auto_on_session_close)
