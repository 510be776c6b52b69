from __future__ import annotations

import re

import pytest

from bot.domain.summaries.lexicon import Lexicon


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:^|(?<=\W))(?:i (?:\w+ )?agree|[a-z]+'s right|\+1|👍)(?=\W|$)",
        r"^\W*(?:but\s+)?why (?:would|should) [^?]*\?",
        r"no(?!\s+(?:one|doubt))\b|\d+%",
    ],
)
def test_a_lower_case_pattern_is_searched_case_sensitively(pattern: str) -> None:
    assert Lexicon(pattern).lowered_regex is not None


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("I agree", "i agree"),  # an upper-case letter
        ("[9-b]", "c"),  # a range holding "C" but not "c"
        ("(?-i:ok)", "OK"),  # a group that turns IGNORECASE off
        ("\u212a", "k"),  # the Kelvin sign, a "k" to IGNORECASE
        ("[\u2000-\u3000]", "k"),  # a non-ASCII range (it holds the Kelvin sign)
    ],
)
def test_a_pattern_that_treats_cases_apart_is_searched_as_written(pattern: str, text: str) -> None:
    lexicon = Lexicon(pattern)

    assert lexicon.lowered_regex is None
    for variant in (text, text.upper(), text.lower()):
        found, full = lexicon.search(variant), re.compile(pattern, re.IGNORECASE).search(variant)
        assert (found and found.span()) == (full and full.span())


def test_non_ascii_text_keeps_its_spans() -> None:
    # "İ".lower() is two characters: lower-casing the text would shift every later match.
    lexicon = Lexicon(r"(?<!\w)agree")

    found = lexicon.search("İİ AGREE")

    assert found is not None
    assert found.span() == (3, 8)


def test_ascii_text_matches_whatever_its_case() -> None:
    lexicon = Lexicon(r"(?:^|(?<=\W))(?:you're right|fair enough)(?=\W|$)")

    found = lexicon.search("OK, You're RIGHT.")

    assert found is not None
    assert found.span() == (4, 16)
    assert found.group() == "you're right"
