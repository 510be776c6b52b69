"""The transparency digest from the database: members, factions, votes, documents, organizer
actions and the audit head; and the monthly digest job that reschedules itself.

Votes count both the organization's votes (closed in the period) and the factions' member
votes (decided in the period). Documents are those added to the corpus (from the audit log)
and those published in the bulletin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.db import audit as audit_repo
from bot.db import factions as faction_repo
from bot.db import jobs as job_repo
from bot.db import voting as voting_repo
from bot.db.session import DbSession
from bot.domain.audit import AuditAction, is_organizer_action
from bot.domain.transparency import (
    DocumentAdded,
    FactionFigure,
    Period,
    TransparencyDigest,
    VoteHeld,
    compute_digest,
    month_period,
    previous_period,
)
from bot.domain.voting.lifecycle import VoteState
from bot.services.actors import guild_settings
from bot.services.core import Core

DIGEST_JOB = "digest"
DIGEST_LOCAL_HOUR = 9  # the digest goes out at 09:00 in the guild's zone
ALL_VOTES = 100_000


def digest_job_id(guild_id: int, period: Period, zone: ZoneInfo) -> str:
    """``digest:{guild}:{YYYY-MM}``, named for the month the digest reports on."""
    month = period.start.astimezone(zone)
    return f"{DIGEST_JOB}:{guild_id}:{month:%Y-%m}"


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str

    @property
    def anchor(self) -> str:
        """What members pass to ``/audit check:`` (or ``caucus audit verify --anchor``)."""
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class DigestReport:
    digest: TransparencyDigest
    head: AuditHead | None


@dataclass(frozen=True)
class ScheduledDigest:
    job_id: str
    due_at: dt.datetime
    period: Period


def current_month(now: dt.datetime, zone: ZoneInfo) -> Period:
    """This calendar month in the guild's zone (so far: nothing later has happened yet)."""
    local = now.astimezone(zone)
    return month_period(local.year, local.month, zone)


class TransparencyService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def digest(
        self,
        guild_id: int,
        period: Period,
        member_ids: Iterable[int],
        bot_ids: Iterable[int] = (),
    ) -> DigestReport:
        """Figures for ``period``; ``member_ids`` are the holders of the member role now;
        what ``bot_ids`` (the bot itself) recorded is never counted as an organizer's action."""
        members = frozenset(member_ids)
        async with self.core.sessions() as session:
            factions = [f for f in await faction_repo.list_factions(session, guild_id) if f.is_live]
            votes = await self._votes(session, guild_id, period)
            documents = await self._documents(session, guild_id, period)
            entries = await audit_repo.entries(session, guild_id, since=period.start)
            head = await audit_repo.last(session, guild_id)
        digest = compute_digest(
            period=period,
            member_count=len(members),
            factions=[FactionFigure(f.name, f.faction.size) for f in factions],
            votes=votes,
            documents=documents,
            organizer_actions=[e for e in entries if is_organizer_action(e)],
            bot_ids=frozenset(bot_ids),
        )
        return DigestReport(digest, AuditHead(head.seq, head.hash) if head else None)

    async def _votes(self, session: DbSession, guild_id: int, period: Period) -> list[VoteHeld]:
        held = []
        closed = await voting_repo.list_votes(
            session, guild_id, states=(VoteState.CLOSED,), limit=ALL_VOTES
        )
        for vote in closed:
            if vote.closed_at is None or not period.contains(vote.closed_at):
                continue
            result = vote.result or {}
            roll = int(result.get("roll_size", vote.roll_size or 0))
            held.append(
                VoteHeld(
                    vote.spec.title,
                    vote.spec.kind.value,
                    vote.closed_at,
                    roll,
                    min(int(result.get("ballots", 0)), roll),
                )
            )
        for member_vote in await faction_repo.decided_votes(
            session, guild_id, period.start, period.end
        ):
            assert member_vote.decided_at is not None
            held.append(
                VoteHeld(
                    f"Member vote F{member_vote.id}",
                    f"faction {member_vote.purpose.replace('_', ' ')}",
                    member_vote.decided_at,
                    member_vote.electorate_size,
                    member_vote.ballots,
                )
            )
        return held

    async def _documents(
        self, session: DbSession, guild_id: int, period: Period
    ) -> list[DocumentAdded]:
        entries = await audit_repo.entries(session, guild_id, since=period.start)
        corpus = [
            DocumentAdded(str(e.details.get("title", e.details.get("document", "?"))), e.at)
            for e in entries
            if e.action == AuditAction.DOCUMENT_ADDED
        ]
        bulletin = [
            DocumentAdded(
                f"{d.document.title} ({d.faction_name}, bulletin)", d.document.submitted_at
            )
            for d in await faction_repo.list_documents(
                session, guild_id, since=period.start, until=period.end
            )
        ]
        return corpus + bulletin

    # -- the monthly digest job ------------------------------------------------------------

    def next_digest(self, guild_id: int, after: dt.datetime) -> ScheduledDigest:
        """The first digest due after ``after``: on the configured day of a month, reporting
        on the month before it."""
        guild = guild_settings(self.core.settings, guild_id)
        zone = guild.zone
        day = guild.factions.digest_day_of_month
        local = after.astimezone(zone)
        year, month = local.year, local.month
        for _ in range(2):
            due = dt.datetime.combine(
                dt.date(year, month, day), dt.time(DIGEST_LOCAL_HOUR), tzinfo=zone
            ).astimezone(dt.UTC)
            if due > after:
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        period = previous_period(due, zone)
        return ScheduledDigest(digest_job_id(guild_id, period, zone), due, period)

    async def schedule_next(
        self, guild_id: int, after: dt.datetime | None = None
    ) -> ScheduledDigest:
        """Make sure the next digest is in the job ledger (a no-op when it is already)."""
        upcoming = self.next_digest(guild_id, after or self.core.clock.now())
        async with self.core.sessions.begin() as session:
            await job_repo.upsert(
                session,
                upcoming.job_id,
                guild_id=guild_id,
                kind=DIGEST_JOB,
                due_at=upcoming.due_at,
                payload={
                    "start": upcoming.period.start.isoformat(),
                    "end": upcoming.period.end.isoformat(),
                },
            )
        self.core.scheduler.arm(upcoming.job_id, upcoming.due_at)
        return upcoming


def period_from_payload(payload: dict[str, object]) -> Period:
    return Period(
        dt.datetime.fromisoformat(str(payload["start"])),
        dt.datetime.fromisoformat(str(payload["end"])),
    )
