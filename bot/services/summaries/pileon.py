"""The pile-on guard of session threads (off by default): when one member receives more than
``pile_on_replies`` replies within ``pile_on_minutes``, the neutral norms reminder is due, at
most once per window per thread. The rule is pure (bot.domain.discussion); the recent replies
are kept in memory, since a reminder that a restart forgets costs nothing."""

from __future__ import annotations

import datetime as dt

from bot.domain.discussion import PileOnRule, PileOnWatch, Reply
from bot.services.core import Core
from bot.services.summaries.sources import ThreadSources


class PileOnService:
    def __init__(self, core: Core, sources: ThreadSources) -> None:
        self.core = core
        self.sources = sources
        self._watches: dict[int, PileOnWatch] = {}

    def enabled(self, guild_id: int) -> bool:
        guild = self.core.settings.guild(guild_id)
        return bool(guild and guild.summaries.pile_on_guard)

    async def observe_reply(
        self, guild_id: int, thread_id: int, author_id: int, target_id: int
    ) -> str | None:
        """Record a reply in a thread; the norms text when the reminder should be posted now."""
        guild = self.core.settings.guild(guild_id)
        if guild is None or not self.enabled(guild_id):
            return None
        if await self.sources.session_for_thread(guild_id, thread_id) is None:
            return None
        settings = guild.summaries
        rule = PileOnRule(settings.pile_on_replies, dt.timedelta(minutes=settings.pile_on_minutes))
        watch = self._watches.setdefault(thread_id, PileOnWatch())
        reply = Reply(self.core.clock.now(), author_id, target_id)
        if watch.observe(reply, rule) is None:
            return None
        return settings.norms_text
