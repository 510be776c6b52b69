"""/summarize through the real command tree."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cogs.summaries.conftest import embed_text, open_thread
from tests.domain.summaries.threads import pile_on_versus_many
from tests.services.summaries.fake_llm import fake_llm, llm_settings
from tests.support.world import World, running_world


async def post_thread(world: World, thread) -> None:
    for message in pile_on_versus_many():
        member = world.member(message.author_name.lower())
        await member.send(thread, message.text)


async def test_positions_report_people_not_messages(world: World) -> None:
    thread = await open_thread(world)
    await post_thread(world, thread)

    result = await world.member("ana").slash(thread, "summarize")

    text = embed_text(result)
    assert "67 messages from 10 people" in text
    assert "**1. 7 people**" in text
    assert "**2. 3 people**" in text
    assert "60 people" not in text


async def test_quotes_link_to_their_messages_and_nobody_is_pinged(world: World) -> None:
    thread = await open_thread(world)
    await post_thread(world, thread)

    result = await world.member("ana").slash(thread, "summarize")

    assert f"https://discord.com/channels/{world.guild.id}/{thread.id}/" in embed_text(result)
    for message in [result.response, *result.followups]:
        stored = world.env.backend.get_message(message.channel_id, message.id)
        assert stored.allowed_mentions.users == frozenset()
        assert not stored.allowed_mentions.everyone
        assert stored.ping_user_ids == []


async def test_opted_out_member_is_not_quoted_or_counted(world: World) -> None:
    thread = await open_thread(world)
    await post_thread(world, thread)
    ana = world.member("ana")

    opted = await ana.slash(thread, "privacy summaries", setting="off")
    result = await world.member("ben").slash(thread, "summarize")

    assert opted.ephemeral
    text = embed_text(result)
    assert "**2. 2 people**: ben, cleo" in text
    assert re.search(r"\bana\b", text) is None


async def test_since_a_message_link_summarises_only_what_came_after(world: World) -> None:
    thread = await open_thread(world)
    first = await world.member("ana").send(thread, "We should read Capital first, it is the base.")
    await world.member("ben").send(thread, "The Manifesto is shorter and better for newcomers.")
    link = f"https://discord.com/channels/{world.guild.id}/{thread.id}/{first.id}"

    result = await world.member("ben").slash(thread, "summarize", since=link)

    text = embed_text(result)
    assert "1 message from 1 person" in text
    assert "Capital first" not in text


async def test_a_thread_can_be_named_from_another_channel(world: World) -> None:
    thread = await open_thread(world)
    await post_thread(world, thread)

    result = await world.member("ana").slash(world.channels["general"], "summarize", thread=thread)

    assert "**1. 7 people**" in embed_text(result)


async def test_outsiders_cannot_summarise(world: World) -> None:
    thread = await open_thread(world)
    await world.member("ana").send(thread, "A view worth keeping to ourselves.")

    result = await world.outsider().slash(thread, "summarize")

    assert result.ephemeral
    assert "Only members" in result.response.content


async def test_an_empty_thread_says_so(world: World) -> None:
    thread = await open_thread(world)

    result = await world.member("ana").slash(thread, "summarize")

    assert "nothing to summarise" in embed_text(result)


async def test_llm_summary_through_the_command_keeps_jump_links(engine: AsyncEngine) -> None:
    answer = "**Main positions**\nRead the Manifesto first [m:CITE]."
    async with (
        fake_llm(answer=answer) as fake,
        running_world(engine, summaries=llm_settings(fake.base_url)) as world,
    ):
        thread = await open_thread(world)
        await post_thread(world, thread)
        cited = thread.history()[-1]
        fake.answer = answer.replace("CITE", str(cited.id))

        result = await world.member("ana").slash(thread, "summarize")

    text = embed_text(result)
    assert f"[↗](https://discord.com/channels/{world.guild.id}/{thread.id}/{cited.id})" in text
    assert "67 messages from 10 people" in text
    assert "Participation: ana 20 messages" in text
