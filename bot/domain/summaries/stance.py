"""Lexical stance: who agrees or disagrees with whom, from explicit cues and reply links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from bot.domain.summaries.model import (
    AgreementKind,
    AgreementPoint,
    Disagreement,
    Position,
)
from bot.domain.summaries.prepare import PreparedMessage, gist

MAX_DISAGREEMENTS = 8
MAX_AGREEMENTS = 8
SHARED_VIEW_MIN_PEOPLE = 3
SHARED_VIEW_MIN_SHARE = 0.3  # of everyone who took part
STANCE_WINDOW_WORDS = 12  # a cue counts only near the start, where replies state their stance

_AGREE = re.compile(
    r"(?:^|\W)(?:i (?:totally |fully |completely |strongly )?agree|agreed|agree with|\+1|"
    r"exactly|same here|good point|fair point|great point|well said|that's right|"
    r"you're right|you are right|absolutely|seconded|i second|me too|true that|"
    r"this is it|yes,? (?:and|exactly|agreed)|definitely|👍|💯|✅)(?:\W|$)",
    re.IGNORECASE,
)
_DISAGREE = re.compile(
    r"(?:^|\W)(?:i (?:strongly |totally |completely )?disagree|disagree|i don't think|"
    r"i do not think|i'm not sure (?:that|about)|not convinced|that's not (?:true|right)|"
    r"that is not (?:true|right)|that's wrong|not true|nope|no,|on the contrary|i doubt|"
    r"i object|object to|-1|👎|i don't agree|i do not agree|i can't agree|hard disagree)(?:\W|$)",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"(?:^|\W)(?:but|however|although|though|yet)(?:\W|$)", re.IGNORECASE)
_OPENS_WITH_CONTRAST = re.compile(r"\s*(?:but|however|on the other hand)\b", re.IGNORECASE)


class Stance(Enum):
    AGREE = "agree"
    DISAGREE = "disagree"
    NEUTRAL = "neutral"


def classify_stance(text: str, is_reply: bool) -> Stance:
    """Explicit disagreement wins over agreement ("I agree, but no, ..." is a disagreement).

    A message opening with "But ..." or "However ..." answers whatever came before it.
    """
    opening = " ".join(text.split()[:STANCE_WINDOW_WORDS])
    if _DISAGREE.search(opening) or _OPENS_WITH_CONTRAST.match(opening):
        return Stance.DISAGREE
    if _AGREE.search(opening):
        # "Good point, but ..." in a reply concedes and then objects.
        if is_reply and _CONTRAST.search(opening):
            return Stance.DISAGREE
        return Stance.AGREE
    return Stance.NEUTRAL


def reply_targets(messages: Sequence[PreparedMessage]) -> list[int | None]:
    """Which earlier message each one answers: its reply link, else the last other author's."""
    index_by_id = {message.message.id: message.index for message in messages}
    last_index: int | None = None
    last_author: str | None = None
    before_last_author: int | None = None  # latest message by someone other than last_author
    targets: list[int | None] = []
    for message in messages:
        author = message.message.author_id
        fallback = last_index if author != last_author else before_last_author
        reply_to = message.message.reply_to_id
        target = index_by_id.get(reply_to) if reply_to is not None else fallback
        if target is not None and messages[target].message.author_id == author:
            target = None  # talking to oneself is not agreement
        targets.append(target)
        if author != last_author:
            before_last_author = last_index
        last_index, last_author = message.index, author
    return targets


def stances(messages: Sequence[PreparedMessage]) -> list[Stance]:
    return [
        classify_stance(message.text, message.message.reply_to_id is not None)
        for message in messages
    ]


def find_agreements(
    messages: Sequence[PreparedMessage], positions: Sequence[Position]
) -> tuple[AgreementPoint, ...]:
    targets = reply_targets(messages)
    agreeing: dict[int, list[int]] = {}
    for message, stance, target in zip(messages, stances(messages), targets, strict=True):
        if stance is Stance.AGREE and target is not None:
            agreeing.setdefault(target, []).append(message.index)
    points: list[AgreementPoint] = []
    for target, indices in agreeing.items():
        ids, names = _distinct_authors(messages, indices)
        points.append(
            AgreementPoint(
                kind=AgreementKind.EXPLICIT,
                statement=gist(messages[target]),
                agreeing_ids=ids,
                agreeing_names=names,
                quotes=tuple(gist(messages[index]) for index in indices[:2]),
            )
        )
    points.sort(key=lambda point: -len(point.agreeing_ids))
    everyone = len({message.message.author_id for message in messages})
    shared = [
        AgreementPoint(
            kind=AgreementKind.SHARED_VIEW,
            statement=position.statement,
            agreeing_ids=position.holder_ids,
            agreeing_names=position.holder_names,
            quotes=(),
        )
        for position in positions
        if position.people >= SHARED_VIEW_MIN_PEOPLE
        and position.people >= SHARED_VIEW_MIN_SHARE * everyone
    ]
    return tuple((shared + points)[:MAX_AGREEMENTS])


def find_disagreements(messages: Sequence[PreparedMessage]) -> tuple[Disagreement, ...]:
    targets = reply_targets(messages)
    message_stances = stances(messages)
    supporters: dict[int, set[str]] = {}
    for message, stance, target in zip(messages, message_stances, targets, strict=True):
        if stance is Stance.AGREE and target is not None:
            supporters.setdefault(target, set()).add(message.message.author_id)
    found: list[Disagreement] = []
    seen_pairs: set[tuple[str, str]] = set()
    for message, stance, target in zip(messages, message_stances, targets, strict=True):
        if stance is not Stance.DISAGREE or target is None:
            continue
        challenged = messages[target]
        pair = (challenged.message.author_id, message.message.author_id)
        if pair in seen_pairs:
            continue
        seen_pairs.add(pair)
        side_a = {challenged.message.author_id} | supporters.get(target, set())
        side_b = {message.message.author_id} | supporters.get(message.index, set())
        found.append(
            Disagreement(
                side_a=gist(challenged),
                side_a_ids=tuple(sorted(side_a - side_b)),
                side_b=gist(message),
                side_b_ids=tuple(sorted(side_b - side_a)),
            )
        )
    found.sort(key=lambda item: -(len(item.side_a_ids) + len(item.side_b_ids)))
    return tuple(found[:MAX_DISAGREEMENTS])


def _distinct_authors(
    messages: Sequence[PreparedMessage], indices: Sequence[int]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names: dict[str, str] = {}
    for index in indices:
        quote = messages[index].quote("")
        names.setdefault(quote.author_id, quote.author_name)
    return tuple(names), tuple(names.values())
