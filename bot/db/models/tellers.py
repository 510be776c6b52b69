"""Tables of tellers (docs/secret-ballots.md, "Tellers").

* ``teller_keys``: the public key each member made on their own machine with
  ``caucus teller keygen`` and registered with ``/teller register``. Public: it seals a share
  to the teller and checks their signature; it opens nothing.
* ``vote_tellers``: the tellers named for a vote, numbered in the order they were named (the
  number is their x in the sharing), with the public key they had when named. ``release`` is
  the release file they uploaded at the close, kept until the count so a restart between
  releases loses none (fewer than k releases reveal nothing), and nulled when the vote is
  counted.
* ``vote_dealings``: the published dealing of a teller vote (commitments, shares sealed to
  each teller's key, the vote's public key), as JSON: public once the vote opens.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class TellerKeyRow(Base):
    __tablename__ = "teller_keys"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    public_key: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class VoteTellerRow(Base):
    __tablename__ = "vote_tellers"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str] = mapped_column(String(200))
    named_by: Mapped[int] = mapped_column(BigInteger)
    faction_id: Mapped[int | None] = mapped_column(Integer)
    release: Mapped[str | None] = mapped_column(String(300))
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class VoteDealingRow(Base):
    __tablename__ = "vote_dealings"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    threshold: Mapped[int] = mapped_column(Integer)
    published: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime)
