"""Shard leases: each process renews the leases of its own shards and adopts orphaned ones.

Leases make sure that *someone* runs each scheduled job: a process only tries the jobs of
guilds on shards it holds, renews its leases every heartbeat, and takes over any lease nobody
renewed within the TTL (the owner died, or stalled), then re-queues the jobs left running on
it. The shard's own process takes its lease back from an adopter when it returns.

Each take adds one to the lease's epoch, the fencing token. A job is claimed, and everything
it records (its end, its outbox writes) is written, only while the lease still carries the
epoch of the claim (bot/db/jobs.py), so a process that stalled past the TTL can record nothing
once it wakes up; when its next heartbeat finds the leases gone, ``on_loss`` stops its jobs.
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
from bot.domain.jobs import Fence, LeaseState, lease_takeable
from bot.sharding.plan import ShardPlan, shard_of

log = logging.getLogger(__name__)

LEASE_HEARTBEAT_SECONDS = 10.0
LEASE_TTL_SECONDS = 30.0

OnGain = Callable[[frozenset[int]], Awaitable[object]]
OnLoss = Callable[[frozenset[int]], object]


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
        self.epochs: dict[int, int] = {}  # held shard -> the epoch we hold it at
        self._on_gain: OnGain | None = None
        # Called (not awaited) with the shards lost or re-taken at a new epoch: the scheduler
        # stops the jobs it runs for them under the old epoch.
        self.on_loss: OnLoss | None = None
        self._task: asyncio.Task[None] | None = None
        self._contested: set[int] = set()  # own shards another live process holds (warned once)

    @property
    def held(self) -> frozenset[int]:
        return frozenset(self.epochs)

    def owns_guild(self, guild_id: int) -> bool:
        """Whether this process should run the scheduled work of this guild now."""
        return shard_of(guild_id, self.plan.count) in self.epochs

    def fence_for(self, guild_id: int) -> Fence | None:
        """The fencing token for this guild's jobs, None unless we hold its shard's lease."""
        shard = shard_of(guild_id, self.plan.count)
        epoch = self.epochs.get(shard)
        return None if epoch is None else Fence(self.plan.count, shard, self.owner, epoch)

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
        self.epochs = {}

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
        taken: set[int] = set()
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
                if not took:
                    continue
                taken.add(shard_id)
                if lease.owner is not None and lease.expired(now):
                    taken_from[shard_id] = lease.owner  # it stopped renewing: dead or stalled
            epochs = await lease_repo.renew(session, self.plan.count, self.owner, until)
            requeued = await lease_repo.requeue_jobs_on(session, self.plan.count, taken)
        outages.recovered()
        held = frozenset(epochs)
        gained, lost = held - self.held, self.held - held
        # Held before and still, but at another epoch: we lost it in between (a stall).
        fenced = {s for s in held & self.held if epochs[s] != self.epochs[s]}
        self.epochs = epochs
        self._report(gained, lost | fenced, taken_from, requeued)
        if (lost or fenced) and self.on_loss is not None:
            self.on_loss(frozenset(lost | fenced))
        if gained and self._on_gain is not None:
            await self._on_gain(gained)
        return held

    def _may_take(self, lease: Lease, now: dt.datetime, adopting: bool) -> bool:
        state = lease.state(now)
        if adopting:
            # A fresh unowned row waits for its own process until it expires.
            return state is LeaseState.EXPIRED or (state is LeaseState.FREE and lease.expired(now))
        if lease_takeable(state, by_its_own_process=True):
            return True  # our own shard: free, expired, or kept warm by an adopter
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
