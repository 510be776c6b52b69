"""Open questions: asked, meant as questions, and not answered by anyone else afterwards."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot.domain.summaries.model import OpenQuestion
from bot.domain.summaries.prepare import PreparedMessage, Sentence
from bot.domain.summaries.text import content_terms

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
    # "Why didn't we do this years ago?": praise put as a question.
    r"why (?:didn't|haven't|hadn't|don't) (?:we|you|they|i)\b.*\b(?:sooner|before|earlier|"
    r"years ago|ages ago|already)\b|"
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
    r"could someone|is anyone|is there|are there)\b",
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
    r"i think so|i don't think so|i doubt it|absolutely|certainly|"
    # "It does, there's a ramp", "There is", "They won't".
    r"(?:it|they|there|that|we|he|she)(?:'s|'re| is| are| does| do| did| will| can| has| have|"
    r" was| were| won't| isn't| aren't| doesn't| don't| can't| hasn't| haven't)(?: not)?"
    r"(?=\W|$))",
    re.IGNORECASE,
)
_ANY_ANSWER = re.compile(r"^\W*(?:depends|it depends|because)\b", re.IGNORECASE)
# "no idea sorry", even as a reply, leaves the question open.
_NON_ANSWER = re.compile(
    r"^\W*(?:(?:sorry|honestly|tbh)[,\s]+)?(?:not sure|no idea|no clue|i don't know|i dont know|"
    r"idk|dunno|good question|no one knows|nobody knows)\b",
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
# What a question for a fact expects, and how its answer starts: a number for "how many", a
# time for "when", a person for "who", one of the options for "... or ...?".
_DIGIT = re.compile(r"\d")
_ASKS_AMOUNT = re.compile(r"\bhow (?:many|much|long|far|often)\b", re.IGNORECASE)
_AMOUNT = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|thousand|a few|a couple|dozens?|none|nothing|free|nobody|"
    r"half)\b",
    re.IGNORECASE,
)
_ASKS_TIME = re.compile(
    r"^\W*(?:(?:and|so|but|wait|ok|okay)[,\s]+)?(?:when|what time|what day|what date|by when|"
    r"what slot|which slot|which day|which night|which evening|what evening|what night)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\d|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|tonight|"
    r"tomorrow|today|next|morning|afternoon|evening|noon|midday|midnight|o'clock|january|"
    r"february|march|april|may|june|july|august|september|october|november|december|week|"
    r"month|spring|summer|autumn|winter)\b",
    re.IGNORECASE,
)
_ASKS_PERSON = re.compile(
    r"^\W*(?:(?:and|so|but|wait|ok|okay)[,\s]+)?(?:[^?]{0,40},\s*)?(?:who|who's|whom)\b",
    re.IGNORECASE,
)
# "Where would the social even be?" "The café on Dale Road ...": a place.
_ASKS_PLACE = re.compile(r"^\W*(?:(?:and|so|but|wait|ok|okay)[,\s]+)?where\b", re.IGNORECASE)
_PLACE = re.compile(
    r"\b(?:at|in|upstairs|downstairs|room|hall|caf[eé]|library|centre|center|pub|park|online|"
    r"zoom|office|church|school|house|flat|road|street|square)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b(?:i|me|i'll|i'm|i've|i can|i will|we'll|myself)\b", re.IGNORECASE)
_ASKS_CHOICE = re.compile(r"\bor\b[^?]*\?", re.IGNORECASE)
_ACKNOWLEDGES = re.compile(r"^\W*(?:thanks|thank you|cheers|ta|great|lovely|nice)\b", re.IGNORECASE)
_STATEMENT_END = re.compile(r"(?<=[.!])\s+(?=\S)")
# "What if we recorded the talks?", "what about a lobby channel?": a proposal put as a question
# is answered by whatever view someone gives next.
_PROPOSES = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|well)[,\s]+)?(?:what if we|what about|how about|shall we|"
    r"why don't we|why not|wouldn't it be better)\b",
    re.IGNORECASE,
)
# "Thoughts before I reply?", "Comments before I submit?": asking for views, which anyone
# else's statement soon after gives.
_INVITES_VIEWS = re.compile(
    r"\b(?:thoughts|comments|objections|opinions|views|feedback|any takers|"
    r"what do (?:people|folks|you all|y'all|others|we all|you guys) (?:think|reckon))\b",
    re.IGNORECASE,
)
_OPENER = re.compile(r"^\W*(?:honestly|tbh|ngl|hmm+|well|ok|okay)\b[,\s]*", re.IGNORECASE)
_SELF_ANSWER = re.compile(
    r"^\W*(?:not me|nobody|no one|none of us|no|nope|exactly|of course not|didn't think so|"
    r"(?:we|i|us|they|you) (?:do|did|are|were|have|can|will)|us|we|me)\W*$",
    re.IGNORECASE,
)
_TAG_QUESTION = re.compile(r"^\W*or (?:have|has|are|is|do|did|was|were)\b", re.IGNORECASE)
_THANKS = re.compile(r"^\W*(?:thanks|thank you|thx|ty|cheers)\b", re.IGNORECASE)
OPTION_WORDS = 3  # the words before "or" that name the first option
ANSWER_OPENING_WORDS = 4  # the expected kind of answer is looked for in this many first words


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
        if _NON_ANSWER.match(message.text):
            continue
        for target in targets - {None}:
            assert target is not None
            if messages[target].message.author_id != message.message.author_id:
                answered_by_link.add(target)
    topic = _topic_terms(messages)
    people = frozenset(
        word for message in messages for word in message.message.author_name.lower().split()[:1]
    )
    open_questions: list[OpenQuestion] = []
    for message in messages:
        if message.index in answered_by_link:
            continue
        for number, sentence in enumerate(message.sentences):
            if not is_real_question(sentence):
                continue
            asked = _asked(sentence.text)
            if answers_itself(message.sentences, number):
                continue  # "Who's volunteering for that? Not me.": asked to make a point
            if number > 0 and _TAG_QUESTION.match(asked):
                continue  # "... they sacked four people. Or have we all forgotten?"
            if (
                stances is not None
                and stances[message.index] == "disagree"
                and not _ASKS_INFORMATION.match(asked)
            ):
                continue  # a question inside an objection argues, it does not ask
            terms = set(sentence.terms) - topic
            if _thanked_later(messages, message):
                continue  # "Thank you Yewande, very clear."
            if not _answered_later(messages, message, asked, terms, stances, people):
                open_questions.append(OpenQuestion(message.quote(sentence.text)))
    return tuple(open_questions[-MAX_OPEN_QUESTIONS:])


def answers_itself(sentences: Sequence[Sentence], number: int) -> bool:
    """Whether the question at `number` is answered at once by its asker ("Who keeps the
    wards running? We do."): asked to make a point, not to learn anything."""
    after = sentences[number + 1 : number + 2]
    return bool(after) and _SELF_ANSWER.match(after[0].text) is not None


def _thanked_later(messages: Sequence[PreparedMessage], asked: PreparedMessage) -> bool:
    """Whether the asker thanks someone soon after, before asking anything else."""
    asker = asked.message.author_id
    for later in messages[asked.index + 1 : asked.index + 1 + ADDRESS_WINDOW]:
        if later.message.author_id != asker:
            continue
        if any(sentence.is_question for sentence in later.sentences):
            return False
        return _THANKS.match(later.text) is not None
    return False


def _asked(text: str) -> str:
    """The question itself, without a statement run into it in lower-case chat ("happy with
    Thread and Fire. who's leading?" asks "who's leading?")."""
    return _STATEMENT_END.split(text)[-1]


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


def _answers_the_kind(question: str, later: PreparedMessage, people: frozenset[str]) -> bool:
    """Whether a message opens with the kind of answer a question for a fact asks for."""
    if _ACKNOWLEDGES.match(later.text) or any(s.is_question for s in later.sentences):
        return False
    opening = " ".join(later.text.split()[:ANSWER_OPENING_WORDS])
    if _ASKS_AMOUNT.search(question):
        # "I keep the timings: it ran between 25 and 40 minutes": a figure may come later.
        first = later.sentences[0].text if later.sentences else opening
        return bool(_AMOUNT.search(opening) or _DIGIT.search(first))
    if _ASKS_TIME.match(question):
        return bool(_TIME.search(opening))
    if _ASKS_PLACE.match(question):
        return bool(_PLACE.search(opening))
    if _ASKS_PERSON.match(question) and (
        _PERSON.search(opening) or people & {word.lower() for word in _WORD.findall(opening)}
    ):
        return True
    options = choice_options(question)
    if options and later.sentences and later.sentences[0].terms:
        # "... at the meeting or online?" "Online, ...": it opens with one of the options.
        return later.sentences[0].terms[0] in options
    return False


def choice_options(question: str) -> frozenset[str]:
    """The terms naming the options of an either-or question ("Fanon or Rodney?")."""
    choice = _ASKS_CHOICE.search(question)
    if choice is None:
        return frozenset()
    before = question[: choice.start()].split()[-OPTION_WORDS:]
    return frozenset(content_terms(" ".join(before) + " " + choice.group()))


def _answered_later(
    messages: Sequence[PreparedMessage],
    asked: PreparedMessage,
    question: str,
    question_terms: set[str],
    stances: Sequence[str] | None = None,
    people: frozenset[str] = frozenset(),
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
        if not statements or _NON_ANSWER.match(later.text):
            continue
        # "Ana is right" takes a side on Ana's view: it answers her proposal ("Why not ...?"),
        # not her question for a fact ("Who is booking the room?").
        names_asker = asker in later.addressed or (
            bool(asker_name)
            and (asker not in later.named or not asks_information)
            and asker_name in _WORD.findall(later.text.lower()[:80])
        )
        if names_asker and not _ACKNOWLEDGES.match(later.text):
            return True  # "Thanks for offering, Pania" names her without answering
        if later.message.reply_to_id is not None or later.quoted is not None:
            continue  # it answers something else
        if later.addressed and asker not in later.addressed:
            continue  # "Luka, it's fifty pounds": put to someone else
        if stances is not None and stances[at] != "neutral" and asks_information:
            continue  # "Count me in as well" takes a side, it does not give a fact
        shares = bool(question_terms & {term for s in statements for term in s.terms})
        if asks_information and shares and _answers_the_kind(question, later, people):
            return True  # "I can clean up the spreadsheet and keep the count", a while later
        if seen_others > ANSWER_WINDOW:
            continue
        if _INVITES_VIEWS.search(question):
            return True
        if seen_others == 1 and (
            (
                _PROPOSES.match(question)
                and (
                    (stances is not None and stances[at] != "neutral")
                    or _OPINION.search(later.text) is not None
                    or _YES_NO_ANSWER.match(_OPENER.sub("", later.text, count=1)) is not None
                )
            )
            or _ANY_ANSWER.match(later.text)
            or (_YES_NO_QUESTION.match(question) and _YES_NO_ANSWER.match(later.text))
            or (_ASKS_OPINION.match(question) and _OPINION.search(later.text))
            or _answers_the_kind(question, later, people)
        ):
            # "Friday at noon." after "When is the deadline?", "It does" after "Does the hall
            # have step-free access?": the answer the question asked for.
            return True
        if shares:
            return True
    return False
