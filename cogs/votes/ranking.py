"""The ranked ballot, phone-friendly: choose the 1st, 2nd, 3rd... choice from selects (the
choices so far ride in the custom_id as positions in the voter's own order), or type the
ranking into a modal ("3 1 2", or names)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot.services.voting.records import BallotForm
from bot.ui.actors import actor_from
from bot.ui.errors import Defer, guarded
from bot.ui.format import clip
from bot.ui.views import CaucusModal
from cogs.votes.common import (
    ballot_header,
    decode_positions,
    encode_positions,
    endorsement_notes,
    numbered,
    ordinal,
    show_receipt,
    voting,
)


def ranked_message(
    form: BallotForm, picked: list[int], notes: Mapping[str, Sequence[str]] | None = None
) -> tuple[str, discord.ui.View]:
    view = discord.ui.View(timeout=None)
    header = ballot_header(form)
    lines = [
        header,
        "Rank as many as you like, most preferred first. Your list:",
        numbered(form.options, notes),
    ]
    if notes:
        lines.append(
            "_Endorsements are information from factions: you rank each candidate yourself._"
        )
    if picked:
        chosen = [f"{n}. {form.options[p - 1].label}" for n, p in enumerate(picked, start=1)]
        lines += ["", "**Your ranking so far:**", *chosen]
    left = [p for p in range(1, len(form.options) + 1) if p not in picked]
    if left:
        view.add_item(RankSelect.build(form, picked, left))
    if picked:
        view.add_item(RankCastButton(form.vote_id, picked))
        view.add_item(RankResetButton(form.vote_id))
    view.add_item(RankTypeButton(form.vote_id))
    return clip("\n".join(lines), 2000), view


class RankSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"caucus:rank:(?P<vote>\d+):(?P<picked>[0-9a-z]*)",
):
    def __init__(self, vote_id: int, picked: list[int], select: discord.ui.Select[Any]) -> None:
        super().__init__(select)
        self.vote_id = vote_id
        self.picked = picked

    @classmethod
    def build(cls, form: BallotForm, picked: list[int], left: list[int]) -> RankSelect:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"caucus:rank:{form.vote_id}:{encode_positions(picked)}",
            placeholder=f"Your {ordinal(len(picked) + 1)} choice",
            options=[
                discord.SelectOption(label=clip(form.options[p - 1].label, 100), value=str(p))
                for p in left
            ],
        )
        return cls(form.vote_id, picked, select)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RankSelect:
        assert isinstance(item, discord.ui.Select)
        return cls(int(match["vote"]), decode_positions(match["picked"]), item)

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            form = await voting(interaction).casting.ballot_form(
                actor_from(interaction), self.vote_id
            )
            picked = [*self.picked, int(self.item.values[0])]
            notes = await endorsement_notes(interaction, form)
            content, view = ranked_message(form, picked, notes)
            await interaction.response.edit_message(content=content, view=view)

        await guarded(interaction, run)


class RankCastButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"caucus:rankcast:(?P<vote>\d+):(?P<picked>[0-9a-z]+)",
):
    def __init__(self, vote_id: int, picked: list[int]) -> None:
        super().__init__(
            discord.ui.Button(
                label="Cast this ranking",
                style=discord.ButtonStyle.success,
                custom_id=f"caucus:rankcast:{vote_id}:{encode_positions(picked)}",
            )
        )
        self.vote_id = vote_id
        self.picked = picked

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RankCastButton:
        return cls(int(match["vote"]), decode_positions(match["picked"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            receipt = await voting(interaction).casting.cast_ranked_positions(
                actor_from(interaction), self.vote_id, self.picked
            )
            await show_receipt(interaction, receipt)

        await guarded(interaction, run, defer=Defer.UPDATE)


class RankResetButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"caucus:rankreset:(?P<vote>\d+)"
):
    def __init__(self, vote_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Start over", custom_id=f"caucus:rankreset:{vote_id}")
        )
        self.vote_id = vote_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RankResetButton:
        return cls(int(match["vote"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            form = await voting(interaction).casting.ballot_form(
                actor_from(interaction), self.vote_id
            )
            notes = await endorsement_notes(interaction, form)
            content, view = ranked_message(form, [], notes)
            await interaction.response.edit_message(content=content, view=view)

        await guarded(interaction, run)


class RankTypeButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"caucus:ranktype:(?P<vote>\d+)"
):
    def __init__(self, vote_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Type my ranking", custom_id=f"caucus:ranktype:{vote_id}")
        )
        self.vote_id = vote_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RankTypeButton:
        return cls(int(match["vote"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(
            interaction, lambda: interaction.response.send_modal(RankedTextModal(self.vote_id))
        )


class RankedTextModal(CaucusModal, title="Your ranking"):
    ranking: discord.ui.TextInput[RankedTextModal] = discord.ui.TextInput(
        custom_id="ranking",
        label="Most preferred first",
        placeholder="Numbers from your list, e.g. 3 1 2 — or names separated by commas",
        style=discord.TextStyle.paragraph,
        max_length=1000,
    )

    def __init__(self, vote_id: int) -> None:
        super().__init__(custom_id=f"caucus:rankedtext:{vote_id}")
        self.vote_id = vote_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        receipt = await voting(interaction).casting.cast_ranked_text(
            actor_from(interaction), self.vote_id, self.ranking.value
        )
        await show_receipt(interaction, receipt)
