"""Casting ballots through the service: who may vote, when, how often, and what is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import ManualClock
from bot.domain.voting.ballots import MotionBallot, MotionChoice, RankedBallot
from bot.domain.voting.kinds import VoteKind
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.container import Services
from bot.services.voting.records import CreateRequest
from tests.services.voting.helpers import member, motion, open_vote, organizer, outsider

YES = MotionBallot(MotionChoice.YES)


async def test_a_secret_ballot_returns_a_tracker_and_counts_as_voted(services: Services) -> None:
    vote = await open_vote(services, motion(secret=True), range(1, 4))

    receipt = await services.voting.casting.cast(member(1), vote.id, YES)

    assert receipt.tracker is not None
    assert len(receipt.tracker) == 14
    assert (await services.voting.votes.get(vote.guild_id, vote.id)).ballots_cast == 1


async def test_an_open_ballot_has_no_tracker(services: Services) -> None:
    vote = await open_vote(services, motion(secret=False), range(1, 4))

    receipt = await services.voting.casting.cast(member(1), vote.id, YES)

    assert receipt.tracker is None


async def test_a_member_not_on_the_roll_is_refused(services: Services) -> None:
    vote = await open_vote(services, motion(), range(1, 4))

    with pytest.raises(NotAllowed, match="not on the voter roll"):
        await services.voting.casting.cast(outsider(), vote.id, YES)


async def test_a_member_who_joined_after_opening_is_refused(services: Services) -> None:
    vote = await open_vote(services, motion(), range(1, 4))

    with pytest.raises(NotAllowed, match="not on the voter roll"):
        await services.voting.casting.cast(member(50), vote.id, YES)


async def test_voting_twice_on_an_unchangeable_vote_is_refused(services: Services) -> None:
    vote = await open_vote(services, motion(changeable=False), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, YES)

    with pytest.raises(Conflict, match="already voted"):
        await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.NO))


async def test_a_changeable_ballot_can_be_replaced_with_a_new_tracker(
    services: Services,
) -> None:
    vote = await open_vote(services, motion(changeable=True), range(1, 4))
    first = await services.voting.casting.cast(member(1), vote.id, YES)

    second = await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.NO))

    assert second.changed
    assert not first.changed
    assert second.tracker != first.tracker
    assert (await services.voting.votes.get(vote.guild_id, vote.id)).ballots_cast == 1


async def test_voting_after_the_closing_time_is_refused(
    services: Services, clock: ManualClock
) -> None:
    vote = await open_vote(services, motion(duration=dt.timedelta(hours=2)), range(1, 4))
    clock.advance(dt.timedelta(hours=2))

    with pytest.raises(Conflict, match="closing time"):
        await services.voting.casting.cast(member(1), vote.id, YES)


async def test_voting_after_close_is_refused(services: Services) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    await services.voting.closing.close(vote.guild_id, vote.id)

    with pytest.raises(Conflict, match="has closed"):
        await services.voting.casting.cast(member(1), vote.id, YES)


async def test_voting_on_a_cancelled_vote_is_refused(services: Services) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    await services.voting.votes.cancel(organizer(), vote.id, "wrong wording")

    with pytest.raises(Conflict, match="cancelled"):
        await services.voting.casting.cast(member(1), vote.id, YES)


async def test_voting_on_a_missing_vote_is_refused(services: Services) -> None:
    with pytest.raises(NotFound, match="no vote #404"):
        await services.voting.casting.cast(member(1), 404, YES)


async def test_a_ballot_of_the_wrong_type_is_refused(services: Services) -> None:
    vote = await open_vote(services, motion(), range(1, 4))

    with pytest.raises(UserError, match="takes a motion ballot"):
        await services.voting.casting.cast(member(1), vote.id, RankedBallot(("1",)))


def _ranked(**changes: object) -> CreateRequest:
    return CreateRequest(
        title="Next book",
        kind=VoteKind.RANKED_SINGLE,
        options=("Capital", "Grundrisse", "Lenin"),
        **changes,  # type: ignore[arg-type]
    )


async def test_a_malformed_typed_ranking_is_refused_with_the_reason(services: Services) -> None:
    vote = await open_vote(services, _ranked(), range(1, 4))

    with pytest.raises(UserError, match="no number 7"):
        await services.voting.casting.cast_ranked_text(member(1), vote.id, "7 1")
    with pytest.raises(UserError, match="twice"):
        await services.voting.casting.cast_ranked_text(member(1), vote.id, "1 1")


async def test_typed_numbers_refer_to_the_voters_own_order(services: Services) -> None:
    vote = await open_vote(services, _ranked(secret=False), range(1, 4))
    form = await services.voting.casting.ballot_form(member(2), vote.id)

    await services.voting.casting.cast_ranked_text(member(2), vote.id, "2 1")
    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    expected = f"1. {form.options[1].label}, 2. {form.options[0].label}"
    assert closed.outcome.roll_call == ((2, expected),)


async def test_each_voter_sees_the_options_in_a_stable_order_of_their_own(
    services: Services,
) -> None:
    labels = tuple(f"Option {i}" for i in range(1, 11))
    vote = await open_vote(services, _ranked_with(labels), range(1, 30))

    orders = [
        tuple(o.id for o in (await services.voting.casting.ballot_form(member(m), vote.id)).options)
        for m in range(1, 30)
    ]
    again = (await services.voting.casting.ballot_form(member(1), vote.id)).options

    assert tuple(o.id for o in again) == orders[0]
    assert len(set(orders)) > 20


def _ranked_with(labels: tuple[str, ...]) -> CreateRequest:
    return CreateRequest(title="Many", kind=VoteKind.RANKED_SINGLE, options=labels)
