"""The reading corpus a guild sees: the shipped seeds, the configured documents directory, and
documents its organizers uploaded. Parsed once and cached; uploads invalidate the cache."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.db import corpus as corpus_repo
from bot.db.corpus import UploadedText
from bot.db.session import DbSession
from bot.domain.audit import AuditAction
from bot.domain.corpus import Corpus, CorpusError, Document, document_from_text, load_corpus
from bot.domain.corpus.loader import slugify
from bot.domain.corpus.search import SearchHit, SearchIndex
from bot.errors import Conflict, NotFound, UserError
from bot.resources import seeds_dir as shipped_seeds_dir
from bot.services.actors import Actor, guild_settings, require_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.extraction import Sandbox


class CorpusService:
    def __init__(
        self,
        core: Core,
        audit: AuditService,
        seeds_dir: Path | None = None,
        sandbox: Sandbox | None = None,
    ) -> None:
        self.core = core
        self.audit = audit
        self.sandbox = sandbox or Sandbox()
        self.seeds_dir = seeds_dir or shipped_seeds_dir()
        self._base: Corpus | None = None
        self._guild: dict[int, Corpus] = {}
        self._index: dict[int, SearchIndex] = {}

    def base(self) -> Corpus:
        if self._base is None:
            self._base = load_corpus(self.seeds_dir, self.core.settings.bot.documents_dir)
        return self._base

    async def corpus(self, guild_id: int) -> Corpus:
        if guild_id not in self._guild:
            async with self.core.sessions() as session:
                rows = await corpus_repo.uploads(session, guild_id)
            # Parsing a large document takes a good fraction of a second: off the event loop.
            uploads = await asyncio.to_thread(
                lambda: tuple(
                    document_from_text(
                        r.title,
                        r.author,
                        r.text,
                        r.kind,
                        doc_id=r.doc_id,
                        source="uploaded by an organizer",
                    )
                    for r in rows
                )
            )
            self._guild[guild_id] = Corpus(self.base().documents + uploads)
        return self._guild[guild_id]

    async def document(self, guild_id: int, doc_id: str) -> Document:
        try:
            return (await self.corpus(guild_id)).get(doc_id)
        except CorpusError as exc:
            raise NotFound(str(exc)) from None

    async def search(self, guild_id: int, query: str, limit: int = 5) -> tuple[SearchHit, ...]:
        if not query.strip():
            raise UserError("Give some words to search for.")
        if guild_id not in self._index:
            self._index[guild_id] = SearchIndex((await self.corpus(guild_id)).documents)
        return self._index[guild_id].search(query, limit=limit)

    async def add_upload(
        self,
        actor: Actor,
        *,
        title: str,
        author: str,
        filename: str,
        data: bytes,
        add_to_plan: bool,
    ) -> Document:
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_organizer(actor, guild)
        text, kind = await self.sandbox.extract(filename, data)
        corpus = await self.corpus(actor.guild_id)
        doc_id = slugify(title)
        if doc_id in corpus.ids:
            raise Conflict(
                f"A document with the id {doc_id!r} exists already; choose another title."
            )
        try:
            document = await asyncio.to_thread(
                document_from_text, title, author, text, kind, doc_id=doc_id
            )
        except CorpusError as exc:
            raise UserError(str(exc)) from None
        async with self.audit.transaction(actor.guild_id) as session:
            await corpus_repo.add_upload(
                session,
                actor.guild_id,
                UploadedText(doc_id, document.title, document.author, kind, text),
                added_by=actor.member_id,
                in_plan=add_to_plan,
            )
            if add_to_plan:
                await self._append_to_plan(session, actor.guild_id, doc_id, actor.member_id)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=AuditAction.DOCUMENT_ADDED,
                as_organizer=True,
                details={
                    "document": doc_id,
                    "title": document.title,
                    "words": document.word_count,
                    "in_plan": add_to_plan,
                },
            )
        self.invalidate(actor.guild_id)
        return document

    async def add_to_plan(self, guild_id: int, doc_id: str, actor_id: int) -> None:
        await self.document(guild_id, doc_id)
        async with self.core.sessions.begin() as session:
            await self._append_to_plan(session, guild_id, doc_id, actor_id)

    async def _append_to_plan(
        self, session: DbSession, guild_id: int, doc_id: str, actor_id: int
    ) -> None:
        await corpus_repo.append_to_plan(session, guild_id, doc_id, actor_id)

    async def plan_document_ids(self, guild_id: int) -> tuple[str, ...]:
        """The config's documents, then those added at run time, in the order they were added."""
        guild = guild_settings(self.core.settings, guild_id)
        async with self.core.sessions() as session:
            added = await corpus_repo.plan_additions(session, guild_id)
            extra = [doc for doc in added if doc not in guild.reading.documents]
        return (*guild.reading.documents, *extra)

    def invalidate(self, guild_id: int) -> None:
        self._guild.pop(guild_id, None)
        self._index.pop(guild_id, None)
