"""The upcoming sessions as an .ics file (bot/domain/reading/calendar.py): rebuilt from the plan
at each request, so reschedules, skips and pauses show, with SEQUENCE from the session rows."""

from __future__ import annotations

import datetime as dt

from bot.db import reading as sessions_repo
from bot.domain.reading.calendar import CalendarSession, reading_calendar
from bot.domain.reading.states import SessionState
from bot.services.actors import guild_settings
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.reading.plan import PlanService


class CalendarService:
    def __init__(self, core: Core, plans: PlanService, corpus: CorpusService) -> None:
        self.core = core
        self.plans = plans
        self.corpus = corpus

    async def ics(self, guild_id: int) -> str:
        guild = guild_settings(self.core.settings, guild_id)
        plan = await self.plans.plan(guild_id)
        corpus = await self.corpus.corpus(guild_id)
        async with self.core.sessions() as session:
            rows = await sessions_repo.all_sessions(session, guild_id)
        now = self.core.clock.now()
        length = dt.timedelta(minutes=guild.reading.session_length_minutes)

        def entry(
            number: int,
            starts_at: dt.datetime | None,
            portion_doc: str,
            sections: tuple[str, ...],
            words: int,
        ) -> CalendarSession:
            row = rows.get(number)
            document = corpus.get(portion_doc)
            read = " / ".join(t for t in sections if t)
            return CalendarSession(
                guild_id=guild_id,
                number=number,
                starts_at=starts_at,
                last_known_start=row.starts_at if row is not None else None,
                length=length,
                title=f"Reading session {number}: {document.title}",
                description=(
                    f"Read {document.title} by {document.author}"
                    + (f" ({read})" if read else "")
                    + f", {words:,} words. The excerpt and discussion are in the session "
                    "thread; answer with /respond."
                ),
                location=guild.reading.event_location,
                sequence=row.sequence if row is not None else 0,
            )

        entries = [
            entry(
                s.number,
                s.starts_at,
                s.portion.document_id,
                s.portion.section_titles,
                s.portion.words,
            )
            for s in plan.sessions
            if s.starts_at + length > now
        ]
        entries += [
            entry(h.number, None, h.portion.document_id, h.portion.section_titles, h.portion.words)
            for h in plan.held
            if h.number in rows
        ]
        # Sessions a config edit removed stay in the file as cancelled, so calendars drop them.
        entries += [
            entry(row.number, None, row.document_id, (), 0)
            for row in rows.values()
            if row.state is SessionState.REMOVED
            and row.starts_at + length > now
            and row.document_id in {d.id for d in corpus.documents}
        ]
        return reading_calendar(f"{guild.name} reading sessions", entries, now)
