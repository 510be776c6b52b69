"""Rendering votes: announcements, nominations, receipts, results and lists. The wording of
a convention's check-in roll is in checked_in.py."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import discord

from bot.domain.counting.sheet import explain_tie, ties_in
from bot.domain.voting.kinds import VoteKind, describe_eligibility
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.nominations import NominationStatus
from bot.services.factions.records import StoredReport
from bot.services.voting.outcome import StageRow, VoteOutcome
from bot.services.voting.records import CandidateInfo, CastReceipt, VoteInfo
from bot.services.voting.tally import motion_threshold
from bot.ui.format import ACCENT, clip, timestamp

FIELD_LIMIT = 1024
KIND_NAMES = {
    VoteKind.MOTION: "Motion (yes / no / abstain)",
    VoteKind.POLL_SINGLE: "Poll (one choice)",
    VoteKind.POLL_APPROVAL: "Approval poll (any number of choices)",
    VoteKind.RANKED_SINGLE: "Ranked vote (one winner)",
    VoteKind.ELECTION: "Committee election (ranked)",
}
METHOD_NAMES = {
    "schulze": "Schulze",
    "irv": "Instant runoff",
    "scottish_stv": "Scottish STV",
    "meek": "Meek STV",
}


def _percent(share: Fraction | str) -> str:
    return f"{float(Fraction(share) * 100):.4g}%"


def describe_kind(info: VoteInfo) -> str:
    text = KIND_NAMES[info.kind]
    if info.spec.method is not None:
        text += f", counted by {METHOD_NAMES[info.spec.method.value]}"
    if info.kind is VoteKind.ELECTION:
        text += f", {info.spec.seats} seat{'s' if info.spec.seats != 1 else ''}"
    return text


def rules_text(info: VoteInfo) -> str:
    spec = info.spec
    lines = [
        "**Secret ballot**: nobody, organizers included, can see how anyone voted."
        if spec.secret
        else "**Open ballot (roll call)**: who voted what is published with the result.",
        "You can change your ballot until the vote closes."
        if spec.changeable
        else "Ballots cannot be changed once cast.",
    ]
    if spec.kind is VoteKind.MOTION:
        lines.append(f"Passes with {motion_threshold(spec.threshold).describe()} of yes + no.")
    if spec.quorum is not None:
        lines.append(f"Quorum: {_percent(spec.quorum)} of the voter roll must vote.")
    if spec.max_approvals:
        lines.append(f"Approve at most {spec.max_approvals}.")
    return "\n".join(lines)


def announcement_embed(info: VoteInfo, candidates: Sequence[CandidateInfo] = ()) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Vote #{info.id}: {info.title}", 256),
        colour=ACCENT,
        description=rules_text(info),
    )
    embed.add_field(name="Kind", value=describe_kind(info), inline=False)
    if info.kind not in (VoteKind.MOTION, VoteKind.ELECTION):
        options = "\n".join(f"• {o.label}" for o in info.spec.options)
        embed.add_field(name="Options", value=clip(options, FIELD_LIMIT), inline=False)
    standing = [c for c in candidates if c.status is NominationStatus.ACCEPTED]
    if standing:
        lines = [
            f"• {c.name}" + (f" — questions in <#{c.thread_id}>" if c.thread_id else "")
            for c in standing
        ]
        embed.add_field(name="Candidates", value=clip("\n".join(lines), FIELD_LIMIT), inline=False)
    if info.state is VoteState.OPEN:
        embed.add_field(
            name="Who may vote",
            value=clip(
                f"{who_may_vote(info)}. The voter roll was taken when the vote opened: "
                "role changes since then do not change it.",
                FIELD_LIMIT,
            ),
            inline=False,
        )
        embed.add_field(name="Closes", value=timestamp(info.closes_at))
        embed.set_footer(text="Press Vote: your ballot opens privately, only you see it.")
    else:
        embed.add_field(
            name="Who may vote",
            value=clip(f"{who_may_vote(info)}, as they are when voting opens", FIELD_LIMIT),
            inline=False,
        )
        embed.add_field(name="Opens", value=timestamp(info.opens_at))
        embed.add_field(name="Closes", value=timestamp(info.closes_at))
    return embed


def who_may_vote(info: VoteInfo) -> str:
    """E.g. "Members with the Delegates role — 14 people" (counted once the roll is taken)."""
    text = describe_eligibility(info.spec.eligible_roles, info.roll_size)
    return text[0].upper() + text[1:]


def nominations_embed(info: VoteInfo) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Nominations open — Vote #{info.id}: {info.title}", 256),
        colour=ACCENT,
        description=(
            f"Stand with `/vote nominate vote:{info.id}`, or nominate another member, who "
            f"accepts with `/vote accept vote:{info.id}` and a statement. Candidates stand as "
            "individuals; there are no slates.\n\n" + rules_text(info)
        ),
    )
    embed.add_field(name="Kind", value=describe_kind(info), inline=False)
    embed.add_field(
        name="Who may vote",
        value=clip(f"{who_may_vote(info)}, as they are when voting opens", FIELD_LIMIT),
        inline=False,
    )
    embed.add_field(name="Nominations close and voting opens", value=timestamp(info.opens_at))
    embed.add_field(name="Voting closes", value=timestamp(info.closes_at))
    return embed


def receipt_text(receipt: CastReceipt) -> str:
    verb = "changed" if receipt.changed else "cast"
    if receipt.tracker is None:
        text = (
            f"Your vote in **{receipt.title}** is {verb}. This is an open vote: who voted "
            "what is published with the result."
        )
    else:
        text = (
            f"Your ballot in **{receipt.title}** is {verb}.\n"
            f"Your private tracker: `{receipt.tracker}`\n"
            "Keep it to yourself: it is shown only now and stored nowhere. After the vote "
            "closes, `/vote verify` finds your ballot in the published file."
        )
        if receipt.changed:
            text += " Your earlier tracker no longer counts."
    if receipt.changeable:
        text += f"\nYou can change your ballot until {timestamp(receipt.closes_at)}."
    return text


def _code_block(lines: Sequence[str]) -> str:
    """A monospace table that fits a field, cut at a line boundary."""
    kept: list[str] = []
    room = FIELD_LIMIT - 10
    for line in lines:
        if room - len(line) - 1 < 0:
            kept.append("…")
            break
        kept.append(line)
        room -= len(line) + 1
    return "```\n" + "\n".join(kept) + "\n```"


def _table(rows: Sequence[tuple[str, float]]) -> str:
    width = max((len(clip(name, 24)) for name, _ in rows), default=0)
    return _code_block([f"{clip(name, 24):<{width}}  {votes:g}" for name, votes in rows])


def _stage_table(outcome: VoteOutcome) -> str:
    names = [name for name, _ in outcome.stages[0].totals]
    header = "Stage".ljust(26) + " ".join(clip(n, 9).rjust(9) for n in names)
    lines = [header]
    for stage in outcome.stages:
        totals = dict(stage.totals)
        label = clip(f"{stage.number}. {stage.label}", 26).ljust(26)
        lines.append(label + " ".join(f"{totals.get(n, 0):9.2f}" for n in names))
    return _code_block(lines)


def _pairwise_table(outcome: VoteOutcome) -> str:
    lines = [
        f"{clip(p.first, 18)} vs {clip(p.second, 18)}: {p.first_over_second}–{p.second_over_first}"
        for p in outcome.pairwise
    ]
    return "\n".join(lines)


def _stage_sentence(stage: StageRow, quota: float | None) -> str:
    if stage.number == 1:
        text = f"{stage.number}. Every ballot counted for its first choice"
    else:
        text = f"{stage.number}. {stage.label}: those votes passed on to the next choices"
    if stage.elected:
        reached = f"reached the quota ({quota:g})" if quota is not None else "won"
        verb = "is" if len(stage.elected) == 1 else "are"
        text += f"; {', '.join(stage.elected)} {reached} and {verb} elected"
    return text + "."


def count_story(outcome: VoteOutcome) -> str:
    """The count sheet in plain words: the rule, then one sentence per stage."""
    if outcome.quota is not None:
        rule = (
            f"Each ballot counts for its highest choice still in the race. Whoever reaches the "
            f"quota ({outcome.quota:g} votes) is elected, and the votes they do not need (their "
            "surplus) pass on to the next choices on their ballots, at a reduced value. When "
            "nobody reaches it, the candidate with the fewest votes is out and their ballots "
            "pass on to their next choices."
        )
    else:
        rule = (
            "Each ballot counts for its highest choice still in the race. At each stage the "
            "candidate with the fewest votes is out and their ballots pass on to their next "
            "choices, until one candidate has more than half."
        )
    lines = [rule, *(_stage_sentence(stage, outcome.quota) for stage in outcome.stages)]
    return "\n".join(lines)


CLI_METHODS = {"scottish_stv": "scottish-stv"}


def tie_story(info: VoteInfo) -> str:
    """Every tie in plain words; for a draw by lot, how anyone can redo it."""
    outcome = info.outcome
    if outcome is None:
        return ""
    ties = ties_in(outcome.sheet)
    lines = [explain_tie(tie) for tie in ties]
    lots = [tie for tie in ties if tie.get("resolution") == "lot"]
    if not lots:
        return "\n".join(lines)
    seed = outcome.seed
    if info.kind.is_ranked:
        method = CLI_METHODS.get(outcome.method, outcome.method)
        name = f"vote-{info.id}-ballots.{info.published.extension}" if info.published else "FILE"
        lines.append(
            f"The lot was drawn with the number {seed}, fixed when the vote closed. Anyone can "
            "redo the whole count, draws included, from the published ballot file with "
            f"Caucus's open-source counter: `caucus tally {name} --method {method} "
            f"--seed {seed}`."
        )
    else:  # one draw among the tied options, in ballot order
        tied = [str(name) for name in lots[0].get("tied", ())]
        lines.append(
            f"The lot was drawn with the number {seed}, fixed when the vote closed. Anyone can "
            f"redo the draw in Python: `random.Random({seed}).choice({tied!r})` gives "
            f"{lots[0].get('chosen')}."
        )
    return "\n".join(lines)


def result_embed(info: VoteInfo, chart_name: str | None = None) -> discord.Embed:
    outcome = info.outcome
    assert outcome is not None
    embed = discord.Embed(
        title=clip(f"Result — Vote #{info.id}: {info.title}", 256),
        colour=ACCENT,
        description=f"**{outcome.headline}**",
    )
    embed.add_field(
        name="Turnout",
        value=f"{outcome.ballots} of {outcome.roll_size} on the roll "
        f"({outcome.turnout_percent:.1f}%)",
    )
    if outcome.quorum is not None:
        status = "met" if outcome.quorum_met else f"not met ({outcome.ballots_needed} short)"
        embed.add_field(name="Quorum", value=f"{_percent(outcome.quorum)} of the roll: {status}")
    if outcome.threshold is not None:
        embed.add_field(
            name="Threshold",
            value=f"{outcome.threshold}: {'met' if outcome.threshold_met else 'not met'}",
        )
    if outcome.totals and not outcome.stages:
        name = "First preferences" if outcome.pairwise else "Votes"
        embed.add_field(name=name, value=_table(outcome.totals), inline=False)
    if outcome.stages:
        quota = f" (quota {outcome.quota:g})" if outcome.quota is not None else ""
        embed.add_field(
            name=f"Count sheet{quota}",
            value=_stage_table(outcome),
            inline=False,
        )
        embed.add_field(
            name="How the count went",
            value=clip(count_story(outcome), FIELD_LIMIT),
            inline=False,
        )
    if outcome.pairwise:
        embed.add_field(
            name="Head to head (voters preferring each)",
            value=clip(_pairwise_table(outcome), FIELD_LIMIT),
            inline=False,
        )
    if outcome.roll_call:
        lines = [f"<@{member}>: {clip(text, 80)}" for member, text in outcome.roll_call]
        embed.add_field(name="Roll call", value=clip("\n".join(lines), FIELD_LIMIT), inline=False)
    if outcome.notes:
        embed.add_field(
            name="Notes", value=clip("\n".join(outcome.notes), FIELD_LIMIT), inline=False
        )
    footer = (
        "Ballots are in the attached file, shuffled, each under its voter's private tracker."
        if info.spec.secret
        else "Ballots are in the attached file, each under its voter's member id."
    )
    ties = tie_story(info)
    if ties:
        embed.add_field(name="Ties", value=clip(ties, FIELD_LIMIT), inline=False)
    embed.set_footer(text=footer)
    if chart_name:
        embed.set_image(url=f"attachment://{chart_name}")
    return embed


def status_embed(info: VoteInfo, candidates: Sequence[CandidateInfo] = ()) -> discord.Embed:
    """A vote's current state for /vote show: turnout while open, never a running tally."""
    if info.state is VoteState.CLOSED and info.outcome is not None:
        return result_embed(info)
    embed = announcement_embed(info, candidates)
    embed.add_field(name="State", value=STATE_WORDS[info.state])
    if info.state is VoteState.OPEN and info.roll_size:
        embed.add_field(
            name="Turnout so far",
            value=f"{info.ballots_cast} of {info.roll_size} "
            f"({100 * info.ballots_cast / info.roll_size:.0f}%)",
        )
    if info.state is VoteState.NOMINATING and candidates:
        lines = [f"• {c.name} ({NOMINATION_WORDS[c.status]})" for c in candidates]
        embed.add_field(name="Nominations", value=clip("\n".join(lines), FIELD_LIMIT), inline=False)
    if info.cancel_reason:
        embed.add_field(name="Cancelled", value=clip(info.cancel_reason, FIELD_LIMIT), inline=False)
    return embed


