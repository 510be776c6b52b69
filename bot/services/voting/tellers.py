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
from dataclasses import dataclass

from nacl.public import PrivateKey
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import jobs as job_repo
from bot.db import tellers as repo
from bot.db import voting as vote_repo
from bot.db.factions import membership as faction_repo
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.tellers import (
    PublishedDealing,
    PublishedTeller,
    Release,
    TellerError,
    TellerPublicKey,
    WrongReleaseError,
    check_release,
    combine,
    deal,
)
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.actors import (
    Actor,
    guild_settings,
    is_organizer,
    require_member,
)
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.voting.keys import BallotKeyring
from bot.services.voting.records import job_id

DEADLINE_JOB = "tellers-deadline"  # the release deadline: organizers told if fewer than k
COUNT_JOB = "tellers-count"  # the count, queued with the k-th release (same transaction)
TELLER_REGISTERED = "teller.registered"
TELLER_NAMED = "teller.named"
TELLER_REMOVED = "teller.removed"
TELLERS_DEALT = "tellers.dealt"
TELLER_RELEASED = "teller.released"

log = logging.getLogger(__name__)


class TellersMissing(Conflict):
    """A teller vote is due to open but not all its tellers are named: it waits (in draft)
    and opens once the last is named."""


class ReleaseRefused(UserError):
    """A release file that is not a valid release of this vote's teller; names the teller."""


@dataclass(frozen=True)
class TellerEntry:
    number: int
    member_id: int
    name: str
    fingerprint: str
    faction: str | None
    released: bool


@dataclass(frozen=True)
class TellerStatus:
    """What the vote shows about its tellers (names, fingerprints, who has released)."""

    vote_id: int
    title: str
    count: int
    threshold: int
    tellers: tuple[TellerEntry, ...]
    dealt: bool
    deadline: dt.datetime | None
    dealing_json: str | None

    @property
    def released(self) -> int:
        return sum(1 for t in self.tellers if t.released)

    @property
    def complete(self) -> bool:
        return self.dealt and self.released >= self.threshold

    def released_names(self) -> list[str]:
        return [t.name for t in self.tellers if t.released]

    def waiting_names(self) -> list[str]:
        return [t.name for t in self.tellers if not t.released]


@dataclass(frozen=True)
class CountGate:
    """What the close needs to know about a vote's tellers: not a teller vote (`teller_vote`
    false), a teller vote still waiting for releases, or the key k releases rebuilt."""

    teller_vote: bool
    key: PrivateKey | None = None

    @property
    def waiting(self) -> bool:
        return self.teller_vote and self.key is None


def vote_context(guild_id: int, vote_id: int, nonce: str) -> str:
    """What every release of this vote is signed over: a release for another vote (or another
    database's vote with the same number) does not check."""
    return f"caucus-vote:{guild_id}:{vote_id}:{nonce}"


def _parse_key(text: str) -> TellerPublicKey:
    try:
        return TellerPublicKey.decode(text)
    except TellerError as error:
        raise UserError(
            f"That is not a teller public key: {error}. Paste the whole line "
            "`caucus teller keygen` printed after “public key:”."
        ) from None


