"""What the conventions service hands to cogs and the CLI: frozen, Discord-free values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.db.conventions import Checkin, StoredAmendment, StoredConvention, StoredItem
from bot.domain.conventions.amendments import AmendmentResult, apply_carried, voting_order
from bot.domain.conventions.text import split_lines
from bot.services.voting.records import VoteInfo

# The convention's schedule, in the database (bot/db/jobs.py): restart-safe, each job runs
# the chair's step under the same per-convention exclusion as `/convention next`.
START_JOB = "convention.start"
END_JOB = "convention.end"
ITEM_OPEN_JOB = "convention.item_open"
ITEM_CLOSE_JOB = "convention.item_close"
CLOCK_JOBS = (START_JOB, END_JOB, ITEM_OPEN_JOB, ITEM_CLOSE_JOB)


def clock_job_id(
    kind: str, convention_id: int, position: int | None = None, extra: str = ""
) -> str:
    tail = "" if position is None else f":{position}"
    return f"{kind}:{convention_id}{tail}{':' + extra if extra else ''}"


class VoteDesk(Protocol):
    """Opens and closes the convention's votes. The cog's desk announces and publishes them
    in Discord through the votes machinery; the roll is the check-in list either way."""

    async def open(self, guild_id: int, vote_id: int) -> VoteInfo: ...

    async def close(self, guild_id: int, vote_id: int) -> VoteInfo | None: ...


@dataclass(frozen=True)
class ItemView:
    item: StoredItem
    amendments: tuple[StoredAmendment, ...]
    votes: dict[int, VoteInfo] = field(default_factory=dict)  # by vote id

    @property
    def lines(self) -> tuple[str, ...]:
        """The text as moved."""
        return split_lines(self.item.body) if self.item.body else ()

    def in_voting_order(self) -> list[StoredAmendment]:
        by_number = {a.number: a for a in self.amendments}
        return [
            by_number[n] for n, _ in voting_order((a.number, a.change) for a in self.amendments)
        ]

    @property
    def current_lines(self) -> tuple[str, ...]:
        """The text with every amendment carried so far."""
        carried = [a.change for a in self.in_voting_order() if a.result is AmendmentResult.CARRIED]
        return apply_carried(self.lines, carried)

    def amendment(self, number: int) -> StoredAmendment | None:
        return next((a for a in self.amendments if a.number == number), None)


@dataclass(frozen=True)
class ConventionView:
    convention: StoredConvention
    items: tuple[ItemView, ...]
    checkins: tuple[Checkin, ...]
    membership: int | None = None

    @property
    def current(self) -> ItemView | None:
        return next((i for i in self.items if i.item.state.value == "open"), None)

    def item(self, position: int) -> ItemView | None:
        return next((i for i in self.items if i.item.position == position), None)


@dataclass(frozen=True)
class Step:
    """What one `/convention next` did, in order, for the chair and the agenda message."""

    convention: ConventionView
    events: tuple[str, ...]
    published_items: tuple[int, ...] = ()  # positions whose final text is now settled
    opened_votes: tuple[int, ...] = ()


__all__ = ["ConventionView", "ItemView", "Step", "StoredAmendment", "VoteDesk"]


def names(entries: Sequence[Checkin]) -> list[str]:
    return [entry.name for entry in entries]
