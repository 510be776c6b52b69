"""Open questions: asked, meant as questions, and not answered by anyone else afterwards."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot.domain.summaries.model import OpenQuestion
from bot.domain.summaries.prepare import PreparedMessage, Sentence

ANSWER_WINDOW = 2  # unlinked messages by others this close after a question may answer it
ADDRESS_WINDOW = 8  # a message naming the asker this close after it answers it
MIN_QUESTION_WORDS = 3  # "What?" or "Really?" are reactions, not questions to follow up
MAX_OPEN_QUESTIONS = 8
TOPIC_SHARE = 0.3  # a word in this share of the messages is the thread's topic, not an answer
_WORD = re.compile(r"\w+")
# "Isn't that the point?", "Who cares?", "..., right?": rhetorical, they assert rather than ask.
_RHETORICAL = re.compile(
    r"^(?:(?:but|and|so|come on|honestly|seriously|really)[,\s]+)*"
    r"(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|shouldn't|can't|"
    r"couldn't|haven't|hasn't|who cares|what's the point|how is that|how could anyone|"
    r"why would anyone|why on earth|are you serious|are you kidding|since when|"
    r"(?:maybe|perhaps)\b(?!.*\b(?:who|what|when|where|which|how)\b))\b|"
    r"(?:,\s*(?:right|no|eh|surely)\s*\?)$",
    re.IGNORECASE,
)
_RHETORICAL_ANYWHERE = re.compile(
    r"\b(?:what(?: is|'s) there to|who (?:would |could )?(?:even|ever)|what's wrong with|"
    r"how hard is it|who cares)\b",
    re.IGNORECASE,
)
# "Who is booking the room?" asks for a fact even inside an objection.
_ASKS_INFORMATION = re.compile(
    r"^\W*(?:(?:and|so|also|but|ok|okay)[,\s]+)*(?:who|when|where|which|what time|what day|"
    r"what date|how many|how much|how long|does anyone|do we know|has anyone|can someone|"
    r"could someone|is anyone)\b",
    re.IGNORECASE,
)
# Answers to a yes-or-no question ("Is the room free?" "Yes, ...").
_YES_NO_QUESTION = re.compile(
    r"^\W*(?:so\s+)?(?:is|are|was|were|do|does|did|can|could|should|shall|will|would|has|have|"
    r"had|may|might|must)\b",
    re.IGNORECASE,
)
_YES_NO_ANSWER = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|no|nope|nah|sure|of course|definitely|probably|not yet|"
    r"i think so|i don't think so|i doubt it|absolutely|certainly)\b",
    re.IGNORECASE,
)
_ANY_ANSWER = re.compile(
    r"^\W*(?:not sure|no idea|i don't know|dunno|good question|depends|it depends|because)\b",
    re.IGNORECASE,
)
# "Should we switch to it?" asks for opinions: any view given right after answers it.
_ASKS_OPINION = re.compile(
    r"^\W*(?:so\s+)?(?:should|shall|do you think|would it be|is it worth|what do you think)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"(?:^|(?<=\W))(?:i'd|i would|i think|we should|should|better|rather|prefer|worth|no point)"
    r"(?=\W|$)",
    re.IGNORECASE,
)


def find_open_questions(
    messages: Sequence[PreparedMessage], stances: Sequence[str] | None = None
) -> tuple[OpenQuestion, ...]:
    """A question counts as answered when someone else replies to or quotes its message, names
    the asker soon after, or when one of the next unlinked messages by someone else starts like
    an answer or shares a word with it that is not the thread's topic."""
    answered_by_link: set[int] = set()
    index_by_id = {message.message.id: message.index for message in messages}
    for message in messages:
        targets = {index_by_id.get(message.message.reply_to_id or ""), message.quoted}
        for target in targets - {None}:
            assert target is not None
            if messages[target].message.author_id != message.message.author_id:
                answered_by_link.add(target)
    topic = _topic_terms(messages)
    open_questions: list[OpenQuestion] = []
    for message in messages:
        if message.index in answered_by_link:
            continue
        for sentence in message.sentences:
            if not is_real_question(sentence):
                continue
            if (
                stances is not None
                and stances[message.index] == "disagree"
                and not _ASKS_INFORMATION.match(sentence.text)
            ):
                continue  # a question inside an objection argues, it does not ask
            terms = set(sentence.terms) - topic
            if not _answered_later(messages, message, sentence.text, terms):
                open_questions.append(OpenQuestion(message.quote(sentence.text)))
    return tuple(open_questions[-MAX_OPEN_QUESTIONS:])


def is_real_question(sentence: Sentence) -> bool:
    text = sentence.text.strip()
    return (
        sentence.is_question
        and len(text.split()) >= MIN_QUESTION_WORDS
        and not _RHETORICAL.search(text)
        and not _RHETORICAL_ANYWHERE.search(text)
    )


def _topic_terms(messages: Sequence[PreparedMessage]) -> set[str]:
    if len(messages) < 6:
        return set()
    counts: Counter[str] = Counter()
    for message in messages:
        counts.update(message.terms)
    return {term for term, count in counts.items() if count >= TOPIC_SHARE * len(messages)}


def _answered_later(
    messages: Sequence[PreparedMessage],
    asked: PreparedMessage,
    question: str,
    question_terms: set[str],
) -> bool:
    asker = asked.message.author_id
    asker_name = asked.message.author_name.split()[0].lower() if asked.message.author_name else ""
    asks_information = bool(_ASKS_INFORMATION.match(question))
    seen_others = 0
    for at in range(asked.index + 1, min(len(messages), asked.index + 1 + ADDRESS_WINDOW * 4)):
        later = messages[at]
        if later.message.author_id == asker:
            continue
        seen_others += 1
        if seen_others > ADDRESS_WINDOW:
            return False
        statements = [s for s in later.sentences if not s.is_question]
        if not statements:
            continue
        # "Ana is right" takes a side on Ana's view: it answers her proposal ("Why not ...?"),
        # not her question for a fact ("Who is booking the room?").
        names_asker = asker in later.addressed or (
            bool(asker_name)
            and (asker not in later.named or not asks_information)
            and asker_name in _WORD.findall(later.text.lower()[:80])
        )
        if names_asker:
            return True
        if later.message.reply_to_id is not None or later.quoted is not None:
            continue  # it answers something else
        if seen_others > ANSWER_WINDOW:
            continue
        if seen_others == 1 and (
            _ANY_ANSWER.match(later.text)
            or (_YES_NO_QUESTION.match(question) and _YES_NO_ANSWER.match(later.text))
            or (_ASKS_OPINION.match(question) and _OPINION.search(later.text))
        ):
            return True
        if question_terms & {term for s in statements for term in s.terms}:
            return True
    return False
