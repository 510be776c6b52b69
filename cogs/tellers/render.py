"""How tellers appear to members: the list on an announcement, the status, the dealing file."""

from __future__ import annotations

import io

import discord

from bot.services.voting.teller_records import TellerStatus
from bot.ui.format import clip, timestamp

DEALING_NAME = "vote-{vote}-tellers.json"


def teller_lines(status: TellerStatus, *, with_releases: bool) -> str:
    lines = []
    for teller in status.tellers:
        named = f" (named by {clip(teller.faction, 40)})" if teller.faction else ""
        mark = ""
        if with_releases:
            mark = " — released" if teller.released else " — not yet"
        lines.append(
            f"{teller.number}. **{clip(teller.name, 60)}**{named} `{teller.fingerprint}`{mark}"
        )
    return "\n".join(lines) or "(none named yet)"


def announcement_field(status: TellerStatus) -> tuple[str, str]:
    """The field a teller vote's announcement carries."""
    value = (
        f"Any {status.threshold} of these {len(status.tellers)} open the ballots after the "
        "close; nobody else can, the bot's operator included. Tellers: check your "
        "fingerprint, and keep the attached file.\n" + teller_lines(status, with_releases=False)
    )
    return "Tellers", clip(value, 1024)


def dealing_file(status: TellerStatus) -> discord.File | None:
    if status.dealing_json is None:
        return None
    return discord.File(
        io.BytesIO(status.dealing_json.encode()),
        filename=DEALING_NAME.format(vote=status.vote_id),
    )


def status_text(status: TellerStatus) -> str:
    head = f"**Tellers of vote #{status.vote_id}: {clip(status.title, 100)}**\n"
    if not status.dealt:
        return head + (
            f"{len(status.tellers)} of {status.count} named (the vote opens only with all "
            f"{status.count}; any {status.threshold} count it).\n"
            + teller_lines(status, with_releases=False)
        )
    deadline = f" Deadline {timestamp(status.deadline, 'R')}." if status.deadline else ""
    return head + (
        f"{status.released} of the {status.threshold} releases needed are in.{deadline}\n"
        + teller_lines(status, with_releases=True)
    )
