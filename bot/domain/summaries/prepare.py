"""Turn thread messages into cleaned sentences with their content terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.summaries.mail import strip_mail_debris
from bot.domain.summaries.model import Quote, ThreadMessage
from bot.domain.summaries.stopwords import STOPWORDS
from bot.domain.summaries.text import (
    collapse_spaces,
    content_terms,
    drop_fillers,
    neutralise,
    split_sentences,
    strip_noise,
    strip_sign_off,
    strip_vocative,
    word_count,
)

MAX_SENTENCE_WORDS = 60  # longer runs (unpunctuated chat, pasted text) are cut into pieces
MIN_QUOTED_TERMS = 3  # shorter repeats ("Thanks.") are not treated as quoting
QUOTE_LOOKBACK = 200  # how far back a quoted passage is looked for
QUOTE_MATCH = 0.6  # share of a quoted passage's terms an earlier message must contain
_TAGGED_QUOTE = re.compile(r"<([a-z][a-z0-9_-]{0,19})>(.*?)</\1>", re.DOTALL)
# Discord quotes: "> line" quotes one line, ">>> " quotes the rest of the message.
_BLOCK_QUOTE = re.compile(r"^\s*>>>\s?(.*)\Z", re.MULTILINE | re.DOTALL)
_LINE_QUOTE = re.compile(r"^\s*>\s?(.*)$", re.MULTILINE)
# An inline quotation of at least three words: "..." or “...”.
_INLINE_QUOTE = re.compile(r"[\"“]([^\"“”]{12,400})[\"”]")
_USER_MENTION_ID = re.compile(r"<@!?(\d+)>")
_AT_NAME = re.compile(r"(?<![\w<])@([A-Za-z][\w'-]*)")
_LEADING_AT = re.compile(r"^(?:\s*(?:@(?!everyone\b|here\b)[A-Za-z][\w'-]*|<@!?\d+>)[\s,:]*)+")
_OPENING_NAME = re.compile(r"\s*([A-Za-z][\w.'-]*[A-Za-z\d])\s*[,:—–-]\s")
# A name next to a stance: "agree with Ana", "Ana is right", "what Ben said", "Ben's point",
# "like Orla says", "for the reasons Fenna gives", "same as Leon", "+1 to Marek", "agree w jess".
# Matched case-insensitively: a word counts only when it names an author of the thread.
_NAMED_STANCE = re.compile(
    r"(?:\bwith|\bwhat|\bunlike|\bto|\bjoin|\bpoint,?|\bagreed,?|\bsorry,?|\bas|\blike|"
    r"\breasons|\bsame as|\bw/?|\band|\bbehind|\bbacking|\bsecond)\s+"
    # The name is looked at, not consumed: "Agreed with Cosmin" tries "with" and then "Cosmin".
    r"(?=([A-Za-z][\w.-]*[A-Za-z\d]|[A-Za-z])(?=\W|$))|"
    # "Ana's not right there", "Ana isn't right about this".
    r"\b([A-Za-z][\w.-]*[A-Za-z\d])(?:'s|’s)?\s+(?:not\s+)?(?:is|isn't|are|was|wasn't|has|had|"
    r"makes|made|convinced|"
    r"persuaded|argument|point|case|said|says|nailed|won|right|wrong|idea|plan|puts?|gives|gave|worry|"
    r"concern|take|view)\b|"
    # "Santi's half-hour idea", "Oren's split-groups plan".
    r"\b([A-Za-z][\w.-]*[A-Za-z\d])(?:'s|’s)\s+(?:[\w-]+\s+){1,2}(?:idea|plan|proposal|version|"
    r"suggestion|option|compromise|amendment)\b",
    re.IGNORECASE,
)
# A name that closes a clause: "Exactly what I was going to say, Carys."
_CLOSING_NAME = re.compile(r",\s*@?([A-Za-z][\w.-]*[A-Za-z\d])\s*(?:[.!?]|$)")
_NAME_WORD = re.compile(r"[A-Za-z][\w.-]*[A-Za-z\d]")
_HANDLE_PARTS = re.compile(r"[._\-\d]+")
NICKNAME_LETTERS = 3
MIN_SHORT_NAME = 3  # "Alex" names Alexandra Ruiz; shorter prefixes are too often other words


@dataclass(frozen=True, slots=True)
class Sentence:
    position: int  # order in the whole thread
    message_index: int
    index_in_message: int
    text: str
    terms: tuple[str, ...]

    @property
    def is_question(self) -> bool:
        return self.text.rstrip("\"')]").endswith("?")


@dataclass(frozen=True, slots=True)
class PreparedMessage:
    index: int
    message: ThreadMessage
    text: str  # neutralised, with quoted text and sign-off removed
    words: int  # words the member wrote (for participation)
    sentences: tuple[Sentence, ...]
    terms: frozenset[str]
    echoes: int | None = None  # earlier message this one only repeats, word for word
    quoted: int | None = None  # earlier message this one quotes (its text is not theirs)
    addressed: tuple[str, ...] = ()  # author ids named with @, a mention or "Ana, ..."
    named: tuple[str, ...] = ()  # author ids named next to a stance ("Ana is right"), in order
    named_words: frozenset[str] = frozenset()  # the lower-cased names as written

    def quote(self, text: str | None = None) -> Quote:
        message = self.message
        return Quote(
            message_id=message.id,
            author_id=message.author_id,
            author_name=display_name(message),
            text=text if text is not None else self.text,
            jump_url=message.jump_url,
        )


def display_name(message: ThreadMessage) -> str:
    return _neutral_name(message.author_name)


@lru_cache(maxsize=4096)
def _neutral_name(name: str) -> str:
    return collapse_spaces(neutralise(name)) or "someone"


def prepare_messages(
    messages: Sequence[ThreadMessage], opted_out: Iterable[str] = ()
) -> list[PreparedMessage]:
    """Clean every message of a consenting member; opted-out members' messages are dropped."""
    excluded = frozenset(opted_out)
    kept = [message for message in messages if message.author_id not in excluded]
    names = _first_names(kept)
    people = _people_by_name(kept)
    first_said_in: dict[tuple[str, ...], int] = {}
    prepared: list[PreparedMessage] = []
    position = 0
    for message in kept:
        whole = neutralise(message.text)
        words = word_count(whole)
        addressed = _addressed(message, people)
        named, named_words = _named(message, people)
        own_raw, mail_quotations = strip_mail_debris(message.text)
        own_raw, quotations = _split_quotations(own_raw)
        quotations = mail_quotations + quotations
        if "@" in own_raw:
            own_raw = _LEADING_AT.sub("", own_raw)
        quoted = _quoted_source(quotations, prepared, message.author_id)
        inlines = _INLINE_QUOTE.finditer(own_raw) if '"' in own_raw or "“" in own_raw else ()
        for inline in inlines:
            if _quoted_source([inline.group(1)], prepared, message.author_id) is not None:
                own_raw = own_raw.replace(inline.group(0), " ")
                if quoted is None:
                    quoted = _quoted_source([inline.group(1)], prepared, message.author_id)
        raw = whole if own_raw == message.text else neutralise(own_raw)
        own = _drop_tagged_quotes(raw, message.author_name)
        own = strip_sign_off(strip_vocative(collapse_spaces(strip_noise(own)), names))
        sentences: list[Sentence] = []
        echoed: int | None = None
        for piece in _pieces(own):
            terms = tuple(content_terms(piece))
            if len(terms) >= MIN_QUOTED_TERMS and terms in first_said_in:
                # Quoted or repeated from an earlier message: not this member's own words.
                echoed = first_said_in[terms]
                continue
            sentences.append(
                Sentence(position, len(prepared), len(sentences), piece, terms),
            )
            position += 1
        for sentence in sentences:
            if len(sentence.terms) >= MIN_QUOTED_TERMS:
                first_said_in.setdefault(sentence.terms, len(prepared))
        all_terms = frozenset(term for sentence in sentences for term in sentence.terms)
        text = " ".join(sentence.text for sentence in sentences)
        prepared.append(
            PreparedMessage(
                len(prepared),
                message,
                text,
                words,
                tuple(sentences),
                all_terms,
                echoes=None if sentences else echoed,
                quoted=quoted if quoted is not None else echoed,
                addressed=addressed,
                named=named,
                named_words=named_words,
            )
        )
    return prepared


