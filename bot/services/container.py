"""The services a running bot holds, built once in main and handed to the Bot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.scheduling import Scheduler


@dataclass
class Services:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    scheduler: Scheduler
