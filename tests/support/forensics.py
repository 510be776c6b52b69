"""Reading a database the way a forensic reader would, and trying to link voters to choices.

SQLite: `committed_states` rebuilds every committed state of the database from the main
file and its write-ahead log (a 32-byte WAL header, then frames of a 24-byte header and one
page; a frame whose "database size" field is non-zero ends a transaction), so rows that were
later updated or deleted are read back. PostgreSQL: `postgres_tuples` reads every tuple
version still in the heap pages (dead ones too) with the pageinspect extension.

`Evidence` gathers what such a reader finds: roll entries, sealed ballots, pointers, wrapped
keys and the transaction each was written in. `link_voters` then tries every route from a
member to a choice with the keys given (the master key, whatever key files exist):

* pointer: a roll pointer opened with a vote's link secret names the voter's ballot row;
* transaction: a roll flip and a ballot row written by the same transaction (SQLite commit,
  PostgreSQL xmin) pair the voter with that ballot;
* counter: a member-vote transaction that flips one voter and moves a yes/no counter by one.

Routes through a sealed ballot count only if the ballot opens with a key the reader holds.
"""

from __future__ import annotations

import sqlite3
import struct
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError

from bot.domain.voting.ballots import MotionBallot, ballot_from_json
from bot.domain.voting.envelope import (
    BallotEnvelope,
    open_layered_ballots,
    open_link_pointer,
    strip_outer_layers,
)
from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.secrecy import BallotOpener
from bot.domain.voting.vote_keys import VoteSecrets, open_vote_secrets

WAL_HEADER = 32
FRAME_HEADER = 24


# -- SQLite ----------------------------------------------------------------------------------


def _page_size(header: bytes) -> int:
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def wal_frames(wal: bytes) -> tuple[int, list[tuple[int, int, bytes]]]:
    """(page size, [(page number, database size or 0, page)]) of every frame whose salts
    match the header (frames of older WAL generations are skipped)."""
    if len(wal) < WAL_HEADER:
        return 0, []
    page_size = struct.unpack(">I", wal[8:12])[0]
    salts = wal[16:24]
    frames = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(wal):
        header = wal[offset : offset + FRAME_HEADER]
        if header[8:16] != salts:
            break
        number, db_size = struct.unpack(">II", header[:8])
        page = wal[offset + FRAME_HEADER : offset + FRAME_HEADER + page_size]
        frames.append((number, db_size, page))
        offset += FRAME_HEADER + page_size
    return page_size, frames


def committed_states(database: bytes, wal: bytes) -> list[bytes]:
    """Every committed database image: the main file, then the state after each WAL commit."""
    page_size = _page_size(database) if database else wal_frames(wal)[0]
    pages = {
        number + 1: database[number * page_size : (number + 1) * page_size]
        for number in range(len(database) // page_size)
    }
    states = [database] if database else []
    _, frames = wal_frames(wal)
    for number, db_size, page in frames:
        pages[number] = page
        if db_size:
            states.append(b"".join(pages.get(n, bytes(page_size)) for n in range(1, db_size + 1)))
    return states


def all_page_versions(database: bytes, wal: bytes) -> list[bytes]:
    """Every page image in the files, free pages and uncommitted frames included."""
    if not database and not wal:
        return []
    page_size = _page_size(database) if database else wal_frames(wal)[0]
    versions = [database[i : i + page_size] for i in range(0, len(database), page_size)]
    versions.extend(page for _, _, page in wal_frames(wal)[1])
    return versions


def query_state(image: bytes, sql: str) -> list[tuple[Any, ...]]:
    """Run `sql` on one rebuilt state (an empty list if the table did not exist yet)."""
    patched = bytearray(image)
    patched[18:20] = b"\x01\x01"  # read it as a rollback-journal database, in memory
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bytes(patched))
        return list(connection.execute(sql))
    except sqlite3.Error:
        return []
    finally:
        connection.close()


def sqlite_files(path: Path) -> tuple[bytes, bytes]:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


# -- what a reader finds ---------------------------------------------------------------------


@dataclass
class Evidence:
    # (transaction, vote, member, has_voted, pointer)
    roll: set[tuple[str, int, int, bool, bytes | None]] = field(default_factory=set)
    # (transaction, vote, row key, sealed)
    ballots: set[tuple[str, int, str, bytes]] = field(default_factory=set)
    # (vote, public key, wrapped private key)
    votes: set[tuple[int, bytes | None, bytes | None]] = field(default_factory=set)
    # member votes: (transaction, vote, member, has_voted), (transaction, vote, row key,
    # sealed), (transaction, vote, yes, no)
    faction_roll: set[tuple[str, int, int, bool]] = field(default_factory=set)
    faction_ballots: set[tuple[str, int, str, bytes]] = field(default_factory=set)
    faction_counts: set[tuple[str, int, int, int]] = field(default_factory=set)

    def material(self) -> int:
        """How much ballot material was found (a reader that finds none proves nothing)."""
        return (
            len(self.ballots)
            + len(self.faction_ballots)
            + sum(1 for *_, pointer in self.roll if pointer)
        )


