"""What members read about a convention: the agenda embed, numbered texts in pages, an
amendment's diff, a text as finally put with its history. Names, never ids."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.conventions.agenda import ItemState
from bot.domain.conventions.amendments import AmendmentResult, diff_lines
from bot.domain.conventions.text import EMBED_DESCRIPTION_LIMIT, MESSAGE_LIMIT, numbered, pages
from bot.services.conventions.records import ConventionView, ItemView, StoredAmendment
from bot.ui.format import clip, timestamp

ACCENT = discord.Colour.dark_red()
FIELD_LIMIT = 1024
FENCE = "```\n\n```"
_MARK = {
    ItemState.PENDING: "",
    ItemState.OPEN: " — **now**",
    ItemState.DONE: " — done",
    ItemState.SKIPPED: " — skipped",
}


def _progress(entry: ItemView) -> str:
    voting = [a for a in entry.amendments if a.result is AmendmentResult.VOTING]
    if voting:
        return f"Voting on amendment {voting[0].number} (vote #{voting[0].vote_id})."
    if entry.item.vote_id is not None:
        info = entry.votes.get(entry.item.vote_id)
        if info is not None and info.state.value == "open":
            return f"Voting (vote #{info.id}) closes {timestamp(info.closes_at, 'R')}."
        if info is not None and info.outcome is not None:
            return f"Vote #{info.id}: {info.outcome.headline}"
    pending = [a for a in entry.amendments if a.result is AmendmentResult.PENDING]
    if pending:
        return f"{len(pending)} amendment(s) proposed; voting has not begun."
    return "Before the convention."


def agenda_embed(view: ConventionView) -> discord.Embed:
    convention = view.convention
    embed = discord.Embed(
        title=clip(f"Convention #{convention.id}: {convention.title}", 256),
        colour=ACCENT,
        description=(
            f"{convention.state.value.capitalize()}. From {timestamp(convention.starts_at)} "
            f"to {timestamp(convention.ends_at)}.\n"
            f"**{len(view.checkins)}** members checked in."
        ),
    )
    lines = [
        f"{e.item.position}. {clip(e.item.title, 80)} ({e.item.kind.value}){_MARK[e.item.state]}"
        for e in view.items
    ]
    embed.add_field(
        name="Agenda", value=clip("\n".join(lines) or "No items yet.", FIELD_LIMIT), inline=False
    )
    current = view.current
    if current is not None:
        embed.add_field(
            name=clip(f"Now: item {current.item.position}", 256),
            value=clip(_progress(current), FIELD_LIMIT),
            inline=False,
        )
    embed.set_footer(text="Members check in with /convention checkin to vote.")
    return embed


def text_messages(header: str, lines: Sequence[str]) -> list[str]:
    """A header message, then the numbered text in code blocks, each under Discord's limit."""
    body = pages(numbered(lines), MESSAGE_LIMIT, overhead=len(FENCE))
    return [clip(header, MESSAGE_LIMIT), *(f"```\n{page}\n```" for page in body)]


def amendment_text(entry: ItemView, amendment: StoredAmendment) -> str:
    cosigners = ", ".join(c.name for c in amendment.cosigners) or "nobody"
    diff = "\n".join(diff_lines(entry.lines, amendment.change))
    head = (
        f"**Item {entry.item.position}, amendment {amendment.number}** "
        f"({amendment.change.describe()}), proposed by {amendment.proposer_name}, "
        f"co-signed by {cosigners}:\n"
    )
    block = f"```diff\n{diff}\n```"
    if len(head) + len(block) > MESSAGE_LIMIT:
        keep = MESSAGE_LIMIT - len(head) - len("```diff\n\n… (see /convention text)```")
        block = f"```diff\n{diff[:keep]}\n… (see /convention text)```"
    return head + block


def history_lines(entry: ItemView) -> list[str]:
    out = []
    for amendment in entry.in_voting_order():
        what = amendment.result.value
        if amendment.result is AmendmentResult.LAPSED:
            what = f"lapsed (amendment {amendment.lapsed_by} had changed its lines)"
        elif amendment.result is AmendmentResult.UNSUPPORTED:
            what = "not voted (too few co-signers)"
        out.append(
            f"• Amendment {amendment.number} ({amendment.change.describe()}, "
            f"{amendment.proposer_name}): {what}"
        )
    if entry.item.vote_id is not None:
        info = entry.votes.get(entry.item.vote_id)
        if info is not None and info.outcome is not None:
            out.append(f"• The {entry.item.kind.value} as amended: {info.outcome.headline}")
    return out or ["• No amendments."]


def final_messages(entry: ItemView) -> list[str]:
    final = (entry.item.final_text or "").split("\n") if entry.item.final_text else []
    header = f"**Item {entry.item.position}: {entry.item.title}, as finally put**\n" + "\n".join(
        history_lines(entry)
    )
    return text_messages(clip(header, MESSAGE_LIMIT), final)


def show_description(view: ConventionView) -> str:
    """The long form for `/convention show`: agenda with each item's progress."""
    out = []
    for entry in view.items:
        out.append(
            f"**{entry.item.position}. {entry.item.title}** ({entry.item.kind.value}, "
            f"{entry.item.state.value}) — {_progress(entry)}"
        )
        for amendment in entry.in_voting_order():
            out.append(
                f"  · amendment {amendment.number}: {amendment.change.describe()} by "
                f"{amendment.proposer_name}, {len(amendment.cosigners)} co-signer(s) — "
                f"{amendment.result.value}"
            )
        if entry.item.minority:
            out.append(f"  · {len(entry.item.minority)} minority report(s)")
    return clip("\n".join(out) or "No items yet.", EMBED_DESCRIPTION_LIMIT)