def list_embed(votes: Sequence[VoteInfo]) -> discord.Embed:
    embed = discord.Embed(title="Votes", colour=ACCENT)
    if not votes:
        embed.description = "No votes yet."
        return embed
    lines = [f"**#{info.id}** {clip(info.title, 60)} — {_when(info)}" for info in votes]
    embed.description = clip("\n".join(lines), 4000)
    return embed


STATE_WORDS = {
    VoteState.DRAFT: "Scheduled",
    VoteState.NOMINATING: "Taking nominations",
    VoteState.OPEN: "Open",
    VoteState.CLOSED: "Closed",
    VoteState.CANCELLED: "Cancelled",
}
NOMINATION_WORDS = {
    NominationStatus.PENDING: "nominated, not yet accepted",
    NominationStatus.ACCEPTED: "standing",
    NominationStatus.DECLINED: "declined",
    NominationStatus.WITHDRAWN: "withdrew",
}


def _when(info: VoteInfo) -> str:
    if info.state is VoteState.OPEN:
        return f"open, closes {timestamp(info.closes_at, 'R')}"
    if info.state is VoteState.DRAFT:
        return f"opens {timestamp(info.opens_at, 'R')}"
    if info.state is VoteState.NOMINATING:
        return f"taking nominations, voting opens {timestamp(info.opens_at, 'R')}"
    return STATE_WORDS[info.state].lower()


MAX_REPORTS_SHOWN = 5


def add_minority_reports(embed: discord.Embed, reports: Sequence[StoredReport]) -> None:
    """Minority reports filed on a result, beside it (the full texts: /decisions vote:N)."""
    for report in reports[:MAX_REPORTS_SHOWN]:
        by = f" ({report.faction_name})" if report.faction_name else ""
        signers = ", ".join(f"<@{s}>" for s in report.signers)
        embed.add_field(
            name=clip(f"Minority report R{report.id}{by}", 256),
            value=clip(f"{report.text}\n— {signers}", FIELD_LIMIT),
            inline=False,
        )
