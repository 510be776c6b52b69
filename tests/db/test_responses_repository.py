"""The responses repository: an answer hidden until the blind-first reveal reaches no reader
(the session view, exports, summaries' speakers, the reveal's posting list) before it, and the
reveal shows each hidden answer once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import responses
from bot.db.engine import create_session_factory

GUILD, NUMBER = 1, 3
T0 = dt.datetime(2026, 12, 3, 19, tzinfo=dt.UTC)
MODAL = "modal"


async def answer(engine: AsyncEngine, key: str, author: int, text: str, hidden: bool) -> None:
    async with create_session_factory(engine).begin() as session:
        await responses.add_answer(
            session,
            key=key,
            guild_id=GUILD,
            number=NUMBER,
            author_id=author,
            author_name=f"member {author}",
            source=MODAL,
            prompt=None,
            content=text,
            hidden=hidden,
            at=T0,
        )


async def test_a_hidden_answer_reaches_no_reader_before_the_reveal(engine: AsyncEngine) -> None:
    await answer(engine, "k-ana", 11, "Ana's secret answer.", hidden=True)
    await answer(engine, "k-ben", 12, "Ben answered openly.", hidden=False)
    sessions = create_session_factory(engine)
    async with sessions() as session:
        shown = await responses.for_session(session, GUILD, NUMBER)
        exported = await responses.visible(session, GUILD)
        exported_all = await responses.visible(session)
        speakers = await responses.speakers(session, GUILD, NUMBER)
        to_post = await responses.unposted(session, GUILD, NUMBER, MODAL)
        everything = await responses.for_session(session, GUILD, NUMBER, include_hidden=True)
    for readable in (shown, exported, exported_all, to_post):
        assert [r.content for r in readable] == ["Ben answered openly."]
    assert speakers == {12}
    assert len(everything) == 2  # stored, only unseen


async def test_the_reveal_shows_each_hidden_answer_once(engine: AsyncEngine) -> None:
    await answer(engine, "k-ana", 11, "Ana's answer.", hidden=True)
    await answer(engine, "k-cai", 13, "Cai's answer.", hidden=True)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        first = await responses.unhide(session, GUILD, NUMBER)
    async with sessions.begin() as session:
        again = await responses.unhide(session, GUILD, NUMBER)
    assert sorted(r.content for r in first) == ["Ana's answer.", "Cai's answer."]
    assert not any(r.hidden for r in first)
    assert again == []
    async with sessions() as session:
        assert {r.author_id for r in await responses.for_session(session, GUILD, NUMBER)} == {
            11,
            13,
        }


async def test_changing_an_answer_keeps_one_answer_per_key(engine: AsyncEngine) -> None:
    await answer(engine, "k-ana", 11, "First thought.", hidden=False)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        changed = await responses.change_answer(session, "k-ana", "Second thought.", "Ana", T0)
        missing = await responses.change_answer(session, "k-nobody", "x", "X", T0)
    assert changed is not None
    assert (changed.content, changed.edited_at) == ("Second thought.", T0)
    assert missing is None
    async with sessions.begin() as session:
        withdrawn = await responses.delete_answer(session, "k-ana")
        nothing = await responses.delete_answer(session, "k-ana")
    assert withdrawn is not None
    assert withdrawn.content == "Second thought."
    assert nothing is None
    async with sessions() as session:
        assert await responses.for_session(session, GUILD, NUMBER, include_hidden=True) == []
