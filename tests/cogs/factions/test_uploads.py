"""Attachments to /faction create, edit and publish are untrusted: nobody who may not act gets
the bot to download anything, sizes are refused from the metadata, and a hostile file is read
in the sandbox's child process, refused by name, while the event loop stays free."""

from __future__ import annotations

from bot.services.extraction import ExtractionLimits
from tests.cogs.factions.helpers import call, found, text
from tests.services.extraction.hostile import freeze_pdf, simple_pdf
from tests.services.extraction.loop_watch import no_slow_callbacks
from tests.support.downloads import counted_downloads
from tests.support.world import World

HOSTILE_LIMITS = ExtractionLimits(cpu_seconds=2, wall_seconds=3)


async def publish_file(world: World, person: str, name: str, data: bytes) -> str:
    result = await call(
        world.member(person) if person != "visitor" else world.outsider(),
        world,
        "faction publish",
        name="Red Caucus",
        kind="platform",
        title="Our platform",
        file=(name, data),
    )
    return text(result)


async def test_someone_without_the_member_role_cannot_make_the_bot_download(
    world: World,
) -> None:
    with counted_downloads(world) as fetched:
        result = await world.outsider().slash(
            world.channels["general"],
            "faction create",
            name="Freezers",
            platform_file=("platform.pdf", freeze_pdf()),
        )

    assert "member" in text(result).casefold()
    assert fetched == []
    assert await world.services.factions.membership.live(world.guild.id) == []


async def test_members_outside_the_faction_cannot_make_the_bot_download(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    with counted_downloads(world) as fetched:
        published = await publish_file(world, "cat", "platform.pdf", freeze_pdf())
        edited = text(
            await call(
                world.member("cat"),
                world,
                "faction edit",
                name="Red Caucus",
                platform_file=("platform.pdf", freeze_pdf()),
            )
        )

    assert "Only members of Red Caucus can publish" in published
    assert "Only members of Red Caucus can edit its platform" in edited
    assert fetched == []


async def test_an_oversized_file_is_refused_from_its_declared_size(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    with counted_downloads(world) as fetched:
        refused = await publish_file(world, "ana", "huge.md", b"word " * 500_000)

    assert "the limit is 2 MB" in refused
    assert fetched == []


async def test_a_hostile_pdf_from_a_member_is_refused_and_never_blocks_the_loop(
    world: World,
) -> None:
    await found(world, "Red Caucus", "ana", "ben")
    world.services.sandbox.limits = HOSTILE_LIMITS
    world.env.settle_timeout = 30  # the child gets seconds of real time before its refusal

    async with no_slow_callbacks(0.1) as watch:
        refused = await publish_file(world, "ana", "platform.pdf", freeze_pdf())

    assert "took too long" in refused
    assert "Nothing was saved" in refused
    assert watch.slow == []
    assert await world.services.factions.bulletin.bulletin(world.guild.id) == []


async def test_a_damaged_pdf_gets_a_specific_refusal(world: World) -> None:
    await found(world, "Red Caucus", "ana", "ben")

    refused = await publish_file(world, "ana", "platform.pdf", simple_pdf()[:300])

    assert refused.startswith("The PDF could not be read: ")


async def test_a_readable_pdf_platform_founds_the_faction(world: World) -> None:
    general = world.channels["general"]
    proposed = await world.member("ana").slash(
        general,
        "faction create",
        name="Red Caucus",
        cofounder=world.member("ben"),
        platform_file=("platform.pdf", simple_pdf("Factions at any time of the year.")),
    )

    # Deferred privately while the file was read: the private note, then the public founding.
    assert "platform file was read" in str(proposed.response.content)
    assert proposed.response.ephemeral
    founding = proposed.followups[-1]
    assert not founding.ephemeral
    await world.member("ben").click(founding, label="Co-found")
    stored = await world.services.factions.membership.get(world.guild.id, "Red Caucus")
    assert stored.faction.platform == "Factions at any time of the year."
