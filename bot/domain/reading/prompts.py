"""Discussion prompts for a session, and the rules for prompts members suggest.

Order of preference (at most MAX_PROMPTS):
1. curated prompts from the catalog for the portion's sections, in section order;
2. if fewer than MIN_PROMPTS are curated, prompts built from the excerpt itself:
   - the key sentence: the sentence with the highest mean TF-IDF salience against the corpus
     (8 to 45 words, so it can be quoted whole);
   - a contested term: the short phrase the text most often puts in quotation marks (scare
     quotes), else its most salient term used at least twice;
   - a link to the previous session: a salient term both portions share, else the previous
     portion's closing sentence.
Every generated prompt quotes the text it is about, so none is generic. Ties go to the earliest
position in the text, so the result is deterministic. A portion too small to hold a quotable
sentence may get fewer than MIN_PROMPTS.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from bot.domain.corpus.model import Document
from bot.domain.corpus.text import STOPWORDS, TermStats, content_terms, split_sentences, terms
from bot.domain.reading.portions import Portion

MIN_PROMPTS = 2
MAX_PROMPTS = 4
KEY_SENTENCE_WORDS = (8, 45)
QUOTED_TERM_MAX_WORDS = 4
CLOSING_QUOTE_WORDS = 25
_SCARE_QUOTE = re.compile(r"[“\"]([^“”\"\n]{2,60}?)[”\"]")


class PromptSource(Enum):
    CURATED = "curated"
    KEY_SENTENCE = "key_sentence"
    CONTESTED_TERM = "contested_term"
    PREVIOUS_LINK = "previous_link"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class DiscussionPrompt:
    text: str
    source: PromptSource


def corpus_stats(documents: Iterable[Document]) -> TermStats:
    """Term statistics over every reading paragraph: the baseline for salience."""
    return TermStats.from_texts(p.text for document in documents for p in document.paragraphs)


def session_prompts(
    portion: Portion,
    document: Document,
    stats: TermStats,
    previous: Portion | None = None,
) -> tuple[DiscussionPrompt, ...]:
    curated = _curated(portion, document)
    if len(curated) >= MIN_PROMPTS:
        return curated[:MAX_PROMPTS]
    generated = [
        prompt
        for prompt in (
            key_sentence_prompt(portion, stats),
            contested_term_prompt(portion, stats),
            previous_link_prompt(portion, previous, stats) if previous is not None else None,
        )
        if prompt is not None
    ]
    return (curated + tuple(generated))[:MAX_PROMPTS]


def _curated(portion: Portion, document: Document) -> tuple[DiscussionPrompt, ...]:
    """Curated prompts of the sections that end in this portion: a section read over two
    sessions is discussed once, when it is finished."""
    last = portion.last_paragraph
    ending = [
        section.title
        for section in document.sections
        if section.paragraphs and portion.first_paragraph <= section.paragraphs[-1].index <= last
    ]
    return tuple(
        DiscussionPrompt(prompt.text, PromptSource.CURATED)
        for title in ending
        for prompt in document.prompts_for(title)
    )


def key_sentence(text: str, stats: TermStats) -> str | None:
    """The quotable sentence whose terms weigh most in this text (TF-IDF against the corpus),
    normalised by the square root of its length; sentences with unbalanced quotes come last."""
    low, high = KEY_SENTENCE_WORDS
    salience = stats.salience(text)
    best: tuple[bool, float, str] | None = None
    for sentence in split_sentences(text):
        if not low <= len(sentence.split()) <= high:
            continue
        sentence_terms = content_terms(sentence)
        if not sentence_terms:
            continue
        balanced = sentence.count("“") == sentence.count("”") and sentence.count('"') % 2 == 0
        weight = sum(salience[t] for t in sentence_terms) / math.sqrt(len(terms(sentence)))
        candidate = (balanced, weight, sentence)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


def key_sentence_prompt(portion: Portion, stats: TermStats) -> DiscussionPrompt | None:
    sentence = key_sentence(portion.text, stats)
    if sentence is None:
        return None
    quoted = sentence.strip('“”"') if sentence.startswith(("“", '"')) else sentence
    return DiscussionPrompt(
        f"“{quoted}” What is this sentence claiming, what evidence does the text give for it, "
        "and where would you push back?",
        PromptSource.KEY_SENTENCE,
    )


def contested_term(portion: Portion, stats: TermStats) -> tuple[str, bool] | None:
    """(term, True) for the most repeated scare-quoted phrase, else (term, False) for the most
    salient term used at least twice."""
    quoted = [
        match.strip(" ,.;:")
        for match in _SCARE_QUOTE.findall(portion.text)
        if len(match.split()) <= QUOTED_TERM_MAX_WORDS and content_terms(match)
    ]
    if quoted:
        counts = Counter(q.lower() for q in quoted)
        first_seen = {q.lower(): i for i, q in reversed(list(enumerate(quoted)))}

        def rank(q: str) -> tuple[int, float, int]:
            weight = sum(stats.idf(t) for t in content_terms(q))
            return counts[q], weight, -first_seen[q]

        best = max(counts, key=rank)
        return quoted[first_seen[best]], True
    surface: dict[str, Counter[str]] = {}
    for word in portion.text.split():
        cleaned = word.strip(".,;:!?()[]“”\"'‘’–—")
        stemmed = terms(cleaned)
        if len(stemmed) == 1 and stemmed[0] not in STOPWORDS and len(stemmed[0]) > 3:
            surface.setdefault(stemmed[0], Counter())[cleaned.lower()] += 1
    salience = stats.salience(portion.text)
    repeated = [t for t, forms in surface.items() if sum(forms.values()) >= 2 and t in salience]
    if not repeated:
        return None
    best_term = max(repeated, key=lambda t: salience[t])
    return surface[best_term].most_common(1)[0][0], False


def contested_term_prompt(portion: Portion, stats: TermStats) -> DiscussionPrompt | None:
    found = contested_term(portion, stats)
    if found is None:
        return None
    term, scare_quoted = found
    if scare_quoted:
        text = (
            f"The text puts “{term}” in quotation marks. What does the author mean by it, and "
            "would the people the author criticises define it the same way?"
        )
    else:
        count = sum(1 for t in content_terms(portion.text) if t == terms(term)[0])
        text = (
            f"“{term}” comes up {count} times in this reading. What does the author take it to "
            "mean, and is that meaning argued for or assumed?"
        )
    return DiscussionPrompt(text, PromptSource.CONTESTED_TERM)


def previous_link_prompt(
    portion: Portion, previous: Portion, stats: TermStats
) -> DiscussionPrompt | None:
    here = Counter(content_terms(portion.text))
    before = Counter(content_terms(previous.text))
    # Shared terms (5+ letters) both portions use at least twice, the most distinctive first.
    shared = sorted(
        (t for t in set(here) & set(before) if min(here[t], before[t]) >= 2 and len(t) >= 5),
        key=lambda t: (-stats.idf(t) * min(here[t], before[t]), t),
    )
    new_text = portion.document_id != previous.document_id
    if shared:
        term = _surface_form(portion.text, shared[0])
        opening = "This reading starts a new text, but" if new_text else "Last session's reading"
        verb = "the last one also dealt with" if new_text else "also dealt with"
        return DiscussionPrompt(
            f"{opening} {verb} “{term}”. What does this reading add to or change in what we "
            "read then?",
            PromptSource.PREVIOUS_LINK,
        )
    sentences = split_sentences(previous.text)
    if not sentences:
        return None
    words = sentences[-1].split()
    closing = " ".join(words[:CLOSING_QUOTE_WORDS]).strip('“”"').rstrip(" .")
    if len(words) > CLOSING_QUOTE_WORDS:
        closing += " …"
    return DiscussionPrompt(
        f"Last session ended on “{closing}”. How does this reading pick up from there, or "
        "break with it?",
        PromptSource.PREVIOUS_LINK,
    )


def _surface_form(text: str, term: str) -> str:
    forms: Counter[str] = Counter()
    for word in text.split():
        cleaned = word.strip(".,;:!?()[]“”\"'‘’–—")
        if terms(cleaned) == [term]:
            forms[cleaned.lower()] += 1
    return forms.most_common(1)[0][0] if forms else term
