"""Scenes for `/caucus`: the bot arrives, members join and ask what it does."""

from __future__ import annotations

from caucus_demo.context import DemoContext, synced_command_names


async def the_bot_arrives(ctx: DemoContext) -> None:
    """Caucus connects and registers its commands"""
    names = synced_command_names(ctx.fake.commands(ctx.guild.id))
    ctx.expect(bool(names), "the bot synced no commands to the branch")
    ctx.say(f"Caucus is online in {ctx.guild.name} with {len(names)} slash commands:")
    groups: dict[str, list[str]] = {}
    for name in names:
        root, _, rest = name.partition(" ")
        groups.setdefault(root, []).append(rest)
    for root, leaves in groups.items():
        shown = ", ".join(leaf for leaf in leaves if leaf)
        ctx.say(f"  /{root}" + (f" {shown}" if shown else ""))


async def members_join(ctx: DemoContext) -> None:
    """Members join the branch"""
    await ctx.join("olga", organizer=True)
    for name in ("ana", "ben", "chen"):
        await ctx.join(name)
    await ctx.stage.settle()  # raises TimeoutError if the bot never saw them join


async def asking_for_help(ctx: DemoContext) -> None:
    """A member asks what the bot can do"""
    result = await ctx.slash("ana", "caucus help")
    ctx.expect(result.ephemeral, "/caucus help should answer only the member who asked")
    missing = [
        name
        for name in synced_command_names(ctx.fake.commands(ctx.guild.id))
        if f"/{name}" not in result.text
    ]
    ctx.expect(not missing, f"/caucus help does not list {missing}")


async def about_caucus(ctx: DemoContext) -> None:
    """A member reads what Caucus stands for"""
    result = await ctx.slash("ben", "caucus about")
    ctx.expect(
        bool(result.embeds) and result.embeds[0].get("title") == "Caucus",
        "/caucus about should answer with the Caucus embed",
    )
