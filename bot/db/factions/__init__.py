"""Repository for factions, their bulletin, member votes, endorsements and minority reports.

Every function takes the caller's session and returns frozen records, never rows. The modules
split it by role; this package re-exports them, so callers keep `from bot.db import factions`.
"""

from bot.db.factions.documents import (
    StoredDocument,
    get_document,
    insert_document,
    list_documents,
    update_document,
)
from bot.db.factions.endorsing import StoredEndorsement, endorsements, insert_endorsement
from bot.db.factions.membership import (
    StoredFaction,
    add_member,
    get_faction,
    insert_faction,
    list_factions,
    remove_member,
    update_faction,
)
from bot.db.factions.reports import (
    ReportQuery,
    StoredReport,
    add_signer,
    get_report,
    insert_report,
    reports_for_votes,
    update_report,
)
from bot.db.factions.votes import (
    StoredFactionVote,
    add_choice,
    decided_votes,
    get_vote,
    insert_vote,
    mark_voted,
    on_roll,
    open_votes,
    update_vote,
)

__all__ = [
    "ReportQuery",
    "StoredDocument",
    "StoredEndorsement",
    "StoredFaction",
    "StoredFactionVote",
    "StoredReport",
    "add_choice",
    "add_member",
    "add_signer",
    "decided_votes",
    "endorsements",
    "get_document",
    "get_faction",
    "get_report",
    "get_vote",
    "insert_document",
    "insert_endorsement",
    "insert_faction",
    "insert_report",
    "insert_vote",
    "list_documents",
    "list_factions",
    "mark_voted",
    "on_roll",
    "open_votes",
    "remove_member",
    "reports_for_votes",
    "update_document",
    "update_faction",
    "update_report",
    "update_vote",
]
