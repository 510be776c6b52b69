"""Rendering the audit log for members."""

from __future__ import annotations

import json
from collections.abc import Sequence

import discord

from bot.domain.audit import AuditEntry, VerificationReport
from bot.ui.format import ACCENT, clip, timestamp


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
