from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.counting.blt import parse_blt
from bot.domain.voting.ballots import (
    ApprovalBallot,
    MotionBallot,
    MotionChoice,
    RankedBallot,
    SingleChoiceBallot,
)
from bot.domain.voting.errors import VotingError
from bot.domain.voting.publish import (
    PublishedBallot,
    describe_ballot,
    parse_published,
    publish_ballots,
    verify_tracker,
)
from bot.domain.voting.secrecy import new_tracker_code
from tests.domain.voting.factories import (
    ALL_SPECS,
    approval_poll,
    ballots_for,
    election,
    motion,
    single_poll,
)

TRACKER = "K7QF-3MZP-XW2A"


def one(ballot):
    return [PublishedBallot(TRACKER, ballot)]


def test_motion_is_published_as_tracker_and_vote():
    text = publish_ballots(motion(), one(MotionBallot(MotionChoice.ABSTAIN))).text
    assert text == f"tracker,vote\n{TRACKER},abstain\n"


def test_single_choice_is_published_with_the_option_label():
    published = publish_ballots(single_poll(), one(SingleChoiceBallot("3")))
    assert (published.extension, published.text) == (
        "csv",
        f"tracker,choice\n{TRACKER},The Jungle\n",
    )


def test_approval_is_published_with_a_zero_or_one_column_per_option():
    text = publish_ballots(approval_poll(), one(ApprovalBallot(frozenset({"1", "3"})))).text
    assert text == f"tracker,Monday,Tuesday,Thursday\n{TRACKER},1,0,1\n"


def test_ranked_vote_is_published_as_blt_with_trackers_as_ballot_ids():
    published = publish_ballots(election(seats=2), one(RankedBallot(("102", "100"))))
    assert published.extension == "blt"
    assert published.text == (
        f'4 2\n({TRACKER}) 1 3 1 0\n0\n"Alice"\n"Bob"\n"Carol"\n"Dave"\n"Steering committee"\n'
    )


def test_published_blt_reads_as_one_weight_one_line_per_ballot():
    ballots = [PublishedBallot(new_tracker_code(), RankedBallot(("100",))) for _ in range(5)]
    blt = parse_blt(publish_ballots(election(), ballots).text)
    assert [b.weight for b in blt.ballots] == [1] * 5
    assert {b.ballot_id for b in blt.ballots} == {b.tracker for b in ballots}


@settings(max_examples=30)
@given(
    st.sampled_from(ALL_SPECS).flatmap(lambda s: st.tuples(st.just(s), st.lists(ballots_for(s))))
)
def test_published_file_parses_back_to_the_same_ballots(spec_and_ballots):
    spec, ballots = spec_and_ballots
    published = [PublishedBallot(new_tracker_code(), b) for b in ballots]
    parsed = parse_published(spec, publish_ballots(spec, published).text)
    assert Counter(parsed) == Counter(published)


def test_publishing_shuffles_the_ballots():
    ballots = [
        PublishedBallot(new_tracker_code(), MotionBallot(MotionChoice.YES)) for _ in range(30)
    ]
    orders = {publish_ballots(motion(), ballots).text for _ in range(3)}
    assert len(orders) > 1


def test_publishing_refuses_a_ballot_that_does_not_fit_the_vote():
    with pytest.raises(VotingError, match="Unknown option"):
        publish_ballots(single_poll(), one(SingleChoiceBallot("9")))


def test_csv_with_the_wrong_header_is_refused():
    with pytest.raises(VotingError, match="header must be: tracker,vote"):
        parse_published(motion(), "tracker,choice\n")


def test_csv_with_an_unknown_motion_vote_is_refused():
    with pytest.raises(VotingError, match="Line 2: a motion vote is yes, no or abstain"):
        parse_published(motion(), "tracker,vote\nK7QF-3MZP-XW2A,maybe\n")


def test_csv_with_an_unknown_option_is_refused():
    with pytest.raises(VotingError, match="Line 2: unknown option 'Das Kapital'"):
        parse_published(single_poll(), "tracker,choice\nK7QF-3MZP-XW2A,Das Kapital\n")


def test_csv_approval_cells_must_be_zero_or_one():
    with pytest.raises(VotingError, match="0 or 1"):
        parse_published(approval_poll(), "tracker,Monday,Tuesday,Thursday\nT,1,yes,0\n")


def test_csv_row_with_missing_columns_is_refused():
    with pytest.raises(VotingError, match="expected 4 columns, not 2"):
        parse_published(approval_poll(), "tracker,Monday,Tuesday,Thursday\nT,1\n")


def test_blt_naming_a_candidate_the_vote_lacks_is_refused():
    text = '2 1\n(T) 1 1 0\n0\n"Alice"\n"Mallory"\n'
    with pytest.raises(VotingError, match="Mallory"):
        parse_published(election(), text)


def test_blt_ballot_without_a_tracker_is_refused():
    with pytest.raises(VotingError, match="tracker and weight 1"):
        parse_published(election(), '2 1\n3 1 0\n0\n"Alice"\n"Bob"\n')


def test_unreadable_blt_is_refused_with_the_reason():
    with pytest.raises(VotingError, match="cannot be read"):
        parse_published(election(), "nonsense")


def test_verify_tracker_finds_the_ballot_however_the_code_is_typed():
    published = [PublishedBallot(TRACKER, MotionBallot(MotionChoice.NO))]
    assert verify_tracker(published, "k7qf 3mzp xw2a") == MotionBallot(MotionChoice.NO)


@pytest.mark.parametrize("typed", ["AAAA-BBBB-CCCC", "not a code"])
def test_verify_tracker_returns_none_for_an_absent_code(typed):
    assert verify_tracker([PublishedBallot(TRACKER, MotionBallot(MotionChoice.NO))], typed) is None


@pytest.mark.parametrize(
    ("spec", "ballot", "text"),
    [
        (motion(), MotionBallot(MotionChoice.YES), "yes"),
        (single_poll(), SingleChoiceBallot("2"), "Grundrisse"),
        (approval_poll(), ApprovalBallot(frozenset({"3", "1"})), "Monday, Thursday"),
        (election(), RankedBallot(("101", "100")), "1. Bob, 2. Alice"),
    ],
)
def test_describe_ballot_reads_like_the_ballot(spec, ballot, text):
    assert describe_ballot(spec, ballot) == text
