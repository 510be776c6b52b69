"""Offline thread summaries: key points, positions with head counts, agreement, open questions.

Pure Python, near-linear in the thread length. Call ``summarize_thread``.
"""

from bot.domain.summaries.model import (
    AgreementKind,
    AgreementPoint,
    Disagreement,
    KeyPoint,
    OpenQuestion,
    ParticipationShare,
    Position,
    Quote,
    ThreadMessage,
    ThreadSummary,
)
from bot.domain.summaries.summarizer import summarize_thread

__all__ = [
    "AgreementKind",
    "AgreementPoint",
    "Disagreement",
    "KeyPoint",
    "OpenQuestion",
    "ParticipationShare",
    "Position",
    "Quote",
    "ThreadMessage",
    "ThreadSummary",
    "summarize_thread",
]
