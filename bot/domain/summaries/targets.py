"""What each message answers: its Discord reply reference, else the message it quotes
("> ..."), else the person it names ("@Ana", "Ana, ...", "I'm with Ana"), else one of the latest
messages by someone else. A vote answers the thread's motion; a change of mind answers the
latest message that argued with its author."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.summaries.cues import (
    APOSTROPHES,
    ASKING,
    BACK_TO_PROPOSAL,
    DEICTIC_OPENING,
    IDEA_OF,
    STRONG_CONTRAST,
    VOTE_NO,
    VOTE_YES,
)
from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.stance import CUE_WORDS, Stance, clause_stance

RECENT_OTHERS = 4  # an unlinked message answers one of this many latest messages by others
CLEARER_BY = 1  # ... the latest one, unless an older one shares more of its words


def _named_last(message: PreparedMessage) -> bool:
    """Whether the last clause of the message names someone next to its stance."""
    text = message.message.text.translate(APOSTROPHES)
    contrasts = [m.start() for m in STRONG_CONTRAST.finditer(text)]
    if not contrasts:
        return False
    tail = text[contrasts[-1] :]
    return clause_stance(tail) is not None and any(
        word.strip(".,!?'s").lower() in message.named_words for word in tail.split()
    )


def reply_targets(
    messages: Sequence[PreparedMessage], message_stances: Sequence[Stance] | None = None
) -> list[int | None]:
    """Which earlier message each one answers: its reply link, the message it quotes, the latest
    message of the person it names, else one of the latest messages by others (see
    `_closest_recent`); a change of mind answers the latest message that argued with its author."""
    index_by_id = {message.message.id: message.index for message in messages}
    latest_by: dict[str, int] = {}
    targets: list[int | None] = []
    answered_author: dict[int, str] = {}  # statement -> author of the message it answers
    for message in messages:
        author = message.message.author_id
        stance = message_stances[message.index] if message_stances is not None else None
        fallback = _closest_recent(messages, message, latest_by, stance)
        if fallback is not None and DEICTIC_OPENING.match(message.text):
            fallback = max(index for other, index in latest_by.items() if other != author)
        if (
            stance is Stance.AGREE
            and fallback is not None
            and message_stances is not None
            and BACK_TO_PROPOSAL.search(message.text)
        ):
            # "I actually like the idea", said after an objection to the idea (or after a "+1"
            # to that objection): it agrees with what was objected to.
            objected_to = _objected_to(fallback, message_stances, targets)
            fallback = fallback if objected_to is None else objected_to
        objected = targets[fallback] if fallback is not None else None
        if (
            stance is Stance.DISAGREE
            and fallback is not None
            and objected is not None
            and message_stances is not None
            and message_stances[fallback] is Stance.DISAGREE
            and messages[objected].message.author_id != author
            and not DEICTIC_OPENING.match(message.text)
        ):
            # "No." just after someone else's objection piles on what that objection answered;
            # objecting to the objector would name them or reply to them.
            fallback = objected
        if stance is Stance.CONVERT:
            answered_me = _latest_answer_to(author, latest_by, answered_author)
            fallback = fallback if answered_me is None else answered_me
        reply_to = message.message.reply_to_id
        target: int | None
        if message.named and _named_last(message):
            # "Good point Ana, but Ben is right": the stance of the last clause is the one
            # that counts, and it names whom it answers.
            target = latest_by.get(message.named[-1], fallback)
        elif reply_to is not None:
            target = index_by_id.get(reply_to)
        elif message.quoted is not None:
            target = message.quoted
        else:
            spoken_to = [latest_by[a] for a in message.addressed if a in latest_by]
            # "Good point Ana, but Ben is right": the last name with a stance is the one meant.
            named = [latest_by[a] for a in message.named if a in latest_by]
            target = spoken_to[0] if spoken_to else named[-1] if named else fallback
            if stance is Stance.CONVERT and named and IDEA_OF.search(message.message.text):
                # "Santi's half-hour idea answers Rhys's worry. Switching to that.": a change of
                # mind goes to the member whose idea it names first, not to the last name.
                target = named[0]
            if (VOTE_YES if stance is Stance.AGREE else VOTE_NO).search(
                message.text.translate(APOSTROPHES)
            ) and stance in (Stance.AGREE, Stance.DISAGREE):
                # "the rest of us are voting yes", "Still no from me": a vote is on the motion
                # the thread is about, whoever spoke last or was named.
                target = _motion(messages, message.index, target)
        if target is not None and messages[target].message.author_id == author:
            target = None  # talking to oneself is not agreement
        targets.append(target)
        if target is not None and any(not s.is_question for s in message.sentences):
            answered_author[message.index] = messages[target].message.author_id
        latest_by[author] = message.index
    return targets


def _motion(messages: Sequence[PreparedMessage], before: int, otherwise: int | None) -> int | None:
    """The thread's motion: its first message that states something, if someone else wrote it
    and it comes before message `before`; else `otherwise`."""
    for message in messages[:before]:
        if any(not sentence.is_question for sentence in message.sentences):
            if message.message.author_id == messages[before].message.author_id:
                return otherwise
            return message.index
    return otherwise


def _objected_to(
    index: int, message_stances: Sequence[Stance], targets: Sequence[int | None]
) -> int | None:
    """What the objection at `index` (or the objection a chain of agreements ending at `index`
    backs) answers; None when `index` is not on an objecting side."""
    for _ in range(3):
        stance = message_stances[index]
        target = targets[index]
        if target is None:
            return None
        if stance is Stance.DISAGREE:
            return target
        if stance is not Stance.AGREE:
            return None
        index = target
    return None


def _latest_answer_to(
    author: str, latest_by: dict[str, int], answered_author: dict[int, str]
) -> int | None:
    """The latest message by someone else that answered `author` ("you've talked me round")."""
    found = [
        index
        for other, index in latest_by.items()
        if other != author and answered_author.get(index) == author
    ]
    return max(found, default=None)


def _closest_recent(
    messages: Sequence[PreparedMessage],
    message: PreparedMessage,
    latest_by: dict[str, int],
    stance: Stance | None = None,
) -> int | None:
    """The latest message by someone else, unless the latest message of one of a few other
    people shares clearly more words with this one ("Essays, definitely" answers the essay
    proposal, not the last speaker). An agreement is not taken to answer a bare question."""
    author = message.message.author_id
    recent = sorted((index for other, index in latest_by.items() if other != author), reverse=True)[
        :RECENT_OTHERS
    ]
    if not recent:
        return None
    words = {term for term in message.terms if term not in CUE_WORDS}
    agreeing = stance in (Stance.AGREE, Stance.CONVERT)

    def shared(index: int) -> int:
        other = messages[index]
        if agreeing:
            return len(words & {t for s in other.sentences if not s.is_question for t in s.terms})
        return len(words & other.terms)

    latest_shared = shared(recent[0])
    best = recent[0]
    best_shared = latest_shared
    for index in recent[1:]:
        count = shared(index)
        if count > best_shared:
            best, best_shared = index, count
    if best_shared < latest_shared + CLEARER_BY:
        best = recent[0]
        if (
            agreeing
            and latest_shared == 0
            and not any(not s.is_question for s in messages[best].sentences)
            and not ASKING.match(messages[best].text)
        ):
            # "Fine by me" after a bare question agrees with the view before it.
            statements = [
                i for i in recent if any(not s.is_question for s in messages[i].sentences)
            ]
            best = statements[0] if statements else best
    return best
