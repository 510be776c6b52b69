"""One writer at a time on a SQLite database, queued in asyncio.

SQLite lets one transaction write at a time. Left to itself, a second writer waits in
SQLite's busy handler, which sleeps and polls (from a worker thread), or, in WAL mode, fails
at once with SQLITE_BUSY_SNAPSHOT when it read before the other committed. Taking this lock
around a read-then-write transaction queues writers in order, with no sleeping and no
failures. PostgreSQL has row locks and needs none: `write_lock` gives None there.
"""

from __future__ import annotations

import asyncio
import weakref

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

_LOCKS: weakref.WeakKeyDictionary[Engine, asyncio.Lock] = weakref.WeakKeyDictionary()


def write_lock(engine: AsyncEngine) -> asyncio.Lock | None:
    """The engine's writer lock on SQLite (shared by every service on that engine)."""
    if engine.dialect.name != "sqlite":
        return None
    return _LOCKS.setdefault(engine.sync_engine, asyncio.Lock())
