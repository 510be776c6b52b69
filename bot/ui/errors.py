"""The one app-command error handler.

A UserError (raised anywhere below a command, unwrapped from discord.py's CommandInvokeError)
becomes a friendly ephemeral reply. A database outage is not a bug: the member is told to try
again shortly, and the outage is logged once (not once per interaction). Anything else is a
bug: logged once with its traceback, and the member gets a generic reply so the interaction
never hangs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import Enum

import discord
from discord import app_commands

from bot.db.availability import is_unavailable, outages
from bot.errors import UserError
from bot.ui.deadline import acknowledged_first, in_flight

log = logging.getLogger("caucus.errors")

GENERIC_REPLY = "Something went wrong on our side. It has been logged; please try again later."
UNAVAILABLE_REPLY = (
    "Caucus is temporarily unavailable: it cannot reach its database. Nothing was saved; "
    "please try again in a few minutes."
)


def unwrap(error: BaseException) -> BaseException:
    while isinstance(
        error, app_commands.CommandInvokeError | discord.app_commands.TransformerError
    ):
        inner = error.__cause__ if error.__cause__ is not None else getattr(error, "original", None)
        if inner is None:
            break
        error = inner
    return error


def user_message(error: BaseException) -> str | None:
    """The text a member should see, or None when this is a bug."""
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, app_commands.CheckFailure | app_commands.CommandOnCooldown):
        return str(error) or "You can't use this command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r}."
    return None


async def reply_ephemeral(interaction: discord.Interaction, text: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error reply for interaction %s", interaction.id)


class CaucusTree(app_commands.CommandTree["discord.Client"]):
    """The command tree whose ``on_error`` is the one error handler for slash commands."""

    async def _call(self, interaction: discord.Interaction) -> None:
        with in_flight(interaction):  # counted, so slow handlers know the bot is busy
            await super()._call(interaction)

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await handle_interaction_error(interaction, error)


async def handle_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Shared by slash commands, views and modals."""
    cause = unwrap(error)
    message = user_message(cause)
    if message is None and is_unavailable(cause):
        outages.failed("interaction", cause)
        message = UNAVAILABLE_REPLY
    if message is None:
        command = interaction.command.qualified_name if interaction.command else "component"
        log.error("unhandled error in %s", command, exc_info=cause)
        message = GENERIC_REPLY
    await reply_ephemeral(interaction, message)


class Defer(Enum):
    """How a slow component handler is acknowledged first when the bot is busy."""

    THINKING = "thinking"  # a private "thinking…" message, answered by bot.ui.deadline.send
    UPDATE = "update"  # nothing visible, answered by bot.ui.deadline.edit


async def guarded(
    interaction: discord.Interaction,
    action: Callable[[], Awaitable[object]],
    *,
    defer: Defer | None = None,
) -> None:
    """Dynamic items bypass the view's error hook (discord.py only logs their exceptions):
    their callbacks run through this so errors reach the one handler too. A slow handler
    passes ``defer``: when the interaction has waited or the bot is busy, it is acknowledged
    before the work, so it cannot miss Discord's three seconds (bot.ui.deadline)."""
    with in_flight(interaction):
        try:
            if defer is None:
                await action()
            else:
                async with acknowledged_first(interaction, thinking=defer is Defer.THINKING):
                    await action()
        except Exception as error:  # every error goes to the one handler
            await handle_interaction_error(interaction, error)
