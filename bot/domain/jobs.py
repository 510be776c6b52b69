"""The states of scheduled jobs, outbox entries and shard leases, with their allowed moves.

Plain Python: the repositories (bot/db) store the values and check every change here, so no
state is ever written as a bare string or moved where it may not go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class IllegalTransition(Exception):
    """A state change the life cycle does not allow (a bug, never a member's mistake)."""


class JobState(StrEnum):
    PENDING = "pending"  # waiting for its time, or re-queued
    RUNNING = "running"  # claimed by one process under one lease epoch
    DONE = "done"
    MISSED = "missed"  # due while the bot was down for longer than its grace
    CANCELLED = "cancelled"
    FAILED = "failed"  # failed for good: the organizers are told once

    @property
    def is_finished(self) -> bool:
        return self in (JobState.DONE, JobState.MISSED, JobState.CANCELLED, JobState.FAILED)


_JOB_MOVES: dict[JobState, frozenset[JobState]] = {
    JobState.PENDING: frozenset({JobState.RUNNING, JobState.CANCELLED, JobState.PENDING}),
    # Back to pending: a retry, or re-queued after its process died or lost its lease.
    JobState.RUNNING: frozenset(
        {JobState.DONE, JobState.MISSED, JobState.FAILED, JobState.PENDING}
    ),
    # A finished job runs again only when asked (an event to update after a reschedule).
    JobState.DONE: frozenset({JobState.PENDING}),
    JobState.MISSED: frozenset({JobState.PENDING}),
    JobState.CANCELLED: frozenset({JobState.PENDING}),
    JobState.FAILED: frozenset({JobState.PENDING}),
}


def job_may_move(current: JobState, target: JobState) -> bool:
    return target in _JOB_MOVES[current]


def ensure_job_move(current: JobState, target: JobState) -> None:
    if not job_may_move(current, target):
        raise IllegalTransition(f"a {current.value} job cannot become {target.value}")


def job_states_leading_to(target: JobState) -> frozenset[JobState]:
    """Every state from which ``target`` may be reached (for guarded UPDATEs)."""
    return frozenset(state for state, moves in _JOB_MOVES.items() if target in moves)


class OutboxState(StrEnum):
    """A message the bot means to send: the intent is recorded before the send."""

    INTENDED = "intended"  # begun: a send may or may not have reached Discord
    SENT = "sent"  # the message id is recorded: never sent again


_OUTBOX_MOVES: dict[OutboxState, frozenset[OutboxState]] = {
    OutboxState.INTENDED: frozenset({OutboxState.SENT}),
    OutboxState.SENT: frozenset(),
}


def ensure_outbox_move(current: OutboxState, target: OutboxState) -> None:
    if target not in _OUTBOX_MOVES[current]:
        raise IllegalTransition(f"an outbox entry {current.value} cannot become {target.value}")


class LeaseState(StrEnum):
    """A shard lease as another process sees it at a moment."""

    FREE = "free"  # nobody holds it (new, or handed back at a clean stop)
    HELD = "held"  # its own process renews it
    ADOPTED = "adopted"  # another process keeps the shard's work going while its own is away
    EXPIRED = "expired"  # its holder stopped renewing: it died or stalled


def lease_state(
    owner: str | None, adopted: bool, expires_at: dt.datetime, now: dt.datetime
) -> LeaseState:
    if owner is None:
        return LeaseState.FREE
    if expires_at <= now:
        return LeaseState.EXPIRED
    return LeaseState.ADOPTED if adopted else LeaseState.HELD


def lease_takeable(state: LeaseState, *, by_its_own_process: bool) -> bool:
    """Free and expired leases are anyone's; an adopted one goes back to its own process."""
    if state in (LeaseState.FREE, LeaseState.EXPIRED):
        return True
    return state is LeaseState.ADOPTED and by_its_own_process


@dataclass(frozen=True)
class Fence:
    """The fencing token of a claim: which lease, held by whom, at which epoch.

    The epoch grows by one at every change of owner, so a process that stalled while another
    took its lease over carries an old epoch, and every write it guards with it is refused.
    """

    shard_count: int
    shard_id: int
    owner: str
    epoch: int


class LeaseLost(Exception):
    """This process no longer owns the job it was running: the shard lease changed hands (it
    stalled past the lease's TTL and another process took over). Stop, record nothing."""
