"""A position's label: a few of its founding message's own words, the view and not the
politeness around it ("I think", "Agreed,", "Separate point:", an emoji), cut before its
reasons and never in the middle of a name."""

from __future__ import annotations

import re

from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.stance import CUE_WORDS, Stance, classify_stance

LABEL_WORDS = 8
NAME_RUN = 3  # a label cut inside a name ("at the Red") runs on this many more words at most
HEADING_WORDS = 3  # "Separate point:", "Mod question:": a heading this short is not the view

_LABEL_PREFIX = re.compile(
    r"^(?:(?:and|so|well|ok|okay|look|honestly|personally|frankly|also|plus|again|still|"
    r"lol|lmao|haha\w*|oh great|oh|ugh|"
    r"but|yes|yeah|no|nope|sure|right|exactly|agreed|absolutely|true|fine|then|now|"
    r"on reflection|fair enough|point taken|to be honest|in my view|for me|my vote is(?: for)?|"
    r"i (?:\w+ )?(?:think|believe|feel|reckon|propose|suggest|say|guess|agree|disagree)"
    r"(?: with \w+)?(?: that)?|i'd (?:say|argue|go with)|i'm (?:for|with \w+)|"
    # Whole words only: "nope" is not "no" + "pe", "sortition" not "so" + "rtition".
    r"you're right(?: that)?|\w+ is right(?: that)?|\w+ has a point|"
    r"\w+(?:'s| is) wrong(?: (?:here|there|about this))?)(?=\W|$)[\s,.:;!-]*)+",
    re.IGNORECASE,
)
_LABEL_CUT = re.compile(
    r"\s*(?:,|;|:|—|–| - |\(|\bbecause\b|\bsince\b|\bas long as\b|\bwhich\b|\bso that\b|"
    r"\bbut\b|\bthough\b|\balthough\b|\bwhereas\b|\bwhile\b)",
    re.IGNORECASE,
)
# A proposal ("shall we…", "let's…"), even phrased as a question.
PROPOSAL = re.compile(
    r"\W*(?:so,?\s+)?(?:shall we|should we|can we|could we|why don't we|why not|how about|"
    r"what about|let's|lets)\b",
    re.IGNORECASE,
)
_HEADING = re.compile(
    rf"^\s*[\w'-]+(?:\s+[\w'-]+){{0,{HEADING_WORDS - 1}}}\s*:\s+(?=\S+(?:\s+\S+){{2,}})"
)
_PLAN = re.compile(r"(?<=[,;:.—–-] )(?:let's|lets|we should|we must|we need to|how about)\b", re.I)
# In an objection that first grants something, the sentence that objects.
_OBJECTING = re.compile(
    r"(?:^|(?<=\W))(?:not|no|never|though|but|however|against|won't|can't|shouldn't)(?=\W|$)|"
    r"n't(?=\W|$)",
    re.IGNORECASE,
)
# Emoji and other pictographs say nothing a label can repeat.
_PICTOGRAPHS = re.compile(r"[^\w\s'’£$€%&.,;:!?()/—–-]+")
_TRAILING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "at",
        "in",
        "on",
        "for",
        "and",
        "or",
        "with",
        "as",
        "by",
        "from",
        "our",
        "their",
        "my",
        "your",
        "his",
        "her",
        "its",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "be",
    ]
)


def label_of(message: PreparedMessage) -> str:
    """A few of the founding message's own words: its first statement with content, without
    the opening ("I think", "Agreed,") and cut before its reasons ("because ..."). An
    objection that first grants something ("Love the idea. Not this year though") is named
    by its objection."""
    candidates = [
        s for s in message.sentences if not s.is_question or PROPOSAL.match(s.text)
    ] or list(message.sentences)
    if classify_stance(message.text) is Stance.DISAGREE:
        objecting = [s for s in candidates if _OBJECTING.search(s.text)]
        candidates = objecting or candidates
    with_content = [s for s in candidates if sum(term not in CUE_WORDS for term in s.terms) >= 2]
    for sentence in with_content or candidates:
        text = _PICTOGRAPHS.sub(" ", sentence.text).strip()
        text = _HEADING.sub("", text, count=1)
        plan = _PLAN.search(text)
        if plan is not None and plan.start() > 0 and len(text[plan.start() :].split()) >= 3:
            text = text[plan.start() :]  # "The council is slow, let's keep the pub": the plan
        text = _LABEL_PREFIX.sub("", text)
        cut = _LABEL_CUT.search(text)
        if cut and len(text[: cut.start()].split()) >= 2:
            text = text[: cut.start()]
        label = _shortened(text.split())
        if label:
            return label[:1].upper() + label[1:]
    return ""


def _shortened(words: list[str]) -> str:
    """The first words, run on to the end of a name cut in two ("at the Red Lion"), without
    trailing words that lead nowhere ("march as a")."""
    kept = words[:LABEL_WORDS]
    rest = words[LABEL_WORDS:]
    if kept and kept[-1][:1].isupper():
        for word in rest[:NAME_RUN]:
            if not word[:1].isupper():
                break
            kept.append(word)
    while len(kept) > 2 and kept[-1].strip(" ,.;:!-—–").lower() in _TRAILING:
        kept.pop()
    return " ".join(kept).strip(" ,.;:!-—–")
