"""Rendering summaries and the speakers' stack as embeds, inside Discord's limits
(4096 characters per description, 6000 per message, 10 embeds per message)."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.summaries import Quote, ThreadSummary
from bot.services.summaries.stack import StackState
from bot.services.summaries.summarizing import ThreadDigest
from bot.ui.format import ACCENT, clip

DESCRIPTION_LIMIT = 4000  # under Discord's 4096, leaving room for a joining newline
MESSAGE_BUDGET = 5800  # under Discord's 6000 per message, leaving room for a footer marker
EMBEDS_PER_MESSAGE = 10
QUOTE_CHARS = 280
NAMES_SHOWN = 8


def quote_line(quote: Quote) -> str:
    link = f" [↗]({quote.jump_url})" if quote.jump_url else ""
    return f"> {clip(quote.text, QUOTE_CHARS)} — *{quote.author_name}*{link}"


def names(listed: Sequence[str]) -> str:
    shown = ", ".join(listed[:NAMES_SHOWN])
    more = len(listed) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def headline(summary: ThreadSummary) -> str:
    count = summary.message_count
    said = "1 message" if count == 1 else f"{count} messages"
    return f"{said} from {people(summary.people_count)}."


def offline_blocks(summary: ThreadSummary) -> list[str]:
    """The sections of an offline summary, each a block of lines: the same structure that
    ``caucus summarize --structured`` prints (positions, agreements, disagreements, open
    questions, participation)."""
    blocks = [headline(summary)]
    if summary.positions:
        lines = ["**Main positions**"]
        for number, position in enumerate(summary.positions, start=1):
            lines.append(f"**{number}. {people(position.people)}**: {names(position.holder_names)}")
            if position.label:
                lines.append(f"*{clip(position.label, QUOTE_CHARS)}*")
            lines += [quote_line(q) for q in position.quotes]
        blocks.append("\n".join(lines))
    if summary.agreements:
        lines = ["**Points of agreement**"]
        for agreement in summary.agreements:
            point = f": *{clip(agreement.point, QUOTE_CHARS)}*" if agreement.point else ":"
            lines.append(f"• Agreed by {names(agreement.agreeing_names)}{point}")
        blocks.append("\n".join(lines))
    if summary.disagreements:
        lines = ["**Points of disagreement**"]
        for dispute in summary.disagreements:
            lines.append(f"• *{clip(dispute.point, QUOTE_CHARS)}*")
            lines.append(
                f"  For: {names(dispute.for_names)}. Against: {names(dispute.against_names)}."
            )
            lines.append(quote_line(dispute.challenge))
        blocks.append("\n".join(lines))
    if summary.open_questions:
        lines = ["**Open questions nobody answered**"]
        lines += [quote_line(question.question) for question in summary.open_questions]
        blocks.append("\n".join(lines))
    blocks.append(summary.participation_line())
    return blocks


def digest_blocks(digest: ThreadDigest) -> list[str]:
    summary = digest.summary
    if digest.llm_text is None:
        blocks = offline_blocks(summary)
        if digest.fallback is not None:
            blocks.append(
                f"*The language model was not available ({digest.fallback.value}); "
                "this summary was made offline.*"
            )
        return blocks
    paragraphs = [p for p in digest.llm_text.split("\n\n") if p.strip()]
    return [headline(summary), *paragraphs, summary.participation_line()]


def pages(title: str, blocks: Sequence[str]) -> list[discord.Embed]:
    """Blocks packed into embed descriptions; a block too long for one is split by lines."""
    texts: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block):
            joined = f"{current}\n\n{piece}" if current else piece
            if len(joined) > DESCRIPTION_LIMIT:
                texts.append(current)
                joined = piece
            current = joined
    if current:
        texts.append(current)
    embeds = []
    for number, text in enumerate(texts, start=1):
        heading = title if len(texts) == 1 else f"{title} ({number}/{len(texts)})"
        embeds.append(discord.Embed(title=clip(heading, 256), description=text, colour=ACCENT))
    return embeds


def _fit(block: str) -> list[str]:
    if len(block) <= DESCRIPTION_LIMIT:
        return [block]
    pieces: list[str] = []
    current = ""
    for raw in block.split("\n"):
        line = clip(raw, DESCRIPTION_LIMIT)
        joined = f"{current}\n{line}" if current else line
        if len(joined) > DESCRIPTION_LIMIT:
            pieces.append(current)
            joined = line
        current = joined
    return [*pieces, current] if current else pieces


def messages(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages of at most 10 embeds and MESSAGE_BUDGET characters."""
    grouped: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if (
            not grouped
            or len(grouped[-1]) == EMBEDS_PER_MESSAGE
            or size + len(embed) > MESSAGE_BUDGET
        ):
            grouped.append([])
            size = 0
        grouped[-1].append(embed)
        size += len(embed)
    return grouped


def summary_messages(digest: ThreadDigest, title: str) -> list[list[discord.Embed]]:
    return messages(pages(title, digest_blocks(digest)))


def stack_embed(state: StackState) -> discord.Embed:
    embed = discord.Embed(title="Speakers' stack", colour=ACCENT)
    speaking = _safe(state.speaker_name) if state.speaker_name else "nobody"
    lines = [f"**Speaking now:** {speaking}", ""]
    if state.queue:
        lines.append("**Next up**")
        for place, entry in enumerate(state.queue, start=1):
            fresh = " (new voice)" if entry.member_id not in state.spoken else ""
            lines.append(f"{place}. {_safe(entry.display_name)}{fresh}")
    else:
        lines.append("Nobody is waiting. `/stack join` to ask for the floor.")
    embed.description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    rule = (
        "Progressive stack: members who have not spoken yet go first."
        if state.new_speakers_first
        else "First come, first served."
    )
    embed.set_footer(text=f"{rule} Organizers give the floor with /stack next.")
    return embed


def _safe(name: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(clip(name, 80)))
