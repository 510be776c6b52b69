"""Tables of conventions (README "Conventions").

* ``conventions``: title, dates, state, and where its pinned agenda lives.
* ``convention_items``: the agenda in order; a motion or document keeps its text as moved
  (``body``) and, once voted, the text as finally put (``final_text``); an election item
  points at its vote; a report keeps its text and the minority reports filed against it.
* ``convention_amendments``: line-range changes to an item's text with proposer, co-signers,
  the vote that decided them and their result (carried, lost, lapsed with its cause).
* ``convention_checkins``: who checked in, with the name they had (the roll of each vote the
  convention opens is taken from here and frozen in ``vote_roll`` when the vote opens).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import JSON

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class ConventionRow(Base):
    __tablename__ = "conventions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(12))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    agenda_message_id: Mapped[int | None] = mapped_column(BigInteger)


class ConventionItemRow(Base):
    __tablename__ = "convention_items"
    __table_args__ = (UniqueConstraint("convention_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    convention_id: Mapped[int] = mapped_column(
        ForeignKey("conventions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(12))
    body: Mapped[str] = mapped_column(Text, default="")
    final_text: Mapped[str | None] = mapped_column(Text)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id"))
    minority: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The chair's schedule for the item (None: it waits for `/convention next`).
    open_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    close_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ConventionAmendmentRow(Base):
    __tablename__ = "convention_amendments"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("convention_items.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    start_line: Mapped[int] = mapped_column(Integer)  # 0-based start of the range as moved
    end_line: Mapped[int] = mapped_column(Integer)  # exclusive end; equal for an insertion
    new_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    proposer_id: Mapped[int] = mapped_column(BigInteger)
    proposer_name: Mapped[str] = mapped_column(String(100))
    cosigners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    result: Mapped[str] = mapped_column(String(12))
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id"))
    lapsed_by: Mapped[int | None] = mapped_column(Integer)
    proposed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ConventionCheckinRow(Base):
    __tablename__ = "convention_checkins"

    convention_id: Mapped[int] = mapped_column(
        ForeignKey("conventions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    checked_in_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
