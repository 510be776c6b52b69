"""`/convention next`: settle the vote in progress, then move the agenda on one step.

A motion or document: each `next` closes the vote in progress (recording the amendment as
carried or lost), then records the amendments that do not come to a vote (too few
co-signers, or lapsed under the conflict rule of bot/domain/conventions/amendments.py) and
opens the next vote: the next amendment in line order, or, when none is left, the motion as
amended. Once that closes, the item is done with its final text, and the next item opens.
An election item opens its election and closes it at the following `next`; a report is
received at the `next` after it was opened. After the last item the convention closes.

Quorum is checked before any vote opens: enough members checked in (config conventions.*).
The convention's schedule takes these same steps at its own times: clocked.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.db import conventions as repo
from bot.db.session import DbSession
from bot.domain.conventions.agenda import (
    ConventionState,
    ItemKind,
    ItemState,
    ensure_convention_move,
    ensure_item_move,
    next_item,
)
from bot.domain.conventions.amendments import AmendmentResult, Change, lapse_cause
from bot.domain.conventions.errors import ConventionError
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.errors import Conflict
from bot.services.actors import Actor
from bot.services.conventions.records import (
    ConventionView,
    ItemView,
    Step,
    VoteDesk,
)
from bot.services.conventions.service import (
    AMENDMENT_DECIDED,
    CONVENTION_CLOSED,
    CONVENTION_ITEM_DONE,
    CONVENTION_ITEM_OPENED,
    CONVENTION_OPENED,
    ConventionService,
    require_chair,
)
from bot.services.voting.records import CreateRequest, VoteInfo


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


def _audit_id(actor: Actor) -> int | None:
    return None if isinstance(actor, ClockActor) else actor.member_id


MIN_OPEN = dt.timedelta(minutes=1)  # the least a vote stays open before the chair may close it
Linker = Callable[[DbSession, int], Awaitable[None]]


class Run:
    """One `next`: what it did, for the chair's reply and the agenda message."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.published: list[int] = []
        self.opened: list[int] = []
        self.clock = False  # a step of the convention's schedule, not of the chair


