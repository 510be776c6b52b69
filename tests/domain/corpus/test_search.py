from __future__ import annotations

import pytest

from bot.domain.corpus import Corpus, document_from_text
from bot.domain.corpus.search import SearchIndex, parse_query
from bot.domain.corpus.text import stem


@pytest.fixture(scope="module")
def index(seed_corpus: Corpus) -> SearchIndex:
    return SearchIndex(seed_corpus.documents)


def test_phrase_query_matches_only_the_exact_phrase(index: SearchIndex) -> None:
    hits = index.search('"socialism from below"')
    assert {h.passage.document_id for h in hits} == {"socialism-in-one-org"}
    assert all("**socialism** **from** **below**" in h.snippet for h in hits)


def test_curly_quotes_also_make_a_phrase() -> None:
    assert parse_query("“closed slate” party").phrases == ((stem("closed"), stem("slate")),)


def test_stemming_finds_plural_forms(index: SearchIndex) -> None:
    hits = index.search("parties")
    assert hits
    assert "**party**" in hits[0].snippet.lower() or "**parties**" in hits[0].snippet.lower()


def test_rarer_terms_rank_their_passage_first(index: SearchIndex) -> None:
    (top, *_) = index.search("Caterpillar stock")
    assert top.passage.document_id == "critique-trotskyist-orgs"
    assert top.passage.section_title == "Pham Binh on the ISO"


def test_excluded_captions_are_not_searchable(index: SearchIndex) -> None:
    assert index.search('"Hurricane Katrina"') == ()


def test_hits_name_document_section_and_paragraph(index: SearchIndex, seed_corpus: Corpus) -> None:
    (hit, *_) = index.search('"Campaign to End the Death Penalty"')
    document = seed_corpus.get(hit.passage.document_id)
    assert document.section_of(hit.passage.paragraph_index).title == hit.passage.section_title


def test_reader_comments_are_searchable(index: SearchIndex) -> None:
    hits = index.search("Ivy League")
    assert hits[0].passage.section_title == "Reader comments"


def test_query_of_only_unknown_words_finds_nothing(index: SearchIndex) -> None:
    assert index.search("zzyzx qwertyuiop") == ()
    assert index.search("   ") == ()


def test_snippet_escapes_markdown_of_the_text() -> None:
    document = document_from_text("T", "A", "Use *stars* and snake_case words here.", "txt")
    (hit,) = SearchIndex([document]).search("stars")
    assert "\\***stars**\\*" in hit.snippet
    assert "snake\\_case" in hit.snippet


def test_results_are_limited_and_ordered_by_score(index: SearchIndex) -> None:
    hits = index.search("ISO leadership", limit=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("parties", "party"), ("organizing", "organiz"), ("organize", "organiz"), ("running", "run")],
)
def test_light_stemmer(word: str, expected: str) -> None:
    assert stem(word) == expected
