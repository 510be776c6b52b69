"""What organizers type into `/vote create` that needs the guild or the clock: the opening
time (in the server's zone) and the roles who may vote."""

from __future__ import annotations

import datetime as dt
import re

import discord

from bot.domain.local_time import LocalTimeError, parse_local_time
from bot.domain.voting.kinds import EligibleRole
from bot.errors import UserError


def parse_opening(text: str, zone: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    """The rule lives in bot.domain.local_time: out-of-range times, and local times in a DST
    gap or overlap, are refused with what to type instead."""
    try:
        return parse_local_time(text, zone, now)
    except LocalTimeError as error:
        raise UserError(str(error)) from None


_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def parse_roles(text: str, guild: discord.Guild | None) -> tuple[EligibleRole, ...]:
    """Roles typed as mentions (@Delegates) or names separated by commas, in that order."""
    if guild is None:
        raise UserError("Choosing who may vote works inside a server.")
    found: list[discord.Role] = []
    unknown: list[str] = []
    for match in _ROLE_MENTION.finditer(text):
        role = guild.get_role(int(match[1]))
        if role is None:
            unknown.append(match[0])
        else:
            found.append(role)
    rest = _ROLE_MENTION.sub(",", text)
    by_name = {role.name.casefold(): role for role in guild.roles}
    for name in (part.strip().removeprefix("@").strip() for part in rest.split(",")):
        if not name:
            continue
        role = by_name.get(name.casefold())
        if role is None:
            unknown.append(name)
        else:
            found.append(role)
    if unknown:
        raise UserError(
            f"No role here is called {', '.join(repr(u) for u in unknown)}. Mention the roles "
            "(type @ and pick them) or give their exact names, separated by commas."
        )
    unique = list({role.id: role for role in found}.values())
    if not unique:
        raise UserError("Name at least one role who may vote, or leave `eligible` empty.")
    return tuple(EligibleRole(role.id, role.name) for role in unique)
