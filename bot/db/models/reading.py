"""Tables of the reading program: adjustments, materialised sessions, responses, prompts,
uploaded documents, reminder opt-ins and the outbox that makes posting idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime, utcnow
from bot.domain.reading.states import SessionState


class PlanAdjustmentRow(Base):
    """Organizer changes to the plan, replayed in order on top of the config's plan."""

    __tablename__ = "plan_adjustments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReadingSessionRow(Base):
    """What happened to each session on Discord (the plan itself is recomputed, not stored)."""

    __tablename__ = "reading_sessions"
    __table_args__ = (UniqueConstraint("guild_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    document_id: Mapped[str] = mapped_column(String(80))
    first_paragraph: Mapped[int] = mapped_column(Integer)
    last_paragraph: Mapped[int] = mapped_column(Integer)
    # bot.domain.reading.states.SessionState: scheduled, posted, missed, held (by a pause) or
    # removed (by a config edit); every change goes through bot/db/reading.py.
    state: Mapped[str] = mapped_column(String(16), default=SessionState.SCHEDULED.value)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    event_id: Mapped[int | None] = mapped_column(BigInteger)
    posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revealed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Its paragraphs are fixed for good (posted, or missed and owed): config changes re-plan
    # around it (bot/domain/reading/plan.py, Anchor).
    anchored: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The calendar's SEQUENCE: bumped whenever the session's date changes or it is held.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxRow(Base):
    """One row per message the bot means to send for a scheduled job, written *before* sending.

    A row with no ``message_id`` means a send may or may not have happened: the sender checks
    Discord before trying again, so nothing is posted twice.
    """

    __tablename__ = "outbox"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # bot.domain.jobs.OutboxState: intended (begun) -> sent (message id recorded).
    state: Mapped[str] = mapped_column(String(16), default="intended", server_default="intended")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ResponseRow(Base):
    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    session_number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(BigInteger)
    author_name: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10))  # "modal" or "thread"
    prompt: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    reply_to_id: Mapped[int | None] = mapped_column(BigInteger)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # One /respond answer per member per prompt: "guild:session:member:prompt digest" (thread
    # messages have none). Unique, so two submits at once cannot both insert.
    answer_key: Mapped[str | None] = mapped_column(String(160), unique=True)


class PromptSuggestionRow(Base):
    __tablename__ = "prompt_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    document_id: Mapped[str] = mapped_column(String(80))
    section: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class UploadedDocumentRow(Base):
    """Documents organizers add with /corpus add: stored whole, parsed on load."""

    __tablename__ = "uploaded_documents"
    __table_args__ = (UniqueConstraint("guild_id", "doc_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    doc_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    in_plan: Mapped[bool] = mapped_column(Boolean, default=False)


class ReminderOptInRow(Base):
    __tablename__ = "reminder_optins"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class PlanDocumentRow(Base):
    """Documents added to a guild's plan at run time (uploads, accepted faction proposals)."""

    __tablename__ = "plan_documents"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConfigSnapshotRow(Base):
    """The guild's config as the bot last saw it, to tell and audit what an edit changed."""

    __tablename__ = "config_snapshots"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReadingProgressRow(Base):
    """A member said "I've read it" for a session; the name is shown only if they chose so."""

    __tablename__ = "reading_progress"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    session_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)
    member_name: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
