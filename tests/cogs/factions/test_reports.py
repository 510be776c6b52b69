"""Minority reports: filed by a faction or by enough members within the window after a close,
posted with the outcome, shown with the decision, and never deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.domain.audit import AuditAction
from tests.cogs.factions.helpers import call, found, text
from tests.support.world import World

REPORT = (
    "We dissent: the motion closes the debate before the minority's documents were read "
    "by the branch."
)


async def closed_motion(world: World) -> None:
    general = world.channels["general"]
    voters = [world.member(n) for n in ("ana", "ben", "cat", "dan")]
    await world.organizer().slash(
        general, "vote create", title="Close the debate", kind="motion", days=1.0, secret=False
    )
    announcement = world.channels["votes"].last_message
    for person, choice in zip(voters, ("No", "No", "Yes", "Yes"), strict=True):
        ballot = await person.click(announcement, label="Vote")
        await person.click(ballot.response, label=choice)
    await world.organizer().click(
        (await world.organizer().click(announcement, label="Vote")).response, label="Yes"
    )
    world.clock.advance(dt.timedelta(days=1))
    await world.services.scheduler.run_due()


def report_message(world: World) -> Any:
    return next(m for m in reversed(world.channels["general"].history()) if "drafted" in m.content)


async def test_members_sign_until_the_report_is_filed_beside_the_result(world: World) -> None:
    await closed_motion(world)

    drafted = await call(world.member("ana"), world, "report file", vote=1, text=REPORT)
    await world.member("ben").click(report_message(world), label="Sign")
    filed = await call(world.member("cat"), world, "report sign", report=1)

    assert "1 of the 3 signatures" in text(drafted)
    assert "is filed with 3 signatures" in text(filed)
    posted = world.channels["votes"].last_message
    assert posted.embeds[0].title.startswith("Minority report R1 on vote #1")
    assert posted.reference is not None
    entries = await world.services.audit.recent(world.guild.id, limit=1)
    assert entries[0].action == AuditAction.MINORITY_REPORT_FILED


async def test_a_faction_files_in_its_name_with_its_members_signatures(world: World) -> None:
    await closed_motion(world)
    await found(world, "Red Caucus", "ana", "ben")

    await call(world.member("ana"), world, "report file", vote=1, text=REPORT, faction="Red Caucus")
    outsider = await world.member("dan").click(report_message(world), label="Sign")
    filed = await world.member("ben").click(report_message(world), label="Sign")

    assert "Only members of Red Caucus can sign in its name" in text(outsider)
    assert "is filed with 2 signatures" in text(filed)


async def test_non_members_cannot_file_in_a_factions_name(world: World) -> None:
    await closed_motion(world)
    await found(world, "Red Caucus", "ana", "ben")

    refused = await call(
        world.member("dan"), world, "report file", vote=1, text=REPORT, faction="Red Caucus"
    )

    assert refused.ephemeral
    assert "Only members of Red Caucus can sign in its name" in text(refused)


async def test_reports_are_refused_after_the_window(world: World) -> None:
    await closed_motion(world)
    world.clock.advance(dt.timedelta(hours=73))

    late = await call(world.member("ana"), world, "report file", vote=1, text=REPORT)

    assert "within 72 hours of the close" in text(late)


async def test_nobody_deletes_a_minority_report_organizers_included(world: World) -> None:
    await closed_motion(world)
    await call(world.member("ana"), world, "report file", vote=1, text=REPORT)

    organizer = await call(world.organizer(), world, "report delete", report=1)
    member = await call(world.member("ana"), world, "report delete", report=1)

    assert "Organizers cannot delete a minority report" in text(organizer)
    assert "nobody can delete it" in text(member)
    assert (await world.services.factions.reports.get(world.guild.id, 1)).text == REPORT


async def test_decisions_show_the_result_with_its_minority_reports(world: World) -> None:
    await closed_motion(world)
    await call(world.member("ana"), world, "report file", vote=1, text=REPORT)
    for name in ("ben", "cat"):
        await call(world.member(name), world, "report sign", report=1)

    listing = await call(world.outsider(), world, "decisions")
    one = await call(world.member("dan"), world, "decisions", vote=1)
    shown = await call(world.member("dan"), world, "vote show", vote=1)

    assert "1 minority report(s)" in listing.response.embeds[0].description
    fields = {f.name: f.value for f in one.response.embeds[0].fields}
    assert REPORT in fields["Minority report R1"]
    assert any(f.name == "Minority report R1" for f in shown.response.embeds[0].fields)


async def test_a_report_needs_a_closed_vote(world: World) -> None:
    await world.organizer().slash(
        world.channels["general"], "vote create", title="Open", kind="motion", days=1.0
    )

    refused = await call(world.member("ana"), world, "report file", vote=1, text=REPORT)

    assert "has not closed" in text(refused)
