"""Export and import all of one guild's data as a single JSON document, exactly.

Which rows belong to a guild is read from the schema itself: a table with a ``guild_id`` column
holds the guild's rows directly; a table without one belongs through its foreign key to a table
that does (vote ballots through votes, faction members through factions, ...). So a new table is
exported without touching this module, and a test fails if one cannot be placed.

Values are written as JSON: datetimes as ISO 8601 in UTC, bytes as base64. Importing writes the
same primary keys back, so an export of the import is identical to the original export.

An export never carries what links a voter to a ballot (docs/secret-ballots.md): sealed
ballots and roll pointers are left out, and so are the old wrapped keys and order salts. For
a vote still open when exported this means its ballots stay behind: the export lists such
votes under ``withheld``, and an import ends them (a secret vote is cancelled with that
reason, a member vote ends without a decision) rather than leaving a vote nobody can count.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, LargeBinary, Table, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Base
from bot.db.types import UTCDateTime

FORMAT = "caucus-guild-export"
VERSION = 1
# Process state, not guild data: which process holds which shard right now, and what this
# deployment last synced to Discord.
NOT_EXPORTED = frozenset({"shard_leases", "command_syncs"})
# Ballot material never exported: whole tables, and columns (set to NULL).
SEALED_TABLES = frozenset({"vote_ballots", "faction_vote_ballots"})
SEALED_COLUMNS = {
    "vote_roll": frozenset({"seal_pointer"}),
    "votes": frozenset({"wrapped_private_key", "order_salt"}),
}
WITHHELD_NOTE = (
    "These votes were open when exported. Their sealed ballots are not exported (an export "
    "never links a voter to a ballot), so they cannot be counted from this file: an import "
    "cancels them (secret votes) or ends them without a decision (member votes)."
)
IMPORTED_OPEN_REASON = (
    "Imported while open: its sealed ballots stayed with the original database, so it "
    "cannot be counted here."
)


class TransferError(ValueError):
    """The file cannot be imported (wrong format, other schema, guild already present)."""


def guild_tables() -> list[tuple[Table, Column[Any] | None]]:
    """Every exported table in dependency order, with the foreign key that ties it to its
    parent (None when it has ``guild_id`` itself)."""
    placed: list[tuple[Table, Column[Any] | None]] = []
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_EXPORTED or table.name == "guilds":
            continue
        if "guild_id" in table.columns:
            placed.append((table, None))
            continue
        link = next((c for c in table.columns for _ in c.foreign_keys), None)
        if link is None:
            raise TransferError(f"table {table.name} has neither guild_id nor a foreign key")
        placed.append((table, link))
    return placed


def _encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    return value


def _primary_key(table: Table) -> Column[Any]:
    [key] = list(table.primary_key.columns)[:1]
    return key


async def export_guild(
    session: AsyncSession, guild_id: int, revision: str | None
) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    owned: dict[str, list[Any]] = {}
    for table, link in guild_tables():
        query = select(table)
        if link is None:
            query = query.where(table.c.guild_id == guild_id)
        else:
            [foreign] = list(link.foreign_keys)
            parent = foreign.column.table.name
            query = query.where(link.in_(owned.get(parent, [])))
        query = query.order_by(*table.primary_key.columns)
        rows = (await session.execute(query)).all()
        columns = list(table.columns)
        hidden = SEALED_COLUMNS.get(table.name, frozenset())
        tables[table.name] = {
            "columns": [c.name for c in columns],
            "rows": []
            if table.name in SEALED_TABLES
            else [
                [None if c.name in hidden else _encode(c, row._mapping[c]) for c in columns]
                for row in rows
            ],
        }
        owned[table.name] = [row._mapping[_primary_key(table)] for row in rows]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": revision,
        "guild_id": guild_id,
        "tables": tables,
        "withheld": _withheld(tables),
    }


def _column(entry: dict[str, Any], name: str) -> int:
    return list(entry["columns"]).index(name)


def _withheld(tables: dict[str, Any]) -> dict[str, Any]:
    """The votes whose sealed ballots an export leaves behind while they are open."""
    votes = tables.get("votes", {"columns": [], "rows": []})
    member_votes = tables.get("faction_votes", {"columns": [], "rows": []})
    open_secret = []
    if votes["rows"]:
        secret, state, key = (_column(votes, n) for n in ("secret", "state", "id"))
        open_secret = [
            row[key]
            for row in votes["rows"]
            if row[secret] and row[state] not in ("closed", "cancelled")
        ]
    open_sealed = []
    if member_votes["rows"]:
        public, outcome, key = (_column(member_votes, n) for n in ("public_key", "outcome", "id"))
        open_sealed = [
            row[key]
            for row in member_votes["rows"]
            if row[public] is not None and row[outcome] is None
        ]
    note = WITHHELD_NOTE if open_secret or open_sealed else ""
    return {"note": note, "votes": open_secret, "member_votes": open_sealed}


def count_rows(data: dict[str, Any]) -> int:
    return sum(len(table["rows"]) for table in data["tables"].values())


async def import_guild(
    session: AsyncSession, data: dict[str, Any], revision: str | None, *, replace: bool = False
) -> int:
    """Write an export into this database; returns the number of rows written."""
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise TransferError("this is not a Caucus guild export (format/version)")
    if data.get("schema_revision") != revision:
        raise TransferError(
            f"the export is from schema {data.get('schema_revision')}, this database is at "
            f"{revision}: upgrade both to the same revision first"
        )
    guild_id = int(data["guild_id"])
    placed = guild_tables()
    if replace:
        await _delete_guild(session, guild_id, placed)
    elif await _has_rows(session, guild_id, placed):
        raise TransferError(f"guild {guild_id} already has data here; use --replace")
    written = 0
    for table, _link in placed:
        entry = data["tables"].get(table.name)
        if entry is None or not entry["rows"]:
            continue
        columns = [table.columns[name] for name in entry["columns"]]
        values = [
            {c.name: _decode(c, value) for c, value in zip(columns, row, strict=True)}
            for row in entry["rows"]
        ]
        await session.execute(insert(table), values)
        written += len(values)
    await _advance_sequences(session, [t for t, _ in placed])
    await _end_withheld(session, data.get("withheld") or {})
    return written


async def _end_withheld(session: AsyncSession, withheld: dict[str, Any]) -> None:
    """Votes exported while open came without their ballots: end them, with the reason."""
    votes = Base.metadata.tables["votes"]
    member_votes = Base.metadata.tables["faction_votes"]
    for vote_id in withheld.get("votes", []):
        await session.execute(
            update(votes)
            .where(votes.c.id == vote_id)
            .values(state="cancelled", cancel_reason=IMPORTED_OPEN_REASON)
        )
    for vote_id in withheld.get("member_votes", []):
        await session.execute(
            update(member_votes)
            .where(member_votes.c.id == vote_id)
            .values(outcome="failed", yes=0, no=0)
        )


async def _has_rows(
    session: AsyncSession, guild_id: int, placed: Iterable[tuple[Table, Column[Any] | None]]
) -> bool:
    for table, link in placed:
        if link is None:
            found = await session.scalar(
                select(func.count()).select_from(table).where(table.c.guild_id == guild_id)
            )
            if found:
                return True
    return False


async def _delete_guild(
    session: AsyncSession, guild_id: int, placed: list[tuple[Table, Column[Any] | None]]
) -> None:
    owned: dict[str, list[Any]] = {}
    for table, link in placed:  # collect keys parents first
        key = _primary_key(table)
        query = select(key)
        if link is None:
            query = query.where(table.c.guild_id == guild_id)
        else:
            [foreign] = list(link.foreign_keys)
            query = query.where(link.in_(owned.get(foreign.column.table.name, [])))
        owned[table.name] = list(await session.scalars(query))
    for table, _link in reversed(placed):  # delete children first
        key = _primary_key(table)
        ids = owned[table.name]
        for start in range(0, len(ids), 500):
            await session.execute(delete(table).where(key.in_(ids[start : start + 500])))


async def _advance_sequences(session: AsyncSession, tables: Iterable[Table]) -> None:
    """PostgreSQL serial sequences do not see explicit ids: move them past the largest one."""
    if session.bind is None or session.bind.dialect.name != "postgresql":
        return
    for table in tables:
        key = _primary_key(table)
        if key.autoincrement is True or (
            key.autoincrement == "auto"
            and key.type.python_type is int
            and len(table.primary_key.columns) == 1
        ):
            sequence = await session.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key.name}
            )
            if sequence:
                await session.execute(
                    text(
                        f"SELECT setval('{sequence}', COALESCE((SELECT MAX({key.name}) FROM "
                        f"{table.name}), 0) + 1, false)"
                    )
                )
