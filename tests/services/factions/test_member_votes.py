"""Member votes count the roll frozen when called and are decided once everyone on the roll
has voted, or at the close: never as soon as the result is certain, which would tell the
write-ahead log whose ballot decided it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import FactionBallotRow, FactionVoteRollRow
from bot.domain.factions import FactionDocumentKind
from bot.errors import Conflict, NotAllowed
from bot.services.container import Services
from tests.services.factions.conftest import found, member
from tests.support.settings import GUILD_ID


async def test_a_vote_is_not_decided_early_though_the_result_is_certain(
    services: Services,
) -> None:
    await found(services, "Red", 1, 2, 3, 4)
    votes = services.factions.votes
    vote = await votes.call_dissolution(member(1), "Red")

    first = await votes.cast(member(1), vote.id, yes=False)
    second = await votes.cast(member(2), vote.id, yes=False)

    assert first.decided is None
    assert second.decided is None  # 3 yes needed, at most 2 left: still not decided yet
    assert (second.vote.yes, second.vote.no) == (0, 0)  # no running counts are stored


async def test_a_vote_is_decided_once_everyone_on_the_roll_has_voted(
    services: Services,
) -> None:
    await found(services, "Red", 1, 2, 3, 4)
    votes = services.factions.votes
    vote = await votes.call_dissolution(member(1), "Red")
    key_file = services.voting.keys.path("faction", GUILD_ID, vote.id)
    assert key_file.exists()

    results = [await votes.cast(member(m), vote.id, yes=m != 2) for m in (1, 2, 3, 4)]

    assert [r.decided is None for r in results] == [True, True, True, False]
    decided = results[-1].decided
    assert decided is not None
    assert decided.passed is True  # 3 of 4 yes
    assert (decided.vote.yes, decided.vote.no) == (3, 1)
    assert not key_file.exists()  # the ballots' keys are destroyed once decided
    async with services.core.sessions() as session:
        assert list(await session.scalars(select(FactionBallotRow))) == []


async def test_members_who_join_after_the_call_are_not_on_the_roll(services: Services) -> None:
    await found(services, "Red", 1, 2)
    vote = await services.factions.votes.call_dissolution(member(1), "Red")
    await services.factions.membership.join(member(3), "Red")

    with pytest.raises(NotAllowed, match="when this vote was called"):
        await services.factions.votes.cast(member(3), vote.id, yes=True)


async def test_a_second_dissolution_vote_is_refused_while_one_is_open(services: Services) -> None:
    await found(services, "Red", 1, 2)
    await services.factions.votes.call_dissolution(member(1), "Red")

    with pytest.raises(Conflict, match="voting on that already"):
        await services.factions.votes.call_dissolution(member(2), "Red")


async def test_ballots_after_the_close_are_refused(services: Services, clock: ManualClock) -> None:
    await found(services, "Red", 1, 2)
    vote = await services.factions.votes.call_dissolution(member(1), "Red")
    clock.advance(dt.timedelta(hours=72))

    with pytest.raises(Conflict, match="has closed"):
        await services.factions.votes.cast(member(2), vote.id, yes=True)


async def test_a_tied_reading_proposal_fails_at_the_close(
    services: Services, clock: ManualClock
) -> None:
    await found(services, "Red", 1, 2)
    bulletin = services.factions.bulletin
    document = await bulletin.publish(
        member(1),
        "Red",
        kind=FactionDocumentKind.READING_SUGGESTION,
        title="Read both sides",
        text="Both sides.",
    )
    proposal = await bulletin.propose(member(2), document.id, [1, 2, 3, 4])
    assert proposal.vote is not None
    await services.factions.votes.cast(member(3), proposal.vote.id, yes=True)
    await services.factions.votes.cast(member(4), proposal.vote.id, yes=False)
    clock.advance(dt.timedelta(hours=72))

    decided = await services.factions.votes.close(GUILD_ID, proposal.vote.id)

    assert decided is not None
    assert decided.passed is False
    assert (await bulletin.get(GUILD_ID, document.id)).outcome == "rejected"


async def test_the_ballot_record_holds_who_voted_never_how(services: Services) -> None:
    await found(services, "Red", 1, 2, 3)
    vote = await services.factions.votes.call_dissolution(member(1), "Red")
    await services.factions.votes.cast(member(2), vote.id, yes=True)

    async with services.core.sessions() as session:
        rows = list(await session.scalars(select(FactionVoteRollRow)))
    columns = set(FactionVoteRollRow.__table__.columns.keys())
    assert columns == {"vote_id", "member_id", "has_voted"}
    assert {(r.member_id, r.has_voted) for r in rows} == {(1, False), (2, True), (3, False)}
