"""Discord renders `<t:…>` timestamps only in message content, embed descriptions and field
values. Every embed the main flows send is recorded here and none may hold one in its title,
footer, author or field names, where members would read the raw code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import discord
import pytest

from tests.cogs.votes.helpers import close_after, create_vote, vote_on_motion
from tests.services.voting.helpers import use_test_master_key
from tests.support.world import World


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)


@pytest.fixture
def sent_embeds(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every embed serialised for Discord while the test runs."""
    recorded: list[dict[str, Any]] = []
    to_dict = discord.Embed.to_dict

    def recording(self: discord.Embed) -> Any:
        payload = to_dict(self)
        recorded.append(dict(payload))
        return payload

    monkeypatch.setattr(discord.Embed, "to_dict", recording)
    return recorded


def places_without_timestamps(embed: dict[str, Any]) -> list[str]:
    texts = [embed.get("title") or "", (embed.get("footer") or {}).get("text") or ""]
    texts.append((embed.get("author") or {}).get("name") or "")
    texts += [field.get("name") or "" for field in embed.get("fields") or ()]
    return texts


async def run_main_flows(world: World) -> None:
    olga, ann = world.organizer(), world.member("ann")
    general = world.channels["general"]
    world.member("ben")
    await create_vote(world, olga, title="Strike fund", kind="motion", days=2.0)
    await vote_on_motion(ann, world.channels["votes"].last_message, "Yes")
    await create_vote(
        world, olga, title="Venue", kind="poll", options="Hall, Park", opens="2026-12-05 10:00"
    )
    await create_vote(world, olga, title="Committee", kind="election", seats=1, days=2.0)
    await ann.slash(general, "vote nominate", vote=3, statement="Minutes.")
    for command, options in (
        ("vote show", {"vote": 1}),
        ("vote show", {"vote": 2}),
        ("vote show", {"vote": 3}),
        ("vote list", {}),
        ("audit", {}),
        ("transparency", {}),
        ("decisions", {}),
        ("caucus help", {}),
        ("caucus about", {}),
    ):
        await ann.slash(general, command, **options)
    await close_after(world, 1)  # the reminder
    await close_after(world, 1)  # the motion closes; the poll opens
    await close_after(world, 6)  # the election opens
    await close_after(world, 2)  # and closes
    for command, options in (
        ("vote show", {"vote": 1}),
        ("decisions", {}),
        ("decisions", {"vote": 1}),
        ("transparency", {"period": "previous"}),
    ):
        await ann.slash(general, command, **options)
    world.clock.advance(dt.timedelta(days=31))
    await world.services.scheduler.run_due()  # the monthly digest


async def test_no_embed_title_or_footer_holds_a_timestamp(
    world: World, sent_embeds: list[dict[str, Any]]
) -> None:
    await run_main_flows(world)

    titles = {embed.get("title") for embed in sent_embeds}
    assert {"Votes", "Audit log", "Decisions", "Caucus commands"} <= titles
    assert any(str(t).startswith("Result — Vote #1") for t in titles)
    assert any(str(t).startswith("Nominations open") for t in titles)
    assert any(str(t).startswith("Transparency digest") for t in titles)
    wrong = [
        (embed.get("title"), text)
        for embed in sent_embeds
        for text in places_without_timestamps(embed)
        if "<t:" in text
    ]
    assert wrong == []
    # The timestamps themselves are still there, where Discord renders them.
    assert any("<t:" in str(embed.get("fields")) for embed in sent_embeds)
