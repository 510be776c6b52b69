"""What the voting services hand to cogs: frozen, Discord-free and ORM-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from bot.db.voting import StoredVote
from bot.domain.counting import CountingMethod
from bot.domain.voting.kinds import EligibleRole, VoteKind, VoteOption, VoteSpec
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import NominationStatus
from bot.domain.voting.publish import PublishedFile
from bot.services.voting.outcome import VoteOutcome

OPEN_JOB = "vote.open"
CLOSE_JOB = "vote.close"
REMIND_JOB = "vote.remind"


def job_id(kind: str, vote_id: int) -> str:
    return f"{kind}:{vote_id}"


@dataclass(frozen=True)
class CreateRequest:
    """A new vote as the organizer described it; the service fills defaults from config."""

    title: str
    kind: VoteKind
    options: tuple[str, ...] = ()
    method: CountingMethod | None = None
    seats: int | None = None
    threshold: Fraction | None = None
    quorum: Fraction | None = None
    max_approvals: int | None = None
    secret: bool | None = None
    changeable: bool | None = None
    opens_at: dt.datetime | None = None
    duration: dt.timedelta | None = None
    eligible_roles: tuple[EligibleRole, ...] = ()  # empty: the member role


@dataclass(frozen=True)
class VoteInfo:
    id: int
    guild_id: int
    spec: VoteSpec
    state: VoteState
    created_by: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    roll_size: int | None
    ballots_cast: int
    channel_id: int | None
    message_id: int | None
    result_message_id: int | None
    outcome: VoteOutcome | None
    published: PublishedFile | None
    cancel_reason: str | None

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def kind(self) -> VoteKind:
        return self.spec.kind


def vote_info(stored: StoredVote, ballots_cast: int) -> VoteInfo:
    published = None
    if stored.published_text is not None and stored.published_extension is not None:
        published = PublishedFile(stored.published_extension, stored.published_text)
    return VoteInfo(
        id=stored.id,
        guild_id=stored.guild_id,
        spec=stored.spec,
        state=stored.state,
        created_by=stored.created_by,
        opens_at=stored.opens_at,
        closes_at=stored.closes_at,
        roll_size=stored.roll_size,
        ballots_cast=ballots_cast,
        channel_id=stored.channel_id,
        message_id=stored.message_id,
        result_message_id=stored.result_message_id,
        outcome=VoteOutcome.from_json(dict(stored.result)) if stored.result else None,
        published=published,
        cancel_reason=stored.cancel_reason,
    )


@dataclass(frozen=True)
class BallotForm:
    """What one voter's ballot shows: the options in *their* order (ballot_order)."""

    vote_id: int
    title: str
    kind: VoteKind
    options: tuple[VoteOption, ...]
    max_approvals: int | None
    secret: bool
    changeable: bool
    has_voted: bool
    closes_at: dt.datetime


@dataclass(frozen=True)
class CastReceipt:
    vote_id: int
    title: str
    tracker: str | None  # secret votes only; shown once, stored nowhere
    changed: bool  # this ballot replaced the member's earlier one
    changeable: bool
    closes_at: dt.datetime


@dataclass(frozen=True)
class CandidateInfo:
    member_id: int
    name: str
    nominator_id: int
    status: NominationStatus
    statement: str
    thread_id: int | None


@dataclass(frozen=True)
class ReminderBatch:
    vote: VoteInfo
    member_ids: frozenset[int]  # on the roll and not yet voted: nothing about any choice
