"""Names members tell apart: cleaning (NFKC, invisible characters) and confusable skeletons."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.names import TABLE, clean_label, label_key, skeleton

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
    "\u200f",  # right-to-left mark
    "\ufe0f",  # variation selector 16
    "\U000e0041",  # tag latin capital A
    "\u3164",  # Hangul filler
]


def test_the_table_ships_with_its_source_and_licence() -> None:
    head = TABLE.read_text(encoding="utf-8")[:600]
    assert "Unicode" in head
    assert "license" in head.casefold()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Аnna", "Anna"),  # Cyrillic capital A
        ("Аnnа", "anna"),  # Cyrillic a twice, and case
        ("Αnna", "Anna"),  # Greek capital alpha
        ("ＡＮＮＡ", "Anna"),  # fullwidth
        ("pаypаl", "paypal"),
        ("Rоsa Luxemburg", "Rosa Luxemburg"),  # Cyrillic o
        ("Anna (…0028)", "Anna (...0028)"),  # the ellipsis and three full stops
        ("Anna  Smith", "Anna Smith"),
    ],
)
def test_lookalikes_share_a_key(one: str, other: str) -> None:
    assert label_key(one) == label_key(other)


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_an_invisible_character_changes_neither_the_label_nor_the_key(invisible: str) -> None:
    hidden = f"An{invisible}na"
    assert clean_label(hidden) == "Anna"
    assert label_key(hidden) == label_key("Anna")


@pytest.mark.parametrize(
    ("one", "other"), [("Anna", "Anne"), ("Anna", "Ánna"), ("Left", "Right"), ("0028", "0029")]
)
def test_names_that_look_different_keep_different_keys(one: str, other: str) -> None:
    assert label_key(one) != label_key(other)


def test_every_digit_keeps_its_own_key() -> None:
    assert len({label_key(str(digit)) for digit in range(10)}) == 10


def test_clean_label_is_one_line() -> None:
    assert clean_label(" Left\nRight\tand\u2028more ") == "Left Right and more"


def test_skeleton_maps_by_the_unicode_table() -> None:
    assert skeleton("Аррlе") == "Apple"  # Cyrillic А, р, р, е


LOOKALIKE_TEXT = st.text(
    alphabet=st.sampled_from(["A", "a", "А", "а", "n", "(", ")", "…", ".", "0", "O", "8", " "])
    | st.sampled_from(INVISIBLE),
    max_size=20,
)


@given(LOOKALIKE_TEXT | st.text(max_size=30))
def test_cleaning_is_idempotent_and_keeps_the_key(text: str) -> None:
    assert clean_label(clean_label(text)) == clean_label(text)
    assert label_key(clean_label(text)) == label_key(text)


@given(st.text(max_size=20), st.lists(st.sampled_from(INVISIBLE), max_size=5), st.randoms())
def test_sprinkled_invisible_characters_never_change_the_key(
    text: str, extra: list[str], rnd: object
) -> None:
    chars = list(text)
    for ch in extra:
        chars.insert(rnd.randrange(len(chars) + 1), ch)  # type: ignore[attr-defined]
    assert label_key("".join(chars)) == label_key(text)


def test_what_an_invisible_character_separated_composes() -> None:
    assert clean_label("Re\u200b\u0301sistance") == "Résistance"
    assert clean_label(clean_label("Re\u200b\u0301sistance")) == "Résistance"


@settings(max_examples=500)
@given(st.text(max_size=30))
def test_a_key_is_its_own_key(text: str) -> None:
    assert label_key(label_key(text)) == label_key(text)
