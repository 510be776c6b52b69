"""Minority reports on closed votes: drafted by one member, signed by others, filed once enough
have signed within the window after the close. Filed reports are never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.db import factions as repo
from bot.db import voting as voting_repo
from bot.db.session import DbSession
from bot.domain.audit import AuditAction
from bot.domain.factions import (
    FilingProblem,
    MinorityReportRules,
    ReportSubject,
    ReportSubjectKind,
    can_delete_report,
    check_filing,
    filing_deadline,
)
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services.actors import Actor, guild_settings, is_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.common import enabled_guild, find_faction, member_guild, report_rules
from bot.services.factions.records import ReportResult, StoredReport

DECISIONS_PAGE = 15
MINORITY_REPORT_DRAFTED = "minority_report.drafted"


@dataclass(frozen=True)
class Decision:
    """A closed vote as /decisions shows it: its number, title, headline and reports."""

    vote_id: int
    title: str
    kind: str
    headline: str
    closed_at: dt.datetime | None
    roll_size: int
    ballots: int
    reports: tuple[StoredReport, ...]


def _subject(stored: voting_repo.StoredVote) -> ReportSubject:
    if stored.state is not VoteState.CLOSED or stored.closed_at is None:
        raise Conflict(f"Vote #{stored.id} has not closed; reports answer a result.")
    kind = (
        ReportSubjectKind.ELECTION
        if stored.spec.kind is VoteKind.ELECTION
        else ReportSubjectKind.MOTION
    )
    return ReportSubject(kind, stored.id, stored.closed_at)


class ReportService:
    def __init__(self, core: Core, audit: AuditService) -> None:
        self.core = core
        self.audit = audit

    async def draft(
        self, actor: Actor, vote_id: int, text: str, faction_name: str | None = None
    ) -> ReportResult:
        """Start a report (the drafter signs first); in a faction's name, only its members sign."""
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        rules = report_rules(guild.factions)
        async with self.audit.transaction(actor.guild_id) as session:
            subject = _subject(await self._vote(session, actor.guild_id, vote_id))
            faction = None
            if faction_name is not None:
                faction = await find_faction(session, actor.guild_id, faction_name)
            check = check_filing(
                subject,
                signers=[actor.member_id],
                text=text,
                at=self.core.clock.now(),
                rules=rules,
                eligible={actor.member_id},
                faction=faction.faction if faction else None,
            )
            problems = [p for p in check.problems if p[0] is not FilingProblem.TOO_FEW_SIGNERS]
            if problems:
                message = " ".join(message for _, message in problems)
                outsider = any(p[0] is FilingProblem.SIGNER_NOT_IN_FACTION for p in problems)
                raise (NotAllowed if outsider else Conflict)(message)
            report_id = await repo.insert_report(
                session,
                guild_id=actor.guild_id,
                vote_id=vote_id,
                subject_kind=subject.kind.value,
                faction_id=faction.id if faction else None,
                text=text.strip(),
                drafted_by=actor.member_id,
                drafted_at=self.core.clock.now(),
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=MINORITY_REPORT_DRAFTED,
                details={
                    "report": report_id,
                    "vote": vote_id,
                    "faction": faction.name if faction else None,
                },
            )
            return await self._sign(session, actor, report_id, rules)

    async def sign(self, actor: Actor, report_id: int) -> ReportResult:
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            report = await self._report(session, actor.guild_id, report_id)
            if report.is_filed:
                raise Conflict(f"Minority report R{report_id} is filed already.")
            if actor.member_id in report.signers:
                raise Conflict(f"You have signed minority report R{report_id} already.")
            return await self._sign(session, actor, report_id, report_rules(guild.factions))

    async def _sign(
        self, session: DbSession, actor: Actor, report_id: int, rules: MinorityReportRules
    ) -> ReportResult:
        report = await self._report(session, actor.guild_id, report_id)
        now = self.core.clock.now()
        subject = _subject(await self._vote(session, actor.guild_id, report.vote_id))
        faction = await repo.get_faction(session, report.faction_id) if report.faction_id else None
        signers = [*report.signers, actor.member_id]
        # Signers already on the report were eligible when they signed; only the new one is
        # checked against the member role now.
        check = check_filing(
            subject,
            signers=signers,
            text=report.text,
            at=now,
            rules=rules,
            eligible=set(signers),
            faction=faction.faction if faction else None,
        )
        blocking = [p for p in check.problems if p[0] is not FilingProblem.TOO_FEW_SIGNERS]
        if blocking:
            message = " ".join(message for _, message in blocking)
            outsider = any(p[0] is FilingProblem.SIGNER_NOT_IN_FACTION for p in blocking)
            raise (NotAllowed if outsider else Conflict)(message)
        await repo.add_signer(session, report_id, actor.member_id, now)
        needed = rules.faction_cosigners_required if faction else rules.member_cosigners_required
        filed_now = check.allowed
        if filed_now:
            await repo.update_report(session, report_id, filed_at=now)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=AuditAction.MINORITY_REPORT_FILED,
                details={
                    "report": report_id,
                    "vote": report.vote_id,
                    "faction": faction.name if faction else None,
                    "signers": [str(s) for s in signers],
                },
            )
        return ReportResult(
            await self._report(session, actor.guild_id, report_id), filed_now, needed
        )

    async def delete(self, actor: Actor, report_id: int) -> None:
        """Nobody deletes a minority report; the refusal says so (to organizers by name)."""
        guild = enabled_guild(guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions() as session:
            await self._report(session, actor.guild_id, report_id)
        raise NotAllowed(can_delete_report(is_organizer(actor, guild)).message)

    async def get(self, guild_id: int, report_id: int) -> StoredReport:
        async with self.core.sessions() as session:
            return await self._report(session, guild_id, report_id)

    async def for_votes(self, guild_id: int, vote_ids: Sequence[int]) -> list[StoredReport]:
        async with self.core.sessions() as session:
            return await repo.reports_for_votes(session, guild_id, vote_ids)

    async def deadline(self, guild_id: int, vote_id: int) -> dt.datetime:
        guild = guild_settings(self.core.settings, guild_id)
        async with self.core.sessions() as session:
            subject = _subject(await self._vote(session, guild_id, vote_id))
        return filing_deadline(subject, report_rules(guild.factions))

    async def set_message(self, report_id: int, *, channel_id: int, message_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await repo.update_report(
                session, report_id, channel_id=channel_id, message_id=message_id
            )

    async def decisions(self, guild_id: int, limit: int = DECISIONS_PAGE) -> list[Decision]:
        """Recent closed votes, each with the minority reports filed on it."""
        async with self.core.sessions() as session:
            closed = await voting_repo.list_votes(
                session, guild_id, states=(VoteState.CLOSED,), limit=limit
            )
            reports = await repo.reports_for_votes(session, guild_id, [v.id for v in closed])
        return [_decision(vote, [r for r in reports if r.vote_id == vote.id]) for vote in closed]

    async def decision(self, guild_id: int, vote_id: int) -> Decision:
        async with self.core.sessions() as session:
            stored = await self._vote(session, guild_id, vote_id)
            _subject(stored)
            reports = await repo.reports_for_votes(session, guild_id, [vote_id])
        return _decision(stored, reports)

    async def _vote(
        self, session: DbSession, guild_id: int, vote_id: int
    ) -> voting_repo.StoredVote:
        stored = await voting_repo.get_vote(session, vote_id)
        if stored is None or stored.guild_id != guild_id:
            raise NotFound(f"There is no vote #{vote_id} in this server.")
        return stored

    async def _report(self, session: DbSession, guild_id: int, report_id: int) -> StoredReport:
        report = await repo.get_report(session, report_id)
        if report is None or report.guild_id != guild_id:
            raise NotFound(f"There is no minority report R{report_id} in this server.")
        return report


def _decision(stored: voting_repo.StoredVote, reports: Sequence[StoredReport]) -> Decision:
    result = stored.result or {}
    return Decision(
        vote_id=stored.id,
        title=stored.spec.title,
        kind=stored.spec.kind.value,
        headline=str(result.get("headline", "")),
        closed_at=stored.closed_at,
        roll_size=int(result.get("roll_size", stored.roll_size or 0)),
        ballots=int(result.get("ballots", 0)),
        reports=tuple(reports),
    )
