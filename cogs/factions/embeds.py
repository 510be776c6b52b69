"""Rendering factions, the bulletin, member votes and minority reports."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.services.factions.records import (
    FactionVotePurpose,
    StoredDocument,
    StoredFaction,
    StoredFactionVote,
    StoredReport,
)
from bot.ui.format import ACCENT, clip, timestamp

FIELD_LIMIT = 1024
KIND_NAMES = {
    "platform": "Platform",
    "counter_proposal": "Counter-proposal",
    "reading_suggestion": "Reading suggestion",
}


def mentions(member_ids: Sequence[int] | frozenset[int], limit: int = FIELD_LIMIT) -> str:
    return clip(", ".join(f"<@{m}>" for m in sorted(member_ids)) or "nobody", limit)


def faction_embed(stored: StoredFaction) -> discord.Embed:
    faction = stored.faction
    embed = discord.Embed(
        title=clip(faction.name, 256),
        colour=ACCENT if faction.is_active else discord.Colour.dark_grey(),
        description=clip(faction.description or "(no description)", 4000),
    )
    if not faction.is_active and faction.dissolved_at:
        embed.add_field(name="Dissolved", value=timestamp(faction.dissolved_at), inline=False)
    embed.add_field(name=f"Members ({faction.size})", value=mentions(faction.members), inline=False)
    embed.add_field(name="Founders", value=mentions(faction.founders), inline=False)
    if faction.platform:
        embed.add_field(name="Platform", value=clip(faction.platform, FIELD_LIMIT), inline=False)
    if stored.channel_id:
        embed.add_field(name="Channel", value=f"<#{stored.channel_id}>")
    embed.add_field(name="Founded", value=timestamp(faction.created_at, "D"))
    embed.set_footer(
        text="Membership is public. Join or leave any time with /faction join | leave."
    )
    return embed


def list_embed(factions: Sequence[StoredFaction]) -> discord.Embed:
    embed = discord.Embed(title="Factions", colour=ACCENT)
    if not factions:
        embed.description = "No factions yet. Any member can found one with `/faction create`."
        return embed
    lines = [
        f"**{clip(f.name, 60)}** — {f.faction.size} member{'s' if f.faction.size != 1 else ''}"
        + (f": {clip(f.faction.description, 80)}" if f.faction.description else "")
        for f in factions
    ]
    embed.description = clip("\n".join(lines), 4000)
    return embed


def founding_text(stored: StoredFaction) -> str:
    waiting = stored.invited - stored.agreed
    return (
        f"<@{stored.created_by}> proposes founding the faction **{clip(stored.name, 80)}** "
        f"with {mentions(stored.invited)}. It is founded once every co-founder presses "
        f"**Co-found** (still waiting for {mentions(waiting)})."
    )


def founded_text(stored: StoredFaction) -> str:
    return (
        f"The faction **{clip(stored.name, 80)}** is founded by "
        f"{mentions(stored.faction.founders)}. "
        f"Any member can join with `/faction join name:{clip(stored.name, 60)}`."
    )


def document_embed(document: StoredDocument) -> discord.Embed:
    doc = document.document
    embed = discord.Embed(
        title=clip(f"B{doc.id}: {doc.title}", 256),
        colour=ACCENT,
        description=clip(doc.text, 4000),
    )
    embed.add_field(name="Faction", value=clip(document.faction_name, FIELD_LIMIT))
    embed.add_field(name="Kind", value=KIND_NAMES.get(doc.kind.value, doc.kind.value))
    embed.add_field(
        name="Published", value=f"{timestamp(doc.submitted_at, 'D')} by <@{doc.submitted_by}>"
    )
    embed.add_field(name="Reading plan", value=proposal_state(document), inline=False)
    return embed


def proposal_state(document: StoredDocument) -> str:
    if document.proposed_at is None:
        return "not proposed"
    who = "a vote of all members" if document.decided_by == "member_vote" else "the organizers"
    if document.outcome is None:
        return f"proposed; decided by {who}"
    if document.corpus_doc_id:
        return f"{document.outcome} by {who}; in the corpus as `{document.corpus_doc_id}`"
    return f"{document.outcome} by {who}"


def bulletin_embed(documents: Sequence[StoredDocument]) -> discord.Embed:
    embed = discord.Embed(title="Bulletin", colour=ACCENT)
    if not documents:
        embed.description = "Nothing published yet. Factions publish with `/faction publish`."
        return embed
    lines = [
        f"**B{d.id}** {clip(d.document.title, 70)} — {clip(d.faction_name, 40)}, "
        f"{KIND_NAMES.get(d.document.kind.value, '').lower()}"
        + (f" ({proposal_state(d)})" if d.proposed_at else "")
        for d in documents
    ]
    embed.description = clip("\n".join(lines), 4000)
    embed.set_footer(text="Read one with /bulletin document:<number>.")
    return embed


def vote_question(vote: StoredFactionVote, subject: str) -> str:
    if vote.purpose == FactionVotePurpose.DISSOLUTION:
        return f"Should **{clip(subject, 80)}** dissolve?"
    if vote.purpose == FactionVotePurpose.ENDORSEMENT:
        return (
            f"Should **{clip(subject, 80)}** endorse <@{vote.candidate_id}> in election "
            f"#{vote.election_id}? An endorsement is shown next to the name on the ballot, "
            "as information only."
        )
    return f"Should **{clip(subject, 120)}** (B{vote.document_id}) join the reading plan?"


def vote_text(vote: StoredFactionVote, subject: str, rule: str) -> str:
    return (
        f"**Member vote F{vote.id}**, called by <@{vote.called_by}>: "
        f"{vote_question(vote, subject)}\n"
        f"{vote.electorate_size} members on the roll; {rule}. Closes {timestamp(vote.closes_at)}, "
        "or once everyone on the roll has voted. Ballots are sealed: the record keeps who "
        "voted, never how."
    )


def report_embed(report: StoredReport, vote_title: str) -> discord.Embed:
    on_behalf = f" on behalf of {report.faction_name}" if report.faction_name else ""
    embed = discord.Embed(
        title=clip(f"Minority report R{report.id} on vote #{report.vote_id}: {vote_title}", 256),
        colour=discord.Colour.dark_gold(),
        description=clip(report.text, 4000),
    )
    embed.add_field(name=f"Signed{on_behalf}", value=mentions(list(report.signers)), inline=False)
    if report.filed_at:
        embed.add_field(name="Filed", value=timestamp(report.filed_at))
    embed.set_footer(text="Minority reports stay on the record beside the result.")
    return embed
