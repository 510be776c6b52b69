"""Open questions: asked, and not answered by anyone else afterwards."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.summaries.model import OpenQuestion
from bot.domain.summaries.prepare import PreparedMessage

ANSWER_WINDOW = 3  # unlinked messages this close after a question may be its answer
MIN_QUESTION_WORDS = 3  # "What?" or "Really?" are reactions, not questions to follow up
MAX_OPEN_QUESTIONS = 8
LOOKAHEAD = 50  # bounds the work per question; a question unanswered that long stays open
_WORD = re.compile(r"\w+")


def find_open_questions(messages: Sequence[PreparedMessage]) -> tuple[OpenQuestion, ...]:
    """A question counts as answered when someone else replies to its message, or when one of
    the next few unlinked messages by someone else shares a word with it or names the asker."""
    replied_by_others: set[str] = set()
    index_by_id = {message.message.id: message.index for message in messages}
    for message in messages:
        target = index_by_id.get(message.message.reply_to_id or "")
        if target is not None and messages[target].message.author_id != message.message.author_id:
            replied_by_others.add(messages[target].message.id)
    open_questions: list[OpenQuestion] = []
    for message in messages:
        if message.message.id in replied_by_others:
            continue
        for sentence in message.sentences:
            if not sentence.is_question or len(sentence.text.split()) < MIN_QUESTION_WORDS:
                continue
            if not _answered_nearby(messages, message, set(sentence.terms)):
                open_questions.append(OpenQuestion(message.quote(sentence.text)))
    return tuple(open_questions[-MAX_OPEN_QUESTIONS:])


def _answered_nearby(
    messages: Sequence[PreparedMessage], asked: PreparedMessage, question_terms: set[str]
) -> bool:
    asker = asked.message.author_id
    asker_name = asked.message.author_name.split()[0].lower() if asked.message.author_name else ""
    seen_others = 0
    for at in range(asked.index + 1, min(len(messages), asked.index + 1 + LOOKAHEAD)):
        later = messages[at]
        if later.message.author_id == asker:
            continue
        if later.message.reply_to_id is not None:
            continue  # it answers something else
        seen_others += 1
        if seen_others > ANSWER_WINDOW:
            return False
        names_asker = bool(asker_name) and asker_name in _WORD.findall(later.text.lower())
        if names_asker or question_terms & later.terms:
            return True
    return False
