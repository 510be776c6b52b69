"""/audit shows organizer actions to every member, with the chain's state."""

from __future__ import annotations

from sqlalchemy import update

from bot.db.models import AuditRow
from tests.support.world import World


async def _record(world: World, n: int) -> None:
    audit = world.services.audit
    async with audit.transaction(world.guild.id) as session:
        await audit.record(
            session,
            guild_id=world.guild.id,
            actor_id=world.organizer().id,
            action="config.changed",
            details={"n": n},
            as_organizer=True,
        )


async def test_members_see_recent_entries_and_an_intact_chain(world: World) -> None:
    for n in range(3):
        await _record(world, n)

    result = await world.member("ana").slash(world.channels["general"], "audit")

    embed = result.response.embeds[0]
    assert "#3" in embed.description
    assert "olga changed the configuration (n: 2)." in embed.description
    assert embed.footer.text.startswith("The record is intact")


async def test_a_tampered_row_shows_in_the_footer(world: World) -> None:
    for n in range(3):
        await _record(world, n)
    async with world.services.core.sessions.begin() as session:
        await session.execute(update(AuditRow).where(AuditRow.seq == 2).values(action="nothing"))

    result = await world.member("ana").slash(world.channels["general"], "audit", count=5)

    assert "problem" in result.response.embeds[0].footer.text
