import pytest
from hypothesis import given

from bot.domain.voting.ballots import (
    ApprovalBallot,
    MotionBallot,
    MotionChoice,
    RankedBallot,
    SingleChoiceBallot,
    ballot_order,
    decode_ballot,
    encode_ballot,
    new_order_salt,
    voter_seed,
)
from bot.domain.voting.errors import UnreadableBallotError, VotingError
from tests.domain.voting.factories import (
    any_spec_and_ballot,
    approval_poll,
    candidates,
    election,
    motion,
    ranked_poll,
    single_poll,
)


@given(any_spec_and_ballot)
def test_generated_valid_ballots_pass_validation(spec_and_ballot):
    spec, ballot = spec_and_ballot
    ballot.validate(spec)


@given(any_spec_and_ballot)
def test_encoding_round_trips(spec_and_ballot):
    _, ballot = spec_and_ballot
    assert decode_ballot(encode_ballot(ballot)) == ballot


def test_ballot_of_the_wrong_type_is_refused():
    with pytest.raises(VotingError, match="takes a ranked ballot"):
        MotionBallot(MotionChoice.YES).validate(election())


def test_single_choice_of_an_unknown_option_is_refused():
    with pytest.raises(VotingError, match="Unknown option '9'"):
        SingleChoiceBallot("9").validate(single_poll())


def test_unknown_candidate_is_named_as_a_candidate():
    with pytest.raises(VotingError, match="Unknown candidate 'zed'"):
        RankedBallot(("100", "zed")).validate(election())


def test_ranking_someone_twice_names_them():
    with pytest.raises(VotingError, match="You ranked Bob twice"):
        RankedBallot(("101", "100", "101")).validate(election())


def test_empty_ranking_is_refused():
    with pytest.raises(VotingError, match="Rank at least one candidate"):
        RankedBallot(()).validate(election())


def test_partial_ranking_is_allowed():
    RankedBallot(("102",)).validate(ranked_poll())


def test_approving_more_than_the_limit_is_refused():
    with pytest.raises(VotingError, match="Approve at most 2 options; you approved 3"):
        ApprovalBallot(frozenset({"1", "2", "3"})).validate(approval_poll(max_approvals=2))


def test_approving_nothing_is_refused():
    with pytest.raises(VotingError, match="Approve at least one"):
        ApprovalBallot(frozenset()).validate(approval_poll())


def test_approving_an_unknown_option_is_refused():
    with pytest.raises(VotingError, match="Unknown option '7'"):
        ApprovalBallot(frozenset({"1", "7"})).validate(approval_poll())


def test_motion_ballot_is_valid_for_a_motion():
    MotionBallot(MotionChoice.ABSTAIN).validate(motion())


@pytest.mark.parametrize(
    ("ballot", "encoded"),
    [
        (MotionBallot(MotionChoice.NO), b'{"choice":"no","type":"motion"}'),
        (SingleChoiceBallot("2"), b'{"option":"2","type":"single"}'),
        (ApprovalBallot(frozenset({"3", "1"})), b'{"options":["1","3"],"type":"approval"}'),
        (RankedBallot(("b", "a")), b'{"ranking":["b","a"],"type":"ranked"}'),
    ],
)
def test_encoding_is_compact_json_with_sorted_keys(ballot, encoded):
    assert encode_ballot(ballot) == encoded


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[]",
        b'{"type":"secret"}',
        b'{"type":"motion","choice":"maybe"}',
        b'{"type":"ranked","ranking":[1,2]}',
        b'{"type":"single"}',
        '{"type":"single","option":"é"}'.encode(),
    ],
)
def test_malformed_bytes_do_not_decode(data):
    with pytest.raises(UnreadableBallotError):
        decode_ballot(data)


OPTIONS = candidates(tuple(f"Name {i}" for i in range(25)))


def test_ballot_order_is_a_permutation_of_the_options():
    order = ballot_order(OPTIONS, voter_seed(new_order_salt(), 42))
    assert sorted(order, key=lambda o: o.id) == sorted(OPTIONS, key=lambda o: o.id)


def test_ballot_order_is_the_same_each_time_for_a_voter():
    salt = new_order_salt()
    assert ballot_order(OPTIONS, voter_seed(salt, 42)) == ballot_order(
        OPTIONS, voter_seed(salt, 42)
    )


def test_ballot_order_differs_between_voters():
    salt = new_order_salt()
    orders = {tuple(ballot_order(OPTIONS, voter_seed(salt, voter))) for voter in range(20)}
    assert len(orders) == 20


def test_same_voter_gets_a_different_order_in_another_vote():
    first = ballot_order(OPTIONS, voter_seed(new_order_salt(), 42))
    assert ballot_order(OPTIONS, voter_seed(new_order_salt(), 42)) != first


def test_first_position_is_spread_across_candidates():
    salt = new_order_salt()
    options = OPTIONS[:4]
    firsts = [ballot_order(options, voter_seed(salt, voter))[0].id for voter in range(4000)]
    counts = [firsts.count(option.id) for option in options]
    # Each of 4 options should lead about 1000 times; 800 is over 7 standard deviations away.
    assert min(counts) > 800