def sqlite_evidence(database: bytes, wal: bytes) -> Evidence:
    """Rows of every committed state; the 'transaction' of a row version is the first state
    it appears in (so a roll flip and a ballot first seen in the same state were one commit)."""
    found = Evidence()
    seen: dict[tuple[Any, ...], str] = {}

    def first(kind: str, key: tuple[Any, ...], state: int) -> str:
        return seen.setdefault((kind, *key), str(state))

    for number, image in enumerate(committed_states(database, wal)):
        for vote, member, voted, pointer in query_state(
            image, "SELECT vote_id, member_id, has_voted, seal_pointer FROM vote_roll"
        ):
            key = (vote, member, bool(voted), pointer)
            found.roll.add((first("roll", key, number), vote, member, bool(voted), pointer))
        for vote, row_key, sealed in query_state(
            image, "SELECT vote_id, row_key, sealed FROM vote_ballots"
        ):
            found.ballots.add((first("ballot", (row_key,), number), vote, row_key, sealed))
        for vote, public, wrapped in query_state(
            image, "SELECT id, public_key, wrapped_private_key FROM votes"
        ):
            found.votes.add((vote, public, wrapped))
        for vote, member, voted in query_state(
            image, "SELECT vote_id, member_id, has_voted FROM faction_vote_roll"
        ):
            key = (vote, member, bool(voted))
            found.faction_roll.add((first("froll", key, number), vote, member, bool(voted)))
        for vote, row_key, sealed in query_state(
            image, "SELECT vote_id, row_key, sealed FROM faction_vote_ballots"
        ):
            found.faction_ballots.add((first("fballot", (row_key,), number), vote, row_key, sealed))
        for vote, yes, no in query_state(image, "SELECT id, yes, no FROM faction_votes"):
            found.faction_counts.add((first("fcount", (vote, yes, no), number), vote, yes, no))
    return found


# -- PostgreSQL ------------------------------------------------------------------------------


def _varlena(raw: bytes | None) -> bytes | None:
    """A bytea attribute's value from its raw varlena bytes (1- or 4-byte header)."""
    if raw is None:
        return None
    if raw[0] & 0x01:  # short header: length in the top 7 bits, header included
        return raw[1 : raw[0] >> 1]
    length = struct.unpack("<I", raw[:4])[0] >> 2
    return raw[4:length]


def _text(raw: bytes | None) -> str | None:
    value = _varlena(raw)
    return None if value is None else value.decode()


def _int(raw: bytes | None) -> int | None:
    if raw is None:
        return None
    return int.from_bytes(raw, "little", signed=True)


POSTGRES_TABLES = (
    "vote_roll",
    "vote_ballots",
    "votes",
    "faction_vote_roll",
    "faction_vote_ballots",
    "faction_votes",
)


async def postgres_tuples(connection: Any, table: str) -> list[tuple[str, list[bytes | None]]]:
    """(xmin, raw attributes) of every tuple version in the table's heap pages, dead ones
    included, read with pageinspect (`connection` is an asyncpg connection)."""
    await connection.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    blocks = await connection.fetchval(
        "SELECT pg_relation_size($1::regclass) / current_setting('block_size')::int", table
    )
    rows = []
    for block in range(int(blocks)):
        found = await connection.fetch(
            "SELECT t_xmin::text AS xmin, tuple_data_split($1::regclass, t_data, t_infomask, "
            "t_infomask2, t_bits) AS attrs FROM heap_page_items(get_raw_page($1, $2)) "
            "WHERE t_data IS NOT NULL",
            table,
            block,
        )
        rows.extend((row["xmin"], list(row["attrs"])) for row in found)
    return rows


async def postgres_evidence(connection: Any) -> Evidence:
    columns: dict[str, list[str]] = {}
    for table in POSTGRES_TABLES:
        names = await connection.fetch(
            "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 "
            "ORDER BY attnum",
            table,
        )
        columns[table] = [row["attname"] for row in names]
    found = Evidence()

    async def rows(table: str) -> Iterable[tuple[str, dict[str, bytes | None]]]:
        return [
            (xmin, dict(zip(columns[table], attrs, strict=False)))
            for xmin, attrs in await postgres_tuples(connection, table)
        ]

    for xmin, a in await rows("vote_roll"):
        found.roll.add(
            (
                xmin,
                _int(a["vote_id"]) or 0,
                _int(a["member_id"]) or 0,
                a["has_voted"] == b"\x01",
                _varlena(a["seal_pointer"]),
            )
        )
    for xmin, a in await rows("vote_ballots"):
        found.ballots.add(
            (xmin, _int(a["vote_id"]) or 0, _text(a["row_key"]) or "", _varlena(a["sealed"]) or b"")
        )
    for _xmin, a in await rows("votes"):
        found.votes.add(
            (_int(a["id"]) or 0, _varlena(a["public_key"]), _varlena(a["wrapped_private_key"]))
        )
    for xmin, a in await rows("faction_vote_roll"):
        found.faction_roll.add(
            (xmin, _int(a["vote_id"]) or 0, _int(a["member_id"]) or 0, a["has_voted"] == b"\x01")
        )
    for xmin, a in await rows("faction_vote_ballots"):
        found.faction_ballots.add(
            (xmin, _int(a["vote_id"]) or 0, _text(a["row_key"]) or "", _varlena(a["sealed"]) or b"")
        )
    for xmin, a in await rows("faction_votes"):
        found.faction_counts.add(
            (xmin, _int(a["id"]) or 0, _int(a["yes"]) or 0, _int(a["no"]) or 0)
        )
    return found


