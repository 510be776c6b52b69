"""Names on ballots under attack, through the real services and database: display names that
copy or mimic another candidate's label never stop an election from opening, and poll options
that differ only by look-alike or invisible characters are refused."""

from __future__ import annotations

import pytest

from bot.domain.names import label_key
from bot.domain.voting.kinds import VoteKind
from bot.errors import UserError
from bot.services.actors import Actor
from bot.services.container import Services
from bot.services.voting.records import CreateRequest
from tests.services.voting.helpers import MEMBER_ROLE, organizer
from tests.support.settings import GUILD_ID

ANNA = 100000000000000028
TWIN = 200000000000000028


def named(member_id: int, display_name: str) -> Actor:
    return Actor(GUILD_ID, member_id, display_name, frozenset({MEMBER_ROLE}))


async def test_a_display_name_copying_a_duplicate_label_cannot_block_the_opening(
    services: Services,
) -> None:
    created = await services.voting.votes.create(
        organizer(), CreateRequest(title="Committee", kind=VoteKind.ELECTION, seats=1)
    )
    candidates = [
        named(ANNA, "Anna"),
        named(TWIN, "Anna"),
        named(66, "Anna (…0028)"),  # the label the bot gives ANNA
        named(67, "Аnna"),  # Cyrillic А
        named(68, "An\u200bna"),
        named(69, "\u202eannA"),
    ]
    for actor in candidates:
        await services.voting.nominations.nominate(actor, created.id, actor, "")

    vote = await services.voting.votes.open(GUILD_ID, created.id, [ANNA, TWIN, 66, 67, 68, 69])

    labels = [option.label for option in vote.spec.options]
    assert len(labels) == 6
    assert len({label_key(label) for label in labels}) == 6
    assert not any("\u200b" in label or "\u202e" in label for label in labels)


@pytest.mark.parametrize(
    "options", [["Anna", "Аnna"], ["Anna", "An\u200bna"], ["Yes", "YES"], ["Left", "Left\u202e"]]
)
async def test_poll_options_that_look_the_same_are_refused(
    services: Services, options: list[str]
) -> None:
    request = CreateRequest(title="Who reads?", kind=VoteKind.POLL_SINGLE, options=tuple(options))

    with pytest.raises(UserError, match="looks the same as another option"):
        await services.voting.votes.create(organizer(), request)


async def test_poll_options_are_shown_without_invisible_characters(services: Services) -> None:
    request = CreateRequest(
        title="Who reads?", kind=VoteKind.POLL_SINGLE, options=("An\u200bna", "Ｂｅｎ")
    )

    created = await services.voting.votes.create(organizer(), request)

    assert [o.label for o in created.spec.options] == ["Anna", "Ben"]
