"""The working state of one attribution pass: the positions being formed (their words, their
holders, an inverted index from terms to positions) and who opposes or backs whom."""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.scoring import SparseVector, norm
from bot.domain.summaries.stance import Stance
from bot.domain.summaries.text import stem

MAX_CANDIDATES = 64  # positions compared with one message, most word-sharing first


@dataclass(slots=True)
class DraftPosition:
    founder: int  # message index the position started from
    against: int | None = None  # position it was opened against, when it had no words of its own
    rejected: frozenset[str] = frozenset()  # "monthly instead of fortnightly": terms turned down
    centroid: SparseVector = field(default_factory=dict)
    squared_norm: float = 0.0
    messages: list[int] = field(default_factory=list)

    def add(self, index: int, vector: SparseVector) -> None:
        if vector:
            dot = sum(value * self.centroid.get(term, 0.0) for term, value in vector.items())
            self.squared_norm += 2.0 * dot + sum(value * value for value in vector.values())
            for term, value in vector.items():
                self.centroid[term] = self.centroid.get(term, 0.0) + value
        self.messages.append(index)


@dataclass(slots=True)
class ThreadState:
    messages: Sequence[PreparedMessage]
    positions: list[DraftPosition] = field(default_factory=list)
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)  # author -> position of their last stance
    joined_at: dict[str, int] = field(default_factory=dict)  # author -> message that placed them
    position_of_message: dict[int, int] = field(default_factory=dict)
    relation: dict[frozenset[str], int] = field(default_factory=dict)  # -1 opposed, +1 agreed
    objections: list[tuple[int, int]] = field(default_factory=list)  # (message, target message)
    answered: dict[int, int] = field(default_factory=dict)  # message -> message it answers
    vectors: dict[int, SparseVector] = field(default_factory=dict)
    neutral: set[int] = field(default_factory=set)  # messages that take no stance
    conceding: dict[int, bool] = field(default_factory=dict)  # message -> "yes, but ..."

    members: dict[int, set[str]] = field(default_factory=dict)  # position -> its holders
    opponents: dict[str, set[str]] = field(default_factory=dict)  # author -> opposed authors
    # pair -> (message, stance) of their latest direct exchange: see `arguing`
    exchanges: dict[frozenset[str], tuple[int, Stance]] = field(default_factory=dict)
    options: dict[tuple[int, str], int] = field(default_factory=dict)  # (question, option) -> at

    def holders(self, at: int) -> set[str]:
        return self.members.get(at, set())

    def hold(self, author: str, at: int, index: int) -> None:
        """`author`'s stance is now position `at`, since message `index`."""
        previous = self.held.get(author)
        if previous is not None:
            self.members[previous].discard(author)
        self.held[author] = at
        self.members.setdefault(at, set()).add(author)
        self.joined_at[author] = index

    def opposed(self, a: str, b: str) -> bool:
        return b in self.opponents.get(a, ())

    def arguing(self, a: str, b: str) -> bool:
        """Whether the latest exchange between `a` and `b` was a reply that argued a point with
        no agreement in it. Such a pair may be on opposite sides, so shared words or a chain of
        agreements never puts them in one position (in doubt, apart); they are not reported as
        disagreeing either, since neither said so."""
        latest = self.exchanges.get(frozenset((a, b)))
        return latest is not None and latest[1] is Stance.NEUTRAL

    def relate(self, a: str, b: str, value: int) -> None:
        self.relation[frozenset((a, b))] = value
        if value < 0:
            self.opponents.setdefault(a, set()).add(b)
            self.opponents.setdefault(b, set()).add(a)
        else:
            self.opponents.get(a, set()).discard(b)
            self.opponents.get(b, set()).discard(a)

    def allowed(self, author: str, at: int) -> bool:
        opponents = self.opponents.get(author)
        return not opponents or opponents.isdisjoint(self.holders(at))

    def place(self, author: str, at: int, index: int, vector: SparseVector) -> None:
        self.positions[at].add(index, vector)
        for term, value in vector.items():
            weights = self.postings.setdefault(term, {})
            weights[at] = weights.get(at, 0.0) + value
        self.position_of_message[index] = at
        if self.held.get(author) != at:
            self.hold(author, at, index)

    def open(self, founder: int, against: int | None = None) -> int:
        rejected = rejected_terms(self.messages[founder].text)
        self.positions.append(DraftPosition(founder, against, rejected=rejected))
        return len(self.positions) - 1

    def similarities(self, vector: SparseVector) -> dict[int, float]:
        # Local names and no empty dict per missing term: this loop is the pass's hottest.
        # Each sum still adds in the same order, so the figures are the same to the last bit.
        dots: dict[int, float] = {}
        dot_of = dots.get
        postings = self.postings
        for term, value in vector.items():
            weights = postings.get(term)
            if weights:
                for at, weight in weights.items():
                    dots[at] = dot_of(at, 0.0) + value * weight
        vector_norm = norm(vector)
        if len(dots) > MAX_CANDIDATES:
            # Same as the stable sort below: ties keep their order (heapq documents this).
            best = heapq.nlargest(MAX_CANDIDATES, dots.items(), key=itemgetter(1))
        else:
            best = sorted(dots.items(), key=lambda item: -item[1])
        found: dict[int, float] = {}
        for at, dot in best:
            position_norm = self.positions[at].squared_norm ** 0.5
            if position_norm and vector_norm:
                found[at] = dot / (position_norm * vector_norm)
        return found

    def oppose(self, author: str, target_author: str, target_position: int | None) -> None:
        """`author` objects to `target_author` and to everyone sharing that view."""
        others = {target_author}
        if target_position is not None:
            others.update(self.holders(target_position))
        for other in others - {author}:
            self.relate(author, other, -1)

    def reconcile(self, author: str, at: int) -> None:
        """Joining a view ends the opposition to the people who hold it."""
        for other in self.holders(at):
            if other != author:
                self.relate(author, other, 1)


# "Monthly instead of fortnightly", "Capital rather than the Manifesto", "Thursdays, not Fridays".
_TURNED_DOWN = re.compile(
    r"(?:^|(?<=\W))(?:instead of|rather than|in place of|over|,\s*not|than)\s+(?:the |a |an )?"
    r"([a-z][a-z'-]+)",
    re.IGNORECASE,
)


def rejected_terms(text: str) -> frozenset[str]:
    """The stemmed first word of each alternative a statement turns down."""
    return frozenset(stem(match.group(1).lower()) for match in _TURNED_DOWN.finditer(text))
