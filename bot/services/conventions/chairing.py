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
Closing a vote, recording amendments' results and opening the next vote: vote_steps.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt

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
from bot.domain.conventions.amendments import AmendmentResult
from bot.domain.conventions.errors import ConventionError
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
    CONVENTION_CLOSED,
    CONVENTION_ITEM_DONE,
    CONVENTION_ITEM_OPENED,
    CONVENTION_OPENED,
    ConventionService,
    require_chair,
)
from bot.services.conventions.vote_steps import MIN_OPEN, VoteSteps, audit_id, carried_word


class Run:
    """One `next`: what it did, for the chair's reply and the agenda message."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.published: list[int] = []
        self.opened: list[int] = []
        self.clock = False  # a step of the convention's schedule, not of the chair


class Chairing(VoteSteps):
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
                actor_id=audit_id(actor),
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
            actor_id=audit_id(actor),
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
