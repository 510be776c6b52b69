"""Across full plans of the seed documents, every paragraph is read exactly once, in order, and
every excerpt chunk carries it whole."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.corpus import Corpus
from bot.domain.reading import PlanSpec, Portion, build_plan, split_excerpt


@pytest.mark.parametrize("words", [150, 500, 1200, 5000])
def test_every_seed_paragraph_appears_once_in_order_across_sessions(
    seed_corpus: Corpus, words: int
) -> None:
    spec = PlanSpec(
        seed_corpus.ids, 2, time(19), "Europe/Berlin", date(2026, 1, 1), words_per_session=words
    )
    plan = build_plan(spec, seed_corpus.documents)
    read = [
        (s.portion.document_id, p.index, p.text)
        for s in plan.sessions
        for p in s.portion.paragraphs
    ]
    expected = [(d.id, p.index, p.text) for d in seed_corpus.documents for p in d.paragraphs]
    assert read == expected


@pytest.mark.parametrize("words", [150, 5000])
def test_excerpt_chunks_of_every_session_carry_each_paragraph_once(
    seed_corpus: Corpus, words: int
) -> None:
    spec = PlanSpec(
        seed_corpus.ids, 2, time(19), "Europe/Berlin", date(2026, 1, 1), words_per_session=words
    )
    plan = build_plan(spec, seed_corpus.documents)
    chunked = [
        word
        for s in plan.sessions
        for message in split_excerpt(s.portion.text, f"Session {s.number}")
        for embed in message.embeds
        for word in embed.description.split()
    ]
    expected = [w for d in seed_corpus.documents for p in d.paragraphs for w in p.text.split()]
    assert chunked == expected


def test_seed_portions_stay_within_bounds_except_final_or_single_paragraphs(
    seed_corpus: Corpus,
) -> None:
    spec = PlanSpec(seed_corpus.ids, 2, time(19), "UTC", date(2026, 1, 1), minutes_per_session=4)
    plan = build_plan(spec, seed_corpus.documents)
    target = spec.target_words
    portions = [s.portion for s in plan.sessions]
    for position, portion in enumerate(portions):
        is_last_of_document = (
            position + 1 == len(portions)
            or portions[position + 1].document_id != portion.document_id
        )
        if len(portion.paragraphs) > 1:
            assert portion.words <= 1.25 * target
        if not is_last_of_document and len(portion.paragraphs) > 1:
            assert portion.words >= 0.75 * target or _next_paragraph_too_big(
                portion, portions, position, target
            )


def _next_paragraph_too_big(
    portion: Portion, portions: list[Portion], position: int, target: int
) -> bool:
    following = portions[position + 1]
    return portion.words + following.paragraphs[0].word_count > 1.25 * target
