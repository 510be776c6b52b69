from __future__ import annotations

import pytest

from bot.domain.corpus import (
    CatalogEntry,
    Corpus,
    CorpusError,
    DocumentKind,
    document_from_text,
    parse_catalog,
)
from bot.domain.corpus.lines import MAX_LINE_CHARS
from bot.domain.corpus.parser import looks_like_heading, parse_document

ENTRY_TOML = """
[[documents]]
id = "doc"
file = "doc.txt"
title = "A title"
author = "An author"
date = "2020"
source = "somewhere"
"""
TEXT = """A title

First paragraph of the opening, a full sentence.

Photo: a caption.

The First Part

Body of part one, which goes on for a while.
Still the same paragraph on a second line.

  • item one of a list
  • item two of a list

Add new comment
Share this
"""


def _entry(extra: str = "") -> CatalogEntry:
    (entry,) = parse_catalog(ENTRY_TOML + extra)
    return entry


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The So-Called Theory of the Party", True),
        ("Was It All in Vain?", True),
        ("”Perspectives” and the Failed Harvest of 2019", True),
        ("West Virginia teachers strike (2018).", False),
        ("Contact us at:", False),
        ("lowercase start of a line", False),
        ("1. A numbered item", False),
        ("A " + "very " * 12 + "long line", False),
    ],
)
def test_heading_heuristic(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


def test_excluded_lines_leave_the_reading_text() -> None:
    document = parse_document(
        _entry(
            'exclude = [{line = "A title"}, {pattern = "Photo: .*"}, {start = "Add new comment"}]'
        ),
        TEXT,
    )
    words = " ".join(p.text for p in document.paragraphs)
    assert "caption" not in words
    assert "Share" not in words
    assert [s.title for s in document.sections] == ["Introduction", "The First Part"]


def test_lines_of_one_block_join_but_list_items_split() -> None:
    document = parse_document(_entry('exclude = [{start = "Add new comment"}]'), TEXT)
    texts = [p.text for p in document.sections[-1].paragraphs]
    assert texts == [
        "Body of part one, which goes on for a while.\nStill the same paragraph on a second line.",
        "• item one of a list",
        "• item two of a list",
    ]


def test_rule_matching_nothing_is_an_error() -> None:
    with pytest.raises(CorpusError, match=r"exclude rule #1 \(line 'Nowhere'\) matched no line"):
        parse_document(_entry('exclude = [{line = "Nowhere"}]'), TEXT)


def test_limit_excludes_only_the_first_matches() -> None:
    text = "Title\n\nRepeated\n\nSome text here.\n\nRepeated\n\nMore text here.\n"
    document = parse_document(_entry('exclude = [{line = "Repeated", limit = 1}]'), text)
    assert [p.text for p in document.paragraphs].count("Repeated") == 0
    assert [s.title for s in document.sections][-1] == "Repeated"


def test_span_without_its_end_is_an_error() -> None:
    with pytest.raises(CorpusError, match="has no end line"):
        parse_document(_entry('exclude = [{start = "The First Part", end = "Never"}]'), TEXT)


def test_comments_start_splits_off_reader_comments() -> None:
    document = parse_document(_entry('comments_start = "Add new comment"'), TEXT)
    assert document.comments is not None
    assert [p.text for p in document.comments.paragraphs] == ["Add new comment\nShare this"]


def test_listed_heading_that_is_missing_is_an_error() -> None:
    with pytest.raises(CorpusError, match="listed heading 'Elsewhere' not found"):
        parse_document(_entry('headings = ["Elsewhere"]'), TEXT)


def test_headings_none_gives_one_section() -> None:
    document = parse_document(_entry('headings = "none"'), TEXT)
    assert len(document.sections) == 1


def test_curated_prompt_for_unknown_section_is_an_error() -> None:
    extra = '[[documents.prompts]]\nsection = "Nope"\ntext = "Why?"\n'
    with pytest.raises(CorpusError, match="names section 'Nope'"):
        parse_document(_entry(extra), TEXT)


def test_binary_bytes_are_refused() -> None:
    with pytest.raises(CorpusError, match="binary"):
        parse_document(_entry(), b"\x89PNG\r\n\x1a\n\x00\x00")


def test_undecodable_bytes_are_refused_with_the_offset() -> None:
    with pytest.raises(CorpusError, match=r"not UTF-8 text \(undecodable byte 0xff at offset 5\)"):
        parse_document(_entry(), b"Hello\xff world")


def test_empty_file_is_refused() -> None:
    with pytest.raises(CorpusError, match="empty"):
        parse_document(_entry(), b"  \n\n ")


def test_giant_single_line_is_refused_with_its_number() -> None:
    text = "Title\n" + "word " * (MAX_LINE_CHARS // 5 + 10)
    with pytest.raises(CorpusError, match=r"line 2 is .* characters long"):
        parse_document(_entry(), text)


def test_everything_excluded_is_refused() -> None:
    with pytest.raises(CorpusError, match="no reading text"):
        parse_document(_entry('exclude = [{pattern = ".*"}]'), "Only\n\nlines\n")


def test_utf8_bom_and_crlf_are_accepted() -> None:
    document = parse_document(_entry(), "\ufeffOne paragraph.\r\n\r\nAnother one.\r\n".encode())
    assert [p.text for p in document.paragraphs] == ["One paragraph.", "Another one."]


def test_markdown_headings_become_sections() -> None:
    text = "# Part one\nIntro text here.\n\n## Part two\n\nMore text.\n\n- a\n- b\n"
    document = document_from_text("Upload", "Me", text, "md")
    assert [s.title for s in document.sections] == ["Part one", "Part two"]
    assert [p.text for p in document.sections[1].paragraphs] == ["More text.", "- a", "- b"]


def test_uploaded_text_gets_a_slug_id_and_word_counts() -> None:
    document = document_from_text(
        "Notes on the Crisis!", "", "One two three.\n\nFour five.", DocumentKind.TXT
    )
    assert document.id == "notes-on-the-crisis"
    assert document.author == "Unknown"
    assert [p.word_count for p in document.paragraphs] == [3, 2]


def test_unsupported_upload_kind_is_refused() -> None:
    with pytest.raises(CorpusError, match="unsupported document kind 'pdf'"):
        document_from_text("T", "A", "text", "pdf")


def test_reading_minutes_round_up(seed_corpus: Corpus) -> None:
    document = seed_corpus.get("iso-stirrings-in-the-ashes")
    assert document.reading_minutes(230) == -(-document.word_count // 230)
