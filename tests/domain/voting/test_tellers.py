"""Tellers' shares of a vote key: any k rebuild it, k-1 reveal nothing, a wrong part is named."""

from __future__ import annotations

import itertools
import secrets
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey, PublicKey, SealedBox

from bot.domain.voting.tellers import (
    GROUP_ORDER,
    Dealing,
    Release,
    TellerError,
    TellerPublicKey,
    TellerSecretKey,
    WrongReleaseError,
    check_release,
    combine,
    deal,
    generate_teller_keys,
    lagrange_at_zero,
    make_release,
    open_share,
    share_matches,
)

CONTEXT = "guild 1 · vote 7"


@cache
def teller_keys(count: int) -> tuple[TellerSecretKey, ...]:
    return tuple(generate_teller_keys() for _ in range(count))


def publics(keys: tuple[TellerSecretKey, ...]) -> list[TellerPublicKey]:
    return [key.public() for key in keys]


def releases(dealing: Dealing, keys: tuple[TellerSecretKey, ...], who: list[int]) -> list[Release]:
    return [make_release(CONTEXT, dealing, j, keys[j - 1]) for j in who]


def test_a_ballot_sealed_to_the_vote_opens_with_any_two_of_three_tellers() -> None:
    keys = teller_keys(3)
    dealing = deal(publics(keys), 2)
    sealed = SealedBox(PublicKey(dealing.public_key)).encrypt(b"1. ana 2. ben")
    for pair in itertools.combinations((1, 2, 3), 2):
        parts = releases(dealing, keys, list(pair))
        for part in parts:
            check_release(CONTEXT, dealing, publics(keys), part)
        assert SealedBox(combine(dealing, parts)).decrypt(sealed) == b"1. ana 2. ben"


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_k_of_n_rebuild_the_same_key(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 6), label="n")
    k = data.draw(st.integers(1, n), label="k")
    keys = teller_keys(n)
    dealing = deal(publics(keys), k)
    who = data.draw(st.lists(st.integers(1, n), min_size=k, max_size=n, unique=True))
    key = combine(dealing, releases(dealing, keys, who))
    assert bytes(key.public_key) == dealing.public_key


def test_fewer_than_k_releases_are_refused_with_how_many_are_in() -> None:
    keys = teller_keys(3)
    dealing = deal(publics(keys), 2)
    with pytest.raises(TellerError, match="1 of the 2 releases needed are in"):
        combine(dealing, releases(dealing, keys, [3]))


@settings(max_examples=50, deadline=None)
@given(
    k=st.integers(2, 6),
    secret_a=st.integers(1, GROUP_ORDER - 1),
    secret_b=st.integers(1, GROUP_ORDER - 1),
    seen=st.lists(st.integers(1, GROUP_ORDER - 1), min_size=5, max_size=5),
)
def test_k_minus_one_shares_fit_every_secret_equally(
    k: int, secret_a: int, secret_b: int, seen: list[int]
) -> None:
    """Perfect secrecy of Shamir sharing, checked: whatever k-1 share values were seen, each
    candidate secret has exactly one polynomial of degree k-1 through them, so the shares are
    equally likely under every secret and say nothing about it."""
    points = list(enumerate(seen[: k - 1], start=1))

    def value_at(x: int, through: list[tuple[int, int]]) -> int:
        return lagrange_at_zero([(px - x, py) for px, py in through])

    polynomials = [[(0, secret), *points] for secret in (secret_a, secret_b)]
    for secret, through in zip((secret_a, secret_b), polynomials, strict=True):
        assert value_at(0, through) == secret
        assert [value_at(x, through) for x, _ in points] == [y for _, y in points]
    # A k-th share is what tells the two apart (when the secrets differ).
    assert (value_at(k, polynomials[0]) == value_at(k, polynomials[1])) == (secret_a == secret_b)


def test_k_minus_one_real_shares_cannot_be_told_from_random_numbers() -> None:
    """k-1 shares of a real dealing, with a made-up k-th, rebuild some key; but a key that
    matches the published commitment needs the real k-th share."""
    keys = teller_keys(3)
    dealing = deal(publics(keys), 3)
    parts = releases(dealing, keys, [1, 2])
    forged = Release(teller=3, share=secrets.randbelow(GROUP_ORDER - 1) + 1, signature=b"")
    with pytest.raises(TellerError, match="do not rebuild the committed key"):
        combine(dealing, [*parts, forged])


