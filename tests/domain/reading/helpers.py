"""Small builders for documents of known paragraph lengths."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.corpus import Document, Paragraph, Section
from bot.domain.reading import Portion


def make_document(doc_id: str, *sections: list[int]) -> Document:
    """A document whose section i has paragraphs of the given word counts."""
    built = []
    index = 0
    for number, counts in enumerate(sections, start=1):
        paragraphs = []
        for count in counts:
            paragraphs.append(Paragraph(index, " ".join(f"w{index}x{k}" for k in range(count))))
            index += 1
        built.append(Section(f"Section {number}", tuple(paragraphs), heading=f"Section {number}"))
    return Document(doc_id, doc_id.title(), "Author", "2020", "test", tuple(built))


def portion_sizes(portions: Iterable[Portion]) -> list[int]:
    return [portion.words for portion in portions]
