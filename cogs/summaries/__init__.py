from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.summaries.cog import SummariesCog
from cogs.summaries.stack import StackCog

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    await bot.add_cog(SummariesCog(bot))
    await bot.add_cog(StackCog(bot))
