"""What the bot does over REST lands in the fake's state; bad requests become violations."""

from __future__ import annotations

import discord
import pytest
from discord.ext import commands
from discord.http import Route

from caucus_demo.fake_discord import FakeDiscord, ViolationKind
from tests.fake_discord.conftest import Scene


async def test_thread_is_created_and_the_bot_posts_in_it(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    await fake.invoke_slash(scene.guild.id, scene.alice.id, "caucus thread", {"name": "Chapter 1"})
    [thread] = fake.threads_in(scene.text["id"])
    assert thread["name"] == "Chapter 1"
    assert [m["content"] for m in fake.messages_in(thread["id"])] == ["first post in the thread"]
    assert bot.get_channel(int(thread["id"])) is not None  # THREAD_CREATE reached the cache


async def test_forum_post_has_a_starter_message_with_the_thread_id(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    options = {"forum": scene.forum["id"], "title": "Book one"}
    result = await fake.invoke_slash(scene.guild.id, scene.alice.id, "caucus post", options)
    [post] = fake.threads_in(scene.forum["id"])
    assert result.content == f"posted {post['id']}"
    [starter] = fake.messages_in(post["id"])
    assert starter["id"] == post["id"]
    assert starter["content"] == "Discuss chapter one here."


async def test_scheduled_event_is_created_then_edited(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    options = {"name": "Session 1", "hours": 3}
    await fake.invoke_slash(scene.guild.id, scene.alice.id, "caucus schedule", options)
    [event] = fake.scheduled_events(scene.guild.id)
    assert event["name"] == "Session 1"
    assert event["description"] == "Bring the book"
    assert event["entity_metadata"] == {"location": "Library"}
    guild = bot.get_guild(scene.guild.id)
    assert guild is not None
    assert guild.get_scheduled_event(int(event["id"])) is not None


async def test_dm_reaches_the_member(fake: FakeDiscord, bot: commands.Bot, scene: Scene) -> None:
    await fake.invoke_slash(scene.guild.id, scene.alice.id, "caucus remind", {"who": scene.bob.id})
    assert [m["content"] for m in fake.dms_to(scene.bob.id)] == ["Reading starts soon"]
    assert fake.dms_to(scene.alice.id) == []


async def test_uploaded_file_is_stored_as_an_attachment(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    result = await fake.invoke_slash(scene.guild.id, scene.alice.id, "caucus export")
    [attachment] = result.message["attachments"]  # type: ignore[index]
    assert attachment["filename"] == "results.csv"
    assert fake.attachment_bytes(attachment) == b"candidate,votes\nA,3\n"


async def test_invalid_body_is_a_violation_and_answered_400(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=int(scene.text["id"]))
    with pytest.raises(discord.HTTPException) as raised:
        await bot.http.request(route, json={"content": 5, "embeds": "nope"})
    assert raised.value.status == 400
    [violation] = fake.violations
    assert violation.kind is ViolationKind.INVALID_REQUEST_BODY
    assert violation.method == "POST"
    assert "create_message" in violation.message
    fake.violations.clear()  # expected here; the fixture fails tests that leave violations


async def test_unknown_route_is_a_violation_and_answered_404(
    fake: FakeDiscord, bot: commands.Bot
) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(Route("GET", "/channels/{channel_id}/nothing", channel_id=1))
    assert [v.kind for v in fake.violations] == [ViolationKind.UNKNOWN_ROUTE]
    fake.violations.clear()


async def test_every_request_is_logged_with_operation_and_status(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    await fake.invoke_slash(scene.guild.id, scene.alice.id, "caucus export")
    [callback] = fake.requests_to("create_interaction_response")
    assert callback.status == 200
    assert callback.query == {"with_response": "1"}
    assert callback.files == ["results.csv"]
    assert callback.json["type"] == 4


async def test_rate_limited_request_is_retried_by_discord_py(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    fake.fail_next("POST", "/channels/*/messages", status=429, retry_after=0.01)
    channel = bot.get_channel(int(scene.text["id"]))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("after a rate limit")
    assert [r.status for r in fake.requests_to("create_message")] == [429, 200]
    assert fake.messages_in(scene.text["id"])[-1]["content"] == "after a rate limit"


async def test_server_error_fault_surfaces_in_the_bot(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    fake.fail_next("POST", "/channels/*/messages", status=503)
    channel = bot.get_channel(int(scene.text["id"]))
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.DiscordServerError):
        await channel.send("lost")
    assert fake.messages_in(scene.text["id"]) == []
