"""Who wrote how much: each member's share of the words in the thread, in whole percents."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.summaries.model import ParticipationShare
from bot.domain.summaries.prepare import PreparedMessage


def participation_shares(messages: Sequence[PreparedMessage]) -> tuple[ParticipationShare, ...]:
    """Messages and words per member, most messages first; word percents add up to 100."""
    words: dict[str, int] = {}
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for message in messages:
        quote = message.quote("")
        words[quote.author_id] = words.get(quote.author_id, 0) + message.words
        counts[quote.author_id] = counts.get(quote.author_id, 0) + 1
        names.setdefault(quote.author_id, quote.author_name)
    total = sum(words.values())
    if total == 0:
        percents = dict.fromkeys(words, 0)
    else:
        percents = _largest_remainder(
            {author: 100 * count / total for author, count in words.items()}
        )
    order = sorted(
        words, key=lambda author: (-counts[author], -words[author], names[author], author)
    )
    return tuple(
        ParticipationShare(author, names[author], words[author], percents[author], counts[author])
        for author in order
    )


def _largest_remainder(exact: dict[str, float]) -> dict[str, int]:
    floors = {key: int(value) for key, value in exact.items()}
    missing = 100 - sum(floors.values())
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - floors[key]), key))
    for key in by_remainder[:missing]:
        floors[key] += 1
    return floors
