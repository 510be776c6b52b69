"""What the bot last pushed to each guild's slash-command list (a hash of the sync payload).

Discord rate-limits command syncs per guild and asks bots to sync only when the commands
changed: a start-up whose command tree hashes the same as the stored one skips the sync.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class CommandSyncRow(Base):
    __tablename__ = "command_syncs"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    tree_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
