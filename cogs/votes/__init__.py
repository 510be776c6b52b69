from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.votes.cog import VotesCog
from cogs.votes.views import DYNAMIC_ITEMS

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(VotesCog(bot))
