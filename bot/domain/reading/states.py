"""The life cycle of a reading session as stored: where it may go from where it is.

Plain Python, like the job and outbox states (bot/domain/jobs.py): the repository
(bot/db/reading.py) checks every change here, so no state is written as a bare string or moved
where it may not go.
"""

from __future__ import annotations

from enum import StrEnum

from bot.domain.jobs import IllegalTransition


class SessionState(StrEnum):
    SCHEDULED = "scheduled"  # dated, its jobs armed (every session starts here)
    POSTED = "posted"  # its thread is up: final, whatever the plan does afterwards
    MISSED = "missed"  # due while the bot was down past the grace period; owed to members
    HELD = "held"  # undated by a pause; comes back when the plan resumes
    REMOVED = "removed"  # a config edit left the plan without it; may come back with another

    @property
    def is_dated(self) -> bool:
        """The plan gives it a date (its calendar entry and event stand)."""
        return self in (SessionState.SCHEDULED, SessionState.POSTED, SessionState.MISSED)

    @property
    def is_pending(self) -> bool:
        """Not posted yet and still meant to be (what a config edit may move)."""
        return self in (SessionState.SCHEDULED, SessionState.HELD)


INITIAL = SessionState.SCHEDULED

_MOVES: dict[SessionState, frozenset[SessionState]] = {
    # Scheduled -> scheduled: re-dated by a re-plan (a reschedule, a skip, a config edit).
    SessionState.SCHEDULED: frozenset(
        {
            SessionState.SCHEDULED,
            SessionState.POSTED,
            SessionState.MISSED,
            SessionState.HELD,
            SessionState.REMOVED,
        }
    ),
    # A posted session is history: members answered in its thread.
    SessionState.POSTED: frozenset(),
    # Owed: an organizer posts it late, or reschedules it into the future.
    SessionState.MISSED: frozenset({SessionState.SCHEDULED}),
    SessionState.HELD: frozenset({SessionState.SCHEDULED, SessionState.REMOVED}),
    SessionState.REMOVED: frozenset({SessionState.SCHEDULED}),
}


def session_may_move(current: SessionState, target: SessionState) -> bool:
    return target in _MOVES[current]


def ensure_session_move(current: SessionState, target: SessionState) -> None:
    if not session_may_move(current, target):
        raise IllegalTransition(f"a {current.value} reading session cannot become {target.value}")


def session_states_leading_to(target: SessionState) -> frozenset[SessionState]:
    """Every state from which ``target`` may be reached."""
    return frozenset(state for state, moves in _MOVES.items() if target in moves)
