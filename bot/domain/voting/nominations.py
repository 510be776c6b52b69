"""Election nominations: one person per candidacy, accepted before it counts, withdrawable
until voting opens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from bot.domain.names import clean_label, label_key
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import MAX_LABEL_LENGTH, MAX_OPTIONS, VoteOption
from bot.domain.voting.lifecycle import VoteState

MAX_STATEMENT_LENGTH = 1000
# How much of a member id a duplicate name gets: the end first, then more, then all of it.
SUFFIX_DIGITS = (4, 8, None)


def _suffix(member_id: int, digits: int | None) -> str:
    shown = str(member_id) if digits is None else str(member_id)[-digits:]
    return f" (…{shown})"


def candidate_labels(names: Mapping[int, str], order: Sequence[int]) -> dict[int, str]:
    """Ballot labels for the candidates in ``order`` that no reader can confuse: names are
    cleaned (NFKC, no invisible characters, one line) and compared by confusable skeleton; a
    name shared with another candidate gets the end of the member id, longer until every
    label differs, the whole id at worst.

    Unique by construction, whatever names members choose (including one that copies the
    label another candidate is given, "Anna (…0028)"): with whole ids, every label ends in
    " (…" + digits + ")" after its last "(", and member ids differ, so skeletons differ."""
    bases: dict[int, str] = {}
    for member_id in order:
        base = clean_label(names.get(member_id, ""))
        bases[member_id] = base if label_key(base) else f"Member {member_id}"
    level = dict.fromkeys(order, -1)  # -1: the name alone

    def label(member_id: int) -> str:
        base = bases[member_id]
        if level[member_id] < 0:
            return base[:MAX_LABEL_LENGTH]
        suffix = _suffix(member_id, SUFFIX_DIGITS[level[member_id]])
        return base[: MAX_LABEL_LENGTH - len(suffix)].rstrip() + suffix

    while True:
        labels = {m: label(m) for m in order}
        keys = Counter(label_key(text) for text in labels.values())
        clashing = [m for m in order if keys[label_key(labels[m])] > 1]
        raisable = [m for m in clashing if level[m] < len(SUFFIX_DIGITS) - 1]
        if not raisable:
            if clashing:  # unreachable: whole member ids are distinct
                raise VotingError("Two candidates' labels could not be told apart.")
            return labels
        for member_id in raisable:
            level[member_id] += 1


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
        """The accepted candidates as ballot options: id is the member id, label their name,
        made distinct from every other label (see `candidate_labels`)."""
        order = [n.nominee_id for n in self.accepted]
        labels = candidate_labels(names, order)
        return tuple(VoteOption(str(member_id), labels[member_id]) for member_id in order)

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
