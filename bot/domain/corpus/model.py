"""Typed documents: a document is sections of numbered paragraphs, with reader comments apart."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

from bot.domain.corpus.errors import CorpusError

DEFAULT_WORDS_PER_MINUTE = 230
COMMENTS_SECTION_TITLE = "Reader comments"


class DocumentKind(Enum):
    TXT = "txt"
    MD = "md"

    @classmethod
    def parse(cls, value: DocumentKind | str) -> DocumentKind:
        if isinstance(value, DocumentKind):
            return value
        cleaned = value.strip().lower().lstrip(".")
        aliases = {"text": "txt", "markdown": "md"}
        try:
            return cls(aliases.get(cleaned, cleaned))
        except ValueError:
            allowed = ", ".join(kind.value for kind in cls)
            raise CorpusError(
                f"unsupported document kind {value!r} (use one of: {allowed})"
            ) from None


def count_words(text: str) -> int:
    """Words are whitespace-separated tokens: the same rule everywhere, so counts add up."""
    return len(text.split())


def reading_minutes(words: int, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    """Whole minutes, rounded up, so a short text never reads as zero minutes."""
    if words_per_minute <= 0:
        raise ValueError("words_per_minute must be positive")
    return math.ceil(words / words_per_minute) if words else 0


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph; `index` counts paragraphs across the whole document from 0."""

    index: int
    text: str
    word_count: int = field(default=-1)

    def __post_init__(self) -> None:
        if self.word_count < 0:
            object.__setattr__(self, "word_count", count_words(self.text))


@dataclass(frozen=True, slots=True)
class Section:
    """A titled run of paragraphs. `heading` is the heading line as the text has it (None when the
    title was given by the catalog rather than read from the text)."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    heading: str | None = None

    @property
    def word_count(self) -> int:
        return sum(paragraph.word_count for paragraph in self.paragraphs)


@dataclass(frozen=True, slots=True)
class CuratedPrompt:
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    author: str
    date: str
    source: str
    sections: tuple[Section, ...]
    comments: Section | None = None
    language: str = "en"
    prompts: tuple[CuratedPrompt, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Reading paragraphs in order (comments excluded)."""
        return tuple(p for section in self.sections for p in section.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(section.word_count for section in self.sections)

    def reading_minutes(self, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
        return reading_minutes(self.word_count, words_per_minute)

    def section_of(self, paragraph_index: int) -> Section:
        for section in self.sections:
            if section.paragraphs and (
                section.paragraphs[0].index <= paragraph_index <= section.paragraphs[-1].index
            ):
                return section
        raise KeyError(f"document {self.id!r} has no reading paragraph {paragraph_index}")

    def prompts_for(self, section_title: str) -> tuple[CuratedPrompt, ...]:
        return tuple(prompt for prompt in self.prompts if prompt.section == section_title)
