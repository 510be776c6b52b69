"""Telling a database outage from a bug, and logging an outage once rather than per request.

While the database is down every interaction and every scheduler sweep fails the same way;
one log line per outage says so, and the line after it says when it ended.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

log = logging.getLogger("caucus.database")

# A failure this long after the last one starts a new outage (and a new log line).
QUIET_SECONDS_BETWEEN_OUTAGES = 300.0


def is_unavailable(error: BaseException) -> bool:
    """True when ``error`` means the database cannot be reached (not a bug in a query)."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    # asyncpg's connect() raises plain OS errors (refused, reset, unreachable) and timeouts;
    # so does an HTTP download, which is no database outage: look at who raised it.
    network = isinstance(error, ConnectionError | TimeoutError) or (
        isinstance(error, OSError) and error.errno is not None and not _is_file_error(error)
    )
    return network and _raised_by_database(error)


_DATABASE_MODULES = ("asyncpg", "aiosqlite", "sqlite3", "sqlalchemy")


def _raised_by_database(error: BaseException) -> bool:
    traceback = error.__traceback__
    while traceback is not None:
        module = str(traceback.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(_DATABASE_MODULES):
            return True
        traceback = traceback.tb_next
    return False


def _is_file_error(error: OSError) -> bool:
    return isinstance(error, FileNotFoundError | PermissionError | IsADirectoryError)


class OutageLog:
    """Logs the first failure of an outage and the recovery; counts the failures between."""

    def __init__(
        self,
        quiet_seconds: float = QUIET_SECONDS_BETWEEN_OUTAGES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._quiet = quiet_seconds
        self._monotonic = monotonic
        self._last_failure: float | None = None
        self.suppressed = 0

    def failed(self, where: str, error: BaseException) -> None:
        now = self._monotonic()
        if self._last_failure is None or now - self._last_failure > self._quiet:
            log.error("database unavailable (%s): %s", where, _one_line(error))
            self.suppressed = 0
        else:
            self.suppressed += 1
        self._last_failure = now

    def reset(self) -> None:
        """Forget any outage in progress (tests start each from a clean slate)."""
        self._last_failure = None
        self.suppressed = 0

    def recovered(self) -> None:
        if self._last_failure is None:
            return
        log.warning(
            "database reachable again (%d further failure(s) during the outage not logged)",
            self.suppressed,
        )
        self._last_failure = None
        self.suppressed = 0


def _one_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


# One per process: the error handler and the scheduler report into the same outage.
outages = OutageLog()
