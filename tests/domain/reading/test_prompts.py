from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.corpus import Corpus, CuratedPrompt, Document, Paragraph, Section
from bot.domain.corpus.text import TermStats
from bot.domain.reading import PlanSpec, PromptSource, build_plan, corpus_stats, session_prompts
from bot.domain.reading.portions import Portion
from bot.domain.reading.prompts import (
    MAX_PROMPTS,
    MIN_PROMPTS,
    contested_term,
    key_sentence,
    previous_link_prompt,
)

TEXT_ONE = (
    "The organization treated the “closed slate” as a tradition beyond question. "
    "Members who asked about the “closed slate” were told to wait for the convention. "
    "Nobody could explain why a single bloc vote was more democratic than a secret ballot for "
    "each seat on the committee."
)
TEXT_TWO = (
    "The committee answered every question about the convention with a longer agenda. "
    "Elections to the committee followed the convention calendar, and the convention "
    "itself was planned by the committee."
)


def _document(prompts: tuple[CuratedPrompt, ...] = ()) -> Document:
    sections = (
        Section("One", (Paragraph(0, TEXT_ONE),), heading="One"),
        Section("Two", (Paragraph(1, TEXT_TWO),), heading="Two"),
    )
    return Document("d", "D", "A", "2020", "s", sections, prompts=prompts)


STATS = TermStats.from_texts(
    [TEXT_ONE, TEXT_TWO, "Unrelated text about gardens and weather and the city."]
)


def _portion(document: Document, index: int) -> Portion:
    section = document.sections[index]
    return Portion(document.id, (section.title,), section.paragraphs)


def test_curated_prompts_come_first_and_alone_when_there_are_enough() -> None:
    curated = (CuratedPrompt("One", "First curated?"), CuratedPrompt("One", "Second curated?"))
    document = _document(curated)
    prompts = session_prompts(_portion(document, 0), document, STATS)
    assert [p.text for p in prompts] == ["First curated?", "Second curated?"]
    assert {p.source for p in prompts} == {PromptSource.CURATED}


def test_one_curated_prompt_is_completed_from_the_excerpt() -> None:
    document = _document((CuratedPrompt("One", "Only curated?"),))
    prompts = session_prompts(_portion(document, 0), document, STATS)
    assert prompts[0].source is PromptSource.CURATED
    assert MIN_PROMPTS <= len(prompts) <= MAX_PROMPTS


def test_generated_prompts_quote_a_key_sentence_a_term_and_link_back() -> None:
    document = _document()
    previous = _portion(document, 0)
    prompts = session_prompts(_portion(document, 1), document, STATS, previous)
    assert [p.source for p in prompts] == [
        PromptSource.KEY_SENTENCE,
        PromptSource.CONTESTED_TERM,
        PromptSource.PREVIOUS_LINK,
    ]
    assert "“Elections to the committee followed" in prompts[0].text
    assert "“committee”" in prompts[1].text
    assert prompts[2].text.startswith(
        "Last session ended on “Nobody could explain why a single bloc vote was more democratic "
        "than a secret ballot for each seat on the committee”."
    )


def test_link_prompt_names_a_distinctive_term_both_portions_repeat() -> None:
    previous = Portion("d", ("One",), (Paragraph(0, TEXT_TWO),))
    current = Portion("d", ("Two",), (Paragraph(1, "The convention and the convention again."),))
    prompt = previous_link_prompt(current, previous, STATS)
    assert prompt is not None
    assert prompt.text.startswith("Last session's reading also dealt with “convention”.")


def test_link_prompt_says_when_a_new_text_begins() -> None:
    previous = Portion("d", ("One",), (Paragraph(0, TEXT_TWO),))
    current = Portion("e", ("Two",), (Paragraph(0, "The convention and the convention again."),))
    prompt = previous_link_prompt(current, previous, STATS)
    assert prompt is not None
    assert prompt.text.startswith("This reading starts a new text, but the last one also")


def test_scare_quoted_phrase_is_the_contested_term() -> None:
    document = _document()
    assert contested_term(_portion(document, 0), STATS) == ("closed slate", True)


def test_key_sentence_has_quotable_length() -> None:
    sentence = key_sentence(TEXT_ONE, STATS)
    assert sentence is not None
    assert 8 <= len(sentence.split()) <= 45


def test_prompts_are_deterministic() -> None:
    document = _document()
    first = session_prompts(_portion(document, 1), document, STATS, _portion(document, 0))
    second = session_prompts(_portion(document, 1), document, STATS, _portion(document, 0))
    assert first == second


def test_section_read_over_two_sessions_gets_its_curated_prompts_once(
    seed_corpus: Corpus,
) -> None:
    spec = PlanSpec(
        ("socialism-in-one-org",), 3, time(19), "UTC", date(2026, 1, 1), words_per_session=700
    )
    plan = build_plan(spec, seed_corpus.documents)
    document = seed_corpus.get("socialism-in-one-org")
    stats = corpus_stats(seed_corpus.documents)
    curated_sessions = [
        s.number
        for s in plan.sessions
        if any(
            p.source is PromptSource.CURATED and "German revolution" in p.text
            for p in session_prompts(s.portion, document, stats, plan.previous_portion(s.number))
        )
    ]
    assert len(curated_sessions) == 1


@pytest.mark.parametrize("words", [400, 900])
def test_every_seed_session_gets_two_to_four_prompts(seed_corpus: Corpus, words: int) -> None:
    spec = PlanSpec(seed_corpus.ids, 0, time(18), "UTC", date(2026, 1, 1), words_per_session=words)
    plan = build_plan(spec, seed_corpus.documents)
    stats = corpus_stats(seed_corpus.documents)
    for session in plan.sessions:
        document = seed_corpus.get(session.portion.document_id)
        previous = plan.previous_portion(session.number)
        prompts = session_prompts(session.portion, document, stats, previous)
        assert MIN_PROMPTS <= len(prompts) <= MAX_PROMPTS
        assert len({p.text for p in prompts}) == len(prompts)