def _people_by_name(messages: Sequence[ThreadMessage]) -> dict[str, str]:
    """Lower-cased full and first names, the word parts of handles ("dave" of "dave.k") and ids
    of the thread's authors -> author id."""
    found: dict[str, str] = {}
    for message in messages:
        name = message.author_name.strip().lower()
        if name:
            found.setdefault(name, message.author_id)
            first = name.split()[0]
            found.setdefault(first, message.author_id)
            for part in _HANDLE_PARTS.split(first):
                if len(part) >= MIN_SHORT_NAME:
                    found.setdefault(part, message.author_id)
        found.setdefault(message.author_id.lower(), message.author_id)
    return found


def _person(word: str, people: dict[str, str], capitalised: bool) -> str | None:
    """The author a word names: a name as the thread spells it, or, written with a capital, the
    unique author whose first name it starts ("Alex" for Alexandra, "Cat" for Catalina)."""
    lowered = word.lower()
    if lowered in people:
        return people[lowered]
    if not capitalised or len(lowered) < MIN_SHORT_NAME or lowered in STOPWORDS:
        return None
    matches = {author for name, author in people.items() if name.startswith(lowered)}
    if not matches and len(lowered) <= NICKNAME_LETTERS + 2:
        # "Alex" for Alejandro, "Kat" for Katarzyna: a short word sharing a name's first letters.
        matches = {
            author
            for name, author in people.items()
            if len(name) > len(lowered) and name[:NICKNAME_LETTERS] == lowered[:NICKNAME_LETTERS]
        }
    return matches.pop() if len(matches) == 1 else None


