"""The tellers' roster: who registered a teller key, who is named for which vote, and what a
vote's tellers have released so far (docs/secret-ballots.md, "Tellers"). TellerService adds
the dealing at the open and the releases at the count."""

from __future__ import annotations

import logging

from bot.db import tellers as repo
from bot.db import voting as vote_repo
from bot.db.factions import membership as faction_repo
from bot.db.session import DbSession
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.tellers import (
    TellerPublicKey,
)
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services.actors import (
    Actor,
    guild_settings,
    is_organizer,
    require_member,
)
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.voting.keys import BallotKeyring
from bot.services.voting.teller_records import (
    TELLER_NAMED,
    TELLER_REGISTERED,
    TELLER_REMOVED,
    TellerEntry,
    TellerStatus,
    parse_key,
)

log = logging.getLogger(__name__)


class TellerRoster:
    def __init__(self, core: Core, audit: AuditService, keys: BallotKeyring) -> None:
        self.core = core
        self.audit = audit
        self.keys = keys

    # -- the registry --------------------------------------------------------------------

    async def register(self, actor: Actor, key_text: str) -> str:
        """Register (or replace) the actor's teller key; returns its fingerprint."""
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        key = parse_key(key_text)
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

    async def _own_faction(self, session: DbSession, actor: Actor, name: str) -> int:
        wanted = name.strip().casefold()
        for stored in await faction_repo.list_factions(session, actor.guild_id):
            if stored.name.casefold() == wanted and stored.is_live:
                if actor.member_id not in stored.faction.members:
                    raise NotAllowed(f"Only a member of {stored.name} names its teller.")
                return stored.id
        raise NotFound(f"There is no active faction called {name!r}.")

    # -- reading -------------------------------------------------------------------------

    async def status(self, guild_id: int, vote_id: int) -> TellerStatus:
        async with self.core.sessions() as session:
            stored = await self._vote(session, guild_id, vote_id)
            return await self._status(session, stored)

    async def is_teller_vote(self, guild_id: int, vote_id: int) -> bool:
        async with self.core.sessions() as session:
            return await repo.dealing(session, vote_id) is not None

    async def _vote(self, session: DbSession, guild_id: int, vote_id: int) -> vote_repo.StoredVote:
        stored = await vote_repo.get_vote(session, vote_id)
        if stored is None or stored.guild_id != guild_id:
            raise NotFound(f"There is no vote #{vote_id} in this server.")
        return stored

    async def _status(self, session: DbSession, stored: vote_repo.StoredVote) -> TellerStatus:
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
