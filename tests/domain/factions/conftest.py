from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.domain.factions import Faction, FactionRules, create_faction

FOUNDED_AT = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)

MakeFaction = Callable[..., Faction]


@pytest.fixture
def rules() -> FactionRules:
    return FactionRules()


@pytest.fixture
def make_faction(rules: FactionRules) -> MakeFaction:
    """Found a faction through the real rules, then give it the members a test needs."""

    def make(
        founder: int,
        co_founders: Iterable[int],
        members: Iterable[int] = (),
        name: str = "Reading Left",
        faction_id: int = 7,
    ) -> Faction:
        co = list(co_founders)
        founded, _ = create_faction(
            faction_id=faction_id,
            name=name,
            description="We read Luxemburg first.",
            platform="Open books, open meetings.",
            founder_id=founder,
            co_founder_ids=co,
            eligible={founder, *co},
            existing=[],
            at=FOUNDED_AT,
            rules=rules,
        )
        return replace(founded, members=founded.members | frozenset(members))

    return make
