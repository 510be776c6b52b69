from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.factions.bulletin import BulletinCog
from cogs.factions.cog import FactionCog
from cogs.factions.reports import ReportCog
from cogs.factions.views import DYNAMIC_ITEMS

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    await bot.add_cog(FactionCog(bot))
    await bot.add_cog(BulletinCog(bot))
    await bot.add_cog(ReportCog(bot))
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
