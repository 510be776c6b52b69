from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.transparency.cog import TransparencyCog

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    await bot.add_cog(TransparencyCog(bot))
