"""The anonymised ballot file published after close, and reading it back.

Ranked votes publish a BLT file (one line per ballot, weight 1, the tracker as ballot id);
the others publish CSV:

* motion:   ``tracker,vote`` with ``yes``, ``no`` or ``abstain``
* single:   ``tracker,choice`` with the option's label
* approval: ``tracker,<label>,<label>…`` with 1 (approved) or 0 under each option

Ballots are shuffled before writing, so the file keeps no trace of the order they were cast.
Each voter looks up their private tracker code to check their ballot was counted as cast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.domain.counting.ballots import RankedBallot as CountedRanking
from bot.domain.counting.blt import BltElection, format_blt, parse_blt
from bot.domain.voting.ballots import (
    ApprovalBallot,
    Ballot,
    MotionBallot,
    MotionChoice,
    RankedBallot,
    SingleChoiceBallot,
)
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteKind, VoteSpec
from bot.domain.voting.secrecy import normalize_tracker, shuffle

TRACKER_COLUMN = "tracker"
MOTION_COLUMN = "vote"
CHOICE_COLUMN = "choice"


class TrackedBallot(Protocol):
    @property
    def tracker(self) -> str: ...

    @property
    def ballot(self) -> Ballot: ...


@dataclass(frozen=True)
class PublishedBallot:
    tracker: str
    ballot: Ballot


@dataclass(frozen=True)
class PublishedFile:
    extension: str  # "blt" or "csv"
    text: str


def publish_ballots(spec: VoteSpec, ballots: Iterable[TrackedBallot]) -> PublishedFile:
    """Write the live ballots of a closed vote, shuffled, each under its tracker."""
    shuffled = shuffle(PublishedBallot(b.tracker, b.ballot) for b in ballots)
    for published in shuffled:
        published.ballot.validate(spec)
    if spec.kind.is_ranked:
        return PublishedFile("blt", _format_ranked(spec, shuffled))
    return PublishedFile("csv", _format_csv(spec, shuffled))


def parse_published(spec: VoteSpec, text: str) -> list[PublishedBallot]:
    """Read a published file back, for an offline recount or a tracker check. Raises
    VotingError when the file does not fit the vote."""
    ballots = _parse_ranked(spec, text) if spec.kind.is_ranked else _parse_csv(spec, text)
    for published in ballots:
        published.ballot.validate(spec)
    return ballots


def verify_tracker(published: Sequence[PublishedBallot], tracker: str) -> Ballot | None:
    """The ballot published under `tracker` (typed any way `normalize_tracker` accepts)."""
    wanted = normalize_tracker(tracker)
    if wanted is None:
        return None
    return next((p.ballot for p in published if normalize_tracker(p.tracker) == wanted), None)


def describe_ballot(spec: VoteSpec, ballot: Ballot) -> str:
    """A member-readable account of a ballot: "your ballot was counted as …"."""
    if isinstance(ballot, MotionBallot):
        return ballot.choice.value
    if isinstance(ballot, SingleChoiceBallot):
        return spec.label_of(ballot.option_id)
    if isinstance(ballot, ApprovalBallot):
        return ", ".join(o.label for o in spec.options if o.id in ballot.option_ids)
    return ", ".join(f"{rank}. {spec.label_of(i)}" for rank, i in enumerate(ballot.ranking, 1))


def _format_ranked(spec: VoteSpec, ballots: Sequence[PublishedBallot]) -> str:
    index = {option_id: position for position, option_id in enumerate(spec.option_ids)}
    rankings = []
    for published in ballots:
        if not isinstance(published.ballot, RankedBallot):
            raise VotingError("A ranked vote holds a ballot that is not ranked.")
        ranking = tuple(index[i] for i in published.ballot.ranking)
        rankings.append(CountedRanking(ranking, weight=1, ballot_id=published.tracker))
    election = BltElection(
        candidates=tuple(option.label for option in spec.options),
        seats=spec.seats or 1,
        ballots=tuple(rankings),
        title=spec.title,
    )
    return format_blt(election)


def _parse_ranked(spec: VoteSpec, text: str) -> list[PublishedBallot]:
    try:
        election = parse_blt(text)
    except ValueError as error:
        raise VotingError(f"The BLT file cannot be read: {error}") from error
    option_ids = []
    for name in election.candidates:
        option = spec.option_by_label(name)
        if option is None:
            raise VotingError(f"The file names a candidate this vote does not have: {name!r}.")
        if option.id in option_ids:
            raise VotingError(f"The file names the candidate {option.label!r} twice.")
        option_ids.append(option.id)
    published = []
    for ballot in election.ballots:
        if ballot.ballot_id is None or ballot.weight != 1:
            raise VotingError("Each published ballot has a tracker and weight 1.")
        ranking = tuple(option_ids[i] for i in ballot.ranking)
        published.append(PublishedBallot(ballot.ballot_id, RankedBallot(ranking)))
    return published


def _csv_header(spec: VoteSpec) -> list[str]:
    if spec.kind is VoteKind.MOTION:
        return [TRACKER_COLUMN, MOTION_COLUMN]
    if spec.kind is VoteKind.POLL_SINGLE:
        return [TRACKER_COLUMN, CHOICE_COLUMN]
    return [TRACKER_COLUMN, *(option.label for option in spec.options)]


def _csv_cells(spec: VoteSpec, ballot: Ballot) -> list[str]:
    if isinstance(ballot, MotionBallot):
        return [ballot.choice.value]
    if isinstance(ballot, SingleChoiceBallot):
        return [spec.label_of(ballot.option_id)]
    if isinstance(ballot, ApprovalBallot):
        return ["1" if option.id in ballot.option_ids else "0" for option in spec.options]
    raise VotingError("A ranked ballot is published as BLT, not CSV.")


def _format_csv(spec: VoteSpec, ballots: Sequence[PublishedBallot]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_csv_header(spec))
    for published in ballots:
        writer.writerow([published.tracker, *_csv_cells(spec, published.ballot)])
    return out.getvalue()


def _ballot_from_cells(spec: VoteSpec, cells: list[str], line: int) -> Ballot:
    if spec.kind is VoteKind.MOTION:
        try:
            return MotionBallot(MotionChoice(cells[0].strip().lower()))
        except ValueError:
            raise VotingError(f"Line {line}: a motion vote is yes, no or abstain.") from None
    if spec.kind is VoteKind.POLL_SINGLE:
        option = spec.option_by_label(cells[0])
        if option is None:
            raise VotingError(f"Line {line}: unknown option {cells[0]!r}.")
        return SingleChoiceBallot(option.id)
    if any(cell.strip() not in ("0", "1") for cell in cells):
        raise VotingError(f"Line {line}: approval columns hold 0 or 1.")
    approved = (o.id for o, cell in zip(spec.options, cells, strict=True) if cell.strip() == "1")
    return ApprovalBallot(frozenset(approved))


def _parse_csv(spec: VoteSpec, text: str) -> list[PublishedBallot]:
    rows = list(csv.reader(io.StringIO(text)))
    expected = _csv_header(spec)
    if not rows or [cell.strip() for cell in rows[0]] != expected:
        raise VotingError(f"The CSV header must be: {','.join(expected)}")
    published = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(expected):
            raise VotingError(f"Line {line}: expected {len(expected)} columns, not {len(row)}.")
        ballot = _ballot_from_cells(spec, row[1:], line)
        published.append(PublishedBallot(row[0].strip(), ballot))
    return published
