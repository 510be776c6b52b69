"""Lexical stance: whether a message agrees, objects or changes its mind.

The rules, each pinned by a small thread in tests/domain/summaries/:

- the last stance in a message wins ("I was against it, but you're right" agrees);
- a concession followed by "but" objects ("I agree it matters, but no" is opposition);
- "agree" words with the opposite meaning ("I couldn't agree less", "exactly the wrong book",
  "absolutely not") object.

The cue words are in `cues`; what each message answers is worked out in `targets`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from bot.domain.summaries.cues import (
    ACKNOWLEDGING,
    AGREE,
    ALONG,
    ANY_CONTRAST,
    APOLOGY,
    APOSTROPHES,
    ASKING,
    CHOICE,
    CONTRAST_WORDS,
    CONVERT_STRONG,
    CONVERT_WEAK,
    COUNTER_VIEW,
    DISAGREE,
    FAINT,
    GRANTS_A_POINT,
    MID_SENTENCE,
    NAMED_AGREEMENT_TAIL,
    NEGATED,
    OWN_PLAN,
    REPORTED_AGREEMENT,
    RIVAL,
    SENTENCE_END,
    SETTLED,
    SIDE_POINT,
    STRONG_CONTRAST,
    THIRD_WAY,
    WEAK_CONTRAST,
    WORD,
)
from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.text import stem

# Words that say how someone stands, not what they stand for.
CUE_WORDS = frozenset(
    stem(word)
    for word in """
    agree agreed agrees disagree disagreed exactly absolutely definitely totally point points
    fair good great valid strong said say says right wrong true convinced persuaded sure nope
    nah way honestly enough fully completely strongly obviously clearly mind changed change
    second seconded argument case view side camp idea back support oppose object objection
    mistake nonsense win won correct corrected stand count reflection thought thinking
    """.split()  # noqa: SIM905 - a word list reads better as text
)
STANCE_WINDOW_WORDS = 45  # cues are looked for in the opening of a message, where replies say it


class Stance(Enum):
    AGREE = "agree"
    DISAGREE = "disagree"
    CONVERT = "convert"  # "you've convinced me": a change of mind towards what it answers
    NEUTRAL = "neutral"


def clause_stance(clause: str) -> Stance | None:
    """The clause's stance: a change of mind first; otherwise the earliest cue, and an
    objection wherever it overlaps an agreement ("absolutely not", "couldn't agree less")."""
    clause = clause.strip()  # "..., but no.": the clause after "but" starts with its "no"
    if CONVERT_STRONG.search(clause):
        return Stance.CONVERT
    disagree = DISAGREE.search(clause)
    weak = CONVERT_WEAK.search(clause)
    if weak is not None and FAINT.search(clause):
        weak = None  # "fair enough, you've been consistent at least": respect, not agreement
    agree = AGREE.search(clause) or weak or SETTLED.search(clause)
    if agree is not None and "agree" in agree.group().lower():
        reported = REPORTED_AGREEMENT.search(clause)
        if reported is not None and reported.start() <= agree.end() <= reported.end() + 1:
            agree = None
    if agree is not None and NEGATED.search(clause, 0, agree.start()):
        # "I'm not on board", "we don't support this": an agreement word, negated.
        return Stance.DISAGREE
    if disagree is None:
        return Stance.AGREE if agree is not None else None
    if agree is None:
        return Stance.DISAGREE
    if agree.start() < disagree.start() and agree.end() >= disagree.end():
        # The objection word sits inside a longer agreement: "I don't disagree", "no argument
        # from me", "hard to disagree".
        return Stance.AGREE
    if disagree.start() < agree.end():
        return Stance.DISAGREE
    return Stance.AGREE


def classify_stance(text: str, is_reply: bool = True) -> Stance:
    """The stance a message takes towards what it answers.

    ``is_reply`` is kept for callers that know the message answers nothing: a plain statement
    with no cue is NEUTRAL either way.
    """
    del is_reply
    words = text.translate(APOSTROPHES).split()
    opening = " ".join(words[:STANCE_WINDOW_WORDS])
    if NAMED_AGREEMENT_TAIL.search(opening):
        return Stance.AGREE  # "Not at all, for me. Same as Bea.": it sides with Bea
    if APOLOGY.search(opening) and not CONVERT_STRONG.search(opening):
        return Stance.NEUTRAL  # "Fair, sorry. I meant the law, not you.": manners, not a side
    side = SIDE_POINT.search(opening)
    if side is not None:
        main = _stance_of(opening[: side.start()])
        if main is not Stance.NEUTRAL:
            return main
    return _stance_of(opening)


def _stance_of(opening: str) -> Stance:
    lowered = opening.lower()
    if any(word in lowered for word in CONTRAST_WORDS):
        clauses = [c for c in ANY_CONTRAST.split(opening) if c.strip()]
    else:
        clauses = [opening] if opening.strip() else []
    if ACKNOWLEDGING.match(opening):
        # "fine, minute it. the rest of us are voting yes", "Correct. Against.": after a word
        # that only acknowledges, each sentence is a clause and the last stance counts.
        clauses = [
            part for clause in clauses for part in SENTENCE_END.split(clause) if part.strip()
        ]
    if not clauses:
        return Stance.NEUTRAL
    last: Stance | None = None
    last_at = -1
    for at, clause in enumerate(clauses):
        cue = clause_stance(clause)
        if cue is not None:
            last, last_at = cue, at
    if last is None:
        # "But ..." or "However ..." at the very start answers whatever came before it.
        if STRONG_CONTRAST.match(clauses[0].strip()):
            return Stance.DISAGREE
        if (
            RIVAL.search(opening)
            and not ALONG.search(opening)
            and not opening.rstrip().endswith("?")
        ):
            # "What would you pick instead?" asks; "Every fortnight is better" objects.
            return Stance.DISAGREE
        return Stance.NEUTRAL
    if last in (Stance.AGREE, Stance.CONVERT):
        for previous, clause in zip(clauses[last_at:], clauses[last_at + 1 :], strict=False):
            stripped = clause.strip()
            if MID_SENTENCE.search(previous) and not COUNTER_VIEW.search(
                previous[previous.rfind(".") :] + clause
            ):
                # "Bea's right. ... A total isn't a list, but it's the first step": a "but"
                # inside a later sentence is part of the argument, not a retraction, unless
                # that sentence puts a view of its own ("I'd still go with £4 though").
                break
            # "Good point, but ..." concedes and then objects.
            clause_words = len(WORD.findall(stripped.lower()))
            # "Fair enough, though I think open sessions ..." concedes as well.
            if (
                (STRONG_CONTRAST.match(stripped) and clause_words > 1)
                or (WEAK_CONTRAST.match(stripped) and COUNTER_VIEW.search(stripped))
            ) and (last is Stance.AGREE or not CONVERT_STRONG.search(clauses[last_at])):
                return Stance.DISAGREE
    return last


def concedes(text: str) -> bool:
    """ "Yes, but only with a quorum": an objection that first grants part of what it answers.
    Its author's view is a qualified one, not the flat "no" of other objectors."""
    if classify_stance(text) is not Stance.DISAGREE:
        return False
    words = text.translate(APOSTROPHES).split()
    opening = " ".join(words[:STANCE_WINDOW_WORDS])
    clauses = [c for c in ANY_CONTRAST.split(opening) if c.strip()]
    return len(clauses) > 1 and clause_stance(clauses[0]) is Stance.AGREE


