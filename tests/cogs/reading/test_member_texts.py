"""Item 9 (reading part): what members read names commands that exist, uses no storage words,
and puts Discord timestamps only where Discord renders them."""

from __future__ import annotations

import re

import discord

from bot.services.reading.progress import Progress
from cogs.reading.embeds import (
    missed_notice,
    opening_text,
    prompts_embed,
    reminder_embed,
    schedule_embed,
)
from cogs.reading.views import progress_text
from tests.cogs.reading.test_week import FIRST_SESSION, advance_to
from tests.support.world import World

# A command as members would type it, in backticks: "`/reading excerpt document: x section: 1`".
COMMAND = re.compile(r"`(/[^`]+)`")


def commands_of(world: World) -> dict[str, discord.app_commands.Command]:  # type: ignore[type-arg]
    found: dict[str, discord.app_commands.Command] = {}  # type: ignore[type-arg]
    for command in world.bot.tree.get_commands():
        if isinstance(command, discord.app_commands.Group):
            for sub in command.commands:
                assert isinstance(sub, discord.app_commands.Command)
                found[f"{command.name} {sub.name}"] = sub
        elif isinstance(command, discord.app_commands.Command):
            found[command.name] = command
    return found


def check_mentions(text: str, commands: dict) -> None:  # type: ignore[type-arg]
    """Every backticked /command exists, and every word after it is one of its options
    ("name:") or that option's value."""
    for span in COMMAND.findall(text):
        words = span[1:].split()
        name = " ".join(words[:2]) if " ".join(words[:2]) in commands else words[0]
        assert name in commands, f"/{name} does not exist: {text!r}"
        options = {p.name for p in commands[name].parameters}
        rest = words[len(name.split()) :]
        assert not rest or rest[0].endswith(":"), f"{span!r} has words that are no option"
        for word in rest:
            if word.endswith(":"):
                assert word[:-1] in options, f"/{name} has no option {word[:-1]!r}"


def assert_renders(embed: discord.Embed) -> None:
    assert "<t:" not in (embed.title or "")
    assert "<t:" not in (embed.footer.text or "")
    assert "<t:" not in (embed.author.name or "")
    assert all("<t:" not in field.name for field in embed.fields)


async def test_reading_texts_name_only_real_commands(reading_world: World) -> None:
    world = reading_world
    post = await world.services.posting.session_post(world.guild.id, 1)
    texts = [
        missed_notice(post),
        opening_text(post),
        reminder_embed(post, 24).description or "",
        progress_text(Progress(1, 2, ("ana",), mine=True, my_name_shown=False)),
    ]
    commands = commands_of(world)
    for text in texts:
        check_mentions(text, commands)
        assert "modal" not in text.lower()
    # The checker catches the old reminder's command, which does not exist.
    try:
        check_mentions("Turn these off with `/reading remind off`.", commands)
    except AssertionError:
        pass
    else:
        raise AssertionError("the checker let `/reading remind off` through")
    for embed in (reminder_embed(post, 1), prompts_embed(post)):
        assert_renders(embed)
    upcoming = await world.services.plans.upcoming(world.guild.id)
    assert_renders(schedule_embed(upcoming))


async def test_responses_list_says_how_each_answer_was_given(reading_world: World) -> None:
    world = reading_world
    await advance_to(world, FIRST_SESSION)
    ana, ben = world.member("ana"), world.member("ben")
    shown = await ana.slash(world.channels["general"], "respond")
    await ana.submit_modal(shown, {"answer": "By the form."})
    await ben.send(world.channels["reading"].threads[0], "In the thread itself.")
    await world.env.settle()
    result = await ben.slash(world.channels["general"], "responses")
    description = result.response.embeds[0].description
    assert "(modal)" not in description
    assert "**ana** (with /respond): By the form." in description
    assert "**ben** (in the thread): In the thread itself." in description
