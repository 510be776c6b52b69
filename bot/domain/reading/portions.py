"""Cut a document into session-sized portions: runs of whole paragraphs.

The rule, for a target of T words (lower bound 0.75 T, upper bound 1.25 T):
1. A portion is a run of whole paragraphs of one document; portions never span documents.
2. A portion of several paragraphs never exceeds the upper bound. A paragraph longer than the
   upper bound is a portion of its own (the only way to exceed the bound).
3. Among the cuttings that obey 1 and 2, choose the one with the fewest portions below the lower
   bound ("short" portions), counting a short portion in the middle of a document as worse than
   one at its end: a short tail is merged into the previous portion whenever the merged portion
   stays within the upper bound, and otherwise stays a short final session (a natural wrap-up).
4. Then minimise the sum over portions of ((words - T) / T)^2, plus SECTION_CUT_PENALTY for
   every portion that ends inside a section (so cuts fall on section boundaries when the bounds
   allow it).
The optimum is found by dynamic programming; ties keep the earliest-found cutting, so the result
is deterministic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bot.domain.corpus.model import Document, Paragraph

LOWER_BOUND = 0.75
UPPER_BOUND = 1.25
SECTION_CUT_PENALTY = 0.25


@dataclass(frozen=True, slots=True)
class Portion:
    """What one session reads. Paragraph numbers are the document's paragraph indexes."""

    document_id: str
    section_titles: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]

    @property
    def first_paragraph(self) -> int:
        return self.paragraphs[0].index

    @property
    def last_paragraph(self) -> int:
        return self.paragraphs[-1].index

    @property
    def words(self) -> int:
        return sum(paragraph.word_count for paragraph in self.paragraphs)

    @property
    def text(self) -> str:
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)


# (short portions inside the document, short portions at its end, deviation + penalties)
_Cost = tuple[int, int, float]


def split_document(document: Document, target_words: int) -> tuple[Portion, ...]:
    """Portions of `document` for sessions of about `target_words` words (see module rule)."""
    return split_paragraphs(document, document.paragraphs, target_words)


def split_paragraphs(
    document: Document, paragraphs: tuple[Paragraph, ...], target_words: int
) -> tuple[Portion, ...]:
    """Portions of a run of `document`'s paragraphs (the part not read yet), by the same rule."""
    if not paragraphs:
        return ()
    section_title = [document.section_of(p.index).title for p in paragraphs]
    section_start = [
        i == 0 or section_title[i] != section_title[i - 1] for i in range(len(paragraphs))
    ]
    cuts = _best_cuts([p.word_count for p in paragraphs], section_start, target_words)
    portions = []
    for start, end in itertools.pairwise(cuts):
        titles = tuple(dict.fromkeys(section_title[start:end]))
        portions.append(Portion(document.id, titles, paragraphs[start:end]))
    return tuple(portions)


def _best_cuts(words: list[int], section_start: list[bool], target: int) -> list[int]:
    """Indexes where portions start, plus len(words) at the end."""
    count = len(words)
    lower, upper = LOWER_BOUND * target, UPPER_BOUND * target
    best: list[_Cost | None] = [None] * (count + 1)
    previous = [0] * (count + 1)
    best[0] = (0, 0, 0.0)
    for end in range(1, count + 1):
        total = 0
        for start in range(end - 1, -1, -1):
            total += words[start]
            if end - start > 1 and total > upper:
                break
            before = best[start]
            if before is None:
                continue
            at_end = end == count
            short = total < lower
            penalty = 0.0 if at_end or section_start[end] else SECTION_CUT_PENALTY
            cost: _Cost = (
                before[0] + (short and not at_end),
                before[1] + (short and at_end),
                before[2] + ((total - target) / target) ** 2 + penalty,
            )
            current = best[end]
            if current is None or cost < current:
                best[end] = cost
                previous[end] = start
    cuts = [count]
    while cuts[-1] > 0:
        cuts.append(previous[cuts[-1]])
    return cuts[::-1]
