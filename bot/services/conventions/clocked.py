"""The convention's schedule acting on its agenda: what the scheduler's jobs do when the
convention's start, an item's opening or closing time, or the convention's end comes.

Each clocked step takes the same per-convention turn as the chair's `/convention next`
(bot/services/conventions/chairing.py) and reuses its steps, acting as a ClockActor: the
chair's rights, recorded in the audit log as the bot's own scheduled action.
"""

from __future__ import annotations

import asyncio

from bot.domain.conventions.agenda import ConventionState, ItemState, next_item
from bot.domain.conventions.amendments import AmendmentResult
from bot.domain.voting.lifecycle import VoteState
from bot.services.actors import Actor
from bot.services.conventions.chairing import Chairing, Run
from bot.services.conventions.records import (
    END_JOB,
    ITEM_CLOSE_JOB,
    ITEM_OPEN_JOB,
    START_JOB,
    ItemView,
    Step,
    VoteDesk,
)
from bot.services.conventions.vote_steps import ClockActor


class ClockedChairing(Chairing):
    """The chair's `next`, and the steps the convention's schedule takes on its own."""

    async def on_clock(
        self,
        guild_id: int,
        kind: str,
        convention_id: int,
        position: int | None,
        membership: int,
        desk: VoteDesk,
    ) -> Step | None:
        """A scheduled moment of the convention (START_JOB, ITEM_OPEN_JOB, ITEM_CLOSE_JOB,
        END_JOB) takes the same per-convention turn as the chair's `next`, and acts only when
        the agenda is where the schedule expects it: a rerun, or a chair who moved on first,
        finds nothing left to do (None)."""
        async with self._locks.setdefault(convention_id, asyncio.Lock()):
            view = await self.conventions.view(guild_id, convention_id)
            convention = view.convention
            if convention.state is ConventionState.CLOSED:
                return None
            # Votes it opens are created on behalf of the convention's creator.
            actor = ClockActor(guild_id, convention.created_by, "the schedule", is_admin=True)
            run = Run()
            run.clock = True
            current = view.current
            if kind == START_JOB:
                if convention.state is not ConventionState.SCHEDULED:
                    return None
                if next_item([i.item.state for i in view.items]) is None:
                    # Nothing on the agenda yet: in session, waiting for the chair's items.
                    await self._move_convention(actor, convention_id, ConventionState.IN_SESSION)
                    view = await self.conventions.view(guild_id, convention_id)
                    return Step(view, ("The convention is in session.",))
                return await self._next(actor, convention_id, membership, desk, run)
            if kind == ITEM_OPEN_JOB:
                position_next = next_item([i.item.state for i in view.items])
                if current is not None or position_next is None:
                    return None
                if view.items[position_next].item.position != position:
                    return None
                return await self._next(actor, convention_id, membership, desk, run)
            if kind == ITEM_CLOSE_JOB:
                if current is None or current.item.position != position:
                    return None
                step = await self._next(actor, convention_id, membership, desk, run)
                still = step.convention.item(position)
                if still is not None and still.item.state is ItemState.OPEN and step.opened_votes:
                    # A motion with votes still to come: each runs its time, then the next.
                    info = await self.votes.get(guild_id, step.opened_votes[-1])
                    await self.conventions.schedule_close_again(
                        guild_id, convention_id, position, info.id, info.closes_at
                    )
                return step
            if kind == END_JOB:
                if current is not None:
                    await self._end_item(actor, current, desk, run)
                await self._move_convention(actor, convention_id, ConventionState.CLOSED)
                run.events.append("The convention's time is up: it is closed.")
                view = await self.conventions.view(guild_id, convention_id)
                return Step(view, tuple(run.events), tuple(run.published), tuple(run.opened))
            return None

    async def _end_item(self, actor: Actor, entry: ItemView, desk: VoteDesk, run: Run) -> None:
        """At the convention's end: the vote in progress closes and is recorded, and the open
        item is done. A motion whose own vote was not reached keeps no final text."""
        guild_id = actor.guild_id
        voting = [a for a in entry.amendments if a.result is AmendmentResult.VOTING]
        if voting:
            await self._settle_amendment(actor, entry, voting[0], desk, run)
        motion_voted = False
        if entry.item.vote_id is not None:
            info = await self.votes.get(guild_id, entry.item.vote_id)
            if info.state is VoteState.OPEN:
                info = await self._close(guild_id, info.id, desk, guard=False)
            motion_voted = info.state.is_final
        final: dict[str, object] = {}
        if entry.item.kind.has_text and motion_voted:
            fresh = await self.conventions._item_view(
                guild_id, entry.item.convention_id, entry.item.position
            )
            final = {"final_text": "\n".join(fresh.current_lines)}
            run.published.append(entry.item.position)
        async with self.audit.transaction(guild_id) as session:
            await self._move_item(session, actor, entry.item, ItemState.DONE, **final)
        run.events.append(f"Item {entry.item.position} ({entry.item.title}) is closed.")
