"""Repository for factions, their bulletin, member votes, endorsements and minority reports.

Every function takes the caller's session and returns frozen records, never rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.factions import (
    EndorsementRow,
    FactionDocumentRow,
    FactionMemberRow,
    FactionRow,
    FactionVoteRollRow,
    FactionVoteRow,
    MinorityReportRow,
    MinorityReportSignerRow,
)
from bot.domain.factions import Faction, FactionDocument, FactionDocumentKind


@dataclass(frozen=True)
class StoredFaction:
    """A faction as stored: the domain faction plus founding and Discord bookkeeping."""

    faction: Faction
    guild_id: int
    created_by: int
    invited: frozenset[int]
    agreed: frozenset[int]
    founded_at: dt.datetime | None
    role_id: int | None
    channel_id: int | None

    @property
    def id(self) -> int:
        return self.faction.id

    @property
    def name(self) -> str:
        return self.faction.name

    @property
    def is_founded(self) -> bool:
        return self.founded_at is not None

    @property
    def is_live(self) -> bool:
        return self.is_founded and self.faction.is_active


@dataclass(frozen=True)
class StoredDocument:
    document: FactionDocument
    guild_id: int
    faction_name: str
    proposed_by: int | None
    proposed_at: dt.datetime | None
    decided_by: str | None
    outcome: str | None
    decided_at: dt.datetime | None
    corpus_doc_id: str | None

    @property
    def id(self) -> int:
        return self.document.id


@dataclass(frozen=True)
class StoredFactionVote:
    id: int
    guild_id: int
    faction_id: int | None
    purpose: str
    election_id: int | None
    candidate_id: int | None
    document_id: int | None
    called_by: int
    called_at: dt.datetime
    closes_at: dt.datetime
    electorate_size: int
    yes: int
    no: int
    outcome: str | None
    decided_at: dt.datetime | None
    channel_id: int | None
    message_id: int | None

    @property
    def is_decided(self) -> bool:
        return self.outcome is not None

    @property
    def ballots(self) -> int:
        return self.yes + self.no


@dataclass(frozen=True)
class StoredEndorsement:
    faction_id: int
    faction_name: str
    election_id: int
    candidate_id: int
    decided_at: dt.datetime
    yes_votes: int
    electorate_size: int


@dataclass(frozen=True)
class StoredReport:
    id: int
    guild_id: int
    vote_id: int
    subject_kind: str
    faction_id: int | None
    faction_name: str | None
    text: str
    drafted_by: int
    drafted_at: dt.datetime
    filed_at: dt.datetime | None
    signers: tuple[int, ...]  # in the order they signed
    channel_id: int | None
    message_id: int | None

    @property
    def is_filed(self) -> bool:
        return self.filed_at is not None


# -- factions ---------------------------------------------------------------------------------


async def _members(session: AsyncSession, faction_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {fid: set() for fid in faction_ids}
    if not faction_ids:
        return found
    rows = await session.execute(
        select(FactionMemberRow.faction_id, FactionMemberRow.member_id).where(
            FactionMemberRow.faction_id.in_(faction_ids)
        )
    )
    for faction_id, member_id in rows:
        found[faction_id].add(member_id)
    return found


def _stored(row: FactionRow, members: set[int]) -> StoredFaction:
    founders = frozenset(row.agreed) | {row.created_by}
    faction = Faction(
        id=row.id,
        name=row.name,
        description=row.description,
        platform=row.platform,
        founders=founders,
        members=frozenset(members),
        created_at=row.founded_at or row.created_at,
        dissolved_at=row.dissolved_at,
    )
    return StoredFaction(
        faction=faction,
        guild_id=row.guild_id,
        created_by=row.created_by,
        invited=frozenset(row.invited),
        agreed=frozenset(row.agreed),
        founded_at=row.founded_at,
        role_id=row.role_id,
        channel_id=row.channel_id,
    )


async def get_faction(session: AsyncSession, faction_id: int) -> StoredFaction | None:
    row = await session.get(FactionRow, faction_id)
    if row is None:
        return None
    return _stored(row, (await _members(session, [row.id]))[row.id])


async def list_factions(
    session: AsyncSession, guild_id: int, *, include_dissolved: bool = False
) -> list[StoredFaction]:
    """Every faction of the guild (founded or forming), oldest first."""
    query = select(FactionRow).where(FactionRow.guild_id == guild_id).order_by(FactionRow.id)
    if not include_dissolved:
        query = query.where(FactionRow.dissolved_at.is_(None))
    rows = list(await session.scalars(query))
    members = await _members(session, [row.id for row in rows])
    return [_stored(row, members[row.id]) for row in rows]


async def insert_faction(
    session: AsyncSession,
    *,
    guild_id: int,
    name: str,
    name_key: str,
    description: str,
    platform: str,
    created_by: int,
    created_at: dt.datetime,
    invited: Iterable[int],
) -> int:
    row = FactionRow(
        guild_id=guild_id,
        name=name,
        name_key=name_key,
        description=description,
        platform=platform,
        created_by=created_by,
        created_at=created_at,
        invited=sorted(invited),
        agreed=[],
    )
    session.add(row)
    await session.flush()
    return row.id


async def update_faction(session: AsyncSession, faction_id: int, **values: object) -> None:
    await session.execute(update(FactionRow).where(FactionRow.id == faction_id).values(**values))


async def add_member(
    session: AsyncSession, faction_id: int, member_id: int, at: dt.datetime, *, founder: bool
) -> None:
    session.add(
        FactionMemberRow(faction_id=faction_id, member_id=member_id, joined_at=at, founder=founder)
    )
    await session.flush()


async def remove_member(session: AsyncSession, faction_id: int, member_id: int) -> None:
    await session.execute(
        delete(FactionMemberRow).where(
            FactionMemberRow.faction_id == faction_id, FactionMemberRow.member_id == member_id
        )
    )


async def memberships(session: AsyncSession, guild_id: int, member_id: int) -> list[int]:
    """The live factions a member belongs to."""
    rows = await session.scalars(
        select(FactionMemberRow.faction_id)
        .join(FactionRow, FactionRow.id == FactionMemberRow.faction_id)
        .where(
            FactionRow.guild_id == guild_id,
            FactionRow.dissolved_at.is_(None),
            FactionMemberRow.member_id == member_id,
        )
    )
    return list(rows)


# -- documents --------------------------------------------------------------------------------


def _document(row: FactionDocumentRow, faction_name: str) -> StoredDocument:
    return StoredDocument(
        document=FactionDocument(
            id=row.id,
            faction_id=row.faction_id,
            kind=FactionDocumentKind(row.kind),
            title=row.title,
            text=row.text,
            submitted_by=row.submitted_by,
            submitted_at=row.submitted_at,
        ),
        guild_id=row.guild_id,
        faction_name=faction_name,
        proposed_by=row.proposed_by,
        proposed_at=row.proposed_at,
        decided_by=row.decided_by,
        outcome=row.outcome,
        decided_at=row.decided_at,
        corpus_doc_id=row.corpus_doc_id,
    )


async def insert_document(session: AsyncSession, guild_id: int, document: FactionDocument) -> int:
    row = FactionDocumentRow(
        guild_id=guild_id,
        faction_id=document.faction_id,
        kind=document.kind.value,
        title=document.title,
        text=document.text,
        submitted_by=document.submitted_by,
        submitted_at=document.submitted_at,
    )
    session.add(row)
    await session.flush()
    return row.id


async def get_document(session: AsyncSession, document_id: int) -> StoredDocument | None:
    found = (
        await session.execute(
            select(FactionDocumentRow, FactionRow.name)
            .join(FactionRow, FactionRow.id == FactionDocumentRow.faction_id)
            .where(FactionDocumentRow.id == document_id)
        )
    ).first()
    return _document(found[0], found[1]) if found else None


async def list_documents(
    session: AsyncSession,
    guild_id: int,
    *,
    pending_proposals_only: bool = False,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int | None = None,
) -> list[StoredDocument]:
    """Bulletin documents, newest first."""
    query = (
        select(FactionDocumentRow, FactionRow.name)
        .join(FactionRow, FactionRow.id == FactionDocumentRow.faction_id)
        .where(FactionDocumentRow.guild_id == guild_id)
        .order_by(FactionDocumentRow.id.desc())
    )
    if pending_proposals_only:
        query = query.where(
            FactionDocumentRow.proposed_at.is_not(None), FactionDocumentRow.outcome.is_(None)
        )
    if since is not None:
        query = query.where(FactionDocumentRow.submitted_at >= since)
    if until is not None:
        query = query.where(FactionDocumentRow.submitted_at < until)
    if limit is not None:
        query = query.limit(limit)
    return [_document(row, name) for row, name in await session.execute(query)]


async def update_document(session: AsyncSession, document_id: int, **values: object) -> None:
    await session.execute(
        update(FactionDocumentRow).where(FactionDocumentRow.id == document_id).values(**values)
    )


# -- member votes -----------------------------------------------------------------------------


def _vote(row: FactionVoteRow) -> StoredFactionVote:
    return StoredFactionVote(
        id=row.id,
        guild_id=row.guild_id,
        faction_id=row.faction_id,
        purpose=row.purpose,
        election_id=row.election_id,
        candidate_id=row.candidate_id,
        document_id=row.document_id,
        called_by=row.called_by,
        called_at=row.called_at,
        closes_at=row.closes_at,
        electorate_size=row.electorate_size,
        yes=row.yes,
        no=row.no,
        outcome=row.outcome,
        decided_at=row.decided_at,
        channel_id=row.channel_id,
        message_id=row.message_id,
    )


async def insert_vote(
    session: AsyncSession,
    *,
    guild_id: int,
    faction_id: int | None,
    purpose: str,
    called_by: int,
    called_at: dt.datetime,
    closes_at: dt.datetime,
    electorate: frozenset[int],
    election_id: int | None = None,
    candidate_id: int | None = None,
    document_id: int | None = None,
) -> int:
    row = FactionVoteRow(
        guild_id=guild_id,
        faction_id=faction_id,
        purpose=purpose,
        called_by=called_by,
        called_at=called_at,
        closes_at=closes_at,
        electorate_size=len(electorate),
        yes=0,
        no=0,
        election_id=election_id,
        candidate_id=candidate_id,
        document_id=document_id,
    )
    session.add(row)
    await session.flush()
    session.add_all(
        FactionVoteRollRow(vote_id=row.id, member_id=member, has_voted=False)
        for member in sorted(electorate)
    )
    await session.flush()
    return row.id


async def get_vote(session: AsyncSession, vote_id: int) -> StoredFactionVote | None:
    row = await session.get(FactionVoteRow, vote_id, populate_existing=True)
    return _vote(row) if row else None


async def open_votes(
    session: AsyncSession,
    guild_id: int,
    *,
    faction_id: int | None = None,
    purpose: str | None = None,
) -> list[StoredFactionVote]:
    query = select(FactionVoteRow).where(
        FactionVoteRow.guild_id == guild_id, FactionVoteRow.outcome.is_(None)
    )
    if faction_id is not None:
        query = query.where(FactionVoteRow.faction_id == faction_id)
    if purpose is not None:
        query = query.where(FactionVoteRow.purpose == purpose)
    return [_vote(row) for row in await session.scalars(query.order_by(FactionVoteRow.id))]


async def decided_votes(
    session: AsyncSession, guild_id: int, since: dt.datetime, until: dt.datetime
) -> list[StoredFactionVote]:
    rows = await session.scalars(
        select(FactionVoteRow)
        .where(
            FactionVoteRow.guild_id == guild_id,
            FactionVoteRow.decided_at >= since,
            FactionVoteRow.decided_at < until,
        )
        .order_by(FactionVoteRow.decided_at)
    )
    return [_vote(row) for row in rows]


async def mark_voted(session: AsyncSession, vote_id: int, member_id: int) -> bool:
    """Mark the member as having voted; False when they are not on the roll or voted already.

    A compare-and-set on the roll entry, so two clicks cannot both count.
    """
    result = await session.execute(
        update(FactionVoteRollRow)
        .where(
            FactionVoteRollRow.vote_id == vote_id,
            FactionVoteRollRow.member_id == member_id,
            FactionVoteRollRow.has_voted.is_(False),
        )
        .values(has_voted=True)
    )
    return bool(getattr(result, "rowcount", 0))


async def on_roll(session: AsyncSession, vote_id: int, member_id: int) -> bool | None:
    """None when not on the roll, else whether they have voted."""
    row = await session.get(FactionVoteRollRow, (vote_id, member_id))
    return None if row is None else row.has_voted


async def add_choice(session: AsyncSession, vote_id: int, *, yes: bool) -> None:
    column = FactionVoteRow.yes if yes else FactionVoteRow.no
    await session.execute(
        update(FactionVoteRow).where(FactionVoteRow.id == vote_id).values({column.key: column + 1})
    )


async def update_vote(session: AsyncSession, vote_id: int, **values: object) -> None:
    await session.execute(
        update(FactionVoteRow).where(FactionVoteRow.id == vote_id).values(**values)
    )


# -- endorsements -----------------------------------------------------------------------------


async def insert_endorsement(
    session: AsyncSession,
    *,
    guild_id: int,
    faction_id: int,
    election_id: int,
    candidate_id: int,
    decided_at: dt.datetime,
    yes_votes: int,
    electorate_size: int,
) -> None:
    session.add(
        EndorsementRow(
            guild_id=guild_id,
            faction_id=faction_id,
            election_id=election_id,
            candidate_id=candidate_id,
            decided_at=decided_at,
            yes_votes=yes_votes,
            electorate_size=electorate_size,
        )
    )
    await session.flush()


async def endorsements(
    session: AsyncSession, guild_id: int, election_id: int
) -> list[StoredEndorsement]:
    rows = await session.execute(
        select(EndorsementRow, FactionRow.name)
        .join(FactionRow, FactionRow.id == EndorsementRow.faction_id)
        .where(EndorsementRow.guild_id == guild_id, EndorsementRow.election_id == election_id)
        .order_by(EndorsementRow.id)
    )
    return [
        StoredEndorsement(
            row.faction_id,
            name,
            row.election_id,
            row.candidate_id,
            row.decided_at,
            row.yes_votes,
            row.electorate_size,
        )
        for row, name in rows
    ]


# -- minority reports -------------------------------------------------------------------------


async def insert_report(
    session: AsyncSession,
    *,
    guild_id: int,
    vote_id: int,
    subject_kind: str,
    faction_id: int | None,
    text: str,
    drafted_by: int,
    drafted_at: dt.datetime,
) -> int:
    row = MinorityReportRow(
        guild_id=guild_id,
        vote_id=vote_id,
        subject_kind=subject_kind,
        faction_id=faction_id,
        text=text,
        drafted_by=drafted_by,
        drafted_at=drafted_at,
    )
    session.add(row)
    await session.flush()
    return row.id


async def add_signer(
    session: AsyncSession, report_id: int, member_id: int, at: dt.datetime
) -> None:
    session.add(MinorityReportSignerRow(report_id=report_id, member_id=member_id, signed_at=at))
    await session.flush()


ReportQuery = Select[Any]


async def _reports(session: AsyncSession, query: ReportQuery) -> list[StoredReport]:
    rows = list(await session.execute(query))
    ids = [row.id for row, _ in rows]
    signers: dict[int, list[int]] = {report_id: [] for report_id in ids}
    if ids:
        signed = await session.execute(
            select(MinorityReportSignerRow.report_id, MinorityReportSignerRow.member_id)
            .where(MinorityReportSignerRow.report_id.in_(ids))
            .order_by(MinorityReportSignerRow.signed_at, MinorityReportSignerRow.member_id)
        )
        for report_id, member_id in signed:
            signers[report_id].append(member_id)
    return [
        StoredReport(
            id=row.id,
            guild_id=row.guild_id,
            vote_id=row.vote_id,
            subject_kind=row.subject_kind,
            faction_id=row.faction_id,
            faction_name=name,
            text=row.text,
            drafted_by=row.drafted_by,
            drafted_at=row.drafted_at,
            filed_at=row.filed_at,
            signers=tuple(signers[row.id]),
            channel_id=row.channel_id,
            message_id=row.message_id,
        )
        for row, name in rows
    ]


def _report_query() -> ReportQuery:
    return select(MinorityReportRow, FactionRow.name).outerjoin(
        FactionRow, FactionRow.id == MinorityReportRow.faction_id
    )


async def get_report(session: AsyncSession, report_id: int) -> StoredReport | None:
    query = _report_query().where(MinorityReportRow.id == report_id)
    found = await _reports(session, query)
    return found[0] if found else None


async def reports_for_votes(
    session: AsyncSession, guild_id: int, vote_ids: Sequence[int], *, filed_only: bool = True
) -> list[StoredReport]:
    query = (
        _report_query()
        .where(MinorityReportRow.guild_id == guild_id, MinorityReportRow.vote_id.in_(vote_ids))
        .order_by(MinorityReportRow.id)
    )
    if filed_only:
        query = query.where(MinorityReportRow.filed_at.is_not(None))
    return await _reports(session, query)


async def update_report(session: AsyncSession, report_id: int, **values: object) -> None:
    await session.execute(
        update(MinorityReportRow).where(MinorityReportRow.id == report_id).values(**values)
    )
