"""Rendering the audit log, the transparency digest and decisions for members."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import discord

from bot.domain.audit import AuditEntry, ChainAnchor, VerificationReport
from bot.domain.audit.sentences import NameOf, describe_entry
from bot.domain.transparency import render_digest
from bot.services.factions.reports import Decision
from bot.services.transparency import DigestReport
from bot.ui.format import ACCENT, clip, timestamp

MAX_REPORT_FIELDS = 10


def member_names(guild: discord.Guild | None, bot_id: int | None) -> NameOf:
    """Member ids as the names members know (the bot, and the bot's own actions: Caucus)."""

    def name_of(member_id: int | None) -> str:
        if member_id is None or member_id == bot_id:
            return "Caucus"
        member = guild.get_member(member_id) if guild is not None else None
        if member is None:
            return "a former member"
        return discord.utils.escape_markdown(member.display_name)

    return name_of


def _head_text(seq: int, full_hash: str) -> str:
    return (
        f"`{seq}:{full_hash}`\nNote it down. Any time later, `/audit check:` followed by it "
        "tells you whether anything recorded up to this point was changed or removed."
    )


def audit_embed(
    entries: Sequence[AuditEntry],
    report: VerificationReport,
    name_of: NameOf,
    checked: ChainAnchor | None = None,
) -> discord.Embed:
    embed = discord.Embed(title="Audit log", colour=ACCENT if report.ok else discord.Colour.red())
    lines = [
        clip(f"**#{entry.seq}** {timestamp(entry.at, 'f')} {describe_entry(entry, name_of)}", 300)
        for entry in reversed(entries)
    ]
    embed.description = clip("\n".join(lines) or "Nothing has been recorded yet.", 4000)
    if checked is not None:
        verdict = (
            f"Nothing recorded up to entry {checked.seq} was changed or removed."
            if report.ok
            else "; ".join(report.lines()[:3])
        )
        embed.add_field(name="Your check", value=clip(verdict, 1024), inline=False)
    if report.head is not None:
        embed.add_field(
            name="Audit head", value=_head_text(report.head.seq, report.head.hash), inline=False
        )
    if report.ok:
        state = f"The record is intact: {report.entries_checked} entries checked."
    else:
        state = f"{len(report.problems)} problem(s): " + "; ".join(report.lines()[:3])
    embed.set_footer(text=clip(state, 2000))
    return embed


def digest_embed(
    report: DigestReport, zone: ZoneInfo, name_of: NameOf, title: str | None = None
) -> discord.Embed:
    lines = render_digest(report.digest, zone, actor_name=name_of)
    embed = discord.Embed(title=clip(title or lines[0], 256), colour=ACCENT)
    embed.description = clip("\n".join(lines[1:]), 4000)
    if report.head is not None:
        embed.add_field(
            name="Audit head", value=_head_text(report.head.seq, report.head.hash), inline=False
        )
    return embed


def decisions_embed(decisions: Sequence[Decision]) -> discord.Embed:
    embed = discord.Embed(title="Decisions", colour=ACCENT)
    lines = [
        f"**#{d.vote_id}** {clip(d.title, 60)} — {clip(d.headline, 80)}"
        + (f" · {len(d.reports)} minority report(s)" if d.reports else "")
        for d in decisions
    ]
    embed.description = clip("\n".join(lines) or "No vote has closed yet.", 4000)
    embed.set_footer(text="One decision with its minority reports: /decisions vote:<number>")
    return embed


def decision_embed(decision: Decision) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Vote #{decision.vote_id}: {decision.title}", 256),
        colour=ACCENT,
        description=f"**{clip(decision.headline, 1000)}**",
    )
    embed.add_field(name="Turnout", value=f"{decision.ballots} of {decision.roll_size}")
    if decision.closed_at is not None:
        embed.add_field(name="Closed", value=timestamp(decision.closed_at))
    for report in decision.reports[:MAX_REPORT_FIELDS]:
        by = f" ({report.faction_name})" if report.faction_name else ""
        signers = ", ".join(f"<@{s}>" for s in report.signers)
        embed.add_field(
            name=clip(f"Minority report R{report.id}{by}", 256),
            value=clip(f"{report.text}\n— {signers}", 1024),
            inline=False,
        )
    if not decision.reports:
        embed.set_footer(text="No minority report was filed.")
    return embed
