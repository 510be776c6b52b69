"""Prompts members suggest; organizers approve or reject them, approved ones join the pool."""

from __future__ import annotations

from bot.db import suggestions as suggestions_repo
from bot.db.suggestions import Suggestion
from bot.domain.reading import SuggestionError, validate_suggestion
from bot.domain.reading.suggestions import SuggestionState
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, require_member, require_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.corpus import CorpusService

__all__ = ["PromptService", "Suggestion"]


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
            return await suggestions_repo.add(
                session,
                actor.guild_id,
                document.id,
                section or None,
                prompt.text,
                actor.member_id,
            )

    async def decide(self, actor: Actor, suggestion_id: int, approve: bool) -> Suggestion:
        require_organizer(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            found = await suggestions_repo.get(session, actor.guild_id, suggestion_id)
            if found is None:
                raise NotFound(f"There is no suggested prompt #{suggestion_id}.")
            if found.state is not SuggestionState.PENDING:
                raise Conflict(f"Suggestion #{suggestion_id} was already {found.state.value}.")
            decided = await suggestions_repo.decide(
                session, suggestion_id, approve, actor.member_id, self.core.clock.now()
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action="prompt.decided",
                as_organizer=True,
                details={"suggestion": suggestion_id, "approved": approve},
            )
            return decided

    async def pending(self, guild_id: int) -> list[Suggestion]:
        async with self.core.sessions() as session:
            return await suggestions_repo.pending(session, guild_id)

    async def approved_for(
        self, guild_id: int, document_id: str, sections: tuple[str, ...]
    ) -> list[str]:
        """Approved prompts for the document, those about these sections first."""
        async with self.core.sessions() as session:
            rows = await suggestions_repo.approved(session, guild_id, document_id)
        matching = [r.text for r in rows if r.section in sections]
        general = [r.text for r in rows if r.section is None]
        return matching + general
