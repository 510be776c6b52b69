"""Tables of votes and elections (see docs/secret-ballots.md for why they look like this).

* ``votes``: the definition, state and, after close, the result and the published ballot file.
  A secret vote keeps only its public key here; its private key and link secret live in a
  per-vote key file outside the database, destroyed at close. ``wrapped_private_key`` and
  ``order_salt`` are set only on votes created before key files existed (the bot moves the
  wrapped key into a key file at start-up and nulls both at close).
* ``vote_roll``: the frozen voter roll. For a secret vote a row holds only *has voted* and,
  for a changeable vote, a pointer to the voter's latest ballot encrypted under the vote's
  link secret (nulled at close, and useless once the key file is destroyed).
  For an open vote (roll call) it holds the member's ballot in clear: that record is public.
* ``vote_ballots``: the ballot box of secret votes. A random key, the vote and the sealed
  ballot: no voter, no time, no auto-increment key.
* ``vote_nominations``: candidacies of elections, one person each (never a slate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class VoteRow(Base):
    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(String(20))
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    seats: Mapped[int | None] = mapped_column(Integer)
    threshold: Mapped[str | None] = mapped_column(String(20))  # a fraction, "2/3"
    quorum: Mapped[str | None] = mapped_column(String(20))
    max_approvals: Mapped[int | None] = mapped_column(Integer)
    secret: Mapped[bool] = mapped_column(Boolean)
    changeable: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    order_salt: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    wrapped_private_key: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    roll_size: Mapped[int | None] = mapped_column(Integer)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    result_message_id: Mapped[int | None] = mapped_column(BigInteger)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    published_extension: Mapped[str | None] = mapped_column(String(8))
    published_text: Mapped[str | None] = mapped_column(Text)
    cancelled_by: Mapped[int | None] = mapped_column(BigInteger)
    cancel_reason: Mapped[str | None] = mapped_column(String(300))


class VoteRollRow(Base):
    __tablename__ = "vote_roll"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    has_voted: Mapped[bool] = mapped_column(Boolean, default=False)
    seal_pointer: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    open_ballot: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SealedBallotRow(Base):
    __tablename__ = "vote_ballots"

    row_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary(2048))


class NominationRow(Base):
    __tablename__ = "vote_nominations"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    nominee_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    nominator_id: Mapped[int] = mapped_column(BigInteger)
    nominee_name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12))
    statement: Mapped[str] = mapped_column(Text, default="")
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
