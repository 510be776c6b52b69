"""Turn thread messages into cleaned sentences with their content terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.summaries.model import Quote, ThreadMessage
from bot.domain.summaries.text import (
    collapse_spaces,
    content_terms,
    drop_fillers,
    neutralise,
    split_sentences,
    strip_noise,
    strip_sign_off,
    strip_vocative,
    word_count,
)

MAX_SENTENCE_WORDS = 60  # longer runs (unpunctuated chat, pasted text) are cut into pieces
MIN_QUOTED_TERMS = 3  # shorter repeats ("Thanks.") are not treated as quoting
_TAGGED_QUOTE = re.compile(r"<([a-z][a-z0-9_-]{0,19})>(.*?)</\1>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Sentence:
    position: int  # order in the whole thread
    message_index: int
    index_in_message: int
    text: str
    terms: tuple[str, ...]

    @property
    def is_question(self) -> bool:
        return self.text.rstrip("\"')]").endswith("?")


@dataclass(frozen=True, slots=True)
class PreparedMessage:
    index: int
    message: ThreadMessage
    text: str  # neutralised, with quoted text and sign-off removed
    words: int  # words the member wrote (for participation)
    sentences: tuple[Sentence, ...]
    terms: frozenset[str]
    echoes: int | None = None  # earlier message this one only repeats, word for word

    def quote(self, text: str | None = None) -> Quote:
        message = self.message
        return Quote(
            message_id=message.id,
            author_id=message.author_id,
            author_name=display_name(message),
            text=text if text is not None else self.text,
            jump_url=message.jump_url,
        )


def display_name(message: ThreadMessage) -> str:
    return _neutral_name(message.author_name)


@lru_cache(maxsize=4096)
def _neutral_name(name: str) -> str:
    return collapse_spaces(neutralise(name)) or "someone"


def prepare_messages(
    messages: Sequence[ThreadMessage], opted_out: Iterable[str] = ()
) -> list[PreparedMessage]:
    """Clean every message of a consenting member; opted-out members' messages are dropped."""
    excluded = frozenset(opted_out)
    kept = [message for message in messages if message.author_id not in excluded]
    names = _first_names(kept)
    first_said_in: dict[tuple[str, ...], int] = {}
    prepared: list[PreparedMessage] = []
    position = 0
    for message in kept:
        raw = neutralise(message.text)
        words = word_count(raw)
        own = _drop_tagged_quotes(raw, message.author_name)
        own = strip_sign_off(strip_vocative(collapse_spaces(strip_noise(own)), names))
        sentences: list[Sentence] = []
        echoed: int | None = None
        for piece in _pieces(own):
            terms = tuple(content_terms(piece))
            if len(terms) >= MIN_QUOTED_TERMS and terms in first_said_in:
                # Quoted or repeated from an earlier message: not this member's own words.
                echoed = first_said_in[terms]
                continue
            sentences.append(
                Sentence(position, len(prepared), len(sentences), piece, terms),
            )
            position += 1
        for sentence in sentences:
            if len(sentence.terms) >= MIN_QUOTED_TERMS:
                first_said_in.setdefault(sentence.terms, len(prepared))
        all_terms = frozenset(term for sentence in sentences for term in sentence.terms)
        text = " ".join(sentence.text for sentence in sentences)
        prepared.append(
            PreparedMessage(
                len(prepared),
                message,
                text,
                words,
                tuple(sentences),
                all_terms,
                echoes=None if sentences else echoed,
            )
        )
    return prepared


def _first_names(messages: Sequence[ThreadMessage]) -> frozenset[str]:
    names: set[str] = {"all", "everyone", "folks", "team", "guys"}
    for message in messages:
        parts = message.author_name.split()
        if parts:
            names.add(parts[0].lower())
    return frozenset(names)


def _drop_tagged_quotes(text: str, author_name: str) -> str:
    """Mail quoting of the form "<ana> quoted </ana> <ben> reply </ben>": keep the author's part."""
    own_tag = author_name.split(maxsplit=1)[0].lower() if author_name.split() else ""

    def replace(match: re.Match[str]) -> str:
        return f" {match.group(2)} " if match.group(1) == own_tag else " "

    return _TAGGED_QUOTE.sub(replace, text)


def _pieces(text: str) -> list[str]:
    pieces: list[str] = []
    for sentence in split_sentences(text):
        cleaned = drop_fillers(sentence)
        if not cleaned:
            continue
        words = cleaned.split()
        for start in range(0, len(words), MAX_SENTENCE_WORDS):
            pieces.append(" ".join(words[start : start + MAX_SENTENCE_WORDS]))
    return pieces


GIST_WORDS = 30


def gist(message: PreparedMessage, max_words: int = GIST_WORDS) -> Quote:
    """A short quote for a message: its own words, cut after `max_words` with an ellipsis."""
    words = message.text.split()
    if not words:
        return message.quote(collapse_spaces(neutralise(message.message.text))[:200])
    if len(words) <= max_words:
        return message.quote(" ".join(words))
    return message.quote(" ".join(words[:max_words]) + " …")
