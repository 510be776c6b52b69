import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.factions import FactionError, FactionRules, clean_name, name_key

RULES = FactionRules()


def test_names_differing_in_case_and_spacing_share_a_key() -> None:
    assert name_key("  Reading   LEFT ") == name_key("reading left")


def test_fullwidth_letters_fold_to_ascii() -> None:
    assert name_key("Ｒｅａｄｉｎｇ") == name_key("reading")


def test_cyrillic_lookalikes_fold_to_latin() -> None:
    assert name_key("Rеаding Left") == name_key("Reading Left")  # е, а are Cyrillic


def test_zero_width_characters_are_ignored_in_the_key() -> None:
    assert name_key("Read\u200bing") == name_key("Reading")


def test_german_sharp_s_matches_double_s() -> None:
    assert name_key("Straße") == name_key("STRASSE")


def test_distinct_names_keep_distinct_keys() -> None:
    assert name_key("Reading Left") != name_key("Reading Right")


def test_clean_name_collapses_whitespace() -> None:
    assert clean_name("  Reading    Left  ", RULES) == "Reading Left"


@pytest.mark.parametrize(
    "name",
    ["@everyone rises", "hey @here", "<@1234> fans", "<@!1234>", "<@&55> role", "<#99> room"],
)
def test_mentions_are_refused(name: str) -> None:
    with pytest.raises(FactionError, match="mentions"):
        clean_name(name, RULES)


def test_fullwidth_at_everyone_is_refused() -> None:
    with pytest.raises(FactionError, match="mentions"):
        clean_name("＠everyone", RULES)


@pytest.mark.parametrize("name", ["Left\nRight", "Tab\there", "Bell\x07", "Evil\u202eTfel"])
def test_control_characters_are_refused(name: str) -> None:
    with pytest.raises(FactionError, match="control characters"):
        clean_name(name, RULES)


def test_email_like_at_sign_is_allowed() -> None:
    assert clean_name("Workers @ Home", RULES) == "Workers @ Home"


def test_too_short_name_is_refused_with_its_length() -> None:
    with pytest.raises(FactionError, match="3 to 60 characters long; this one has 2"):
        clean_name("ab", RULES)


def test_sixty_characters_is_the_longest_name() -> None:
    assert len(clean_name("x" * 60, RULES)) == 60
    with pytest.raises(FactionError, match="this one has 61"):
        clean_name("x" * 61, RULES)


def test_invisible_only_name_is_refused() -> None:
    with pytest.raises(FactionError, match="visible"):
        clean_name("\u200b\u200b\u200b", RULES)


@given(st.text(min_size=1, max_size=40))
def test_name_key_is_idempotent(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)


def test_zero_width_characters_are_removed_from_the_shown_name() -> None:
    assert clean_name("Read\u200bing Le\u2060ft", RULES) == "Reading Left"


def test_fullwidth_names_are_shown_in_their_plain_form() -> None:
    assert clean_name("Ｒｅｄ Ｃａｕｃｕｓ", RULES) == "Red Caucus"


@pytest.mark.parametrize(
    "lookalike",
    [
        "Rеd Cаucus",  # Cyrillic е, а
        "Red Cαucus",  # Greek alpha
        "Red Caucuѕ",  # Cyrillic dze
        "Red Cauc\u1d1cs",  # Latin letter small capital U
        "R\u0435d \u13df\u0430ucus",  # Cherokee letter tli looks like C
    ],
)
def test_unicode_confusables_share_the_key_of_the_latin_name(lookalike: str) -> None:
    assert name_key(lookalike) == name_key("Red Caucus")
