"""/transparency and the monthly digest: figures that match the database, and the audit head."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from bot.db import jobs as job_repo
from bot.db.models import (
    AuditRow,
    FactionDocumentRow,
    FactionMemberRow,
    FactionRow,
    VoteRollRow,
    VoteRow,
)
from bot.domain.factions import FactionDocumentKind
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.kinds import VoteKind
from bot.services.actors import Actor
from bot.services.voting.records import CreateRequest
from tests.services.voting.helpers import use_test_master_key
from tests.support.world import World

FACTION_SIZES = {"Red": 40, "Green": 30, "Black": 20, "Blue": 12, "Gold": 5}
MEMBERS = 200
VOTERS = 77


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)


def actor(world: World, person: object) -> Actor:
    roles = frozenset({world.member_role.id})
    return Actor(world.guild.id, person.id, person.name, roles)  # type: ignore[attr-defined]


async def populate(world: World) -> None:
    """200 members, 5 factions of different sizes, one closed motion, organizer actions."""
    people = [world.member(f"m{n:03}") for n in range(MEMBERS)]
    membership = world.services.factions.membership
    start = 0
    for name, size in FACTION_SIZES.items():
        group = people[start : start + size]
        start += size
        result = await membership.create(
            actor(world, group[0]),
            name=name,
            description="",
            platform="",
            co_founders=[actor(world, group[1])],
        )
        await membership.cofound(actor(world, group[1]), result.faction.id)
        for person in group[2:]:
            await membership.join(actor(world, person), name)
        await world.services.factions.bulletin.publish(
            actor(world, group[0]),
            name,
            kind=FactionDocumentKind.PLATFORM,
            title=f"{name} platform",
            text="What we stand for.",
        )
    olga = world.organizer()
    organizer = Actor(world.guild.id, olga.id, "olga", frozenset({world.organizer_role.id}))
    info = await world.services.voting.votes.create(
        organizer,
        CreateRequest(
            title="Dues", kind=VoteKind.MOTION, secret=False, duration=dt.timedelta(days=1)
        ),
    )
    await world.services.voting.votes.open(world.guild.id, info.id, [p.id for p in people])
    for person in people[:VOTERS]:
        await world.services.voting.casting.cast(
            actor(world, person), info.id, MotionBallot(MotionChoice.YES)
        )
    world.clock.advance(dt.timedelta(days=1))
    await world.services.scheduler.run_due()


async def test_the_digest_matches_the_database_with_200_members_and_5_factions(
    world: World,
) -> None:
    await populate(world)

    result = await world.member("m000").slash(world.channels["general"], "transparency")
    assert result.response.embeds[0].title == "Transparency, December 2026 so far"
    lines = result.response.embeds[0].description.splitlines()

    async with world.services.core.sessions() as session:
        sizes = Counter(
            name
            for (name,) in await session.execute(
                select(FactionRow.name).join(
                    FactionMemberRow, FactionMemberRow.faction_id == FactionRow.id
                )
            )
        )
        votes = list(await session.scalars(select(VoteRow)))
        voted = Counter(
            vote_id
            for (vote_id,) in await session.execute(
                select(VoteRollRow.vote_id).where(VoteRollRow.has_voted.is_(True))
            )
        )
        audit = list(await session.scalars(select(AuditRow).order_by(AuditRow.seq)))
        documents = list(await session.scalars(select(FactionDocumentRow)))
    assert f"Members: {MEMBERS + 1}" in lines  # the organizer holds the member role too
    assert f"Factions: {len(sizes)}" in lines
    for name, size in sizes.items():
        assert any(line.startswith(f"- {name}: {size} members") for line in lines)
    assert sizes == Counter(FACTION_SIZES)
    [vote] = votes
    assert f"- Dues (motion): {voted[vote.id]} of {vote.roll_size} voted" in "\n".join(lines)
    corpus_added = [r for r in audit if r.action == "document.added"]
    assert f"Documents added: {len(documents) + len(corpus_added)}" in lines
    organizer_rows = [r for r in audit if r.details.get("as_organizer") is True]
    assert f"Organizer actions: {len(organizer_rows)}" in lines
    head = next(f.value for f in result.response.embeds[0].fields if f.name == "Audit head")
    assert f"`{audit[-1].seq}:{audit[-1].hash}`" in head


async def pending_digests(world: World) -> dict[str, dt.datetime]:
    async with world.services.core.sessions() as session:
        jobs = await job_repo.pending(session)
    return {job.id: job.due_at for job in jobs if job.kind == "digest"}


async def test_the_next_digest_is_scheduled_for_the_configured_day(world: World) -> None:
    # The world starts on 1 December 2026, 07:00 in New York: today's 09:00 digest is ahead.
    assert await pending_digests(world) == {
        f"digest:{world.guild.id}:2026-11": dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC)
    }


async def test_the_digest_posts_last_months_figures_and_schedules_the_next_month(
    world: World,
) -> None:
    world.member("ana")
    world.clock.advance(dt.timedelta(hours=3))

    await world.services.scheduler.run_due()

    posted = world.channels["announcements"].last_message.embeds[0]
    assert posted.title == "Transparency digest, 1 November 2026 to 30 November 2026"
    assert "Members: 1" in posted.description
    assert await pending_digests(world) == {
        f"digest:{world.guild.id}:2026-12": dt.datetime(2027, 1, 1, 14, 0, tzinfo=dt.UTC)
    }


async def test_members_see_last_months_figures_on_request(world: World) -> None:
    result = await world.member("ana").slash(
        world.channels["general"], "transparency", period="previous"
    )

    assert result.ephemeral
    assert "1 November 2026 to 30 November 2026" in result.response.embeds[0].title
