"""What every feature service shares: settings, the session factory, the clock, the scheduler.

Features read ``core.settings`` each time they need it, so one config object is the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.scheduling import Scheduler


@dataclass
class Core:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    scheduler: Scheduler
