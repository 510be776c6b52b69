"""Shard leases: which process runs the scheduled work of which Discord shard.

A process renews the leases of the shards it runs; a lease nobody renewed before
``expires_at`` may be taken over by any other process, so the dead process's guilds keep their
posts and vote closes. ``adopted`` marks a lease held by a process that does not run that
shard's gateway: the shard's own process takes it back when it returns.

``epoch`` is the fencing token: it grows by one at every change of owner. Each job claim and
each record of a job's effect checks, in its own transaction, that the lease still carries the
epoch the process holds, so a process that stalled while another took over records nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class ShardLeaseRow(Base):
    __tablename__ = "shard_leases"

    # Keyed by the count too: a fleet being re-sharded never mistakes shard 3 of 4 for 3 of 8.
    shard_count: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    shard_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    owner: Mapped[str | None] = mapped_column(String(100))
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
