"""The hash-chained, append-only audit log of a guild."""

from bot.domain.audit.entry import (
    AS_ORGANIZER_KEY,
    FIRST_SEQ,
    GENESIS_HASH,
    AuditAction,
    AuditEncodingError,
    AuditEntry,
    append,
    canonical_bytes,
    compute_hash,
    is_organizer_action,
)
from bot.domain.audit.verify import (
    ChainAnchor,
    ChainProblem,
    ProblemKind,
    VerificationReport,
    verify_chain,
)

__all__ = [
    "AS_ORGANIZER_KEY",
    "FIRST_SEQ",
    "GENESIS_HASH",
    "AuditAction",
    "AuditEncodingError",
    "AuditEntry",
    "ChainAnchor",
    "ChainProblem",
    "ProblemKind",
    "VerificationReport",
    "append",
    "canonical_bytes",
    "compute_hash",
    "is_organizer_action",
    "verify_chain",
]
