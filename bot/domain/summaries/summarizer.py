"""summarize_thread: the one entry point the rest of Caucus calls."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain.summaries.attribution import attribute
from bot.domain.summaries.model import KeyPoint, ThreadMessage, ThreadSummary
from bot.domain.summaries.participation import participation_shares
from bot.domain.summaries.prepare import PreparedMessage, prepare_messages
from bot.domain.summaries.questions import find_open_questions
from bot.domain.summaries.scoring import DEFAULT_WEIGHTS, RankingWeights, rank_sentences
from bot.domain.summaries.topics import main_topics

MAX_KEY_POINTS = 25  # enough to fill any digest a member would read in a minute


def summarize_thread(
    messages: Sequence[ThreadMessage],
    opted_out: Iterable[str] = (),
    *,
    weights: RankingWeights = DEFAULT_WEIGHTS,
) -> ThreadSummary:
    """Summarise a thread given in order. Opted-out authors are neither quoted nor counted."""
    prepared = prepare_messages(messages, opted_out)
    attribution = attribute(prepared)
    ranked = rank_sentences(prepared, MAX_KEY_POINTS, weights)
    key_points = tuple(
        KeyPoint(
            quote=prepared[item.sentence.message_index].quote(item.sentence.text),
            position=item.sentence.position,
            score=item.score,
            stance=attribution.stances[item.sentence.message_index].value,
            answers=_answered_name(prepared, attribution.targets, item.sentence.message_index),
        )
        for item in ranked
    )
    return ThreadSummary(
        key_points=key_points,
        positions=attribution.positions,
        agreements=attribution.agreements,
        disagreements=attribution.disagreements,
        open_questions=find_open_questions(
            prepared, [stance.value for stance in attribution.stances]
        ),
        participation=participation_shares(prepared),
        message_count=len(prepared),
        people_count=len({message.message.author_id for message in prepared}),
        topics=main_topics(prepared),
    )


def _answered_name(
    prepared: Sequence[PreparedMessage], targets: Sequence[int | None], index: int
) -> str | None:
    target = targets[index]
    if target is None:
        return None
    return prepared[target].quote("").author_name
