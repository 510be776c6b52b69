"""A vote with 3 tellers and k = 2 end to end through the real command tree: keys made
offline, registered, tellers named (one by a faction), the vote opening only once they are
all named, the dealing published with the announcement, releases uploaded as files after the
close (one wrong, refused naming its teller; one through a member because its teller left),
a restart between releases, the count, the deadline message."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.teller_file import PublishedDealing
from bot.domain.voting.tellers import Release, TellerSecretKey, generate_teller_keys, make_release
from tests.cogs.factions.helpers import found
from tests.cogs.votes.helpers import create_vote, field, vote_on_motion
from tests.support.world import World, reply_text

pytestmark = pytest.mark.database

NAMES = ("tess", "tom", "tia")


async def register(world: World, name: str) -> TellerSecretKey:
    secret = generate_teller_keys()
    result = await world.member(name).slash(
        world.channels["general"], "teller register", key=secret.public().encode()
    )
    assert secret.public().fingerprint in result.response.content
    return secret


async def name_all(world: World) -> tuple[dict[str, TellerSecretKey], Any]:
    olga = world.organizer()
    for voter in ("ann", "ben", "cat"):  # on the roll when the vote opens
        world.member(voter)
    keys = {name: await register(world, name) for name in NAMES}
    created = await create_vote(world, olga, title="Join the strike fund", kind="motion", days=1.0)
    assert "opens as soon as all its tellers are named" in reply_text(created)
    general = world.channels["general"]
    await olga.slash(general, "teller name", vote=1, member=world.member("tess"))
    await olga.slash(general, "teller name", vote=1, member=world.member("tom"))
    last = await olga.slash(general, "teller name", vote=1, member=world.member("tia"))
    assert "vote #1 is now open" in reply_text(last)
    return keys, world.channels["votes"].last_message


async def dealing_of(announcement: Any) -> PublishedDealing:
    [attached] = [a for a in announcement.attachments if a.filename == "vote-1-tellers.json"]
    return PublishedDealing.from_json(json.loads(await attached.read()))


def release_file(dealing: PublishedDealing, number: int, key: TellerSecretKey) -> tuple[str, bytes]:
    text = make_release(dealing.context, dealing.dealing, number, key).encode()
    return ("release.txt", text.encode() + b"\n")


async def close_voting(world: World) -> None:
    world.clock.advance(dt.timedelta(days=1, minutes=1))
    await world.services.scheduler.run_due()


async def test_three_tellers_two_needed_from_keys_to_the_result(world: World) -> None:
    keys, announcement = await name_all(world)
    tellers_field = field(announcement.embeds[0], "Tellers")
    for name in NAMES:
        assert keys[name].public().fingerprint in tellers_field
    dealing = await dealing_of(announcement)
    assert dealing.dealing.threshold == 2
    assert len(dealing.tellers) == 3

    voters = [world.member(n) for n in ("ann", "ben", "cat")]
    for person, choice in zip(voters, ["Yes", "Yes", "No"], strict=True):
        await vote_on_motion(person, announcement, choice)
    await close_voting(world)
    waiting = world.channels["votes"].last_message
    assert "waits for 2 of its 3 tellers" in waiting.content
    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.OPEN
    assert info.outcome is None

    general = world.channels["general"]
    # A wrong release: tom's signature on a share that is not his. Refused, naming tom.
    good = make_release(dealing.context, dealing.dealing, 2, keys["tom"])
    bad = Release(2, good.share + 1, good.signature).encode()
    refused = await world.member("tom").slash(
        general, "teller release", vote=1, file=("release.txt", bad.encode())
    )
    assert "The release of tom is refused" in reply_text(refused)

    first = await world.member("tess").slash(
        general, "teller release", vote=1, file=release_file(dealing, 1, keys["tess"])
    )
    assert "1 of the 2 releases needed are in" in reply_text(first)
    status = await world.member("ann").slash(general, "teller status", vote=1)
    assert "tess** `" in reply_text(status)
    assert "released" in reply_text(status)

    await world.restart()  # between releases: the first one is kept
    # tia left the server; she sent her file to ann, who uploads it.
    world.guild.remove_member(world.people["tia"])
    done = await world.member("ann").slash(
        general, "teller release", vote=1, file=release_file(dealing, 3, keys["tia"])
    )
    assert "the count runs now" in reply_text(done)
    await world.services.scheduler.run_due()
    result = world.channels["votes"].last_message
    assert result.embeds[0].description == "**The motion is carried.**"
    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.CLOSED
    assert world.services.voting.keys.vote_key_files() == []


async def test_the_organizers_are_told_at_the_deadline_and_nothing_is_counted(
    world: World,
) -> None:
    keys, announcement = await name_all(world)
    dealing = await dealing_of(announcement)
    await vote_on_motion(world.member("ann"), announcement, "Yes")
    await close_voting(world)
    await world.member("tess").slash(
        world.channels["general"],
        "teller release",
        vote=1,
        file=release_file(dealing, 1, keys["tess"]),
    )
    world.clock.advance(dt.timedelta(hours=48))
    await world.services.scheduler.run_due()

    told = world.channels["log"].last_message
    assert "still uncounted past its release deadline" in told.content
    assert "tom, tia" in told.content
    info = await world.services.voting.votes.get(world.guild.id, 1)
    assert info.state is VoteState.OPEN
    assert info.outcome is None
    cancelled = await world.organizer().slash(
        world.channels["general"], "vote cancel", vote=1, reason="tellers did not release"
    )
    assert cancelled.response is not None
    assert (await world.services.voting.votes.get(world.guild.id, 1)).state is (VoteState.CANCELLED)


async def test_a_faction_names_one_teller_and_not_two(world: World) -> None:
    await found(world, "Red", "fay", "fox")
    for name in ("tess", "tom"):
        await register(world, name)
    await create_vote(world, world.organizer(), title="Budget", kind="motion", days=1.0)
    general = world.channels["general"]
    named = await world.member("fay").slash(
        general, "teller name", vote=1, member=world.member("tess"), faction="Red"
    )
    assert "named by Red" in reply_text(named)
    again = await world.member("fox").slash(
        general, "teller name", vote=1, member=world.member("tom"), faction="Red"
    )
    assert "Red has already named its teller" in reply_text(again)
    outsider = await world.member("tom").slash(
        general, "teller name", vote=1, member=world.member("tom")
    )
    assert "Only organizers name tellers" in reply_text(outsider)
    removed = await world.member("fox").slash(
        general, "teller remove", vote=1, member=world.member("tess")
    )
    assert "no longer a teller" in reply_text(removed)
