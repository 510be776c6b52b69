from hypothesis import given

from bot.domain.voting.ballots import MotionBallot, MotionChoice, RankedBallot
from bot.domain.voting.envelope import BallotEnvelope, cast_secret_ballot, open_live_ballots
from bot.domain.voting.kinds import MAX_OPTION_ID_LENGTH, MAX_OPTIONS
from bot.domain.voting.secrecy import (
    BALLOT_PLAINTEXT_SIZE,
    LENGTH_PREFIX_SIZE,
    BallotOpener,
    VoteKeys,
    generate_master_key,
    new_tracker_code,
    seal_pointer,
)
from tests.domain.voting.factories import any_spec_and_ballot

MASTER = generate_master_key()
KEYS = VoteKeys.generate(MASTER)
YES = MotionBallot(MotionChoice.YES)
NO = MotionBallot(MotionChoice.NO)


def opener() -> BallotOpener:
    return BallotOpener.from_wrapped(KEYS.wrapped_private_key, MASTER)


@given(any_spec_and_ballot)
def test_envelope_round_trips(spec_and_ballot):
    _, ballot = spec_and_ballot
    envelope = BallotEnvelope(new_tracker_code(), ballot, seal_pointer(KEYS.public_key, "ab12"))
    assert BallotEnvelope.decode(envelope.encode()) == envelope


def test_the_largest_possible_envelope_fits_the_fixed_size():
    ranking = tuple(str(i).rjust(MAX_OPTION_ID_LENGTH, "x") for i in range(MAX_OPTIONS))
    pointer = seal_pointer(KEYS.public_key, "f" * 32)
    envelope = BallotEnvelope(new_tracker_code(), RankedBallot(ranking), pointer)
    assert len(envelope.encode()) <= BALLOT_PLAINTEXT_SIZE - LENGTH_PREFIX_SIZE


def test_cast_ballot_carries_its_tracker_only_inside_the_sealed_plaintext():
    cast = cast_secret_ballot(KEYS.public_key, YES)
    assert cast.tracker.encode() not in cast.sealed_ballot
    envelope = BallotEnvelope.decode(opener().open_ballot(cast.sealed_ballot))
    assert envelope == BallotEnvelope(cast.tracker, YES, None)


def test_roll_pointer_opens_to_the_ballot_row_key():
    cast = cast_secret_ballot(KEYS.public_key, YES)
    assert opener().open_pointer(cast.roll_pointer) == cast.row_key


def test_every_ballot_is_live_when_nobody_changed():
    casts = [cast_secret_ballot(KEYS.public_key, b) for b in (YES, NO, YES)]
    live = open_live_ballots(opener(), [(c.row_key, c.sealed_ballot) for c in casts])
    assert sorted(e.tracker for e in live) == sorted(c.tracker for c in casts)


def test_changed_ballots_are_discarded_at_close_keeping_the_last():
    first = cast_secret_ballot(KEYS.public_key, YES)
    second = cast_secret_ballot(KEYS.public_key, NO, previous_pointer=first.roll_pointer)
    third = cast_secret_ballot(KEYS.public_key, YES, previous_pointer=second.roll_pointer)
    other = cast_secret_ballot(KEYS.public_key, NO)
    rows = [(c.row_key, c.sealed_ballot) for c in (third, other, first, second)]
    live = open_live_ballots(opener(), rows)
    assert sorted((e.tracker, e.ballot.choice) for e in live) == sorted(
        [(third.tracker, MotionChoice.YES), (other.tracker, MotionChoice.NO)]
    )


def test_a_changed_ballot_is_sealed_to_the_same_size():
    first = cast_secret_ballot(KEYS.public_key, YES)
    second = cast_secret_ballot(KEYS.public_key, YES, previous_pointer=first.roll_pointer)
    assert len(first.sealed_ballot) == len(second.sealed_ballot)
