"""Election nominations: individuals only (never slates), accepted by the nominee with their
own statement, withdrawable until voting opens."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.db import nominations as repo
from bot.db import voting as vote_repo
from bot.db.session import DbSession
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteKind, VoteOption
from bot.domain.voting.nominations import Nominations, NominationStatus
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.actors import Actor, guild_settings, is_member, require_member
from bot.services.core import Core
from bot.services.voting.records import CandidateInfo


def candidate_options(candidacies: Sequence[repo.Candidacy]) -> tuple[VoteOption, ...]:
    """The accepted candidates as ballot options (id = member id). Look-alike or equal names
    get (part of) the member id added, so no ballot is ambiguous and no label collides."""
    accepted = [c for c in candidacies if c.nomination.status is NominationStatus.ACCEPTED]
    names = {c.nomination.nominee_id: c.name for c in accepted}
    return Nominations(tuple(c.nomination for c in accepted)).candidate_options(names)


def _info(candidacy: repo.Candidacy) -> CandidateInfo:
    n = candidacy.nomination
    return CandidateInfo(
        n.nominee_id, candidacy.name, n.nominator_id, n.status, n.statement, candidacy.thread_id
    )


class NominationService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def _change(
        self,
        actor: Actor,
        vote_id: int,
        change: Callable[[Nominations, vote_repo.StoredVote], Nominations],
        names: dict[int, str],
    ) -> list[CandidateInfo]:
        async with self.core.sessions.begin() as session:
            stored = await vote_repo.get_vote(session, vote_id, for_update=True)
            if stored is None or stored.guild_id != actor.guild_id:
                raise NotFound(f"There is no vote #{vote_id} in this server.")
            if stored.spec.kind is not VoteKind.ELECTION:
                raise Conflict("Only an election takes nominations.")
            current = await repo.candidacies(session, vote_id)
            nominations = Nominations(tuple(c.nomination for c in current))
            try:
                changed = change(nominations, stored)
            except VotingError as error:
                raise Conflict(error.message) from None
            await repo.save_nominations(session, vote_id, changed, names)
            return [_info(c) for c in await repo.candidacies(session, vote_id)]

    async def nominate(
        self, actor: Actor, vote_id: int, nominee: Actor, statement: str = ""
    ) -> CandidateInfo:
        """Self-nomination stands at once; nominating someone else waits for their
        /vote accept. The nominee must be a member of the organization."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_member(actor, guild)
        if not is_member(nominee, guild):
            raise NotAllowed("Only members of the organization can stand for election.")
        candidates = await self._change(
            actor,
            vote_id,
            lambda n, v: n.nominate(actor.member_id, nominee.member_id, v.state, statement),
            {nominee.member_id: nominee.display_name},
        )
        return next(c for c in candidates if c.member_id == nominee.member_id)

    async def accept(self, actor: Actor, vote_id: int, statement: str) -> CandidateInfo:
        if not statement.strip():
            raise UserError("Write a short statement for the members when you accept.")
        candidates = await self._change(
            actor,
            vote_id,
            lambda n, v: n.accept(actor.member_id, v.state, statement),
            {actor.member_id: actor.display_name},
        )
        return next(c for c in candidates if c.member_id == actor.member_id)

    async def decline(self, actor: Actor, vote_id: int) -> None:
        await self._change(actor, vote_id, lambda n, v: n.decline(actor.member_id, v.state), {})

    async def withdraw(self, actor: Actor, vote_id: int) -> None:
        await self._change(actor, vote_id, lambda n, v: n.withdraw(actor.member_id, v.state), {})

    async def candidates(self, guild_id: int, vote_id: int) -> list[CandidateInfo]:
        async with self.core.sessions() as session:
            stored = await vote_repo.get_vote(session, vote_id)
            if stored is None or stored.guild_id != guild_id:
                raise NotFound(f"There is no vote #{vote_id} in this server.")
            return [_info(c) for c in await repo.candidacies(session, vote_id)]

    async def set_thread(self, vote_id: int, nominee_id: int, thread_id: int) -> None:
        async with self.core.sessions.begin() as session:
            await repo.set_candidate_thread(session, vote_id, nominee_id, thread_id)


async def accepted_options(session: DbSession, vote_id: int) -> tuple[VoteOption, ...]:
    return candidate_options(await repo.candidacies(session, vote_id))
