"""What a member marks on a ballot, the checks it must pass, and its canonical bytes."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from bot.domain.voting.errors import UnreadableBallotError, VotingError
from bot.domain.voting.kinds import VoteKind, VoteOption, VoteSpec


class MotionChoice(Enum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


def _require_kind(spec: VoteSpec, ballot: Ballot) -> None:
    expected = BALLOT_TYPE_BY_KIND[spec.kind]
    if not isinstance(ballot, expected):
        raise VotingError(f"This {spec.kind.value} vote takes a {expected.type_name} ballot.")


def _option_word(spec: VoteSpec) -> str:
    return "candidate" if spec.kind is VoteKind.ELECTION else "option"


def _require_known(spec: VoteSpec, option_id: str) -> None:
    if spec.option(option_id) is None:
        raise VotingError(f"Unknown {_option_word(spec)} {option_id!r}.")


@dataclass(frozen=True)
class MotionBallot:
    type_name: ClassVar[str] = "motion"
    choice: MotionChoice

    def validate(self, spec: VoteSpec) -> None:
        _require_kind(spec, self)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type_name, "choice": self.choice.value}


@dataclass(frozen=True)
class SingleChoiceBallot:
    type_name: ClassVar[str] = "single"
    option_id: str

    def validate(self, spec: VoteSpec) -> None:
        _require_kind(spec, self)
        _require_known(spec, self.option_id)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type_name, "option": self.option_id}


@dataclass(frozen=True)
class ApprovalBallot:
    type_name: ClassVar[str] = "approval"
    option_ids: frozenset[str]

    def validate(self, spec: VoteSpec) -> None:
        _require_kind(spec, self)
        for option_id in sorted(self.option_ids):
            _require_known(spec, option_id)
        if not self.option_ids:
            raise VotingError("Approve at least one option.")
        limit = spec.max_approvals
        if limit is not None and len(self.option_ids) > limit:
            raise VotingError(
                f"Approve at most {limit} option{'s' if limit != 1 else ''}; "
                f"you approved {len(self.option_ids)}."
            )

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type_name, "options": sorted(self.option_ids)}


@dataclass(frozen=True)
class RankedBallot:
    """Option ids, most preferred first. Partial rankings are allowed."""

    type_name: ClassVar[str] = "ranked"
    ranking: tuple[str, ...]

    def validate(self, spec: VoteSpec) -> None:
        _require_kind(spec, self)
        if not self.ranking:
            raise VotingError(f"Rank at least one {_option_word(spec)}.")
        seen: set[str] = set()
        for option_id in self.ranking:
            _require_known(spec, option_id)
            if option_id in seen:
                raise VotingError(f"You ranked {spec.label_of(option_id)} twice.")
            seen.add(option_id)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type_name, "ranking": list(self.ranking)}


Ballot = MotionBallot | SingleChoiceBallot | ApprovalBallot | RankedBallot

BALLOT_TYPE_BY_KIND: dict[VoteKind, type[Ballot]] = {
    VoteKind.MOTION: MotionBallot,
    VoteKind.POLL_SINGLE: SingleChoiceBallot,
    VoteKind.POLL_APPROVAL: ApprovalBallot,
    VoteKind.RANKED_SINGLE: RankedBallot,
    VoteKind.ELECTION: RankedBallot,
}


def canonical_json(value: Mapping[str, Any]) -> bytes:
    """Compact JSON with sorted keys, ASCII only: equal values give equal bytes."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=True).encode()


def encode_ballot(ballot: Ballot) -> bytes:
    return canonical_json(ballot.to_json())


def _string_list(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UnreadableBallotError("Expected a list of option ids.")
    return value


def ballot_from_json(value: object) -> Ballot:
    if not isinstance(value, dict):
        raise UnreadableBallotError("A ballot must be a JSON object.")
    kind = value.get("type")
    try:
        if kind == MotionBallot.type_name:
            return MotionBallot(MotionChoice(value["choice"]))
        if kind == SingleChoiceBallot.type_name and isinstance(value["option"], str):
            return SingleChoiceBallot(value["option"])
        if kind == ApprovalBallot.type_name:
            return ApprovalBallot(frozenset(_string_list(value["options"])))
        if kind == RankedBallot.type_name:
            return RankedBallot(tuple(_string_list(value["ranking"])))
    except (KeyError, ValueError) as error:
        raise UnreadableBallotError(f"Malformed {kind} ballot: {error}") from error
    raise UnreadableBallotError(f"Unknown ballot type {kind!r}.")


def decode_ballot(data: bytes) -> Ballot:
    try:
        value = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableBallotError("A ballot is not valid JSON.") from error
    return ballot_from_json(value)


ORDER_SALT_BYTES = 32


def new_order_salt() -> bytes:
    """A random per-vote salt for `voter_seed`; stored with the vote."""
    return secrets.token_bytes(ORDER_SALT_BYTES)


def voter_seed(order_salt: bytes, voter_id: int) -> bytes:
    """A per-voter, per-vote seed. It depends only on the salt and the voter, never on a
    ballot, so showing or storing it reveals nothing about anyone's choice."""
    return hmac.new(order_salt, str(voter_id).encode(), hashlib.sha256).digest()


def ballot_order(options: Sequence[VoteOption], seed: bytes) -> list[VoteOption]:
    """The options in the order this voter sees them: a deterministic shuffle keyed by the
    seed (each option sorted by HMAC-SHA256(seed, id)), so no position favours a candidate
    and the voter sees the same order every time they open the ballot."""
    return sorted(
        options, key=lambda option: hmac.new(seed, option.id.encode(), hashlib.sha256).digest()
    )
