"""What a vote is: its kind, counting method, options and rules, validated on creation."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum
from fractions import Fraction

from bot.domain.counting.methods import CountingMethod
from bot.domain.names import clean_label, label_key
from bot.domain.voting.errors import VotingError

MIN_OPTIONS = 2
MAX_OPTIONS = 25  # a Discord select menu holds at most 25 options
MAX_TITLE_LENGTH = 200
MAX_LABEL_LENGTH = 100  # a Discord select option label holds at most 100 characters
MAX_OPTION_ID_LENGTH = 32
# Ids end up in published CSV and BLT files, so they stay plain.
OPTION_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")

SIMPLE_MAJORITY = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


class VoteKind(Enum):
    MOTION = "motion"
    POLL_SINGLE = "poll_single"
    POLL_APPROVAL = "poll_approval"
    RANKED_SINGLE = "ranked_single"
    ELECTION = "election"

    @property
    def is_ranked(self) -> bool:
        return self in (VoteKind.RANKED_SINGLE, VoteKind.ELECTION)


METHODS_BY_KIND: dict[VoteKind, frozenset[CountingMethod]] = {
    VoteKind.MOTION: frozenset(),
    VoteKind.POLL_SINGLE: frozenset(),
    VoteKind.POLL_APPROVAL: frozenset(),
    VoteKind.RANKED_SINGLE: frozenset({CountingMethod.SCHULZE, CountingMethod.IRV}),
    VoteKind.ELECTION: frozenset({CountingMethod.SCOTTISH_STV, CountingMethod.MEEK}),
}


MAX_ELIGIBLE_ROLES = 10


@dataclass(frozen=True)
class EligibleRole:
    """A role whose holders may vote. The name is what members were told (frozen at open)."""

    id: int
    name: str

    def __post_init__(self) -> None:
        if self.id <= 0:
            raise VotingError("A role id is a positive number.")


def describe_eligibility(roles: tuple[EligibleRole, ...], roll_size: int | None = None) -> str:
    """E.g. "members with the Delegates role — 14 people"; several roles are joined by "or"."""
    names = [role.name for role in roles]
    if not names:
        text = "members with the member role"
    elif len(names) == 1:
        text = f"members with the {names[0]} role"
    else:
        text = f"members with the {', '.join(names[:-1])} or {names[-1]} role"
    if roll_size is not None:
        text += f" — {roll_size} {'person' if roll_size == 1 else 'people'}"
    return text


@dataclass(frozen=True)
class VoteOption:
    """A choice or a candidate. `id` is stable for the life of the vote; `label` is shown."""

    id: str
    label: str

    def __post_init__(self) -> None:
        if not (0 < len(self.id) <= MAX_OPTION_ID_LENGTH and OPTION_ID_PATTERN.fullmatch(self.id)):
            raise VotingError(
                f"Option id {self.id!r} must be 1 to {MAX_OPTION_ID_LENGTH} letters, digits, "
                "'-' or '_'."
            )
        if not self.label.strip():
            raise VotingError("Every option needs a label.")
        if _has_line_break(self.label):
            raise VotingError("An option label must fit on one line.")
        if len(self.label) > MAX_LABEL_LENGTH:
            raise VotingError(
                f"Option label {self.label[:20]!r}… is longer than {MAX_LABEL_LENGTH} characters."
            )


def _has_line_break(text: str) -> bool:
    return text.splitlines() != [text]


def options_from_labels(labels: list[str]) -> tuple[VoteOption, ...]:
    """Number the options "1", "2", … in the order the organizer typed them (cleaned: NFKC,
    no invisible characters)."""
    return tuple(VoteOption(str(i), clean_label(label)) for i, label in enumerate(labels, start=1))


def _label_key(label: str) -> str:
    """Labels a reader cannot tell apart (look-alike letters, invisible characters) clash."""
    return label_key(label)


def _require_aware_utc(moment: datetime | None, name: str) -> None:
    if moment is not None and moment.utcoffset() != timedelta(0):
        raise VotingError(f"The {name} time must be an aware UTC datetime.")


@dataclass(frozen=True)
class VoteSpec:
    """The organizer's definition of a vote.

    Structural rules are checked on construction; rules that depend on the clock or on the
    candidates being complete are checked by `check_schedule` and `check_ready_to_open`.
    For elections, `options` are the accepted candidates and may be empty while nominating.
    """

    title: str
    kind: VoteKind
    options: tuple[VoteOption, ...] = ()
    method: CountingMethod | None = None
    seats: int | None = None
    # Share of yes among yes+no a motion needs to pass (strictly more than 1/2 for a simple
    # majority, at least the fraction otherwise: the counting package decides the comparison).
    threshold: Fraction | None = None
    quorum: Fraction | None = None  # share of the frozen roll that must cast a ballot
    secret: bool = False
    changeable: bool = False
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    max_approvals: int | None = None
    # Holders of any of these roles may vote; empty: the guild's member role. The roll is
    # taken from them once, when the vote opens.
    eligible_roles: tuple[EligibleRole, ...] = ()

    def __post_init__(self) -> None:
        self._check_title()
        self._check_eligible_roles()
        self._check_method()
        self._check_options()
        self._check_seats()
        self._check_fractions()
        self._check_max_approvals()
        self._check_times()

    def _check_title(self) -> None:
        if not self.title.strip():
            raise VotingError("A vote needs a title.")
        if _has_line_break(self.title):
            raise VotingError("The title must fit on one line.")
        if len(self.title) > MAX_TITLE_LENGTH:
            raise VotingError(f"The title is longer than {MAX_TITLE_LENGTH} characters.")

    def _check_eligible_roles(self) -> None:
        if len(self.eligible_roles) > MAX_ELIGIBLE_ROLES:
            raise VotingError(f"Choose at most {MAX_ELIGIBLE_ROLES} roles who may vote.")
        ids = [role.id for role in self.eligible_roles]
        if len(set(ids)) != len(ids):
            raise VotingError("A role is listed twice among those who may vote.")

    def _check_method(self) -> None:
        allowed = METHODS_BY_KIND[self.kind]
        if not allowed:
            if self.method is not None:
                raise VotingError(f"A {self.kind.value} vote has no counting method to choose.")
            return
        if self.method not in allowed:
            names = " or ".join(sorted(m.value for m in allowed))
            raise VotingError(f"A {self.kind.value} vote is counted by {names}.")

    def _check_options(self) -> None:
        count = len(self.options)
        if self.kind is VoteKind.MOTION:
            if count:
                raise VotingError("A motion has no options: members vote yes, no or abstain.")
            return
        if count > MAX_OPTIONS:
            raise VotingError(f"A vote can have at most {MAX_OPTIONS} options, not {count}.")
        if self.kind is not VoteKind.ELECTION and count < MIN_OPTIONS:
            raise VotingError(f"A vote needs at least {MIN_OPTIONS} options.")
        seen_ids: set[str] = set()
        seen_labels: set[str] = set()
        for option in self.options:
            if option.id in seen_ids:
                raise VotingError(f"Two options share the id {option.id!r}.")
            key = _label_key(option.label)
            if key in seen_labels:
                raise VotingError(
                    f"{option.label!r} is listed twice, or looks the same as another option."
                )
            seen_ids.add(option.id)
            seen_labels.add(key)

    def _check_seats(self) -> None:
        if self.kind is not VoteKind.ELECTION:
            if self.seats is not None:
                raise VotingError("Only an election has seats.")
            return
        if self.seats is None or self.seats < 1:
            raise VotingError("An election needs at least one seat.")

    def _check_fractions(self) -> None:
        if self.kind is VoteKind.MOTION:
            if self.threshold is None:
                object.__setattr__(self, "threshold", SIMPLE_MAJORITY)
        elif self.threshold is not None:
            raise VotingError("Only a motion has a threshold.")
        for name, value in (("threshold", self.threshold), ("quorum", self.quorum)):
            if value is not None and not 0 < value <= 1:
                raise VotingError(f"The {name} must be more than 0 and at most 1 (100%).")

    def _check_max_approvals(self) -> None:
        if self.max_approvals is None:
            return
        if self.kind is not VoteKind.POLL_APPROVAL:
            raise VotingError("Only an approval poll limits the number of approvals.")
        if not 1 <= self.max_approvals <= len(self.options):
            raise VotingError(
                f"The approval limit must be between 1 and {len(self.options)} (the options)."
            )

    def _check_times(self) -> None:
        _require_aware_utc(self.opens_at, "opening")
        _require_aware_utc(self.closes_at, "closing")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise VotingError("The vote must close after it opens.")

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def option(self, option_id: str) -> VoteOption | None:
        return next((o for o in self.options if o.id == option_id), None)

    def option_by_label(self, label: str) -> VoteOption | None:
        """Case- and spacing-insensitive lookup (labels are unique in that sense)."""
        key = _label_key(label)
        return next((o for o in self.options if _label_key(o.label) == key), None)

    def label_of(self, option_id: str) -> str:
        option = self.option(option_id)
        return option.label if option else option_id

    @property
    def is_uncontested(self) -> bool:
        """An election with no more candidates than seats: allowed, but worth flagging."""
        return (
            self.kind is VoteKind.ELECTION
            and self.seats is not None
            and self.seats >= len(self.options)
        )

    def with_candidates(self, candidates: tuple[VoteOption, ...]) -> VoteSpec:
        if self.kind is not VoteKind.ELECTION:
            raise VotingError("Only an election has candidates.")
        return replace(self, options=candidates)


def check_schedule(spec: VoteSpec, now: datetime) -> None:
    """Refuse a closing time that has already passed (when creating or opening a vote)."""
    _require_aware_utc(now, "current")
    if spec.closes_at is not None and spec.closes_at <= now:
        raise VotingError("The closing time is in the past.")


def check_ready_to_open(spec: VoteSpec, now: datetime) -> None:
    """Everything a vote needs before ballots can be cast."""
    check_schedule(spec, now)
    if spec.kind is VoteKind.ELECTION and not spec.options:
        raise VotingError("An election needs at least one candidate before it opens.")
