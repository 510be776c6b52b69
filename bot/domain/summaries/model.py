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
    stance: str = "neutral"  # the message's stance towards what it answers (Stance values)
    answers: str | None = None  # the name of the person whose message it answers

    def render(self) -> str:
        return self.quote.render()


@dataclass(frozen=True, slots=True)
class Position:
    """A view held in the thread: a short label in the thread's own words, a representative
    statement, and the distinct people whose final stance it is (each person holds at most one
    position, however often they wrote)."""

    statement: Quote
    holder_ids: tuple[str, ...]
    holder_names: tuple[str, ...]
    message_count: int
    supporting_quotes: tuple[Quote, ...]
    label: str = ""

    @property
    def people(self) -> int:
        return len(self.holder_ids)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return (self.statement, *self.supporting_quotes)

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
    point: str = ""  # the agreed point in the thread's own words (a position's label)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A contested point: the position challenged (``for``) and those who oppose it."""

    point: str  # the challenged position's label
    statement: Quote  # the challenged view, as its holders put it
    for_ids: tuple[str, ...]
    for_names: tuple[str, ...]
    challenge: Quote  # the first objection to it
    against_ids: tuple[str, ...]
    against_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    question: Quote


@dataclass(frozen=True, slots=True)
class ParticipationShare:
    author_id: str
    author_name: str
    words: int
    percent: int  # whole percents of the words, adding up to 100 across members
    messages: int = 0


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
    topics: tuple[str, ...] = ()  # a long thread's main topics, most talked-about first

    def participation_line(self) -> str:
        """ "Participation: Ana 5 messages, Ben 3, Cleo 1." (most first; opted-out members are
        excluded)."""
        if not self.participation:
            return "Participation: nobody."
        first, *rest = self.participation
        unit = "message" if first.messages == 1 else "messages"
        parts = [f"{first.author_name} {first.messages} {unit}"]
        parts += [f"{share.author_name} {share.messages}" for share in rest]
        return "Participation: " + ", ".join(parts) + "."

    def structured(self, thread_id: object = None) -> dict[str, object]:
        """The result as plain data (``caucus summarize --structured``): people by name."""
        from bot.domain.summaries.structured import as_structured

        return as_structured(self, thread_id)

    def to_plain_text(self, max_words: int) -> str:
        from bot.domain.summaries.digest import render_plain_text

        return render_plain_text(self, max_words)
