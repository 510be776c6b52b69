"""The main topics of a long thread: the phrases its members keep coming back to.

A meeting's transcript runs to hundreds of turns; a reader first wants to know what it was
about. The topics are phrases taken word for word from the thread: runs of content words
("remote control", "battery", "voice recognition") that several people use, again and again.
Words any conversation uses ("people", "time", "idea", "say") never make a topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.stopwords import STOPWORDS
from bot.domain.summaries.text import stem

# A thread longer than a narrative (digest.NARRATIVE_MESSAGES), which gets no positions line,
# opens with its topics instead.
TOPIC_MESSAGES = 61
MAX_TOPICS = 5
MIN_MENTIONS = 3  # a phrase said fewer times is a passing remark, not a topic
MIN_SPEAKERS = 2  # one person's hobby horse is not the thread's topic
MIN_LETTERS = 3
# Messages read, evenly spread over a longer thread: the phrases a thread keeps coming back to
# are as frequent in an even sample of it, and reading every message would cost time.
MAX_READ = 2_000
PHRASE_BONUS = 1.5  # each further word of a phrase counts this much more: it names a thing

# A word with its apostrophes and hyphens ("don't" is one token, and no topic), or one symbol.
_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?|[^\sA-Za-z]")
_VOWEL = re.compile(r"[aeiouy]")  # a lower-case word without one is a sound ("mmm", "shh")
# Words of any conversation, which tell nothing about what this one was about: talk about
# talking, vague nouns, evaluations, amounts and time.
_NOT_TOPICS = frozenset(
    """
    say says said saying see sees saw seen seeing look looks looked looking want wants wanted
    need needs needed make makes made making use uses used using take takes took taking give
    gives gave given put puts come comes came coming tell told talk talks talked talking ask
    asked asking try tried trying work works worked working start started find found keep
    call called seem seems seemed feel felt hear heard remember wonder suppose agree agreed
    mean means meant guess bring brought show showed shown happen happens happened decide
    decided done doing goes went gone getting let lets wait hope
    good great nice fine sure little bit lot lots kind sort way ways time times people person
    stuff idea ideas point points question questions problem problems answer thanks sorry
    yes yep nope alright okay hmm huh wow cool right wrong true exactly basically probably
    anyway anyways whatever pretty quite rather already always never ever often sometimes
    maybe perhaps certainly definitely obviously especially actually literally generally
    today tomorrow yesterday now later soon minute minutes hour hours day days week weeks
    month months year years moment last next first second third new old different same
    whole much many less least several enough another else every everything everybody
    everyone anybody anyone somebody someone nobody nothing somewhere anywhere part parts
    three four five six seven eight nine ten hundred thousand half able important
    bunch case cases example fact number numbers reason sense side end place couple
    start beginning meeting meetings discussion guys folks
    may might must shall cause cuz dunno gotta yeah aye
    better best worse worst easy easier hard harder simple big bigger small smaller large high
    low long short young normal positive negative interesting interested possible available
    general specific main basic real certain clear full free open particular usual various
    similar likely nice lovely fair glad happy thought percent cent eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety since although unless whether upon via within without across along around
    among behind beyond toward towards instead
    option options group groups set form type types course terms top bottom back front member
    members country help change changes continue lose kinds sorts area areas level levels
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def main_topics(
    messages: Sequence[PreparedMessage], max_topics: int = MAX_TOPICS
) -> tuple[str, ...]:
    """Up to `max_topics` phrases from a long thread, most talked-about first; none for a
    thread shorter than TOPIC_MESSAGES messages, which a reader takes in without them."""
    if len(messages) < TOPIC_MESSAGES or max_topics <= 0:
        return ()
    names = _name_words(messages)
    mentions: Counter[tuple[str, ...]] = Counter()
    said_by: dict[str, set[tuple[str, ...]]] = {}  # each member's phrases
    written: Counter[str] = Counter()  # every spelling of every topic word
    for message in messages[:: 1 + (len(messages) - 1) // MAX_READ]:
        keys: list[tuple[str, ...]] = []
        for sentence in message.sentences:
            for run in _content_runs(sentence.text, names):
                written.update(token for token, _ in run)
                keys += [(stemmed,) for _, stemmed in run]
                keys += pairwise(stemmed for _, stemmed in run)
        mentions.update(keys)
        said_by.setdefault(message.message.author_id, set()).update(keys)
    speakers: Counter[tuple[str, ...]] = Counter()
    for phrases in said_by.values():
        speakers.update(phrases)
    said_enough = {
        key: count
        for key, count in mentions.items()
        if count >= MIN_MENTIONS and speakers[key] >= MIN_SPEAKERS
    }
    ranked = sorted(
        said_enough,
        key=lambda key: (-said_enough[key] * PHRASE_BONUS ** (len(key) - 1), key),
    )
    longer = _longer_phrases(said_enough)
    chosen: list[tuple[str, ...]] = []
    for said in ranked:
        key = _whole_phrase(said, said_enough, longer)
        if any(_overlap(key, other) for other in chosen):
            continue  # "remote" after "remote control", "overlapping" after "overlaps"
        chosen.append(key)
        if len(chosen) == max_topics:
            break
    spellings = _spellings({word for key in chosen for word in key}, written)
    return tuple(" ".join(spellings[word] for word in key) for key in chosen)


def _longer_phrases(
    phrases: dict[tuple[str, ...], int],
) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """For each phrase, the phrases one word longer that contain it ("remote control" and
    "tiny remote" for "remote")."""
    longer: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in phrases:
        if len(key) > 1:
            longer.setdefault(key[1:], []).append(key)
            if key[:-1] != key[1:]:
                longer.setdefault(key[:-1], []).append(key)
    return longer


def _whole_phrase(
    key: tuple[str, ...],
    phrases: dict[tuple[str, ...], int],
    longer: dict[tuple[str, ...], list[tuple[str, ...]]],
) -> tuple[str, ...]:
    """A word mostly said as part of one longer phrase stands for that phrase: "remote" said
    30 times, 19 of them in "remote control", is the topic "remote control"."""
    while key in longer:
        mentions, other = max((phrases[other], other) for other in longer[key])
        if mentions * 2 < phrases[key]:
            break
        key = other
    return key


def _overlap(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two phrases share a word, or a word's stem starts another's ("overlap" and
    "overlapp", the stems of "overlaps" and "overlapping")."""
    return any(a.startswith(b) or b.startswith(a) for a in key for b in other)


def topics_line(topics: Sequence[str]) -> str:
    """ "Topics: remote control, battery, voice recognition." or nothing."""
    return f"Topics: {', '.join(topics)}." if topics else ""


def _content_runs(text: str, names: frozenset[str]) -> list[list[tuple[str, str]]]:
    """Runs of consecutive content words, each as written and as stemmed; any other token (a
    stopword, a number, punctuation) ends a run, so a phrase never spans "battery, and the
    case"."""
    runs: list[list[tuple[str, str]]] = []
    run: list[tuple[str, str]] = []
    for written in _WORD.findall(text):
        word = _topic_word(written)
        if word is None or word[2] in names:
            if run:
                runs.append(run)
                run = []
            continue
        token, stemmed, _, owner = word
        run.append((token, stemmed))
        if owner:  # "the landlord's letter": "landlord", then "letter"
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


@lru_cache(maxsize=65536)
def _topic_word(written: str) -> tuple[str, str, str, bool] | None:
    """(word, stem, lower case, whether it was a possessive) for a word that can be part of a
    topic, else None."""
    owner = written.endswith("'s") and written.lower() not in STOPWORDS
    token = written[:-2] if owner else written
    lowered = token.lower()
    if (
        len(token) < MIN_LETTERS
        or not token[0].isalpha()
        or "'" in token
        or lowered in STOPWORDS
        or lowered in _NOT_TOPICS
        or not (token.isupper() or _VOWEL.search(lowered))
    ):
        return None
    return token, stem(lowered), lowered, owner


def _name_words(messages: Sequence[PreparedMessage]) -> frozenset[str]:
    """The words of the members' names: "Ana" thanked forty times is not a topic."""
    return frozenset(
        word.lower()
        for message in messages
        for word in _WORD.findall(message.message.author_name)
        if word[0].isalpha()
    )


def _spellings(stems: set[str], written: Counter[str]) -> dict[str, str]:
    """Each word as most often written, lower-cased unless always written with a capital (a
    name, an acronym): "LCD screen", not "lcd screen" or "LCD Screen"."""
    forms: dict[str, list[tuple[int, str]]] = {}
    for word, count in written.items():
        stemmed = stem(word.lower())
        if stemmed in stems:
            forms.setdefault(stemmed, []).append((count, word))
    spellings: dict[str, str] = {}
    for stemmed, counted in forms.items():
        _, word = max(counted)
        capitalised = all(form[0].isupper() for _, form in counted)
        spellings[stemmed] = word if capitalised else word.lower()
    return spellings
