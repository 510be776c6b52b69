"""Taking the database away from a running bot, and giving it back.

PostgreSQL: the bot connects through a TCP proxy on 127.0.0.1 that the test cuts (every
connection reset, new ones refused) and restores. SQLite: the pool is emptied and the database
file's directory moved away, so reconnecting fails as a lost volume would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine
from tests.production.support import shared_database


class TcpProxy:
    """Forwards 127.0.0.1:port to host:target_port until cut."""

    def __init__(self, host: str, target_port: int) -> None:
        self.host, self.target_port = host, target_port
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.target_port)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, up_writer))
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.close()

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            if (transport := writer.transport) is not None:
                transport.abort()  # a reset, as when the server or the network goes away
        self._writers.clear()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def restore(self) -> None:
        await self.start()


class Outage:
    def __init__(self, engine: AsyncEngine, proxy: TcpProxy | None, sqlite_dir: Path | None):
        self.engine, self._proxy, self._dir = engine, proxy, sqlite_dir

    async def begin(self) -> None:
        if self._proxy is not None:
            await self._proxy.cut()
        else:
            assert self._dir is not None
            await self.engine.dispose()  # open SQLite connections would keep the old file
            os.rename(self._dir, self._dir.with_name("moved-away"))

    async def end(self) -> None:
        if self._proxy is not None:
            await self._proxy.restore()
        else:
            assert self._dir is not None
            os.rename(self._dir.with_name("moved-away"), self._dir)


@contextlib.asynccontextmanager
async def database_with_outages(directory: Path) -> AsyncIterator[Outage]:
    """A migrated engine (SQLite file, or PostgreSQL through a proxy) and its Outage switch."""
    async with shared_database(directory) as shared_url:
        parsed = make_url(shared_url)
        proxy: TcpProxy | None = None
        sqlite_dir: Path | None = None
        if parsed.get_backend_name() == "postgresql":
            proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            await proxy.start()
            url = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(
                hide_password=False
            )
        else:
            sqlite_dir = directory / "db"
            sqlite_dir.mkdir()
            url = f"sqlite+aiosqlite:///{sqlite_dir / 'caucus.sqlite3'}"
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
            yield Outage(engine, proxy, sqlite_dir)
        finally:
            await engine.dispose()
            if proxy is not None:
                await proxy.cut()
