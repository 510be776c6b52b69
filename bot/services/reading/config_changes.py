"""At start-up: what the config edit changed. Every change of a guild's settings is appended to
the audit chain as a readable diff, and the reading plan's not-yet-posted sessions are compared
before and after the re-plan so organizers read, in the log channel, what moved."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.db import config_snapshots
from bot.db import reading as sessions_repo
from bot.domain.audit import AuditAction
from bot.domain.corpus.model import Document
from bot.domain.reading.changes import PlannedSlot, plan_changes, settings_diff
from bot.domain.reading.states import SessionState
from bot.services.actors import guild_settings
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.reading.plan import PlanService

PENDING_STATES = tuple(state for state in SessionState if state.is_pending)


@dataclass(frozen=True)
class ConfigReview:
    settings: list[str] = field(default_factory=list)  # "reading.time: 19:00:00 → 18:30:00"
    sessions: list[str] = field(default_factory=list)  # "Session 4 (Thu 17 Dec …) now reads …"

    @property
    def changed(self) -> bool:
        return bool(self.settings or self.sessions)


def reading_words(document: Document | None, first: int, last: int) -> str:
    """ "“Title” — Section / Section", the words members know a reading by."""
    if document is None:
        return "a document no longer in the corpus"
    titles = []
    for paragraph in document.paragraphs:
        if first <= paragraph.index <= last:
            title = document.section_of(paragraph.index).title
            if title not in titles:
                titles.append(title)
    sections = " / ".join(t for t in titles if t)
    return f"“{document.title}”" + (f" — {sections}" if sections else "")


class ConfigChangeService:
    def __init__(
        self, core: Core, plans: PlanService, corpus: CorpusService, audit: AuditService
    ) -> None:
        self.core = core
        self.plans = plans
        self.corpus = corpus
        self.audit = audit

    async def review(self, guild_id: int) -> ConfigReview:
        """Record a config change in the audit log, re-plan, and say what changed."""
        guild = guild_settings(self.core.settings, guild_id)
        snapshot = guild.model_dump(mode="json")
        before = await self.pending_slots(guild_id)
        async with self.audit.transaction(guild_id) as session:
            stored = await config_snapshots.get(session, guild_id)
            diff = settings_diff(stored, snapshot) if stored is not None else []
            if stored is None or diff:
                await config_snapshots.put(session, guild_id, snapshot, self.core.clock.now())
            if diff:
                await self.audit.record(
                    session,
                    guild_id=guild_id,
                    actor_id=None,
                    action=AuditAction.CONFIG_CHANGED,
                    details={"changes": diff},
                )
        if guild.reading.enabled and (
            guild.reading.documents or await self.corpus.plan_document_ids(guild_id)
        ):
            await self.plans.sync(guild_id)
        after = await self.pending_slots(guild_id)
        sessions = plan_changes(before, after, guild.zone) if before else []
        return ConfigReview(diff, sessions)

    async def pending_slots(self, guild_id: int) -> list[PlannedSlot]:
        """The sessions not posted yet, as stored after the last re-plan."""
        async with self.core.sessions() as session:
            rows = await sessions_repo.in_states(session, guild_id, PENDING_STATES)
        if not rows:
            return []
        corpus = await self.corpus.corpus(guild_id)
        documents = {d.id: d for d in corpus.documents}
        return [
            PlannedSlot(
                row.number,
                row.starts_at if row.state is SessionState.SCHEDULED else None,
                row.document_id,
                row.first_paragraph,
                row.last_paragraph,
                reading_words(
                    documents.get(row.document_id), row.first_paragraph, row.last_paragraph
                ),
            )
            for row in rows
        ]
