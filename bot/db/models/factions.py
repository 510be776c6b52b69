"""Tables of open factions, their documents, member votes, endorsements and minority reports.

* ``factions``: one row per faction, founded or still waiting for its co-founders to agree
  (``founded_at`` null). Names are unique among live factions by ``name_key`` (checked by the
  service under the guild's audit lock, since a dissolved faction frees its name).
* ``faction_members``: who belongs now (membership is public). Leaving deletes the row;
  the audit log keeps the history.
* ``faction_documents``: the bulletin. A document may be proposed for the reading plan once;
  the proposal's state lives on the same row.
* ``faction_votes`` and ``faction_vote_roll``: votes among a faction's members (dissolution,
  endorsement) or among all members (a reading proposal). The roll records only *has voted*;
  the choices exist only as the two counters on the vote, so no row says who voted what.
* ``faction_endorsements``: which faction endorsed which candidate in which election.
* ``minority_reports`` and ``minority_report_signers``: reports on closed votes; a report is
  filed when enough members have signed it within the window, and is never deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class FactionRow(Base):
    __tablename__ = "factions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(String(400), default="")
    platform: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    invited: Mapped[list[int]] = mapped_column(JSON, default=list)  # co-founders asked
    agreed: Mapped[list[int]] = mapped_column(JSON, default=list)  # co-founders who agreed
    founded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    dissolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    role_id: Mapped[int | None] = mapped_column(BigInteger)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)


class FactionMemberRow(Base):
    __tablename__ = "faction_members"

    faction_id: Mapped[int] = mapped_column(
        ForeignKey("factions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    founder: Mapped[bool] = mapped_column(Boolean, default=False)


class FactionDocumentRow(Base):
    __tablename__ = "faction_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    faction_id: Mapped[int] = mapped_column(ForeignKey("factions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[int] = mapped_column(BigInteger)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    proposed_by: Mapped[int | None] = mapped_column(BigInteger)
    proposed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(20))  # member_vote | organizers
    outcome: Mapped[str | None] = mapped_column(String(10))  # accepted | rejected
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    corpus_doc_id: Mapped[str | None] = mapped_column(String(80))


class FactionVoteRow(Base):
    __tablename__ = "faction_votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    faction_id: Mapped[int | None] = mapped_column(ForeignKey("factions.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    election_id: Mapped[int | None] = mapped_column(Integer)
    candidate_id: Mapped[int | None] = mapped_column(BigInteger)
    document_id: Mapped[int | None] = mapped_column(Integer)
    called_by: Mapped[int] = mapped_column(BigInteger)
    called_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    electorate_size: Mapped[int] = mapped_column(Integer)
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(10))  # passed | failed
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Sealed ballots (docs/secret-ballots.md): yes/no are written only when the vote is
    # decided. NULL on votes called before sealed faction ballots (counted by yes/no).
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    # The result sentence, written in the deciding transaction: a rerun of the close job after
    # a crash posts it (once, through the outbox). NULL before the decision.
    summary: Mapped[str | None] = mapped_column(Text)


class FactionBallotRow(Base):
    """The sealed ballot box of a member vote: a random key and ciphertext, no voter, no time."""

    __tablename__ = "faction_vote_ballots"

    row_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    vote_id: Mapped[int] = mapped_column(
        ForeignKey("faction_votes.id", ondelete="CASCADE"), index=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary(2048))


class FactionVoteRollRow(Base):
    __tablename__ = "faction_vote_roll"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("faction_votes.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    has_voted: Mapped[bool] = mapped_column(Boolean, default=False)


class EndorsementRow(Base):
    __tablename__ = "faction_endorsements"
    __table_args__ = (UniqueConstraint("faction_id", "election_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    faction_id: Mapped[int] = mapped_column(ForeignKey("factions.id", ondelete="CASCADE"))
    election_id: Mapped[int] = mapped_column(Integer, index=True)
    candidate_id: Mapped[int] = mapped_column(BigInteger)
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    yes_votes: Mapped[int] = mapped_column(Integer)
    electorate_size: Mapped[int] = mapped_column(Integer)


class MinorityReportRow(Base):
    __tablename__ = "minority_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    vote_id: Mapped[int] = mapped_column(Integer, index=True)
    subject_kind: Mapped[str] = mapped_column(String(10))  # motion | election
    faction_id: Mapped[int | None] = mapped_column(ForeignKey("factions.id"))
    text: Mapped[str] = mapped_column(Text)
    drafted_by: Mapped[int] = mapped_column(BigInteger)
    drafted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    filed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class MinorityReportSignerRow(Base):
    __tablename__ = "minority_report_signers"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("minority_reports.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
