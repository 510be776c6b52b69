"""/caucus about and /caucus help, driven through the real command tree."""

from __future__ import annotations

from tests.support.world import World


async def test_help_lists_every_command_ephemerally(world: World) -> None:
    alice = world.member("alice")

    result = await alice.slash(world.channels["general"], "caucus help")

    assert result.ephemeral
    names = [field.name for embed in result.response.embeds for field in embed.fields]
    assert "/caucus about" in names
    assert "/caucus help" in names


async def test_about_explains_the_bot(world: World) -> None:
    result = await world.member("bob").slash(world.channels["general"], "caucus about")

    assert result.ephemeral
    assert "secret ballots" in result.response.embeds[0].description


async def test_health_reports_database_and_jobs_to_organizers(world: World) -> None:
    result = await world.organizer().slash(world.channels["general"], "caucus health")

    fields = {field.name: field.value for field in result.response.embeds[0].fields}
    assert fields["Database"].startswith("ok, ")
    assert fields["Shard"] == "0 of 1"


async def test_health_is_for_organizers_only(world: World) -> None:
    result = await world.member("ann").slash(world.channels["general"], "caucus health")
    assert result.response.content == "Only organizers can do that."


async def test_help_points_voters_to_how_to_check_their_ballot(world: World) -> None:
    result = await world.member("alice").slash(world.channels["general"], "caucus help")

    assert "`/vote verify` with no tracker" in result.response.embeds[0].description


async def test_health_shows_how_late_the_event_loop_ran(world: World) -> None:
    monitor = world.services.health.loop_lag
    for lag in [0.001] * 98 + [0.05, 0.4]:
        monitor.record(lag)

    result = await world.organizer().slash(world.channels["general"], "caucus health")

    fields = {field.name: field.value for field in result.response.embeds[0].fields}
    assert fields["Event loop delay"] == (
        "p99 50 ms, max 400 ms over the last 100 checks; 1 over 100 ms"
    )
