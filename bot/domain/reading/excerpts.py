"""Split a portion's text into Discord-sized embeds and messages.

Limits (Discord): an embed description holds at most 4096 characters, a title 256, and all the
embeds of one message together at most 6000 characters (titles included), 10 embeds at most.
Text is cut at paragraph boundaries where it can, else between sentences, else between words;
a single "word" longer than an embed is cut into pieces (the only case where a word is split).
Every word of the text appears exactly once, in order, across the chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

EMBED_DESCRIPTION_LIMIT = 4096
EMBED_TITLE_LIMIT = 256
MESSAGE_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
# Below this much room, open a new message rather than a tiny embed at the end of one.
MIN_USEFUL_EMBED = 400
CONTINUED_SUFFIX = " (continued)"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Whitespace after sentence-final punctuation, optionally followed by one closing quote/bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)\]])\s+")


@dataclass(frozen=True, slots=True)
class EmbedChunk:
    title: str
    description: str

    @property
    def size(self) -> int:
        return len(self.title) + len(self.description)


@dataclass(frozen=True, slots=True)
class ExcerptMessage:
    embeds: tuple[EmbedChunk, ...]

    @property
    def size(self) -> int:
        return sum(embed.size for embed in self.embeds)


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    separator: str  # what joins it to the previous unit in the same embed


def split_excerpt(
    text: str,
    title: str,
    *,
    description_limit: int = EMBED_DESCRIPTION_LIMIT,
    message_limit: int = MESSAGE_TOTAL_LIMIT,
) -> tuple[ExcerptMessage, ...]:
    """Messages of embeds carrying `text`; the first embed has `title`, later ones
    `title + " (continued)"` (titles are cut to Discord's 256 characters)."""
    first_title = _clip_title(title)
    next_title = _clip_title(title, CONTINUED_SUFFIX)
    if description_limit < 1 or message_limit < len(next_title) + 1:
        raise ValueError("limits too small for the title")
    messages: list[ExcerptMessage] = []
    embeds: list[EmbedChunk] = []
    parts: list[str] = []
    budget = 0
    current_title = first_title

    def close_embed() -> None:
        nonlocal parts
        if parts:
            embeds.append(EmbedChunk(current_title, "".join(parts)))
            parts = []

    def close_message() -> None:
        nonlocal embeds
        close_embed()
        if embeds:
            messages.append(ExcerptMessage(tuple(embeds)))
            embeds = []

    def open_embed() -> None:
        nonlocal budget, current_title
        used = sum(embed.size for embed in embeds)
        current_title = first_title if not messages and not embeds else next_title
        room = message_limit - used - len(current_title)
        if len(embeds) >= EMBEDS_PER_MESSAGE or room < min(MIN_USEFUL_EMBED, description_limit):
            close_message()
            current_title = next_title if messages else first_title
            room = message_limit - len(current_title)
        budget = min(description_limit, room)

    open_embed()
    for unit in _units(text, description_limit, message_limit - len(next_title)):
        needed = len(unit.text) + (len(unit.separator) if parts else 0)
        if parts and needed > budget:
            close_embed()
            open_embed()
            needed = len(unit.text)
        if needed > budget:  # a unit larger than what is left: it gets a fresh message
            close_message()
            open_embed()
        parts.append((unit.separator if parts else "") + unit.text)
        budget -= needed
    close_message()
    return tuple(messages)


def _clip_title(title: str, suffix: str = "") -> str:
    clean = " ".join(title.split())
    room = EMBED_TITLE_LIMIT - len(suffix)
    if len(clean) > room:
        clean = clean[: room - 1].rstrip() + "…"
    return clean + suffix


def _units(text: str, description_limit: int, message_room: int) -> Iterator[_Unit]:
    """Paragraphs, or sentences and words of paragraphs too long for one embed."""
    limit = min(description_limit, message_room)
    for p_number, paragraph in enumerate(p.strip() for p in _PARAGRAPH_BREAK.split(text)):
        if not paragraph:
            continue
        separator = "\n\n"
        if len(paragraph) <= limit:
            yield _Unit(paragraph, separator if p_number else "")
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            for piece in _fit(sentence, limit):
                yield _Unit(piece, separator)
                separator = " "


def _fit(sentence: str, limit: int) -> Iterator[str]:
    """The sentence whole if it fits, else runs of its words, else pieces of a giant word."""
    if len(sentence) <= limit:
        yield sentence
        return
    run: list[str] = []
    size = 0
    for word in sentence.split():
        if len(word) > limit:
            if run:
                yield " ".join(run)
                run, size = [], 0
            yield from (word[i : i + limit] for i in range(0, len(word), limit))
            continue
        if run and size + 1 + len(word) > limit:
            yield " ".join(run)
            run, size = [], 0
        size += len(word) + (1 if run else 0)
        run.append(word)
    if run:
        yield " ".join(run)
