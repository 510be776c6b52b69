"""The bulletin: documents factions publish, and proposing them for the reading plan.

A proposal is decided by a vote of all members or by the organizers, as the config says.
An accepted document joins the corpus and the end of the reading plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.db import factions as repo
from bot.domain.audit import AuditAction
from bot.domain.factions import (
    FactionDocumentKind,
    ReadingPlanDecider,
    ReadingPlanProposal,
    decide_proposal,
    propose_for_reading_plan,
    submit_document,
)
from bot.domain.factions.model import require_member
from bot.domain.factions.rules import DOCUMENT_TITLE_MAX_CHARS
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, is_organizer
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.factions.common import (
    as_user_errors,
    enabled_guild,
    faction_rules,
    find_faction,
    member_guild,
)
from bot.services.factions.member_votes import MemberVoteService
from bot.services.factions.records import FactionVotePurpose, ProposalResult, StoredDocument
from bot.services.reading.plan import PlanService

FACTION_DOCUMENT_PROPOSED = "faction.document_proposed"
BULLETIN_PAGE = 15


class BulletinService:
    def __init__(
        self,
        core: Core,
        audit: AuditService,
        votes: MemberVoteService,
        corpus: CorpusService,
        plans: PlanService,
    ) -> None:
        self.core = core
        self.audit = audit
        self.votes = votes
        self.corpus = corpus
        self.plans = plans

    async def check_may_publish(self, actor: Actor, name: str) -> None:
        """Refuse anyone outside the faction, before their file is downloaded."""
        member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions() as session:
            stored = await find_faction(session, actor.guild_id, name)
        with as_user_errors():
            require_member(stored.faction, actor.member_id, "publish documents in its name")

    async def publish(
        self, actor: Actor, name: str, *, kind: FactionDocumentKind, title: str, text: str
    ) -> StoredDocument:
        """A member of the faction publishes a document in its name."""
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await find_faction(session, actor.guild_id, name)
            with as_user_errors():
                document = submit_document(
                    stored.faction,
                    document_id=0,
                    actor_id=actor.member_id,
                    kind=kind,
                    title=title,
                    text=text,
                    at=self.core.clock.now(),
                    rules=faction_rules(guild.factions),
                )
            document_id = await repo.insert_document(session, actor.guild_id, document)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=AuditAction.FACTION_DOCUMENT_SUBMITTED,
                details={
                    "faction": stored.id,
                    "name": stored.name,
                    "document": f"B{document_id}",
                    "kind": kind.value,
                    "title": document.title,
                },
            )
            found = await repo.get_document(session, document_id)
        assert found is not None
        return found

    async def bulletin(self, guild_id: int, limit: int = BULLETIN_PAGE) -> list[StoredDocument]:
        async with self.core.sessions() as session:
            return await repo.list_documents(session, guild_id, limit=limit)

    async def get(self, guild_id: int, document_id: int) -> StoredDocument:
        async with self.core.sessions() as session:
            found = await repo.get_document(session, document_id)
        if found is None or found.guild_id != guild_id:
            raise NotFound(f"There is no bulletin document B{document_id} in this server.")
        return found

    async def pending(self, guild_id: int) -> list[StoredDocument]:
        async with self.core.sessions() as session:
            return await repo.list_documents(session, guild_id, pending_proposals_only=True)

    async def propose(
        self, actor: Actor, document_id: int, member_ids: Iterable[int]
    ) -> ProposalResult:
        """A member of the publishing faction proposes the document for the reading plan.

        ``member_ids`` are everyone holding the member role now: the roll when members decide.
        """
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        rules = faction_rules(guild.factions)
        now = self.core.clock.now()
        async with self.audit.transaction(actor.guild_id) as session:
            document = await repo.get_document(session, document_id)
            if document is None or document.guild_id != actor.guild_id:
                raise NotFound(f"There is no bulletin document B{document_id} in this server.")
            faction = await repo.get_faction(session, document.document.faction_id)
            assert faction is not None
            if document.proposed_at is not None:
                raise Conflict(f"B{document_id} has been proposed for the reading plan already.")
            with as_user_errors():
                proposal = propose_for_reading_plan(
                    faction.faction, document.document, actor.member_id, now, rules
                )
            await repo.update_document(
                session,
                document_id,
                proposed_by=actor.member_id,
                proposed_at=now,
                decided_by=proposal.decided_by.value,
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=FACTION_DOCUMENT_PROPOSED,
                details={
                    "faction": faction.id,
                    "name": faction.name,
                    "document": f"B{document_id}",
                    "title": document.document.title,
                    "decided_by": proposal.decided_by.value,
                },
            )
            vote = None
            if proposal.decided_by is ReadingPlanDecider.MEMBER_VOTE:
                vote = await self.votes.open_vote(
                    session,
                    actor,
                    None,
                    FactionVotePurpose.READING_PROPOSAL,
                    set(member_ids) | {actor.member_id},
                    subject_name=document.document.title,
                    document_id=document_id,
                )
            found = await repo.get_document(session, document_id)
        if vote is not None:
            self.votes.arm(vote)
        assert found is not None
        return ProposalResult(found, vote)

    async def decide(self, actor: Actor, document_id: int, *, accept: bool) -> StoredDocument:
        """Organizers decide a proposal, when the config gives the decision to them."""
        guild = enabled_guild(guild_settings(self.core.settings, actor.guild_id))
        now = self.core.clock.now()
        async with self.audit.transaction(actor.guild_id) as session:
            document = await repo.get_document(session, document_id)
            if document is None or document.guild_id != actor.guild_id:
                raise NotFound(f"There is no bulletin document B{document_id} in this server.")
            if document.proposed_at is None or document.decided_by is None:
                raise Conflict(f"B{document_id} has not been proposed for the reading plan.")
            if document.outcome is not None:
                raise Conflict(f"B{document_id} was {document.outcome} already.")
            proposal = ReadingPlanProposal(
                document.id,
                document.document.faction_id,
                document.proposed_by or actor.member_id,
                document.proposed_at,
                ReadingPlanDecider(document.decided_by),
            )
            with as_user_errors():
                decision = decide_proposal(
                    proposal,
                    via=ReadingPlanDecider.ORGANIZERS,
                    accepted=accept,
                    actor_is_organizer=is_organizer(actor, guild),
                    at=now,
                )
            await repo.update_document(
                session, document_id, outcome=decision.outcome.value, decided_at=now
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action="faction.reading_proposal_decided",
                details={
                    "document": f"B{document_id}",
                    "title": document.document.title,
                    "outcome": decision.outcome.value,
                },
                as_organizer=True,
            )
        if accept:
            await self.add_to_reading_plan(actor, document_id)
        return await self.get(actor.guild_id, document_id)

    async def add_to_reading_plan(self, actor: Actor, document_id: int) -> StoredDocument:
        """Put an accepted document into the corpus and at the end of the reading plan.

        ``actor`` is the deciding organizer, or the bot acting on the members' vote (the
        corpus records additions as organizer actions; the vote is in the audit log too).
        Running it again for a document already added changes nothing.
        """
        document = await self.get(actor.guild_id, document_id)
        if document.corpus_doc_id is not None:
            return document
        title = f"{document.document.title}"[:DOCUMENT_TITLE_MAX_CHARS]
        try:
            added = await self.corpus.add_upload(
                actor,
                title=title,
                author=document.faction_name,
                filename=f"bulletin-{document_id}.md",
                data=document.document.text.encode(),
                add_to_plan=True,
            )
        except UserError as refusal:
            raise Conflict(
                f"B{document_id} was accepted but could not join the corpus: {refusal.message}"
            ) from None
        async with self.core.sessions.begin() as session:
            await repo.update_document(session, document_id, corpus_doc_id=added.id)
        reading = guild_settings(self.core.settings, actor.guild_id).reading
        if reading.enabled and reading.start is not None:  # no start date: no plan to sync
            await self.plans.sync(actor.guild_id)
        return await self.get(actor.guild_id, document_id)
