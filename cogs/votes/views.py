"""The Vote button and the private ballot it opens (ranked ballots: cogs/votes/ranking.py).

Every control carries its state in its custom_id (DynamicItem), so a ballot keeps working
across restarts. Nothing here logs an interaction or a choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import discord

from bot.domain.voting.ballots import (
    ApprovalBallot,
    Ballot,
    MotionBallot,
    MotionChoice,
    SingleChoiceBallot,
)
from bot.domain.voting.kinds import VoteKind
from bot.errors import UserError
from bot.services.voting.records import BallotForm, VoteInfo
from bot.ui.actors import actor_from
from bot.ui.deadline import send
from bot.ui.errors import Defer, guarded
from bot.ui.format import clip, timestamp
from cogs.votes.common import (
    ballot_header,
    endorsement_notes,
    show_receipt,
    voting,
)
from cogs.votes.ranking import (
    RankCastButton,
    RankResetButton,
    RankSelect,
    RankTypeButton,
    ranked_message,
)


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"caucus:vote:(?P<vote>\d+)"
):
    def __init__(self, vote_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Vote", style=discord.ButtonStyle.primary, custom_id=f"caucus:vote:{vote_id}"
            )
        )
        self.vote_id = vote_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        return cls(int(match["vote"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            form = await voting(interaction).casting.ballot_form(
                actor_from(interaction), self.vote_id
            )
            content, view = ballot_message(form, notes=await endorsement_notes(interaction, form))
            await send(interaction, content, view=view, ephemeral=True)

        await guarded(interaction, run, defer=Defer.THINKING)


def announcement_view(vote_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(VoteButton(vote_id))
    return view


MINE_LIMIT = 25  # buttons in one message: 5 rows of 5


def mine_message(waiting: Sequence[VoteInfo]) -> tuple[str, discord.ui.View | None]:
    """`/vote mine`: the member's open votes not yet voted in, each with its Vote button (the
    same button as the announcement's, so the ballot opens privately the same way)."""
    if not waiting:
        return "You have voted in every open vote you are on the roll of.", None
    shown = list(waiting)[:MINE_LIMIT]
    lines = [
        f"• **#{info.id}** {clip(info.title, 120)} — closes {timestamp(info.closes_at, 'R')}"
        for info in shown
    ]
    more = len(waiting) - len(shown)
    if more:
        lines.append(f"…and {more} more: see `/vote list`.")
    view = discord.ui.View(timeout=None)
    for info in shown:
        button = VoteButton(info.id)
        button.item.label = f"Vote #{info.id}"
        view.add_item(button)
    head = "Open votes you have not voted in yet (only you see this):"
    return clip("\n".join([head, *lines]), 2000), view


# -- the private ballot -------------------------------------------------------------------


def ballot_message(
    form: BallotForm,
    picked: list[int] | None = None,
    notes: Mapping[str, Sequence[str]] | None = None,
) -> tuple[str, discord.ui.View]:
    view = discord.ui.View(timeout=None)
    header = ballot_header(form)
    if form.kind is VoteKind.MOTION:
        for choice in MotionChoice:
            view.add_item(MotionButton(form.vote_id, choice))
        return header + "\nChoose one:", view
    if form.kind in (VoteKind.POLL_SINGLE, VoteKind.POLL_APPROVAL):
        view.add_item(ChoiceSelect.build(form))
        return header, view
    return ranked_message(form, picked or [], notes)


class MotionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"caucus:motion:(?P<vote>\d+):(?P<choice>yes|no|abstain)",
):
    STYLES: ClassVar[dict[MotionChoice, discord.ButtonStyle]] = {
        MotionChoice.YES: discord.ButtonStyle.success,
        MotionChoice.NO: discord.ButtonStyle.danger,
        MotionChoice.ABSTAIN: discord.ButtonStyle.secondary,
    }

    def __init__(self, vote_id: int, choice: MotionChoice) -> None:
        super().__init__(
            discord.ui.Button(
                label=choice.value.capitalize(),
                style=self.STYLES[choice],
                custom_id=f"caucus:motion:{vote_id}:{choice.value}",
            )
        )
        self.vote_id = vote_id
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MotionButton:
        return cls(int(match["vote"]), MotionChoice(match["choice"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await cast_and_confirm(interaction, self.vote_id, MotionBallot(self.choice))


async def cast_and_confirm(interaction: discord.Interaction, vote_id: int, ballot: Ballot) -> None:
    async def run() -> None:
        receipt = await voting(interaction).casting.cast(actor_from(interaction), vote_id, ballot)
        await show_receipt(interaction, receipt)

    await guarded(interaction, run, defer=Defer.UPDATE)


class ChoiceSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"caucus:choose:(?P<vote>\d+)"
):
    def __init__(self, vote_id: int, select: discord.ui.Select[Any]) -> None:
        super().__init__(select)
        self.vote_id = vote_id

    @classmethod
    def build(cls, form: BallotForm) -> ChoiceSelect:
        approval = form.kind is VoteKind.POLL_APPROVAL
        most = (form.max_approvals or len(form.options)) if approval else 1
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"caucus:choose:{form.vote_id}",
            placeholder="Choose the options you approve" if approval else "Choose one option",
            min_values=1,
            max_values=most,
            options=[discord.SelectOption(label=o.label, value=o.id) for o in form.options],
        )
        return cls(form.vote_id, select)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ChoiceSelect:
        assert isinstance(item, discord.ui.Select)
        return cls(int(match["vote"]), item)

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            # The ballot's kind comes from the vote's definition, never from the menu's shape:
            # an approval poll limited to one approval has a one-value menu too.
            services = voting(interaction)
            actor = actor_from(interaction)
            form = await services.casting.ballot_form(actor, self.vote_id)
            ballot = choice_ballot(form.kind, list(self.item.values))
            receipt = await services.casting.cast(actor, self.vote_id, ballot)
            await show_receipt(interaction, receipt)

        await guarded(interaction, run)


def choice_ballot(kind: VoteKind, values: Sequence[str]) -> Ballot:
    """The ballot a select menu's values make for a vote of ``kind``."""
    if kind is VoteKind.POLL_APPROVAL:
        return ApprovalBallot(frozenset(values))
    if kind is VoteKind.POLL_SINGLE and len(values) == 1:
        return SingleChoiceBallot(values[0])
    raise UserError("Choose exactly one option on this ballot.")


DYNAMIC_ITEMS = (
    VoteButton,
    MotionButton,
    ChoiceSelect,
    RankSelect,
    RankCastButton,
    RankResetButton,
    RankTypeButton,
)