def test_a_tampered_share_is_refused_naming_the_teller() -> None:
    keys = teller_keys(3)
    dealing = deal(publics(keys), 2)
    honest = make_release(CONTEXT, dealing, 2, keys[1])
    tampered = Release(honest.teller, (honest.share + 1) % GROUP_ORDER, honest.signature)
    with pytest.raises(WrongReleaseError, match="teller 2's release is refused") as refused:
        check_release(CONTEXT, dealing, publics(keys), tampered)
    assert refused.value.teller == 2


def test_a_release_signed_with_another_tellers_key_is_refused() -> None:
    keys = teller_keys(3)
    dealing = deal(publics(keys), 2)
    share = open_share(dealing, 1, keys[0])
    impostor = make_release(CONTEXT, dealing, 2, keys[1])
    forged = Release(teller=1, share=share, signature=impostor.signature)
    with pytest.raises(WrongReleaseError, match="signature is not this teller's"):
        check_release(CONTEXT, dealing, publics(keys), forged)


def test_a_release_made_for_another_vote_is_refused() -> None:
    keys = teller_keys(3)
    dealing = deal(publics(keys), 2)
    replayed = make_release("guild 1 · vote 6", dealing, 1, keys[0])
    with pytest.raises(WrongReleaseError, match="made for another vote"):
        check_release(CONTEXT, dealing, publics(keys), replayed)


def test_a_teller_catches_a_dealing_that_gave_them_a_wrong_share() -> None:
    keys = teller_keys(3)
    dealing = deal(publics(keys), 2)
    wrong = SealedBox(PublicKey(keys[0].public().box_key)).encrypt((12345).to_bytes(32, "little"))
    cheated = Dealing(
        dealing.threshold,
        dealing.commitments,
        (wrong, *dealing.sealed_shares[1:]),
        dealing.public_key,
    )
    with pytest.raises(TellerError, match="does not match the published commitments"):
        open_share(cheated, 1, keys[0])


def test_the_bot_cannot_open_a_share_without_the_tellers_secret_key() -> None:
    keys = teller_keys(2)
    dealing = deal(publics(keys), 2)
    operator = TellerSecretKey(bytes(PrivateKey.generate()), keys[0].signing_seed)
    with pytest.raises(TellerError, match="does not open teller 1's share"):
        open_share(dealing, 1, operator)


def test_published_commitments_check_each_share() -> None:
    keys = teller_keys(4)
    dealing = deal(publics(keys), 3)
    for j in range(1, 5):
        share = open_share(dealing, j, keys[j - 1])
        assert share_matches(dealing.commitments, j, share)
        assert not share_matches(dealing.commitments, j, share + 1)
        assert not share_matches(dealing.commitments, j % 4 + 1, share)


def test_keys_and_releases_survive_their_text_form() -> None:
    secret = generate_teller_keys()
    public = secret.public()
    assert TellerSecretKey.decode(secret.encode()) == secret
    assert TellerPublicKey.decode(public.encode()) == public
    assert (
        TellerPublicKey.decode("  " + public.encode()[:30] + "\n" + public.encode()[30:]) == public
    )
    dealing = deal([public], 1)
    release = make_release(CONTEXT, dealing, 1, secret)
    assert Release.decode(release.encode()) == release
    assert len(public.fingerprint) == 19


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "must start with"),
        ("caucus-teller-public-1:", "cut short"),
        ("caucus-teller-public-1:!!!!", "characters that do not belong"),
        ("caucus-teller-secret-1:AAAA.1234", "must start with 'caucus-teller-public-1:'"),
    ],
)
def test_a_garbled_public_key_gets_a_clear_reason(text: str, problem: str) -> None:
    with pytest.raises(TellerError, match=problem):
        TellerPublicKey.decode(text)


def test_a_public_key_with_one_character_changed_fails_its_checksum() -> None:
    encoded = generate_teller_keys().public().encode()
    body, check = encoded.rsplit(".", 1)
    index = len("caucus-teller-public-1:") + 3
    changed = body[:index] + ("B" if body[index] != "B" else "C") + body[index + 1 :]
    with pytest.raises(TellerError, match="checksum does not match"):
        TellerPublicKey.decode(f"{changed}.{check}")


@pytest.mark.parametrize(("n", "k"), [(0, 1), (3, 0), (3, 4), (26, 2)])
def test_impossible_teller_counts_are_refused(n: int, k: int) -> None:
    keys = [generate_teller_keys().public() for _ in range(n)]
    with pytest.raises(TellerError, match="need 1 ≤ k ≤ n"):
        deal(keys, k)


def test_the_same_teller_twice_is_refused() -> None:
    key = generate_teller_keys().public()
    with pytest.raises(TellerError, match="named twice"):
        deal([key, key], 2)
