"""Documents a faction publishes in the bulletin, and proposing them for the reading plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.factions.errors import FactionError
from bot.domain.factions.model import Faction, require_aware, require_member
from bot.domain.factions.rules import DOCUMENT_TITLE_MIN_CHARS, FactionRules, ReadingPlanDecider


class FactionDocumentKind(StrEnum):
    PLATFORM = "platform"
    COUNTER_PROPOSAL = "counter_proposal"
    READING_SUGGESTION = "reading_suggestion"


@dataclass(frozen=True)
class FactionDocument:
    id: int
    faction_id: int
    kind: FactionDocumentKind
    title: str
    text: str
    submitted_by: int
    submitted_at: datetime


@dataclass(frozen=True)
class ReadingPlanProposal:
    """A faction asks that one of its documents join the reading plan."""

    document_id: int
    faction_id: int
    proposed_by: int
    proposed_at: datetime
    decided_by: ReadingPlanDecider


class ProposalOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ProposalDecision:
    document_id: int
    outcome: ProposalOutcome
    decided_by: ReadingPlanDecider
    at: datetime


def submit_document(
    faction: Faction,
    *,
    document_id: int,
    actor_id: int,
    kind: FactionDocumentKind,
    title: str,
    text: str,
    at: datetime,
    rules: FactionRules,
) -> FactionDocument:
    require_aware(at)
    require_member(faction, actor_id, "publish documents in its name")
    shown_title = " ".join(title.split())
    if not DOCUMENT_TITLE_MIN_CHARS <= len(shown_title) <= rules.document_title_max_chars:
        raise FactionError(
            f"A document title must be {DOCUMENT_TITLE_MIN_CHARS} to "
            f"{rules.document_title_max_chars} characters long; this one has {len(shown_title)}."
        )
    body = text.strip()
    if not body:
        raise FactionError("A document needs some text.")
    if len(body) > rules.document_text_max_chars:
        raise FactionError(
            f"A document can be at most {rules.document_text_max_chars:,} characters; "
            f"this one has {len(body):,}."
        )
    return FactionDocument(document_id, faction.id, kind, shown_title, body, actor_id, at)


def propose_for_reading_plan(
    faction: Faction,
    document: FactionDocument,
    actor_id: int,
    at: datetime,
    rules: FactionRules,
) -> ReadingPlanProposal:
    """Any member of the faction may propose one of the faction's documents."""
    require_aware(at)
    require_member(faction, actor_id, "propose its documents for the reading plan")
    if document.faction_id != faction.id:
        raise FactionError(f"That document was not published by {faction.name}.")
    return ReadingPlanProposal(document.id, faction.id, actor_id, at, rules.reading_plan_decider)


def decide_proposal(
    proposal: ReadingPlanProposal,
    *,
    via: ReadingPlanDecider,
    accepted: bool,
    actor_is_organizer: bool,
    at: datetime,
) -> ProposalDecision:
    """Record the decision, refusing it when it comes from anyone the rule does not name.

    ``via`` is MEMBER_VOTE when a vote of the members closed with ``accepted``, and
    ORGANIZERS when an organizer decides by hand.
    """
    require_aware(at)
    if via is not proposal.decided_by:
        if proposal.decided_by is ReadingPlanDecider.MEMBER_VOTE:
            raise FactionError(
                "The members decide by a vote whether this document joins the reading plan."
            )
        raise FactionError("The organizers decide whether this document joins the reading plan.")
    if via is ReadingPlanDecider.ORGANIZERS and not actor_is_organizer:
        raise FactionError("Only an organizer can decide on this proposal.")
    outcome = ProposalOutcome.ACCEPTED if accepted else ProposalOutcome.REJECTED
    return ProposalDecision(proposal.document_id, outcome, via, at)
