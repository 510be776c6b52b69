"""The start-up check of ballot keys (docs/secret-ballots.md, "Key lifecycle").

Before the bot takes any interaction: every secret vote still open (or not yet open) and
every undecided member vote with sealed ballots must have its key file, readable with the
master key. If not, the bot refuses to start and says which votes and what to restore;
it never makes a new master key while votes depend on one. An operator who knows a key is
gone for good can start with CAUCUS_ABANDON_VOTES_WITH_LOST_KEYS=1: those secret votes are
then cancelled with the reason (audited), instead of staying open for ever.

It also moves the wrapped private keys of votes created before key files into key files (so
they stay countable after the upgrade), and destroys key files no vote needs any more (a
close that crashed between its commit and the destroy).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from bot.db import voting as repo
from bot.db.factions import votes as faction_repo
from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.keyfile import destroy_key_file
from bot.domain.voting.secrecy import BallotOpener
from bot.domain.voting.vote_keys import VoteSecrets
from bot.services.voting.bundle import VotingServices
from bot.services.voting.keys import Scope, parse_key_file_name

ABANDON_ENV = "CAUCUS_ABANDON_VOTES_WITH_LOST_KEYS"
# A key file younger than this may belong to a vote another process is creating right now.
STALE_AFTER_SECONDS = 600.0

log = logging.getLogger(__name__)


class BallotKeysUnavailable(RuntimeError):
    """Votes depend on keys this bot cannot read: it must not start."""


def _name(scope: Scope, vote_id: int) -> str:
    return f"vote #{vote_id}" if scope == "vote" else f"member vote F{vote_id}"


async def check_ballot_keys(voting: VotingServices, environ: Mapping[str, str]) -> None:
    keys = voting.keys
    sessions = voting.votes.core.sessions
    async with sessions() as session:
        secret_votes = await repo.votes_needing_keys(session)
        member_votes = await faction_repo.sealed_votes_needing_keys(session)
    needed: dict[tuple[Scope, int, int], bytes] = {}
    for vote in secret_votes:
        needed[("vote", vote.guild_id, vote.id)] = vote.public_key
    for vote_id, guild_id, public_key in member_votes:
        needed[("faction", guild_id, vote_id)] = public_key
    if needed and not keys.has_master_key():
        names = ", ".join(_name(s, v) for s, _, v in needed)
        raise BallotKeysUnavailable(
            f"{len(needed)} secret vote(s) depend on the ballot master key ({names}), but "
            f"neither $CAUCUS_BALLOT_MASTER_KEY nor {keys.key_file} exists. Restore the key "
            "file from your backup; Caucus will not make a new one while votes need it."
        )
    await _move_wrapped_keys(voting, secret_votes)
    lost: list[tuple[Scope, int, int, str]] = []
    for (scope, guild_id, vote_id), public_key in needed.items():
        try:
            keys.secrets(scope, guild_id, vote_id, public_key)
        except SecrecyError as error:
            lost.append((scope, guild_id, vote_id, str(error)))
    if lost:
        abandon = environ.get(ABANDON_ENV, "") in ("1", "true", "yes")
        abandonable = [item for item in lost if item[0] == "vote"]
        if not abandon or len(abandonable) != len(lost):
            details = "; ".join(reason for *_, reason in lost)
            raise BallotKeysUnavailable(
                f"Cannot read the ballot keys of {len(lost)} vote(s): {details} Restore "
                f"{keys.key_directory} and the master key from your backup, or, if they are "
                f"gone for good, start once with {ABANDON_ENV}=1 to cancel those secret votes "
                "(their ballots cannot be counted)."
            )
        for _, guild_id, vote_id, reason in abandonable:
            log.error("cancelling vote %d: its ballot key is lost (%s)", vote_id, reason)
            await voting.closing.abandon_keyless(guild_id, vote_id)
    _sweep(voting, set(needed))


async def _move_wrapped_keys(voting: VotingServices, votes: list[repo.KeyedVote]) -> None:
    """Votes created before key files keep their private key wrapped in the database: move it
    into a (legacy-format) key file, then null the column."""
    legacy = [v for v in votes if v.wrapped_private_key is not None]
    if not legacy:
        return
    master = voting.keys.master_key()
    for vote in legacy:
        assert vote.wrapped_private_key is not None
        opener = BallotOpener.from_wrapped(vote.wrapped_private_key, master)
        voting.keys.store("vote", vote.guild_id, vote.id, VoteSecrets.legacy(opener.raw_key))
        async with voting.votes.core.sessions.begin() as session:
            await repo.update_vote(session, vote.id, wrapped_private_key=None)
        log.info("moved the key of vote %d into its key file", vote.id)


def _sweep(voting: VotingServices, needed: set[tuple[Scope, int, int]]) -> None:
    now = time.time()
    for path in voting.keys.vote_key_files():
        parsed = parse_key_file_name(path)
        if parsed is None or parsed in needed:
            continue
        if now - path.stat().st_mtime < STALE_AFTER_SECONDS:
            continue
        destroy_key_file(path)
        log.info("destroyed the key file %s: no open vote needs it", path.name)
