"""Every REST request the bot makes in a session is one Discord's OpenAPI description accepts."""

from __future__ import annotations

from caucus_demo.stage import Stage


async def test_a_session_of_commands_makes_only_valid_requests(stage: Stage) -> None:
    ana, olga = stage.join("ana"), stage.join("olga", organizer=True)
    await stage.settle()
    for who, command in ((ana, "caucus help"), (olga, "caucus about"), (ana, "caucus about")):
        await stage.slash(who, command)
    assert stage.fake.requests, "the bot made no requests at all"
    assert stage.fake.violations == []
    assert all(record.operation_id for record in stage.fake.requests)
    assert all(record.status < 400 for record in stage.fake.requests)
