"""summarize_thread: the one entry point the rest of Caucus calls."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain.summaries.model import KeyPoint, ThreadMessage, ThreadSummary
from bot.domain.summaries.participation import participation_shares
from bot.domain.summaries.positions import find_positions
from bot.domain.summaries.prepare import prepare_messages
from bot.domain.summaries.questions import find_open_questions
from bot.domain.summaries.scoring import DEFAULT_WEIGHTS, RankingWeights, rank_sentences
from bot.domain.summaries.stance import find_agreements, find_disagreements

MAX_KEY_POINTS = 25  # enough to fill any digest a member would read in a minute


def summarize_thread(
    messages: Sequence[ThreadMessage],
    opted_out: Iterable[str] = (),
    *,
    weights: RankingWeights = DEFAULT_WEIGHTS,
) -> ThreadSummary:
    """Summarise a thread given in order. Opted-out authors are neither quoted nor counted."""
    prepared = prepare_messages(messages, opted_out)
    ranked = rank_sentences(prepared, MAX_KEY_POINTS, weights)
    key_points = tuple(
        KeyPoint(
            quote=prepared[item.sentence.message_index].quote(item.sentence.text),
            position=item.sentence.position,
            score=item.score,
        )
        for item in ranked
    )
    positions = find_positions(prepared)
    return ThreadSummary(
        key_points=key_points,
        positions=positions,
        agreements=find_agreements(prepared, positions),
        disagreements=find_disagreements(prepared),
        open_questions=find_open_questions(prepared),
        participation=participation_shares(prepared),
        message_count=len(prepared),
        people_count=len({message.message.author_id for message in prepared}),
    )
