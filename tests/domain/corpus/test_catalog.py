from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.corpus import CorpusError, parse_catalog
from bot.domain.corpus.catalog import HeadingMode, RuleKind

MINIMAL = """
[[documents]]
id = "doc"
file = "doc.txt"
title = "A title"
author = "An author"
date = "2020"
source = "somewhere"
"""


def test_minimal_entry_gets_defaults() -> None:
    (entry,) = parse_catalog(MINIMAL)
    assert (entry.id, entry.language, entry.heading_mode) == ("doc", "en", HeadingMode.AUTO)
    assert entry.first_section == "Introduction"


def test_exclude_rules_of_each_kind_parse() -> None:
    text = (
        MINIMAL
        + """exclude = [
    {line = "Caption."},
    {pattern = "Share on .*", limit = 2, why = "buttons"},
    {start = "Footer", end = "End"},
    {start_pattern = "Related.*"},
]"""
    )
    (entry,) = parse_catalog(text)
    kinds = [rule.kind for rule in entry.exclude]
    assert kinds == [RuleKind.LINE, RuleKind.PATTERN, RuleKind.SPAN, RuleKind.SPAN]
    assert entry.exclude[1].limit == 2
    assert entry.exclude[3].end is None


def test_unknown_key_is_named_with_its_entry() -> None:
    with pytest.raises(CorpusError, match=r"document 'doc': unknown key\(s\) colour"):
        parse_catalog(MINIMAL + 'colour = "red"\n')


def test_missing_required_key_is_named() -> None:
    with pytest.raises(CorpusError, match="missing required key 'author'"):
        parse_catalog(MINIMAL.replace('author = "An author"\n', ""))


def test_bad_regex_is_reported_with_its_key() -> None:
    with pytest.raises(CorpusError, match=r"exclude\[0\]: key 'pattern': bad regular expression"):
        parse_catalog(MINIMAL + 'exclude = [{pattern = "(unclosed"}]\n')


def test_rule_with_two_kinds_is_refused() -> None:
    with pytest.raises(CorpusError, match="exactly one of"):
        parse_catalog(MINIMAL + 'exclude = [{line = "a", pattern = "b"}]\n')


def test_missing_file_is_reported_when_a_directory_is_given(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"file 'doc\.txt' not found"):
        parse_catalog(MINIMAL, directory=tmp_path)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(CorpusError, match="listed twice"):
        parse_catalog(MINIMAL + MINIMAL)


def test_invalid_toml_is_a_corpus_error() -> None:
    with pytest.raises(CorpusError, match="not valid TOML"):
        parse_catalog("[[documents]\n")


def test_id_must_be_a_slug() -> None:
    with pytest.raises(CorpusError, match="lowercase slug"):
        parse_catalog(MINIMAL.replace('id = "doc"', 'id = "My Doc"'))


def test_unsupported_file_type_is_refused() -> None:
    with pytest.raises(CorpusError, match=r"must end in \.txt or \.md"):
        parse_catalog(MINIMAL.replace("doc.txt", "doc.pdf"))


def test_listed_headings_are_whitespace_normalised() -> None:
    (entry,) = parse_catalog(MINIMAL + 'headings = ["Part\u00a0one", "Part  two"]\n')
    assert entry.listed_headings == ("Part one", "Part two")