class Chairing:
    def __init__(self, conventions: ConventionService) -> None:
        self.conventions = conventions
        self.core = conventions.core
        self.audit = conventions.audit
        self.votes = conventions.voting.votes
        # One step at a time per convention in this process (a guild's work runs in one
        # process: bot/sharding): two chairs pressing `next` together take turns.
        self._locks: dict[int, asyncio.Lock] = {}
        # The item the schedule last opened, and when, per convention: a chair pressing
        # `next` at that moment meant the item before, not this one.
        self._scheduled_opening: dict[int, tuple[int, dt.datetime]] = {}

    async def next(self, actor: Actor, convention_id: int, membership: int, desk: VoteDesk) -> Step:
        async with self._locks.setdefault(convention_id, asyncio.Lock()):
            opened = self._scheduled_opening.get(convention_id)
            if opened is not None and self.core.clock.now() - opened[1] < MIN_OPEN:
                current = (await self.conventions.view(actor.guild_id, convention_id)).current
                if current is not None and current.item.position == opened[0]:
                    raise Conflict(
                        f"Item {opened[0]} ({current.item.title}) has just opened on the "
                        "convention's schedule: the item before it is closed. Move on again "
                        "if you mean to close this one too."
                    )
            return await self._next(actor, convention_id, membership, desk)

    async def _next(
        self,
        actor: Actor,
        convention_id: int,
        membership: int,
        desk: VoteDesk,
        run: Run | None = None,
    ) -> Step:
        guild_id = actor.guild_id
        require_chair(actor, self.conventions._guild(guild_id))
        run = run or Run()
        view = await self.conventions.view(guild_id, convention_id)
        state = view.convention.state
        if state is ConventionState.CLOSED:
            raise Conflict("That convention has closed.")
        if state is ConventionState.SCHEDULED:
            await self._move_convention(actor, convention_id, ConventionState.IN_SESSION)
            run.events.append("The convention is in session.")
        current = view.current
        if current is None or await self._advance(actor, view, current, membership, desk, run):
            if current is not None:
                await self._finish_item(actor, current, run)
            await self._open_next(actor, convention_id, membership, desk, run)
        view = await self.conventions.view(guild_id, convention_id)
        return Step(view, tuple(run.events), tuple(run.published), tuple(run.opened))

    # -- the agenda ------------------------------------------------------------------------

    async def _move_convention(
        self, actor: Actor, convention_id: int, target: ConventionState
    ) -> None:
        async with self.audit.transaction(actor.guild_id) as session:
            convention = await repo.get_convention(session, convention_id)
            assert convention is not None
            try:
                ensure_convention_move(convention.state, target)
            except ConventionError as error:
                raise Conflict(error.message) from None
            closed = (
                {"closed_at": self.core.clock.now()} if target is ConventionState.CLOSED else {}
            )
            await repo.update_convention(session, convention_id, state=target, **closed)
            await self.audit.record(
                session,
                guild_id=actor.guild_id,
                actor_id=_audit_id(actor),
                action=CONVENTION_OPENED
                if target is ConventionState.IN_SESSION
                else CONVENTION_CLOSED,
                details={"convention": convention_id},
                as_organizer=True,
            )

    async def _move_item(
        self,
        session: DbSession,
        actor: Actor,
        item: repo.StoredItem,
        target: ItemState,
        **values: object,
    ) -> None:
        try:
            ensure_item_move(item.state, target)
        except ConventionError as error:
            raise Conflict(error.message) from None
        now = self.core.clock.now()
        stamp = {"opened_at": now} if target is ItemState.OPEN else {"closed_at": now}
        await repo.update_item(session, item.id, state=target, **stamp, **values)
        await self.audit.record(
            session,
            guild_id=actor.guild_id,
            actor_id=_audit_id(actor),
            action=CONVENTION_ITEM_OPENED if target is ItemState.OPEN else CONVENTION_ITEM_DONE,
            details={"convention": item.convention_id, "item": item.position},
            as_organizer=True,
        )

    async def _open_next(
        self, actor: Actor, convention_id: int, membership: int, desk: VoteDesk, run: Run
    ) -> None:
        view = await self.conventions.view(actor.guild_id, convention_id)
        position = next_item([i.item.state for i in view.items])
        if position is None:
            await self._move_convention(actor, convention_id, ConventionState.CLOSED)
            run.events.append("The agenda is through: the convention is closed.")
            return
        entry = view.items[position]
        opens = entry.item.open_at
        if run.clock and opens is not None and opens > self.core.clock.now():
            run.events.append(f"Item {entry.item.position} opens at its own time.")
            return
        async with self.audit.transaction(actor.guild_id) as session:
            await self._move_item(session, actor, entry.item, ItemState.OPEN)
        if run.clock:
            self._scheduled_opening[convention_id] = (entry.item.position, self.core.clock.now())
        run.events.append(
            f"Item {entry.item.position} is before the convention: {entry.item.title} "
            f"({entry.item.kind.value})."
        )
        if entry.item.kind is ItemKind.ELECTION and entry.item.vote_id is not None:
            info = await self.votes.get(actor.guild_id, entry.item.vote_id)
            if not info.state.is_final:
                self._check_quorum(actor.guild_id, view, membership)
                opened = await desk.open(actor.guild_id, entry.item.vote_id)
                if opened.state is VoteState.OPEN:
                    run.opened.append(opened.id)
                    run.events.append(f"Voting is open in the election (vote #{opened.id}).")

    async def _finish_item(self, actor: Actor, entry: ItemView, run: Run) -> None:
        final: dict[str, object] = {}
        if entry.item.kind.has_text:
            fresh = await self.conventions._item_view(
                actor.guild_id, entry.item.convention_id, entry.item.position
            )
            final = {"final_text": "\n".join(fresh.current_lines)}
            run.published.append(entry.item.position)
        async with self.audit.transaction(actor.guild_id) as session:
            await self._move_item(session, actor, entry.item, ItemState.DONE, **final)
        what = "received" if entry.item.kind is ItemKind.REPORT else "done"
        run.events.append(f"Item {entry.item.position} ({entry.item.title}) is {what}.")

    def _check_quorum(self, guild_id: int, view: ConventionView, membership: int) -> None:
        quorum = self.conventions.quorum(guild_id)
        present = len(view.checkins)
        if not quorum.met(present, membership):
            raise Conflict(
                f"The convention is not quorate: {present} checked in, "
                f"{quorum.needed(membership)} needed (of {membership} members). Members check "
                "in with `/convention checkin`."
            )

    # -- one item --------------------------------------------------------------------------

    async def _advance(
        self,
        actor: Actor,
        view: ConventionView,
        entry: ItemView,
        membership: int,
        desk: VoteDesk,
        run: Run,
    ) -> bool:
        """One step within the open item; True when the item is finished."""
        guild_id = actor.guild_id
        item = entry.item
        if item.kind is ItemKind.REPORT:
            return True
        if item.kind is ItemKind.ELECTION:
            if item.vote_id is None:
                return True
            info = await self.votes.get(guild_id, item.vote_id)
            if info.state is VoteState.OPEN:
                closed = await self._close(guild_id, info.id, desk, guard=False)
                run.events.append(f"The election closed: {carried_word(closed)[1]}")
                return True
            if info.state.is_final:
                return True
            self._check_quorum(guild_id, view, membership)
            opened = await desk.open(guild_id, info.id)
            run.opened.append(opened.id)
            run.events.append(f"Voting is open in the election (vote #{opened.id}).")
            return False
        # A motion or document: settle the vote in progress, then open the next one.
        voting = [a for a in entry.amendments if a.result is AmendmentResult.VOTING]
        if voting:
            await self._settle_amendment(actor, entry, voting[0], desk, run)
        elif item.vote_id is not None:
            closed = await self._close(guild_id, item.vote_id, desk, guard=not run.clock)
            run.events.append(
                f"The {item.kind.value} as amended, item {item.position}: {carried_word(closed)[1]}"
            )
            return True
        return await self._start_next_vote(actor, view, item.position, membership, desk, run)

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
                actor_id=_audit_id(actor),
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
