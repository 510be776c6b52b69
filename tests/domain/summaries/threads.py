"""Small hand-written threads shared by the summary tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.summaries import ThreadMessage

START = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)


class ThreadBuilder:
    """Builds messages with increasing ids and timestamps; `say` returns the new message id."""

    def __init__(self) -> None:
        self.messages: list[ThreadMessage] = []

    def say(self, author: str, text: str, reply_to: str | None = None) -> str:
        message_id = str(len(self.messages) + 1)
        self.messages.append(
            ThreadMessage(
                id=message_id,
                author_id=f"id-{author.lower()}",
                author_name=author,
                text=text,
                created_at=START + timedelta(minutes=len(self.messages)),
                reply_to_id=reply_to,
                jump_url=f"https://discord.com/channels/1/2/{message_id}",
            )
        )
        return message_id


def reading_order_debate() -> list[ThreadMessage]:
    """Which book first: a short, realistic exchange with agreement, dissent and a question."""
    thread = ThreadBuilder()
    capital = thread.say(
        "Ana",
        "I propose we read Capital volume one first, because it is the foundation for the rest.",
    )
    manifesto = thread.say(
        "Ben",
        "I disagree, Capital is far too long for newcomers. "
        "The Communist Manifesto is short and accessible.",
        reply_to=capital,
    )
    thread.say("Cleo", "Agreed, the Manifesto is a better starting point for newcomers.", manifesto)
    thread.say("Dev", "+1", reply_to=manifesto)
    thread.say("Ana", "But the Manifesto skips the economic analysis that Capital gives us.")
    thread.say("Eli", "Who is going to host the meetings on Thursday evenings?")
    union = thread.say("Ben", "Should we also invite the tenants union to the first session?")
    thread.say("Cleo", "Yes, the tenants union would love that, I can ask them.", reply_to=union)
    return thread.messages


def pile_on_versus_many() -> list[ThreadMessage]:
    """Three members post twenty messages each for one view; seven post once for another."""
    thread = ThreadBuilder()
    loud_reasons = (
        "Capital volume one is the foundation of every later reading",
        "we cannot understand the crisis without Capital volume one",
        "Capital volume one explains value and the working day",
        "skipping Capital volume one leaves us without the theory",
        "Capital volume one gives the group a shared vocabulary",
    )
    quiet_reasons = (
        "the Manifesto is short enough for busy members",
        "newcomers find the Manifesto readable in one evening",
        "the Manifesto gets people talking straight away",
        "a short Manifesto session keeps new members coming back",
        "we can finish the Manifesto before the strike meeting",
        "the Manifesto is the classic first text for reading groups",
        "the Manifesto has a free translation everyone can get",
    )
    loud = ("Ana", "Ben", "Cleo")
    for round_number in range(20):
        for offset, author in enumerate(loud):
            # The three repeat each other word for word too, as a pile-on does.
            reason = loud_reasons[(round_number + offset) % len(loud_reasons)]
            thread.say(author, f"We must start with Capital volume one, {reason}.")
    quiet = ("Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun")
    for author, reason in zip(quiet, quiet_reasons, strict=True):
        thread.say(author, f"Let's start with the Communist Manifesto: {reason}.")
    return thread.messages
