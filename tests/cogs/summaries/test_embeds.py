"""Long summaries are split within Discord's limits, and the LLM's text is shown as given."""

from __future__ import annotations

from bot.domain.summaries import ParticipationShare, Position, Quote, ThreadSummary
from bot.services.summaries.llm import FallbackReason
from bot.services.summaries.stack import StackState
from bot.services.summaries.summarizing import ThreadDigest
from cogs.summaries.embeds import stack_embed, summary_messages


def quote(n: int) -> Quote:
    return Quote(
        str(n), f"a{n}", f"Member {n}", "word " * 80, f"https://discord.com/channels/1/2/{n}"
    )


def huge_summary() -> ThreadSummary:
    positions = tuple(
        Position(
            quote(i),
            tuple(f"a{j}" for j in range(40)),
            tuple(f"Member {j}" for j in range(40)),
            40,
            (quote(i + 1), quote(i + 2)),
            f"view number {i}",
        )
        for i in range(60)
    )
    shares = tuple(ParticipationShare(f"a{i}", f"Member {i}", 10, 1) for i in range(100))
    return ThreadSummary((), positions, (), (), (), shares, 2400, 100)


def test_long_summaries_stay_within_discord_limits() -> None:
    messages = summary_messages(ThreadDigest(huge_summary()), "Summary of #debate")

    assert len(messages) > 1
    for embeds in messages:
        assert 1 <= len(embeds) <= 10
        assert sum(len(embed) for embed in embeds) <= 6000
        assert all(len(embed.description or "") <= 4096 for embed in embeds)
    titles = [embed.title for embeds in messages for embed in embeds]
    assert titles[0] == f"Summary of #debate (1/{len(titles)})"


def test_every_position_is_shown_across_the_pages() -> None:
    messages = summary_messages(ThreadDigest(huge_summary()), "Summary")

    text = "\n".join(e.description or "" for embeds in messages for e in embeds)
    assert all(f"**{n}. 40 people**" in text for n in range(1, 61))
    assert "Member 0, Member 1" in text
    assert "and 32 more" in text
    assert all(f"*view number {n}*" in text for n in range(60))


def test_llm_text_is_shown_with_exact_counts_and_participation() -> None:
    summary = ThreadSummary((), (), (), (), (), (ParticipationShare("a", "Ana", 10, 100, 3),), 3, 1)
    digest = ThreadDigest(summary, llm_text="**Main positions**\nOne view [↗](https://x/1).")

    [[embed]] = summary_messages(digest, "Summary")

    assert embed.description == (
        "3 messages from 1 person.\n\n**Main positions**\nOne view [↗](https://x/1).\n\n"
        "Participation: Ana 3 messages."
    )


def test_fallback_is_explained() -> None:
    summary = ThreadSummary((), (), (), (), (), (), 1, 1)

    [[embed]] = summary_messages(ThreadDigest(summary, None, FallbackReason.TIMEOUT), "S")

    assert "not available (timeout)" in (embed.description or "")


def test_stack_embed_escapes_names() -> None:
    state = StackState(1, 2, None, None, None, (), frozenset(), True)

    embed = stack_embed(state)

    assert "Nobody is waiting" in (embed.description or "")
    assert "members who have not spoken yet go first" in (embed.footer.text or "")
