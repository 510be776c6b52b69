"""What the guild's reading plan is and what members look up in it: the plan computed from the
config, the corpus and the stored adjustments around the anchored sessions, and each session
as members see it. PlanService adds the syncing into session rows and jobs, and the
organizers' adjustments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.config import GuildSettings
from bot.db import reading as sessions_repo
from bot.domain.reading import PlanError, PlanSpec, ReadingPlan, build_plan
from bot.domain.reading.states import SessionState
from bot.errors import NotFound, UserError
from bot.services.actors import guild_settings
from bot.services.core import Core
from bot.services.corpus import CorpusService


@dataclass(frozen=True)
class SessionInfo:
    number: int
    starts_at: dt.datetime
    document_id: str
    document_title: str
    section_titles: tuple[str, ...]
    words: int
    state: SessionState
    thread_id: int | None

    @property
    def posted(self) -> bool:
        return self.state is SessionState.POSTED


def spec_for(guild: GuildSettings, document_ids: tuple[str, ...]) -> PlanSpec:
    reading = guild.reading
    if not document_ids:
        raise UserError("No documents are in the reading plan yet (reading.documents).")
    if reading.start is None:
        raise UserError("The reading plan has no start date (reading.start).")
    return PlanSpec(
        document_ids=document_ids,
        weekday=reading.weekday.number,
        local_time=reading.time,
        timezone=guild.timezone,
        start_date=reading.start,
        words_per_session=reading.words_per_session,
        minutes_per_session=None
        if reading.words_per_session
        else reading.minutes_per_session or 30,
        words_per_minute=reading.reading_wpm,
    )


class PlanReader:
    def __init__(self, core: Core, corpus: CorpusService) -> None:
        self.core = core
        self.corpus = corpus

    async def plan(self, guild_id: int) -> ReadingPlan:
        guild = guild_settings(self.core.settings, guild_id)
        spec = spec_for(guild, await self.corpus.plan_document_ids(guild_id))
        corpus = await self.corpus.corpus(guild_id)
        async with self.core.sessions() as session:
            adjustments = await sessions_repo.adjustments(session, guild_id)
            anchors = await sessions_repo.anchors(session, guild_id)
        try:
            return build_plan(spec, {d.id: d for d in corpus.documents}, adjustments, anchors)
        except PlanError as exc:
            raise UserError(f"The reading plan cannot be built: {exc}") from None

    async def _missed(self, guild_id: int) -> frozenset[int]:
        async with self.core.sessions() as session:
            missed = await sessions_repo.in_states(session, guild_id, [SessionState.MISSED])
        return frozenset(stored.number for stored in missed)

    # -- what members look up -------------------------------------------------------------

    async def sessions(self, guild_id: int) -> list[SessionInfo]:
        plan = await self.plan(guild_id)
        corpus = await self.corpus.corpus(guild_id)
        async with self.core.sessions() as session:
            rows = await sessions_repo.all_sessions(session, guild_id)
        infos = []
        for planned in plan.sessions:
            row = rows.get(planned.number)
            infos.append(
                SessionInfo(
                    number=planned.number,
                    starts_at=row.starts_at if row and row.posted else planned.starts_at,
                    document_id=planned.portion.document_id,
                    document_title=corpus.get(planned.portion.document_id).title,
                    section_titles=planned.portion.section_titles,
                    words=planned.portion.words,
                    state=row.state if row else SessionState.SCHEDULED,
                    thread_id=row.thread_id if row else None,
                )
            )
        return infos

    async def upcoming(self, guild_id: int, limit: int = 5) -> list[SessionInfo]:
        now = self.core.clock.now()
        return [s for s in await self.sessions(guild_id) if s.starts_at > now][:limit]

    async def current(self, guild_id: int) -> SessionInfo:
        """The most recent session that has started, else the next one."""
        sessions = await self.sessions(guild_id)
        if not sessions:
            raise NotFound("There are no sessions in the plan.")
        now = self.core.clock.now()
        started = [s for s in sessions if s.starts_at <= now]
        return started[-1] if started else sessions[0]
