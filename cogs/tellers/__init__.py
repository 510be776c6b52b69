from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import CaucusBot


async def setup(bot: CaucusBot) -> None:
    # Imported here: cogs.votes.jobs uses cogs.tellers.render, and this cog uses VoteJobs.
    from cogs.tellers.cog import TellersCog

    await bot.add_cog(TellersCog(bot))
