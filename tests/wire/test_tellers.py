"""A vote with 3 tellers and k = 2 over the wire (real bot, strict fake Discord checking every
request against Discord's OpenAPI description): keys registered, tellers named, the dealing
file downloaded from the announcement, ballots cast by button, releases uploaded as files, the
count published."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.domain.voting.teller_file import PublishedDealing
from bot.domain.voting.tellers import generate_teller_keys, make_release
from caucus_demo.fake_discord import FakeUpload
from caucus_demo.stage import Stage

pytestmark = pytest.mark.database

TELLERS = ("ana", "ben", "chen")


@pytest.fixture
def stage_sections() -> dict[str, Any]:
    return {"tellers": {"count": 3, "threshold": 2, "release_deadline_hours": 24}}


def votes(stage: Stage) -> list[dict[str, Any]]:
    return stage.fake.messages_in(stage.branch.channel_id("votes"))


async def test_a_teller_vote_runs_end_to_end_over_the_wire(stage: Stage) -> None:
    olga = stage.join("olga", organizer=True)
    people = {name: stage.join(name) for name in (*TELLERS, "dan", "eve")}
    keys = {}
    for name in TELLERS:
        keys[name] = generate_teller_keys()
        await stage.slash(people[name], "teller register", {"key": keys[name].public().encode()})
    created = await stage.slash(
        olga, "vote create", {"title": "Join the federation", "kind": "motion", "days": 1}
    )
    assert "opens as soon as all its tellers are named" in created.text
    for name in TELLERS:
        named = await stage.slash(olga, "teller name", {"vote": 1, "member": people[name]})
    assert "vote #1 is now open" in named.text

    [announcement] = [m for m in votes(stage) if m.get("components")]
    [attached] = [a for a in announcement["attachments"] if a["filename"].endswith(".json")]
    dealing = PublishedDealing.from_json(
        json.loads(stage.fake.attachment_bytes(attachment=attached))
    )
    for name, choice in (("dan", "yes"), ("eve", "no"), ("olga", "yes")):
        member = stage.person(name).id
        ballot = await stage.fake.click(announcement["id"], "caucus:vote:1", member)
        assert ballot.message is not None
        await stage.fake.click(ballot.message["id"], f"caucus:motion:1:{choice}", member)

    await stage.advance(dt.timedelta(days=1, minutes=1))
    assert any("waits for 2 of its 3 tellers" in str(m.get("content")) for m in votes(stage))
    for name in ("ben", "chen"):
        number = TELLERS.index(name) + 1
        release = make_release(dealing.context, dealing.dealing, number, keys[name]).encode()
        await stage.slash(
            people[name],
            "teller release",
            {"vote": 1, "file": FakeUpload("release.txt", release.encode(), "text/plain")},
        )
    await stage.advance(dt.timedelta(minutes=1))

    results = [
        m
        for m in votes(stage)
        if m.get("embeds") and str(m["embeds"][0].get("title", "")).startswith("Result")
    ]
    assert results
    assert results[-1]["embeds"][0]["description"] == "**The motion is carried.**"
    assert stage.services.voting.keys.vote_key_files() == []
