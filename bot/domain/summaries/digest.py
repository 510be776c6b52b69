"""The plain-text digest: the best key points that fit a word budget, in thread order.

A short exchange reads as who said what ("Ana thinks ...", "Ben asks: ..."), and a debate with
opposed positions opens with those positions and who holds them (the attribution's result). A
long thread (a meeting) reads as "Name: point" lines, after a line of its main topics.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.domain.summaries.text import truncate_words, word_count
from bot.domain.summaries.topics import topics_line

if TYPE_CHECKING:
    from bot.domain.summaries.model import KeyPoint, ThreadSummary

MIN_TRUNCATED_WORDS = 6  # a cut sentence shorter than this is noise, not information
POINT_WORDS = 30  # longest single point; longer sentences are cut so more voices fit
MEETING_POINT_WORDS = 40  # a meeting's "Name: point" lines carry longer turns
NARRATIVE_MESSAGES = 60  # up to this many messages a thread reads as a narrative
POSITION_LINE_SHARE = 0.5  # the positions line takes at most this share of the budget
TOPICS_LINE_SHARE = 0.25  # the topics line takes at most this share of the budget

# "I (also) think ...": the adverb, the verb (with "n't" if negated) and the rest.
_FIRST_PERSON = re.compile(
    r"I\s+((?:also|really|just|still|only|never|always|personally|actually|strongly|fully|"
    r"totally|completely|generally|certainly|rather|too)\s+)?(\w+(?:n't)?,?)\s+(.+)$",
    re.S,
)
_IRREGULAR = {
    "I'm": "is",
    "I am": "is",
    "I've": "has",
    "I have": "has",
    "I'd": "would",
    "I would": "would",
    "I'll": "will",
    "I will": "will",
}
_MODALS = frozenset(
    "can could should might must may was did had didn't can't couldn't shouldn't wouldn't "  # noqa: SIM905
    "won't wasn't mustn't hadn't cannot".split()
)
_NEGATED = {"do": "does", "don't": "doesn't"}
# Words after "I" that are not a verb to conjugate ("I and Ben ...", "I personally ...").
_NOT_VERBS = frozenset(("and", "or", "as", "to", "in", "on", "at", "for", "with", "the", "a"))
# Openers no "Ana says that" can report: greetings, thanks, yes and no, requests.
_NOT_REPORTABLE = frozenset(
    "thanks thank yes yeah yep no nope ok okay sorry please hello hi hey dear well oops "  # noqa: SIM905
    "welcome cheers agreed great good see but and or however let let's oh apologies "
    "congratulations wow lol fully absolutely exactly totally definitely sure right true fair "
    "come honestly seriously really plus nah".split()
)
# "Hugo replies that if the books are kept, I'll drop my objection" would mix two speakers.
_FIRST_PERSON_ANYWHERE = re.compile(
    r"(?:^|(?<=\W))(?:i|i'm|i'll|i've|i'd|my|me|mine)(?=\W|$)", re.I
)
# Openers that are not names, so "The plan works" reads "Ana says that the plan works".
_LOWER_CASE_OPENERS = frozenset(
    "the this that these those there it it's its we we're we've we'd we'll they they're you "  # noqa: SIM905
    "you're he she our my your their his her a an some all most any each every if when since "
    "because as so in on at for with without maybe perhaps probably not one both either "
    "neither nothing everything everyone nobody then also now only".split()
)


def render_plain_text(summary: ThreadSummary, max_words: int) -> str:
    """Never more than `max_words` words (split on whitespace); empty when nothing fits."""
    if max_words <= 0:
        return ""
    narrative = summary.message_count <= NARRATIVE_MESSAGES
    if narrative:
        opening = positions_line(summary)
        if word_count(opening) > max_words * POSITION_LINE_SHARE:
            opening = ""
    else:
        opening = _fitting_topics_line(summary.topics, max_words * TOPICS_LINE_SHARE)
    room = max_words - word_count(opening)
    points = summary.key_points
    if narrative and opening:
        # A point the positions line already gives is not told twice.
        labels = [position.label for position in summary.positions if position.label]
        points = tuple(p for p in points if not any(label in p.quote.text for label in labels))
    chosen = select_within_budget(points, room, narrative)
    ordered = [text for _, text in sorted(chosen, key=lambda pair: pair[0])]
    text = " ".join([_closed(point) for point in ordered[:-1]] + ordered[-1:])
    return truncate_words(f"{opening} {text}".strip(), max_words)


def _closed(point: str) -> str:
    """A point ends as a sentence, so the next one does not run on from it ("+1 Mirela. Sanjay
    asks: ...", not "+1 Mirela Sanjay asks: ...")."""
    return (
        point if point.rstrip().endswith((".", "!", "?", "…", '"', "'", ")", ":")) else f"{point}."
    )


def _fitting_topics_line(topics: tuple[str, ...], max_words: float) -> str:
    """The topics line with as many of the main topics (most talked-about first) as fit."""
    for count in range(len(topics), 0, -1):
        line = topics_line(topics[:count])
        if word_count(line) <= max_words:
            return line
    return ""


def positions_line(summary: ThreadSummary) -> str:
    """ "Ana and Fatima: read Capital first; Ben, Cleo and Dev: the Manifesto first." when
    the thread has opposed positions and at least one is shared by two people, else nothing: a
    line of one-person views only repeats who said what, which the narrative already tells."""
    if not summary.disagreements or len(summary.positions) < 2:
        return ""
    if all(position.people < 2 for position in summary.positions):
        return ""
    parts = [
        f"{_and(position.holder_names)}: {position.label}"
        for position in summary.positions
        if position.label
    ]
    return "; ".join(parts) + "." if parts else ""


def _and(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def render_point(point: KeyPoint, narrative: bool) -> str:
    """ "Ben asks: ...", "Ana thinks ..." (her "I think ..."), "Cleo replies that ..." (a
    message answering someone), "Dev says that ..."; a greeting, thanks or request, which no
    "that" can report, keeps "Name: ...". A long thread (a meeting) keeps "Name: ..." lines."""
    if not narrative:
        return point.render()
    name, text = point.quote.author_name, point.quote.text
    if text.rstrip().endswith("?"):
        return f"{name} asks: {text}"
    converted = _third_person(name, text)
    if converted:
        return converted
    words = text.split(maxsplit=3)
    first = words[0].lower().strip(",.!:;") if words else ""
    if (
        not first.replace("'", "").isalpha()
        or first in _NOT_REPORTABLE
        or first in ("i", "my", "me")  # "Ana says that I ..." would speak for the reader
        or "please" in (word.lower() for word in words)
        or _FIRST_PERSON_ANYWHERE.search(text)
    ):
        return f"{name}: {text}"
    if first in _LOWER_CASE_OPENERS:
        text = text[0].lower() + text[1:]
    verb = "replies" if point.answers else "says"
    return f"{name} {verb} that {text}"


def _third_person(name: str, text: str) -> str | None:
    """ "I think we should vote" said by Ana reads "Ana thinks we should vote"."""
    for first, verb in _IRREGULAR.items():
        if text.startswith(first + " "):
            return f"{name} {verb} {text[len(first) + 1 :]}"
    match = _FIRST_PERSON.match(text)
    if not match:
        return None
    adverb, word, rest = match.group(1) or "", match.group(2), match.group(3)
    lowered, comma = word.lower().rstrip(","), "," if word.endswith(",") else ""
    if lowered in _NEGATED:
        return f"{name} {adverb}{_NEGATED[lowered]}{comma} {rest}"
    if lowered in _MODALS or lowered.endswith("ed"):
        return f"{name} {adverb}{lowered}{comma} {rest}"
    if not lowered.isalpha() or lowered in _NOT_VERBS:
        return None
    if lowered.endswith(("s", "sh", "ch", "x", "o")):
        conjugated = lowered + "es"
    elif lowered.endswith("y") and lowered[-2:-1] not in "aeiou":
        conjugated = lowered[:-1] + "ies"
    else:
        conjugated = lowered + "s"
    return f"{name} {adverb}{conjugated}{comma} {rest}"


def select_within_budget(
    points: tuple[KeyPoint, ...], max_words: int, narrative: bool = False
) -> list[tuple[int, str]]:
    """Best points first while they fit; the first one that does not fit is cut to the rest."""
    chosen: list[tuple[int, str]] = []
    used = 0
    for point in points:
        rendered = _cut(
            render_point(point, narrative), POINT_WORDS if narrative else MEETING_POINT_WORDS
        )
        words = word_count(rendered)
        if used + words <= max_words:
            chosen.append((point.position, rendered))
            used += words
            continue
        room = max_words - used
        if room >= MIN_TRUNCATED_WORDS:
            # Marked as cut: in thread order it may sit mid-digest, followed by other points.
            chosen.append((point.position, truncate_words(rendered, room).rstrip("…") + "…"))
        break
    return chosen


def _cut(text: str, max_words: int) -> str:
    words = text.split()
    if len(words) <= max_words:
        return text
    return " ".join(words[:max_words]) + "…"
