from dataclasses import replace
from datetime import timedelta

import pytest

from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import (
    BallotRefusal,
    TransitionRefusal,
    VoteState,
    ballot_refusal,
    ensure_may_vote,
    ensure_transition,
    freeze_roll,
    transition_refusal,
)
from tests.domain.voting.factories import LATER, NOW, election, motion

S = VoteState
ROLL = frozenset({1, 2, 3})


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.DRAFT, S.NOMINATING),
        (S.DRAFT, S.OPEN),
        (S.DRAFT, S.CANCELLED),
        (S.NOMINATING, S.OPEN),
        (S.NOMINATING, S.CANCELLED),
        (S.OPEN, S.CLOSED),
        (S.OPEN, S.CANCELLED),
    ],
)
def test_forward_transitions_are_allowed_for_an_election(current, target):
    assert transition_refusal(VoteKind.ELECTION, current, target) is None


@pytest.mark.parametrize(
    ("kind", "current", "target", "refusal"),
    [
        (VoteKind.ELECTION, S.OPEN, S.OPEN, TransitionRefusal.ALREADY_THERE),
        (VoteKind.ELECTION, S.CLOSED, S.OPEN, TransitionRefusal.ALREADY_FINISHED),
        (VoteKind.MOTION, S.CANCELLED, S.DRAFT, TransitionRefusal.ALREADY_FINISHED),
        (VoteKind.MOTION, S.DRAFT, S.NOMINATING, TransitionRefusal.NOMINATIONS_ONLY_FOR_ELECTIONS),
        (VoteKind.ELECTION, S.OPEN, S.DRAFT, TransitionRefusal.NO_GOING_BACK),
        (VoteKind.ELECTION, S.NOMINATING, S.DRAFT, TransitionRefusal.NO_GOING_BACK),
        (VoteKind.MOTION, S.DRAFT, S.CLOSED, TransitionRefusal.NOT_OPEN_YET),
        (VoteKind.ELECTION, S.NOMINATING, S.CLOSED, TransitionRefusal.NOT_OPEN_YET),
    ],
)
def test_refused_transitions_give_their_reason(kind, current, target, refusal):
    assert transition_refusal(kind, current, target) is refusal


def test_reopening_nominations_after_opening_is_going_back():
    assert (
        transition_refusal(VoteKind.ELECTION, S.OPEN, S.NOMINATING)
        is TransitionRefusal.NO_GOING_BACK
    )


def test_ensure_transition_raises_the_reason_for_the_member():
    with pytest.raises(VotingError, match="already finished"):
        ensure_transition(motion(), S.CLOSED, S.OPEN, NOW)


def test_opening_checks_the_vote_is_ready():
    with pytest.raises(VotingError, match="at least one candidate"):
        ensure_transition(election(names=()), S.NOMINATING, S.OPEN, NOW)


def test_opening_after_the_closing_time_is_refused():
    with pytest.raises(VotingError, match="in the past"):
        ensure_transition(motion(), S.DRAFT, S.OPEN, LATER)


def test_closing_early_is_allowed():
    ensure_transition(motion(), S.OPEN, S.CLOSED, NOW)


def test_freeze_roll_is_an_immutable_set_of_member_ids():
    assert freeze_roll([3, 1, 3]) == frozenset({1, 3})


def refusal_for(member_id=1, *, state=S.OPEN, has_voted=False, changeable=False, now=NOW):
    spec = replace(motion(), changeable=changeable)
    return ballot_refusal(spec, state, ROLL, member_id, has_voted=has_voted, now=now)


def test_member_on_the_roll_may_vote_in_an_open_vote():
    assert refusal_for() is None


def test_no_ballot_before_the_vote_opens():
    assert refusal_for(state=S.DRAFT) is BallotRefusal.NOT_OPEN


def test_no_ballot_at_or_after_the_closing_time_even_if_not_yet_closed():
    assert refusal_for(now=LATER) is BallotRefusal.PAST_CLOSING_TIME


def test_member_who_joined_after_opening_may_not_vote():
    assert refusal_for(member_id=99) is BallotRefusal.NOT_ON_ROLL


def test_second_ballot_is_refused_when_ballots_cannot_change():
    assert refusal_for(has_voted=True) is BallotRefusal.ALREADY_VOTED


def test_second_ballot_is_allowed_when_ballots_can_change():
    assert refusal_for(has_voted=True, changeable=True) is None


def test_ensure_may_vote_raises_the_member_message():
    with pytest.raises(VotingError, match="not on the voter roll"):
        ensure_may_vote(motion(), S.OPEN, ROLL, 42, has_voted=False, now=NOW - timedelta(hours=1))
