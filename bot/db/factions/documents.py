"""The faction bulletin: documents, and proposals to add one to the reading plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.factions import FactionDocumentRow, FactionRow
from bot.domain.factions import FactionDocument, FactionDocumentKind


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
