"""Members' uploads reach the bot over the wire: /corpus add downloads from the fake CDN."""

from __future__ import annotations

from caucus_demo.fake_discord import FakeUpload
from caucus_demo.stage import Stage

ESSAY = b"# Open factions\n\nMembers may organise a tendency whenever they disagree.\n\n" * 4


async def test_corpus_add_reads_the_uploaded_file(stage: Stage) -> None:
    olga = stage.join("olga", organizer=True)
    result = await stage.slash(
        olga,
        "corpus add",
        {
            "file": FakeUpload("essay.md", ESSAY, "text/markdown"),
            "title": "Open factions",
            "author": "A member",
        },
    )

    assert "Added **Open factions**" in result.text
    corpus = await stage.services.corpus.corpus(stage.branch.guild.id)
    assert "open-factions" in corpus.ids
