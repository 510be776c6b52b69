"""Shared text rules: tokens with offsets, normalisation, a light English stemmer, sentences and
term statistics (for search ranking and for picking salient sentences)."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at . ! ? or … (maybe followed by a closing quote or bracket), then space, then
# something that can open a sentence: "the U.S. since the 1980s" stays one sentence.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+(?=[\"“‘'(\[]?[A-Z0-9])")

STOPWORDS = frozenset(
    {
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "even",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "one",
        "two",
        "may",
        "might",
        "must",
        "shall",
        "us",
        "s",
        "t",
        "don",
        "isn",
        "wasn",
    }
)


@dataclass(frozen=True, slots=True)
class Token:
    term: str  # normalised and stemmed
    start: int  # character offsets in the source text
    end: int


def normalize(word: str) -> str:
    """Case-folded, accents and apostrophes removed: 'Lukács’' -> 'lukacs'."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum() or c == "-").strip("-")


def stem(word: str) -> str:
    """A deliberately light stemmer (plurals, -ing, -ed, final -e), enough to match 'parties'
    with 'party' and 'organizing' with 'organize' without Porter's surprises."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # running -> run, stopped -> stop
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # organize, organized, organizing -> organiz
    return word


@functools.lru_cache(maxsize=65_536)
def term_of(word: str) -> str:
    """normalize + stem, memoised: a corpus repeats the same few thousand words endlessly."""
    normalised = normalize(word)
    return stem(normalised) if normalised else ""


def tokens(text: str) -> Iterator[Token]:
    for match in _TOKEN.finditer(text):
        term = term_of(match.group())
        if term:
            yield Token(term, match.start(), match.end())


def terms(text: str) -> list[str]:
    return [token.term for token in tokens(text)]


def content_terms(text: str) -> list[str]:
    """Terms without stopwords or numbers."""
    return [t for t in terms(text) if t not in STOPWORDS and not t.isdigit() and len(t) > 2]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.replace("\n", " ")) if s.strip()]


@dataclass(frozen=True, slots=True)
class TermStats:
    """Paragraph frequencies over a corpus: the 'rest of the corpus' for TF-IDF salience."""

    paragraph_count: int
    frequency: dict[str, int]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TermStats:
        frequency: Counter[str] = Counter()
        count = 0
        for text in texts:
            count += 1
            frequency.update(set(content_terms(text)))
        return cls(count, dict(frequency))

    def idf(self, term: str) -> float:
        return math.log((self.paragraph_count + 1) / (self.frequency.get(term, 0) + 1)) + 1.0

    def salience(self, text: str) -> dict[str, float]:
        """TF-IDF weight of each content term of `text`."""
        counts = Counter(content_terms(text))
        return {term: count * self.idf(term) for term, count in counts.items()}