# -- the attack ------------------------------------------------------------------------------


def keys_on_disk(master_keys: Iterable[bytes], key_files: Iterable[bytes]) -> list[VoteSecrets]:
    """Every vote key a reader can open from the key files they found."""
    opened = []
    for data in key_files:
        for master in master_keys:
            try:
                opened.append(open_vote_secrets(master, data))
            except SecrecyError:
                continue
    return opened


def _choice(envelope: BallotEnvelope) -> str:
    ballot = envelope.ballot
    if isinstance(ballot, MotionBallot):
        return ballot.choice.value
    return str(ballot.to_json())


def _open_one(secrets: list[VoteSecrets], wrapped: list[BallotOpener], sealed: bytes) -> str | None:
    for vote_secrets in secrets:
        try:
            [envelope] = open_layered_ballots(vote_secrets, [("x", sealed)])
            return _choice(envelope)
        except (SecrecyError, CryptoError, ValueError):
            continue
    for opener in wrapped:
        try:
            return _choice(BallotEnvelope.decode(opener.open_ballot(sealed)))
        except (SecrecyError, CryptoError, ValueError):
            continue
    return None


def link_voters(
    found: Evidence, master_keys: Iterable[bytes], key_files: Iterable[bytes]
) -> dict[tuple[str, int, int], set[str]]:
    """{(scope, vote, member): choices linked to that member} over every route above."""
    masters = list(master_keys)
    secrets = keys_on_disk(masters, key_files)
    wrapped = []
    for _vote, _public, wrapped_key in found.votes:
        for master in masters:
            if wrapped_key:
                try:
                    wrapped.append(BallotOpener.from_wrapped(wrapped_key, master))
                except SecrecyError:
                    continue
    links: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    by_key = {row_key: sealed for _, _, row_key, sealed in found.ballots}
    # pointer route
    for _tx, vote, member, _voted, pointer in found.roll:
        if not pointer:
            continue
        for vote_secrets in secrets:
            try:
                row_key = open_link_pointer(vote_secrets, pointer)
            except SecrecyError:
                continue
            if row_key in by_key and (choice := _open_one(secrets, wrapped, by_key[row_key])):
                links[("vote", vote, member)].add(choice)
    # transaction route (secret votes and member votes)
    flips: dict[tuple[str, str], list[int]] = defaultdict(list)
    for tx, _vote, member, voted, _pointer in found.roll:
        if voted:
            flips[("vote", tx)].append(member)
    for tx, _vote, member, voted in found.faction_roll:
        if voted:
            flips[("faction", tx)].append(member)
    for scope, ballots in (("vote", found.ballots), ("faction", found.faction_ballots)):
        for tx, vote, _row_key, sealed in ballots:
            choice = _open_one(secrets, wrapped, sealed)
            for member in flips.get((scope, tx), []) if choice else []:
                links[(scope, vote, member)].add(choice or "")
    # counter route (member votes): one flip and a counter moved by one in the same commit
    counts = sorted(found.faction_counts)
    previous: dict[int, tuple[int, int]] = {}
    for tx, vote, yes, no in sorted(counts, key=lambda c: (c[1], c[2] + c[3])):
        before = previous.get(vote, (0, 0))
        members = flips.get(("faction", tx), [])
        if yes + no == sum(before) + 1 and len(members) == 1:
            links[("faction", vote, members[0])].add("yes" if yes > before[0] else "no")
        previous[vote] = (yes, no)
    return dict(links)


def strip_ok(vote_secrets: VoteSecrets, rows: list[tuple[str, bytes]]) -> int:
    """How many stored ballots a key strips (a sanity check for the control)."""
    return len(strip_outer_layers(vote_secrets, rows))


__all__ = [
    "Evidence",
    "all_page_versions",
    "ballot_from_json",
    "committed_states",
    "link_voters",
    "postgres_evidence",
    "sqlite_evidence",
    "sqlite_files",
]
