"""Who must not share a position: opponents, and members whose latest exchange argued a point
without agreeing. A reply with no cue is more often against what it answers than for it (in the
labelled debates, 258 of 509 such replies came from the other side and 187 from the same one),
so wherever the pass joined such a pair, this last step keeps them apart again unless one of
them came round afterwards, saying so. Being kept apart is not reported as disagreeing: neither
said so."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.summaries.camps import ThreadState
from bot.domain.summaries.placing import ANSWERING_BACK
from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.stance import CUE_WORDS, Stance

MIN_RESTATED_TERMS = 2
RESTATED_SHARE = 0.6  # a reply repeating this share of its words restates what it answers
RESTATED_OPENING = 3  # ... or opening with the same this many words


def note_exchange(
    state: ThreadState, message: PreparedMessage, stance: Stance, target: int
) -> None:
    """Keep the latest exchange between a message's author and the author of what it answers.
    A plain answer to a question, or a message with no statement, argues nothing."""
    author = message.message.author_id
    target_author = state.messages[target].message.author_id
    if author == target_author:
        return
    if stance is Stance.NEUTRAL:
        answered = state.messages[target].sentences
        if not answered or answered[-1].is_question:
            return
        if all(sentence.is_question for sentence in message.sentences):
            return
        if restates(message, state.messages[target]):
            return  # "Raise it to £5, it's a coffee" after "raise dues to £5": the same view
    pair = frozenset((author, target_author))
    earlier = state.exchanges.get(pair)
    if (
        stance is Stance.NEUTRAL
        and earlier is not None
        and earlier[1] is not Stance.NEUTRAL
        and state.messages[earlier[0]].message.author_id == author
    ):
        return  # "Yes! ..." then "It also gets us rooms": adding to one's own stance
    state.exchanges[pair] = (message.index, stance)


def restates(message: PreparedMessage, answered: PreparedMessage) -> bool:
    """Whether a message repeats the view it answers: it opens with the same words ("Let's
    start with the Manifesto, newcomers read it in an evening" after "Let's start with the
    Manifesto, it is short"), or mostly repeats its words with none that may turn them against
    it. Sharing only the subject is not enough: "The library shuts at seven" argues back."""
    opening = _opening_terms(message)
    if len(opening) == RESTATED_OPENING and opening == _opening_terms(answered):
        return True
    if ANSWERING_BACK.search(message.text):
        return False
    terms = [term for term in message.terms if term not in CUE_WORDS]
    shared = sum(term in answered.terms for term in terms)
    return len(terms) >= MIN_RESTATED_TERMS and shared >= RESTATED_SHARE * len(terms)


def _opening_terms(message: PreparedMessage) -> list[str]:
    if not message.sentences:
        return []
    return [term for term in message.sentences[0].terms if term not in CUE_WORDS][:RESTATED_OPENING]


def separate_opponents(
    state: ThreadState, message_stances: Sequence[Stance], targets: Sequence[int | None]
) -> None:
    """The promise, kept even if a rule above ever slipped: opponents never share a position,
    nor do members whose latest exchange argued a point without agreeing (see
    `ThreadState.arguing`). The member who joined later moves out to a position of their own."""
    for at in range(len(state.positions)):
        holders = sorted(state.holders(at), key=lambda author: state.joined_at[author])
        kept: list[str] = []
        moved_to: dict[str, int] = {}  # member moved out -> their new position
        for author in holders:
            joined = state.joined_at[author]
            followed = _followed(state, message_stances, targets, joined)
            if followed in moved_to and not _apart(
                state, message_stances, targets, author, followed
            ):
                # "I agree with Ivo", said to a member just moved out: they go together.
                state.hold(author, moved_to[followed], joined)
                state.positions[moved_to[followed]].messages.append(joined)
                continue
            if any(_apart(state, message_stances, targets, author, other) for other in kept):
                own = [
                    index
                    for index in state.positions[at].messages
                    if state.messages[index].message.author_id == author
                ]
                # A "+1" says nothing a position could be named after: their own words do.
                founder = next(
                    (index for index in reversed(own) if state.messages[index].terms), joined
                )
                moved = state.open(founder)
                state.hold(author, moved, joined)
                state.positions[moved].messages.extend(sorted({joined, *own}))
                moved_to[author] = moved
                continue
            kept.append(author)


def _followed(
    state: ThreadState,
    message_stances: Sequence[Stance],
    targets: Sequence[int | None],
    joined: int,
) -> str | None:
    """Whose message the member agreed with when they joined, if they joined by agreeing with
    a message they linked to, quoted or named."""
    target = targets[joined]
    if target is None or message_stances[joined] not in (Stance.AGREE, Stance.CONVERT):
        return None
    message = state.messages[joined]
    followed = state.messages[target].message.author_id
    # Only a link or a name says whom: "yes please" after two messages may back either.
    if (
        message.message.reply_to_id is not None
        or message.quoted == target
        or followed in message.addressed
        or followed in message.named
    ):
        return followed
    return None


def _apart(
    state: ThreadState,
    message_stances: Sequence[Stance],
    targets: Sequence[int | None],
    author: str,
    other: str,
) -> bool:
    """Whether `author`, who joined a position after `other`, must leave it. Taking a side
    after the argument, in words that answer or name `other` ("quang's point is a good one.
    back to no"), is newer than the argument."""
    if state.opposed(author, other):
        return True
    if not state.arguing(author, other):
        return False
    joined = state.joined_at[author]
    if joined < state.exchanges[frozenset((author, other))][0]:
        return True
    if message_stances[joined] is Stance.NEUTRAL:
        return True
    target = targets[joined]
    message = state.messages[joined]
    return not (
        (target is not None and state.messages[target].message.author_id == other)
        or other in message.named
        or other in message.addressed
    )
