"""A convention through its services: amendments voted first in line order, the lapse rule,
co-signers, the checked-in roll frozen per vote, quorum and who may chair."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.domain.conventions.agenda import ConventionState, ItemKind, ItemState
from bot.domain.conventions.amendments import AmendmentKind, AmendmentResult
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.lifecycle import VoteState
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.container import Services
from tests.services.conventions.helpers import (
    CHAIR,
    DirectDesk,
    check_in,
    convention_with_motion,
    next_step,
    vote,
)
from tests.services.voting.helpers import MEMBER_ROLE, member, motion, open_vote, outsider
from tests.support.settings import GUILD_ID, make_settings

REPLACE = AmendmentKind.REPLACE


async def test_amendments_are_voted_first_in_line_order_and_one_lapses(
    services: Services,
) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 6))
    conv = services.conventions
    # Proposed out of line order: 1 touches line 6, 2 lines 2-3, 3 line 3 (inside 2's range).
    await conv.propose(voters[0], cid, 1, AmendmentKind.DELETE, 6, 6, "")
    await conv.propose(voters[1], cid, 1, REPLACE, 2, 3, "The branch resolves to organize.")
    await conv.propose(voters[2], cid, 1, REPLACE, 3, None, "A competing point three.")
    for number in (1, 2, 3):
        await conv.cosign(voters[4], cid, 1, number)

    step = await next_step(services, cid)  # in session, item 1 open
    assert step.convention.convention.state is ConventionState.IN_SESSION
    step = await next_step(services, cid)  # amendment 2 (first line 2) opens first
    first = step.convention.items[0].amendment(2)
    assert first is not None
    assert first.result is AmendmentResult.VOTING
    assert first.vote_id is not None
    await vote(services, first.vote_id, voters[:4], "yes")

    step = await next_step(services, cid)  # 2 carried; 3 lapses; 1 opens
    item = step.convention.items[0]
    lapsed, deletion = item.amendment(3), item.amendment(1)
    assert lapsed is not None
    assert deletion is not None
    assert (lapsed.result, lapsed.lapsed_by, lapsed.vote_id) == (AmendmentResult.LAPSED, 2, None)
    assert any("Amendment 3 lapses: amendment 2" in e for e in step.events)
    assert deletion.vote_id is not None
    await vote(services, deletion.vote_id, voters[:3], "no")

    step = await next_step(services, cid)  # 1 lost; the motion as amended opens
    item = step.convention.items[0]
    assert item.amendment(1).result is AmendmentResult.LOST  # type: ignore[union-attr]
    assert item.item.vote_id is not None
    await vote(services, item.item.vote_id, voters, "yes")

    step = await next_step(services, cid)  # motion carried, item done, agenda through
    item = step.convention.items[0]
    assert item.item.state is ItemState.DONE
    assert item.item.final_text is not None
    final = item.item.final_text.split("\n")
    assert final[:3] == [
        "The branch resolves point 1.",
        "The branch resolves to organize.",
        "The branch resolves point 4.",
    ]
    assert "The branch resolves point 6." in final  # the lost deletion changed nothing
    assert len(final) == 7
    assert step.convention.convention.state is ConventionState.CLOSED
    info = item.votes[item.item.vote_id]
    assert info.outcome is not None
    assert info.outcome.passed is True


async def test_each_vote_takes_the_check_in_list_when_it_opens(services: Services) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 4))
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await services.conventions.cosign(voters[1], cid, 1, 1)
    await next_step(services, cid, membership=3)
    step = await next_step(services, cid, membership=3)
    vote_id = step.convention.items[0].amendment(1).vote_id  # type: ignore[union-attr]
    assert vote_id is not None
    latecomer = member(7)
    await services.conventions.check_in(latecomer, cid)

    with pytest.raises(NotAllowed, match="not on the voter roll"):
        await services.voting.casting.cast(latecomer, vote_id, MotionBallot(MotionChoice.YES))
    # A member who never checked in is not on the roll either, though a member of the guild.
    with pytest.raises(NotAllowed, match="not on the voter roll"):
        await services.voting.casting.cast(member(8), vote_id, MotionBallot(MotionChoice.YES))
    info = await services.voting.votes.get(GUILD_ID, vote_id)
    assert info.roll_size == 3

    step = await next_step(services, cid, membership=3)  # the motion's vote: 4 on its roll
    final_vote = step.convention.items[0].item.vote_id
    assert final_vote is not None
    assert (await services.voting.votes.get(GUILD_ID, final_vote)).roll_size == 4
    await services.voting.casting.cast(latecomer, final_vote, MotionBallot(MotionChoice.YES))


async def test_no_vote_opens_without_quorum_and_nothing_changes(services: Services) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 3))  # 2 checked in; 3 needed
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await services.conventions.cosign(voters[1], cid, 1, 1)
    await next_step(services, cid)

    with pytest.raises(Conflict, match="not quorate: 2 checked in, 3 needed"):
        await next_step(services, cid)

    item = (await services.conventions.view(GUILD_ID, cid)).items[0]
    assert item.amendment(1).result is AmendmentResult.PENDING  # type: ignore[union-attr]
    assert item.item.vote_id is None
    assert await services.voting.votes.list(GUILD_ID) == []


async def test_an_amendment_without_its_cosigners_is_not_voted(services: Services) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 5))
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await next_step(services, cid)
    step = await next_step(services, cid)
    item = step.convention.items[0]
    assert item.amendment(1).result is AmendmentResult.UNSUPPORTED  # type: ignore[union-attr]
    assert item.amendment(1).vote_id is None  # type: ignore[union-attr]
    assert item.item.vote_id is not None  # straight to the motion


async def test_cosigning_refuses_the_proposer_and_a_second_signature(services: Services) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    ann, ben = member(1), member(2)
    await services.conventions.propose(ann, cid, 1, AmendmentKind.DELETE, 1, 1, "")
    with pytest.raises(Conflict, match="You proposed"):
        await services.conventions.cosign(ann, cid, 1, 1)
    await services.conventions.cosign(ben, cid, 1, 1)
    with pytest.raises(Conflict, match="already co-signed"):
        await services.conventions.cosign(ben, cid, 1, 1)
    with pytest.raises(NotFound):
        await services.conventions.cosign(ben, cid, 1, 9)
    with pytest.raises(NotAllowed):
        await services.conventions.cosign(outsider(), cid, 1, 1)


async def test_amendments_close_when_voting_on_the_item_begins(services: Services) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 5))
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await services.conventions.cosign(voters[1], cid, 1, 1)
    await next_step(services, cid)
    await next_step(services, cid)
    with pytest.raises(Conflict, match="amendments are closed"):
        await services.conventions.propose(voters[2], cid, 1, AmendmentKind.DELETE, 2, 2, "")


@pytest.mark.parametrize(
    ("kind", "first", "last", "text", "words"),
    [
        (AmendmentKind.REPLACE, 7, 12, "x", "lines 1 to 8"),
        (AmendmentKind.INSERT, 9, None, "x", "insert after a line from 0"),
        (AmendmentKind.REPLACE, 2, 2, "", "needs the new text"),
        (AmendmentKind.INSERT, 1, None, "x\n" * 201, "at most 200 new lines"),
    ],
)
async def test_bad_amendments_are_refused_and_nothing_is_stored(
    services: Services, kind: AmendmentKind, first: int, last: int | None, text: str, words: str
) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    with pytest.raises(UserError, match=words):
        await services.conventions.propose(member(1), cid, 1, kind, first, last, text)
    assert (await services.conventions.view(GUILD_ID, cid)).items[0].amendments == ()


async def test_only_the_chair_runs_the_convention(engine: AsyncEngine, clock: ManualClock) -> None:
    chair_role = 55
    settings = make_settings(conventions={"chair_role": chair_role})
    services = build_services(settings, engine, clock)
    chair = Actor(GUILD_ID, 77, "Chair", frozenset({MEMBER_ROLE, chair_role}))
    view = await convention_with_motion(services)  # organizers chair too
    with pytest.raises(NotAllowed, match="chair"):
        await services.convention_chair.next(member(1), view.convention.id, 5, _NoDesk())
    with pytest.raises(NotAllowed, match="chair"):
        await services.conventions.add_item(member(1), view.convention.id, ItemKind.REPORT, "R")
    item = await services.conventions.add_item(chair, view.convention.id, ItemKind.REPORT, "R")
    assert item.item.position == 2


async def test_only_members_check_in_and_twice_is_once(services: Services) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    with pytest.raises(NotAllowed):
        await services.conventions.check_in(outsider(), cid)
    _, first = await services.conventions.check_in(member(1), cid)
    again, second = await services.conventions.check_in(member(1), cid)
    assert (first, second) == (True, False)
    assert len(again.checkins) == 1


async def test_an_ordinary_vote_has_no_convention_roll(services: Services) -> None:
    info = await open_vote(services, motion(), range(1, 4))
    assert await services.conventions.roll_for(GUILD_ID, info.id) is None


async def test_an_election_item_must_name_an_election(services: Services) -> None:
    view = await convention_with_motion(services)
    info = await open_vote(services, motion(), range(1, 4))
    with pytest.raises(Conflict, match="not an election"):
        await services.conventions.add_item(
            CHAIR, view.convention.id, ItemKind.ELECTION, "Committee", vote_id=info.id
        )
    with pytest.raises(UserError, match="names its election"):
        await services.conventions.add_item(CHAIR, view.convention.id, ItemKind.ELECTION, "C")
    assert info.state is VoteState.OPEN


class _NoDesk:
    async def open(self, guild_id: int, vote_id: int) -> object:
        raise AssertionError("no vote may open")

    async def close(self, guild_id: int, vote_id: int) -> object:
        raise AssertionError("no vote may close")


async def test_a_vote_that_closed_on_its_clock_is_recorded_at_the_next_step(
    services: Services,
) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 5))
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await services.conventions.cosign(voters[1], cid, 1, 1)
    await next_step(services, cid)
    step = await next_step(services, cid)
    vote_id = step.convention.items[0].amendment(1).vote_id  # type: ignore[union-attr]
    assert vote_id is not None
    await vote(services, vote_id, voters[:3], "yes")
    await services.voting.closing.close(GUILD_ID, vote_id)  # its closing job ran

    step = await next_step(services, cid)

    assert step.convention.items[0].amendment(1).result is AmendmentResult.CARRIED  # type: ignore[union-attr]
    assert any(e.startswith("Amendment 1 carried") for e in step.events)


async def test_two_presses_of_next_at_once_open_one_vote_and_close_none(
    services: Services,
) -> None:
    view = await convention_with_motion(services)
    cid = view.convention.id
    voters = await check_in(services, cid, range(1, 5))
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await services.conventions.cosign(voters[1], cid, 1, 1)
    await next_step(services, cid)

    desk = DirectDesk(services)
    both = await asyncio.gather(
        services.convention_chair.next(CHAIR, cid, 5, desk),
        services.convention_chair.next(CHAIR, cid, 5, desk),
        return_exceptions=True,
    )

    refusals = [r for r in both if isinstance(r, Conflict)]
    assert len(refusals) == 1
    assert "opened less than a minute ago" in refusals[0].message
    votes = await services.voting.votes.list(GUILD_ID)
    assert [v.state for v in votes] == [VoteState.OPEN]
