from collections.abc import Callable
from datetime import UTC, datetime

from bot.domain.factions import (
    Endorsement,
    Faction,
    FactionRules,
    MemberVotePurpose,
    MemberVoteTally,
    decide_endorsement,
    endorsement_labels,
)

ALICE, BOB, CAROL, DAVE = 101, 102, 103, 104
AT = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
ELECTION = 31
MakeFaction = Callable[..., Faction]


def endorsement(faction_name: str, candidate: int, faction_id: int = 1) -> Endorsement:
    return Endorsement(faction_id, faction_name, ELECTION, candidate, AT, 3, 4)


def test_faction_endorses_when_a_majority_of_members_vote_yes(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    faction = make_faction(ALICE, [BOB], members=[CAROL])
    tally = MemberVoteTally(7, MemberVotePurpose.ENDORSEMENT, electorate_size=3, yes=2, no=1)
    result = decide_endorsement(
        faction, election_id=ELECTION, candidate_id=DAVE, tally=tally, at=AT, rules=rules
    )
    assert result.endorsement == Endorsement(7, "Reading Left", ELECTION, DAVE, AT, 2, 3)


def test_abstentions_count_against_an_endorsement(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    faction = make_faction(ALICE, [BOB], members=[CAROL, DAVE])
    tally = MemberVoteTally(7, MemberVotePurpose.ENDORSEMENT, electorate_size=4, yes=2, no=0)
    result = decide_endorsement(
        faction, election_id=ELECTION, candidate_id=DAVE, tally=tally, at=AT, rules=rules
    )
    assert result.endorsement is None
    assert result.decision.yes_needed == 3


def test_labels_list_every_endorsing_faction_alphabetically() -> None:
    labels = endorsement_labels(
        [ALICE, BOB],
        [endorsement("red reading", ALICE), endorsement("Blue Books", ALICE, faction_id=2)],
    )
    assert labels[ALICE] == ["Blue Books", "red reading"]


def test_unendorsed_candidates_get_an_empty_label() -> None:
    assert endorsement_labels([ALICE, BOB], [endorsement("Blue Books", ALICE)])[BOB] == []


def test_endorsements_of_non_candidates_are_ignored() -> None:
    assert endorsement_labels([ALICE], [endorsement("Blue Books", CAROL)]) == {ALICE: []}


def test_same_faction_listed_once_per_candidate() -> None:
    labels = endorsement_labels([ALICE], [endorsement("Blue Books", ALICE)] * 2)
    assert labels == {ALICE: ["Blue Books"]}
