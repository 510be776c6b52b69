"""The life of a vote (draft → nominating → open → closed, or cancelled) and who may vote."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum

from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteKind, VoteSpec, check_ready_to_open


class VoteState(Enum):
    DRAFT = "draft"
    NOMINATING = "nominating"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in (VoteState.CLOSED, VoteState.CANCELLED)


class TransitionRefusal(Enum):
    """Why a vote cannot move to the state asked for; the value is the member's message."""

    ALREADY_THERE = "The vote is already in that state."
    ALREADY_FINISHED = "The vote has already finished."
    NOMINATIONS_ONLY_FOR_ELECTIONS = "Only an election takes nominations."
    NO_GOING_BACK = "A vote cannot go back to an earlier stage."
    NOT_OPEN_YET = "Only an open vote can be closed."


_FORWARD: dict[VoteState, frozenset[VoteState]] = {
    VoteState.DRAFT: frozenset({VoteState.NOMINATING, VoteState.OPEN, VoteState.CANCELLED}),
    VoteState.NOMINATING: frozenset({VoteState.OPEN, VoteState.CANCELLED}),
    VoteState.OPEN: frozenset({VoteState.CLOSED, VoteState.CANCELLED}),
    VoteState.CLOSED: frozenset(),
    VoteState.CANCELLED: frozenset(),
}


def transition_refusal(
    kind: VoteKind, current: VoteState, target: VoteState
) -> TransitionRefusal | None:
    """The reason `current → target` is not allowed, or None if it is."""
    if current is target:
        return TransitionRefusal.ALREADY_THERE
    if current.is_final:
        return TransitionRefusal.ALREADY_FINISHED
    if target is VoteState.NOMINATING and kind is not VoteKind.ELECTION:
        return TransitionRefusal.NOMINATIONS_ONLY_FOR_ELECTIONS
    if target in _FORWARD[current]:
        return None
    if target is VoteState.CLOSED:
        return TransitionRefusal.NOT_OPEN_YET
    return TransitionRefusal.NO_GOING_BACK


def ensure_transition(spec: VoteSpec, current: VoteState, target: VoteState, now: datetime) -> None:
    """Raise VotingError unless the vote may move to `target` now (opening checks readiness)."""
    refusal = transition_refusal(spec.kind, current, target)
    if refusal is not None:
        raise VotingError(refusal.value)
    if target is VoteState.OPEN:
        check_ready_to_open(spec, now)


def freeze_roll(member_ids: Iterable[int]) -> frozenset[int]:
    """The voter roll, taken once when the vote opens; joining later gives no vote."""
    return frozenset(member_ids)


class BallotRefusal(Enum):
    """Why a member may not cast (or recast) a ballot; the value is the member's message."""

    NOT_OPEN = "This vote is not open."
    PAST_CLOSING_TIME = "This vote has reached its closing time."
    NOT_ON_ROLL = "You were not on the voter roll when this vote opened."
    ALREADY_VOTED = "You have already voted, and ballots in this vote cannot be changed."


def ballot_refusal(
    spec: VoteSpec,
    state: VoteState,
    roll: frozenset[int],
    member_id: int,
    *,
    has_voted: bool,
    now: datetime,
) -> BallotRefusal | None:
    """Why `member_id` may not cast a ballot now, or None if they may."""
    if state is not VoteState.OPEN:
        return BallotRefusal.NOT_OPEN
    # The scheduler may close the vote a moment late; the closing time still binds.
    if spec.closes_at is not None and now >= spec.closes_at:
        return BallotRefusal.PAST_CLOSING_TIME
    if member_id not in roll:
        return BallotRefusal.NOT_ON_ROLL
    if has_voted and not spec.changeable:
        return BallotRefusal.ALREADY_VOTED
    return None


def ensure_may_vote(
    spec: VoteSpec,
    state: VoteState,
    roll: frozenset[int],
    member_id: int,
    *,
    has_voted: bool,
    now: datetime,
) -> None:
    refusal = ballot_refusal(spec, state, roll, member_id, has_voted=has_voted, now=now)
    if refusal is not None:
        raise VotingError(refusal.value)
