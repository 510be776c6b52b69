"""Finding 1 (and 7): a plan that survives config edits between restarts.

The "done when" test walks a ten-week plan through three config edits, each followed by a
restart, and proves from what Discord shows that every paragraph was posted exactly once, in
order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from bot.db.models import ReadingSessionRow, ScheduledJobRow
from bot.domain.audit import AuditAction
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.support.settings import make_settings
from tests.support.world import World, running_world

TEN_WEEKS: dict[str, Any] = {
    "documents": ["iso-stirrings-in-the-ashes", "socialism-in-one-org", "critique-iso-strategy"],
    "weekday": "thursday",
    "time": "19:00:00",
    "start": "2026-12-03",
    "words_per_session": 700,
    "reminder_offsets_hours": [],
}
WEEK = dt.timedelta(weeks=1)


def reconfigure(world: World, **reading: Any) -> None:
    """What an organizer does: edit the config file; the bot reads it at the next start."""
    world.services.settings = make_settings(
        channels={k: v.id for k, v in world.channels.items() if k != "general"},
        roles={"organizer": world.organizer_role.id, "member": world.member_role.id},
        reading={**TEN_WEEKS, **reading},
    )


def posted_sessions(world: World) -> list[tuple[int, str]]:
    """(session number, the excerpt text posted in its thread), from Discord itself."""
    found = []
    for handle in world.channels["reading"].threads:
        number = int(handle.name.split(":")[0].removeprefix("Session "))
        parts = [
            embed.description
            for message in handle.history()
            if message.author.bot
            for embed in message.embeds
            if (embed.footer.text and " · part " in (embed.footer.text or ""))
            or (embed.title and embed.title.startswith(f"Session {number}:"))
        ]
        found.append((number, " ".join(parts)))
    return sorted(found)


async def config_changes(world: World) -> list[Any]:
    entries = await world.services.audit.recent(world.guild.id, limit=100)
    return sorted(
        (e for e in entries if e.action == AuditAction.CONFIG_CHANGED.value), key=lambda e: e.seq
    )


def words(text: str) -> list[str]:
    return text.split()


async def paragraphs_of(world: World, doc_id: str) -> list[str]:
    corpus = await world.services.corpus.corpus(world.guild.id)
    return [p.text for p in corpus.get(doc_id).paragraphs]


async def run_until(world: World, moment: dt.datetime) -> None:
    """Advance the clock job by job (each runs on time), then to `moment`."""
    while True:
        async with world.services.core.sessions() as session:
            due = await session.scalar(
                select(func.min(ScheduledJobRow.due_at)).where(
                    ScheduledJobRow.state == "pending", ScheduledJobRow.due_at <= moment
                )
            )
        if due is None:
            break
        await advance_to(world, max(due, world.clock.now()))
    await advance_to(world, moment)


async def test_ten_weeks_three_config_edits_post_every_paragraph_once_in_order(engine) -> None:
    async with running_world(engine, reading=TEN_WEEKS) as world:
        # The world configures the guild after the bot started: the first review sees that.
        await world.bot.get_cog("ReadingCog").on_ready()  # type: ignore[union-attr]
        baseline = await config_changes(world)
        first_plan = await world.services.plans.plan(world.guild.id)
        assert 9 <= len(first_plan.sessions) <= 11  # a ten-week plan

        # Weeks 1-2 read the first document whole.
        await run_until(world, FIRST_SESSION + WEEK + dt.timedelta(hours=1))
        assert [n for n, _ in posted_sessions(world)] == [1, 2]

        # Edit 1: remove the document already read, restart.
        reconfigure(world, documents=TEN_WEEKS["documents"][1:])
        await world.restart()
        await run_until(world, FIRST_SESSION + 3 * WEEK + dt.timedelta(hours=1))

        # Edit 2: shorter sessions, restart.
        reconfigure(world, documents=TEN_WEEKS["documents"][1:], words_per_session=450)
        await world.restart()
        await run_until(world, FIRST_SESSION + 5 * WEEK + dt.timedelta(hours=1))

        # Edit 3: add a document at the end, restart.
        documents = [*TEN_WEEKS["documents"][1:], "followers-and-dissidents"]
        reconfigure(world, documents=documents, words_per_session=450)
        await world.restart()
        plan = await world.services.plans.plan(world.guild.id)
        await run_until(world, plan.sessions[-1].starts_at + dt.timedelta(hours=1))

        posted = posted_sessions(world)
        assert [n for n, _ in posted] == list(range(1, len(posted) + 1))
        expected: list[str] = []
        for doc_id in [TEN_WEEKS["documents"][0], *documents]:
            expected += [w for p in await paragraphs_of(world, doc_id) for w in words(p)]
        got = [w for _, text in posted for w in words(text)]
        assert got == expected, "a paragraph was skipped, repeated or read out of order"

        # The stored anchors agree: each paragraph of each document held by one session.
        async with world.services.core.sessions() as session:
            rows = list(await session.scalars(select(ReadingSessionRow)))
        held: dict[str, list[int]] = {}
        for row in sorted((r for r in rows if r.state == "posted"), key=lambda r: r.number):
            held.setdefault(row.document_id, []).extend(
                range(row.first_paragraph, row.last_paragraph + 1)
            )
        for doc_id, indexes in held.items():
            corpus = await world.services.corpus.corpus(world.guild.id)
            assert indexes == [p.index for p in corpus.get(doc_id).paragraphs]

        # Every edit reached the audit log as a readable diff, and the log channel heard of it.
        changes = (await config_changes(world))[len(baseline) :]
        assert len(changes) == 3
        texts = [line for e in changes for line in e.details["changes"]]
        assert "reading.words_per_session: 700 → 450" in texts
        assert any(t.startswith("reading.documents: [iso-stirrings-in-the-ashes,") for t in texts)
        log = [m.content for m in world.channels["log"].history() if m.author.bot]
        assert any("reading.words_per_session: 700 → 450" in m for m in log)
        assert any("now reads" in m and "(was " in m for m in log)
        assert any("Session" in m and "added" in m for m in log)


async def test_unchanged_config_restart_says_nothing(engine) -> None:
    async with running_world(engine, reading=TEN_WEEKS) as world:
        cog = world.bot.get_cog("ReadingCog")
        await cog.on_ready()  # type: ignore[union-attr]
        baseline = await config_changes(world)
        told = [m for m in world.channels["log"].history() if m.author.bot]
        await world.restart()
        await world.restart()
        assert [m for m in world.channels["log"].history() if m.author.bot] == told
        assert await config_changes(world) == baseline


async def test_removing_an_unread_document_reports_removed_sessions(engine) -> None:
    async with running_world(engine, reading=TEN_WEEKS) as world:
        await world.bot.get_cog("ReadingCog").on_ready()  # type: ignore[union-attr]
        before = len((await world.services.plans.plan(world.guild.id)).sessions)
        told = len([m for m in world.channels["log"].history() if m.author.bot])
        reconfigure(world, documents=TEN_WEEKS["documents"][:2])
        await world.restart()
        after = (await world.services.plans.plan(world.guild.id)).sessions
        assert len(after) < before
        log = "\n".join(m.content for m in world.channels["log"].history()[told:] if m.author.bot)
        assert f"Session {before} removed" in log
        assert "held by the pause" not in log
        result = await world.member("ana").slash(world.channels["general"], "reading calendar")
        ics = (await result.response.attachments[0].read()).decode()
        assert f"reading-session-{before}-" in ics  # still there, as cancelled
        assert ics.count("STATUS:CANCELLED") == before - len(after)


async def test_a_plan_that_cannot_be_built_is_told_not_fatal(engine) -> None:
    reading = {**TEN_WEEKS, "documents": ["no-such-document"]}
    async with running_world(engine, reading=reading) as world:
        await world.bot.get_cog("ReadingCog").on_ready()  # type: ignore[union-attr]
        log = [m.content for m in world.channels["log"].history() if m.author.bot]
        assert any("unknown document 'no-such-document'" in line for line in log), log