def asks_for_a_fact(text: str) -> bool:
    return bool(ASKING.match(text))


def names_its_choice(text: str) -> bool:
    """ "I'm for the dues waiver", but not "Luxemburg gets my vote too" (going along)."""
    words = text.translate(APOSTROPHES).split()
    opening = " ".join(words[:STANCE_WINDOW_WORDS])
    return bool(CHOICE.search(opening)) and not ALONG.search(opening)


def grants_a_point_then_proposes(text: str) -> bool:
    granted = GRANTS_A_POINT.search(text)
    return granted is not None and OWN_PLAN.search(text, granted.end()) is not None


def proposes_instead(text: str) -> bool:
    """ "Let's run a quiz stall instead", "a picnic is better": the message puts its own
    alternative, not only an objection."""
    words = text.translate(APOSTROPHES).split()
    return bool(RIVAL.search(" ".join(words[:STANCE_WINDOW_WORDS])))


def is_third_way(text: str) -> bool:
    """ "Neither of those", "you're both wrong": against every view so far."""
    words = text.translate(APOSTROPHES).split()
    return bool(THIRD_WAY.search(" ".join(words[:STANCE_WINDOW_WORDS])))


def stances(messages: Sequence[PreparedMessage]) -> list[Stance]:
    return [classify_stance(message.text) for message in messages]
