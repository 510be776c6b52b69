import pytest

from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteOption
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import (
    MAX_STATEMENT_LENGTH,
    Nomination,
    Nominations,
    NominationStatus,
)

NOMINATING = VoteState.NOMINATING
ADA, BEN, CY = 1, 2, 3


def test_self_nomination_is_accepted_at_once_with_its_statement():
    book = Nominations().nominate(ADA, ADA, NOMINATING, "  I will read everything.  ")
    assert book.of(ADA) == Nomination(
        ADA, ADA, NominationStatus.ACCEPTED, "I will read everything."
    )


def test_nominating_someone_else_waits_for_their_answer():
    book = Nominations().nominate(BEN, ADA, NOMINATING)
    assert book.of(ADA).status is NominationStatus.PENDING
    assert book.accepted == ()


def test_the_nominee_accepts_with_their_own_statement():
    book = Nominations().nominate(BEN, ADA, NOMINATING).accept(ADA, NOMINATING, "Yes, gladly.")
    assert book.of(ADA) == Nomination(ADA, BEN, NominationStatus.ACCEPTED, "Yes, gladly.")


def test_the_nominee_may_decline():
    book = Nominations().nominate(BEN, ADA, NOMINATING).decline(ADA, NOMINATING)
    assert book.of(ADA).status is NominationStatus.DECLINED


def test_a_nominator_cannot_write_the_candidate_statement():
    with pytest.raises(VotingError, match="Only the candidate writes"):
        Nominations().nominate(BEN, ADA, NOMINATING, "She is great")


def test_a_member_has_at_most_one_active_candidacy():
    book = Nominations().nominate(ADA, ADA, NOMINATING)
    with pytest.raises(VotingError, match="already nominated"):
        book.nominate(BEN, ADA, NOMINATING)


def test_a_member_may_be_nominated_again_after_withdrawing():
    book = Nominations().nominate(ADA, ADA, NOMINATING).withdraw(ADA, NOMINATING)
    book = book.nominate(BEN, ADA, NOMINATING)
    assert book.of(ADA).status is NominationStatus.PENDING
    assert len(book.entries) == 1


@pytest.mark.parametrize("state", [VoteState.DRAFT, VoteState.OPEN, VoteState.CLOSED])
def test_nominations_are_taken_only_while_nominating(state):
    with pytest.raises(VotingError, match="Nominations are not open"):
        Nominations().nominate(ADA, ADA, state)


def test_accepting_without_a_pending_nomination_is_refused():
    with pytest.raises(VotingError, match="no nomination waiting"):
        Nominations().nominate(ADA, ADA, NOMINATING).accept(ADA, NOMINATING)


def test_candidate_may_withdraw_before_voting_opens():
    book = Nominations().nominate(ADA, ADA, NOMINATING).withdraw(ADA, NOMINATING)
    assert book.accepted == ()


def test_candidate_cannot_withdraw_once_voting_opened():
    book = Nominations().nominate(ADA, ADA, NOMINATING)
    with pytest.raises(VotingError, match="before voting opens"):
        book.withdraw(ADA, VoteState.OPEN)


def test_withdrawing_without_a_candidacy_is_refused():
    with pytest.raises(VotingError, match="not a candidate"):
        Nominations().withdraw(ADA, NOMINATING)


def test_statement_longer_than_the_limit_is_refused():
    with pytest.raises(VotingError, match=f"limit is {MAX_STATEMENT_LENGTH}"):
        Nominations().nominate(ADA, ADA, NOMINATING, "x" * (MAX_STATEMENT_LENGTH + 1))


def test_statement_at_the_limit_is_kept():
    book = Nominations().nominate(ADA, ADA, NOMINATING, "x" * MAX_STATEMENT_LENGTH)
    assert len(book.of(ADA).statement) == MAX_STATEMENT_LENGTH


def test_no_more_than_25_accepted_candidates():
    book = Nominations()
    for member in range(25):
        book = book.nominate(member, member, NOMINATING)
    with pytest.raises(VotingError, match="already has 25 candidates"):
        book.nominate(99, 99, NOMINATING)


def test_candidate_options_are_accepted_candidates_in_nomination_order():
    book = (
        Nominations()
        .nominate(BEN, ADA, NOMINATING)
        .nominate(BEN, BEN, NOMINATING)
        .nominate(ADA, CY, NOMINATING)
        .accept(ADA, NOMINATING)
    )
    options = book.candidate_options({ADA: "Ada", BEN: "Ben"})
    assert options == (VoteOption("1", "Ada"), VoteOption("2", "Ben"))


def test_candidate_without_a_known_name_is_labelled_by_member_id():
    book = Nominations().nominate(CY, CY, NOMINATING)
    assert book.candidate_options({}) == (VoteOption("3", "Member 3"),)
