"""What a session post contains, and its session's state.

The Discord side (cogs/reading/jobs.py, delivery.py) sends, each step exactly once through the
shared outbox (bot/services/outbox.py: ``begin`` before a send, ``complete`` after it; a step
begun but never completed means the bot stopped mid-send, and the sender looks on Discord
before sending again); this module decides what to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass

from bot.db import reading as sessions_repo
from bot.domain.corpus.text import TermStats
from bot.domain.reading import (
    DiscussionPrompt,
    ExcerptMessage,
    PromptSource,
    session_prompts,
    split_excerpt,
)
from bot.domain.reading.prompts import MAX_PROMPTS
from bot.domain.reading.states import SessionState
from bot.errors import NotFound
from bot.services.actors import guild_settings
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.reading.plan import PlanService
from bot.services.reading.prompts import PromptService

THREAD_NAME_LIMIT = 100


@dataclass(frozen=True)
class SessionPost:
    guild_id: int
    number: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    thread_name: str
    document_id: str
    document_title: str
    document_author: str
    section_titles: tuple[str, ...]
    section_numbers: tuple[int, ...]  # 1-based, as /reading excerpt takes them
    words: int
    messages: tuple[ExcerptMessage, ...]
    prompts: tuple[DiscussionPrompt, ...]
    markdown: str
    reading_channel_id: int
    events_channel_id: int | None
    event_location: str
    blind_first: bool = False

    def key(self, step: str) -> str:
        return f"post:{self.guild_id}:{self.number}:{step}"


@dataclass(frozen=True)
class SessionStatus:
    number: int
    state: SessionState
    starts_at: dt.datetime
    thread_id: int | None
    event_id: int | None

    @property
    def posted(self) -> bool:
        return self.state is SessionState.POSTED


class PostingService:
    def __init__(
        self, core: Core, corpus: CorpusService, plan: PlanService, prompts: PromptService
    ) -> None:
        self.core = core
        self.corpus = corpus
        self.plans = plan
        self.prompts = prompts
        self._stats: dict[int, TermStats] = {}

    async def session_post(self, guild_id: int, number: int) -> SessionPost:
        guild = guild_settings(self.core.settings, guild_id)
        plan = await self.plans.plan(guild_id)
        try:
            planned = plan.session(number)
        except Exception:
            raise NotFound(f"Session {number} is not in the plan.") from None
        corpus = await self.corpus.corpus(guild_id)
        document = corpus.get(planned.portion.document_id)
        if guild_id not in self._stats:
            self._stats[guild_id] = TermStats.from_texts(
                p.text for d in corpus.documents for p in d.paragraphs
            )
        prompts = list(
            session_prompts(
                planned.portion, document, self._stats[guild_id], plan.previous_portion(number)
            )
        )
        curated = [p for p in prompts if p.source is PromptSource.CURATED]
        generated = [p for p in prompts if p.source is not PromptSource.CURATED]
        members = [
            DiscussionPrompt(text, PromptSource.MEMBER)
            for text in await self.prompts.approved_for(
                guild_id, document.id, planned.portion.section_titles
            )
        ]
        chosen = tuple((curated + members + generated)[:MAX_PROMPTS])
        sections = " / ".join(planned.portion.section_titles)
        title = f"Session {number}: {document.title}"
        thread_name = (
            title if len(title) <= THREAD_NAME_LIMIT else title[: THREAD_NAME_LIMIT - 1] + "…"
        )
        markdown = _markdown(title, document.author, sections, planned.portion.text, chosen)
        return SessionPost(
            guild_id=guild_id,
            number=number,
            starts_at=planned.starts_at,
            ends_at=planned.starts_at + dt.timedelta(minutes=guild.reading.session_length_minutes),
            thread_name=thread_name,
            document_id=document.id,
            document_title=document.title,
            document_author=document.author,
            section_titles=planned.portion.section_titles,
            section_numbers=tuple(
                number
                for number, section in enumerate(document.sections, start=1)
                if section.title in planned.portion.section_titles
            ),
            words=planned.portion.words,
            messages=split_excerpt(
                planned.portion.text, f"{title} — {sections}" if sections else title
            ),
            prompts=chosen,
            markdown=markdown,
            reading_channel_id=guild.channels.reading,
            events_channel_id=guild.channels.events,
            event_location=guild.reading.event_location,
            blind_first=guild.reading.blind_first,
        )

    # -- session state -----------------------------------------------------------------------

    # Each write checks the move in bot/domain/reading/states.py: an illegal one (posting a
    # session that is held, or marking a posted one missed) raises IllegalTransition.

    async def mark_posted(self, guild_id: int, number: int, thread_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await self._write(
                sessions_repo.mark_posted(
                    session, guild_id, number, thread_id, self.core.clock.now()
                ),
                number,
            )

    async def mark_missed(self, guild_id: int, number: int) -> None:
        async with self.core.sessions.begin() as session:
            await self._write(sessions_repo.mark_missed(session, guild_id, number), number)

    async def set_event(self, guild_id: int, number: int, event_id: int | None) -> None:
        async with self.core.sessions.begin() as session:
            await self._write(sessions_repo.set_event(session, guild_id, number, event_id), number)

    @staticmethod
    async def _write(write: Awaitable[None], number: int) -> None:
        try:
            await write
        except sessions_repo.SessionNotStored:
            raise NotFound(f"Session {number} has not been scheduled.") from None

    async def session_state(self, guild_id: int, number: int) -> SessionStatus | None:
        async with self.core.sessions() as session:
            stored = await sessions_repo.get(session, guild_id, number)
        if stored is None:
            return None
        return SessionStatus(
            stored.number, stored.state, stored.starts_at, stored.thread_id, stored.event_id
        )


def _markdown(
    title: str, author: str, sections: str, text: str, prompts: tuple[DiscussionPrompt, ...]
) -> str:
    lines = [f"# {title}", "", f"*{author}*" + (f" — {sections}" if sections else ""), "", text, ""]
    if prompts:
        lines += ["## Discussion prompts", ""]
        lines += [f"{i}. {p.text}" for i, p in enumerate(prompts, start=1)]
        lines.append("")
    return "\n".join(lines)
