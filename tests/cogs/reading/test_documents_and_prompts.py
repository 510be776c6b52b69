"""Uploads and member-suggested prompts, including hostile input."""

from __future__ import annotations

import discord
import pytest

from bot.services.extraction import ExtractionLimits
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.services.extraction.hostile import freeze_pdf
from tests.support.downloads import counted_downloads
from tests.support.world import World, reply_text

ESSAY = "# A new essay\n\nFactions should be allowed at any time of the year.\n\n" * 3


async def upload(world: World, name: str, data: bytes, **options: object):
    return await world.organizer().slash(
        world.channels["general"],
        "corpus add",
        file=(name, data),
        title="Open factions",
        author="A member",
        **options,
    )


async def test_organizer_uploads_a_markdown_document_into_the_plan(reading_world: World) -> None:
    result = await upload(reading_world, "essay.md", ESSAY.encode(), add_to_plan=True)

    assert "Added **Open factions** (`open-factions`)" in reply_text(result)
    ids = await reading_world.services.corpus.plan_document_ids(reading_world.guild.id)
    assert ids[-1] == "open-factions"
    sessions = await reading_world.services.plans.sessions(reading_world.guild.id)
    assert sessions[-1].document_id == "open-factions"
    [entry] = await reading_world.services.audit.recent(reading_world.guild.id)
    assert entry.action == "document.added"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("image.png", b"\x89PNG\r\n", "I can read .txt, .md, .pdf and .html files"),
        ("blob.txt", b"abc\x00\x01\x02" * 10, "looks binary"),
        ("huge.txt", b"word " * 500_000, "the limit is 2 MB"),
        ("fake.pdf", b"not a pdf at all", "does not look like a PDF"),
        ("latin1.txt", "caf\xe9 society".encode("latin-1"), "not UTF-8"),
    ],
)
async def test_bad_uploads_are_refused_clearly(
    reading_world: World, name: str, data: bytes, message: str
) -> None:
    result = await upload(reading_world, name, data)

    assert message in reply_text(result)
    corpus = await reading_world.services.corpus.corpus(reading_world.guild.id)
    assert "open-factions" not in corpus.ids


async def test_members_cannot_upload(reading_world: World) -> None:
    with counted_downloads(reading_world) as fetched:
        result = await reading_world.member("ana").slash(
            reading_world.channels["general"],
            "corpus add",
            file=("e.pdf", freeze_pdf()),
            title="x y z",
            author="me",
        )
    assert result.response.content == "Only organizers can do that."
    assert fetched == []


async def test_an_oversized_upload_is_refused_before_it_is_downloaded(
    reading_world: World,
) -> None:
    with counted_downloads(reading_world) as fetched:
        result = await upload(reading_world, "huge.pdf", b"%PDF-1.7\n" + b" " * 2_100_000)
    assert "the limit is 2 MB" in reply_text(result)
    assert fetched == []


async def test_a_hostile_pdf_upload_is_refused_by_name(reading_world: World) -> None:
    reading_world.services.sandbox.limits = ExtractionLimits(cpu_seconds=1, wall_seconds=3)
    reading_world.env.settle_timeout = 30
    result = await upload(reading_world, "freeze.pdf", freeze_pdf())
    assert "took too long" in reply_text(result)
    corpus = await reading_world.services.corpus.corpus(reading_world.guild.id)
    assert "open-factions" not in corpus.ids


async def test_html_upload_is_extracted(reading_world: World) -> None:
    html = (
        "<html><body><nav>Home | About</nav><article><h1>Open factions</h1>"
        + "<p>Members may organise tendencies whenever they disagree with the leadership, "
        "and publish platforms for everyone to read.</p>"
        * 6
        + "</article><footer>Cookie notice</footer></body></html>"
    )
    result = await upload(reading_world, "page.html", html.encode())
    assert "Added **Open factions**" in reply_text(result)


async def test_suggested_prompt_joins_the_pool_after_approval(reading_world: World) -> None:
    world = reading_world
    ana, olga = world.member("ana"), world.organizer()
    text = "What would the ISO have looked like with permanent factions?"
    made = await ana.slash(
        world.channels["general"], "prompt suggest", document="socialism-in-one-org", text=text
    )
    assert "suggestion #1" in made.response.content

    refused = await ana.slash(world.channels["general"], "prompt approve", suggestion=1)
    assert refused.response.content == "Only organizers can do that."
    pending = await olga.slash(world.channels["general"], "prompt pending")
    assert text in pending.response.content
    await olga.slash(world.channels["general"], "prompt approve", suggestion=1)
    again = await olga.slash(world.channels["general"], "prompt approve", suggestion=1)
    assert "already approved" in again.response.content

    post = await world.services.posting.session_post(world.guild.id, 1)
    assert text in [p.text for p in post.prompts]


async def test_suggestion_with_a_mass_mention_is_refused(reading_world: World) -> None:
    result = await reading_world.member("ana").slash(
        reading_world.channels["general"],
        "prompt suggest",
        document="socialism-in-one-org",
        text="@everyone what do you think about this?",
    )
    assert "cannot mention" in result.response.content


async def test_forum_channel_gets_a_forum_post(engine) -> None:
    from tests.cogs.reading.conftest import READING
    from tests.support.world import running_world

    async with running_world(engine, reading=READING, forum=True) as world:
        await world.services.plans.sync(world.guild.id)
        await advance_to(world, FIRST_SESSION)
        forum = world.bot.get_channel(world.channels["reading"].id)
        assert isinstance(forum, discord.ForumChannel)
        assert next(t.name for t in forum.threads).startswith("Session 1:")
