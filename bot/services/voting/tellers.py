"""Tellers: k of n named members together open a secret vote's ballots; nobody else can, the
operator included (docs/secret-ballots.md, "Tellers").

* A member registers the public key they made on their own machine (`caucus teller keygen`).
  Members without a registered key cannot be named: a share handed out by the bot would pass
  through the bot in clear, which is exactly what tellers exist to prevent.
* Organizers name tellers for a vote before it opens, and each faction may name one. A vote
  of a guild that asks for tellers does not open without its n tellers: the open is refused
  (the scheduled opening then cancels it on record), never opened silently without them.
* At the open the vote's key is dealt to the tellers' keys (`deal`): the database keeps the
  published dealing, the key file only the link secret, and the opening key exists nowhere.
* After the close each teller uploads a release made offline (`caucus teller release`); each
  is checked against the published commitments and a wrong one is refused naming its teller.
  Releases are stored (fewer than k reveal nothing) so a restart between them loses none;
  once k are in the count runs, and the releases are dropped with the other secrets.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import secrets

from bot.db import jobs as job_repo
from bot.db import tellers as repo
from bot.db import voting as vote_repo
from bot.db.session import DbSession
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.teller_file import PublishedDealing, PublishedTeller
from bot.domain.voting.tellers import (
    Release,
    TellerError,
    TellerPublicKey,
    WrongReleaseError,
    check_release,
    combine,
    deal,
)
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import Conflict, UserError
from bot.services.actors import (
    Actor,
    guild_settings,
    require_member,
)
from bot.services.voting.records import job_id
from bot.services.voting.teller_records import (
    COUNT_JOB,
    DEADLINE_JOB,
    TELLER_RELEASED,
    TELLERS_DEALT,
    CountGate,
    ReleaseRefused,
    TellersMissing,
    TellerStatus,
    vote_context,
)
from bot.services.voting.teller_roster import TellerRoster

log = logging.getLogger(__name__)


class TellerService(TellerRoster):
    # -- dealing at the open -------------------------------------------------------------

    async def deal_at_open(
        self, session: DbSession, guild_id: int, stored: vote_repo.StoredVote
    ) -> bool:
        """Called inside the open's transaction. Deals a fresh vote key to the named tellers,
        stores the published dealing, points the vote at the dealt public key and rewrites the
        key file with only the link secret. False when the guild has no tellers or the vote
        is not secret; raises Conflict when tellers are missing (the vote does not open)."""
        config = guild_settings(self.core.settings, guild_id).tellers
        if not config.enabled or not stored.spec.secret:
            return False
        named = await repo.tellers(session, stored.id)
        if len(named) < config.count:
            missing = config.count - len(named)
            raise TellersMissing(
                f"This vote needs {config.count} tellers and {len(named)} "
                f"{'is' if len(named) == 1 else 'are'} named ({missing} missing): a secret "
                "vote here is counted only by its tellers. Name them with `/teller name`."
            )
        published_tellers = tuple(
            PublishedTeller(t.number, t.name, TellerPublicKey.decode(t.public_key)) for t in named
        )
        context = vote_context(guild_id, stored.id, secrets.token_hex(8))
        dealing = deal([t.key for t in published_tellers], config.threshold)
        published = PublishedDealing(context, published_tellers, dealing)
        deadline = stored.closes_at + dt.timedelta(hours=config.release_deadline_hours)
        await repo.store_dealing(
            session,
            stored.id,
            config.threshold,
            json.dumps(published.to_json(), sort_keys=True),
            deadline,
        )
        await vote_repo.update_vote(session, stored.id, public_key=dealing.public_key)
        ident = job_id(DEADLINE_JOB, stored.id)
        await job_repo.upsert(
            session,
            ident,
            guild_id=guild_id,
            kind=DEADLINE_JOB,
            due_at=deadline,
            payload={"vote_id": stored.id},
        )
        self.core.scheduler.arm(ident, deadline)
        await self.audit.record(
            session,
            guild_id=guild_id,
            actor_id=None,
            action=TELLERS_DEALT,
            details={
                "vote": stored.id,
                "threshold": config.threshold,
                "tellers": [
                    {"number": t.number, "name": t.name, "fingerprint": t.key.fingerprint}
                    for t in published_tellers
                ],
            },
        )
        # Written last, just before the commit (as at creation): the old key file, with an
        # opening key no ballot was sealed to, is overwritten and unlinked by `store`.
        await asyncio.to_thread(
            self.keys.store,
            "vote",
            guild_id,
            stored.id,
            VoteSecrets.for_tellers(dealing.public_key),
        )
        return True

    # -- releases ------------------------------------------------------------------------

    async def release(self, actor: Actor, vote_id: int, text: str) -> TellerStatus:
        """Store a teller's release after the close, once checked. Anyone on the server may
        upload it (a teller who left can send theirs to someone): the teller's signature, not
        the uploader, is what makes it theirs."""
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        try:
            release = Release.decode(text)
        except TellerError as error:
            raise UserError(
                f"That file is not a release: {error}. Upload the file "
                "`caucus teller release` wrote."
            ) from None
        now = self.core.clock.now()
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await self._vote(session, actor.guild_id, vote_id)
            found = await repo.dealing(session, vote_id)
            if found is None:
                raise Conflict("This vote has no tellers: there is nothing to release.")
            if stored.state is not VoteState.OPEN:
                raise Conflict(f"This vote is {stored.state.value}: releases are no longer taken.")
            if now < stored.closes_at:
                raise Conflict(
                    "Voting is still going on: releases are taken only after the close, so "
                    "nobody can open the ballots early."
                )
            published = PublishedDealing.from_json(json.loads(found.published))
            named = await repo.tellers(session, vote_id)
            try:
                check_release(
                    published.context, published.dealing, published.teller_keys(), release
                )
            except WrongReleaseError as error:
                who = next((t.name for t in named if t.number == error.teller), None)
                label = who or f"teller number {error.teller}"
                raise ReleaseRefused(
                    f"The release of {label} is refused: {error.reason}. Nothing was stored."
                ) from None
            teller = next(t for t in named if t.number == release.teller)
            if teller.release is None:
                await repo.store_release(session, vote_id, teller.number, release.encode(), now)
                await self.audit.record(
                    session,
                    guild_id=actor.guild_id,
                    actor_id=actor.member_id,
                    action=TELLER_RELEASED,
                    details={"vote": vote_id, "teller": teller.member_id, "number": teller.number},
                )
            status = await self._status(session, stored)
            if status.complete:
                # Queued in the release's own transaction: a crash after the commit still
                # counts (the job reruns); the count itself runs off the interaction.
                ident = job_id(COUNT_JOB, vote_id)
                await job_repo.upsert(
                    session,
                    ident,
                    guild_id=actor.guild_id,
                    kind=COUNT_JOB,
                    due_at=now,
                    payload={"vote_id": vote_id},
                )
        if status.complete:
            self.core.scheduler.arm(job_id(COUNT_JOB, vote_id), now)
        return status

    async def gate(self, guild_id: int, vote_id: int) -> CountGate:
        """Before the close counts: whether this is a teller vote, and if so the key its
        releases rebuild (None while fewer than k are in). While waiting, the ballot box is
        shut (the vote's closing time becomes now if it was later). The deadline job
        (DEADLINE_JOB, armed at the open) comes back to tell the organizers."""
        async with self.core.sessions.begin() as session:
            found = await repo.dealing(session, vote_id)
            if found is None:
                return CountGate(teller_vote=False)
            published = PublishedDealing.from_json(json.loads(found.published))
            releases = [
                Release.decode(t.release)
                for t in await repo.tellers(session, vote_id)
                if t.release is not None
            ]
            if len(releases) >= found.threshold:
                for release in releases:  # checked when stored; checked again, cheaply
                    check_release(
                        published.context, published.dealing, published.teller_keys(), release
                    )
                return CountGate(teller_vote=True, key=combine(published.dealing, releases))
            stored = await vote_repo.get_vote(session, vote_id)
            now = self.core.clock.now()
            if stored is not None and stored.state is VoteState.OPEN and now < stored.closes_at:
                await vote_repo.update_vote(session, vote_id, closes_at=now)
            return CountGate(teller_vote=True)

    async def forget_releases(self, session: DbSession, vote_id: int) -> None:
        await repo.forget_releases(session, vote_id)
