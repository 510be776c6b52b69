"""A convention's agenda: items in order, each moving pending -> open -> done (or skipped),
and the convention itself moving scheduled -> in session -> closed. Quorum is counted on the
members checked in."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from bot.domain.conventions.errors import ConventionError

MAX_ITEMS = 50


class ItemKind(Enum):
    MOTION = "motion"  # a line-numbered text, amendments first, then the motion as amended
    DOCUMENT = "document"  # the same, for a document put to the convention for adoption
    ELECTION = "election"  # an election vote (/vote create kind: election) held at the item
    REPORT = "report"  # a report received, with any minority reports; nothing is voted

    @property
    def has_text(self) -> bool:
        return self in (ItemKind.MOTION, ItemKind.DOCUMENT)


class ItemState(Enum):
    PENDING = "pending"
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def is_final(self) -> bool:
        return self in (ItemState.DONE, ItemState.SKIPPED)


class ConventionState(Enum):
    SCHEDULED = "scheduled"
    IN_SESSION = "in session"
    CLOSED = "closed"


_ITEM_MOVES = {
    ItemState.PENDING: frozenset({ItemState.OPEN, ItemState.SKIPPED}),
    ItemState.OPEN: frozenset({ItemState.DONE}),
    ItemState.DONE: frozenset(),
    ItemState.SKIPPED: frozenset(),
}
_CONVENTION_MOVES = {
    ConventionState.SCHEDULED: frozenset({ConventionState.IN_SESSION, ConventionState.CLOSED}),
    ConventionState.IN_SESSION: frozenset({ConventionState.CLOSED}),
    ConventionState.CLOSED: frozenset(),
}


def ensure_item_move(current: ItemState, target: ItemState) -> None:
    if target not in _ITEM_MOVES[current]:
        raise ConventionError(f"An item that is {current.value} cannot become {target.value}.")


def ensure_convention_move(current: ConventionState, target: ConventionState) -> None:
    if target not in _CONVENTION_MOVES[current]:
        raise ConventionError(f"A convention that is {current.value} cannot become {target.value}.")


@dataclass(frozen=True)
class Quorum:
    """How many checked-in members the convention needs to vote: a share of the membership
    (`share`) or a fixed number (`count`), whichever is given (both: the larger)."""

    share: Fraction | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.share is not None and not 0 < self.share <= 1:
            raise ConventionError("A quorum share must be more than 0 and at most 100%.")
        if self.count is not None and self.count < 1:
            raise ConventionError("A quorum count must be at least 1.")

    def needed(self, membership: int) -> int:
        by_share = math.ceil(self.share * membership) if self.share is not None else 0
        return max(by_share, self.count or 0, 1)

    def met(self, checked_in: int, membership: int) -> bool:
        return checked_in >= self.needed(membership)

    def describe(self) -> str:
        parts = []
        if self.share is not None:
            parts.append(f"{self.share} of the members")
        if self.count is not None:
            parts.append(f"{self.count} members")
        return " and at least ".join(parts) if parts else "1 member"


def next_item(states: list[ItemState]) -> int | None:
    """The position of the first pending item, or None when the agenda is through."""
    return next((i for i, state in enumerate(states) if state is ItemState.PENDING), None)
