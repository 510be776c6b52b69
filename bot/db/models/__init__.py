"""All ORM models; importing this package registers every table on ``Base.metadata``."""

from bot.db.models.base import Base
from bot.db.models.core import AuditRow, GuildRow, ScheduledJobRow

__all__ = ["AuditRow", "Base", "GuildRow", "ScheduledJobRow"]
