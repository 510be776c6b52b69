"""What every feature service shares: settings, the session factory, the clock, the scheduler.

Features read ``core.settings`` each time they need it, so one config object is the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.db.session import DbSessions
from bot.scheduling import Scheduler


@dataclass
class Core:
    settings: Settings
    sessions: DbSessions
    clock: Clock
    scheduler: Scheduler
