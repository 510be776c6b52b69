"""Taking a vote's roll from the guild: everyone holding an eligible role when it opens,
from a complete member list only (bot/ui/members.py): otherwise the opening is retried."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.domain.voting.kinds import EligibleRole
from bot.errors import Conflict
from bot.services.voting.records import VoteInfo
from bot.ui.members import ensure_member_list


@dataclass(frozen=True)
class TakenRoll:
    member_ids: frozenset[int]
    roles: tuple[EligibleRole, ...]  # with the names members are told


async def take_roll(guild: discord.Guild, info: VoteInfo, member_role_id: int) -> TakenRoll:
    """Everyone (bots excluded) holding any of the vote's eligible roles right now."""
    await ensure_member_list(guild)
    wanted = [role.id for role in info.spec.eligible_roles] or [member_role_id]
    roles: list[discord.Role] = []
    for role_id in wanted:
        role = guild.get_role(role_id)
        if role is None:
            chosen = next((r.name for r in info.spec.eligible_roles if r.id == role_id), None)
            what = f"the {chosen} role" if chosen else "the member role"
            raise Conflict(f"Who may vote is {what}, which no longer exists in this server.")
        roles.append(role)
    member_ids = frozenset(m.id for role in roles for m in role.members if not m.bot)
    return TakenRoll(member_ids, tuple(EligibleRole(r.id, r.name) for r in roles))
