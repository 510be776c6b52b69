from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import pytest

from bot.domain.counting import CountingMethod
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import (
    MAX_OPTIONS,
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    VoteKind,
    VoteOption,
    VoteSpec,
    check_ready_to_open,
    check_schedule,
    options_from_labels,
)
from tests.domain.voting.factories import (
    LATER,
    NOW,
    approval_poll,
    candidates,
    election,
    motion,
    ranked_poll,
    single_poll,
)


def test_voting_error_is_a_value_error_carrying_the_message():
    error = VotingError("Rank at least one candidate.")
    assert isinstance(error, ValueError)
    assert error.message == "Rank at least one candidate."


@pytest.mark.parametrize("build", [motion, single_poll, approval_poll, ranked_poll, election])
def test_each_kind_builds_from_valid_parts(build):
    assert build().title


def test_motion_threshold_defaults_to_simple_majority():
    assert motion().threshold == SIMPLE_MAJORITY


def test_motion_keeps_a_two_thirds_threshold():
    assert replace(motion(), threshold=TWO_THIRDS).threshold == Fraction(2, 3)


def test_motion_refuses_options():
    with pytest.raises(VotingError, match="yes, no or abstain"):
        VoteSpec("Motion", VoteKind.MOTION, options=options_from_labels(["A", "B"]))


@pytest.mark.parametrize(
    ("kind", "method", "options"),
    [
        (VoteKind.RANKED_SINGLE, None, candidates()),
        (VoteKind.RANKED_SINGLE, CountingMethod.MEEK, candidates()),
        (VoteKind.ELECTION, CountingMethod.SCHULZE, candidates()),
        (VoteKind.POLL_SINGLE, CountingMethod.IRV, candidates()),
    ],
)
def test_method_must_fit_the_kind(kind, method, options):
    seats = 1 if kind is VoteKind.ELECTION else None
    with pytest.raises(VotingError, match="count"):
        VoteSpec("Vote", kind, options=options, method=method, seats=seats)


def test_duplicate_option_ids_are_refused():
    options = (VoteOption("a", "Alice"), VoteOption("a", "Bob"))
    with pytest.raises(VotingError, match="share the id"):
        VoteSpec("Poll", VoteKind.POLL_SINGLE, options=options)


def test_duplicate_labels_are_refused_ignoring_case_and_spacing():
    with pytest.raises(VotingError, match="listed twice"):
        VoteSpec(
            "Poll", VoteKind.POLL_SINGLE, options=options_from_labels(["Red  Flag", "red flag"])
        )


def test_poll_needs_two_options():
    with pytest.raises(VotingError, match="at least 2 options"):
        VoteSpec("Poll", VoteKind.POLL_SINGLE, options=options_from_labels(["Only"]))


def test_at_most_25_options():
    labels = [f"Option {i}" for i in range(MAX_OPTIONS + 1)]
    with pytest.raises(VotingError, match="at most 25 options"):
        VoteSpec("Poll", VoteKind.POLL_SINGLE, options=options_from_labels(labels))


def test_25_options_are_allowed():
    labels = [f"Option {i}" for i in range(MAX_OPTIONS)]
    assert (
        len(VoteSpec("Poll", VoteKind.POLL_SINGLE, options=options_from_labels(labels)).options)
        == 25
    )


def test_election_may_have_no_candidates_while_nominating():
    assert election(names=()).options == ()


def test_election_cannot_open_without_candidates():
    with pytest.raises(VotingError, match="at least one candidate"):
        check_ready_to_open(election(names=()), NOW)


@pytest.mark.parametrize("seats", [None, 0, -1])
def test_election_needs_at_least_one_seat(seats):
    with pytest.raises(VotingError, match="at least one seat"):
        replace(election(), seats=seats)


def test_only_elections_have_seats():
    with pytest.raises(VotingError, match="Only an election has seats"):
        replace(ranked_poll(), seats=1)


