"""Founding, joining, leaving, editing and looking up factions. Every change is audited.

Founding takes two steps so nobody is listed in a faction without saying yes: the founder
names the co-founders the config asks for, and the faction exists once each has agreed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.db import factions as repo
from bot.db.session import DbSession
from bot.domain.audit import AuditAction
from bot.domain.factions import (
    Faction,
    create_faction,
    join_faction,
    leave_faction,
    name_key,
    update_description,
    update_platform,
)
from bot.domain.factions.model import require_member
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services.actors import Actor, guild_settings, is_member
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.factions.common import (
    FOUNDING_WINDOW,
    as_user_errors,
    enabled_guild,
    faction_rules,
    find_faction,
    member_guild,
)
from bot.services.factions.records import (
    FoundingResult,
    LeaveResult,
    MemberVoteOutcome,
    StoredFaction,
)

FACTION_DESCRIPTION_UPDATED = "faction.description_updated"


class MembershipService:
    def __init__(self, core: Core, audit: AuditService) -> None:
        self.core = core
        self.audit = audit

    # -- founding -----------------------------------------------------------------------------

    async def _names_taken(self, session: DbSession, guild_id: int, skip: int = 0) -> list[Faction]:
        """Live factions and foundings still waiting for co-founders: both hold their name."""
        now = self.core.clock.now()
        return [
            f.faction
            for f in await repo.list_factions(session, guild_id)
            if f.id != skip and (f.is_founded or now - f.faction.created_at < FOUNDING_WINDOW)
        ]

    async def create(
        self,
        actor: Actor,
        *,
        name: str,
        description: str,
        platform: str,
        co_founders: Sequence[Actor],
    ) -> FoundingResult:
        """Start a faction; it is founded when every named co-founder agrees (or at once when
        the config asks for none)."""
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        rules = faction_rules(guild.factions)
        now = self.core.clock.now()
        eligible = {actor.member_id} | {c.member_id for c in co_founders if is_member(c, guild)}
        co_ids = [c.member_id for c in co_founders]
        async with self.audit.transaction(actor.guild_id) as session:
            with as_user_errors():
                draft, _ = create_faction(
                    faction_id=0,
                    name=name,
                    description=description,
                    platform=platform,
                    founder_id=actor.member_id,
                    co_founder_ids=co_ids,
                    eligible=eligible,
                    existing=await self._names_taken(session, actor.guild_id),
                    at=now,
                    rules=rules,
                )
            faction_id = await repo.insert_faction(
                session,
                guild_id=actor.guild_id,
                name=draft.name,
                name_key=name_key(draft.name),
                description=draft.description,
                platform=draft.platform,
                created_by=actor.member_id,
                created_at=now,
                invited=co_ids,
            )
            if not co_ids:
                await self._found(session, faction_id)
            stored = await self._get(session, faction_id)
        return FoundingResult(stored, stored.is_founded, stored.invited - stored.agreed)

    async def cofound(self, actor: Actor, faction_id: int) -> FoundingResult:
        """A named co-founder agrees; the last agreement founds the faction."""
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        now = self.core.clock.now()
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await self._get(session, faction_id, actor.guild_id)
            if stored.is_founded:
                raise Conflict(f"{stored.name} is founded already; `/faction join` it instead.")
            if actor.member_id not in stored.invited:
                raise NotAllowed(f"Only the co-founders {stored.name} named can agree to found it.")
            if now - stored.faction.created_at >= FOUNDING_WINDOW:
                raise Conflict(f"The founding of {stored.name} expired; it can be started again.")
            if actor.member_id in stored.agreed:
                raise Conflict(f"You have agreed to found {stored.name} already.")
            agreed = sorted(stored.agreed | {actor.member_id})
            await repo.update_faction(session, faction_id, agreed=agreed)
            if set(agreed) >= stored.invited:
                # The name may have been taken while we waited: check everything again.
                with as_user_errors():
                    create_faction(
                        faction_id=faction_id,
                        name=stored.name,
                        description=stored.faction.description,
                        platform=stored.faction.platform,
                        founder_id=stored.created_by,
                        co_founder_ids=sorted(stored.invited),
                        eligible=stored.invited | {stored.created_by},
                        existing=await self._names_taken(session, actor.guild_id, skip=faction_id),
                        at=now,
                        rules=faction_rules(guild.factions),
                    )
                await self._found(session, faction_id)
            stored = await self._get(session, faction_id)
        return FoundingResult(stored, stored.is_founded, stored.invited - stored.agreed)

    async def _found(self, session: DbSession, faction_id: int) -> None:
        stored = await self._get(session, faction_id)
        now = self.core.clock.now()
        await repo.update_faction(session, faction_id, founded_at=now)
        for member in sorted(stored.invited | {stored.created_by}):
            await repo.add_member(session, faction_id, member, now, founder=True)
        await self.audit.record(
            session,
            guild_id=stored.guild_id,
            actor_id=stored.created_by,
            action=AuditAction.FACTION_CREATED,
            details={
                "faction": faction_id,
                "name": stored.name,
                "founders": [str(m) for m in sorted(stored.invited | {stored.created_by})],
            },
        )

    # -- joining and leaving ------------------------------------------------------------------

    async def join(self, actor: Actor, name: str) -> StoredFaction:
        member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await find_faction(session, actor.guild_id, name)
            with as_user_errors():
                join_faction(
                    stored.faction, actor.member_id, {actor.member_id}, self.core.clock.now()
                )
            await repo.add_member(
                session, stored.id, actor.member_id, self.core.clock.now(), founder=False
            )
            await self._record(session, stored, actor, AuditAction.FACTION_JOINED)
            return await self._get(session, stored.id)

    async def leave(self, actor: Actor, name: str) -> LeaveResult:
        """Anyone may leave, member role or not (a former member can always leave)."""
        enabled_guild(guild_settings(self.core.settings, actor.guild_id))
        now = self.core.clock.now()
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await find_faction(session, actor.guild_id, name)
            with as_user_errors():
                _, left, dissolved = leave_faction(stored.faction, actor.member_id, now)
            await repo.remove_member(session, stored.id, actor.member_id)
            await self._record(
                session, stored, actor, AuditAction.FACTION_LEFT, members_left=left.members_left
            )
            if dissolved is not None:
                await repo.update_faction(session, stored.id, dissolved_at=now)
                await self.close_open_votes(session, stored.id, now)
                await self._record(
                    session,
                    stored,
                    actor,
                    AuditAction.FACTION_DISSOLVED,
                    reason=dissolved.reason.value,
                )
            return LeaveResult(await self._get(session, stored.id), dissolved is not None)

    async def close_open_votes(self, session: DbSession, faction_id: int, now: dt.datetime) -> None:
        """A dissolved faction decides nothing more: its open votes end without effect."""
        stored = await repo.get_faction(session, faction_id)
        assert stored is not None
        for vote in await repo.open_votes(session, stored.guild_id, faction_id=faction_id):
            await repo.update_vote(
                session, vote.id, outcome=MemberVoteOutcome.FAILED.value, decided_at=now
            )

    # -- checks before an upload is downloaded ------------------------------------------------

    def check_may_create(self, actor: Actor) -> None:
        """Refuse a founder who could not found anything, before their file is downloaded."""
        member_guild(actor, guild_settings(self.core.settings, actor.guild_id))

    async def check_may_edit(self, actor: Actor, name: str) -> None:
        """Refuse anyone outside the faction, before their file is downloaded."""
        member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        async with self.core.sessions() as session:
            stored = await find_faction(session, actor.guild_id, name)
        with as_user_errors():
            require_member(stored.faction, actor.member_id, "edit its platform")

    # -- editing ------------------------------------------------------------------------------

    async def edit(
        self, actor: Actor, name: str, *, description: str | None, platform: str | None
    ) -> StoredFaction:
        """Members of the faction edit its description and platform; nobody else can."""
        guild = member_guild(actor, guild_settings(self.core.settings, actor.guild_id))
        rules = faction_rules(guild.factions)
        now = self.core.clock.now()
        if description is None and platform is None:
            raise Conflict("Give a new description, a new platform, or both.")
        async with self.audit.transaction(actor.guild_id) as session:
            stored = await find_faction(session, actor.guild_id, name)
            faction = stored.faction
            with as_user_errors():
                if description is not None:
                    faction, _ = update_description(
                        faction, actor.member_id, description, now, rules
                    )
                    await self._record(
                        session,
                        stored,
                        actor,
                        FACTION_DESCRIPTION_UPDATED,
                        description=faction.description,
                    )
                if platform is not None:
                    old_chars = len(faction.platform)
                    faction, _ = update_platform(faction, actor.member_id, platform, now, rules)
                    await self._record(
                        session,
                        stored,
                        actor,
                        AuditAction.FACTION_PLATFORM_UPDATED,
                        old_chars=old_chars,
                        new_chars=len(faction.platform),
                    )
            await repo.update_faction(
                session, stored.id, description=faction.description, platform=faction.platform
            )
            return await self._get(session, stored.id)

    # -- reading ------------------------------------------------------------------------------

    async def get(self, guild_id: int, name: str) -> StoredFaction:
        async with self.core.sessions() as session:
            return await find_faction(session, guild_id, name, live_only=False)

    async def get_by_id(self, guild_id: int, faction_id: int) -> StoredFaction:
        async with self.core.sessions() as session:
            return await self._get(session, faction_id, guild_id)

    async def live(self, guild_id: int) -> list[StoredFaction]:
        """Founded, live factions, largest first."""
        async with self.core.sessions() as session:
            factions = await repo.list_factions(session, guild_id)
        live = [f for f in factions if f.is_live]
        return sorted(live, key=lambda f: (-f.faction.size, f.name.casefold()))

    async def names(self, guild_id: int) -> list[str]:
        return [f.name for f in await self.live(guild_id)]

    # -- Discord bookkeeping ------------------------------------------------------------------

    async def set_discord(
        self, faction_id: int, *, role_id: int | None = None, channel_id: int | None = None
    ) -> None:
        values = {k: v for k, v in (("role_id", role_id), ("channel_id", channel_id)) if v}
        if values:
            async with self.core.sessions.begin() as session:
                await repo.update_faction(session, faction_id, **values)

    # -- helpers ------------------------------------------------------------------------------

    async def _get(
        self, session: DbSession, faction_id: int, guild_id: int | None = None
    ) -> StoredFaction:
        stored = await repo.get_faction(session, faction_id)
        if stored is None or (guild_id is not None and stored.guild_id != guild_id):
            raise NotFound("That faction does not exist in this server.")
        return stored

    async def _record(
        self,
        session: DbSession,
        stored: StoredFaction,
        actor: Actor,
        action: AuditAction | str,
        **details: object,
    ) -> None:
        await self.audit.record(
            session,
            guild_id=stored.guild_id,
            actor_id=actor.member_id,
            action=action,
            details={"faction": stored.id, "name": stored.name, **details},
        )
