"""Rendering the audit log, the transparency digest and decisions for members."""

from __future__ import annotations

import json
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import discord

from bot.domain.audit import AuditEntry, VerificationReport
from bot.domain.transparency import render_digest
from bot.services.factions.reports import Decision
from bot.services.transparency import DigestReport
from bot.ui.format import ACCENT, clip, timestamp

MAX_REPORT_FIELDS = 10


def audit_embed(entries: Sequence[AuditEntry], report: VerificationReport) -> discord.Embed:
    embed = discord.Embed(title="Audit log", colour=ACCENT if report.ok else discord.Colour.red())
    lines = []
    for entry in reversed(entries):
        actor = f"<@{entry.actor_id}>" if entry.actor_id else "Caucus"
        details = {k: v for k, v in entry.details.items() if k != "as_organizer"}
        summary = clip(json.dumps(details, ensure_ascii=False, sort_keys=True), 120)
        lines.append(
            f"**#{entry.seq}** {timestamp(entry.at, 'f')} {actor} `{entry.action}` {summary}"
        )
    embed.description = clip("\n".join(lines) or "Nothing has been recorded yet.", 4000)
    state = (
        "intact"
        if report.ok
        else f"{len(report.problems)} problem(s): " + "; ".join(report.lines()[:3])
    )
    head = f"head {report.head.seq}:{report.head.hash[:16]}…" if report.head else "empty"
    embed.set_footer(
        text=clip(f"Chain {state} · {head} · verify offline: caucus audit verify", 2000)
    )
    return embed


def digest_embed(report: DigestReport, zone: ZoneInfo, title: str | None = None) -> discord.Embed:
    lines = render_digest(report.digest, zone)
    embed = discord.Embed(title=clip(title or lines[0], 256), colour=ACCENT)
    embed.description = clip("\n".join(lines[1:]), 4000)
    if report.head is not None:
        embed.add_field(
            name="Audit head",
            value=f"`{report.head.anchor}`\nCheck later: `caucus audit verify --anchor "
            f"{report.head.seq}:{report.head.hash[:16]}…` (the whole value above)",
            inline=False,
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
