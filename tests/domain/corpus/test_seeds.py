"""Every shipped seed parses, and the reading text loses, adds and reorders no word."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.corpus import Corpus, parse_catalog
from bot.domain.corpus.lines import LineRole, classify_lines
from bot.domain.corpus.model import COMMENTS_SECTION_TITLE

from .conftest import SEEDS

ENTRIES = parse_catalog((SEEDS / "catalog.toml").read_text(encoding="utf-8"), directory=SEEDS)
SEED_IDS = [entry.id for entry in ENTRIES]

# Line numbers (1-based) each seed's rules must exclude: captions, bylines, footers, pull quotes.
EXPECTED_EXCLUDED = {
    "socialism-in-one-org": {1, 3, 5, 22, 34, 36, 48, 71, 91, 104},
    "critique-iso-strategy": {1, 44, 82},
    "iso-stirrings-in-the-ashes": {1, 3, 63, 64, 65, 66},
    "followers-and-dissidents": {1, 5, 17, 55, 86, *range(98, 120)},
    "critique-trotskyist-orgs": {1},
}
EXPECTED_HEADINGS = {
    "socialism-in-one-org": [
        "The So-Called Theory of the Party",
        "AN Economics of socialist persons",
        "”Perspectives” and the Failed Harvest of 2019",
        "The Laziest Resignation Letter in Trot history",
        "Socialism in One Organization",
        "Solidarity First, Organization Second",
        "Was It All in Vain?",
    ],
    "critique-iso-strategy": [
        "The ISO and the Problem of Chasing Movements",
        "Alternative Paradigms and Strategies",
    ],
    "iso-stirrings-in-the-ashes": ['The example of the "French Turn"'],
    "followers-and-dissidents": [
        "What bureaucratic leadership looked like",
        "Four responses",
        "What kind of cadre?",
    ],
    "critique-trotskyist-orgs": [],
}


def _file_lines(doc_id: str) -> list[str]:
    entry = next(e for e in ENTRIES if e.id == doc_id)
    return Path(SEEDS / entry.file).read_text(encoding="utf-8").split("\n")


def _roles(doc_id: str) -> tuple[LineRole, ...]:
    entry = next(e for e in ENTRIES if e.id == doc_id)
    return classify_lines(_file_lines(doc_id), entry)


def _words_with_role(doc_id: str, role: LineRole) -> list[str]:
    lines = _file_lines(doc_id)
    return [
        w for line, r in zip(lines, _roles(doc_id), strict=True) if r is role for w in line.split()
    ]


def test_catalog_lists_every_seed_file() -> None:
    listed = {entry.file for entry in ENTRIES}
    assert listed == {path.name for path in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_exclude_rules_mark_exactly_the_debris_lines(doc_id: str) -> None:
    excluded = {n for n, role in enumerate(_roles(doc_id), start=1) if role is LineRole.EXCLUDED}
    expected = {n for n in EXPECTED_EXCLUDED[doc_id] if n <= len(_file_lines(doc_id))}
    assert excluded == expected


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_reading_text_is_the_file_minus_exclusions_and_comments(
    seed_corpus: Corpus, doc_id: str
) -> None:
    document = seed_corpus.get(doc_id)
    reading = [
        word
        for section in document.sections
        for text in ((section.heading or ""), *(p.text for p in section.paragraphs))
        for word in text.split()
    ]
    assert reading == _words_with_role(doc_id, LineRole.READING)


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_comments_excluded_and_reading_words_make_up_the_whole_file(
    seed_corpus: Corpus, doc_id: str
) -> None:
    document = seed_corpus.get(doc_id)
    comments = document.comments.paragraphs if document.comments else ()
    comment_words = [w for p in comments for w in p.text.split()]
    assert comment_words == _words_with_role(doc_id, LineRole.COMMENT)
    all_words = "\n".join(_file_lines(doc_id)).split()
    total = (
        len(comment_words)
        + len(_words_with_role(doc_id, LineRole.EXCLUDED))
        + sum(len((s.heading or "").split()) + s.word_count for s in document.sections)
    )
    assert total == len(all_words)


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_headings_found_by_the_heuristic_are_the_real_ones(
    seed_corpus: Corpus, doc_id: str
) -> None:
    document = seed_corpus.get(doc_id)
    headings = [s.title for s in document.sections if s.heading is not None]
    assert headings == EXPECTED_HEADINGS[doc_id]


def test_reader_comments_are_kept_for_the_two_commented_posts(seed_corpus: Corpus) -> None:
    with_comments = {d.id for d in seed_corpus.documents if d.comments is not None}
    assert with_comments == {"critique-iso-strategy", "iso-stirrings-in-the-ashes"}
    comments = seed_corpus.get("iso-stirrings-in-the-ashes").comments
    assert comments is not None
    assert comments.title == COMMENTS_SECTION_TITLE
    assert comments.paragraphs[0].text.startswith("Submitted by Olivier Rubens")
    assert "cookies" not in " ".join(p.text for p in comments.paragraphs)


def test_breaks_give_the_headingless_document_sections(seed_corpus: Corpus) -> None:
    titles = [s.title for s in seed_corpus.get("critique-trotskyist-orgs").sections]
    assert titles == [
        "Azizi on the IMT",
        "Persecution and the revolutionary class",
        "Pham Binh on the ISO",
        "Conclusions",
    ]


def test_list_items_become_paragraphs_of_their_own(seed_corpus: Corpus) -> None:
    section = seed_corpus.get("followers-and-dissidents").sections[2]
    items = [p.text for p in section.paragraphs if p.text[:2] in {"1.", "2.", "3.", "4."}]
    assert len(items) == 4


def test_curated_prompts_name_existing_sections(seed_corpus: Corpus) -> None:
    for document in seed_corpus.documents:
        titles = {s.title for s in document.sections}
        assert all(prompt.section in titles for prompt in document.prompts)
    assert sum(len(d.prompts) for d in seed_corpus.documents) >= 6


def test_paragraph_indexes_run_through_the_document(seed_corpus: Corpus) -> None:
    for document in seed_corpus.documents:
        comments = document.comments.paragraphs if document.comments else ()
        indexes = [p.index for p in (*document.paragraphs, *comments)]
        assert indexes == list(range(len(indexes)))
