"""A convention's minutes as Markdown, with the tally files of its votes: the agenda, each
text as moved and as finally put with its amendments and their results, elections with their
count sheets, reports with their minority reports, attendance, and the audit log's head.
Written from the record alone: the same view gives the same minutes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.conventions import StoredAmendment
from bot.domain.audit import VerificationReport
from bot.domain.conventions.agenda import ItemKind, Quorum
from bot.domain.conventions.amendments import AmendmentResult, diff_lines
from bot.domain.conventions.text import numbered
from bot.services.conventions.records import ConventionView, ItemView
from bot.services.voting.records import VoteInfo


@dataclass(frozen=True)
class Minutes:
    name: str  # the Markdown file's name
    markdown: str
    tally_files: dict[str, str]  # file name -> the vote's published ballot file


def tally_name(info: VoteInfo) -> str | None:
    if info.published is None:
        return None
    return f"vote-{info.id}-ballots.{info.published.extension}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.5g}"


def vote_lines(info: VoteInfo | None) -> list[str]:
    """The result of one vote as Markdown lines: outcome, turnout, totals, count sheet."""
    if info is None:
        return ["- No vote was held."]
    if info.state.value == "cancelled":
        return [f"- Vote #{info.id} was cancelled: {info.cancel_reason or 'no reason given'}."]
    if info.outcome is None:
        return [f"- Vote #{info.id} is {info.state.value}; no result yet."]
    outcome = info.outcome
    out = [
        f"- Vote #{info.id} ({'secret ballot' if info.spec.secret else 'roll call'}): "
        f"**{outcome.headline}**",
        f"- Turnout: {outcome.ballots} of {outcome.roll_size} on the roll",
    ]
    if outcome.totals:
        totals = ", ".join(f"{name} {_number(votes)}" for name, votes in outcome.totals)
        out.append(f"- Votes: {totals}")
    if outcome.quota is not None:
        out.append(f"- Quota: {_number(outcome.quota)}")
    for stage in outcome.stages:
        totals = ", ".join(f"{name} {_number(votes)}" for name, votes in stage.totals)
        moves = [f"elected {', '.join(stage.elected)}"] if stage.elected else []
        moves += [f"excluded {', '.join(stage.excluded)}"] if stage.excluded else []
        extra = f" — {'; '.join(moves)}" if moves else ""
        out.append(f"  - Stage {stage.number} ({stage.label}): {totals}{extra}")
    if outcome.winners and info.spec.kind.value == "election":
        out.append(f"- Elected: {', '.join(outcome.winners)}")
    name = tally_name(info)
    if name is not None:
        out.append(f"- Ballot file: `{name}`")
    return out


def _fence(lines: list[str], language: str = "") -> list[str]:
    body = [line.replace("```", "'''") for line in lines]
    return [f"```{language}", *body, "```"]


def _amendment_heading(entry: ItemView, amendment: StoredAmendment) -> str:
    result = amendment.result.value
    if amendment.result is AmendmentResult.LAPSED:
        result = f"lapsed (amendment {amendment.lapsed_by}, carried, had changed its lines)"
    elif amendment.result is AmendmentResult.UNSUPPORTED:
        result = "not voted (too few co-signers)"
    return f"#### Amendment {amendment.number}: {amendment.change.describe()} — {result}"


def _text_item(entry: ItemView) -> list[str]:
    item = entry.item
    out = ["", "### Text as moved", "", *_fence(numbered(entry.lines))]
    order = entry.in_voting_order()
    if order:
        out += ["", "### Amendments, in the order they were taken"]
    for amendment in order:
        cosigners = ", ".join(c.name for c in amendment.cosigners) or "nobody"
        out += [
            "",
            _amendment_heading(entry, amendment),
            "",
            f"Proposed by {amendment.proposer_name}; co-signed by {cosigners}.",
            "",
            *_fence(diff_lines(entry.lines, amendment.change), "diff"),
            "",
        ]
        if amendment.vote_id is not None:
            out += vote_lines(entry.votes.get(amendment.vote_id))
    if item.final_text is not None:
        final = item.final_text.split("\n") if item.final_text else []
        out += ["", "### Text as finally put", "", *_fence(numbered(final))]
    if item.vote_id is not None:
        out += ["", f"### The {item.kind.value} as amended", ""]
        out += vote_lines(entry.votes.get(item.vote_id))
    return out


def _item_lines(entry: ItemView) -> list[str]:
    item = entry.item
    out = ["", f"## Item {item.position}: {item.title} ({item.kind.value}, {item.state.value})"]
    if item.kind.has_text:
        return out + _text_item(entry)
    if item.kind is ItemKind.ELECTION:
        return [*out, "", *vote_lines(entry.votes.get(item.vote_id or -1))]
    if item.body:
        out += ["", *[f"> {line}" if line else ">" for line in item.body.split("\n")]]
    if item.minority:
        out += ["", "### Minority reports"]
        for report in item.minority:
            out += ["", f"By {report.author}:", ""]
            out += [f"> {line}" if line else ">" for line in report.text.split("\n")]
    else:
        out += ["", "No minority report was filed."]
    return out


def render_minutes(view: ConventionView, quorum: Quorum, audit: VerificationReport) -> Minutes:
    convention = view.convention
    out = [
        f"# Minutes of {convention.title}",
        "",
        f"- Convention #{convention.id}, {convention.state.value}",
        f"- From {convention.starts_at:%Y-%m-%d %H:%M} to {convention.ends_at:%Y-%m-%d %H:%M} UTC",
        f"- Quorum: {quorum.describe()} checked in",
        "",
        "## Attendance",
        "",
        f"{len(view.checkins)} members checked in"
        + (f": {', '.join(c.name for c in view.checkins)}." if view.checkins else "."),
        "",
        "## Agenda",
        "",
    ]
    out += [
        f"{e.item.position}. {e.item.title} ({e.item.kind.value}) — {e.item.state.value}"
        for e in view.items
    ]
    for entry in view.items:
        out += _item_lines(entry)
    files: dict[str, str] = {}
    for entry in view.items:
        for info in entry.votes.values():
            name = tally_name(info)
            if name is not None and info.published is not None:
                files[name] = info.published.text
    out += ["", "## Tally files", ""]
    out += [f"- `{name}`" for name in sorted(files)] or ["- None (no vote was counted)."]
    out += ["", "## Audit log", ""]
    out += [f"- {line}" for line in audit.lines()]
    if audit.head is not None:
        out.append(f"- Head: entry {audit.head.seq}, hash `{audit.head.hash}`")
    return Minutes(f"convention-{convention.id}-minutes.md", "\n".join(out) + "\n", files)
