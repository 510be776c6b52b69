from __future__ import annotations

import re

import pytest

from bot.domain.summaries.caseless import CaselessPattern


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:^|(?<=\W))(?:i (?:\w+ )?agree|[a-z]+'s right|\+1|👍)(?=\W|$)",
        r"^\W*(?:but\s+)?why (?:would|should) [^?]*\?",
        r"no(?!\s+(?:one|doubt))\b|\d+%",
    ],
)
def test_a_lower_case_pattern_is_searched_case_sensitively(pattern: str) -> None:
    assert CaselessPattern(pattern).lowered_regex is not None


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
    caseless, reference = CaselessPattern(pattern), re.compile(pattern, re.IGNORECASE)

    assert caseless.lowered_regex is None
    for variant in (text, text.upper(), text.lower()):
        found, full = caseless.search(variant), reference.search(variant)
        assert (found and found.span()) == (full and full.span())
        assert [m.span() for m in caseless.finditer(variant)] == [
            m.span() for m in reference.finditer(variant)
        ]


def test_non_ascii_text_keeps_its_spans() -> None:
    # "İ".lower() is two characters: lower-casing the text would shift every later match.
    pattern = CaselessPattern(r"(?<!\w)agree")

    found = pattern.search("İİ AGREE")

    assert found is not None
    assert found.span() == (3, 8)


def test_ascii_text_matches_whatever_its_case() -> None:
    pattern = CaselessPattern(r"(?:^|(?<=\W))(?:you're right|fair enough)(?=\W|$)")

    found = pattern.search("OK, You're RIGHT.")

    assert found is not None
    assert found.span() == (4, 16)
    assert found.group() == "you're right"


def test_finditer_finds_every_match_of_the_written_pattern() -> None:
    pattern = r"(?:^|[\s.!])(?:regards|cheers)\b[,.!]?"
    caseless, reference = CaselessPattern(pattern), re.compile(pattern, re.IGNORECASE)

    for text in ("Cheers! Regards, Ana. CHEERS", "Naïve cheers, REGARDS"):
        assert [m.span() for m in caseless.finditer(text)] == [
            m.span() for m in reference.finditer(text)
        ]
        assert len(list(caseless.finditer(text))) >= 2


def test_the_clean_up_pre_checks_match_like_the_written_patterns() -> None:
    import json
    from pathlib import Path

    from bot.domain.summaries import text as text_module

    root = Path(__file__).parents[3]
    files = [root / "tests/data/debates/dev.jsonl", root / "bench/data/convosumm-email-val.jsonl"]
    files.append(root / "bench/data/qmsum-val.jsonl")  # spoken fillers: "uh", "um", "hmm"
    texts = [
        text
        for path in files
        for text in [
            message["text"]
            for line in path.read_text(encoding="utf-8").splitlines()
            for message in json.loads(line)["messages"]
        ][:3000]
    ]
    texts += [variant for text in texts[:1000] for variant in (text.upper(), text.title())]
    patterns = [v for v in vars(text_module).values() if isinstance(v, CaselessPattern)]
    assert len(patterns) >= 3
    for caseless in patterns:
        assert caseless.lowered_regex is not None, caseless.pattern
        for text in texts:
            assert [m.span() for m in caseless.finditer(text)] == [
                m.span() for m in caseless.regex.finditer(text)
            ], text
