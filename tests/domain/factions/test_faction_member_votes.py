from collections.abc import Callable
from datetime import UTC, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.factions import (
    ORGANIZER_DISSOLUTION_REFUSAL,
    SIMPLE_MAJORITY,
    DissolutionReason,
    Faction,
    FactionError,
    FactionRules,
    MemberVotePurpose,
    MemberVoteTally,
    Threshold,
    call_member_vote,
    decide_member_vote,
    dissolve_faction,
)

ALICE, BOB, CAROL, DAVE = 101, 102, 103, 104
AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MakeFaction = Callable[..., Faction]
DISSOLUTION = MemberVotePurpose.DISSOLUTION


def tally(yes: int, no: int, size: int, faction_id: int = 7) -> MemberVoteTally:
    return MemberVoteTally(faction_id, DISSOLUTION, electorate_size=size, yes=yes, no=no)


def test_simple_majority_of_four_needs_three() -> None:
    assert SIMPLE_MAJORITY.yes_votes_needed(4) == 3


def test_simple_majority_of_five_needs_three() -> None:
    assert SIMPLE_MAJORITY.yes_votes_needed(5) == 3


def test_at_least_two_thirds_of_six_needs_four() -> None:
    assert Threshold.at_least(Fraction(2, 3)).yes_votes_needed(6) == 4


def test_more_than_two_thirds_of_six_needs_five() -> None:
    assert Threshold.more_than(Fraction(2, 3)).yes_votes_needed(6) == 5


def test_threshold_above_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Threshold.at_least(Fraction(3, 2))


@given(
    st.fractions(min_value=0, max_value=1),
    st.booleans(),
    st.integers(min_value=1, max_value=500),
)
def test_yes_votes_needed_is_the_smallest_passing_count(
    share: Fraction, inclusive: bool, size: int
) -> None:
    if share == 1 and not inclusive:
        return
    threshold = Threshold(share, inclusive)
    needed = threshold.yes_votes_needed(size)

    def passes(yes: int) -> bool:
        ratio = Fraction(yes, size)
        return ratio >= share if inclusive else ratio > share

    assert passes(needed)
    assert needed == 0 or not passes(needed - 1)


def test_threshold_counts_members_not_votes_cast() -> None:
    decision = decide_member_vote(tally(yes=3, no=1, size=10), SIMPLE_MAJORITY)
    assert not decision.passed
    assert decision.yes_needed == 6


def test_tally_with_more_votes_than_members_is_refused() -> None:
    with pytest.raises(ValueError, match="only 3 members"):
        tally(yes=3, no=1, size=3)


def test_member_calls_a_vote_with_the_current_members_as_electorate(
    make_faction: MakeFaction,
) -> None:
    faction = make_faction(ALICE, [BOB], members=[CAROL])
    called = call_member_vote(faction, CAROL, DISSOLUTION, AT)
    assert called.electorate == {ALICE, BOB, CAROL}
    assert called.called_by == CAROL


def test_non_member_cannot_call_a_faction_vote(make_faction: MakeFaction) -> None:
    with pytest.raises(FactionError, match="Only members of Reading Left can call a vote"):
        call_member_vote(make_faction(ALICE, [BOB]), DAVE, DISSOLUTION, AT)


def test_organizer_alone_cannot_dissolve(make_faction: MakeFaction, rules: FactionRules) -> None:
    with pytest.raises(FactionError) as refused:
        dissolve_faction(
            make_faction(ALICE, [BOB]), tally=None, actor_is_organizer=True, at=AT, rules=rules
        )
    assert refused.value.message == ORGANIZER_DISSOLUTION_REFUSAL
    assert refused.value.message == (
        "Organizers cannot dissolve a faction; its members can, by a vote among them."
    )


def test_member_alone_cannot_dissolve(make_faction: MakeFaction, rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="only be dissolved by a vote among its members"):
        dissolve_faction(
            make_faction(ALICE, [BOB]), tally=None, actor_is_organizer=False, at=AT, rules=rules
        )


def test_majority_vote_dissolves(make_faction: MakeFaction, rules: FactionRules) -> None:
    faction = make_faction(ALICE, [BOB], members=[CAROL])
    ended, event = dissolve_faction(
        faction, tally=tally(yes=2, no=1, size=3), actor_is_organizer=False, at=AT, rules=rules
    )
    assert ended.dissolved_at == AT
    assert event.reason is DissolutionReason.MEMBER_VOTE
    assert (event.yes_votes, event.electorate_size) == (2, 3)


def test_failed_vote_does_not_dissolve_and_says_why(
    make_faction: MakeFaction, rules: FactionRules
) -> None:
    faction = make_faction(ALICE, [BOB], members=[CAROL, DAVE])
    with pytest.raises(FactionError, match="2 of 4 members voted yes, 3 were needed"):
        dissolve_faction(
            faction, tally=tally(yes=2, no=0, size=4), actor_is_organizer=True, at=AT, rules=rules
        )


def test_vote_of_another_faction_is_refused(make_faction: MakeFaction, rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="not held among the members"):
        dissolve_faction(
            make_faction(ALICE, [BOB]),
            tally=tally(yes=2, no=0, size=2, faction_id=99),
            actor_is_organizer=False,
            at=AT,
            rules=rules,
        )


def test_endorsement_vote_cannot_dissolve(make_faction: MakeFaction, rules: FactionRules) -> None:
    endorsement = MemberVoteTally(7, MemberVotePurpose.ENDORSEMENT, 2, yes=2, no=0)
    with pytest.raises(FactionError, match="not dissolution"):
        dissolve_faction(
            make_faction(ALICE, [BOB]),
            tally=endorsement,
            actor_is_organizer=False,
            at=AT,
            rules=rules,
        )


def test_stricter_configured_threshold_applies(make_faction: MakeFaction) -> None:
    strict = FactionRules(dissolution_threshold=Threshold.at_least(Fraction(2, 3)))
    faction = make_faction(ALICE, [BOB], members=[CAROL])
    with pytest.raises(FactionError, match="at least 2/3 of its members"):
        dissolve_faction(
            faction, tally=tally(yes=1, no=0, size=3), actor_is_organizer=False, at=AT, rules=strict
        )
