"""Rendering for the reading program: session posts, schedules, reminders, responses."""

from __future__ import annotations

import discord

from bot.domain.corpus.search import SearchHit
from bot.domain.reading import ExcerptMessage
from bot.services.reading.config_changes import ConfigReview
from bot.services.reading.plan_view import SessionInfo
from bot.services.reading.posting import SessionPost
from bot.services.reading.responses import Response
from bot.ui.format import ACCENT, clip, timestamp


def excerpt_marker(number: int, part: int, parts: int) -> str:
    """Footer that identifies a posted part, so a restart can see it was already sent."""
    return f"Caucus · session {number} · part {part}/{parts}"


def prompts_marker(number: int) -> str:
    return f"Caucus · session {number} · prompts"


def reveal_marker(number: int) -> str:
    return f"Caucus · session {number} · blind-first reveal"


def response_marker(response_id: int) -> str:
    return f"Caucus · response {response_id}"


def excerpt_embeds(post: SessionPost, index: int) -> list[discord.Embed]:
    message: ExcerptMessage = post.messages[index]
    embeds = [
        discord.Embed(title=chunk.title, description=chunk.description, colour=ACCENT)
        for chunk in message.embeds
    ]
    embeds[-1].set_footer(text=excerpt_marker(post.number, index + 1, len(post.messages)))
    return embeds


def opening_text(post: SessionPost) -> str:
    answer = (
        "Read the excerpt below, then answer with `/respond`: this group reads blind-first, so "
        "the thread opens for discussion when the answers are revealed together."
        if post.blind_first
        else "Read the excerpt below, then answer a prompt here or with `/respond`."
    )
    return (
        f"**{post.document_title}** by {post.document_author} — {post.words:,} words.\n"
        f"We meet {timestamp(post.starts_at)} ({timestamp(post.starts_at, 'R')}). {answer}\n"
        "All the sessions in your calendar: `/reading calendar`."
    )


def prompts_embed(post: SessionPost) -> discord.Embed:
    embed = discord.Embed(title=f"Discussion prompts — session {post.number}", colour=ACCENT)
    embed.description = "\n\n".join(
        f"**{i}.** {prompt.text}" for i, prompt in enumerate(post.prompts, start=1)
    )
    embed.set_footer(text=prompts_marker(post.number))
    return embed


def schedule_embed(sessions: list[SessionInfo], title: str = "Upcoming sessions") -> discord.Embed:
    embed = discord.Embed(title=title, colour=ACCENT)
    if not sessions:
        embed.description = "No sessions are scheduled."
    for info in sessions[:25]:
        sections = " / ".join(info.section_titles) or "—"
        embed.add_field(
            name=f"Session {info.number} · {clip(info.document_title, 80)}",
            value=f"{timestamp(info.starts_at)}\n{clip(sections, 200)} · {info.words:,} words",
            inline=False,
        )
    return embed


def reminder_embed(post: SessionPost, hours: float) -> discord.Embed:
    """The reminder DM. Timestamps only in the description (Discord does not render them in
    titles or footers); the opt-out names the real command and its option."""
    return discord.Embed(
        title=clip(f"Reading session {post.number}: {post.document_title}", 256),
        colour=ACCENT,
        description=(
            f"Starts {timestamp(post.starts_at)} ({timestamp(post.starts_at, 'R')}).\n"
            f"**{post.document_title}**{_sections(post)} — {post.words:,} words "
            f"({hours:g} h reminder).\n"
            "To stop these reminders, use `/reading remind` with `setting: False`."
        ),
    )


def _sections(post: SessionPost) -> str:
    sections = " / ".join(t for t in post.section_titles if t)
    return f" — {sections}" if sections else ""


def missed_notice(post: SessionPost) -> str:
    """What members read when a session could not be posted on time, and how to catch up."""
    excerpt = ", ".join(
        f"`/reading excerpt document: {post.document_id} section: {n}`"
        for n in post.section_numbers
    )
    return (
        f"Reading session {post.number} was due {timestamp(post.starts_at)} while Caucus was "
        "offline, so it was not posted.\n"
        f"It reads **{post.document_title}**{_sections(post)} ({post.words:,} words). "
        f"You can read it now with {excerpt or '`/reading excerpt`'}.\n"
        f"Organizers can post it now with `/reading post-missed session: {post.number}`, "
        "or move it with `/reading reschedule`."
    )


def responses_embeds(responses: list[Response], title: str) -> list[discord.Embed]:
    embeds: list[discord.Embed] = []
    for response in responses:
        embed = discord.Embed(description=clip(response.content, 4000), colour=ACCENT)
        embed.set_author(name=response.author_name)
        if response.prompt:
            embed.title = clip(response.prompt, 250)
        embeds.append(embed)
    if embeds:
        embeds[0].title = embeds[0].title or title
    return embeds


def search_embed(query: str, hits: tuple[SearchHit, ...]) -> discord.Embed:
    embed = discord.Embed(title=clip(f"Search: {query}", 250), colour=ACCENT)
    if not hits:
        embed.description = "Nothing in the corpus matches."
    for hit in hits:
        passage = hit.passage
        embed.add_field(
            name=clip(f"{passage.document_title} — {passage.section_title}", 250),
            value=clip(hit.snippet, 1000),
            inline=False,
        )
    return embed


def config_change_lines(review: ConfigReview) -> list[str]:
    lines = []
    if review.settings:
        lines.append("**The config changed since the last start** (also in `/audit`):")
        lines += [f"• {line}" for line in review.settings]
    if review.sessions:
        lines.append(
            "**What that changes in the reading plan** (posted sessions stay as they were):"
        )
        lines += [f"• {line}" for line in review.sessions]
    elif review.settings:
        lines.append("The reading plan is unchanged.")
    return lines


def chunk_lines(lines: list[str], limit: int = 2000) -> list[str]:
    """Lines joined into messages of at most `limit` characters (a long line is clipped)."""
    chunks: list[str] = []
    current = ""
    for full in lines:
        line = clip(full, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks
