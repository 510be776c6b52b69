"""Election nominations: one person per candidacy, accepted before it counts, withdrawable
until voting opens."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import MAX_LABEL_LENGTH, MAX_OPTIONS, VoteOption
from bot.domain.voting.lifecycle import VoteState

MAX_STATEMENT_LENGTH = 1000


class NominationStatus(Enum):
    PENDING = "pending"  # nominated by someone else, waiting for the nominee
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def is_active(self) -> bool:
        return self in (NominationStatus.PENDING, NominationStatus.ACCEPTED)


@dataclass(frozen=True)
class Nomination:
    """One member's candidacy. There are no slates: a nomination names exactly one person."""

    nominee_id: int
    nominator_id: int
    status: NominationStatus
    statement: str = ""

    @property
    def is_self_nomination(self) -> bool:
        return self.nominee_id == self.nominator_id


def _clean_statement(statement: str) -> str:
    cleaned = statement.strip()
    if len(cleaned) > MAX_STATEMENT_LENGTH:
        raise VotingError(
            f"Your statement is {len(cleaned)} characters; the limit is {MAX_STATEMENT_LENGTH}."
        )
    return cleaned


def _require_nominating(state: VoteState) -> None:
    if state is not VoteState.NOMINATING:
        raise VotingError("Nominations are not open for this election.")


@dataclass(frozen=True)
class Nominations:
    """All nominations of one election, as an immutable value: each change returns a new one."""

    entries: tuple[Nomination, ...] = ()

    def of(self, nominee_id: int) -> Nomination | None:
        return next((n for n in self.entries if n.nominee_id == nominee_id), None)

    @property
    def accepted(self) -> tuple[Nomination, ...]:
        return tuple(n for n in self.entries if n.status is NominationStatus.ACCEPTED)

    def nominate(
        self, nominator_id: int, nominee_id: int, state: VoteState, statement: str = ""
    ) -> Nominations:
        """Self-nomination is accepted at once with the statement; nominating someone else
        waits for them to accept (and write their own statement)."""
        _require_nominating(state)
        existing = self.of(nominee_id)
        if existing is not None and existing.status.is_active:
            raise VotingError("That member is already nominated.")
        if nominator_id == nominee_id:
            self._require_room()
            nomination = Nomination(
                nominee_id, nominator_id, NominationStatus.ACCEPTED, _clean_statement(statement)
            )
        else:
            if statement.strip():
                raise VotingError("Only the candidate writes their statement, when accepting.")
            nomination = Nomination(nominee_id, nominator_id, NominationStatus.PENDING)
        return self._put(nomination)

    def accept(self, nominee_id: int, state: VoteState, statement: str = "") -> Nominations:
        _require_nominating(state)
        pending = self._require_status(nominee_id, NominationStatus.PENDING)
        self._require_room()
        accepted = replace(
            pending, status=NominationStatus.ACCEPTED, statement=_clean_statement(statement)
        )
        return self._put(accepted)

    def decline(self, nominee_id: int, state: VoteState) -> Nominations:
        _require_nominating(state)
        pending = self._require_status(nominee_id, NominationStatus.PENDING)
        return self._put(replace(pending, status=NominationStatus.DECLINED))

    def withdraw(self, nominee_id: int, state: VoteState) -> Nominations:
        """A candidate may withdraw until voting opens; after that their name stays on the
        ballot (ballots already cast rank them)."""
        if state is not VoteState.NOMINATING:
            raise VotingError("Candidates can only withdraw before voting opens.")
        current = self.of(nominee_id)
        if current is None or not current.status.is_active:
            raise VotingError("You are not a candidate in this election.")
        return self._put(replace(current, status=NominationStatus.WITHDRAWN))

    def candidate_options(self, names: Mapping[int, str]) -> tuple[VoteOption, ...]:
        """The accepted candidates as ballot options: id is the member id, label their name."""
        return tuple(
            VoteOption(
                str(n.nominee_id),
                names.get(n.nominee_id, f"Member {n.nominee_id}")[:MAX_LABEL_LENGTH],
            )
            for n in self.accepted
        )

    def _require_status(self, nominee_id: int, status: NominationStatus) -> Nomination:
        current = self.of(nominee_id)
        if current is None or current.status is not status:
            raise VotingError("There is no nomination waiting for your answer.")
        return current

    def _require_room(self) -> None:
        if len(self.accepted) >= MAX_OPTIONS:
            raise VotingError(f"This election already has {MAX_OPTIONS} candidates, the most.")

    def _put(self, nomination: Nomination) -> Nominations:
        """Replace the nominee's entry in place (keeping the order) or append a new one."""
        if self.of(nomination.nominee_id) is None:
            return Nominations((*self.entries, nomination))
        return Nominations(
            tuple(nomination if n.nominee_id == nomination.nominee_id else n for n in self.entries)
        )