class TellerService:
    def __init__(self, core: Core, audit: AuditService, keys: BallotKeyring) -> None:
        self.core = core
        self.audit = audit
        self.keys = keys

    # -- the registry --------------------------------------------------------------------

    async def register(self, actor: Actor, key_text: str) -> str:
        """Register (or replace) the actor's teller key; returns its fingerprint."""
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        key = _parse_key(key_text)
        async with self.audit.transaction(actor.guild_id) as session:
            await repo.register_key(
                session, actor.guild_id, actor.member_id, key.encode(), self.core.clock.now()
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=TELLER_REGISTERED,
                details={"fingerprint": key.fingerprint},
            )
        return key.fingerprint

    async def fingerprint_of(self, guild_id: int, member_id: int) -> str | None:
        async with self.core.sessions() as session:
            text = await repo.registered_key(session, guild_id, member_id)
        return None if text is None else TellerPublicKey.decode(text).fingerprint

    # -- naming tellers for a vote -------------------------------------------------------

    async def name(
        self,
        actor: Actor,
        vote_id: int,
        member_id: int,
        member_name: str,
        *,
        faction: str | None = None,
    ) -> TellerStatus:
        """Name a teller for a vote that has not opened yet: organizers, or (with `faction`)
        a member of that faction, once per faction."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        config = guild.tellers
        if not config.enabled:
            raise Conflict(
                "This server has no tellers: its config sets none ([guilds.tellers] count)."
            )
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await self._vote(session, actor.guild_id, vote_id)
            if not stored.spec.secret:
                raise Conflict(
                    "Only a secret vote has tellers: a roll-call vote's ballots are open."
                )
            if stored.state not in (VoteState.DRAFT, VoteState.NOMINATING):
                raise Conflict("Tellers are named before a vote opens; this one already has.")
            faction_id: int | None = None
            if faction is None:
                if not is_organizer(actor, guild):
                    raise NotAllowed(
                        "Only organizers name tellers, or a faction's member for their faction "
                        "(give the faction's name)."
                    )
            else:
                faction_id = await self._own_faction(session, actor, faction)
            named = await repo.tellers(session, vote_id)
            if faction_id is not None and any(t.faction_id == faction_id for t in named):
                raise Conflict(f"{faction} has already named its teller for this vote.")
            if any(t.member_id == member_id for t in named):
                raise Conflict(f"{member_name} is already a teller of this vote.")
            if len(named) >= config.count:
                raise Conflict(f"This vote already has its {config.count} tellers.")
            key_text = await repo.registered_key(session, actor.guild_id, member_id)
            if key_text is None:
                raise Conflict(
                    f"{member_name} has no teller key registered. They make one on their own "
                    "computer with `caucus teller keygen` and register it with `/teller "
                    "register`; the bot never makes or holds a teller's secret key."
                )
            number = await repo.add_teller(
                session,
                vote_id=vote_id,
                member_id=member_id,
                name=member_name,
                public_key=key_text,
                named_by=actor.member_id,
                faction_id=faction_id,
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=TELLER_NAMED,
                details={
                    "vote": vote_id,
                    "teller": member_id,
                    "number": number,
                    "faction": faction,
                },
                as_organizer=faction is None,
            )
            return await self._status(session, stored)

    async def remove(self, actor: Actor, vote_id: int, member_id: int) -> TellerStatus:
        """Before the open: organizers remove a teller they named; a faction's member, their
        faction's teller."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await self._vote(session, actor.guild_id, vote_id)
            if stored.state not in (VoteState.DRAFT, VoteState.NOMINATING):
                raise Conflict("The tellers of an open vote hold its key; they stay.")
            found = [t for t in await repo.tellers(session, vote_id) if t.member_id == member_id]
            if not found:
                raise NotFound("That member is not a teller of this vote.")
            teller = found[0]
            if teller.faction_id is None:
                if not is_organizer(actor, guild):
                    raise NotAllowed("Only organizers remove a teller they named.")
            else:
                faction_row = await faction_repo.get_faction(session, teller.faction_id)
                mine = faction_row is not None and actor.member_id in faction_row.faction.members
                if not (mine or is_organizer(actor, guild)):
                    raise NotAllowed("Only the faction that named this teller removes them.")
            await repo.remove_teller(session, vote_id, teller.number)
            await repo.renumber(session, vote_id)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=TELLER_REMOVED,
                details={"vote": vote_id, "teller": member_id},
            )
            return await self._status(session, stored)

    async def _own_faction(self, session: AsyncSession, actor: Actor, name: str) -> int:
        wanted = name.strip().casefold()
        for stored in await faction_repo.list_factions(session, actor.guild_id):
            if stored.name.casefold() == wanted and stored.is_live:
                if actor.member_id not in stored.faction.members:
                    raise NotAllowed(f"Only a member of {stored.name} names its teller.")
                return stored.id
        raise NotFound(f"There is no active faction called {name!r}.")

    # -- dealing at the open -------------------------------------------------------------

    async def deal_at_open(
        self, session: AsyncSession, guild_id: int, stored: vote_repo.StoredVote
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

    async def forget_releases(self, session: AsyncSession, vote_id: int) -> None:
        await repo.forget_releases(session, vote_id)

    # -- reading -------------------------------------------------------------------------

    async def status(self, guild_id: int, vote_id: int) -> TellerStatus:
        async with self.core.sessions() as session:
            stored = await self._vote(session, guild_id, vote_id)
            return await self._status(session, stored)

    async def is_teller_vote(self, guild_id: int, vote_id: int) -> bool:
        async with self.core.sessions() as session:
            return await repo.dealing(session, vote_id) is not None

    async def _vote(
        self, session: AsyncSession, guild_id: int, vote_id: int
    ) -> vote_repo.StoredVote:
        stored = await vote_repo.get_vote(session, vote_id)
        if stored is None or stored.guild_id != guild_id:
            raise NotFound(f"There is no vote #{vote_id} in this server.")
        return stored

    async def _status(self, session: AsyncSession, stored: vote_repo.StoredVote) -> TellerStatus:
        config = guild_settings(self.core.settings, stored.guild_id).tellers
        found = await repo.dealing(session, stored.id)
        named = await repo.tellers(session, stored.id)
        factions: dict[int, str] = {}
        for teller in named:
            if teller.faction_id is not None and teller.faction_id not in factions:
                faction_row = await faction_repo.get_faction(session, teller.faction_id)
                factions[teller.faction_id] = faction_row.name if faction_row else "a faction"
        entries = tuple(
            TellerEntry(
                number=t.number,
                member_id=t.member_id,
                name=t.name,
                fingerprint=TellerPublicKey.decode(t.public_key).fingerprint,
                faction=factions.get(t.faction_id) if t.faction_id is not None else None,
                released=t.release is not None
                or (stored.state is VoteState.CLOSED and t.released_at is not None),
            )
            for t in named
        )
        return TellerStatus(
            vote_id=stored.id,
            title=stored.spec.title,
            count=config.count if found is None else len(named),
            threshold=config.threshold if found is None else found.threshold,
            tellers=entries,
            dealt=found is not None,
            deadline=None if found is None else found.deadline,
            dealing_json=None if found is None else found.published,
        )
