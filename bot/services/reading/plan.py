"""The guild's reading plan: computed from the config, the corpus and stored adjustments, then
materialised as session rows and scheduled jobs (the database owns the schedule)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from bot.config import GuildSettings
from bot.db import jobs
from bot.db import reading as sessions_repo
from bot.db.jobs import JobSpec
from bot.db.session import DbSession, DuplicateRow
from bot.domain.audit import AuditAction
from bot.domain.local_time import LocalTimeError, check_day, local_instant
from bot.domain.reading import (
    Adjustment,
    Pause,
    PlanError,
    ReadingPlan,
    Reschedule,
    Resume,
    Session,
    SkipWeek,
)
from bot.domain.reading.states import SessionState
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, require_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.reading.plan_view import PlanReader

POST, REMIND, EVENT, REVEAL = ("reading.post", "reading.remind", "reading.event", "reading.reveal")
CLOSE = "reading.close"  # the automatic summary, just before the next week's session


def job_id(kind: str, guild_id: int, number: int, extra: str = "") -> str:
    suffix = f":{extra}" if extra else ""
    return f"{kind}:{guild_id}:{number}{suffix}"


class PlanService(PlanReader):
    def __init__(self, core: Core, corpus: CorpusService, audit: AuditService) -> None:
        super().__init__(core, corpus)
        self.audit = audit
        # on_ready (again after a reconnect), uploads and adjustments may sync at once.
        self._sync_locks: dict[int, asyncio.Lock] = {}

    async def sync(self, guild_id: int, *, recreate_moved_events: bool = False) -> ReadingPlan:
        """Bring session rows and jobs in line with the plan; finished work is left alone.

        A session that moved gets its Discord event updated (or, after a skip, cancelled and
        created anew so subscribers hear the date was dropped); a held session's event is
        cancelled.
        """
        async with self._sync_locks.setdefault(guild_id, asyncio.Lock()):
            try:
                return await self._sync(guild_id, recreate_moved_events)
            except DuplicateRow:
                # Another process synced the same guild at the same moment and inserted the
                # same session rows first; the second pass sees them and updates instead.
                return await self._sync(guild_id, recreate_moved_events)

    async def _sync(self, guild_id: int, recreate_moved_events: bool) -> ReadingPlan:
        guild = guild_settings(self.core.settings, guild_id)
        plan = await self.plan(guild_id)
        now = self.core.clock.now()
        scheduled = {s.number: s for s in plan.sessions}
        armed: list[tuple[str, dt.datetime]] = []
        specs: list[JobSpec] = []
        rerun: list[JobSpec] = []
        async with self.core.sessions.begin() as session:
            ledger = await sessions_repo.SessionLedger.load(session, guild_id)
            for number, planned in scheduled.items():
                stored = ledger.get(number)
                if stored is not None and (
                    stored.state is SessionState.POSTED
                    or (stored.state is SessionState.MISSED and planned.starts_at <= now)
                ):
                    continue
                # A missed session comes back when an organizer reschedules it into the future:
                # its finished post job must run again.
                if stored is not None and stored.state is SessionState.MISSED:
                    rerun += [
                        spec
                        for spec in self._session_jobs(guild, planned, now)
                        if spec.kind == POST
                    ]
                moved = ledger.schedule(
                    number,
                    planned.starts_at,
                    planned.portion.document_id,
                    planned.portion.first_paragraph,
                    planned.portion.last_paragraph,
                )
                session_specs = self._session_jobs(guild, planned, now)
                if moved:  # the event job reruns below, with its own payload
                    session_specs = [spec for spec in session_specs if spec.kind != EVENT]
                specs += session_specs
                if moved:
                    armed.append(
                        await self._event_job(
                            session, guild_id, number, now, recreate=recreate_moved_events
                        )
                    )
            # Not dated any more: held while a pause holds it, removed when a config edit
            # left the plan without that session (its event is cancelled either way).
            held = {h.number for h in plan.held}
            for number in ledger.numbers():
                stored = ledger.get(number)
                if number in scheduled or stored is None or not stored.state.is_pending:
                    continue
                target = SessionState.HELD if number in held else SessionState.REMOVED
                if stored.state is target:
                    continue
                ledger.undate(number, target)
                if stored.state is SessionState.SCHEDULED:
                    await self._cancel_jobs(session, guild_id, number)
                    if stored.event_id is not None:
                        armed.append(await self._event_job(session, guild_id, number, now))
            await jobs.upsert_many(session, specs)
            await jobs.upsert_many(session, rerun, rerun=True)
        armed += [(spec.id, spec.due_at) for spec in specs]
        for armed_id, due in armed:
            self.core.scheduler.arm(armed_id, due)
        return plan

    async def _event_job(
        self,
        session: DbSession,
        guild_id: int,
        number: int,
        now: dt.datetime,
        *,
        recreate: bool = False,
    ) -> tuple[str, dt.datetime]:
        event_job = job_id(EVENT, guild_id, number)
        await jobs.upsert(
            session,
            event_job,
            guild_id=guild_id,
            kind=EVENT,
            due_at=now,
            payload={"number": number, "recreate": recreate},
            rerun=True,
        )
        return event_job, now

    @staticmethod
    def _session_jobs(guild: GuildSettings, planned: Session, now: dt.datetime) -> list[JobSpec]:
        """The jobs one scheduled session needs: post, event, reminders, blind-first reveal."""
        gid, number, start = guild.id, planned.number, planned.starts_at
        wanted: list[tuple[str, str, dt.datetime, dict[str, Any]]] = [
            (
                job_id(POST, gid, number),
                POST,
                start - dt.timedelta(hours=guild.reading.post_lead_hours),
                {},
            ),
            (
                job_id(EVENT, gid, number),
                EVENT,
                max(start - dt.timedelta(weeks=guild.reading.events_ahead), now),
                {},
            ),
        ]
        for hours in guild.reading.reminder_offsets_hours:
            due = start - dt.timedelta(hours=hours)
            if due > now:
                wanted.append(
                    (job_id(REMIND, gid, number, f"{hours:g}h"), REMIND, due, {"hours": hours})
                )
        if guild.reading.blind_first:
            reveal = start + dt.timedelta(hours=guild.reading.reveal_after_hours)
            wanted.append((job_id(REVEAL, gid, number), REVEAL, reveal, {}))
        close = start + dt.timedelta(weeks=1) - dt.timedelta(minutes=5)
        wanted.append((job_id(CLOSE, gid, number), CLOSE, close, {}))
        return [
            JobSpec(wanted_id, gid, kind, due, {"number": number, **extra})
            for wanted_id, kind, due, extra in wanted
        ]

    async def _cancel_jobs(self, session: DbSession, guild_id: int, number: int) -> None:
        await jobs.cancel(
            session, [job_id(k, guild_id, number) for k in (POST, EVENT, REVEAL, CLOSE)]
        )
        await jobs.cancel_prefix(session, job_id(REMIND, guild_id, number) + ":")

    # -- organizer adjustments -------------------------------------------------------------

    async def adjust(self, actor: Actor, adjustment: Adjustment) -> ReadingPlan:
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_organizer(actor, guild)
        plan = await self.plan(actor.guild_id)
        try:
            plan.adjust(adjustment, self.core.clock.now(), owed=await self._missed(actor.guild_id))
        except PlanError as exc:
            raise UserError(_sentence(str(exc))) from None
        async with self.audit.transaction(actor.guild_id) as session:
            details = await sessions_repo.add_adjustment(
                session, actor.guild_id, adjustment, actor.member_id, self.core.clock.now()
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=AuditAction.READING_PLAN_CHANGED,
                details=details,
                as_organizer=True,
            )
        return await self.sync(
            actor.guild_id, recreate_moved_events=isinstance(adjustment, SkipWeek)
        )

    async def post_missed(self, actor: Actor, number: int) -> str:
        """Post a session that was missed (the bot was down past the grace period, or the post
        kept failing) now. Returns the id of the posting job, due now."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_organizer(actor, guild)
        plan = await self.plan(actor.guild_id)
        now = self.core.clock.now()
        try:
            planned = plan.session(number)
        except PlanError:
            raise NotFound(f"There is no session {number} in the plan.") from None
        post_job = job_id(POST, actor.guild_id, number)
        async with self.audit.transaction(actor.guild_id) as session:
            state = await sessions_repo.state_of(session, actor.guild_id, number)
            if state is None or state is SessionState.POSTED:
                said = "already posted" if state is not None else "not scheduled yet"
                raise Conflict(
                    f"Session {number} is {said}; only a missed session can be posted late."
                )
            if state is not SessionState.MISSED and planned.starts_at > now:
                raise Conflict(
                    f"Session {number} is not due yet; use /reading reschedule to move it."
                )
            await sessions_repo.schedule_late(session, actor.guild_id, number)
            await jobs.upsert(
                session,
                post_job,
                guild_id=actor.guild_id,
                kind=POST,
                due_at=now,
                payload={"number": number, "late": True},
                rerun=True,
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=AuditAction.READING_PLAN_CHANGED,
                details={"posted_late": number},
                as_organizer=True,
            )
        self.core.scheduler.arm(post_job, now)
        return post_job

    async def skip(self, actor: Actor, on: dt.date) -> ReadingPlan:
        return await self.adjust(actor, SkipWeek(self._day(actor, on)))

    async def pause(self, actor: Actor, on: dt.date) -> ReadingPlan:
        return await self.adjust(actor, Pause(self._day(actor, on)))

    async def resume(self, actor: Actor, on: dt.date) -> ReadingPlan:
        return await self.adjust(actor, Resume(self._day(actor, on)))

    def _day(self, actor: Actor, on: dt.date) -> dt.date:
        """A typed date, refused when further than a year away (bot.domain.local_time)."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_organizer(actor, guild)
        today = self.core.clock.now().astimezone(guild.zone).date()
        try:
            return check_day(on, today)
        except LocalTimeError as error:
            raise UserError(str(error)) from None

    async def reschedule(self, actor: Actor, number: int, local: dt.datetime) -> ReadingPlan:
        """Move a session to ``local``: a wall time in the guild's zone (naive), or an instant
        typed with its offset. The rule of bot.domain.local_time applies, as for a vote's
        opening: a time the clocks skip is refused, one they repeat is refused with both
        readings and how to type each (the ``time`` option with its offset)."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_organizer(actor, guild)
        try:
            starts_at = local_instant(
                local, guild.zone, self.core.clock.now(), offset_hint=_time_with_offset
            )
        except LocalTimeError as error:
            raise UserError(str(error)) from None
        return await self.adjust(actor, Reschedule(number, starts_at))


def _time_with_offset(local: dt.datetime, offset: str) -> str:
    return f"`time: {local:%H:%M}{offset}`"


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
