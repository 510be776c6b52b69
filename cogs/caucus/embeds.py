"""Rendering for the about and help commands."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import discord
from discord import app_commands

import bot
from bot.services.health import Health
from bot.ui.format import timestamp

ACCENT = discord.Colour(0xB22234)
FIELDS_PER_EMBED = 25


def about_embed() -> discord.Embed:
    embed = discord.Embed(
        title="Caucus",
        colour=ACCENT,
        description=(
            "Caucus runs your reading group and the decisions that grow out of it.\n\n"
            "• Weekly readings with excerpts, discussion prompts and reminders\n"
            "• Responses recorded, and thread summaries that count people, not messages\n"
            "• Motions, polls and elections of individual candidates, counted by STV, "
            "with secret ballots anyone can verify\n"
            "• Factions any member can form at any time, with platforms, endorsements and "
            "minority reports\n"
            "• Transparent counts and an audit log of every organizer action"
        ),
    )
    embed.set_footer(text=f"Caucus {bot.__version__} · /caucus help lists every command")
    return embed


def _walk(
    commands: Iterable[app_commands.Command[Any, ..., Any] | app_commands.Group],
) -> Iterator[app_commands.Command[Any, ..., Any]]:
    for command in commands:
        if isinstance(command, app_commands.Group):
            yield from _walk(command.commands)
        else:
            yield command


def help_embeds(
    commands: Iterable[
        app_commands.Command[Any, ..., Any] | app_commands.Group | app_commands.ContextMenu
    ],
) -> list[discord.Embed]:
    slash = [c for c in commands if not isinstance(c, app_commands.ContextMenu)]
    leaves = sorted(_walk(slash), key=lambda c: c.qualified_name)
    embeds: list[discord.Embed] = []
    for start in range(0, len(leaves), FIELDS_PER_EMBED):
        embed = discord.Embed(title="Caucus commands" if not embeds else None, colour=ACCENT)
        if not embeds:
            embed.description = (
                "Voted in a secret ballot? `/vote verify` with no tracker explains how to "
                "check that your ballot was counted as you cast it."
            )
        for command in leaves[start : start + FIELDS_PER_EMBED]:
            embed.add_field(
                name=f"/{command.qualified_name}", value=command.description, inline=False
            )
        embeds.append(embed)
    return embeds[:10]


def health_embed(health: Health, latency: float, shard_id: int, shard_count: int) -> discord.Embed:
    connected = not math.isnan(latency)  # discord.py reports NaN before the first heartbeat
    healthy = health.database_ok and connected
    embed = discord.Embed(title="Caucus health", colour=ACCENT if healthy else discord.Colour.red())
    gateway = f"{latency * 1000:.0f} ms" if connected else "not connected"
    embed.add_field(name="Gateway latency", value=gateway)
    database = (
        f"ok, {health.database_ms:.1f} ms"
        if health.database_ok
        else f"unreachable ({health.database_error})"
    )
    embed.add_field(name="Database", value=database)
    embed.add_field(name="Shard", value=f"{shard_id} of {shard_count}")
    states = ", ".join(f"{state}: {count}" for state, count in sorted(health.jobs_by_state.items()))
    embed.add_field(name="Scheduled jobs", value=states or "none", inline=False)
    embed.add_field(name="Timers armed", value=str(health.timers_armed))
    if health.next_job_at:
        embed.add_field(name="Next job", value=timestamp(health.next_job_at, "R"))
    lag = health.loop_lag
    embed.add_field(
        name="Event loop delay",
        value=(
            f"p99 {lag.p99_ms:.0f} ms, max {lag.max_ms:.0f} ms over the last {lag.samples:,} "
            f"checks; {lag.over_threshold} over 100 ms"
            if lag is not None
            else "not measured yet"
        ),
        inline=False,
    )
    return embed
