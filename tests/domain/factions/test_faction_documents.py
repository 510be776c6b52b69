from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.domain.factions import (
    Faction,
    FactionDocument,
    FactionDocumentKind,
    FactionError,
    FactionRules,
    ProposalOutcome,
    ReadingPlanDecider,
    decide_proposal,
    propose_for_reading_plan,
    submit_document,
)

ALICE, BOB, CAROL = 101, 102, 103
AT = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
MakeFaction = Callable[..., Faction]


def submit(
    faction: Faction,
    rules: FactionRules,
    actor: int = ALICE,
    title: str = "Our counter-proposal",
    text: str = "Read Gramsci before Lenin.",
) -> FactionDocument:
    return submit_document(
        faction,
        document_id=50,
        actor_id=actor,
        kind=FactionDocumentKind.COUNTER_PROPOSAL,
        title=title,
        text=text,
        at=AT,
        rules=rules,
    )


def test_member_submits_a_document(make_faction: MakeFaction, rules: FactionRules) -> None:
    document = submit(make_faction(ALICE, [BOB]), rules, actor=BOB)
    assert (document.faction_id, document.submitted_by) == (7, BOB)
    assert document.kind is FactionDocumentKind.COUNTER_PROPOSAL


def test_non_member_cannot_publish_in_a_factions_name(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    with pytest.raises(FactionError, match="Only members of Reading Left"):
        submit(make_faction(ALICE, [BOB]), rules, actor=CAROL)


def test_document_kinds_are_the_three_bulletin_kinds() -> None:
    assert {kind.value for kind in FactionDocumentKind} == {
        "platform",
        "counter_proposal",
        "reading_suggestion",
    }


def test_short_title_is_refused(make_faction: MakeFaction, rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="title must be 3 to 120"):
        submit(make_faction(ALICE, [BOB]), rules, title="Hi")


def test_empty_text_is_refused(make_faction: MakeFaction, rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="needs some text"):
        submit(make_faction(ALICE, [BOB]), rules, text="   ")


def test_text_over_the_limit_is_refused(make_faction: MakeFaction) -> None:
    rules = FactionRules(document_text_max_chars=100)
    with pytest.raises(FactionError, match="at most 100 characters; this one has 101"):
        submit(make_faction(ALICE, [BOB]), rules, text="t" * 101)


def test_member_proposes_a_document_decided_by_member_vote(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    faction = make_faction(ALICE, [BOB])
    proposal = propose_for_reading_plan(faction, submit(faction, rules), BOB, AT, rules)
    assert proposal.decided_by is ReadingPlanDecider.MEMBER_VOTE


def test_non_member_cannot_propose_a_factions_document(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    faction = make_faction(ALICE, [BOB])
    with pytest.raises(FactionError, match="Only members"):
        propose_for_reading_plan(faction, submit(faction, rules), CAROL, AT, rules)


def test_document_of_another_faction_cannot_be_proposed(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    ours = make_faction(ALICE, [BOB])
    theirs = make_faction(CAROL, [BOB], name="Reading Right", faction_id=8)
    with pytest.raises(FactionError, match="not published by Reading Left"):
        propose_for_reading_plan(ours, submit(theirs, rules, actor=CAROL), ALICE, AT, rules)


def test_organizers_cannot_decide_when_members_vote(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    faction = make_faction(ALICE, [BOB])
    proposal = propose_for_reading_plan(faction, submit(faction, rules), ALICE, AT, rules)
    with pytest.raises(FactionError, match="members decide by a vote"):
        decide_proposal(
            proposal,
            via=ReadingPlanDecider.ORGANIZERS,
            accepted=False,
            actor_is_organizer=True,
            at=AT,
        )


def test_member_vote_accepts_a_proposal(make_faction: MakeFaction, rules: FactionRules) -> None:
    faction = make_faction(ALICE, [BOB])
    proposal = propose_for_reading_plan(faction, submit(faction, rules), ALICE, AT, rules)
    decision = decide_proposal(
        proposal, via=ReadingPlanDecider.MEMBER_VOTE, accepted=True, actor_is_organizer=False, at=AT
    )
    assert decision.outcome is ProposalOutcome.ACCEPTED


def test_organizer_decides_when_the_rule_names_organizers(make_faction: MakeFaction) -> None:
    rules = FactionRules(reading_plan_decider=ReadingPlanDecider.ORGANIZERS)
    faction = make_faction(ALICE, [BOB])
    proposal = propose_for_reading_plan(faction, submit(faction, rules), ALICE, AT, rules)
    decision = decide_proposal(
        proposal, via=ReadingPlanDecider.ORGANIZERS, accepted=False, actor_is_organizer=True, at=AT
    )
    assert decision.outcome is ProposalOutcome.REJECTED


def test_non_organizer_cannot_decide_for_the_organizers(make_faction: MakeFaction) -> None:
    rules = FactionRules(reading_plan_decider=ReadingPlanDecider.ORGANIZERS)
    faction = make_faction(ALICE, [BOB])
    proposal = propose_for_reading_plan(faction, submit(faction, rules), ALICE, AT, rules)
    with pytest.raises(FactionError, match="Only an organizer"):
        decide_proposal(
            proposal,
            via=ReadingPlanDecider.ORGANIZERS,
            accepted=True,
            actor_is_organizer=False,
            at=AT,
        )
