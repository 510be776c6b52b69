"""The LLM backend against a fake endpoint on 127.0.0.1: success keeps jump links, every
failure falls back to the offline summary, opted-out members are never sent."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.summaries import ThreadMessage
from bot.services.summaries.llm import FallbackReason
from bot.services.summaries.llm_prompts import chunk_lines, link_citations
from tests.domain.summaries.threads import pile_on_versus_many, reading_order_debate
from tests.services.summaries.conftest import make_services, member
from tests.services.summaries.fake_llm import fake_llm, llm_settings
from tests.support.settings import GUILD_ID


def numeric_ids(messages: list[ThreadMessage]) -> list[ThreadMessage]:
    """Discord-shaped ids: numeric message ids and member ids (as the bot has them)."""
    members: dict[str, str] = {}
    for m in messages:
        members.setdefault(m.author_id, str(100 + len(members)))
    return [
        ThreadMessage(
            id=str(1000 + int(m.id)),
            author_id=members[m.author_id],
            author_name=m.author_name,
            text=m.text,
            created_at=m.created_at,
            reply_to_id=str(1000 + int(m.reply_to_id)) if m.reply_to_id else None,
            jump_url=f"https://discord.com/channels/1/2/{1000 + int(m.id)}",
        )
        for m in messages
    ]


async def test_llm_summary_keeps_jump_links_for_cited_messages(engine: AsyncEngine) -> None:
    answer = "**Main positions**\nStart with the Manifesto [m:1002, m:1003]. Invented [m:9999]."
    async with fake_llm(answer=answer) as fake:
        services = make_services(engine, **llm_settings(fake.base_url))
        digest = await services.summaries.summaries.summarize(
            GUILD_ID, numeric_ids(reading_order_debate())
        )

    assert digest.fallback is None
    assert digest.llm_text is not None
    assert "[↗](https://discord.com/channels/1/2/1002)" in digest.llm_text
    assert "[↗](https://discord.com/channels/1/2/1003)" in digest.llm_text
    assert "9999" not in digest.llm_text
    assert len(fake.requests) == 1
    assert fake.requests[0]["model"] == "tiny-test"


async def test_api_key_comes_from_the_named_environment_variable(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_LLM_KEY", "sk-test")
    async with fake_llm() as fake:
        services = make_services(
            engine, **llm_settings(fake.base_url, llm_api_key_env="TEST_LLM_KEY")
        )
        await services.summaries.summaries.summarize(GUILD_ID, numeric_ids(reading_order_debate()))

    assert fake.headers[0]["Authorization"] == "Bearer sk-test"


async def test_long_thread_is_mapped_in_chunks_then_reduced(engine: AsyncEngine) -> None:
    messages = numeric_ids(pile_on_versus_many()) * 3  # about 14,000 characters
    async with fake_llm(answer="Combined [m:1001].") as fake:
        services = make_services(engine, **llm_settings(fake.base_url))
        digest = await services.summaries.summaries.summarize(GUILD_ID, messages)

    assert len(fake.requests) >= 3
    *maps, reduce = fake.requests
    assert all(r["messages"][-1]["content"].startswith("This is part") for r in maps)
    assert "Notes on part 1" in reduce["messages"][-1]["content"]
    assert digest.llm_text == "Combined [↗](https://discord.com/channels/1/2/1001)."


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("status", FallbackReason.STATUS),
        ("not_json", FallbackReason.MALFORMED),
        ("no_choices", FallbackReason.MALFORMED),
        ("slow", FallbackReason.TIMEOUT),
    ],
)
async def test_each_failure_falls_back_to_the_offline_summary(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture, mode: str, reason: FallbackReason
) -> None:
    async with fake_llm(mode=mode) as fake:
        services = make_services(engine, **llm_settings(fake.base_url, llm_timeout_seconds=0.3))
        with caplog.at_level(logging.WARNING, logger="bot.services.summaries.llm"):
            digest = await services.summaries.summaries.summarize(
                GUILD_ID, numeric_ids(pile_on_versus_many())
            )

    assert digest.llm_text is None
    assert digest.fallback is reason
    assert [p.people for p in digest.summary.positions[:2]] == [7, 3]
    assert len(caplog.records) == 1


async def test_unreachable_endpoint_falls_back(engine: AsyncEngine) -> None:
    async with fake_llm() as fake:
        base_url = fake.base_url
    services = make_services(engine, **llm_settings(base_url))  # the server is gone now

    digest = await services.summaries.summaries.summarize(
        GUILD_ID, numeric_ids(reading_order_debate())
    )

    assert digest.fallback is FallbackReason.CONNECTION
    assert digest.summary.people_count == 5


async def test_opted_out_members_messages_are_never_sent(engine: AsyncEngine) -> None:
    messages = numeric_ids(reading_order_debate())
    ana = next(m for m in messages if m.author_name == "Ana")
    async with fake_llm() as fake:
        services = make_services(engine, **llm_settings(fake.base_url))
        await services.summaries.privacy.set_summaries(member(int(ana.author_id)), included=False)
        await services.summaries.summaries.summarize(GUILD_ID, messages)

    sent = fake.sent_text()
    assert "Ben" in sent
    assert "Ana" not in sent
    assert "Capital volume one first" not in sent


def test_chunks_respect_the_character_budget() -> None:
    lines = [f"line {i} " + "x" * 40 for i in range(100)]

    chunks = chunk_lines(lines, budget=500)

    assert [line for chunk in chunks for line in chunk] == lines
    assert all(sum(len(line) + 1 for line in chunk) <= 500 for chunk in chunks)


def test_citations_become_links_and_mentions_are_defused() -> None:
    text = link_citations(
        "Agreed [m:5] @everyone <@123>", {"5": "https://discord.com/channels/1/2/5"}
    )

    assert text == "Agreed [↗](https://discord.com/channels/1/2/5) @\u200beveryone <@\u200b123>"
