"""Findings 3 and 4: one answer per member per prompt, changeable and withdrawable until the
reveal or the close; blind-first keeps every answer unseen by others until the reveal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.db.models import ResponseRow
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to, bot_messages
from tests.support.world import World, reply_text


def modal_default(shown) -> str | None:  # type: ignore[no-untyped-def]
    [row] = shown.modal["components"]
    [field] = row["components"]
    return field.get("value")


async def stored_answers(world: World) -> int:
    async with world.services.core.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(ResponseRow).where(ResponseRow.source == "modal")
        )
    return int(count or 0)


async def test_second_respond_changes_the_answer_and_its_message(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    ana = world.member("ana")
    general = world.channels["general"]
    thread = world.channels["reading"].threads[0]

    shown = await ana.slash(general, "respond", prompt=1)
    assert modal_default(shown) in (None, "")
    await ana.submit_modal(shown, {"answer": "First thoughts."})
    shown = await ana.slash(general, "respond", prompt=1)
    assert modal_default(shown) == "First thoughts."  # the form opens with my answer
    changed = await ana.submit_modal(shown, {"answer": "Second thoughts."})
    assert "changed" in changed.response.content

    assert await stored_answers(world) == 1
    answers = [m for m in bot_messages(thread) if m.embeds and m.embeds[0].author.name == "ana"]
    assert len(answers) == 1
    assert answers[0].embeds[0].description == "Second thoughts."

    # Another prompt is another answer.
    shown = await ana.slash(general, "respond", prompt=2)
    assert modal_default(shown) in (None, "")
    await ana.submit_modal(shown, {"answer": "On prompt two."})
    assert await stored_answers(world) == 2


async def test_withdraw_removes_the_answer_and_its_message(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    ana = world.member("ana")
    general = world.channels["general"]
    thread = world.channels["reading"].threads[0]
    shown = await ana.slash(general, "respond")
    await ana.submit_modal(shown, {"answer": "I take this back."})
    withdrawn = await ana.slash(general, "respond", withdraw=True)
    assert "withdrawn" in withdrawn.response.content
    assert await stored_answers(world) == 0
    assert not [m for m in bot_messages(thread) if m.embeds and m.embeds[0].author.name == "ana"]
    again = await ana.slash(general, "respond", withdraw=True)
    assert "no answer to withdraw" in reply_text(again)


async def test_answers_freeze_when_the_session_closes(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    ana = world.member("ana")
    shown = await ana.slash(world.channels["general"], "respond")
    world.clock.set(FIRST_SESSION + dt.timedelta(weeks=1) - dt.timedelta(minutes=4))
    late = await ana.submit_modal(shown, {"answer": "Too late."})
    assert "closed" in reply_text(late)
    assert await stored_answers(world) == 0


async def test_blind_first_nobody_reads_another_answer_before_the_reveal(
    blind_world: World,
) -> None:
    world = blind_world
    await advance_to(world, FIRST_SESSION)
    ana, ben = world.member("ana"), world.member("ben")
    general = world.channels["general"]
    handle = world.channels["reading"].threads[0]
    thread = world.bot.get_channel(handle.id)
    assert thread.locked, "members answer through /respond only until the reveal"

    shown = await ana.slash(general, "respond")
    await ana.submit_modal(shown, {"answer": "Ana's secret answer."})
    # Path 1: the thread. Even a message that gets past the lock is removed and given back.
    typed = await ana.send(handle, "Ana typed her answer in the thread.")
    await world.env.settle()
    visible = [m.content for m in handle.history(viewer=ben)]
    assert typed.content not in visible
    assert not any("Ana" in (e.description or "") for m in bot_messages(handle) for e in m.embeds)
    returned = [m for m in ana.user.dm_channel.history() if m.author.bot]
    assert "Ana typed her answer in the thread." in returned[-1].content
    # Path 2: /responses.  Path 3: the /respond form opens with ben's own answer only.
    listed = await ben.slash(general, "responses")
    assert "secret answer" not in reply_text(listed)
    assert "No visible responses" in reply_text(listed)
    shown = await ben.slash(general, "respond")
    assert modal_default(shown) in (None, "")
    # Path 4: the stored thread record (summaries, exports read it): nothing was kept.
    assert await world.services.responses.for_session(world.guild.id, 1) == []

    # Ana changes her mind before the reveal; the reveal shows only her final answer.
    shown = await ana.slash(general, "respond")
    assert modal_default(shown) == "Ana's secret answer."
    await ana.submit_modal(shown, {"answer": "Ana's final answer."})
    await advance_to(world, FIRST_SESSION + dt.timedelta(hours=48))
    revealed = [e.description for m in bot_messages(handle) for e in m.embeds]
    assert "Ana's final answer." in revealed
    assert "Ana's secret answer." not in revealed
    assert not world.bot.get_channel(handle.id).locked  # discussion opens at the reveal
    shown = await ana.slash(general, "respond")
    late = await ana.submit_modal(shown, {"answer": "After the reveal."})
    assert "revealed" in reply_text(late)
