"""Repository for a guild's own corpus: documents its organizers uploaded, and the documents
added to its reading plan at run time (after the config's own)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import PlanDocumentRow, UploadedDocumentRow


@dataclass(frozen=True)
class UploadedText:
    """An uploaded document as stored: its extracted text, parsed by the domain on use."""

    doc_id: str
    title: str
    author: str
    kind: str
    text: str


async def uploads(session: AsyncSession, guild_id: int) -> list[UploadedText]:
    rows = await session.scalars(
        select(UploadedDocumentRow)
        .where(UploadedDocumentRow.guild_id == guild_id)
        .order_by(UploadedDocumentRow.id)
    )
    return [UploadedText(r.doc_id, r.title, r.author, r.kind, r.text) for r in rows]


async def add_upload(
    session: AsyncSession,
    guild_id: int,
    upload: UploadedText,
    added_by: int,
    in_plan: bool,
) -> None:
    session.add(
        UploadedDocumentRow(
            guild_id=guild_id,
            doc_id=upload.doc_id,
            title=upload.title,
            author=upload.author,
            kind=upload.kind,
            text=upload.text,
            added_by=added_by,
            in_plan=in_plan,
        )
    )


async def append_to_plan(session: AsyncSession, guild_id: int, doc_id: str, actor_id: int) -> None:
    """Add the document at the end of the guild's run-time plan list, once."""
    existing = list(
        await session.scalars(select(PlanDocumentRow).where(PlanDocumentRow.guild_id == guild_id))
    )
    if any(row.doc_id == doc_id for row in existing):
        return
    position = max((row.position for row in existing), default=0) + 1
    session.add(
        PlanDocumentRow(guild_id=guild_id, doc_id=doc_id, position=position, added_by=actor_id)
    )


async def plan_additions(session: AsyncSession, guild_id: int) -> list[str]:
    """Document ids added to the plan at run time, in the order they were added."""
    rows = await session.scalars(
        select(PlanDocumentRow.doc_id)
        .where(PlanDocumentRow.guild_id == guild_id)
        .order_by(PlanDocumentRow.position)
    )
    return list(rows)
