"""Shard leases: each process renews the leases of its own shards and adopts orphaned ones.

The job claim (a guarded UPDATE) already makes every scheduled job run at most once across
processes. Leases make sure that *someone* runs it: a process only tries the jobs of guilds on
shards it holds, renews its leases every heartbeat, and takes over any lease nobody renewed
within the TTL (the owner died), then re-queues the jobs the dead owner left half done. The
shard's own process takes its lease back from an adopter when it returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable

from bot.clock import Clock
from bot.db import leases as lease_repo
from bot.db.availability import is_unavailable, outages
from bot.db.leases import Lease, SessionFactory
from bot.sharding.plan import ShardPlan, shard_of

log = logging.getLogger(__name__)

LEASE_HEARTBEAT_SECONDS = 10.0
LEASE_TTL_SECONDS = 30.0

OnGain = Callable[[frozenset[int]], Awaitable[object]]


def process_owner_name() -> str:
    """Unique per process run (container pids repeat: every container's first process is 1)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"


class LeaseKeeper:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        plan: ShardPlan,
        owner: str,
        *,
        heartbeat_seconds: float = LEASE_HEARTBEAT_SECONDS,
        ttl_seconds: float = LEASE_TTL_SECONDS,
    ) -> None:
        if ttl_seconds <= heartbeat_seconds:
            raise ValueError("the lease TTL must be longer than the heartbeat interval")
        self.sessions = sessions
        self.clock = clock
        self.plan = plan
        self.owner = owner
        self.heartbeat = heartbeat_seconds
        self.ttl = dt.timedelta(seconds=ttl_seconds)
        self.held: frozenset[int] = frozenset()
        self._on_gain: OnGain | None = None
        self._task: asyncio.Task[None] | None = None
        self._contested: set[int] = set()  # own shards another live process holds (warned once)

    def owns_guild(self, guild_id: int) -> bool:
        """Whether this process should run the scheduled work of this guild now."""
        return shard_of(guild_id, self.plan.count) in self.held

    async def start(self, on_gain: OnGain | None = None) -> None:
        """Creates missing lease rows, takes what it can now, then heartbeats in the background.

        ``on_gain`` is awaited with the newly held shards after each heartbeat that gained some
        (the scheduler arms and runs their pending jobs); the scheduler's own start-up covers
        what the first heartbeat takes."""
        await self.join()
        self._on_gain = on_gain
        self._task = asyncio.create_task(self._loop(), name="caucus: shard leases")

    async def join(self) -> frozenset[int]:
        """Creates missing lease rows and takes what it can now (the first heartbeat)."""
        async with self.sessions.begin() as session:
            await lease_repo.ensure(
                session, self.plan.count, range(self.plan.count), self.clock.now() + self.ttl
            )
        return await self.beat()

    async def stop(self) -> None:
        """Stops renewing and hands every lease back, so another process need not wait."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        try:
            async with self.sessions.begin() as session:
                await lease_repo.release(session, self.owner, self.clock.now())
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            log.warning("could not release shard leases (they expire in %s)", self.ttl)
        self.held = frozenset()

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self.beat()
            except Exception as exc:
                if not is_unavailable(exc):
                    log.exception("shard lease heartbeat failed")
                else:
                    outages.failed("shard leases", exc)

    async def beat(self) -> frozenset[int]:
        """One heartbeat: renew, take back own shards, adopt expired ones. Returns held shards."""
        now = self.clock.now()
        until = now + self.ttl
        taken_from: dict[int, str] = {}
        async with self.sessions.begin() as session:
            leases = await lease_repo.all_leases(session, self.plan.count)
            for shard_id, lease in sorted(leases.items()):
                if lease.owner == self.owner:
                    continue
                adopting = shard_id not in self.plan.ids
                if not self._may_take(lease, now, adopting):
                    continue
                took = await lease_repo.take(
                    session,
                    self.plan.count,
                    lease,
                    self.owner,
                    until=until,
                    now=now,
                    adopted=adopting,
                )
                if took and lease.owner is not None and lease.expired(now):
                    taken_from[shard_id] = lease.owner  # it stopped renewing: it is gone
            held = await lease_repo.renew(session, self.plan.count, self.owner, until)
            requeued = await lease_repo.requeue_jobs_of(session, sorted(set(taken_from.values())))
        outages.recovered()
        gained, lost = held - self.held, self.held - held
        self.held = held
        self._report(gained, lost, taken_from, requeued)
        if gained and self._on_gain is not None:
            await self._on_gain(gained)
        return held

    def _may_take(self, lease: Lease, now: dt.datetime, adopting: bool) -> bool:
        if lease.expired(now):
            return True
        if adopting:
            return False  # a fresh unowned row waits for its own process until it expires
        if lease.owner is None or lease.adopted:
            return True  # our own shard, free or kept warm by an adopter while we were away
        if lease.shard_id not in self._contested:
            self._contested.add(lease.shard_id)
            log.warning(
                "shard %d is held by %s until %s: another process runs the same shards, or one "
                "stopped without releasing it; taking over if it is not renewed",
                lease.shard_id,
                lease.owner,
                lease.expires_at.isoformat(timespec="seconds"),
            )
        return False

    def _report(
        self, gained: frozenset[int], lost: frozenset[int], taken: dict[int, str], requeued: int
    ) -> None:
        if taken:
            owners = ", ".join(sorted(set(taken.values())))
            log.warning(
                "took over shards %s from %s (stopped renewing); re-queued %d interrupted job(s)",
                sorted(taken),
                owners,
                requeued,
            )
        own, adopted = gained & set(self.plan.ids), gained - set(self.plan.ids) - set(taken)
        if own:
            log.info("holding shard leases %s of %d", sorted(own), self.plan.count)
        if adopted:
            log.warning("adopted shards %s: no process has run them", sorted(adopted))
        if lost:
            log.info("shard leases %s passed to another process", sorted(lost))
