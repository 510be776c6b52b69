from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.conventions.cog import ConventionsCog

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    await bot.add_cog(ConventionsCog(bot))
