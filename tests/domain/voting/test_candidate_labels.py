"""Candidate labels no reader can confuse and no member can make collide: an election's
opening never fails on a label, whatever display names members take."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.counting import CountingMethod
from bot.domain.names import label_key
from bot.domain.voting.kinds import MAX_LABEL_LENGTH, VoteKind, VoteSpec
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import Nominations, candidate_labels

ANNA = 100000000000000028
TWIN = 200000000000000028  # the same last four digits as ANNA


def labels(names: dict[int, str]) -> dict[int, str]:
    return candidate_labels(names, list(names))


def distinct(result: dict[int, str]) -> bool:
    return len({label_key(label) for label in result.values()}) == len(result)


def election(names: dict[int, str]) -> VoteSpec:
    nominations = Nominations()
    for member_id in names:
        nominations = nominations.nominate(member_id, member_id, VoteState.NOMINATING)
    options = nominations.candidate_options(names)
    return VoteSpec(
        title="Committee",
        kind=VoteKind.ELECTION,
        options=options,
        method=CountingMethod.SCOTTISH_STV,
        seats=1,
    )


def test_distinct_names_stay_as_they_are() -> None:
    assert labels({1: "Anna", 2: "Ben"}) == {1: "Anna", 2: "Ben"}


def test_equal_names_get_the_end_of_the_member_id() -> None:
    assert labels({1234567: "Anna", 7654321: "Anna"}) == {
        1234567: "Anna (…4567)",
        7654321: "Anna (…4321)",
    }


def test_a_cyrillic_lookalike_is_disambiguated() -> None:
    result = labels({ANNA: "Anna", 5: "Аnna"})  # Cyrillic А
    assert distinct(result)
    assert result[5].endswith("(…5)")


def test_zero_width_and_bidi_variants_are_cleaned_and_disambiguated() -> None:
    result = labels({ANNA: "Anna", 6: "An\u200bna", 7: "\u202eanna"})
    assert distinct(result)
    assert result[6] == "Anna (…6)"
    assert "\u202e" not in result[7]


def test_taking_the_label_a_duplicate_gets_does_not_collide() -> None:
    """The attack of issue 10: Mallory takes as display name the label the bot gives Anna."""
    names = {ANNA: "Anna", TWIN: "Anna", 66: "Anna (…0028)", 67: "Anna (...0028)"}
    result = labels(names)
    assert distinct(result)
    election(names)  # opening builds this spec: it must not fail


def test_copying_a_whole_member_id_label_does_not_collide() -> None:
    names = {
        ANNA: "Anna",
        TWIN: "Anna",
        66: "Anna (…0028)",
        67: f"Anna (…{ANNA})",
        68: f"Anna (…{str(ANNA)[-8:]})",
    }
    assert distinct(labels(names))
    election(names)


def test_a_name_of_invisible_characters_becomes_member_and_id() -> None:
    assert labels({42: "\u200b\u200d", 43: ""}) == {42: "Member 42", 43: "Member 43"}


def test_long_names_keep_their_suffix_within_the_label_limit() -> None:
    result = labels({ANNA: "A" * 150, TWIN: "A" * 150})
    assert distinct(result)
    assert all(len(label) <= MAX_LABEL_LENGTH for label in result.values())


HOSTILE_NAME = st.text(
    alphabet=st.sampled_from(
        ["A", "a", "А", "n", "N", " ", "(", ")", "…", ".", "0", "O", "2", "8", "\u200b", "\u202e"]
    ),
    max_size=14,
)
# Ids that share their last digits often, as the attack needs.
MEMBER_ID = st.integers(min_value=0, max_value=30).map(lambda n: n * 10**17 + 28) | st.integers(
    min_value=1, max_value=10**18
)


@settings(max_examples=300)
@given(st.dictionaries(MEMBER_ID, HOSTILE_NAME | st.text(max_size=120), min_size=1, max_size=25))
def test_no_names_can_make_two_labels_collide(names: dict[int, str]) -> None:
    result = labels(names)
    assert distinct(result)
    assert all(0 < len(label) <= MAX_LABEL_LENGTH for label in result.values())
    election(names)
