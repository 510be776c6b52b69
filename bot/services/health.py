"""Operational figures for organizers: database round trip, the scheduled-job ledger, and how
late the event loop runs (a handler that blocks it delays every member's interaction)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import math
import time
from collections import deque
from dataclasses import dataclass

from bot.db import jobs
from bot.db.session import round_trip
from bot.services.actors import Actor, guild_settings, require_organizer
from bot.services.core import Core

log = logging.getLogger("caucus.loop")

LAG_INTERVAL = 0.25  # seconds between two probes
LAG_THRESHOLD = 0.1  # a probe this late is logged
LAG_WINDOW = 1_200  # probes kept: the last five minutes


@dataclass(frozen=True)
class LoopLag:
    """How late the event loop woke a sleeping probe, over the recent window."""

    samples: int
    p99_ms: float
    max_ms: float
    over_threshold: int


class LoopLagMonitor:
    """A task that sleeps ``interval`` again and again and records how late it wakes: the
    time the loop was held by something else. Late wake-ups are logged."""

    def __init__(
        self,
        interval: float = LAG_INTERVAL,
        threshold: float = LAG_THRESHOLD,
        window: int = LAG_WINDOW,
    ) -> None:
        self.interval = interval
        self.threshold = threshold
        self._lags: deque[float] = deque(maxlen=window)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def record(self, lag: float) -> None:
        lag = max(lag, 0.0)
        self._lags.append(lag)
        if lag > self.threshold:
            log.warning("the event loop was held for %.0f ms", lag * 1000)

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.record(time.perf_counter() - before - self.interval)

    def figures(self) -> LoopLag | None:
        if not self._lags:
            return None
        ordered = sorted(self._lags)
        p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
        over = sum(1 for lag in ordered if lag > self.threshold)
        return LoopLag(len(ordered), p99 * 1000, ordered[-1] * 1000, over)


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_ms: float | None
    database_error: str | None
    jobs_by_state: dict[str, int]
    next_job_at: dt.datetime | None
    timers_armed: int
    loop_lag: LoopLag | None = None


class HealthService:
    def __init__(self, core: Core) -> None:
        self.core = core
        self.loop_lag = LoopLagMonitor()

    async def check(self, actor: Actor) -> Health:
        require_organizer(actor, guild_settings(self.core.settings, actor.guild_id))
        started = time.perf_counter()
        try:
            async with self.core.sessions() as session:
                await round_trip(session)
                database_ms = (time.perf_counter() - started) * 1000
                counts = await jobs.count_by_state(session)
                next_at = await jobs.next_due(session)
        except Exception as exc:  # report any driver error instead of failing the health check
            return Health(
                False,
                None,
                type(exc).__name__,
                {},
                None,
                self.core.scheduler.queue_size,
                self.loop_lag.figures(),
            )
        return Health(
            True,
            database_ms,
            None,
            counts,
            next_at,
            self.core.scheduler.queue_size,
            self.loop_lag.figures(),
        )
