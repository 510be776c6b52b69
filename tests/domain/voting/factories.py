"""Specs and hypothesis strategies shared by the voting tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from bot.domain.counting import CountingMethod
from bot.domain.voting.ballots import (
    ApprovalBallot,
    Ballot,
    MotionBallot,
    MotionChoice,
    RankedBallot,
    SingleChoiceBallot,
)
from bot.domain.voting.kinds import VoteKind, VoteOption, VoteSpec, options_from_labels

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)
NAMES = ("Alice", "Bob", "Carol", "Dave")


def motion() -> VoteSpec:
    return VoteSpec(title="Adopt the reading list", kind=VoteKind.MOTION, closes_at=LATER)


def single_poll() -> VoteSpec:
    return VoteSpec(
        title="Next book",
        kind=VoteKind.POLL_SINGLE,
        options=options_from_labels(["Capital", "Grundrisse", "The Jungle"]),
    )


def approval_poll(max_approvals: int | None = None) -> VoteSpec:
    return VoteSpec(
        title="Meeting nights",
        kind=VoteKind.POLL_APPROVAL,
        options=options_from_labels(["Monday", "Tuesday", "Thursday"]),
        max_approvals=max_approvals,
    )


def candidates(names: tuple[str, ...] = NAMES) -> tuple[VoteOption, ...]:
    return tuple(VoteOption(str(100 + i), name) for i, name in enumerate(names))


def ranked_poll() -> VoteSpec:
    return VoteSpec(
        title="Venue",
        kind=VoteKind.RANKED_SINGLE,
        method=CountingMethod.SCHULZE,
        options=candidates(),
    )


def election(seats: int = 2, names: tuple[str, ...] = NAMES) -> VoteSpec:
    return VoteSpec(
        title="Steering committee",
        kind=VoteKind.ELECTION,
        method=CountingMethod.SCOTTISH_STV,
        options=candidates(names),
        seats=seats,
        secret=True,
    )


def ballots_for(spec: VoteSpec) -> st.SearchStrategy[Ballot]:
    """Any valid ballot for `spec`."""
    ids = list(spec.option_ids)
    if spec.kind is VoteKind.MOTION:
        return st.sampled_from(MotionChoice).map(MotionBallot)
    if spec.kind is VoteKind.POLL_SINGLE:
        return st.sampled_from(ids).map(SingleChoiceBallot)
    if spec.kind is VoteKind.POLL_APPROVAL:
        return st.sets(st.sampled_from(ids), min_size=1).map(
            lambda chosen: ApprovalBallot(frozenset(chosen))
        )
    return st.permutations(ids).flatmap(
        lambda order: st.integers(1, len(order)).map(lambda n: RankedBallot(tuple(order[:n])))
    )


ALL_SPECS = (motion(), single_poll(), approval_poll(), ranked_poll(), election())
any_spec_and_ballot = st.sampled_from(ALL_SPECS).flatmap(
    lambda spec: st.tuples(st.just(spec), ballots_for(spec))
)
