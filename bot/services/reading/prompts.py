"""Prompts members suggest; organizers approve or reject them, approved ones join the pool."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.db.models import PromptSuggestionRow
from bot.domain.reading import SuggestionError, validate_suggestion
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, require_member, require_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.corpus import CorpusService

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


@dataclass(frozen=True)
class Suggestion:
    id: int
    document_id: str
    section: str | None
    text: str
    author_id: int
    state: str


def _suggestion(row: PromptSuggestionRow) -> Suggestion:
    return Suggestion(row.id, row.document_id, row.section, row.text, row.author_id, row.state)


class PromptService:
    def __init__(self, core: Core, corpus: CorpusService, audit: AuditService) -> None:
        self.core = core
        self.corpus = corpus
        self.audit = audit

    async def suggest(
        self, actor: Actor, document_id: str, section: str | None, text: str
    ) -> Suggestion:
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        document = await self.corpus.document(actor.guild_id, document_id)
        if section and section not in {s.title for s in document.sections}:
            raise NotFound(f"{document.title} has no section called {section!r}.")
        try:
            prompt = validate_suggestion(text)
        except SuggestionError as exc:
            raise UserError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None
        async with self.core.sessions.begin() as session:
            row = PromptSuggestionRow(
                guild_id=actor.guild_id,
                document_id=document.id,
                section=section or None,
                text=prompt.text,
                author_id=actor.member_id,
                state=PENDING,
            )
            session.add(row)
            await session.flush()
            return _suggestion(row)

    async def decide(self, actor: Actor, suggestion_id: int, approve: bool) -> Suggestion:
        require_organizer(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            row = await session.get(PromptSuggestionRow, suggestion_id)
            if row is None or row.guild_id != actor.guild_id:
                raise NotFound(f"There is no suggested prompt #{suggestion_id}.")
            if row.state != PENDING:
                raise Conflict(f"Suggestion #{suggestion_id} was already {row.state}.")
            row.state = APPROVED if approve else REJECTED
            row.decided_by = actor.member_id
            row.decided_at = self.core.clock.now()
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action="prompt.decided",
                as_organizer=True,
                details={"suggestion": suggestion_id, "approved": approve},
            )
            return _suggestion(row)

    async def pending(self, guild_id: int) -> list[Suggestion]:
        async with self.core.sessions() as session:
            rows = await session.scalars(
                select(PromptSuggestionRow)
                .where(
                    PromptSuggestionRow.guild_id == guild_id, PromptSuggestionRow.state == PENDING
                )
                .order_by(PromptSuggestionRow.id)
            )
            return [_suggestion(row) for row in rows]

    async def approved_for(
        self, guild_id: int, document_id: str, sections: tuple[str, ...]
    ) -> list[str]:
        """Approved prompts for the document, those about these sections first."""
        async with self.core.sessions() as session:
            rows = list(
                await session.scalars(
                    select(PromptSuggestionRow)
                    .where(
                        PromptSuggestionRow.guild_id == guild_id,
                        PromptSuggestionRow.document_id == document_id,
                        PromptSuggestionRow.state == APPROVED,
                    )
                    .order_by(PromptSuggestionRow.id)
                )
            )
        matching = [r.text for r in rows if r.section in sections]
        general = [r.text for r in rows if r.section is None]
        return matching + general