def _addressed(message: ThreadMessage, people: dict[str, str]) -> tuple[str, ...]:
    """Whom a message speaks to: Discord mentions, "@ana", an opening "Ana, ..." or a closing
    "..., Carys."."""
    found: list[str] = []
    if "@" in message.text:
        for match in _USER_MENTION_ID.finditer(message.text):
            if match.group(1) in people:
                found.append(people[match.group(1)])
        for match in _AT_NAME.finditer(message.text):
            author = people.get(match.group(1).lower())
            if author is not None:
                found.append(author)
    opening = _OPENING_NAME.match(message.text)
    if opening:
        word = opening.group(1)
        author = _person(word, people, word[:1].isupper())
        if author is not None:
            found.append(author)
    if "," in message.text:
        for match in _CLOSING_NAME.finditer(message.text):
            word = match.group(1)
            author = _person(word, people, word[:1].isupper())
            if author is not None:
                found.append(author)
    return tuple(dict.fromkeys(a for a in found if a != message.author_id))


def _named(
    message: ThreadMessage, people: dict[str, str]
) -> tuple[tuple[str, ...], frozenset[str]]:
    found: list[str] = []
    words: set[str] = set()
    if not any(
        word.lower() in people
        or (word[:1].isupper() and len(word) >= MIN_SHORT_NAME and word.lower() not in STOPWORDS)
        for word in _NAME_WORD.findall(message.text)
    ):
        return (), frozenset()  # no word that could name an author: skip the costly pattern
    for match in _NAMED_STANCE.finditer(message.text):
        word = match.group(1) or match.group(2) or match.group(3) or ""
        author = _person(word, people, word[:1].isupper())
        if author is not None and author != message.author_id:
            found.append(author)
            words.add(word.lower())
    return tuple(dict.fromkeys(found)), frozenset(words)


def _split_quotations(text: str) -> tuple[str, list[str]]:
    """The member's own text, and the passages they quote ("> ..." lines, inline "...")."""
    quotations: list[str] = []
    if ">" not in text:
        return text, quotations

    def keep(match: re.Match[str]) -> str:
        quotations.append(match.group(1))
        return ""

    text = _BLOCK_QUOTE.sub(keep, text)
    text = _LINE_QUOTE.sub(keep, text)
    return text, [q for q in quotations if q.strip()]


def _quoted_source(
    quotations: Sequence[str], earlier: Sequence[PreparedMessage], author_id: str
) -> int | None:
    """The earlier message by someone else that contains most of a quoted passage: the one
    holding the most of its words, the latest of those on a tie."""
    for quotation in quotations:
        wanted = set(content_terms(quotation))
        if not wanted:
            continue
        best: int | None = None
        best_shared = 0
        for candidate in reversed(earlier[-QUOTE_LOOKBACK:]):
            if candidate.message.author_id == author_id:
                continue
            shared = len(wanted & candidate.terms)
            if shared >= QUOTE_MATCH * len(wanted) and shared > best_shared:
                best, best_shared = candidate.index, shared
        if best is not None:
            return best
    return None


def _first_names(messages: Sequence[ThreadMessage]) -> frozenset[str]:
    names: set[str] = {"all", "everyone", "folks", "team", "guys"}
    for message in messages:
        parts = message.author_name.split()
        if parts:
            names.add(parts[0].lower())
    return frozenset(names)


def _drop_tagged_quotes(text: str, author_name: str) -> str:
    """Mail quoting of the form "<ana> quoted </ana> <ben> reply </ben>": keep the author's part."""
    own_tag = author_name.split(maxsplit=1)[0].lower() if author_name.split() else ""

    def replace(match: re.Match[str]) -> str:
        return f" {match.group(2)} " if match.group(1) == own_tag else " "

    return _TAGGED_QUOTE.sub(replace, text)


def _pieces(text: str) -> list[str]:
    pieces: list[str] = []
    for sentence in split_sentences(text):
        cleaned = drop_fillers(sentence)
        if not cleaned:
            continue
        words = cleaned.split()
        for start in range(0, len(words), MAX_SENTENCE_WORDS):
            pieces.append(" ".join(words[start : start + MAX_SENTENCE_WORDS]))
    return pieces


GIST_WORDS = 30


def gist(message: PreparedMessage, max_words: int = GIST_WORDS) -> Quote:
    """A short quote for a message: its own words, cut after `max_words` with an ellipsis."""
    words = message.text.split()
    if not words:
        return message.quote(collapse_spaces(neutralise(message.message.text))[:200])
    if len(words) <= max_words:
        return message.quote(" ".join(words))
    return message.quote(" ".join(words[:max_words]) + " …")
