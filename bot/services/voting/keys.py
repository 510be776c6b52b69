"""Where ballot keys live: the master key (an environment variable, or a 0600 key file in the
bot's data directory) and one key file per secret vote beside it (docs/secret-ballots.md,
"Key lifecycle"). None of them is ever stored in the database.

A per-vote key file holds the vote's opening key and its link secret, sealed with the master
key. It is written when the vote is created and overwritten and unlinked once the vote is
closed or cancelled. The master key is created only when no vote depends on one: a missing
master key with vote key files present is an error, never a silent new key.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from bot.db.engine import scrub_storage
from bot.domain.voting.errors import MissingMasterKeyError, VoteKeyLostError
from bot.domain.voting.keyfile import (
    VOTE_KEY_DIRECTORY,
    VOTE_KEY_SUFFIX,
    destroy_key_file,
    load_or_create_master_key,
    master_key_from_text,
    write_key_file,
)
from bot.domain.voting.vote_keys import VoteSecrets, open_vote_secrets, seal_vote_secrets
from bot.services.core import Core

MASTER_KEY_ENV = "CAUCUS_BALLOT_MASTER_KEY"
MASTER_KEY_FILE = "ballot-master.key"

Scope = Literal["vote", "faction"]


class BallotKeyring:
    """The master key and the per-vote key files of one bot (one data directory)."""

    def __init__(self, core: Core, environ: Mapping[str, str] | None = None) -> None:
        self.core = core
        self._environ = os.environ if environ is None else environ
        self._cache: dict[tuple[Scope, int, int], VoteSecrets] = {}

    @property
    def key_file(self) -> Path:
        return self.core.settings.bot.data_dir / MASTER_KEY_FILE

    @property
    def key_directory(self) -> Path:
        return self.core.settings.bot.data_dir / VOTE_KEY_DIRECTORY

    def has_master_key(self) -> bool:
        return bool(self._environ.get(MASTER_KEY_ENV)) or self.key_file.exists()

    def vote_key_files(self) -> list[Path]:
        if not self.key_directory.is_dir():
            return []
        return sorted(self.key_directory.glob(f"*{VOTE_KEY_SUFFIX}"))

    def master_key(self, *, create: bool = False) -> bytes:
        """The master key. With `create`, a new key file is made when there is none and no
        vote key file exists (nothing depends on a key yet); otherwise a missing key is an
        error that says what to restore."""
        text = self._environ.get(MASTER_KEY_ENV)
        if text:
            return master_key_from_text(text)
        if self.key_file.exists() or (create and not self.vote_key_files()):
            return load_or_create_master_key(self.key_file)
        raise MissingMasterKeyError(
            f"The ballot master key is missing: neither ${MASTER_KEY_ENV} nor the key file "
            f"{self.key_file} exists, but secret votes depend on it. Restore the key file "
            f"(or the variable) from your backup; Caucus will not make a new one."
        )

    def path(self, scope: Scope, guild_id: int, vote_id: int) -> Path:
        return self.key_directory / f"{scope}-{guild_id}-{vote_id}{VOTE_KEY_SUFFIX}"

    def create(self, scope: Scope, guild_id: int, vote_id: int) -> VoteSecrets:
        """New secrets for a vote, written to its key file before the vote is committed
        (a file left by a vote that never committed is swept at start-up)."""
        vote_secrets = VoteSecrets.generate()
        self.store(scope, guild_id, vote_id, vote_secrets)
        return vote_secrets

    def store(self, scope: Scope, guild_id: int, vote_id: int, vote_secrets: VoteSecrets) -> None:
        master = self.master_key(create=True)
        path = self.path(scope, guild_id, vote_id)
        destroy_key_file(path)  # a stale file of a vote this database no longer has
        write_key_file(path, seal_vote_secrets(master, vote_secrets))
        self._cache[(scope, guild_id, vote_id)] = vote_secrets

    def secrets(self, scope: Scope, guild_id: int, vote_id: int, public_key: bytes) -> VoteSecrets:
        """The vote's secrets (read once, then kept in memory until destroyed). Raises
        VoteKeyLostError when the file is missing or belongs to another vote."""
        found = self._cache.get((scope, guild_id, vote_id))
        if found is None:
            path = self.path(scope, guild_id, vote_id)
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise VoteKeyLostError(
                    f"The key file of {scope} {vote_id} ({path}) is missing."
                ) from None
            found = open_vote_secrets(self.master_key(), data)
        if found.public_key != public_key:
            raise VoteKeyLostError(
                f"The key file of {scope} {vote_id} belongs to another vote (a different "
                "database?)."
            )
        self._cache[(scope, guild_id, vote_id)] = found
        return found

    def destroy(self, scope: Scope, guild_id: int, vote_id: int) -> bool:
        """Forget the vote's secrets: drop them from memory, overwrite and unlink the file."""
        self._cache.pop((scope, guild_id, vote_id), None)
        return destroy_key_file(self.path(scope, guild_id, vote_id))

    async def forget(self, scope: Scope, guild_id: int, vote_id: int) -> None:
        """Once the vote's result (or cancellation) is committed: destroy its key file (off
        the event loop: it fsyncs), then scrub the database files (docs/secret-ballots.md)."""
        self._cache.pop((scope, guild_id, vote_id), None)
        await asyncio.to_thread(destroy_key_file, self.path(scope, guild_id, vote_id))
        await scrub_storage(self.core.sessions.kw["bind"])


def parse_key_file_name(path: Path) -> tuple[Scope, int, int] | None:
    """(scope, guild id, vote id) from a key file's name, or None if it is not one."""
    if path.suffix != VOTE_KEY_SUFFIX:
        return None
    parts = path.stem.split("-")
    if len(parts) != 3 or parts[0] not in ("vote", "faction"):
        return None
    try:
        scope: Scope = "vote" if parts[0] == "vote" else "faction"
        return scope, int(parts[1]), int(parts[2])
    except ValueError:
        return None
