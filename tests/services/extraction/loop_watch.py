"""Catching any callback that holds the event loop longer than a threshold.

Every callback the loop runs (each step of each task included) goes through
``asyncio.Handle._run``; timing it there measures blocking directly, unlike the lateness of a
sleep. The threshold applies to the thread's CPU time, which a busy machine descheduling the
process does not inflate; a callback that blocks without computing (a sleep, a synchronous
read) is caught by its wall time over ``wall_threshold``. Real clocks are used, so SimCord's
virtual clock does not fool it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Watch:
    threshold: float
    wall_threshold: float
    slow: list[str] = field(default_factory=list)
    callbacks: int = 0
    longest_cpu: float = 0.0


@asynccontextmanager
async def no_slow_callbacks(
    threshold: float = 0.1, wall_threshold: float = 1.0
) -> AsyncIterator[Watch]:
    watch = Watch(threshold, wall_threshold)
    original = asyncio.Handle._run

    def timed(handle: Any) -> None:
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            original(handle)
        finally:
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            watch.callbacks += 1
            watch.longest_cpu = max(watch.longest_cpu, cpu)
            if cpu > watch.threshold or wall > watch.wall_threshold:
                watch.slow.append(
                    f"{cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms: {handle!r}"[:400]
                )

    asyncio.Handle._run = timed  # type: ignore[method-assign]
    try:
        yield watch
    finally:
        asyncio.Handle._run = original  # type: ignore[method-assign]
