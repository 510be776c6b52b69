"""Buttons that survive restarts (state in the custom_id): co-founding a faction, voting yes or
no in a member vote, and signing a minority report."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.services.factions.records import close_job_id
from bot.ui.actors import actor_from, caucus_bot
from bot.ui.errors import guarded
from cogs.factions.effects import FactionEffects
from cogs.factions.embeds import founded_text, founding_text

if TYPE_CHECKING:
    pass


class CofoundButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"caucus:cofound:(?P<faction>\d+)"
):
    def __init__(self, faction_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Co-found",
                style=discord.ButtonStyle.success,
                custom_id=f"caucus:cofound:{faction_id}",
            )
        )
        self.faction_id = faction_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> CofoundButton:
        return cls(int(match["faction"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            bot = caucus_bot(interaction)
            result = await bot.services.factions.membership.cofound(
                actor_from(interaction), self.faction_id
            )
            if result.founded:
                await interaction.response.edit_message(
                    content=founded_text(result.faction), view=None
                )
                await FactionEffects(bot).discord.sync(result.faction)
            else:
                await interaction.response.edit_message(content=founding_text(result.faction))

        await guarded(interaction, run)


def founding_view(faction_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(CofoundButton(faction_id))
    return view


class MemberVoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"caucus:fvote:(?P<vote>\d+):(?P<choice>yes|no)",
):
    def __init__(self, vote_id: int, yes: bool) -> None:
        choice = "yes" if yes else "no"
        super().__init__(
            discord.ui.Button(
                label=choice.capitalize(),
                style=discord.ButtonStyle.success if yes else discord.ButtonStyle.danger,
                custom_id=f"caucus:fvote:{vote_id}:{choice}",
            )
        )
        self.vote_id = vote_id
        self.yes = yes

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MemberVoteButton:
        return cls(int(match["vote"]), match["choice"] == "yes")

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            bot = caucus_bot(interaction)
            result = await bot.services.factions.votes.cast(
                actor_from(interaction), self.vote_id, yes=self.yes
            )
            # Nothing about the choice is echoed where others could see it.
            await interaction.response.send_message(
                f"Your vote in F{self.vote_id} is counted.", ephemeral=True
            )
            if result.decided is not None:
                # Its close job posts the result (exactly once, and again after a crash here):
                # run it now rather than wait for the scheduler's next sweep.
                await bot.services.scheduler.run_one(close_job_id(self.vote_id))

        await guarded(interaction, run)


def member_vote_view(vote_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(MemberVoteButton(vote_id, True))
    view.add_item(MemberVoteButton(vote_id, False))
    return view


class ReportSignButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"caucus:rsign:(?P<report>\d+)"
):
    def __init__(self, report_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Sign",
                style=discord.ButtonStyle.primary,
                custom_id=f"caucus:rsign:{report_id}",
            )
        )
        self.report_id = report_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportSignButton:
        return cls(int(match["report"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            bot = caucus_bot(interaction)
            result = await bot.services.factions.reports.sign(
                actor_from(interaction), self.report_id
            )
            await interaction.response.send_message(
                signed_text(
                    result.report.id,
                    len(result.report.signers),
                    result.signers_needed,
                    result.filed_now,
                ),
                ephemeral=True,
            )
            if result.filed_now:
                await FactionEffects(bot).publish_report(result.report)

        await guarded(interaction, run)


def signed_text(report_id: int, signed: int, needed: int, filed: bool) -> str:
    if filed:
        return f"Minority report R{report_id} is filed with {signed} signatures."
    return (
        f"Minority report R{report_id} has {signed} of the {needed} signatures it needs; "
        f"others sign with `/report sign report:{report_id}` or the Sign button."
    )


def report_view(report_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReportSignButton(report_id))
    return view


DYNAMIC_ITEMS = (CofoundButton, MemberVoteButton, ReportSignButton)
