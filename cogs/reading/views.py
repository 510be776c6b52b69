"""The "I've read it" button under each session post. Its state (the session number) is in its
custom_id (DynamicItem), so it keeps working across restarts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.services.reading.progress import Progress
from bot.ui.actors import actor_from, caucus_bot
from bot.ui.errors import guarded

if TYPE_CHECKING:
    pass


def read_label(count: int) -> str:
    return f"I've read it · {count}"


def progress_text(progress: Progress) -> str:
    """What a member reads after pressing the button or asking /reading progress."""
    have = "person has" if progress.count == 1 else "people have"
    lines = [f"{progress.count} {have} read session {progress.number}."]
    if progress.shown_names:
        lines.append("Showing their names: " + ", ".join(progress.shown_names) + ".")
    if progress.mine:
        lines.append(
            "You marked it as read (press the button again to undo). "
            + (
                "Your name is shown."
                if progress.my_name_shown
                else "Your name is not shown to anyone, organizers included; to show it, use "
                f"`/reading progress` with `session: {progress.number}` and `show_name: True`."
            )
        )
    elif progress.mine is not None:
        lines.append("You have not marked it as read.")
    return "\n".join(lines)


class ReadButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"caucus:read:(?P<number>\d+)"
):
    def __init__(self, number: int, count: int = 0) -> None:
        super().__init__(
            discord.ui.Button(
                label=read_label(count),
                style=discord.ButtonStyle.secondary,
                emoji="📖",
                custom_id=f"caucus:read:{number}",
            )
        )
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReadButton:
        return cls(int(match["number"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def run() -> None:
            bot = caucus_bot(interaction)
            progress = await bot.services.progress.toggle(actor_from(interaction), self.number)
            # The count on the button is what everyone sees; the rest is only for this member.
            await interaction.response.edit_message(view=read_view(self.number, progress.count))
            await interaction.followup.send(progress_text(progress), ephemeral=True)

        await guarded(interaction, run)


def read_view(number: int, count: int = 0) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReadButton(number, count))
    return view


DYNAMIC_ITEMS = (ReadButton,)
