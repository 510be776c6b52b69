"""Tables every feature relies on: guilds, the scheduled-job ledger and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime, utcnow


class GuildRow(Base):
    __tablename__ = "guilds"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100), default="")
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScheduledJobRow(Base):
    """The database owns every schedule: APScheduler is rebuilt from these rows at start-up.

    ``state`` (bot.domain.jobs.JobState) moves pending -> running -> done (or missed/cancelled/
    failed). Claiming a job is an UPDATE guarded by state and by the shard lease's epoch, so one
    job runs once even with several processes, and a process that lost its lease records nothing.
    """

    __tablename__ = "scheduled_jobs"
    __table_args__ = (Index("ix_scheduled_jobs_state_due", "state", "due_at"),)

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))  # as long as a lease owner
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The lease epoch the claim was made under (None without shard leases): the fence.
    claim_epoch: Mapped[int | None] = mapped_column(Integer)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """Append-only, hash-chained record of organizer actions and config changes."""

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("guild_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(60))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
