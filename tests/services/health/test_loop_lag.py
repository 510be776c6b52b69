"""The loop-lag monitor: a callback that holds the event loop shows up as lag, and is logged."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.services.health import LoopLagMonitor


async def test_a_blocking_callback_is_measured_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    monitor = LoopLagMonitor(interval=0.02, threshold=0.1)
    monitor.start()
    await asyncio.sleep(0.1)  # a few quiet probes
    with caplog.at_level(logging.WARNING, logger="caucus.loop"):
        time.sleep(0.3)  # what a parser on the loop does  # noqa: ASYNC251
        await asyncio.sleep(0.1)
    await monitor.stop()

    figures = monitor.figures()
    assert figures is not None
    assert figures.max_ms >= 250
    assert figures.over_threshold >= 1
    assert any("the event loop was held for" in r.getMessage() for r in caplog.records)


async def test_a_quiet_loop_has_no_late_probes() -> None:
    monitor = LoopLagMonitor(interval=0.01, threshold=0.5)
    monitor.start()
    await asyncio.sleep(0.2)
    await monitor.stop()

    figures = monitor.figures()
    assert figures is not None
    assert figures.samples >= 5
    assert figures.over_threshold == 0


def test_no_figures_before_the_first_probe() -> None:
    assert LoopLagMonitor().figures() is None


async def test_stopping_twice_is_harmless() -> None:
    monitor = LoopLagMonitor(interval=0.01)
    monitor.start()
    await monitor.stop()
    await monitor.stop()
