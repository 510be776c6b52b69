"""The chair's `/convention next` and the convention's schedule racing each other: the item
closes once and the next one opens once, whoever comes first (the per-convention step)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.db import jobs as job_repo
from bot.domain.conventions.agenda import ItemKind, ItemState
from bot.domain.conventions.amendments import AmendmentKind, AmendmentResult
from bot.errors import Conflict, UserError
from bot.services.container import Services
from bot.services.conventions.records import ITEM_CLOSE_JOB, ITEM_OPEN_JOB
from tests.services.conventions.helpers import CHAIR, MOTION_TEXT, DirectDesk, check_in
from tests.support.settings import GUILD_ID


async def _audited(services: Services, action: str, item: int) -> int:
    entries = await services.audit.recent(GUILD_ID, limit=1000)
    return sum(1 for e in entries if e.action == action and e.details.get("item") == item)


async def _agenda(services: Services) -> int:
    clock = services.clock
    assert isinstance(clock, ManualClock)
    now = clock.now()
    created = await services.conventions.create(
        CHAIR, "Annual convention", now, now + dt.timedelta(days=1)
    )
    cid = created.convention.id
    await services.conventions.add_item(
        CHAIR,
        cid,
        ItemKind.REPORT,
        "Treasurer",
        "Dues are in.",
        close_at=now + dt.timedelta(hours=1),
    )
    await services.conventions.add_item(
        CHAIR,
        cid,
        ItemKind.REPORT,
        "Secretary",
        "Minutes are kept.",
        open_at=now + dt.timedelta(hours=1),
    )
    await services.conventions.add_item(CHAIR, cid, ItemKind.REPORT, "Auditor", "All fine.")
    await check_in(services, cid, range(1, 5))
    await services.convention_chair.next(CHAIR, cid, 5, DirectDesk(services))  # item 1 opens
    clock.advance(dt.timedelta(hours=1))
    return cid


async def test_the_chair_and_the_clock_at_once_close_the_item_once(services: Services) -> None:
    cid = await _agenda(services)
    desk = DirectDesk(services)
    chair = services.convention_chair

    results = await asyncio.gather(
        chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk),
        chair.next(CHAIR, cid, 5, desk),
        chair.on_clock(GUILD_ID, ITEM_OPEN_JOB, cid, 2, 5, desk),
        chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk),  # the job run again
        return_exceptions=True,
    )
    # The clock came first: the chair, who meant item 1, is told and item 2 stays open.
    assert isinstance(results[1], Conflict)
    assert "has just opened on the convention's schedule" in results[1].message

    view = await services.conventions.view(GUILD_ID, cid)
    assert view.items[0].item.state is ItemState.DONE
    assert await _audited(services, "convention.item_done", 1) == 1
    assert await _audited(services, "convention.item_opened", 2) == 1
    assert await _audited(services, "convention.item_opened", 3) == 0
    assert view.items[1].item.state is ItemState.OPEN


async def test_the_chair_first_then_the_clock_finds_nothing_to_close(services: Services) -> None:
    cid = await _agenda(services)
    desk = DirectDesk(services)
    chair = services.convention_chair

    await asyncio.gather(
        chair.next(CHAIR, cid, 5, desk),
        chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk),
    )

    assert await _audited(services, "convention.item_done", 1) == 1
    assert await _audited(services, "convention.item_opened", 2) == 1
    assert await _audited(services, "convention.item_done", 2) == 0


async def test_a_rerun_of_a_closing_job_after_the_chair_moved_on_does_nothing(
    services: Services,
) -> None:
    cid = await _agenda(services)
    desk = DirectDesk(services)
    chair = services.convention_chair
    await chair.next(CHAIR, cid, 5, desk)  # the chair closes item 1 and opens item 2
    before = await services.audit.recent(GUILD_ID, limit=1000)

    assert await chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk) is None
    assert await chair.on_clock(GUILD_ID, ITEM_OPEN_JOB, cid, 2, 5, desk) is None

    assert len(await services.audit.recent(GUILD_ID, limit=1000)) == len(before)


async def test_a_schedule_that_cannot_be_kept_is_refused_and_adds_nothing(
    services: Services,
) -> None:
    now = services.clock.now()
    created = await services.conventions.create(
        CHAIR, "Annual convention", now, now + dt.timedelta(hours=4)
    )
    cid = created.convention.id
    hour = dt.timedelta(hours=1)
    cases = [
        ({"open_at": now + 2 * hour, "close_at": now + hour}, "must close after it opens"),
        ({"close_at": now - hour}, "closing time has passed"),
        ({"close_at": now + 5 * hour}, "before the convention ends"),
    ]
    for times, words in cases:
        with pytest.raises(UserError, match=words):
            await services.conventions.add_item(
                CHAIR, cid, ItemKind.REPORT, "Treasurer", "Dues.", **times
            )
    assert (await services.conventions.view(GUILD_ID, cid)).items == ()
    async with services.core.sessions() as session:
        assert await job_repo.get(session, f"{ITEM_CLOSE_JOB}:{cid}:1") is None


async def test_a_motion_closing_on_the_clock_runs_its_remaining_votes_then_closes(
    services: Services,
) -> None:
    clock = services.clock
    assert isinstance(clock, ManualClock)
    now = clock.now()
    created = await services.conventions.create(
        CHAIR, "Annual convention", now, now + dt.timedelta(days=1)
    )
    cid = created.convention.id
    await services.conventions.add_item(
        CHAIR,
        cid,
        ItemKind.MOTION,
        "Strategy",
        MOTION_TEXT,
        close_at=now + dt.timedelta(hours=1),
    )
    voters = await check_in(services, cid, range(1, 5))
    await services.conventions.propose(voters[0], cid, 1, AmendmentKind.DELETE, 1, 1, "")
    await services.conventions.cosign(voters[1], cid, 1, 1)
    desk = DirectDesk(services)
    chair = services.convention_chair
    await chair.next(CHAIR, cid, 5, desk)  # the motion is before the convention
    clock.advance(dt.timedelta(hours=1))

    first = await chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk)
    assert first is not None
    [amendment_vote] = first.opened_votes  # no vote was in progress: amendment 1 is put
    again = await _job(services, f"{ITEM_CLOSE_JOB}:{cid}:1:vote{amendment_vote}")
    info = await services.voting.votes.get(GUILD_ID, amendment_vote)
    assert again is not None
    assert again.due_at == info.closes_at  # the clock steps again when that vote has run
    assert (await services.conventions.view(GUILD_ID, cid)).items[0].item.state is ItemState.OPEN

    clock.set(info.closes_at)
    second = await chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk)
    assert second is not None
    [motion_vote] = second.opened_votes  # amendment recorded; the motion as amended is put
    amendment = second.convention.items[0].amendment(1)
    assert amendment is not None
    assert amendment.result is not AmendmentResult.VOTING
    motion_info = await services.voting.votes.get(GUILD_ID, motion_vote)

    clock.set(motion_info.closes_at)
    assert await chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk) is not None
    view = await services.conventions.view(GUILD_ID, cid)
    assert view.items[0].item.state is ItemState.DONE
    assert view.items[0].item.final_text is not None
    assert await chair.on_clock(GUILD_ID, ITEM_CLOSE_JOB, cid, 1, 5, desk) is None
    assert await _audited(services, "convention.item_done", 1) == 1


async def _job(services: Services, ident: str) -> Any:
    async with services.core.sessions() as session:
        return await job_repo.get(session, ident)
