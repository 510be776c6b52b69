"""Founding, joining, leaving and looking up factions as members, organizers and outsiders."""

from __future__ import annotations

from bot.domain.audit import AuditAction
from tests.cogs.factions.helpers import call, found, text
from tests.support.world import World


async def test_a_faction_is_founded_once_the_cofounder_agrees(world: World) -> None:
    proposed = await call(
        world.member("ana"),
        world,
        "faction create",
        name="Red Caucus",
        description="Open debate",
        cofounder=world.member("ben"),
    )
    assert "Co-found" in str(proposed.response.components)
    assert await world.services.factions.membership.live(world.guild.id) == []

    agreed = await world.member("ben").click(proposed.response, label="Co-found")

    assert "is founded" in agreed.response.content
    [faction] = await world.services.factions.membership.live(world.guild.id)
    assert faction.faction.members == {world.member("ana").id, world.member("ben").id}


async def test_only_the_named_cofounder_can_agree(world: World) -> None:
    proposed = await call(
        world.member("ana"),
        world,
        "faction create",
        name="Red Caucus",
        cofounder=world.member("ben"),
    )

    refused = await world.member("cat").click(proposed.response, label="Co-found")

    assert refused.ephemeral
    assert "Only the co-founders" in text(refused)


async def test_founding_without_a_cofounder_is_refused(world: World) -> None:
    refused = await call(world.member("ana"), world, "faction create", name="Red Caucus")

    assert refused.ephemeral
    assert "needs 1 co-founder" in text(refused)


async def test_a_duplicate_name_is_refused_with_a_clear_error(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    refused = await call(
        world.member("cat"),
        world,
        "faction create",
        name="red  CAUCUS",
        cofounder=world.member("dan"),
    )

    assert refused.ephemeral
    assert "There is already a faction called Red Caucus" in text(refused)


async def test_outsiders_cannot_found_or_join(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    visitor = world.outsider()

    founding = await call(
        visitor, world, "faction create", name="Visitors", cofounder=world.member("ana")
    )
    joining = await call(visitor, world, "faction join", name="Red Caucus")

    assert "Only members of the organization" in text(founding)
    assert "Only members of the organization" in text(joining)


async def test_members_join_and_leave_freely_and_membership_is_public(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    cat = world.member("cat")

    joined = await call(cat, world, "faction join", name="red caucus")
    shown = await call(world.member("dan"), world, "faction show", name="Red Caucus")
    listed = await call(world.organizer(), world, "faction list")
    left = await call(cat, world, "faction leave", name="Red Caucus")

    assert "3 members" in text(joined)
    members = next(f.value for f in shown.response.embeds[0].fields if f.name.startswith("Members"))
    assert f"<@{cat.id}>" in members
    assert "Red Caucus** — 3 members" in listed.response.embeds[0].description
    assert "You left" in text(left)


async def test_joining_twice_and_leaving_a_faction_you_are_not_in_are_refused(
    world: World,
) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    twice = await call(world.member("ana"), world, "faction join", name="Red Caucus")
    stranger = await call(world.member("cat"), world, "faction leave", name="Red Caucus")

    assert "already a member" in text(twice)
    assert "not a member" in text(stranger)


async def test_the_last_member_leaving_dissolves_the_faction(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    await call(world.member("ana"), world, "faction leave", name="Red Caucus")

    last = await call(world.member("ben"), world, "faction leave", name="Red Caucus")

    assert "it is dissolved" in text(last)
    assert await world.services.factions.membership.live(world.guild.id) == []


async def test_only_members_of_the_faction_edit_its_platform(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    refused = await call(
        world.organizer(), world, "faction edit", name="Red Caucus", platform="Obey."
    )
    edited = await call(
        world.member("ben"),
        world,
        "faction edit",
        name="Red Caucus",
        platform_file=("platform.md", b"# Platform\n\nFactions any time.\n"),
    )

    assert "Only members of Red Caucus can edit its platform" in text(refused)
    assert "is updated" in text(edited)
    faction = await world.services.factions.membership.get(world.guild.id, "Red Caucus")
    assert "Factions any time." in faction.faction.platform


async def test_every_membership_change_is_in_the_audit_log(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    await call(world.member("cat"), world, "faction join", name="Red Caucus")
    await call(world.member("cat"), world, "faction leave", name="Red Caucus")

    entries = await world.services.audit.recent(world.guild.id, limit=10)

    actions = [e.action for e in entries]
    assert actions == [
        AuditAction.FACTION_CREATED,
        AuditAction.FACTION_JOINED,
        AuditAction.FACTION_LEFT,
    ]
    assert (await world.services.audit.verify(world.guild.id)).ok
