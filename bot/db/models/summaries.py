"""Tables of thread summaries and fair discussion: summary opt-outs and speakers' stacks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime, utcnow


class SummaryOptOutRow(Base):
    """A member who asked not to be quoted or counted in summaries. No row: consent."""

    __tablename__ = "summary_opt_outs"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    since: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SpeakerStackRow(Base):
    """One live speakers' stack per channel or thread, with the message that shows it."""

    __tablename__ = "speaker_stacks"
    __table_args__ = (UniqueConstraint("guild_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    speaker_id: Mapped[int | None] = mapped_column(BigInteger)
    speaker_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StackEntryRow(Base):
    """A member of a stack: waiting for the floor or not, and how often they had it."""

    __tablename__ = "speaker_stack_entries"

    stack_id: Mapped[int] = mapped_column(
        ForeignKey("speaker_stacks.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100))
    waiting: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    turns: Mapped[int] = mapped_column(Integer, default=0)
