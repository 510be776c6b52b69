"""All ORM models; importing this package registers every table on ``Base.metadata``."""

from bot.db.models.base import Base
from bot.db.models.commands import CommandSyncRow
from bot.db.models.conventions import (  # noqa: F401
    ConventionAmendmentRow,
    ConventionCheckinRow,
    ConventionItemRow,
    ConventionRow,
)
from bot.db.models.core import AuditRow, GuildRow, ScheduledJobRow
from bot.db.models.factions import (  # noqa: F401
    EndorsementRow,
    FactionBallotRow,
    FactionDocumentRow,
    FactionMemberRow,
    FactionRow,
    FactionVoteRollRow,
    FactionVoteRow,
    MinorityReportRow,
    MinorityReportSignerRow,
)
from bot.db.models.leases import ShardLeaseRow
from bot.db.models.reading import (
    ConfigSnapshotRow,
    OutboxRow,
    PlanAdjustmentRow,
    PlanDocumentRow,
    PromptSuggestionRow,
    ReadingProgressRow,
    ReadingSessionRow,
    ReminderOptInRow,
    ResponseRow,
    UploadedDocumentRow,
)
from bot.db.models.summaries import SpeakerStackRow, StackEntryRow, SummaryOptOutRow  # noqa: F401
from bot.db.models.tellers import TellerKeyRow, VoteDealingRow, VoteTellerRow  # noqa: F401
from bot.db.models.voting import NominationRow, SealedBallotRow, VoteRollRow, VoteRow  # noqa: F401

__all__ = [
    "AuditRow",
    "Base",
    "CommandSyncRow",
    "ConfigSnapshotRow",
    "GuildRow",
    "OutboxRow",
    "PlanAdjustmentRow",
    "PlanDocumentRow",
    "PromptSuggestionRow",
    "ReadingProgressRow",
    "ReadingSessionRow",
    "ReminderOptInRow",
    "ResponseRow",
    "ScheduledJobRow",
    "ShardLeaseRow",
    "UploadedDocumentRow",
]
