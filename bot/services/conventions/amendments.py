"""Amendments and minority reports: members propose amendments to a motion or document
and co-sign them until its voting begins, and file minority reports on a report until it is
received. Part of ConventionService (service.py); the votes on amendments are chairing.py's.
"""

from __future__ import annotations

from typing import Protocol

from bot.config import GuildSettings
from bot.db import conventions as repo
from bot.db.session import DbSession
from bot.domain.conventions.agenda import ConventionState, ItemKind
from bot.domain.conventions.amendments import AmendmentKind, AmendmentResult, make_change
from bot.domain.conventions.errors import ConventionError
from bot.domain.conventions.text import split_lines
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, require_member
from bot.services.audit import AuditService
from bot.services.conventions.records import ItemView
from bot.services.core import Core

MAX_MINORITY = 4000

AMENDMENT_PROPOSED = "convention.amendment_proposed"


def user_error(error: ConventionError) -> UserError:
    return UserError(error.message)


class _Conventions(Protocol):
    """What these operations use of the ConventionService they are part of."""

    core: Core
    audit: AuditService

    def _guild(self, guild_id: int) -> GuildSettings: ...

    async def _load(
        self, session: DbSession, guild_id: int, convention_id: int
    ) -> repo.StoredConvention: ...

    async def _item_view(self, guild_id: int, convention_id: int, position: int) -> ItemView: ...


class AmendmentOps:
    """ConventionService's amendment and minority-report operations."""

    async def propose(
        self: _Conventions,
        actor: Actor,
        convention_id: int,
        position: int,
        kind: AmendmentKind,
        first: int,
        last: int | None,
        text: str,
    ) -> tuple[ItemView, int]:
        """A member proposes an amendment to a motion or document not yet being voted."""
        require_member(actor, self._guild(actor.guild_id))
        try:
            new_lines = split_lines(text) if text.strip() else ()
        except ConventionError as error:
            raise user_error(error) from None
        async with self.audit.transaction(actor.guild_id) as session:
            item = await _open_for_amendments(
                self, session, actor.guild_id, convention_id, position
            )
            lines = split_lines(item.body)
            try:
                change = make_change(kind, first, last, new_lines, len(lines))
            except ConventionError as error:
                raise user_error(error) from None
            amendment = await repo.insert_amendment(
                session,
                item.id,
                change=change,
                proposer_id=actor.member_id,
                proposer_name=actor.display_name[:100],
                proposed_at=self.core.clock.now(),
                result=AmendmentResult.PENDING,
            )
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=actor.member_id,
                action=AMENDMENT_PROPOSED,
                details={
                    "convention": convention_id,
                    "item": position,
                    "amendment": amendment.number,
                    "change": change.describe(),
                },
            )
        return await self._item_view(actor.guild_id, convention_id, position), amendment.number

    async def cosign(
        self: _Conventions, actor: Actor, convention_id: int, position: int, number: int
    ) -> ItemView:
        require_member(actor, self._guild(actor.guild_id))
        async with self.core.sessions.begin() as session:
            item = await _open_for_amendments(
                self, session, actor.guild_id, convention_id, position
            )
            amendment = next(
                (a for a in await repo.amendments(session, item.id) if a.number == number), None
            )
            if amendment is None:
                raise NotFound(f"Item {position} has no amendment {number}.")
            if amendment.proposer_id == actor.member_id:
                raise Conflict("You proposed this amendment; co-signers are other members.")
            if any(c.member_id == actor.member_id for c in amendment.cosigners):
                raise Conflict("You have already co-signed this amendment.")
            await repo.add_cosigner(
                session, amendment.id, repo.Cosigner(actor.member_id, actor.display_name[:100])
            )
        return await self._item_view(actor.guild_id, convention_id, position)

    async def file_minority_report(
        self: _Conventions, actor: Actor, convention_id: int, position: int, text: str
    ) -> ItemView:
        require_member(actor, self._guild(actor.guild_id))
        text = text.strip()
        if not text:
            raise UserError("A minority report needs its text.")
        if len(text) > MAX_MINORITY:
            raise UserError(f"A minority report may have at most {MAX_MINORITY} characters.")
        async with self.core.sessions.begin() as session:
            await self._load(session, actor.guild_id, convention_id)
            item = next(
                (i for i in await repo.items(session, convention_id) if i.position == position),
                None,
            )
            if item is None or item.kind is not ItemKind.REPORT:
                raise NotFound(f"Item {position} is not a report of this convention.")
            if item.state.is_final:
                raise Conflict("That report has been received; minority reports come before.")
            await repo.add_minority_report(
                session, item.id, repo.MinorityReport(actor.display_name[:100], text)
            )
        return await self._item_view(actor.guild_id, convention_id, position)


async def _open_for_amendments(
    conventions: _Conventions,
    session: DbSession,
    guild_id: int,
    convention_id: int,
    position: int,
) -> repo.StoredItem:
    convention = await conventions._load(session, guild_id, convention_id)
    if convention.state is ConventionState.CLOSED:
        raise Conflict("That convention has closed.")
    item = next(
        (i for i in await repo.items(session, convention_id) if i.position == position), None
    )
    if item is None or not item.kind.has_text:
        raise NotFound(f"Item {position} is not a motion or document of this convention.")
    started = item.state.is_final or any(
        a.result is not AmendmentResult.PENDING for a in await repo.amendments(session, item.id)
    )
    if started:
        raise Conflict(f"Voting on item {position} has begun: amendments are closed.")
    return item
