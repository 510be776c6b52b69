"""All ORM models; importing this package registers every table on ``Base.metadata``."""

from bot.db.models.base import Base
from bot.db.models.core import AuditRow, GuildRow, ScheduledJobRow
from bot.db.models.reading import (
    OutboxRow,
    PlanAdjustmentRow,
    PlanDocumentRow,
    PromptSuggestionRow,
    ReadingSessionRow,
    ReminderOptInRow,
    ResponseRow,
    UploadedDocumentRow,
)

__all__ = [
    "AuditRow",
    "Base",
    "GuildRow",
    "OutboxRow",
    "PlanAdjustmentRow",
    "PlanDocumentRow",
    "PromptSuggestionRow",
    "ReadingSessionRow",
    "ReminderOptInRow",
    "ResponseRow",
    "ScheduledJobRow",
    "UploadedDocumentRow",
]