def test_election_with_more_candidates_than_seats_is_contested():
    assert not election(seats=2).is_uncontested


@pytest.mark.parametrize("seats", [4, 5])
def test_election_with_no_more_candidates_than_seats_is_flagged_uncontested(seats):
    assert election(seats=seats).is_uncontested


@pytest.mark.parametrize("value", [Fraction(0), Fraction(-1, 2), Fraction(3, 2)])
def test_threshold_outside_zero_to_one_is_refused(value):
    with pytest.raises(VotingError, match="threshold must be more than 0 and at most 1"):
        replace(motion(), threshold=value)


def test_unanimity_threshold_is_allowed():
    assert replace(motion(), threshold=Fraction(1)).threshold == 1


@pytest.mark.parametrize("value", [Fraction(0), Fraction(11, 10)])
def test_quorum_outside_zero_to_one_is_refused(value):
    with pytest.raises(VotingError, match="quorum must be"):
        replace(single_poll(), quorum=value)


def test_only_motions_have_a_threshold():
    with pytest.raises(VotingError, match="Only a motion has a threshold"):
        replace(single_poll(), threshold=TWO_THIRDS)


@pytest.mark.parametrize("limit", [0, 4])
def test_approval_limit_must_be_between_one_and_the_option_count(limit):
    with pytest.raises(VotingError, match="between 1 and 3"):
        approval_poll(max_approvals=limit)


def test_only_approval_polls_limit_approvals():
    with pytest.raises(VotingError, match="Only an approval poll"):
        replace(single_poll(), max_approvals=1)


def test_naive_datetime_is_refused():
    with pytest.raises(VotingError, match="aware UTC"):
        replace(motion(), closes_at=datetime(2026, 12, 1))


def test_non_utc_datetime_is_refused():
    paris = timezone(timedelta(hours=1))
    with pytest.raises(VotingError, match="aware UTC"):
        replace(motion(), closes_at=datetime(2026, 12, 1, tzinfo=paris))


def test_closing_before_opening_is_refused():
    with pytest.raises(VotingError, match="close after it opens"):
        replace(motion(), opens_at=LATER, closes_at=NOW)


def test_closing_time_in_the_past_is_refused():
    with pytest.raises(VotingError, match="closing time is in the past"):
        check_schedule(motion(), LATER + timedelta(seconds=1))


def test_closing_time_in_the_future_passes_the_schedule_check():
    check_schedule(motion(), NOW)


def test_vote_without_closing_time_passes_the_schedule_check():
    check_schedule(single_poll(), datetime(2100, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("option_id", ["", "a b", "a,b", "x" * 33, "é"])
def test_option_ids_stay_plain(option_id):
    with pytest.raises(VotingError, match="Option id"):
        VoteOption(option_id, "Label")


@pytest.mark.parametrize("label", ["", "   ", "two\nlines", "x" * 101])
def test_option_labels_are_one_short_line(label):
    with pytest.raises(VotingError):
        VoteOption("a", label)


@pytest.mark.parametrize("title", ["", " ", "two\u2028lines", "t" * 201])
def test_title_is_one_short_line(title):
    with pytest.raises(VotingError, match="title"):
        replace(motion(), title=title)


def test_options_from_labels_numbers_from_one_and_strips():
    assert options_from_labels([" Red ", "Green"]) == (
        VoteOption("1", "Red"),
        VoteOption("2", "Green"),
    )


def test_option_by_label_ignores_case_and_spacing():
    assert single_poll().option_by_label("the   JUNGLE") == VoteOption("3", "The Jungle")


def test_with_candidates_replaces_the_election_options():
    spec = election(names=()).with_candidates(candidates(("Zoe", "Yan")))
    assert [o.label for o in spec.options] == ["Zoe", "Yan"]


def test_with_candidates_is_only_for_elections():
    with pytest.raises(VotingError, match="Only an election"):
        single_poll().with_candidates(candidates())
