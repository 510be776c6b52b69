"""Operational figures for organizers: database round trip and the scheduled-job ledger."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import func, select, text

from bot.db import jobs
from bot.db.models import ScheduledJobRow
from bot.services.actors import Actor, guild_settings, require_organizer
from bot.services.core import Core


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_ms: float | None
    database_error: str | None
    jobs_by_state: dict[str, int]
    next_job_at: dt.datetime | None
    timers_armed: int


class HealthService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def check(self, actor: Actor) -> Health:
        require_organizer(actor, guild_settings(self.core.settings, actor.guild_id))
        started = time.perf_counter()
        try:
            async with self.core.sessions() as session:
                await session.execute(text("SELECT 1"))
                database_ms = (time.perf_counter() - started) * 1000
                counts = await jobs.count_by_state(session)
                next_at = await session.scalar(
                    select(func.min(ScheduledJobRow.due_at)).where(
                        ScheduledJobRow.state == "pending"
                    )
                )
        except Exception as exc:  # report any driver error instead of failing the health check
            return Health(False, None, type(exc).__name__, {}, None, self.core.scheduler.queue_size)
        return Health(True, database_ms, None, counts, next_at, self.core.scheduler.queue_size)
