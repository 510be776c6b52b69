import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.secret import SecretBox

from bot.domain.voting.errors import SecrecyError, UnreadableBallotError, WrongMasterKeyError
from bot.domain.voting.secrecy import (
    BALLOT_PLAINTEXT_SIZE,
    LENGTH_PREFIX_SIZE,
    SEALED_BALLOT_SIZE,
    SEALED_POINTER_SIZE,
    TRACKER_ALPHABET,
    BallotOpener,
    BallotTooLargeError,
    VoteKeys,
    generate_master_key,
    new_row_key,
    new_tracker_code,
    normalize_tracker,
    open_ballots,
    open_pointer,
    pad,
    seal_ballot,
    seal_pointer,
    shuffle,
    unpad,
)

MASTER = generate_master_key()
KEYS = VoteKeys.generate(MASTER)
fitting_plaintexts = st.binary(max_size=BALLOT_PLAINTEXT_SIZE - LENGTH_PREFIX_SIZE)


def test_sealed_ballots_open_in_order_with_the_master_key():
    plaintexts = [b'{"choice":"yes"}', b'{"choice":"no"}', b""]
    sealed = [seal_ballot(KEYS.public_key, p) for p in plaintexts]
    assert open_ballots(KEYS.wrapped_private_key, MASTER, sealed) == plaintexts


@given(fitting_plaintexts, fitting_plaintexts)
def test_ciphertexts_of_different_ballots_have_identical_length(first, second):
    assert len(seal_ballot(KEYS.public_key, first)) == SEALED_BALLOT_SIZE
    assert len(seal_ballot(KEYS.public_key, second)) == SEALED_BALLOT_SIZE


@given(fitting_plaintexts)
def test_any_fitting_plaintext_round_trips(plaintext):
    opener = BallotOpener.from_wrapped(KEYS.wrapped_private_key, MASTER)
    assert opener.open_ballot(seal_ballot(KEYS.public_key, plaintext)) == plaintext


def test_a_dump_of_sealed_ballots_contains_no_plaintext():
    secret = b'{"ballot":{"choice":"yes","type":"motion"},"tracker":"K7QF-3MZP-XW2A"}'
    dump = b"".join(seal_ballot(KEYS.public_key, secret) for _ in range(50))
    for fragment in (b"yes", b"motion", b"K7QF", b"tracker", b"choice"):
        assert fragment not in dump


def test_sealing_the_same_ballot_twice_gives_different_ciphertexts():
    assert seal_ballot(KEYS.public_key, b"same") != seal_ballot(KEYS.public_key, b"same")


def test_the_wrapped_private_key_does_not_contain_the_private_key():
    raw = SecretBox(MASTER).decrypt(KEYS.wrapped_private_key)
    assert raw not in KEYS.wrapped_private_key
    assert len(KEYS.public_key) == 32


def test_wrong_master_key_fails_with_a_clear_error():
    sealed = [seal_ballot(KEYS.public_key, b"x")]
    with pytest.raises(WrongMasterKeyError, match="master key does not unlock"):
        open_ballots(KEYS.wrapped_private_key, generate_master_key(), sealed)


def test_master_key_of_the_wrong_length_is_refused():
    with pytest.raises(SecrecyError, match="must be 32 bytes, not 16"):
        VoteKeys.generate(b"0" * 16)


def test_ballot_sealed_for_another_vote_does_not_open():
    other = VoteKeys.generate(MASTER)
    with pytest.raises(UnreadableBallotError):
        open_ballots(KEYS.wrapped_private_key, MASTER, [seal_ballot(other.public_key, b"x")])


def test_tampered_ciphertext_does_not_open():
    sealed = bytearray(seal_ballot(KEYS.public_key, b"x"))
    sealed[-1] ^= 1
    with pytest.raises(UnreadableBallotError):
        open_ballots(KEYS.wrapped_private_key, MASTER, [bytes(sealed)])


def test_plaintext_too_long_for_the_fixed_size_is_refused():
    with pytest.raises(BallotTooLargeError):
        seal_ballot(KEYS.public_key, b"x" * (BALLOT_PLAINTEXT_SIZE - LENGTH_PREFIX_SIZE + 1))


def test_padding_has_the_fixed_size_and_unpads():
    padded = pad(b"abc", 64)
    assert len(padded) == 64
    assert unpad(padded) == b"abc"


def test_padding_with_an_impossible_length_is_unreadable():
    with pytest.raises(UnreadableBallotError):
        unpad(b"\xff\xff" + b"\x00" * 10)


def test_pointer_round_trips_to_the_row_key():
    row_key = new_row_key()
    sealed = seal_pointer(KEYS.public_key, row_key)
    assert len(sealed) == SEALED_POINTER_SIZE
    assert open_pointer(KEYS.wrapped_private_key, MASTER, sealed) == row_key


def test_pointer_does_not_open_as_a_ballot():
    opener = BallotOpener.from_wrapped(KEYS.wrapped_private_key, MASTER)
    with pytest.raises(UnreadableBallotError, match="wrong padded size"):
        opener.open_ballot(seal_pointer(KEYS.public_key, new_row_key()))


def test_tracker_code_is_three_groups_of_four_unambiguous_symbols():
    code = new_tracker_code()
    assert re.fullmatch(rf"[{TRACKER_ALPHABET}]{{4}}(-[{TRACKER_ALPHABET}]{{4}}){{2}}", code)
    assert not set("ILOU") & set(TRACKER_ALPHABET)


def test_tracker_codes_do_not_repeat():
    assert len({new_tracker_code() for _ in range(2000)}) == 2000


@pytest.mark.parametrize("typed", ["k7qf3mzpxw2a", "K7QF 3MZP XW2A", " k7qf-3mzp-xw2a "])
def test_typed_tracker_is_normalized(typed):
    assert normalize_tracker(typed) == "K7QF-3MZP-XW2A"


def test_lookalike_letters_are_read_as_digits():
    assert normalize_tracker("OOOO-IIII-LLLL") == "0000-1111-1111"


@pytest.mark.parametrize("typed", ["", "K7QF-3MZP", "K7QF-3MZP-XW2U", "K7QF-3MZP-XW2A-0"])
def test_text_that_cannot_be_a_tracker_is_none(typed):
    assert normalize_tracker(typed) is None


def test_row_keys_are_random_128_bit_hex():
    keys = {new_row_key() for _ in range(1000)}
    assert len(keys) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)


def test_shuffle_returns_a_permutation_and_leaves_the_input_alone():
    items = list(range(100))
    shuffled = shuffle(items)
    assert sorted(shuffled) == items
    assert items == list(range(100))
    assert shuffled != items  # 1 chance in 100! of a false failure
