"""A convention's votes on the Discord side: their roll is the convention's check-in list,
not the member role (bot/services/conventions), and their announcements say so in place of
the usual "Who may vote" wording."""

from __future__ import annotations

import discord

from bot.domain.voting.lifecycle import VoteState
from bot.services.voting.records import VoteInfo


def checked_in_roll_text(info: VoteInfo) -> str:
    """Who may vote in a convention's vote: who has checked in, counted when voting opens."""
    if info.state is VoteState.OPEN or info.state.is_final:
        people = "1 person" if info.roll_size == 1 else f"{info.roll_size or 0} people"
        return (
            f"The members checked in to the convention when voting opened — {people}. "
            "Checking in later does not change this vote's roll."
        )
    return (
        "The members checked in to the convention when voting opens (check in with "
        "`/convention checkin`); the role does not decide it."
    )


def say_checked_in_roll(embed: discord.Embed, info: VoteInfo) -> None:
    """A convention's vote: who may vote is who had checked in when it opened."""
    for index, existing in enumerate(embed.fields):
        if existing.name == "Who may vote":
            embed.set_field_at(
                index, name="Who may vote", value=checked_in_roll_text(info), inline=False
            )
