"""What goes into the summarizer (thread messages) and what comes out (a ThreadSummary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    """One message of a thread, in thread order. Deleted messages are simply not passed in."""

    id: str
    author_id: str
    author_name: str
    text: str
    created_at: datetime | None = None
    reply_to_id: str | None = None
    jump_url: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence taken verbatim (after neutralising markup) from one message."""

    message_id: str
    author_id: str
    author_name: str
    text: str
    jump_url: str | None = None

    def render(self) -> str:
        """The quote with who said it in front: "Ana: we should start with chapter one."."""
        return f"{self.author_name}: {self.text}"


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """An extracted sentence, ranked by how central and non-redundant it is."""

    quote: Quote
    position: int  # index of the sentence in thread order, so a digest can keep that order
    score: float

    def render(self) -> str:
        return self.quote.render()


@dataclass(frozen=True, slots=True)
class Position:
    """A view held in the thread: a representative statement and the distinct people holding it."""

    statement: Quote
    holder_ids: tuple[str, ...]
    holder_names: tuple[str, ...]
    message_count: int
    supporting_quotes: tuple[Quote, ...]

    @property
    def people(self) -> int:
        return len(self.holder_ids)

    def render(self) -> str:
        return self.statement.render()


class AgreementKind(Enum):
    EXPLICIT = "explicit"  # "I agree", "+1", "exactly" and the like
    SHARED_VIEW = "shared_view"  # the same position is held by many people


@dataclass(frozen=True, slots=True)
class AgreementPoint:
    kind: AgreementKind
    statement: Quote  # what is agreed with
    agreeing_ids: tuple[str, ...]
    agreeing_names: tuple[str, ...]
    quotes: tuple[Quote, ...]  # the agreeing messages (empty for a shared view)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two sides of a contested point: the statement challenged and the challenge."""

    side_a: Quote
    side_a_ids: tuple[str, ...]
    side_b: Quote
    side_b_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    question: Quote


@dataclass(frozen=True, slots=True)
class ParticipationShare:
    author_id: str
    author_name: str
    words: int
    percent: int  # whole percents that add up to 100 across members


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    key_points: tuple[KeyPoint, ...]  # best first
    positions: tuple[Position, ...]  # most people first
    agreements: tuple[AgreementPoint, ...]
    disagreements: tuple[Disagreement, ...]
    open_questions: tuple[OpenQuestion, ...]
    participation: tuple[ParticipationShare, ...]  # most words first
    message_count: int = 0
    people_count: int = 0

    def participation_line(self) -> str:
        """ "Participation: Ana 52%, Ben 30%, ..." (words written, opted-out members excluded)."""
        if not self.participation:
            return "Participation: nobody."
        parts = [f"{share.author_name} {share.percent}%" for share in self.participation]
        return "Participation: " + ", ".join(parts) + "."

    def to_plain_text(self, max_words: int) -> str:
        from bot.domain.summaries.digest import render_plain_text

        return render_plain_text(self, max_words)
