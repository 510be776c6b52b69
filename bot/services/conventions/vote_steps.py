"""The votes of `/convention next` (chairing.py): closing the vote in progress, recording
each amendment as carried, lost, unsupported or lapsed, and opening the next vote (the next
amendment in line order, or the motion as amended) once the convention is quorate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.db import conventions as repo
from bot.db.session import DbSession
from bot.domain.conventions.amendments import AmendmentResult, Change, lapse_cause
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.errors import Conflict
from bot.services.actors import Actor
from bot.services.audit import AuditService
from bot.services.conventions.records import ConventionView, ItemView, VoteDesk
from bot.services.conventions.service import AMENDMENT_DECIDED, ConventionService
from bot.services.core import Core
from bot.services.voting.lifecycle import VoteService
from bot.services.voting.records import CreateRequest, VoteInfo

if TYPE_CHECKING:
    from bot.services.conventions.chairing import Run


def carried_word(info: VoteInfo | None) -> tuple[bool, str]:
    """Whether the vote carried, and how members read its result."""
    if info is None or info.state is VoteState.CANCELLED or info.outcome is None:
        reason = info.cancel_reason if info is not None and info.cancel_reason else "no count"
        return False, f"not carried ({reason})"
    outcome = info.outcome
    return bool(outcome.passed), outcome.headline


@dataclass(frozen=True)
class ClockActor(Actor):
    """The convention's schedule acting for its chair: the chair's rights, and recorded in
    the audit log as the bot's own scheduled action (no member)."""


def audit_id(actor: Actor) -> int | None:
    return None if isinstance(actor, ClockActor) else actor.member_id


MIN_OPEN = dt.timedelta(minutes=1)  # the least a vote stays open before the chair may close it
Linker = Callable[[DbSession, int], Awaitable[None]]


class VoteSteps:
    """Chairing's vote-handling steps (Chairing sets these attributes)."""

    conventions: ConventionService
    core: Core
    audit: AuditService
    votes: VoteService

    def _check_quorum(self, guild_id: int, view: ConventionView, membership: int) -> None:
        quorum = self.conventions.quorum(guild_id)
        present = len(view.checkins)
        if not quorum.met(present, membership):
            raise Conflict(
                f"The convention is not quorate: {present} checked in, "
                f"{quorum.needed(membership)} needed (of {membership} members). Members check "
                "in with `/convention checkin`."
            )

    async def _close(
        self, guild_id: int, vote_id: int, desk: VoteDesk, *, guard: bool = True
    ) -> VoteInfo:
        """Close the vote now (a chair's `next`), unless it opened too recently: a second
        press of `next` must not close a vote nobody had time to vote in."""
        info = await self.votes.get(guild_id, vote_id)
        if guard and info.state is VoteState.OPEN:
            age = self.core.clock.now() - info.opens_at
            if age < MIN_OPEN:
                raise Conflict(
                    f"Voting on vote #{vote_id} opened less than a minute ago: give members "
                    "time to vote, then move on again."
                )
        if info.state is VoteState.OPEN:
            await desk.close(guild_id, vote_id)
            info = await self.votes.get(guild_id, vote_id)
        if info.state is VoteState.OPEN:  # waiting for tellers' releases
            raise Conflict(
                f"Vote #{vote_id} has closed but its count waits for the tellers; move on "
                "once it is counted."
            )
        if not info.state.is_final:
            raise Conflict(f"Vote #{vote_id} has not opened yet.")
        return info

    async def _settle_amendment(
        self,
        actor: Actor,
        entry: ItemView,
        amendment: repo.StoredAmendment,
        desk: VoteDesk,
        run: Run,
    ) -> None:
        assert amendment.vote_id is not None
        info = await self._close(actor.guild_id, amendment.vote_id, desk, guard=not run.clock)
        carried, words = carried_word(info)
        result = AmendmentResult.CARRIED if carried else AmendmentResult.LOST
        await self._decide(actor, entry.item, amendment, result)
        run.events.append(f"Amendment {amendment.number} {result.value}: {words}")

    async def _decide(
        self,
        actor: Actor,
        item: repo.StoredItem,
        amendment: repo.StoredAmendment,
        result: AmendmentResult,
        lapsed_by: int | None = None,
    ) -> None:
        async with self.audit.transaction(actor.guild_id) as session:
            await repo.update_amendment(session, amendment.id, result=result, lapsed_by=lapsed_by)
            details: dict[str, object] = {
                "convention": item.convention_id,
                "item": item.position,
                "amendment": amendment.number,
                "result": result.value,
            }
            if lapsed_by is not None:
                details["lapsed_by"] = lapsed_by
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=audit_id(actor),
                action=AMENDMENT_DECIDED,
                details=details,
                as_organizer=True,
            )

    async def _start_next_vote(
        self,
        actor: Actor,
        view: ConventionView,
        position: int,
        membership: int,
        desk: VoteDesk,
        run: Run,
    ) -> bool:
        guild_id = actor.guild_id
        needed = self.conventions._guild(guild_id).conventions.amendment_cosigners
        entry = await self.conventions._item_view(guild_id, view.convention.id, position)
        carried: list[tuple[int, Change]] = []
        for amendment in entry.in_voting_order():
            if amendment.result is AmendmentResult.CARRIED:
                carried.append((amendment.number, amendment.change))
            if amendment.result is not AmendmentResult.PENDING:
                continue
            if len(amendment.cosigners) < needed:
                await self._decide(actor, entry.item, amendment, AmendmentResult.UNSUPPORTED)
                run.events.append(
                    f"Amendment {amendment.number} is not voted: it has "
                    f"{len(amendment.cosigners)} of the {needed} co-signers needed."
                )
                continue
            cause = lapse_cause(amendment.change, carried)
            if cause is not None:
                await self._decide(
                    actor, entry.item, amendment, AmendmentResult.LAPSED, lapsed_by=cause
                )
                run.events.append(
                    f"Amendment {amendment.number} lapses: amendment {cause}, carried, "
                    "already changed its lines."
                )
                continue
            self._check_quorum(guild_id, view, membership)
            title = f"Item {position}, amendment {amendment.number}: {amendment.change.describe()}"

            async def link(session: DbSession, vote_id: int, number: int = amendment.id) -> None:
                await repo.update_amendment(
                    session, number, result=AmendmentResult.VOTING, vote_id=vote_id
                )

            await self._open_vote(actor, title, link, desk, run)
            run.events.append(f"Voting is open on amendment {amendment.number}.")
            return False
        self._check_quorum(guild_id, view, membership)
        kind = entry.item.kind.value
        title = f"Item {position}: {entry.item.title} ({kind} as amended)"

        async def link_item(session: DbSession, vote_id: int) -> None:
            await repo.update_item(session, entry.item.id, vote_id=vote_id)

        await self._open_vote(actor, title, link_item, desk, run)
        run.events.append(f"Voting is open on the {kind} as amended.")
        return False

    async def _open_vote(
        self, actor: Actor, title: str, link: Linker, desk: VoteDesk, run: Run
    ) -> None:
        settings = self.conventions._guild(actor.guild_id).conventions
        request = CreateRequest(
            title=title[:200],
            kind=VoteKind.MOTION,
            secret=settings.secret,
            duration=dt.timedelta(minutes=settings.vote_minutes),
        )
        info = await self.votes.create_on_behalf(
            actor.guild_id,
            actor.member_id,
            request,
            as_organizer=True,
            link=link,
        )
        opened = await desk.open(actor.guild_id, info.id)
        run.opened.append(opened.id)
