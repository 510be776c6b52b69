"""Which scheduled jobs must not run at the same time: each job has a subject (one vote, one
reading session, one kind of work in one guild), and jobs of one subject take turns while all
others run alongside."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.db.jobs import Job

Subject = Callable[[Job], str]


def default_subject(job: Job) -> str:
    """Jobs of one vote (``vote.open``/``vote.close``), of one reading session, or of one kind
    in one guild (a digest) exclude each other; anything else runs alongside."""
    family = job.kind.rsplit(".", 1)[0]
    for key in ("vote_id", "number"):
        if key in job.payload:
            return f"{family}:{job.guild_id}:{key}={job.payload[key]}"
    return f"{job.kind}:{job.guild_id}"


class SubjectLock:
    """One lock per subject, dropped when nobody holds or waits for it."""

    def __init__(
        self,
        table: dict[str, tuple[asyncio.Lock, int]],
        subject: str,
        everything: asyncio.Lock | None,
    ) -> None:
        self.table, self.subject, self.everything = table, subject, everything

    async def __aenter__(self) -> None:
        lock, users = self.table.get(self.subject, (asyncio.Lock(), 0))
        self.table[self.subject] = (lock, users + 1)
        try:
            await lock.acquire()
        except BaseException:
            self._leave()
            raise
        if self.everything is not None:
            try:
                await self.everything.acquire()
            except BaseException:
                await self._release()
                raise

    async def __aexit__(self, *_exc: object) -> None:
        if self.everything is not None:
            self.everything.release()
        await self._release()

    async def _release(self) -> None:
        self.table[self.subject][0].release()
        self._leave()

    def _leave(self) -> None:
        lock, users = self.table[self.subject]
        if users <= 1:
            del self.table[self.subject]
        else:
            self.table[self.subject] = (lock, users - 1)
