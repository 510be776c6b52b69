from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.caucus.cog import CaucusCog
from cogs.caucus.failures import FailureNotices

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    await bot.add_cog(CaucusCog(bot))
    FailureNotices(bot).install()  # jobs that fail for good are told in the log channel
