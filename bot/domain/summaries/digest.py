"""The plain-text digest: the best key points that fit a word budget, in thread order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.summaries.text import truncate_words, word_count

if TYPE_CHECKING:
    from bot.domain.summaries.model import KeyPoint, ThreadSummary

MIN_TRUNCATED_WORDS = 6  # a cut sentence shorter than this is noise, not information
POINT_WORDS = 30  # longest single point; longer sentences are cut so more voices fit


def render_plain_text(summary: ThreadSummary, max_words: int) -> str:
    """Never more than `max_words` words (split on whitespace); empty when nothing fits."""
    if max_words <= 0:
        return ""
    chosen = select_within_budget(summary.key_points, max_words)
    text = " ".join(text for _, text in sorted(chosen, key=lambda pair: pair[0]))
    return truncate_words(text, max_words)


def select_within_budget(points: tuple[KeyPoint, ...], max_words: int) -> list[tuple[int, str]]:
    """Best points first while they fit; the first one that does not fit is cut to the rest."""
    chosen: list[tuple[int, str]] = []
    used = 0
    for point in points:
        rendered = _cut(point.render(), POINT_WORDS)
        words = word_count(rendered)
        if used + words <= max_words:
            chosen.append((point.position, rendered))
            used += words
            continue
        room = max_words - used
        if room >= MIN_TRUNCATED_WORDS:
            chosen.append((point.position, truncate_words(rendered, room)))
        break
    return chosen


def _cut(text: str, max_words: int) -> str:
    words = text.split()
    if len(words) <= max_words:
        return text
    return " ".join(words[:max_words]) + "…"
