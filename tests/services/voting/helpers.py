"""Building blocks for voting service tests: actors, services, a vote opened to a roll."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.secrecy import generate_master_key
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.container import Services
from bot.services.voting.keys import MASTER_KEY_ENV
from bot.services.voting.records import CreateRequest, VoteInfo
from tests.support.settings import GUILD_ID, make_settings

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ORGANIZER_ROLE = 21
MEMBER_ROLE = 22
ORGANIZER_ID = 1000


def use_test_master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    key = generate_master_key()
    monkeypatch.setenv(MASTER_KEY_ENV, key.hex())
    return key


def make_services(engine: AsyncEngine, clock: ManualClock, **voting: Any) -> Services:
    settings = make_settings(voting=voting) if voting else make_settings()
    return build_services(settings, engine, clock)


def organizer(member_id: int = ORGANIZER_ID) -> Actor:
    return Actor(GUILD_ID, member_id, f"organizer-{member_id}", frozenset({ORGANIZER_ROLE}))


def member(member_id: int) -> Actor:
    return Actor(GUILD_ID, member_id, f"member-{member_id}", frozenset({MEMBER_ROLE}))


def outsider(member_id: int = 9999) -> Actor:
    return Actor(GUILD_ID, member_id, f"visitor-{member_id}")


async def open_vote(
    services: Services, request: CreateRequest, roll: range | list[int]
) -> VoteInfo:
    """Create a vote now and open it to `roll` (what the cog does with the member role)."""
    created = await services.voting.votes.create(organizer(), request)
    return await services.voting.votes.open(GUILD_ID, created.id, list(roll))


def motion(title: str = "Adopt the reading list", **changes: Any) -> CreateRequest:
    return CreateRequest(title=title, kind=VoteKind.MOTION, **changes)
