"""Full-text search over the corpus: an inverted index of paragraphs ranked by BM25.

Queries: words are normalised and lightly stemmed ("parties" finds "party"); stopwords are
ignored unless the query has nothing else; "double-quoted phrases" (straight or curly quotes)
must appear word for word, in order. Reader comments are searchable as the section
"Reader comments". Snippets wrap matched words in ** (Discord bold), other markdown escaped.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.corpus.model import Document, Section
from bot.domain.corpus.text import STOPWORDS, Token, terms, tokens

K1 = 1.2
B = 0.75
SNIPPET_WORDS = 30
SNIPPET_LEAD = 8
DEFAULT_LIMIT = 10
MAX_QUERY_CHARS = 300
_PHRASE = re.compile(r"[\"“”](.+?)[\"“”]")
_MARKDOWN_SPECIAL = re.compile(r"([\\*_~`|>])")


@dataclass(frozen=True, slots=True)
class Passage:
    document_id: str
    document_title: str
    section_title: str
    paragraph_index: int
    text: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    passage: Passage
    score: float
    snippet: str


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[str, ...]  # every term that counts for ranking
    phrases: tuple[tuple[str, ...], ...]


def parse_query(text: str) -> Query:
    text = text[:MAX_QUERY_CHARS]
    phrases = tuple(tuple(terms(found)) for found in _PHRASE.findall(text) if terms(found))
    loose = terms(_PHRASE.sub(" ", text))
    content = [t for t in loose if t not in STOPWORDS]
    ranked = [t for phrase in phrases for t in phrase if t not in STOPWORDS] + (content or loose)
    if not ranked and phrases:
        ranked = [t for phrase in phrases for t in phrase]
    return Query(tuple(dict.fromkeys(ranked)), phrases)


class SearchIndex:
    def __init__(self, documents: Iterable[Document], *, include_comments: bool = True) -> None:
        self._passages: list[Passage] = []
        self._tokens: list[list[Token]] = []
        self._postings: dict[str, dict[int, list[int]]] = defaultdict(dict)
        for document in documents:
            sections: list[Section] = list(document.sections)
            if include_comments and document.comments is not None:
                sections.append(document.comments)
            for section in sections:
                for paragraph in section.paragraphs:
                    self._add(
                        Passage(
                            document.id,
                            document.title,
                            section.title,
                            paragraph.index,
                            paragraph.text,
                        )
                    )
        total = sum(len(t) for t in self._tokens)
        self._average_length = total / len(self._tokens) if self._tokens else 0.0

    def __len__(self) -> int:
        return len(self._passages)

    def _add(self, passage: Passage) -> None:
        number = len(self._passages)
        passage_tokens = list(tokens(passage.text))
        self._passages.append(passage)
        self._tokens.append(passage_tokens)
        for position, token in enumerate(passage_tokens):
            self._postings[token.term].setdefault(number, []).append(position)

    def search(self, query_text: str, limit: int = DEFAULT_LIMIT) -> tuple[SearchHit, ...]:
        query = parse_query(query_text)
        if not query.terms:
            return ()
        candidates: set[int] = set()
        for term in query.terms:
            candidates.update(self._postings.get(term, {}))
        for phrase in query.phrases:
            candidates = {n for n in candidates if self._phrase_starts(n, phrase)}
        scored = sorted(
            ((self._bm25(n, query.terms), n) for n in candidates),
            key=lambda item: (-item[0], item[1]),
        )
        return tuple(
            SearchHit(self._passages[n], round(score, 6), self._snippet(n, query))
            for score, n in scored[:limit]
        )

    def _bm25(self, number: int, query_terms: tuple[str, ...]) -> float:
        length = len(self._tokens[number])
        score = 0.0
        for term in query_terms:
            postings = self._postings.get(term, {})
            frequency = len(postings.get(number, ()))
            if not frequency:
                continue
            idf = math.log(1 + (len(self._passages) - len(postings) + 0.5) / (len(postings) + 0.5))
            norm = K1 * (1 - B + B * length / (self._average_length or 1))
            score += idf * frequency * (K1 + 1) / (frequency + norm)
        return score

    def _phrase_starts(self, number: int, phrase: tuple[str, ...]) -> list[int]:
        first = self._postings.get(phrase[0], {}).get(number, [])
        passage_terms = self._tokens[number]
        return [
            start
            for start in first
            if tuple(t.term for t in passage_terms[start : start + len(phrase)]) == phrase
        ]

    def _snippet(self, number: int, query: Query) -> str:
        passage_tokens = self._tokens[number]
        wanted = set(query.terms)
        marked = {i for i, token in enumerate(passage_tokens) if token.term in wanted}
        for phrase in query.phrases:
            for start in self._phrase_starts(number, phrase):
                marked.update(range(start, start + len(phrase)))
        if not passage_tokens:
            return ""
        first = min(marked) if marked else 0
        begin = max(0, first - SNIPPET_LEAD)
        end = min(len(passage_tokens), begin + SNIPPET_WORDS)
        text = self._passages[number].text
        pieces: list[str] = ["…" if begin > 0 else ""]
        cursor = passage_tokens[begin].start if begin > 0 else 0
        for index in range(begin, end):
            token = passage_tokens[index]
            pieces.append(_escape(text[cursor : token.start]))
            word = _escape(text[token.start : token.end])
            pieces.append(f"**{word}**" if index in marked else word)
            cursor = token.end
        if end < len(passage_tokens):
            pieces.append("…")
        else:
            pieces.append(_escape(text[cursor:]))
        return " ".join("".join(pieces).split())


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
