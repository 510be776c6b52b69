"""Helpers every ballot control shares: the services, the error route, the receipt; and the
outbox keys of a vote's messages, shared by the vote jobs and their teller notices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import discord

from bot.domain.voting.kinds import VoteKind, VoteOption
from bot.services.voting.records import BallotForm, CastReceipt
from bot.ui.actors import caucus_bot
from bot.ui.deadline import edit
from cogs.votes.embeds import receipt_text

if TYPE_CHECKING:
    from bot.services.voting.bundle import VotingServices

POSITION_SYMBOLS = "0123456789abcdefghijklmnopqrstuvwxyz"
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}
SELECT_PLACEHOLDER_LIMIT = 150


def outbox_key(vote_id: int, what: str) -> str:
    return f"vote:{vote_id}:{what}"


def ordinal(n: int) -> str:
    return ORDINALS.get(n, f"{n}th")


def encode_positions(positions: list[int]) -> str:
    return "".join(POSITION_SYMBOLS[p] for p in positions)


def decode_positions(text: str) -> list[int]:
    return [POSITION_SYMBOLS.index(symbol) for symbol in text]


def voting(interaction: discord.Interaction) -> VotingServices:
    return caucus_bot(interaction).services.voting


async def show_receipt(interaction: discord.Interaction, receipt: CastReceipt) -> None:
    """Replace the private ballot with the confirmation (and tracker), deferred or not."""
    await edit(interaction, content=receipt_text(receipt), view=None)


def numbered(
    options: tuple[VoteOption, ...], notes: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The options in the voter's order; ``notes`` adds faction endorsements (information)."""
    notes = notes or {}
    return "\n".join(
        f"{i}. {o.label}" + (f" — endorsed by {', '.join(notes[o.id])}" if notes.get(o.id) else "")
        for i, o in enumerate(options, start=1)
    )


async def endorsement_notes(
    interaction: discord.Interaction, form: BallotForm
) -> dict[str, list[str]]:
    """Factions endorsing each candidate of an election, by option id (member id)."""
    if form.kind is not VoteKind.ELECTION or interaction.guild_id is None:
        return {}
    factions = caucus_bot(interaction).services.factions
    labels = await factions.votes.endorsement_labels(interaction.guild_id, form.vote_id)
    return {str(candidate): names for candidate, names in labels.items()}


# -- the public button --------------------------------------------------------------------


def ballot_header(form: BallotForm) -> str:
    header = f"**{form.title}**"
    if form.has_voted:
        header += "\nYou have voted already; a new ballot replaces your earlier one."
    return header
