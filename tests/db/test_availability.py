"""Telling a database outage from a bug, and logging each outage once."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.db.availability import OutageLog, is_unavailable


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def raised_in(module: str, error: BaseException) -> BaseException:
    """``error`` as if raised by code of ``module`` (its traceback names that module)."""
    namespace = {"__name__": module, "error": error}
    try:
        exec("raise error", namespace)
    except BaseException as caught:
        return caught
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open database file")),
        raised_in("asyncpg.connect_utils", ConnectionRefusedError(111, "Connect call failed")),
        raised_in("asyncpg.connection", TimeoutError()),
    ],
)
def test_connection_failures_count_as_unavailable(error: BaseException) -> None:
    assert is_unavailable(error)


def test_a_network_error_from_elsewhere_is_not_a_database_outage() -> None:
    download = raised_in("aiohttp.connector", OSError(-2, "Name or service not known"))
    assert not is_unavailable(download)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        ValueError("a bug"),
        FileNotFoundError(2, "No such file", "seeds/x.txt"),
    ],
)
def test_bugs_and_file_errors_do_not(error: BaseException) -> None:
    assert not is_unavailable(error)


def test_an_outage_is_logged_once_then_its_end(caplog: pytest.LogCaptureFixture) -> None:
    ticks = Ticks()
    outage = OutageLog(quiet_seconds=300, monotonic=ticks)
    with caplog.at_level(logging.WARNING, logger="caucus.database"):
        for second in range(50):
            ticks.now = float(second)
            outage.failed("interaction", ConnectionRefusedError(111, "refused"))
        outage.recovered()
    assert [r.levelname for r in caplog.records] == ["ERROR", "WARNING"]
    assert "49 further failure(s)" in caplog.records[1].getMessage()


def test_a_failure_after_a_quiet_spell_is_a_new_outage(caplog: pytest.LogCaptureFixture) -> None:
    ticks = Ticks()
    outage = OutageLog(quiet_seconds=300, monotonic=ticks)
    with caplog.at_level(logging.ERROR, logger="caucus.database"):
        outage.failed("scheduler", TimeoutError())
        ticks.now = 301.0
        outage.failed("scheduler", TimeoutError())
    assert len(caplog.records) == 2
