from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.reading.cog import ReadingCog
from cogs.reading.respond import RespondCog
from cogs.reading.views import DYNAMIC_ITEMS

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(ReadingCog(bot))
    await bot.add_cog(RespondCog(bot))
